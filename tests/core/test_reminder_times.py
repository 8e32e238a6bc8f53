"""When reminders may go out: DST days in two zones, and quiet hours that wrap midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from evenly.core.reminder_times import Quiet, digest_due, in_quiet, local_day, next_allowed

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# (zone, the spring-forward day, the autumn day) of 2026
CHANGES = [
    (BERLIN, date(2026, 3, 29), date(2026, 10, 25)),
    (NEW_YORK, date(2026, 3, 8), date(2026, 11, 1)),
]


def _each_minute(zone: ZoneInfo, day: date) -> list[datetime]:
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return [start + timedelta(minutes=m) for m in range(int((end - start).total_seconds() // 60))]


def _times_due(zone: ZoneInfo, day: date, at: time) -> int:
    """How often a job run every minute of ``day`` finds the digest newly due."""
    due = digest_due(zone, day, at)
    seen = 0
    previous = None
    for now in _each_minute(zone, day):
        if previous is not None and previous < due <= now:
            seen += 1
        previous = now
    return seen + (1 if _each_minute(zone, day)[0] == due else 0)


@pytest.mark.parametrize(("zone", "spring", "autumn"), CHANGES)
def test_a_0230_digest_happens_once_on_the_spring_forward_day(
    zone: ZoneInfo, spring: date, autumn: date
) -> None:
    due = digest_due(zone, spring, time(2, 30))
    # 02:30 never shows on the clocks that day: it moves forward by the gap, to 03:30.
    assert due.astimezone(zone).time() == time(3, 30)
    assert local_day(due, zone) == spring
    assert _times_due(zone, spring, time(2, 30)) == 1


@pytest.mark.parametrize(("zone", "spring", "autumn"), CHANGES)
def test_a_0130_or_0230_digest_happens_once_on_the_autumn_day(
    zone: ZoneInfo, spring: date, autumn: date
) -> None:
    # The repeated hour: 02:30 in Berlin (02:00-03:00 twice), 01:30 in New York (01:00-02:00).
    repeated = time(2, 30) if zone is BERLIN else time(1, 30)
    due = digest_due(zone, autumn, repeated)
    assert due.astimezone(zone).time() == repeated
    assert due.astimezone(zone).fold == 0  # the first time the clocks show it
    assert _times_due(zone, autumn, repeated) == 1
    # The day is 25 hours long, and a day later the digest is at the usual time again.
    after = digest_due(zone, autumn + timedelta(days=1), repeated)
    assert after - due == timedelta(hours=25)


@pytest.mark.parametrize(("zone", "spring", "autumn"), CHANGES)
def test_the_digest_keeps_its_wall_clock_time_across_the_changes(
    zone: ZoneInfo, spring: date, autumn: date
) -> None:
    for day in (spring - timedelta(days=1), spring + timedelta(days=1), autumn + timedelta(days=1)):
        assert digest_due(zone, day, time(7, 30)).astimezone(zone).time() == time(7, 30)


def test_quiet_hours_within_a_day() -> None:
    quiet = Quiet(time(13, 0), time(15, 0))
    assert quiet.covers(time(13, 0)) and quiet.covers(time(14, 59))
    assert not quiet.covers(time(15, 0)) and not quiet.covers(time(12, 59))


def test_quiet_hours_that_wrap_midnight() -> None:
    quiet = Quiet(time(22, 0), time(7, 0))
    assert quiet.covers(time(22, 0)) and quiet.covers(time(23, 59))
    assert quiet.covers(time(0, 0)) and quiet.covers(time(6, 59))
    assert not quiet.covers(time(7, 0)) and not quiet.covers(time(21, 59))


def test_the_same_start_and_end_means_no_quiet_hours() -> None:
    assert not Quiet(time(8, 0), time(8, 0)).covers(time(8, 0))


def test_in_quiet_reads_the_members_own_clock() -> None:
    quiet = Quiet(time(22, 0), time(7, 0))
    instant = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)  # 06:00 in Berlin, 00:00 in New York
    assert in_quiet(instant, BERLIN, quiet)
    assert in_quiet(instant, NEW_YORK, quiet)
    later = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)  # 07:30 in Berlin, 01:30 in New York
    assert not in_quiet(later, BERLIN, quiet)
    assert in_quiet(later, NEW_YORK, quiet)


def test_next_allowed_is_the_end_of_quiet_hours() -> None:
    quiet = Quiet(time(22, 0), time(7, 0))
    # Late evening: tomorrow morning.
    evening = datetime(2026, 12, 7, 23, 30, tzinfo=BERLIN)
    assert next_allowed(evening, BERLIN, quiet) == datetime(2026, 12, 8, 7, 0, tzinfo=BERLIN)
    # Small hours: this morning.
    night = datetime(2026, 12, 8, 3, 0, tzinfo=BERLIN)
    assert next_allowed(night, BERLIN, quiet) == datetime(2026, 12, 8, 7, 0, tzinfo=BERLIN)
    # Outside: at once.
    day = datetime(2026, 12, 8, 12, 0, tzinfo=BERLIN)
    assert next_allowed(day, BERLIN, quiet) == day


def test_next_allowed_over_the_spring_gap() -> None:
    # Quiet until 02:30 on the night the clocks jump from 02:00 to 03:00: it ends at 03:00 sharp
    # at the latest (the first real instant after the gap), never earlier than asked.
    quiet = Quiet(time(23, 0), time(2, 30))
    night = datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN)
    end = next_allowed(night, BERLIN, quiet)
    assert end > night
    assert not in_quiet(end, BERLIN, quiet)
    assert local_day(end, BERLIN) == date(2026, 3, 29)
