"""Reads of the monthly check: what a member may see, never more.

A month's answers are read by everyone only once the month is open (every current member
answered it). Before that a member sees their own answer and who has answered, nothing else.
The household's trend and the weekly summary's line read open months only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from evenly.core import bounds
from evenly.core import felt as core
from evenly.core.balance import LogItem, MemberFacts, balance
from evenly.core.model import FairnessBasis
from evenly.felt.models import FeltAnswer, FeltMonth
from evenly.felt.services import is_on as is_on  # a read, shared with the services
from evenly.households.models import Household, Member
from evenly.households.private import Seal
from evenly.week.selectors import logged_by_day

FIELDS = (*core.SCALES, *(name for name, _ in core.CSI4_ITEMS))


def as_core(row: FeltAnswer) -> core.Answer:
    """The stored answer as the core reads it."""
    return core.Answer(**{name: getattr(row, name) for name in FIELDS})


@dataclass(frozen=True)
class OpenRow:
    """One member's answer in an open month, with their share of the month's logged minutes."""

    member: Member
    answer: FeltAnswer
    csi4: int
    share: int | None  # % of the month's logged home minutes; None: too little was logged
    divergence: core.Divergence | None


@dataclass(frozen=True)
class OpenMonth:
    month: date
    rows: list[OpenRow]
    figures: core.MonthFigures


@dataclass(frozen=True)
class FeltPage:
    on: bool
    this_month: date
    mine: FeltAnswer | None  # the reader's answer this month
    this_month_open: bool
    answered: list[Member]  # who answered this month (names only while it is sealed)
    waiting: list[Member]
    months: list[OpenMonth]  # open months, newest first
    trend: core.Trend | None


def _minutes(
    logged: list[LogItem], start: date, end: date, members: list[Member]
) -> dict[int, Fraction]:
    """Each member's home minutes in ``logged`` from ``start`` to ``end`` (both included),
    counted the way the Balance page counts them (``core.balance``)."""
    present = {str(m.pk) for m in members}
    items = [i for i in logged if i.member in present and start <= i.on <= end]
    figures = balance(
        members=[MemberFacts(name=str(m.pk)) for m in members],
        fairness=FairnessBasis.EQUAL,  # only the minutes are used: no target needed
        items=items,
        start=start,
        end=end,
    )
    return {int(m.name): m.home for m in figures.members}


def _month_end(month: date, today: date) -> date:
    return min(core.month_after(month) - timedelta(days=1), today)


def _open_months(household: Household, *, rows_for: int | None) -> list[OpenMonth]:
    """The household's open months, newest first, each with everyone's answers; the newest
    ``rows_for`` of them (all with None) also with each member's row beside the log."""
    today = household.today()
    this_month = core.month_of(today)
    opened = set(FeltMonth.objects.for_household(household).values_list("month", flat=True))
    answers = list(FeltAnswer.objects.for_household(household).select_related("member"))
    by_month: dict[date, list[FeltAnswer]] = defaultdict(list)
    for a in answers:
        by_month[a.month].append(a)
    current = [m.pk for m in household.members.current()]
    if this_month not in opened:
        seal = Seal.of(members=current, answered=[a.member_id for a in by_month[this_month]])
        if seal.is_open and by_month[this_month]:
            opened.add(this_month)
    months = [m for m in sorted(opened, reverse=True) if by_month.get(m)]
    with_rows = months if rows_for is None else months[:rows_for]
    # One read of the log for every month that shows it, not one per month.
    logged = logged_by_day(household=household, start=with_rows[-1], end=today) if with_rows else []
    out = []
    for month in months:
        rows = by_month[month]
        figures = core.month_figures(month, [as_core(a) for a in rows])
        open_rows: list[OpenRow] = []
        if month in with_rows:
            members = list({a.member.pk: a.member for a in rows}.values())
            minutes = _minutes(logged, month, _month_end(month, today), members)
            total = sum(minutes.values(), Fraction(0))
            enough = total >= bounds.FELT_MIN_MEASURED_MINUTES
            for a in rows:
                mine = minutes.get(a.member_id, Fraction(0))
                open_rows.append(
                    OpenRow(
                        member=a.member,
                        answer=a,
                        csi4=core.csi4_score(as_core(a)),
                        share=core.rounded(mine * 100 / total) if enough else None,
                        divergence=core.divergence(
                            fair_to_me=a.fair_to_me, minutes=mine, total=total, members=len(rows)
                        ),
                    )
                )
        out.append(OpenMonth(month=month, rows=open_rows, figures=figures))
    return out


def felt_page(*, household: Household, member: Member) -> FeltPage:
    """Everything the How-it-feels page shows ``member``."""
    this_month = core.month_of(household.today())
    months = _open_months(household, rows_for=None)
    current = list(household.members.current())
    this = list(
        FeltAnswer.objects.for_household(household)
        .filter(month=this_month)
        .select_related("member")
    )
    answered_ids = {a.member_id for a in this}
    return FeltPage(
        on=is_on(household),
        this_month=this_month,
        mine=next((a for a in this if a.member_id == member.pk), None),
        this_month_open=any(m.month == this_month for m in months),
        answered=[a.member for a in this if a.member.left_at is None],
        waiting=[m for m in current if m.pk not in answered_ids],
        months=months,
        trend=core.trend([m.figures for m in months]),
    )


def felt_trend(*, household: Household) -> core.Trend | None:
    """The household's trend over the months everyone answered (for the Balance page); None
    when the check is off or no month is open yet."""
    if not is_on(household):
        return None
    return core.trend([m.figures for m in _open_months(household, rows_for=0)])


@dataclass(frozen=True)
class Diverging:
    """A member whose sense of fairness and logged minutes tell different stories."""

    month: date
    member: Member
    kind: core.Divergence
    share: int  # % of the month's logged home minutes
    fair_to_me: int


def felt_divergences(*, household: Household) -> list[Diverging]:
    """Who, in the latest open month, feels the split differently from how the minutes fall
    (``core.felt.divergence``). Open months only: until everyone answered, nobody's answer is
    read for anyone else."""
    if not is_on(household):
        return []
    months = _open_months(household, rows_for=1)
    if not months:
        return []
    latest = months[0]
    return [
        Diverging(
            month=latest.month,
            member=r.member,
            kind=r.divergence,
            share=r.share or 0,
            fair_to_me=r.answer.fair_to_me,
        )
        for r in latest.rows
        if r.divergence is not None
    ]


def readable_answers(*, household: Household, member: Member) -> list[FeltAnswer]:
    """The answers ``member`` may read: their own, every month, and everyone's in the open
    months. What the household's export carries for them."""
    opened = open_months(household=household)
    return [
        a
        for a in FeltAnswer.objects.for_household(household).order_by("month", "member_id")
        if a.member_id == member.pk or a.month in opened
    ]


def open_months(*, household: Household) -> set[date]:
    """The months whose answers are open to the household."""
    return {m.month for m in _open_months(household, rows_for=0)}
