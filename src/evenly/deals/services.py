"""Writes about deals: propose (the core engine, as the command line uses it), accept, withdraw."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evenly.accounts.services import language_of
from evenly.cards.selectors import ratings_progress_all
from evenly.cards.to_core import core_household
from evenly.core.deal import Deal as CoreDeal
from evenly.core.deal import certificate_renamed, propose_deal
from evenly.core.model import Household as CoreHousehold
from evenly.core.reasons import neutral_reason, reason_renamed
from evenly.core.solve_place import Step, solve_is_quick
from evenly.core.words import Words
from evenly.deals.models import (
    SOLVE_UNDER_WAY,
    Acceptance,
    Deal,
    DealCard,
    DealSolve,
    solve_stalled,
)
from evenly.deals.selectors import current_owners
from evenly.deals.signals import deal_solve_done, deal_status_changed
from evenly.households.history import Kind, history_record
from evenly.households.models import Household, Member
from evenly.households.services import household_changed

logger = logging.getLogger(__name__)


@transaction.atomic
def deal_propose(
    *, household: Household, member: Member, pins: Mapping[int, str] | None = None
) -> Deal:
    """Ask the engine for a deal and keep it as the next version, waiting for everyone's yes.

    Any proposal still waiting is withdrawn: only the newest proposal can be accepted.
    ``pins`` (card id → member name) hold cards for this proposal only (see
    ``cards.to_core.household_data``). The deal is worked out here, inside the caller's
    transaction; ``deal_propose_start`` sends a slow one to the worker instead.
    """
    # Serialise proposals per household so two at once cannot take the same version number.
    Household.objects.select_for_update().get(pk=household.pk)
    core = deal_input(household=household, pins=pins)
    return deal_keep(
        household=household, member=member, pins=pins, core=core, proposal=propose_deal(core)
    )


def deal_ready(*, household: Household) -> None:
    """Refuse, with a message for the household, a household that cannot be dealt yet."""
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


def deal_input(*, household: Household, pins: Mapping[int, str] | None = None) -> CoreHousehold:
    """What the engine deals: the household as core sees it, after ``deal_ready``'s checks."""
    deal_ready(household=household)
    return core_household(
        household=household, pins=pins, current=current_owners(household=household)
    )


def deal_keep(
    *,
    household: Household,
    member: Member | None,
    pins: Mapping[int, str] | None,
    core: CoreHousehold,
    proposal: CoreDeal,
) -> Deal:
    """Keep the engine's proposal as the next version. The caller holds the household's row
    lock (``select_for_update``) in a transaction."""
    by_name = {m.display_name: m for m in household.members.current()}
    cards = {c.name: c for c in household.cards.filter(paused=False)}
    # Worked out by the worker, the proposal may be older than the household: a member who
    # left or a card removed meanwhile cannot be dealt.
    owners = {n for o in proposal.owners.values() for n in (o if isinstance(o, tuple) else (o,))}
    if not owners <= by_name.keys() or not proposal.owners.keys() <= cards.keys():
        raise ValidationError(
            _(
                "The household changed while the deal was worked out (a member or a card came "
                "or went). Ask for a new deal."
            )
        )
    version = (household.deals.aggregate(v=Max("version"))["v"] or 0) + 1
    deal_withdraw_open(household=household, actor=member, why=f"version {version} replaces it")
    deal = Deal.objects.create(
        household=household,
        version=version,
        proposed_by=member,
        fairness=household.fairness,
        certificate=proposal.to_json(),
    )
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


