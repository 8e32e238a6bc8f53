"""Writes about deals: propose (the core engine, as the command line uses it), accept, withdraw."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from evenly.cards.selectors import ratings_progress_all
from evenly.core.deal import propose_deal
from evenly.core.household_file import HouseholdFileError, household_from_data
from evenly.core.model import Household as CoreHousehold
from evenly.core.reasons import neutral_reason
from evenly.deals.models import Acceptance, Deal, DealCard
from evenly.households.history import Kind, history_record
from evenly.households.models import Household, Member


def household_data(
    *, household: Household, pins: Mapping[int, str] | None = None
) -> dict[str, Any]:
    """The household as a household file would describe it (see the README's contract).

    Paused cards are left out. ``pins`` (card id → member name) locks cards to members for this
    one proposal only, as when a handover ends and the card goes back to its owner.
    """
    pins = pins or {}
    members = list(household.members.current())
    names = {m.pk: m.display_name for m in members}
    active = household.deals.filter(status=Deal.Status.ACTIVE).first()
    current: dict[int, str] = {}
    if active is not None:
        for dc in active.cards.all():
            if dc.card_id is not None and dc.owner_id in names:
                current[dc.card_id] = names[dc.owner_id]
    member_rows: list[dict[str, Any]] = []
    for m in members:
        row: dict[str, Any] = {"name": m.display_name, "paid_hours": float(m.paid_hours)}
        if m.personal_time_goal_minutes:
            row["personal_hours"] = m.personal_time_goal_minutes / 60
        if m.capacity != 1:
            row["capacity"] = float(m.capacity)
        if household.fairness == "custom":
            row["share"] = float(m.share) if m.share is not None else 0.0
        member_rows.append(row)
    cards: list[dict[str, Any]] = []
    for card in (
        household.cards.filter(paused=False).prefetch_related("rotation", "ratings").order_by("id")
    ):
        row = {
            "name": card.name,
            "category": card.category,
            "cadence": card.cadence,
            "minutes": float(card.minutes),
            "mental_minutes": float(card.mental_minutes),
            "standard": card.standard,
            "ratings": {
                names[r.member_id]: (
                    {"preference": r.preference}
                    | ({"minutes": float(r.minutes)} if r.minutes is not None else {})
                )
                for r in card.ratings.all()
                if r.member_id in names
            },
        }
        if card.pk in pins and pins[card.pk] in names.values():
            row["owner"] = pins[card.pk]
        elif card.locked_to_id in names:
            row["owner"] = names[card.locked_to_id]
        rotation = [names[m.pk] for m in card.rotation.all() if m.pk in names]
        if len(rotation) >= 2:
            row["rotate"] = rotation
        elif card.pk in current:  # a rotation has no single current owner
            row["current"] = current[card.pk]
        cards.append(row)
    return {
        "name": household.name,
        "fairness": household.fairness,
        "tolerance_minutes": household.tolerance_minutes,
        "count_personal_time": household.count_personal_time,
        "members": member_rows,
        "responsibilities": cards,
    }


def core_household(*, household: Household, pins: Mapping[int, str] | None = None) -> CoreHousehold:
    """The household as the engine sees it; a ValidationError lists everything that stops it."""
    try:
        return household_from_data(
            household_data(household=household, pins=pins), source=household.name
        )
    except HouseholdFileError as error:
        raise ValidationError([p.describe("").lstrip(", ") for p in error.problems]) from None


@transaction.atomic
def deal_propose(
    *, household: Household, member: Member, pins: Mapping[int, str] | None = None
) -> Deal:
    """Ask the engine for a deal and keep it as the next version, waiting for everyone's yes.

    Any proposal still waiting is withdrawn: only the newest proposal can be accepted.
    ``pins`` (card id → member name) hold cards for this proposal only (see household_data).
    """
    # Serialise proposals per household so two at once cannot take the same version number.
    Household.objects.select_for_update().get(pk=household.pk)
    if household.members.current().count() < 2:
        raise ValidationError("Invite your partner first: a deal shares cards between members.")
    if not household.cards.filter(paused=False).exists():
        raise ValidationError("Add some cards first: there is nothing to deal yet.")
    # The deal's reasons speak of preferences, so it waits until ratings may be seen by all.
    progress = ratings_progress_all(household=household)
    waiting = [
        f"{m.display_name} ({p.rated} of {p.total})" for m, p in progress.items() if not p.done
    ]
    if waiting:
        raise ValidationError(
            "Everyone rates every card first, so that no rating is seen early. Still rating: "
            + ", ".join(waiting)
            + "."
        )
    core = core_household(household=household, pins=pins)
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
    if deal.status != Deal.Status.PROPOSED:
        raise ValidationError(f"Deal v{deal.version} is {deal.get_status_display().lower()}.")
    _, new = Acceptance.objects.get_or_create(deal=deal, member=member)
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
    return waiting.update(status=Deal.Status.WITHDRAWN)


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
            dc.reason = neutral_reason(owner)
            dc.save(update_fields=["reason"])
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
