"""Writes of the Grow tab: aspirations and the support promised for them, handovers of a card
for a while, and life events that change the household and re-deal its work.

Every change to who holds a card goes through a proposed deal, which everyone accepts on the
Deal page as usual. A larger household's deal is worked out by the worker (the rule in
``evenly.core.solve_place``): the handover or life event keeps the solve, and takes its deal
when the worker is done (``growth_solve_done``). Things with an end date are brought up to
date by ``growth_catch_up``, which a person asks for from the notice on every household page,
or ``manage.py catch_up``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from evenly.cards.models import Card
from evenly.cards.services import card_save, rating_set
from evenly.cards.to_core import core_household, decimal, fraction
from evenly.core import bounds
from evenly.core.life_events import (
    TEMPLATES,
    EventChange,
    LifeEventError,
    RedealDiff,
    event_apply,
)
from evenly.core.model import Responsibility
from evenly.core.words import Words, and_list, say, say_in
from evenly.deals.models import DEAL_IN_FORCE, Deal, DealSolve
from evenly.deals.selectors import current_owners
from evenly.deals.services import deal_propose_start, deal_withdraw_open
from evenly.growth.models import Aspiration, Handover, LifeEvent, ProgressNote, Support
from evenly.growth.selectors import redeal_in_force, solve_ended_without_deal, solve_under_way
from evenly.households.history import Kind, history_record, member_changes_record
from evenly.households.models import Household, Member
from evenly.pages.words import in_language, problem_sentence

TEXT_LIMIT = 2000


def _deal_or_solve(made: Deal | DealSolve | None) -> tuple[Deal | None, DealSolve | None]:
    """What ``deal_propose_start`` made, as the (deal, solve) pair a handover or event keeps."""
    if isinstance(made, DealSolve):
        return None, made
    return made, None


def _still_solving() -> ValidationError:
    return ValidationError(
        _("Its new deal is still being worked out. Wait until it shows, then try again.")
    )


def _text(
    value: str, field: str, what: str, *, required: bool = True, limit: int = TEXT_LIMIT
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: f"Please write {what}."})
    if len(value) > limit:
        raise ValidationError({field: f"Please keep it under {limit} characters."})
    return value


# --- aspirations ----------------------------------------------------------------------------


def _aspiration_fields(
    *, title: str, kind: str, support_wanted: str, target_on: date | None
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {"target_on": target_on}
    for field, value, what, required, limit in (
        ("title", title, "what you are working toward", True, 120),
        ("support_wanted", support_wanted, "", False, TEXT_LIMIT),
    ):
        try:
            clean[field] = _text(value, field, what, required=required, limit=limit)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if kind not in Aspiration.Kind.values:
        errors["kind"] = "Choose what kind of aspiration it is."
    clean["kind"] = kind
    problem = None if target_on is None else bounds.date_check(target_on)
    if problem:
        errors["target_on"] = problem_sentence(problem)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def aspiration_create(
    *,
    member: Member,
    title: str,
    kind: str,
    support_wanted: str = "",
    target_on: date | None = None,
) -> Aspiration:
    """Record an aspiration, private to ``member`` until they share it."""
    clean = _aspiration_fields(
        title=title, kind=kind, support_wanted=support_wanted, target_on=target_on
    )
    return Aspiration.objects.create(household=member.household, member=member, **clean)


def _own(member: Member, aspiration: Aspiration, action: str) -> None:
    if aspiration.member_id != member.pk:
        raise ValidationError(f"Only {aspiration.member.display_name} can {action} it.")


@transaction.atomic
def aspiration_update(
    *,
    member: Member,
    aspiration: Aspiration,
    title: str,
    kind: str,
    support_wanted: str = "",
    target_on: date | None = None,
) -> Aspiration:
    _own(member, aspiration, "change")
    clean = _aspiration_fields(
        title=title, kind=kind, support_wanted=support_wanted, target_on=target_on
    )
    for field, value in clean.items():
        setattr(aspiration, field, value)
    aspiration.save()
    return aspiration


@transaction.atomic
def aspiration_share(*, member: Member, aspiration: Aspiration, shared: bool = True) -> Aspiration:
    """Share it with the household, or make it private again while nobody has offered support."""
    _own(member, aspiration, "share")
    if not shared and (aspiration.support.exists() or aspiration.handovers.exists()):
        raise ValidationError(_("Someone has offered support for it already; it stays shared."))
    aspiration.shared_at = (aspiration.shared_at or timezone.now()) if shared else None
    aspiration.save(update_fields=["shared_at"])
    return aspiration


@transaction.atomic
def aspiration_reached(
    *, member: Member, aspiration: Aspiration, reached: bool = True
) -> Aspiration:
    _own(member, aspiration, "mark")
    aspiration.reached_at = timezone.now() if reached else None
    aspiration.save(update_fields=["reached_at"])
    return aspiration


@transaction.atomic
def aspiration_delete(*, member: Member, aspiration: Aspiration) -> None:
    _own(member, aspiration, "remove")
    aspiration.delete()


@transaction.atomic
def note_add(*, member: Member, aspiration: Aspiration, text: str) -> ProgressNote:
    """A progress note: by the member, or by a partner once it is shared."""
    if aspiration.member_id != member.pk and not aspiration.is_shared:
        raise ValidationError(_("Only its author can see this aspiration."))
    return ProgressNote.objects.create(
        aspiration=aspiration, author=member, text=_text(text, "text", "your note")
    )


@transaction.atomic
def support_commit(*, member: Member, aspiration: Aspiration, text: str) -> Support:
    """Another member promises support: "I'll take the school run on Tuesdays"."""
    if aspiration.member_id == member.pk:
        raise ValidationError(_("Support is offered by the others in the household."))
    if not aspiration.is_shared:
        raise ValidationError(_("Only its author can see this aspiration."))
    return Support.objects.create(
        aspiration=aspiration, member=member, text=_text(text, "text", "the support you offer")
    )


# --- handing a card over for a while --------------------------------------------------------


def _active_owner(household: Household, card: Card) -> Member | None:
    active = household.deals.filter(status=Deal.Status.ACTIVE).first()
    if active is None:
        return None
    row = active.cards.filter(card=card).select_related("owner").first()
    return row.owner if row else None


@transaction.atomic
def handover_propose(
    *,
    member: Member,
    card: Card,
    to_member: Member,
    until: date,
    aspiration: Aspiration | None = None,
) -> Handover:
    """Hand ``card`` to ``to_member`` until ``until``: the card is locked to them, and a deal
    with the change is proposed for everyone to accept. On its date the card goes back."""
    household = member.household
    errors: dict[str, str] = {}
    if card.household_id != household.pk or card.paused:
        errors["card"] = "Choose one of the household's cards."
    elif card.rotation.exists():
        # The handover would have to remember and give back the turns; say so instead.
        errors["card"] = _(
            "%(card)s is shared in turns: change the turns on the Deal page instead."
        ) % {"card": card.name}
    if to_member.household_id != household.pk or not to_member.is_active:
        errors["to_member"] = "Choose a member of this household."
    problem = bounds.date_check(until)
    if problem:
        errors["until"] = problem_sentence(problem)
    elif until <= household.today():
        errors["until"] = "Choose a day after today: the card comes back then."
    if aspiration is not None and (
        aspiration.household_id != household.pk or not aspiration.is_shared
    ):
        errors["aspiration"] = "Choose a shared aspiration."
    if errors:
        raise ValidationError(errors)
    if household.handovers.filter(
        card=card, status__in=[Handover.Status.PROPOSED, Handover.Status.RUNNING]
    ).exists():
        raise ValidationError(
            {"card": _("%(card)s is already handed over for a while.") % {"card": card.name}}
        )
    from_member = _active_owner(household, card)
    if from_member == to_member:
        raise ValidationError(
            {
                "to_member": _("%(card)s is already %(name)s's.")
                % {"card": card.name, "name": to_member.display_name}
            }
        )
    handover = Handover.objects.create(
        household=household,
        aspiration=aspiration,
        card=card,
        from_member=from_member,
        to_member=to_member,
        previous_lock=card.locked_to,
        until=until,
        created_by=member,
    )
    card.locked_to = to_member
    card.save(update_fields=["locked_to"])
    history_record(
        household=household,
        actor=member,
        kind=Kind.HANDOVER_STARTED,
        subject=card.name,
        detail={"to": to_member.display_name, "until": until.isoformat()},
    )
    # A larger household's deal goes to the worker; the handover waits for it as proposed.
    handover.deal, handover.solve = _deal_or_solve(
        deal_propose_start(household=household, member=member)
    )
    handover.save(update_fields=["deal", "solve"])
    return handover


def _handover_restore(handover: Handover, member: Member | None) -> None:
    """Propose the deal giving the card back to whoever had it (at once, or by the worker)."""
    card = handover.card
    pins = {card.pk: handover.from_member.display_name} if handover.from_member else None
    proposer = member or handover.created_by or handover.to_member
    try:
        made = deal_propose_start(household=handover.household, member=proposer, pins=pins)
    except ValidationError:
        made = None  # the lock is back as it was; the next deal will do
    handover.restore_deal, handover.restore_solve = _deal_or_solve(made)


def _handover_end(handover: Handover, member: Member | None) -> None:
    """The card goes back (``member`` ends it early; None: its date has come)."""
    card = handover.card
    card.locked_to = handover.previous_lock
    card.save(update_fields=["locked_to"])
    history_record(
        household=handover.household, actor=member, kind=Kind.HANDOVER_ENDED, subject=card.name
    )
    handover.status = Handover.Status.ENDED
    _handover_restore(handover, member)
    handover.save(update_fields=["status", "restore_deal", "restore_solve"])


def _handover_cancel(handover: Handover, member: Member | None) -> None:
    """A handover called off before everyone said yes: the card's lock is as it was (``member``
    called it off; None: another proposal replaced its deal)."""
    card = handover.card
    card.locked_to = handover.previous_lock
    card.save(update_fields=["locked_to"])
    handover.status = Handover.Status.CANCELLED
    handover.save(update_fields=["status"])
    history_record(
        household=handover.household,
        actor=member,
        kind=Kind.HANDOVER_ENDED,
        subject=card.name,
        detail={"cancelled": True},
    )


@transaction.atomic
def handover_end_now(*, member: Member, handover: Handover) -> Handover:
    """End a handover early (or cancel one not yet accepted): the card goes back."""
    if handover.status not in (Handover.Status.PROPOSED, Handover.Status.RUNNING):
        raise ValidationError(_("This handover has ended already."))
    # Cancelled while the worker deals, its deal would still come with the card moved.
    if handover.status == Handover.Status.PROPOSED and solve_under_way(handover.solve):
        raise _still_solving()
    if handover.status == Handover.Status.PROPOSED and (
        (handover.deal and handover.deal.status == Deal.Status.PROPOSED)
        or solve_ended_without_deal(handover.solve)
    ):
        _handover_cancel(handover, member)
        # After the handover is cancelled, so that following the withdrawn deal
        # (growth_follow_deals) finds nothing left to call off.
        if handover.deal is not None:
            deal_withdraw_open(household=handover.household, actor=member)
        return handover
    _handover_end(handover, member)
    return handover


@transaction.atomic
def handover_redeal(*, member: Member, handover: Handover) -> Handover:
    """Ask again for the deal the worker could not work out: the handover's own, or the one
    giving its card back."""
    if handover.status == Handover.Status.PROPOSED and solve_ended_without_deal(handover.solve):
        handover.deal, handover.solve = _deal_or_solve(
            deal_propose_start(household=handover.household, member=member)
        )
        handover.save(update_fields=["deal", "solve"])
        return handover
    if handover.status == Handover.Status.ENDED and solve_ended_without_deal(
        handover.restore_solve
    ):
        _handover_restore(handover, member)
        handover.save(update_fields=["restore_deal", "restore_solve"])
        return handover
    raise ValidationError(_("There is no deal to ask for again."))


# --- life events ------------------------------------------------------------------------------


def _member_named(household: Household, name: str | None) -> Member | None:
    if name is None:
        return None
    return household.members.current().filter(display_name=name).first()


@transaction.atomic
def life_event_apply(
    *,
    member: Member,
    key: str,
    concerns: Member | None = None,
    paid_hours: Decimal | None = None,
    capacity: Decimal | None = None,
    until: date | None = None,
) -> LifeEvent:
    """Apply a life-event template: add, pause and change what it says, then propose the
    re-deal that moves the fewest minutes, for everyone to accept on the Deal page."""
    household = member.household
    _life_event_check(
        household=household,
        key=key,
        concerns=concerns,
        paid_hours=paid_hours,
        capacity=capacity,
        until=until,
    )
    before = core_household(household=household, current=current_owners(household=household))
    options: dict[str, Any] = {}
    if concerns is not None:
        options["member"] = concerns.display_name
    if paid_hours is not None:
        options["paid_hours"] = fraction(paid_hours)
    if capacity is not None:
        options["capacity"] = fraction(capacity)
    if until is not None:
        options["until"] = until
    try:
        _after, change = event_apply(before, key, language=get_language(), **options)
    except LifeEventError as error:
        raise ValidationError(str(error)) from None
    # First, so that History reads the life change before what it changed.
    history_record(
        household=household,
        actor=member,
        kind=Kind.LIFE_CHANGE_STARTED,
        subject=change.title,
        detail=_life_event_title(LifeEvent(key=key, title=change.title)),
    )
    members = {m.display_name: m for m in household.members.current()}
    record: dict[str, Any] = {
        "added": [],
        "paused": [],
        "owners_before": {},
        "paid_hours": {},
        "capacity": {},
    }
    active = household.deals.filter(status=Deal.Status.ACTIVE).first()
    if active is not None:
        record["owners_before"] = {
            str(dc.card_id): dc.owner.display_name
            for dc in active.cards.select_related("owner")
            if dc.card_id and dc.owner
        }
    for resp in change.added:
        card = _life_event_card_add(household=household, resp=resp, members=members, actor=member)
        record["added"].append(card.pk)
    for resp in change.paused:
        card = household.cards.get(name=resp.name)
        card.paused = True
        card.save(update_fields=["paused"])
        record["paused"].append(card.pk)
    _life_event_members_change(change=change, members=members, record=record, actor=member)
    made = deal_propose_start(household=household, member=member)
    lines = change.describe()
    record["lines"] = [str(line) for line in lines]
    record["lines_words"] = [line.to_json() for line in lines]
    # What the re-deal is compared with, when the worker brings it later.
    record["before_deal"] = active.pk if active is not None else None
    deal, solve = _deal_or_solve(made)
    event = LifeEvent.objects.create(
        household=household,
        key=key,
        title=change.title,
        member=concerns,
        options={k: str(v) for k, v in options.items()},
        until=until,
        change=record,
        # In force once everyone accepts the re-deal (growth_follow_deals, on the acceptance).
        status=LifeEvent.Status.PROPOSED,
        solve=solve,
        created_by=member,
    )
    if deal is not None:
        _life_event_compare(event, deal=deal, before=active)
    return event


def _life_event_title(event: LifeEvent) -> dict[str, Any]:
    # History says a template's title in its reader's language; a stored title as it is.
    words = event.title_words
    return {"title_words": words.to_json()} if isinstance(words, Words) else {}


def _life_event_compare(event: LifeEvent, *, deal: Deal, before: Deal | None) -> None:
    """Keep the re-deal on the event, with what it changes against the deal in force then."""
    diff = deal_diff(before=before, after=deal)
    record = event.change
    record["moves"] = [
        [card, _holder_text(old), _holder_text(new)] for card, old, new in diff.moves
    ]
    record["moves_words"] = [
        [_holder_json(old), _holder_json(new)] for _card, old, new in diff.moves
    ]
    record["minutes_delta"] = {name: float(m) for name, m in diff.minutes_delta.items()}
    summary = diff.summary()
    event.change = record
    event.summary = summary[:240]
    event.summary_words = summary.to_json()
    event.deal = deal
    event.save(update_fields=["change", "summary", "summary_words", "deal"])


def _bound_error(field: str, problem: str | None) -> None:
    """A bound's problem as a form error on ``field``, said as a sentence."""
    if problem:
        raise ValidationError({field: problem_sentence(problem)})


