"""The balance of a period: who carried the home, against whose target, and whether anyone drifts.

Pure functions over plain data (no database, no web framework), exact in fractions of a minute,
so the balance page, the CSV export and the API all show the same figures. Targets come from the
same fairness rule as the deal engine (:func:`evenly.core.figures.targets`).

A period is a range of whole days, both ends included; its length in weeks is ``days / 7``. Weekly
facts (paid hours, the deal's planned minutes, the personal-time goal) are scaled by that length.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from evenly.core.figures import targets
from evenly.core.model import WAKING_HOURS_PER_WEEK, FairnessBasis, Member

Kind = Literal["did", "noticed", "planned"]
KINDS: tuple[Kind, ...] = ("did", "noticed", "planned")
Direction = Literal["over", "under"]
Span = tuple[datetime.date, datetime.date]  # first and last day, both included

_ZERO = Fraction(0)
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class LogItem:
    """One ledger entry: ``member`` did, noticed or planned ``card`` (None: free text) on a day."""

    member: str
    kind: Kind
    minutes: Fraction
    on: datetime.date
    card: str | None = None
    # Whose card it is under the deal in force: the logger's own, another member's (a cover, or
    # done for them), or None (free text, or a card outside the deal: an extra).
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """An occurrence of ``member``'s card, planned for ``minutes``, that was skipped on a day."""

    member: str
    minutes: Fraction
    on: datetime.date


def plan_days(start: datetime.date, end: datetime.date, since: datetime.date | None) -> int:
    """The days of ``start..end`` (both included) that a deal in force since ``since`` plans.

    THE rule for when a plan counts: a deal plans from the day it started, never before it (not
    from the start of the period, the week or the household). ``since`` None: no deal, so no
    day is planned. A deal that started on a Thursday plans Thursday to Sunday of that week.
    """
    if since is None:
        return 0
    first = max(start, since)
    return max((end - first).days + 1, 0)


def planned_minutes(
    weekly: Fraction, *, start: datetime.date, end: datetime.date, since: datetime.date | None
) -> Fraction:
    """A deal's ``weekly`` minutes over the days of ``start..end`` it plans (:func:`plan_days`)."""
    return weekly * Fraction(plan_days(start, end, since), 7)


def plan_less_skipped(
    plan: Fraction,
    skipped: Iterable[SkippedItem],
    *,
    member: str,
    start: datetime.date,
    end: datetime.date,
) -> Fraction:
    """What the deal still expects of ``member`` over ``start..end``: ``plan`` less the minutes of
    their occurrences skipped in the period, never below 0.

    A skipped occurrence is not due and does not count against anyone, so it leaves the plan;
    other members' skips and skips outside the period do not touch it. Moves and snoozes are
    not skips: they change when, not how much.
    """
    gone = sum(
        (i.minutes for i in skipped if i.member == member and start <= i.on <= end), Fraction(0)
    )
    return max(plan - gone, Fraction(0))


