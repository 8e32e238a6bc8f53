"""When a responsibility is due: a parsed cadence turned into concrete dates, and whose turn it is.

The schedule must agree with the deal, which counts a card's load as ``cadence.per_week``
occurrences a week; so every cadence here comes round exactly that often in the long run.
"""

from __future__ import annotations

import datetime
import enum
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from evenly.core import bounds
from evenly.core.bounds import MAX_OCCURRENCES_PER_WEEK
from evenly.core.cadence import Cadence, parse_cadence
from evenly.core.words import Words, say, say_n

T = TypeVar("T")  # a member, by name or by id

# Cadences tied to days of the week rather than to an interval; Monday is 0 (date.weekday()).
_WEEKDAY_SETS: dict[str, frozenset[int]] = {
    "daily": frozenset(range(7)),
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One time a responsibility is due: its place in the sequence and its date.

    ``index`` is 0 for the first occurrence on or after the anchor and counts up, so it stays
    the same whichever date range it was asked for in (rotations turn on it). ``at`` is the
    card's time of day (household time zone), if it has one; ``any_day`` means the occurrence
    may be done on any day of its week: it is due by that week's Sunday (see :func:`due_by`).
    """

    index: int
    on: datetime.date
    at: datetime.time | None = None
    any_day: bool = False


def occurrences(
    cadence: Cadence | str,
    *,
    anchor: datetime.date,
    start: datetime.date,
    end: datetime.date,
) -> list[Occurrence]:
    """Occurrences with ``start <= on <= end`` (inclusive), in date order. Nothing before anchor.

    ``daily``, ``weekdays`` and ``weekends`` fall on those days of the week from the anchor on.
    Every other cadence falls on ``anchor + floor(k * 7 / per_week)`` days for k = 0, 1, 2, ...
    (so ``weekly`` keeps the anchor's weekday and ``3 per week`` falls on days 0, 2, 4, 7, ...).
    A cadence given as text is parsed first (a count beyond its bound, as in an old database
    row, is lowered to the bound) and may raise :class:`CadenceError`. Any cadence comes round
    at most
    :data:`~evenly.core.bounds.MAX_OCCURRENCES_PER_WEEK` times a week, and never when it
    comes round zero or fewer times, so no cadence can make this slow.
    """
    parsed = parse_cadence(cadence, clamp=True) if isinstance(cadence, str) else cadence
    first = max(start, anchor)
    if first > end:
        return []
    days = _WEEKDAY_SETS.get(parsed.text)
    if days is not None:
        return _on_weekdays(days, anchor, first, end)
    per_week = _per_week(parsed)
    if per_week is None:
        return []
    return _on_interval(Fraction(7) / per_week, anchor, first, end)


def _per_week(cadence: Cadence) -> Fraction | None:
    """How often the cadence comes round, clamped to the bound; None when it never does."""
    try:
        per_week = Fraction(cadence.per_week)
    except (TypeError, ValueError, OverflowError):  # NaN, infinite or not a number at all
        return None
    if per_week <= 0:
        return None
    return min(per_week, MAX_OCCURRENCES_PER_WEEK)


def card_anchor(cadence: Cadence | str, *, anchor: datetime.date, salt: int) -> datetime.date:
    """The day a card's schedule starts: the household's anchor, shifted by ``salt``.

    Without a shift every weekly card of a household would fall on the same weekday. The shift
    is ``salt`` modulo the card's whole interval in days (no shift for cadences tied to days of
    the week, or for intervals under two days), so it stays within the first interval.
    """
    parsed = cadence if isinstance(cadence, Cadence) else parse_cadence(cadence, clamp=True)
    if parsed.text in _WEEKDAY_SETS:
        return anchor
    per_week = _per_week(parsed)
    if per_week is None:
        return anchor
    days = math.floor(Fraction(7) / per_week)
    return anchor + datetime.timedelta(days=salt % days) if days >= 2 else anchor


def rotation_turn(members: Sequence[T], index: int) -> T:
    """Whose turn occurrence ``index`` of a rotation is.

    Members take turns in the given order (``index`` mod the number of members).
    Raises :class:`ValueError` on an empty list.
    """
    if not members:
        raise ValueError("a rotation needs at least one member")
    return members[index % len(members)]


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the ISO week containing ``day``."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _on_weekdays(
    days: frozenset[int], anchor: datetime.date, first: datetime.date, end: datetime.date
) -> list[Occurrence]:
    # Every day in range is a candidate, and at least 2 in 7 match, so walking the range is
    # still O(occurrences); only the days before it are counted arithmetically.
    index = _count_days_between(days, anchor, first)
    result: list[Occurrence] = []
    for offset in range((end - first).days + 1):
        day = first + datetime.timedelta(days=offset)
        if day.weekday() in days:
            result.append(Occurrence(index, day))
            index += 1
    return result


def _count_days_between(days: frozenset[int], since: datetime.date, until: datetime.date) -> int:
    """How many dates in ``[since, until)`` fall on one of ``days`` (weekday numbers)."""
    span = (until - since).days
    # Whole weeks hold every weekday once; only the leftover days need looking at.
    whole, rest = divmod(span, 7)
    head = since.weekday()
    return whole * len(days) + sum((head + i) % 7 in days for i in range(rest))


def _on_interval(
    interval: Fraction, anchor: datetime.date, first: datetime.date, end: datetime.date
) -> list[Occurrence]:
    # Occurrence k falls floor(k * interval) days after the anchor. For a whole number of days d,
    # floor(k * interval) >= d exactly when k >= d / interval, so the first k in range is
    # ceil(d_first / interval) and the last is the largest k below (d_end + 1) / interval.
    # With interval = p / q in lowest terms every step is integer arithmetic (exact, as the
    # Fractions were, so long-run counts equal per_week with no drift however far the range
    # is from the anchor), and cheaper: a hundred cards are placed on every cold week page.
    p, q = interval.numerator, interval.denominator
    d_first = (first - anchor).days
    d_end = (end - anchor).days
    k_first = -((-d_first * q) // p)  # ceil(d_first * q / p)
    k_last = -((-(d_end + 1) * q) // p) - 1
    base = anchor.toordinal()
    return [
        Occurrence(k, datetime.date.fromordinal(base + k * p // q))
        for k in range(k_first, k_last + 1)
    ]


# --- Chosen days and times --------------------------------------------------------------------

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Timing:
    """When a card happens, as the household chose it.

    ``weekdays`` (Monday is 0), or ``month_day`` (1 to :data:`~evenly.core.bounds.MAX_MONTH_DAY`),
    or ``any_day`` ("any day this week"), at most one of the three; with none of them the card
    keeps the days Evenly spreads it on (:func:`card_anchor` and :func:`occurrences`). ``at`` is
    an optional time of day in the household's time zone.
    """

    weekdays: frozenset[int] = frozenset()
    month_day: int | None = None
    at: datetime.time | None = None
    any_day: bool = False

    @property
    def days_chosen(self) -> bool:
        """Whether the household chose the days (rather than leaving them to Evenly)."""
        return bool(self.weekdays) or self.month_day is not None or self.any_day

    def label(self) -> str:
        """How a card list says it: "Sat 09:00", "Mon, Wed, Fri", "any day", "the 15th", ""."""
        if self.any_day:
            days = "any day"
        elif self.weekdays:
            days = ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays) if 0 <= d <= 6)
        elif self.month_day is not None:
            days = f"the {_ordinal(self.month_day)}"
        else:
            days = ""
        at = self.at.strftime("%H:%M") if self.at is not None else ""
        return " ".join(part for part in (days, at) if part)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Shape(enum.Enum):
    """Which days a cadence lets a household choose."""

    DAYS_IMPLIED = "days implied"  # daily, weekdays, weekends: only a time
    WEEKDAYS = "weekdays"  # n times a week (n <= 7): n days of the week
    EVERY_WEEKS = "every weeks"  # every N weeks: one day of the week
    MONTH_DAY = "month day"  # every N months: one day of the month
    SPREAD = "spread"  # anything else: Evenly spreads it; any day, or a time


_EVERY_DAYS = re.compile(r"^every (\d+) days?$")
_EVERY_WEEKS = re.compile(r"^every (\d+) weeks?$")
_EVERY_MONTHS = re.compile(r"^every (\d+) months?$")
_PER_WEEK = re.compile(r"^(\d+) per week$")


def cadence_shape(cadence: Cadence | str) -> tuple[Shape, int]:
    """The cadence's :class:`Shape` and its count: days a week for ``WEEKDAYS``, weeks apart
    for ``EVERY_WEEKS``, months apart for ``MONTH_DAY`` (0 otherwise).

    ``weekly``, ``N per week`` (N up to 7) and ``every 7 days`` name N days of the week;
    ``fortnightly``, ``every N weeks`` and ``every 7N days`` one day every N weeks;
    ``monthly``, ``quarterly`` and ``every N months`` a day of the month. Text that does not
    parse is ``SPREAD``.
    """
    try:
        text = (
            cadence.text
            if isinstance(cadence, Cadence)
            else parse_cadence(cadence, clamp=True).text
        )
    except ValueError:
        return Shape.SPREAD, 0
    if text in _WEEKDAY_SETS:
        return Shape.DAYS_IMPLIED, 0
    weeks = 0
    if text == "weekly":
        return Shape.WEEKDAYS, 1
    if m := _PER_WEEK.match(text):
        n = int(m.group(1))
        return (Shape.WEEKDAYS, n) if n <= bounds.MAX_CHOSEN_WEEKDAYS else (Shape.SPREAD, 0)
    if text == "fortnightly":
        weeks = 2
    elif m := _EVERY_WEEKS.match(text):
        weeks = int(m.group(1))
    elif (m := _EVERY_DAYS.match(text)) and int(m.group(1)) % 7 == 0:
        weeks = int(m.group(1)) // 7
    if weeks == 1:
        return Shape.WEEKDAYS, 1
    if weeks >= 2:
        return Shape.EVERY_WEEKS, weeks
    if text == "monthly":
        return Shape.MONTH_DAY, 1
    if text == "quarterly":
        return Shape.MONTH_DAY, 3
    if m := _EVERY_MONTHS.match(text):
        return Shape.MONTH_DAY, int(m.group(1))
    return Shape.SPREAD, 0


def timing_problem(cadence: Cadence | str, timing: Timing) -> Words | None:
    """None when ``timing`` fits the cadence, else one sentence saying what would.

    ``weekly`` and ``N per week`` take exactly N days of the week (at most
    :data:`~evenly.core.bounds.MAX_CHOSEN_WEEKDAYS`); ``every N weeks`` one; monthly cadences a
    day of the month within :data:`~evenly.core.bounds.MONTH_DAY`; ``daily``, ``weekdays`` and
    ``weekends`` only a time. Any cadence but those three may be "any day this week", which
    takes no time of day. No days chosen always fits (Evenly spreads the card).
    """
    try:
        parsed = parse_cadence(cadence, clamp=True) if isinstance(cadence, str) else cadence
        text = parsed.text
    except ValueError:
        text = str(cadence)
    shape, count = cadence_shape(cadence)
    chosen = sum((bool(timing.weekdays), timing.month_day is not None, timing.any_day))
    if chosen > 1:
        return say("choose days of the week, a day of the month, or any day this week: only one")
    if any(not 0 <= d <= 6 for d in timing.weekdays):
        return say("the days of the week are Monday to Sunday")
    if timing.any_day:
        if shape is Shape.DAYS_IMPLIED:
            return say(
                '"{cadence}" already says which days; choose only a time of day', cadence=text
            )
        if timing.at is not None:
            return say("a card for any day this week has no time of day; leave the time empty")
        return None
    if timing.weekdays:
        return _weekdays_problem(text, shape, count, len(timing.weekdays))
    if timing.month_day is not None:
        if shape is not Shape.MONTH_DAY:
            return say('a day of the month fits a monthly card, not "{cadence}"', cadence=text)
        return bounds.MONTH_DAY.check(timing.month_day)
    return None


def _weekdays_problem(text: str, shape: Shape, count: int, n: int) -> Words | None:
    """Whether ``n`` chosen days of the week fit a cadence of this shape."""
    if shape is Shape.WEEKDAYS:
        if n != count:
            return say_n(
                '"{cadence}" comes round once a week: choose 1 day of the week (not {n})',
                '"{cadence}" comes round {count} times a week: '
                "choose {count} days of the week (not {n})",
                count,
                cadence=text,
                n=n,
            )
        return None
    if shape is Shape.EVERY_WEEKS:
        if n != 1:
            return say(
                '"{cadence}" comes round once every {weeks} weeks: choose 1 day of the week',
                cadence=text,
                weeks=count,
            )
        return None
    if shape is Shape.DAYS_IMPLIED:
        return say('"{cadence}" already says which days; choose only a time of day', cadence=text)
    if shape is Shape.MONTH_DAY:
        return say(
            '"{cadence}" is monthly: choose a day of the month, not days of the week', cadence=text
        )
    return say(
        "days of the week can be chosen for up to {max} times a week; "
        '"{cadence}" can be any day this week, or left to Evenly',
        max=bounds.MAX_CHOSEN_WEEKDAYS,
        cadence=text,
    )


def placed(
    cadence: Cadence | str,
    timing: Timing,
    *,
    anchor: datetime.date,
    salt: int,
    start: datetime.date,
    end: datetime.date,
) -> list[Occurrence]:
    """A card's occurrences with ``start <= on <= end``, in date order, on its chosen days.

    Chosen days fall on or after ``anchor`` (the household's), and ``index`` 0 is the first
    of them, so rotations turn once per occurrence. Days of the week repeat every week
    (``every N weeks``: in every N-th week counted from the week of the card's own anchor,
    :func:`card_anchor`, which is ``anchor`` shifted by ``salt``); a day of the month in
    every N-th month counted from the card anchor's month. With no days chosen, or "any day
    this week" (flagged ``any_day``), or a timing that no longer fits the cadence (it changed
    since), the dates and indexes are
    Evenly's own spread (:func:`occurrences`). Every occurrence carries ``timing.at``.
    A cadence given as text that does not parse raises :class:`CadenceError`, as
    :func:`occurrences` does.
    """
    parsed, shape, count, fits = _plan(cadence, timing)
    first_day = card_anchor(parsed, anchor=anchor, salt=salt)
    # Chosen days count from the household's anchor (a card chosen for Saturday is due this
    # Saturday even in a household's first days); the spread from the card's own anchor.
    lo = max(start, anchor)
    result: list[Occurrence]
    if lo > end:
        result = []
    elif fits and timing.weekdays and shape is Shape.WEEKDAYS:
        result = _on_weekdays(timing.weekdays, anchor, lo, end)
    elif fits and timing.weekdays and shape is Shape.EVERY_WEEKS:
        (weekday,) = timing.weekdays
        result = _every_weeks(count, weekday, first_day, anchor, lo, end)
    elif fits and timing.month_day is not None:
        result = _every_months(count, timing.month_day, first_day, anchor, lo, end)
    else:
        any_day = fits and timing.any_day
        spread = occurrences(parsed, anchor=first_day, start=start, end=end)
        if timing.at is None and not any_day:
            return spread
        return [Occurrence(occ.index, occ.on, timing.at, any_day) for occ in spread]
    if timing.at is None:
        return result
    return [Occurrence(occ.index, occ.on, timing.at) for occ in result]


@functools.lru_cache(maxsize=1024)
def _plan(cadence: Cadence | str, timing: Timing) -> tuple[Cadence, Shape, int, bool]:
    """The cadence parsed, its shape and count, and whether ``timing`` fits it: the same for
    every occurrence of a card, so worked out once per cadence and timing, not once per card
    per page (the regular expressions behind them were a fifth of a cold week's schedule).
    A cadence that does not parse raises, and is not kept."""
    parsed = parse_cadence(cadence, clamp=True) if isinstance(cadence, str) else cadence
    shape, count = cadence_shape(parsed)
    return parsed, shape, count, timing_problem(parsed, timing) is None


def _every_weeks(
    weeks: int,
    weekday: int,
    phase: datetime.date,
    since: datetime.date,
    lo: datetime.date,
    end: datetime.date,
) -> list[Occurrence]:
    # Candidates are monday0 + 7 * weeks * j + weekday, monday0 being the Monday of the
    # phase's week; the first one on or after ``since`` is index 0.
    monday0 = phase - datetime.timedelta(days=phase.weekday())
    step = 7 * weeks

    def day(j: int) -> datetime.date:
        return monday0 + datetime.timedelta(days=step * j + weekday)

    j0 = math.ceil(((since - monday0).days - weekday) / step)
    j = max(j0, math.ceil(((lo - monday0).days - weekday) / step))
    result: list[Occurrence] = []
    while (on := day(j)) <= end:
        result.append(Occurrence(j - j0, on))
        j += 1
    return result


def _every_months(
    months: int,
    month_day: int,
    phase: datetime.date,
    since: datetime.date,
    lo: datetime.date,
    end: datetime.date,
) -> list[Occurrence]:
    # Candidates fall on ``month_day`` of every ``months``-th month from the phase's month.
    m0 = phase.year * 12 + phase.month - 1

    def day(j: int) -> datetime.date:
        year, month = divmod(m0 + months * j, 12)
        return datetime.date(year, month + 1, month_day)

    def first_from(bound: datetime.date) -> int:
        j = (bound.year * 12 + bound.month - 1 - m0) // months
        while day(j) < bound:
            j += 1
        return j

    j0 = first_from(since)
    j = max(j0, first_from(lo))
    result: list[Occurrence] = []
    while (on := day(j)) <= end:
        result.append(Occurrence(j - j0, on))
        j += 1
    return result


def due_by(occurrence: Occurrence) -> datetime.date:
    """The last day an occurrence is on time: its own day, or for "any day this week" the
    Sunday of its week."""
    return week_of(occurrence.on)[1] if occurrence.any_day else occurrence.on


# Looking ahead for the next turn: far enough for the rarest cadence (every 60 months).
_NEXT_TURN_HORIZON_DAYS = 31 * bounds.MAX_EVERY_MONTHS + 7 * 2


def next_turn(
    members: Sequence[T],
    cadence: Cadence | str,
    timing: Timing,
    *,
    anchor: datetime.date,
    salt: int,
    today: datetime.date,
) -> tuple[T, datetime.date] | None:
    """Whose turn the next occurrence on or after ``today`` is, and its date; None when the
    rotation is empty or the card never comes round again within the horizon."""
    if not members:
        return None
    span = 14
    start = today
    while True:
        end = min(
            today + datetime.timedelta(days=_NEXT_TURN_HORIZON_DAYS),
            start + datetime.timedelta(days=span),
        )
        found = placed(cadence, timing, anchor=anchor, salt=salt, start=start, end=end)
        if found:
            return rotation_turn(members, found[0].index), found[0].on
        if end >= today + datetime.timedelta(days=_NEXT_TURN_HORIZON_DAYS):
            return None
        start, span = end + datetime.timedelta(days=1), span * 4


def timing_keeping_days(cadence: Cadence | str, *, anchor: datetime.date, salt: int) -> Timing:
    """The timing whose days are exactly the ones Evenly spreads the card on today, with the
    same indexes (so turns do not move); ``Timing()`` (keep the spread) when no fixed choice
    reproduces it: for ``N per week`` with N over 7, ``N per month``, ``N per year``,
    ``yearly``, monthly cadences (spread every 52/12 weeks, not on one day of the month),
    ``every N days`` unless N is a multiple of 7, and ``daily``/``weekdays``/``weekends``
    (their days are implied already).
    """
    parsed = parse_cadence(cadence, clamp=True) if isinstance(cadence, str) else cadence
    shape, _ = cadence_shape(parsed)
    first_day = card_anchor(parsed, anchor=anchor, salt=salt)
    if shape is Shape.WEEKDAYS:
        days = occurrences(
            parsed, anchor=first_day, start=first_day, end=first_day + datetime.timedelta(days=6)
        )
        return Timing(weekdays=frozenset(o.on.weekday() for o in days))
    if shape is Shape.EVERY_WEEKS:
        return Timing(weekdays=frozenset({first_day.weekday()}))
    return Timing()