def _life_event_check(
    *,
    household: Household,
    key: str,
    concerns: Member | None,
    paid_hours: Decimal | None,
    capacity: Decimal | None,
    until: date | None,
) -> None:
    """The form's own checks, before the template checks its options."""
    if key not in TEMPLATES:
        raise ValidationError({"key": _("Choose one of the life changes listed.")})
    _bound_error("until", None if until is None else bounds.date_check(until))
    if until is not None and until <= household.today():
        raise ValidationError({"until": _("Choose a day after today, or leave it empty.")})
    _bound_error("paid_hours", None if paid_hours is None else bounds.PAID_HOURS.check(paid_hours))
    _bound_error("capacity", None if capacity is None else bounds.CAPACITY.check(capacity))
    if concerns is not None and (concerns.household_id != household.pk or not concerns.is_active):
        raise ValidationError({"concerns": _("Choose a member of this household.")})
    # What the template needs, said on the form's own fields (core's message names its options).
    required = TEMPLATES[key].required
    if "member" in required and concerns is None:
        raise ValidationError({"concerns": _("Choose who this change is about.")})
    if "paid_hours" in required and paid_hours is None:
        raise ValidationError({"paid_hours": _("Give the new paid hours a week.")})


def _life_event_card_add(
    *, household: Household, resp: Responsibility, members: dict[str, Member], actor: Member
) -> Card:
    """One card a life event adds, rated by every member as the template says."""
    card = card_save(
        household=household,
        card=None,
        name=resp.name,
        category=resp.category,
        cadence=resp.cadence.text,
        minutes=decimal(resp.minutes),
        mental_minutes=decimal(resp.mental_minutes),
        standard=resp.standard,
        actor=actor,
    )
    if resp.catalog_key:
        card.catalog_key = resp.catalog_key
        card.save(update_fields=["catalog_key"])
    for m in members.values():
        rating = resp.ratings.get(m.display_name)
        rating_set(member=m, card=card, preference=rating.preference.value if rating else "fine")
    return card