@dataclass(frozen=True, slots=True)
class PersonalItem:
    """Time a member took for their own passions on a day."""

    member: str
    minutes: Fraction
    on: datetime.date


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What the balance needs to know of a member; all weekly figures. Never a gender."""

    name: str
    paid_hours: Fraction = _ZERO  # paid work per week
    share: Fraction | None = None  # custom basis only
    personal_goal_minutes_per_week: Fraction = _ZERO
    capacity: Fraction = Fraction(1)  # the part of their usual share they can carry now

    def as_member(self) -> Member:
        """The member as the fairness rule sees them."""
        return Member(
            name=self.name,
            paid_hours=self.paid_hours,
            share=self.share,
            personal_hours=self.personal_goal_minutes_per_week / 60,
            capacity=self.capacity,
        )


@dataclass(frozen=True, slots=True)
class MemberBalance:
    """One member's figures over a period, in minutes.

    ``planned`` is the *kind* of work (the planning nobody sees); what the deal expected of the
    member is ``deal``. ``by_card`` holds the home minutes per card (None: free-text entries).
    """

    name: str
    home: Fraction  # every kind of home work
    did: Fraction
    noticed: Fraction
    planned: Fraction
    target: Fraction
    share: Fraction  # of the household's home work; 0 when the household logged nothing
    deal: Fraction | None  # the deal's weekly minutes times the weeks; None if not given
    paid: Fraction
    free: Fraction  # waking minutes - paid - home
    personal: Fraction
    personal_goal: Fraction
    by_card: Mapping[str | None, Fraction]
    # Where the home minutes come from, against the deal (see :func:`reconcile`).
    plan: Fraction = _ZERO  # the deal's minutes over the days it was in force (before skips)
    skipped: Fraction = _ZERO  # the member's occurrences skipped in the period
    own: Fraction = _ZERO  # logged on their own cards (every kind)
    for_others: Fraction = _ZERO  # logged on other members' cards: covers, done for them
    extras: Fraction = _ZERO  # free text and cards outside the deal
    by_others: Fraction = _ZERO  # others' minutes on this member's cards

    @property
    def invisible(self) -> Fraction:
        """The noticing and planning: the home work nobody sees."""
        return self.noticed + self.planned

    @property
    def deviation(self) -> Fraction:
        """Actual minus target: positive means over their share."""
        return self.home - self.target

    @property
    def deal_gap(self) -> Fraction | None:
        """Actual minus what the deal planned; None when no plan was given."""
        return None if self.deal is None else self.home - self.deal

    @property
    def total_work(self) -> Fraction:
        """Home work plus paid work."""
        return self.home + self.paid

    @property
    def personal_gap(self) -> Fraction:
        """Personal time taken minus its goal: negative means short of the goal."""
        return self.personal - self.personal_goal


@dataclass(frozen=True, slots=True)
class Balance:
    """The household's figures over ``start..end`` (both included), members in the given order."""

    start: datetime.date
    end: datetime.date
    fairness: FairnessBasis
    members: tuple[MemberBalance, ...]
    # The weeks of the period the deal planned (:func:`plan_days` / 7); None: all of them.
    plan_weeks: Fraction | None = None

    @property
    def days(self) -> int:
        """Days in the period, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> Fraction:
        """The period's length in weeks: days / 7."""
        return Fraction(self.days, 7)

    @property
    def total(self) -> Fraction:
        """The household's home work over the period (every member, every kind)."""
        return sum((m.home for m in self.members), _ZERO)

    @property
    def leisure_gap(self) -> Fraction:
        """Largest minus smallest free time among members, in minutes over the period.

        Free time is what is left of the waking week (112 h, so sleep is never counted) once paid
        work and logged home work are taken out. Personal time is part of free time, not taken
        out of it; unlogged work and anything else in life are not seen. 0 for one member.
        """
        free = [m.free for m in self.members]
        return max(free) - min(free) if free else _ZERO

    def member(self, name: str) -> MemberBalance:
        """The figures of the member of that name (KeyError if none)."""
        for m in self.members:
            if m.name == name:
                return m
        raise KeyError(name)


def _check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")


