"""The weekly check-in's calendar: when the next one opens, and a gentle record of the weeks
in which the household held one.

Times are aware datetimes; the household's weekday and time of day are read in its own zone,
so a check-in "on Sunday at 19:00" stays at 19:00 across a change of summer time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# A check-in held early (or late) stands in for the scheduled one nearby: the next one is
# never sooner than this after the last one opened.
MIN_GAP = timedelta(days=4)
RECORD_WEEKS = 8


def next_opening(
    *,
    weekday: int,
    at: time,
    zone: ZoneInfo,
    now: datetime,
    last_opened: datetime | None = None,
) -> datetime:
    """The first scheduled time (``weekday`` 0 = Monday, ``at`` local time in ``zone``)
    strictly after ``now`` and at least ``MIN_GAP`` after ``last_opened``.

    On Monday 23 November 2026 at noon, "Sundays at 19:00" next opens on Sunday the 29th:

    >>> from datetime import UTC
    >>> z = ZoneInfo("Europe/London")
    >>> next_opening(weekday=6, at=time(19), zone=z, now=datetime(2026, 11, 23, 12, tzinfo=UTC))
    datetime.datetime(2026, 11, 29, 19, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
    """
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    after = now if last_opened is None else max(now, last_opened + MIN_GAP)
    local = after.astimezone(zone)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    while True:
        candidate = datetime.combine(day, at, tzinfo=zone)
        if candidate > after:
            return candidate
        day += timedelta(days=7)


@dataclass(frozen=True)
class WeekHeld:
    """One week of the record: its Monday, and whether a check-in was held in it."""

    monday: date
    held: bool


def weeks_held(
    held_on: Iterable[date], *, today: date, weeks: int = RECORD_WEEKS
) -> list[WeekHeld]:
    """The last ``weeks`` weeks (Monday to Sunday), oldest first, the current week last, each
    marked held when any day in ``held_on`` falls in it."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    this_monday = today - timedelta(days=today.weekday())
    mondays = {d - timedelta(days=d.weekday()) for d in held_on}
    return [
        WeekHeld(monday=m, held=m in mondays)
        for m in (this_monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1))
    ]


def record_sentence(record: list[WeekHeld]) -> str:
    """The record in one kind sentence: no streaks, no scolding."""
    held = sum(w.held for w in record)
    n = len(record)
    if held == 0:
        return f"No check-ins in the last {n} weeks yet. The next one is a fine place to start."
    if held == n:
        return f"You met every week of the last {n}."
    return f"You met in {held} of the last {n} weeks."
