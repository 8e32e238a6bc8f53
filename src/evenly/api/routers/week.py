"""``/households/{id}/week``: this week's occurrences and what the This week page does with them
(done, done for someone, skip, snooze, move, undo), time away and cover. The week pages' forms
check what is sent and the week services decide, exactly as on the pages."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from evenly.api.pagination import page
from evenly.api.schemas import PROBLEMS, WRITE_PROBLEMS, Minutes, PageQuery
from evenly.cards.models import Card
from evenly.core import bounds
from evenly.core.schedule import week_of
from evenly.households.access import household_object, membership_of
from evenly.households.models import Member
from evenly.week import selectors, services
from evenly.week.forms import AwayForm, DoneForm, MoveForm, OccurrenceForm, SkipForm, SnoozeForm
from evenly.week.models import Away, LogEntry, OccurrenceChange

router = Router(tags=["week"])

State = Literal["due", "overdue", "done", "skipped", "moved"]


class OccurrenceOut(Schema):
    card_id: int
    card_name: str
    due_on: date = Field(
        description="the day the schedule gave it: with card_id, it names the occurrence"
    )
    on: date = Field(description="the day it falls now (another day once moved or snoozed)")
    at: time | None = Field(description="the time of day it is due, if the card has one")
    any_day: bool = Field(description="any day of its week will do")
    holder: int | None = Field(description="the member it is for now (who covers, if anyone)")
    owner: int | None = Field(description="whose it is under the deal")
    state: State = Field(
        description="due; overdue (missed, still open); done; skipped; moved (moved or snoozed)"
    )
    minutes: float = Field(description="minutes each time, by the holder's own estimate")
    entry_id: int | None = Field(description="the ledger entry that marks it done")
    done_by: int | None = Field(description="who marked it done")
    change_id: int | None = Field(description="the skip or the move, to undo it")
    skip_reason: str | None
    owner_away: bool
    needs_cover: bool = Field(description="its owner is away and nobody covers it yet")


class OccurrencePage(Schema):
    count: int
    next: str | None
    items: list[OccurrenceOut]


class WeekQuery(PageQuery):
    when: Literal["week", "today"] = Field(
        "week", description="week: the overdue ones and this week's; today: today's alone"
    )
    who: Literal["me", "everyone"] = Field("me", description="me: the ones for you")
    open: bool = Field(False, description="only the ones still to do (neither done nor skipped)")


class OccurrenceIn(Schema):
    card: int = Field(ge=1, le=bounds.MAX_ID, description="the card's id")
    due_on: date = Field(description="the day the schedule gave the occurrence (its due_on)")


class DoneIn(OccurrenceIn):
    minutes: Minutes | None = Field(None, description="how long it took (default: the estimate)")
    key: str = Field(
        "",
        max_length=bounds.TICK_KEY_CHARS,
        description="a UUID made for this tick: sent again, the tick is recorded once",
    )


class DoneForIn(OccurrenceIn):
    minutes: Minutes | None = Field(None, description="how long it took (default: the estimate)")


class SkipIn(OccurrenceIn):
    reason: str = Field("", max_length=bounds.MAX_SKIP_REASON_CHARS, description="why (optional)")


class SnoozeIn(OccurrenceIn):
    to: date | None = Field(None, description="a later day this week (default: tomorrow)")


class MoveIn(OccurrenceIn):
    to: date = Field(description=f"today or later, at most {bounds.MAX_MOVE_DAYS} days away")


class AwayOut(Schema):
    id: int
    member: int
    starts_on: date
    ends_on: date
    reason: Literal["travel", "illness", "other"]


class AwayPage(Schema):
    count: int
    next: str | None
    items: list[AwayOut]


class AwayIn(Schema):
    starts_on: date
    ends_on: date
    reason: Literal["travel", "illness", "other"] = "travel"


def _state(due: selectors.Due, today: date) -> State:
    if due.done:
        return "done"
    if due.skipped:
        return "skipped"
    if due.on < today:
        return "overdue"
    if due.moved_from is not None:
        return "moved"
    return "due"


def occurrence_out(due: selectors.Due, today: date) -> OccurrenceOut:
    change = due.change
    return OccurrenceOut(
        card_id=due.card.pk,
        card_name=due.card.name,
        due_on=due.due_on,
        on=due.on,
        at=due.at,
        any_day=due.any_day,
        holder=due.holder.pk if due.holder else None,
        owner=due.owner.pk if due.owner else None,
        state=_state(due, today),
        minutes=float(due.minutes),
        entry_id=due.entry.pk if due.entry else None,
        done_by=due.entry.member_id if due.entry else None,
        change_id=change.pk if change else None,
        skip_reason=change.reason if change and due.skipped else None,
        owner_away=due.owner_away,
        needs_cover=due.needs_cover,
    )


def away_out(away: Away) -> AwayOut:
    return AwayOut(
        id=away.pk,
        member=away.member_id,
        starts_on=away.starts_on,
        ends_on=away.ends_on,
        reason=away.reason,  # type: ignore[arg-type]
    )


def form_checked(form: Form) -> dict[str, Any]:
    """The form's clean data, or its errors as the API's 422 (nothing written)."""
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


def form_data(payload: Schema) -> dict[str, Any]:
    """A body as the page's form receives it (dates as the page's date fields read them)."""
    return {
        k: v.isoformat() if isinstance(v, date) else "" if v is None else v
        for k, v in payload.model_dump().items()
    }


def _occurrence(
    request: HttpRequest, household_id: int, form: type[OccurrenceForm], payload: Schema
) -> tuple[Member, Card, dict[str, Any]]:
    """The caller, the card (of this household, else 404) and the checked input."""
    member = membership_of(request.user, household_id)
    card = household_object(Card, member.household, getattr(payload, "card"))  # noqa: B009
    return member, card, form_checked(form(form_data(payload)))


def _now(member: Member, card: Card, due_on: date) -> OccurrenceOut:
    """The occurrence as it is after a change."""
    due = selectors.occurrence(household=member.household, card=card, on=due_on)
    assert due is not None  # the service found it a moment ago
    return occurrence_out(due, member.household.today())


@router.get(
    "/households/{household_id}/week",
    response={200: OccurrencePage, **PROBLEMS},
    summary="This week's occurrences (with the overdue ones), or today's",
)
def week_list(request: HttpRequest, household_id: int, query: Query[WeekQuery]) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    household = member.household
    today = household.today()
    start, end = week_of(today)
    # As the page: overdue ones may lie in earlier weeks, and a later one moved ahead settles
    # them, so the schedule is read from the look-back to the furthest a move may reach.
    dues = (
        selectors.schedule(
            household=household,
            start=today - timedelta(days=selectors.OVERDUE_LOOKBACK_DAYS),
            end=max(end, today + timedelta(days=bounds.MAX_MOVE_DAYS)),
        )
        if selectors.active_deal(household=household)
        else []
    )
    if query.who == "me":
        dues = [d for d in dues if d.holder == member]
    if query.when == "today":
        rows = [d for d in dues if d.on == today]
    else:
        rows = selectors.overdue_of(dues, today=today) + [d for d in dues if start <= d.on <= end]
    if query.open:
        rows = [d for d in rows if d.open]
    seen: set[tuple[int, date]] = set()
    unique = []
    for due in rows:  # an overdue one of this week is listed once
        if (due.card.pk, due.due_on) not in seen:
            seen.add((due.card.pk, due.due_on))
            unique.append(due)
    return page(request, unique, query, lambda due: occurrence_out(due, today))


@router.post(
    "/households/{household_id}/week/done",
    response={200: OccurrenceOut, **WRITE_PROBLEMS},
    summary="Mark an occurrence done (send a key, or an Idempotency-Key, to retry safely)",
)
def week_done(request: HttpRequest, household_id: int, payload: DoneIn) -> OccurrenceOut:
    member, card, data = _occurrence(request, household_id, DoneForm, payload)
    if data["key"]:
        services.entry_mark_done_once(
            member=member,
            card=card,
            due_on=data["due_on"],
            minutes=data["minutes"],
            key=data["key"],
        )
    else:
        services.entry_mark_done(
            member=member, card=card, due_on=data["due_on"], minutes=data["minutes"]
        )
    return _now(member, card, data["due_on"])


@router.post(
    "/households/{household_id}/week/done-for",
    response={200: OccurrenceOut, **WRITE_PROBLEMS},
    summary="Mark someone else's occurrence done: you did it for them",
)
def week_done_for(request: HttpRequest, household_id: int, payload: DoneForIn) -> OccurrenceOut:
    member, card, data = _occurrence(request, household_id, DoneForm, payload)
    services.entry_done_for(
        member=member, card=card, due_on=data["due_on"], minutes=data["minutes"]
    )
    return _now(member, card, data["due_on"])


@router.post(
    "/households/{household_id}/week/skip",
    response={200: OccurrenceOut, **WRITE_PROBLEMS},
    summary="Skip an occurrence: not due, and it counts against nobody",
)
def week_skip(request: HttpRequest, household_id: int, payload: SkipIn) -> OccurrenceOut:
    member, card, data = _occurrence(request, household_id, SkipForm, payload)
    services.occurrence_skip(member=member, card=card, due_on=data["due_on"], reason=data["reason"])
    return _now(member, card, data["due_on"])


@router.post(
    "/households/{household_id}/week/snooze",
    response={200: OccurrenceOut, **WRITE_PROBLEMS},
    summary="Put an occurrence off to tomorrow or a later day this week",
)
def week_snooze(request: HttpRequest, household_id: int, payload: SnoozeIn) -> OccurrenceOut:
    member, card, data = _occurrence(request, household_id, SnoozeForm, payload)
    services.occurrence_snooze(member=member, card=card, due_on=data["due_on"], to=data["to"])
    return _now(member, card, data["due_on"])


@router.post(
    "/households/{household_id}/week/move",
    response={200: OccurrenceOut, **WRITE_PROBLEMS},
    summary="Move an occurrence to another day (today or later, within the bound)",
)
def week_move(request: HttpRequest, household_id: int, payload: MoveIn) -> OccurrenceOut:
    member, card, data = _occurrence(request, household_id, MoveForm, payload)
    services.occurrence_move(member=member, card=card, due_on=data["due_on"], to=data["to"])
    return _now(member, card, data["due_on"])


@router.post(
    "/households/{household_id}/week/entries/{entry_id}/undo",
    response={204: None, **PROBLEMS},
    summary="Undo a done (its ledger entry goes): yours, within 7 days",
)
def week_entry_undo(request: HttpRequest, household_id: int, entry_id: int) -> Status[None]:
    member = membership_of(request.user, household_id)
    entry = household_object(LogEntry, member.household, entry_id)
    services.entry_undo(member=member, entry=entry)
    return Status(204, None)


@router.post(
    "/households/{household_id}/week/changes/{change_id}/undo",
    response={204: None, **PROBLEMS},
    summary="Undo a skip, a snooze or a move: due on its own day again",
)
def week_change_undo(request: HttpRequest, household_id: int, change_id: int) -> Status[None]:
    member = membership_of(request.user, household_id)
    change = household_object(OccurrenceChange, member.household, change_id)
    services.change_undo(member=member, change=change)
    return Status(204, None)


# --- time away and cover -----------------------------------------------------------------------


@router.get(
    "/households/{household_id}/away",
    response={200: AwayPage, **PROBLEMS},
    summary="Time away that has not ended yet, everyone's",
)
def away_list(request: HttpRequest, household_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    rows = selectors.aways_of(household=member.household, since=member.household.today())
    return page(request, rows, query, away_out)


@router.post(
    "/households/{household_id}/away",
    response={201: AwayOut, **WRITE_PROBLEMS},
    summary="Mark yourself away: your cards due then are offered to the others as cover",
)
def away_add(request: HttpRequest, household_id: int, payload: AwayIn) -> Status[AwayOut]:
    member = membership_of(request.user, household_id)
    data = form_checked(AwayForm(form_data(payload)))
    return Status(201, away_out(services.away_create(member=member, **data)))


@router.delete(
    "/households/{household_id}/away/{away_id}",
    response={204: None, **PROBLEMS},
    summary="Cancel your time away (covers taken for it go with it)",
)
def away_remove(request: HttpRequest, household_id: int, away_id: int) -> Status[None]:
    member = membership_of(request.user, household_id)
    away = household_object(Away, member.household, away_id)
    services.away_delete(member=member, away=away)
    return Status(204, None)


@router.get(
    "/households/{household_id}/cover",
    response={200: OccurrencePage, **PROBLEMS},
    summary="This week's occurrences of away members that nobody covers yet",
)
def cover_list(request: HttpRequest, household_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    household = member.household
    today = household.today()
    start, end = week_of(today)
    rows = (
        selectors.cover_offers(household=household, member=member, start=start, end=end)
        if selectors.active_deal(household=household)
        else []
    )
    return page(request, rows, query, lambda due: occurrence_out(due, today))


@router.post(
    "/households/{household_id}/cover",
    response={201: OccurrenceOut, **WRITE_PROBLEMS},
    summary="Cover an occurrence of someone who is away: it is yours to do then",
)
def cover_take(
    request: HttpRequest, household_id: int, payload: OccurrenceIn
) -> Status[OccurrenceOut]:
    member, card, data = _occurrence(request, household_id, OccurrenceForm, payload)
    services.cover_take(member=member, card=card, due_on=data["due_on"])
    return Status(201, _now(member, card, data["due_on"]))