def _life_event_members_change(
    *,
    change: EventChange,
    members: dict[str, Member],
    record: dict[str, Any],
    actor: Member,
) -> None:
    """Set the paid hours and capacity a life event changes, noting the old values in
    ``record`` so that ending the event can put them back."""
    for name, (_old, new) in change.paid_hours.items():
        m = members[name]
        record["paid_hours"][str(m.pk)] = [str(m.paid_hours), str(decimal(new))]
        was = {"paid_hours": m.paid_hours}
        m.paid_hours = decimal(new)
        m.save(update_fields=["paid_hours"])
        member_changes_record(member=m, actor=actor, was=was)
    for name, (_old, new) in change.capacity.items():
        m = members[name]
        record["capacity"][str(m.pk)] = [str(m.capacity), str(decimal(new, 3))]
        m.capacity = decimal(new, 3)
        m.save(update_fields=["capacity"])


@transaction.atomic
def life_event_end(*, member: Member | None, event: LifeEvent) -> LifeEvent:
    """Undo what the event changed and propose a deal that gives every card back to whoever
    held it before (as far as the household has not changed since)."""
    if event.status == LifeEvent.Status.ENDED:
        raise ValidationError(_("This life change has ended already."))
    # Undone while the worker deals, its re-deal would still come with the changes in.
    if solve_under_way(event.solve):
        raise _still_solving()
    household = event.household
    record = event.change
    if event.deal and event.deal.status == Deal.Status.PROPOSED:
        deal_withdraw_open(household=household, actor=member)
    # Added cards go; their logged work stays in the ledger under the card's name.
    Card.objects.for_household(household).filter(pk__in=record.get("added", [])).delete()
    Card.objects.for_household(household).filter(pk__in=record.get("paused", [])).update(
        paused=False
    )
    for pk, (before, _after) in record.get("paid_hours", {}).items():
        for m in household.members.filter(pk=int(pk)):
            was = {"paid_hours": m.paid_hours}
            m.paid_hours = Decimal(before)
            m.save(update_fields=["paid_hours"])
            member_changes_record(member=m, actor=member, was=was)
    for pk, (before, _after) in record.get("capacity", {}).items():
        household.members.filter(pk=int(pk)).update(capacity=Decimal(before))
    event.status = LifeEvent.Status.ENDED
    event.ended_at = timezone.now()
    history_record(
        household=household,
        actor=member,
        kind=Kind.LIFE_CHANGE_ENDED,
        subject=event.title,
        detail=_life_event_title(event),
    )
    _life_event_restore(event, member)
    event.save(update_fields=["status", "ended_at", "restore_deal", "restore_solve"])
    return event


