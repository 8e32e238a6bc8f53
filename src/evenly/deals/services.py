"""Writes about deals: propose (the core engine, as the command line uses it), accept, withdraw."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from evenly.cards.selectors import ratings_progress_all
from evenly.cards.to_core import core_household
from evenly.core.deal import propose_deal
from evenly.core.reasons import neutral_reason
from evenly.core.words import Words
from evenly.deals.models import Acceptance, Deal, DealCard
from evenly.deals.selectors import current_owners
from evenly.deals.signals import deal_status_changed
from evenly.households.history import Kind, history_record
from evenly.households.models import Household, Member


@transaction.atomic
def deal_propose(
    *, household: Household, member: Member, pins: Mapping[int, str] | None = None
) -> Deal:
    """Ask the engine for a deal and keep it as the next version, waiting for everyone's yes.

    Any proposal still waiting is withdrawn: only the newest proposal can be accepted.
    ``pins`` (card id → member name) hold cards for this proposal only (see
    ``cards.to_core.household_data``).
    """
    # Serialise proposals per household so two at once cannot take the same version number.
    Household.objects.select_for_update().get(pk=household.pk)
    if household.members.current().count() < 2:
        raise ValidationError(_("Invite your partner first: a deal shares cards between members."))
    if not household.cards.filter(paused=False).exists():
        raise ValidationError(_("Add some cards first: there is nothing to deal yet."))
    # The deal's reasons speak of preferences, so it waits until ratings may be seen by all.
    progress = ratings_progress_all(household=household)
    waiting = [
        _("%(name)s (%(rated)s of %(total)s)")
        % {"name": m.display_name, "rated": p.rated, "total": p.total}
        for m, p in progress.items()
        if not p.done
    ]
    if waiting:
        raise ValidationError(
            _(
                "Everyone rates every card first, so that no rating is seen early. "
                "Still rating: %(names)s."
            )
            % {"names": ", ".join(waiting)}
        )
    core = core_household(
        household=household, pins=pins, current=current_owners(household=household)
    )
    proposal = propose_deal(core)
    version = (household.deals.aggregate(v=Max("version"))["v"] or 0) + 1
    deal_withdraw_open(household=household, actor=member, why=f"version {version} replaces it")
    deal = Deal.objects.create(
        household=household,
        version=version,
        proposed_by=member,
        fairness=household.fairness,
        certificate=proposal.to_json(),
    )
    by_name = {m.display_name: m for m in household.members.current()}
    cards = {c.name: c for c in household.cards.filter(paused=False)}
    # A pin holds a card for this proposal only: the deal does not show it as locked.
    pinned = set(pins or {})
    locked = {
        r.name
        for r in core.responsibilities
        if r.owner is not None and cards[r.name].pk not in pinned
    }
    DealCard.objects.bulk_create(
        DealCard(
            deal=deal,
            card=cards[name],
            name=name,
            category=cards[name].category,
            cadence=cards[name].cadence,
            owner=None if isinstance(owner, tuple) else by_name[owner],
            rotation=[by_name[n].pk for n in owner] if isinstance(owner, tuple) else [],
            reason=proposal.reasons[name],
            reason_words=words_json(proposal.reasons[name]),
            locked=name in locked,
        )
        for name, owner in proposal.owners.items()
    )
    history_record(
        household=household, actor=member, kind=Kind.DEAL_PROPOSED, subject=f"version {version}"
    )
    return deal


@transaction.atomic
def deal_accept(*, deal: Deal, member: Member) -> Deal:
    """The member says yes. When every current member has, the deal becomes the active one."""
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    # Saying yes again to a deal one's own yes put in force changes nothing: a client that
    # retries, or a second tap, is answered as the first was (while proposed, get_or_create
    # below keeps it one acceptance).
    if deal.status == Deal.Status.ACTIVE and deal.acceptances.filter(member=member).exists():
        return deal
    if deal.status != Deal.Status.PROPOSED:
        raise ValidationError(
            _("Deal v%(version)s is %(status)s.")
            % {"version": deal.version, "status": deal.get_status_display().lower()}
        )
    _acceptance, new = Acceptance.objects.get_or_create(deal=deal, member=member)
    subject = f"version {deal.version}"
    if new:
        history_record(
            household=deal.household, actor=member, kind=Kind.DEAL_ACCEPTED, subject=subject
        )
    members = set(deal.household.members.current().values_list("pk", flat=True))
    accepted = set(deal.acceptances.values_list("member_id", flat=True))
    if members <= accepted:
        deal.household.deals.filter(status=Deal.Status.ACTIVE).update(status=Deal.Status.SUPERSEDED)
        deal.status = Deal.Status.ACTIVE
        deal.activated_at = timezone.now()
        deal.save(update_fields=["status", "activated_at"])
        history_record(
            household=deal.household, actor=member, kind=Kind.DEAL_ACTIVE, subject=subject
        )
        deal_status_changed.send(sender=Deal, household=deal.household)
    return deal


def deal_withdraw_open(*, household: Household, actor: Member | None = None, why: str = "") -> int:
    """Withdraw any proposal still waiting for acceptance; returns how many.

    ``why`` is household text for the history ("version 4 replaces it"), never a private one.
    """
    waiting = household.deals.filter(status=Deal.Status.PROPOSED)
    versions = list(waiting.values_list("version", flat=True))
    for version in versions:
        history_record(
            household=household,
            actor=actor,
            kind=Kind.DEAL_WITHDRAWN,
            subject=f"version {version}",
            detail={"why": why} if why else None,
        )
    count = waiting.update(status=Deal.Status.WITHDRAWN)
    if count:
        deal_status_changed.send(sender=Deal, household=household)
    return count


def words_json(text: str) -> dict[str, object] | None:
    """What a stored sentence keeps beside its English: its Words' JSON, or None for plain text
    (a reason rewritten by code that does not write Words yet)."""
    return text.to_json() if isinstance(text, Words) else None


@transaction.atomic
def deal_reasons_forget(*, member: Member) -> int:
    """A member deleted their account: every reason in the household's deals that speaks of
    them (their cards, or a comparison naming them) becomes neutral, in the deal cards and in
    the stored certificate alike. Returns how many reasons were rewritten."""
    name = member.display_name
    rewritten = 0
    for deal in Deal.objects.select_for_update().for_household(member.household_id):
        reasons = dict(deal.certificate.get("reasons") or {})
        changed = False
        for dc in deal.cards.select_related("owner"):
            if dc.owner_id != member.pk and member.pk not in dc.rotation and name not in dc.reason:
                continue
            owner = dc.owner.display_name if dc.owner is not None else None
            reason = neutral_reason(owner)
            dc.reason, dc.reason_words = reason, reason.to_json()
            dc.save(update_fields=["reason", "reason_words"])
            reasons[dc.name] = dc.reason
            changed = True
            rewritten += 1
        for card_name, text in list(reasons.items()):
            if name in str(text):
                reasons[card_name] = neutral_reason(None)
                changed = True
        if changed:
            deal.certificate = {**deal.certificate, "reasons": reasons}
            deal.save(update_fields=["certificate"])
    return rewritten


def deals_member_left(member: Member) -> None:
    """A member left (registered with ``evenly.households.hooks``): a proposal still waiting for
    acceptance dealt cards to someone who is gone, so it is withdrawn."""
    deal_withdraw_open(household=member.household, actor=member, why=f"{member.display_name} left")
