"""When a responsibility is due: a parsed cadence turned into concrete dates, and whose turn it is.

The schedule must agree with the deal, which counts a card's load as ``cadence.per_week``
occurrences a week; so every cadence here comes round exactly that often in the long run.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from evenly.core.bounds import MAX_OCCURRENCES_PER_WEEK
from evenly.core.cadence import Cadence, parse_cadence

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
    the same whichever date range it was asked for in (rotations turn on it).
    """

    index: int
    on: datetime.date


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
    # Exact Fractions (math.ceil/floor on them never go through float) keep long-run counts
    # equal to per_week, with no drift however far the range is from the anchor.
    d_first = (first - anchor).days
    d_end = (end - anchor).days
    k_first = math.ceil(d_first / interval)
    k_last = math.ceil((d_end + 1) / interval) - 1
    return [
        Occurrence(k, anchor + datetime.timedelta(days=math.floor(k * interval)))
        for k in range(k_first, k_last + 1)
    ]