def _life_event_restore(event: LifeEvent, member: Member | None) -> None:
    """Propose the deal giving every card back to whoever held it before the event (at once,
    or by the worker), as far as the household has not changed since."""
    household = event.household
    existing = set(household.cards.values_list("pk", flat=True))
    pins = {card: name for card, name in _owners_before(event).items() if card in existing}
    proposer = member or event.created_by
    made = None
    if proposer is not None:
        try:
            made = deal_propose_start(household=household, member=proposer, pins=pins)
        except ValidationError:
            made = None
    event.restore_deal, event.restore_solve = _deal_or_solve(made)


@transaction.atomic
def life_event_redeal(*, member: Member, event: LifeEvent) -> LifeEvent:
    """Ask again for the re-deal (or the restoring deal) the worker could not work out."""
    if event.status != LifeEvent.Status.ENDED and solve_ended_without_deal(event.solve):
        deal, event.solve = _deal_or_solve(
            deal_propose_start(household=event.household, member=member)
        )
        event.save(update_fields=["solve"])
        if deal is not None:
            _life_event_compare(event, deal=deal, before=_deal_before(event))
        return event
    if event.status == LifeEvent.Status.ENDED and solve_ended_without_deal(event.restore_solve):
        _life_event_restore(event, member)
        event.save(update_fields=["restore_deal", "restore_solve"])
        return event
    raise ValidationError(_("There is no deal to ask for again."))