def balance(
    *,
    members: Sequence[MemberFacts],
    fairness: FairnessBasis,
    items: Iterable[LogItem],
    personal: Iterable[PersonalItem] = (),
    start: datetime.date,
    end: datetime.date,
    planned_weekly: Mapping[str, Fraction] | None = None,
    count_personal_time: bool = False,
    skipped: Iterable[SkippedItem] = (),
    plan_since: datetime.date | None = None,
) -> Balance:
    """Every figure of the period ``start..end`` (both days included) for the given members.

    Items dated outside the period are left out. Each member's target is the engine's weekly
    target at the period's average weekly total, times the period's weeks; for every basis the
    targets add up to the household's total (``total-work`` targets are not clamped at 0: a
    member whose paid work alone exceeds an even part of all the work has a negative target).
    ``planned_weekly`` gives the deal's weekly minutes per member (a member missing from it: 0),
    counted only over the days the deal was in force, from ``plan_since`` (:func:`plan_days`;
    None: the whole period, for a caller that knows no start); ``skipped`` occurrences in the
    period lower it (:func:`plan_less_skipped`).
    Targets follow the household's rule as it stands (``count_personal_time``, each member's
    capacity), the same rule the engine deals by.

    Raises ValueError for an empty household, repeated member names, custom shares that are all
    0, a household with no free time under ``free-time``, an item in the period that
    names an unknown member, has negative minutes or an unknown kind, or a period that ends
    before it starts. Items outside the period are not checked.
    """
    _check_period(start, end)
    if not members:
        raise ValueError("a balance needs at least one member")
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        raise ValueError("member names must be unique")
    if fairness is FairnessBasis.CUSTOM and sum((m.share or _ZERO for m in members), _ZERO) <= 0:
        raise ValueError("custom shares need at least one member with a share above 0")
    if fairness is FairnessBasis.FREE_TIME and sum(m.paid_hours for m in members) >= (
        WAKING_HOURS_PER_WEEK * len(members)
    ):
        raise ValueError("free-time targets need some free time in the household")
    weeks = Fraction((end - start).days + 1, 7)

    kinds: dict[str, dict[Kind, Fraction]] = {n: dict.fromkeys(KINDS, _ZERO) for n in names}
    cards: dict[str, dict[str | None, Fraction]] = {n: {} for n in names}
    # own, for others, extras, by others
    origin: dict[str, list[Fraction]] = {n: [_ZERO] * 4 for n in names}
    for item in items:
        if not start <= item.on <= end:
            continue
        _check_item(item.member, item.minutes, kinds)
        if item.kind not in KINDS:
            raise ValueError(f"unknown kind of work {item.kind!r}")
        kinds[item.member][item.kind] += item.minutes
        if item.owner == item.member:
            origin[item.member][0] += item.minutes
        elif item.owner in origin:
            origin[item.member][1] += item.minutes
            origin[item.owner][3] += item.minutes
        else:
            origin[item.member][2] += item.minutes
        per_card = cards[item.member]
        per_card[item.card] = per_card.get(item.card, _ZERO) + item.minutes
    taken = dict.fromkeys(names, _ZERO)
    for p in personal:
        if start <= p.on <= end:
            _check_item(p.member, p.minutes, kinds)
            taken[p.member] += p.minutes

    home = [sum(kinds[n].values(), _ZERO) for n in names]
    total = sum(home, _ZERO)
    weekly = targets(
        fairness,
        [m.as_member() for m in members],
        total / weeks,
        count_personal_time=count_personal_time,
    )
    waking = WAKING_HOURS_PER_WEEK * 60 * weeks
    skips = list(skipped)
    rows = []
    for m, h, t in zip(members, home, weekly, strict=True):
        paid = m.paid_hours * 60 * weeks
        plan = (
            _ZERO
            if planned_weekly is None
            else planned_minutes(
                planned_weekly.get(m.name, _ZERO),
                start=start,
                end=end,
                since=start if plan_since is None else plan_since,
            )
        )
        own, for_others, extras, by_others = origin[m.name]
        rows.append(
            MemberBalance(
                name=m.name,
                home=h,
                did=kinds[m.name]["did"],
                noticed=kinds[m.name]["noticed"],
                planned=kinds[m.name]["planned"],
                target=t * weeks,
                share=h / total if total else _ZERO,
                deal=(
                    None
                    if planned_weekly is None
                    else plan_less_skipped(
                        plan,
                        skips,
                        member=m.name,
                        start=start,
                        end=end,
                    )
                ),
                paid=paid,
                free=waking - paid - h,
                personal=taken[m.name],
                personal_goal=m.personal_goal_minutes_per_week * weeks,
                by_card=dict(sorted(cards[m.name].items(), key=lambda kv: _card_key(kv[0]))),
                plan=plan,
                skipped=sum(
                    (i.minutes for i in skips if i.member == m.name and start <= i.on <= end),
                    _ZERO,
                ),
                own=own,
                for_others=for_others,
                extras=extras,
                by_others=by_others,
            )
        )
    return Balance(
        start=start,
        end=end,
        fairness=fairness,
        members=tuple(rows),
        plan_weeks=Fraction(plan_days(start, end, start if plan_since is None else plan_since), 7),
    )


def _check_item(member: str, minutes: Fraction, known: Mapping[str, object]) -> None:
    if member not in known:
        raise ValueError(f"an entry names {member!r}, who is not a member")
    if minutes < 0:
        raise ValueError(f"an entry of {member!r} has negative minutes")


def _card_key(card: str | None) -> tuple[bool, str]:
    return (card is None, card or "")


def iso_weeks(start: datetime.date, end: datetime.date) -> list[Span]:
    """The ISO weeks (Monday to Sunday) that ``start..end`` touches, clipped to it, in order."""
    _check_period(start, end)
    weeks = []
    day = start
    while day <= end:
        sunday = day + datetime.timedelta(days=6 - day.weekday())
        weeks.append((day, min(sunday, end)))
        day = sunday + _DAY
    return weeks