def deals_member_renamed(member: Member, was: str) -> None:
    """A member changed their name from ``was`` (registered with ``evenly.households.hooks``,
    run in the rename's transaction). Every deal of the household keeps its figures under the
    members' names (the engine's certificate), its reasons say them, and a deal waiting for the
    worker names them in its pins: all follow the new name, so the deal page, the balance, the
    lens and the API find the member's cards and minutes under it, and no reason speaks of them
    by a name someone else may take. Names are unique in a household, members who left
    included, so the new name is nobody else's."""
    names = {was: member.display_name}
    reasons = _reasons_renamed(household_id=member.household_id, names=names)
    renamed = []
    for deal in Deal.objects.for_household(member.household_id):
        certificate = certificate_renamed(deal.certificate, names)
        if isinstance(said := certificate.get("reasons"), dict) and deal.pk in reasons:
            certificate["reasons"] = {
                card: reasons[deal.pk].get(card, text) for card, text in said.items()
            }
        if certificate != deal.certificate:
            deal.certificate = certificate
            renamed.append(deal)
    Deal.objects.bulk_update(renamed, ["certificate"])
    for solve in DealSolve.objects.for_household(member.household_id).filter(
        state=DealSolve.State.QUEUED
    ):
        pins = {card: names.get(name, name) for card, name in solve.pins.items()}
        if pins != solve.pins:
            DealSolve.objects.filter(pk=solve.pk, state=DealSolve.State.QUEUED).update(pins=pins)


def _reasons_renamed(*, household_id: int, names: Mapping[str, str]) -> dict[int, dict[str, str]]:
    """The deal cards' reasons kept as words, said with ``names``' new names; the new English
    of each by deal and card name, for the certificates. A reason kept only as English (deals
    made before reasons were kept as words) cannot be told apart from its names and stays."""
    said: dict[int, dict[str, str]] = {}
    changed = []
    rows = DealCard.objects.for_household(household_id).filter(reason_words__isnull=False)
    for dc in rows.only("pk", "deal_id", "name", "reason", "reason_words"):
        if renamed := reason_renamed(dc.reason_words, names):
            dc.reason_words, dc.reason = renamed
            changed.append(dc)
            said.setdefault(dc.deal_id, {})[dc.name] = dc.reason
    DealCard.objects.bulk_update(changed, ["reason", "reason_words"], batch_size=500)
    return said


# --- Deals worked out by the worker -------------------------------------------------------


def deal_is_quick(*, household: Household) -> bool:
    """Whether a proposal for this household is dealt inside the request (the core rule, fed
    with the household's shape: three counts)."""
    cards = household.cards.filter(paused=False)
    owned = len(set(current_owners(household=household)) & set(cards.values_list("pk", flat=True)))
    return solve_is_quick(
        members=household.members.current().count(), cards=cards.count(), owned=owned
    )


def deal_propose_start(
    *, household: Household, member: Member, pins: Mapping[int, str] | None = None
) -> Deal | DealSolve:
    """Propose a deal: at once when the rule calls it quick (the Deal), else by the worker
    (the DealSolve to follow; the Deal appears when it is done)."""
    if deal_is_quick(household=household):
        return deal_propose(household=household, member=member, pins=pins)
    return deal_solve_start(household=household, member=member, pins=pins)