def _owners_before(event: LifeEvent) -> dict[int, str]:
    """Who held each card when the event was applied, by the name they have now (card id →
    name; current members only): read by member id from the deal in force then, so a member
    who changed their name since gets their own cards back, and nobody gets the cards of a
    name they took later. Events that kept no such deal give the names they noted then."""
    names = dict(event.household.members.current().values_list("pk", "display_name"))
    before = _deal_before(event)
    if before is not None:
        return {
            dc.card_id: names[dc.owner_id]
            for dc in before.cards.all()
            if dc.card_id is not None and dc.owner_id in names
        }
    return {
        int(pk): name
        for pk, name in event.change.get("owners_before", {}).items()
        if name in names.values()
    }


def _deal_before(event: LifeEvent) -> Deal | None:
    """The deal in force when the event was applied, its re-deal's point of comparison."""
    pk = event.change.get("before_deal")
    return None if pk is None else Deal.objects.for_household(event.household).filter(pk=pk).first()


def growth_solve_done(*, household: Household, solve: DealSolve, deal: Deal) -> None:
    """The worker kept a deal (registered on ``deal_solve_done``, inside the transaction that
    keeps it): the handover or life event that asked for it takes it, and a life event compares
    it with the deal in force when it was applied."""
    household.handovers.filter(solve=solve, deal__isnull=True).update(deal=deal)
    household.handovers.filter(restore_solve=solve, restore_deal__isnull=True).update(
        restore_deal=deal
    )
    for event in household.life_events.filter(solve=solve, deal__isnull=True):
        _life_event_compare(event, deal=deal, before=_deal_before(event))
    household.life_events.filter(restore_solve=solve, restore_deal__isnull=True).update(
        restore_deal=deal
    )