def weekly_shares(
    *,
    members: Sequence[MemberFacts],
    fairness: FairnessBasis,
    items: Iterable[LogItem],
    personal: Iterable[PersonalItem] = (),
    start: datetime.date,
    end: datetime.date,
    planned_weekly: Mapping[str, Fraction] | None = None,
    count_personal_time: bool = False,
    skipped: Iterable[SkippedItem] = (),
    plan_since: datetime.date | None = None,
) -> list[Balance]:
    """One :func:`balance` per ISO week (Monday to Sunday) of ``start..end``, in order.

    The first and last weeks are clipped to the period, so they may be shorter than 7 days
    (their targets, paid minutes and goals shrink with them). The additive figures of the weeks
    (minutes of every kind, targets, deal, paid, free and personal time) add up to the whole
    period's; shares and the leisure gap do not, nor the deal's minutes of a week whose skips
    exceed its plan (each week's plan stops at 0).
    """
    spans = iso_weeks(start, end)
    # Each entry goes to its week's bucket, so a long history is read once, not once a week.
    logged: dict[datetime.date, list[LogItem]] = {_monday(a): [] for a, _ in spans}
    for item in items:
        logged.setdefault(_monday(item.on), []).append(item)
    taken: dict[datetime.date, list[PersonalItem]] = {_monday(a): [] for a, _ in spans}
    for p in personal:
        taken.setdefault(_monday(p.on), []).append(p)
    skips: dict[datetime.date, list[SkippedItem]] = {_monday(a): [] for a, _ in spans}
    for k in skipped:
        skips.setdefault(_monday(k.on), []).append(k)
    return [
        balance(
            members=members,
            fairness=fairness,
            items=logged[_monday(a)],
            personal=taken[_monday(a)],
            start=a,
            end=b,
            planned_weekly=planned_weekly,
            count_personal_time=count_personal_time,
            skipped=skips[_monday(a)],
            plan_since=plan_since,
        )
        for a, b in spans
    ]


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class Cause:
    """A card behind a drift: a member's planned and actual minutes for it over the drift weeks.

    ``card`` is None for the entries logged as free text (never planned).
    """

    card: str | None
    planned: Fraction
    actual: Fraction

    @property
    def difference(self) -> Fraction:
        """Actual minus planned: positive means the member did more of it than the deal says."""
        return self.actual - self.planned


@dataclass(frozen=True, slots=True)
class Drift:
    """A member off target beyond the tolerance, the same way, for ``run`` weeks running."""

    member: str
    direction: Direction
    weeks: tuple[Span, ...]  # (start, end) of each week
    average_gap: Fraction  # mean signed deviation over those weeks (positive: over)
    causes: tuple[Cause, ...]  # largest absolute difference first


def drift(
    *,
    weeks: Sequence[Balance],
    tolerance: Fraction,
    run: int = 3,
    planned_by_card: Mapping[tuple[str, str], Fraction] | None = None,
) -> list[Drift]:
    """The members who drift: |actual - target| > ``tolerance`` in each of the last ``run`` weeks.

    ``weeks`` are consecutive balances in date order (as :func:`weekly_shares` gives them);
    ``tolerance`` is in minutes and applies to each week as it is. A member drifts when their
    deviation exceeds the tolerance in each of the last ``run`` weeks, every time over or every
    time under. Only members present in all those weeks are judged; drifts come in the order of
    the members of the last week.

    ``planned_by_card`` gives the deal's weekly minutes per ``(member, card)``; the causes of a
    drift are the member's cards whose actual minutes over the drift weeks differ from the plan
    (weekly plan times each week's length), largest absolute difference first, ties by card name
    with free-text entries last. Cards of either sign are listed: those with the drift's sign
    push the member off target, the others hold them back. Without a plan every card's planned
    minutes are 0.

    Raises ValueError when ``run`` < 1 or the weeks are not consecutive.
    """
    if run < 1:
        raise ValueError("run must be at least 1")
    for before, after in itertools.pairwise(weeks):
        if after.start != before.end + _DAY:
            raise ValueError(f"weeks are not consecutive: {before.end} then {after.start}")
    if len(weeks) < run:
        return []
    last = weeks[-run:]
    plan = planned_by_card or {}
    found = []
    for name in (m.name for m in last[-1].members):
        try:
            rows = [w.member(name) for w in last]
        except KeyError:
            continue
        gaps = [r.deviation for r in rows]
        if all(g > tolerance for g in gaps):
            direction: Direction = "over"
        elif all(g < -tolerance for g in gaps):
            direction = "under"
        else:
            continue
        found.append(
            Drift(
                member=name,
                direction=direction,
                weeks=tuple((w.start, w.end) for w in last),
                average_gap=sum(gaps, _ZERO) / run,
                causes=_causes(name, last, rows, plan),
            )
        )
    return found


