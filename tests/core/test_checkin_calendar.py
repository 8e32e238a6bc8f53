"""When the next check-in opens, and the gentle 8-week record."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evenly.core.checkin import (
    MIN_GAP,
    WeekHeld,
    next_opening,
    record_sentence,
    weeks_held,
)

LONDON = ZoneInfo("Europe/London")


def test_the_next_sunday_evening() -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)  # a Monday
    got = next_opening(weekday=6, at=time(19), zone=LONDON, now=now)
    assert got == datetime(2026, 11, 29, 19, tzinfo=LONDON)


def test_later_today_and_just_missed() -> None:
    monday_noon = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert next_opening(weekday=0, at=time(19), zone=LONDON, now=monday_noon).date() == date(
        2026, 11, 23
    )
    assert next_opening(weekday=0, at=time(11), zone=LONDON, now=monday_noon).date() == date(
        2026, 11, 30
    )


def test_local_time_holds_across_summer_time() -> None:
    # 29 March 2026: the clocks go forward in London. Sunday 19:00 stays 19:00 local.
    before = datetime(2026, 3, 23, tzinfo=UTC)
    got = next_opening(weekday=6, at=time(19), zone=LONDON, now=before)
    assert got.astimezone(LONDON).time() == time(19)
    assert got.astimezone(UTC).time() == time(18)


def test_an_early_check_in_stands_in_for_the_scheduled_one() -> None:
    # Held on Friday instead of Sunday: the next one is the Sunday after, not in two days.
    friday = datetime(2026, 11, 27, 20, tzinfo=LONDON)
    got = next_opening(weekday=6, at=time(19), zone=LONDON, now=friday, last_opened=friday)
    assert got.date() == date(2026, 12, 6)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="weekday"):
        next_opening(weekday=7, at=time(19), zone=LONDON, now=datetime.now(UTC))
    with pytest.raises(ValueError, match="aware"):
        next_opening(weekday=1, at=time(19), zone=LONDON, now=datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        weeks_held([], today=date(2026, 1, 1), weeks=0)


@given(
    weekday=st.integers(0, 6),
    at=st.times(),
    now=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    gap=st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]),
)
def test_next_opening_is_the_first_matching_time_after(
    weekday: int, at: time, now: datetime, gap: timedelta | None, zone: str
) -> None:
    z = ZoneInfo(zone)
    last = None if gap is None else now - gap
    got = next_opening(weekday=weekday, at=at, zone=z, now=now, last_opened=last)
    local = got.astimezone(z)
    assert local.weekday() == weekday
    assert got > now
    if last is not None:
        assert got > last + MIN_GAP
    # Not more than a week (plus a skipped stand-in week, plus a shifted hour) away.
    floor = now if last is None else max(now, last + MIN_GAP)
    assert got - floor <= timedelta(days=7, hours=2)


def test_the_record_is_weeks_oldest_first() -> None:
    today = date(2026, 11, 25)  # a Wednesday
    record = weeks_held([date(2026, 11, 23), date(2026, 11, 15), date(2025, 1, 1)], today=today)
    assert len(record) == 8
    assert record[-1] == WeekHeld(date(2026, 11, 23), True)
    assert record[-2] == WeekHeld(date(2026, 11, 16), False)
    assert record[-3] == WeekHeld(date(2026, 11, 9), True)  # Sunday 15th is in that week
    assert sum(w.held for w in record) == 2


def test_the_sentence_is_kind() -> None:
    today = date(2026, 11, 25)
    assert record_sentence(weeks_held([], today=today)).startswith("No check-ins")
    assert record_sentence(weeks_held([today], today=today)) == "You met in 1 of the last 8 weeks."
    every = [today - timedelta(weeks=k) for k in range(8)]
    assert record_sentence(weeks_held(every, today=today)) == "You met every week of the last 8."