def deal_diff(*, before: Deal | None, after: Deal) -> RedealDiff:
    """What a proposal changes against the deal in force: the cards that move, and each
    member's weekly minutes, in the core's words."""
    old = {dc.card_id: _holder(dc) for dc in before.cards.all()} if before else {}
    new = {dc.card_id: (dc.name, _holder(dc)) for dc in after.cards.all()}
    moves = tuple(
        (name, old.get(card_id), holder)
        for card_id, (name, holder) in sorted(new.items(), key=lambda kv: kv[1][0])
        if old.get(card_id) != holder
    )
    loads_before = _loads(before)
    loads_after = _loads(after)
    delta = {
        name: loads_after.get(name, Fraction(0)) - loads_before.get(name, Fraction(0))
        for name in loads_after
    }
    return RedealDiff(moves=moves, minutes_delta=delta)


def _holder_words(holder: str | tuple[str, ...] | None) -> str:
    """Who holds a card in a re-deal's table: a name, "new" (no one before) or "A and B in
    turns", as Words a page says in its reader's language."""
    if holder is None:
        return say_in("card holder", "new")
    if isinstance(holder, str):
        return holder
    return say("{names} in turns", names=and_list(list(holder)))


def _holder_text(holder: str | tuple[str, ...] | None) -> str:
    return str(_holder_words(holder))


def _holder_json(holder: str | tuple[str, ...] | None) -> object:
    words = _holder_words(holder)
    return words.to_json() if isinstance(words, Words) else words