@transaction.atomic
def deal_solve_start(
    *, household: Household, member: Member, pins: Mapping[int, str] | None = None
) -> DealSolve:
    """Queue a deal for the worker. Refused while another is under way in the household (one
    at a time), unless that one has stalled: it is then marked as stopped and replaced."""
    Household.objects.select_for_update().get(pk=household.pk)
    # A household that cannot be dealt hears why now, not from the worker.
    deal_ready(household=household)
    now = timezone.now()
    for under_way in DealSolve.objects.for_household(household).filter(state__in=SOLVE_UNDER_WAY):
        if not solve_stalled(under_way, now=now):
            raise ValidationError(solve_busy_text())
        DealSolve.objects.filter(pk=under_way.pk, state=under_way.state).update(
            state=DealSolve.State.FAILED, finished_at=now, error=solve_stopped_text()
        )
    try:
        # The constraint (one under way per household) answers a race the row lock cannot
        # prevent where the database has none (SQLite): the second ask hears the same refusal.
        with transaction.atomic():
            solve = DealSolve.objects.create(
                household=household,
                asked_by=member,
                pins={str(card): name for card, name in (pins or {}).items()},
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        raise ValidationError(solve_busy_text()) from None
    transaction.on_commit(lambda: _enqueue(solve.pk))
    return solve


def _enqueue(solve_id: int) -> None:
    # The task module imports this one: reached when the row is committed, not at import.
    from evenly.deals.tasks import deal_solve

    deal_solve.enqueue(solve_id)


def solve_busy_text() -> str:
    return _("A new deal is already being worked out; it shows on the deal page when it is ready.")


def solve_stopped_text() -> str:
    return _("The worker stopped before the deal was ready. Ask for a new deal.")


def _solve_note(solve_id: int, phase: str) -> None:
    """Record the phase under way: one conditional UPDATE, committed at once (the worker runs
    outside any transaction), so the page sees it and no lock is held while solving."""
    DealSolve.objects.filter(pk=solve_id, state=DealSolve.State.RUNNING).update(
        phase=phase[:120], updated_at=timezone.now()
    )


def _solve_failed(solve_id: int, error: str) -> None:
    now = timezone.now()
    DealSolve.objects.filter(pk=solve_id, state=DealSolve.State.RUNNING).update(
        state=DealSolve.State.FAILED, error=error, finished_at=now, updated_at=now
    )


def deal_solve_run(*, solve_id: int) -> str:
    """The worker's part: take the queued solve (a conditional UPDATE, so two workers never
    both take it), deal with progress recorded phase by phase, and keep the deal exactly as
    ``deal_propose`` does. A failure is recorded as a sentence for the household."""
    now = timezone.now()
    taken = DealSolve.objects.filter(pk=solve_id, state=DealSolve.State.QUEUED).update(
        state=DealSolve.State.RUNNING, started_at=now, updated_at=now
    )
    if not taken:
        return "not queued"
    solve = DealSolve.objects.select_related("household", "asked_by__user").get(pk=solve_id)
    household, member = solve.household, solve.asked_by
    user = member.user if member is not None else None
    with translation.override(language_of(user) if user is not None else None):
        try:
            state = _solve_and_keep(solve, household, member)
        except ValidationError as error:
            _solve_failed(solve_id, " ".join(error.messages))
            state = "failed"
        except Exception as error:  # the household hears a sentence; the log, the error's type
            logger.error(
                "Deal solve %s of household %s failed (%s).",
                solve_id,
                household.pk,
                type(error).__name__,
            )
            _solve_failed(
                solve_id,
                _(
                    "The deal could not be worked out. Ask again; if it fails again, tell "
                    "whoever runs Evenly for you."
                ),
            )
            state = "failed"
    household_changed(household_id=household.pk)
    return state


def _solve_and_keep(solve: DealSolve, household: Household, member: Member | None) -> str:
    pins = {int(card): name for card, name in solve.pins.items()}
    core = deal_input(household=household, pins=pins)
    proposal = propose_deal(core, progress=lambda phase: _solve_note(solve.pk, phase))
    _solve_note(solve.pk, Step.SAVING)
    with transaction.atomic():
        Household.objects.select_for_update().get(pk=household.pk)
        # Marked as stopped meanwhile (it went silent too long): a newer ask took its place.
        if not DealSolve.objects.filter(pk=solve.pk, state=DealSolve.State.RUNNING).exists():
            return "stopped"
        deal = deal_keep(
            household=household, member=member, pins=pins, core=core, proposal=proposal
        )
        now = timezone.now()
        DealSolve.objects.filter(pk=solve.pk).update(
            state=DealSolve.State.DONE, deal=deal, phase="", finished_at=now, updated_at=now
        )
        solve.deal = deal
        solve.state = DealSolve.State.DONE
        deal_solve_done.send(sender=DealSolve, household=household, solve=solve, deal=deal)
    return "done"