def _causes(
    name: str,
    weeks: Sequence[Balance],
    rows: Sequence[MemberBalance],
    plan: Mapping[tuple[str, str], Fraction],
) -> tuple[Cause, ...]:
    planned: dict[str | None, Fraction] = {}
    actual: dict[str | None, Fraction] = {}
    for week, row in zip(weeks, rows, strict=True):
        for (member, planned_card), minutes in plan.items():
            if member == name:
                span = week.weeks if week.plan_weeks is None else week.plan_weeks
                planned[planned_card] = planned.get(planned_card, _ZERO) + minutes * span
        for card, minutes in row.by_card.items():
            actual[card] = actual.get(card, _ZERO) + minutes
    causes = [
        Cause(card=card, planned=planned.get(card, _ZERO), actual=actual.get(card, _ZERO))
        for card in planned.keys() | actual.keys()
    ]
    causes = [c for c in causes if c.difference != 0]
    causes.sort(key=lambda c: (-abs(c.difference), _card_key(c.card)))
    return tuple(causes)


# --- one headline per member, and the line that adds up to it --------------------------------

LineKey = Literal[
    "planned", "skipped", "by_others", "open", "for_others", "extras", "logged", "share"
]


@dataclass(frozen=True, slots=True)
class Part:
    """One figure of the line, signed: how it moves the running total. ``key`` names it."""

    key: LineKey
    minutes: Fraction


def whole_minutes(minutes: Fraction) -> int:
    """To the nearest whole minute, halves away from zero: the rule every duration shown uses
    (so two members 7 min 30 s either side of their shares read "8 min over" and "8 min under")."""
    whole = math.floor(abs(minutes) + Fraction(1, 2))
    return -whole if minutes < 0 else whole


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """How a member's home work over a period adds up to their headline, exactly.

    The headline answers "am I carrying my share?": ``logged - share`` (positive: over their
    share, the same figure as :attr:`MemberBalance.deviation`). The line reads::

        planned - skipped - done by others - not logged + for others + extras = logged
        logged - share = headline

    ``planned`` is the deal's plan over the days it was in force; ``skipped`` their skipped
    occurrences; ``by_others`` what others logged on this member's cards (covers while they
    were away, things done for them); ``open`` is what is left of the plan once their own cards'
    minutes are taken out (negative: their own cards took more than planned); ``for_others``
    what they logged on others' cards; ``extras`` free text and cards outside the deal. Every
    kind of entry (doing, noticing, planning) counts where its card belongs. Without a deal
    (``has_plan`` False) everything logged is an extra and nothing is planned.
    """

    name: str
    has_plan: bool
    planned: Fraction
    skipped: Fraction
    by_others: Fraction
    own: Fraction
    for_others: Fraction
    extras: Fraction
    logged: Fraction
    share: Fraction

    @property
    def open(self) -> Fraction:
        """Plan left after skips, others' help and their own cards' minutes (may be negative)."""
        return self.planned - self.skipped - self.by_others - self.own

    @property
    def headline(self) -> Fraction:
        """Logged minus their share: positive means over their share."""
        return self.logged - self.share

    def parts(self) -> tuple[Part, ...]:
        """The signed figures before "= logged": they add up to :attr:`logged`."""
        return (
            Part("planned", self.planned),
            Part("skipped", -self.skipped),
            Part("by_others", -self.by_others),
            Part("open", -self.open),
            Part("for_others", self.for_others),
            Part("extras", self.extras),
        )

    def rounded(self) -> tuple[tuple[Part, ...], int, Part, int]:
        """The line in whole minutes that still adds up exactly as written.

        Each figure is the difference of the rounded running totals, so the shown parts add up
        to the shown logged minutes, and logged less the shown share is the shown headline;
        each part is at most a minute from its exact value and keeps its sign.
        Returns (parts, logged, share part, headline), parts with whole-minute Fractions.
        """
        out = []
        running = _ZERO
        shown = 0
        for part in self.parts():
            running += part.minutes
            now = whole_minutes(running)
            out.append(Part(part.key, Fraction(now - shown)))
            shown = now
        logged = whole_minutes(self.logged)
        headline = whole_minutes(self.headline)
        return tuple(out), logged, Part("share", Fraction(headline - logged)), headline


def reconcile(b: Balance) -> tuple[Reconciliation, ...]:
    """Each member's :class:`Reconciliation` of the balance ``b``, in its members' order.

    Exact: for every member ``sum(parts) == logged == home`` and ``logged - share`` is their
    deviation from target; ``has_plan`` is False when no deal planned a day of the period.
    """
    planned_any = b.plan_weeks != 0 and any(m.deal is not None for m in b.members)
    return tuple(
        Reconciliation(
            name=m.name,
            has_plan=planned_any,
            planned=m.plan,
            skipped=m.skipped,
            by_others=m.by_others,
            own=m.own,
            for_others=m.for_others,
            extras=m.extras,
            logged=m.home,
            share=m.target,
        )
        for m in b.members
    )