def _holder(dc: Any) -> str | tuple[str, ...] | None:
    if dc.owner_id is not None:
        return str(dc.owner.display_name)
    return tuple(str(x) for x in dc.rotation) or None


def _loads(deal: Deal | None) -> dict[str, Fraction]:
    if deal is None:
        return {}
    return {
        name: fraction(row["load_minutes"])
        for name, row in deal.certificate.get("members", {}).items()
    }


# --- catching up with dates and acceptances ---------------------------------------------------


@transaction.atomic
def growth_follow_deals(*, household: Household) -> list[str]:
    """Let handovers and life changes follow their deals: a handover whose deal was accepted is
    running (one replaced before acceptance is cancelled and its card unlocked); a life change
    whose re-deal, or the deal that replaced it, was accepted is in force. Runs whenever a deal
    changes status (see ``apps.GrowthConfig.ready``), so there is rarely anything left to do
    here."""
    said: list[str] = []
    for h in household.handovers.filter(
        status=Handover.Status.PROPOSED, deal__isnull=False
    ).select_related("deal", "card"):
        deal = h.deal
        if deal is None:
            continue
        if deal.status in DEAL_IN_FORCE:
            h.status = Handover.Status.RUNNING
            h.save(update_fields=["status"])
        elif deal.status == Deal.Status.WITHDRAWN:
            _handover_cancel(h, None)
            said.append(
                _("The handover of %(card)s was replaced by another proposal.")
                % {"card": h.card.name}
            )
    for event in household.life_events.filter(status=LifeEvent.Status.PROPOSED).select_related(
        "deal"
    ):
        if redeal_in_force(household=household, event=event):
            event.status = LifeEvent.Status.ACTIVE
            event.save(update_fields=["status"])
    return said


@transaction.atomic
def growth_catch_up(*, household: Household) -> list[str]:
    """Bring handovers and life events up to date: they follow their deals (see
    ``growth_follow_deals``), and a handover or a temporary life event whose date has come ends,
    with a proposal to restore. Returns what happened, in sentences, for the page to say.

    The one writer of the catch-up: people ask for it on a page (``selectors.catch_up_due``
    says what is due) and ``manage.py catch_up`` runs it on a schedule. A GET never runs it."""
    said = growth_follow_deals(household=household)
    today = household.today()
    for h in household.handovers.filter(
        status__in=[Handover.Status.PROPOSED, Handover.Status.RUNNING], until__lte=today
    ).select_related("card", "to_member", "from_member", "created_by", "solve"):
        if h.status == Handover.Status.PROPOSED and solve_under_way(h.solve):
            continue  # ends once the worker is done with its deal
        _handover_end(h, None)
        back = (
            h.from_member.display_name
            if h.from_member
            else pgettext("before the handover", "its owner")
        )
        said.append(
            (
                _(
                    "%(card)s was %(to)s's until %(on)s: a deal giving it back to %(back)s is "
                    "being worked out; the Deal page shows it when it is ready."
                )
                if h.restore_solve is not None
                else _(
                    "%(card)s was %(to)s's until %(on)s: a deal giving it back to %(back)s is "
                    "proposed."
                )
            )
            % {
                "card": h.card.name,
                "to": h.to_member.display_name,
                "on": date_format(h.until, _("j F")),
                "back": back,
            }
        )
    for event in household.life_events.filter(
        status__in=[LifeEvent.Status.PROPOSED, LifeEvent.Status.ACTIVE],
        until__isnull=False,
        until__lte=today,
    ).select_related("solve"):
        if solve_under_way(event.solve):
            continue  # ends once the worker is done with its re-deal
        life_event_end(member=None, event=event)
        assert event.until is not None  # filtered on above
        said.append(
            (
                _(
                    "%(title)s ended on %(on)s: a deal restoring the cards is being worked "
                    "out; the Deal page shows it when it is ready."
                )
                if event.restore_solve is not None
                else _("%(title)s ended on %(on)s: a deal restoring the cards is proposed.")
            )
            % {"title": in_language(event.title_words), "on": date_format(event.until, _("j F"))}
        )
    return said


def growth_member_left(member: Member) -> None:
    """A member left (registered with ``evenly.households.hooks``): the aspirations they never
    shared go with them."""
    Aspiration.objects.filter(member=member, shared_at__isnull=True).delete()
