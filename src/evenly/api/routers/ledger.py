"""``/households/{id}/ledger``: the household's ledger entries by period (the periods of the
Ledger and Balance pages), logging work, and correcting or deleting one's own entry within 7
days, as the Ledger pages allow. A ledger entry's words are its author's alone (the privacy
registry): another member sees the card and the minutes, never the title."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from evenly.api.pagination import page
from evenly.api.routers.week import form_checked, form_data
from evenly.api.schemas import PROBLEMS, WRITE_PROBLEMS, Minutes, PageQuery, max_chars
from evenly.core import bounds
from evenly.households.access import household_object, membership_of
from evenly.households.models import Member
from evenly.week import selectors, services
from evenly.week.forms import EntryEditForm, LedgerFilterForm, LogForm
from evenly.week.models import LogEntry
from evenly.week.periods import DEFAULT, PERIODS, named_period

router = Router(tags=["ledger"])

Kind = Literal["did", "noticed", "planned"]
Period = Literal["week", "4w", "3m", "year", "custom"]
assert set(Period.__args__) == set(PERIODS), PERIODS  # type: ignore[attr-defined]
assert set(Kind.__args__) == set(LogEntry.Kind.values), LogEntry.Kind.values  # type: ignore[attr-defined]


class EntryOut(Schema):
    id: int
    member: int = Field(description="who logged it")
    kind: Kind
    card_id: int | None
    card_name: str | None
    title: str | None = Field(description="the author's own words: null for anyone else")
    minutes: float
    done_on: date
    due_on: date | None = Field(description="the occurrence it marks done, if scheduled")
    covered_for: int | None = Field(description="the member it was done for, if anyone")
    created_at: datetime
    changeable: bool = Field(description="you may still correct or delete it (yours, 7 days)")


class EntryPage(Schema):
    count: int
    next: str | None
    items: list[EntryOut]


class LedgerQuery(PageQuery):
    period: Period | None = Field(
        None, description="this week (the default), 4 weeks, 3 months, a year, or custom dates"
    )
    start: date | None = Field(None, description="custom: the first day")
    end: date | None = Field(None, description="custom: the last day")
    member: int | None = Field(None, ge=1, le=bounds.MAX_ID, description="one member's entries")
    kind: Kind | None = None


class EntryIn(Schema):
    kind: Kind
    title: str = Field("", max_length=max_chars(LogForm, "title"))
    card: int | None = Field(None, ge=1, le=bounds.MAX_ID, description="the card it was, if any")
    minutes: Minutes
    done_on: date = Field(description="today or one of the last 7 days")


class EntryEditIn(Schema):
    kind: Kind = Field(description="a scheduled card's completion stays did")
    title: str = Field(
        "", max_length=max_chars(EntryEditForm, "title"), description="empty: the card's name"
    )
    minutes: Minutes
    done_on: date = Field(description="today or one of the last 7 days")


def _entry_out(member: Member) -> Callable[[LogEntry], EntryOut]:
    def out(entry: LogEntry) -> EntryOut:
        return EntryOut(
            id=entry.pk,
            member=entry.member_id,
            kind=entry.kind,  # type: ignore[arg-type]
            card_id=entry.card_id,
            card_name=entry.card.name if entry.card else None,
            title=entry.title if entry.member_id == member.pk else None,
            minutes=float(entry.minutes),
            done_on=entry.done_on,
            due_on=entry.due_on,
            covered_for=entry.covered_for_id,
            created_at=entry.created_at,
            changeable=services.may_change(member=member, item=entry),
        )

    return out


@router.get(
    "/households/{household_id}/ledger",
    response={200: EntryPage, **PROBLEMS},
    summary="The household's ledger entries in a period, newest first",
)
def ledger_list(
    request: HttpRequest, household_id: int, query: Query[LedgerQuery]
) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    household = member.household
    today = household.today()
    asked = {
        name: value.isoformat() if isinstance(value, date) else str(value)
        for name in ("period", "start", "end", "member", "kind")
        if (value := getattr(query, name)) is not None
    }
    form = LedgerFilterForm(asked, household=household, today=today)
    data = form_checked(form)
    # As the page: one period at a time, this week unless another is asked for.
    period = form.chosen() if data["period"] else named_period(DEFAULT, today)
    rows = selectors.ledger_entries(
        household=household,
        start=period.start,
        end=period.end,
        member=data["member"],
        kind=data["kind"],
    ).select_related("card")
    return page(request, rows, query, _entry_out(member))


@router.post(
    "/households/{household_id}/ledger",
    response={201: EntryOut, **WRITE_PROBLEMS},
    summary="Log noticing, planning, or work that was not on the schedule",
)
def ledger_add(request: HttpRequest, household_id: int, payload: EntryIn) -> Status[EntryOut]:
    member = membership_of(request.user, household_id)
    data = form_checked(LogForm(form_data(payload), household=member.household))
    entry = services.entry_log(member=member, **data)
    return Status(201, _entry_out(member)(entry))


def _own(request: HttpRequest, household_id: int, entry_id: int) -> tuple[Member, LogEntry]:
    member = membership_of(request.user, household_id)
    return member, household_object(LogEntry, member.household, entry_id)


@router.put(
    "/households/{household_id}/ledger/{entry_id}",
    response={200: EntryOut, **WRITE_PROBLEMS},
    summary="Correct your own entry, within 7 days of logging it",
)
def ledger_update(
    request: HttpRequest, household_id: int, entry_id: int, payload: EntryEditIn
) -> EntryOut:
    member, entry = _own(request, household_id, entry_id)
    services.check_may_change(member=member, item=entry, action="edit")
    data = form_checked(EntryEditForm(form_data(payload)))
    entry = services.entry_update(member=member, entry=entry, **data)
    return _entry_out(member)(entry)


@router.delete(
    "/households/{household_id}/ledger/{entry_id}",
    response={204: None, **PROBLEMS},
    summary="Delete your own entry, within 7 days of logging it",
)
def ledger_remove(request: HttpRequest, household_id: int, entry_id: int) -> Status[None]:
    member, entry = _own(request, household_id, entry_id)
    services.entry_delete(member=member, entry=entry)
    return Status(204, None)
