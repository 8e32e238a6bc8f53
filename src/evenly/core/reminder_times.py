"""When a reminder may go out: pure rules about wall-clock times in a member's own time zone.

A daily digest is "at 07:30 where I live". Twice a year that wall-clock time is odd: on the
spring-forward day a time in the skipped hour (02:30 in Europe/Berlin or America/New_York) never
shows on any clock, and on the autumn day a time in the repeated hour shows twice. Both days
still get exactly one instant: a skipped time moves forward by the gap (02:30 becomes 03:30),
and a repeated time is its first occurrence. Quiet hours are a wall-clock range that may wrap
midnight (22:00 to 07:00); nothing is sent inside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Quiet:
    """Quiet hours from ``start`` to ``end`` (local wall-clock times, ``end`` excluded).

    ``start`` after ``end`` wraps midnight; ``start`` equal to ``end`` means no quiet hours.
    """

    start: time
    end: time

    def covers(self, wall: time) -> bool:
        """Whether the local wall-clock time ``wall`` falls inside the quiet hours."""
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    """The date on the calendar in ``zone`` at ``instant`` (an aware datetime)."""
    return instant.astimezone(zone).date()


def moment(zone: ZoneInfo, on: date, at: time) -> datetime:
    """The one instant (in UTC) at which the clocks of ``zone`` show ``at`` on ``on``.

    A wall-clock time skipped by a spring-forward change moves forward by the gap; a time shown
    twice by an autumn change is its first occurrence. So every date has exactly one instant.
    """
    # fold=0 reads the wall time with the offset in force before a change (PEP 495): a repeated
    # time is its first occurrence, and a skipped one lands after the gap, moved forward by it.
    wall = datetime.combine(on, at.replace(tzinfo=None, fold=0))
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def digest_due(zone: ZoneInfo, on: date, at: time) -> datetime:
    """When the daily digest of the local date ``on`` falls due, for a digest at ``at``."""
    return moment(zone, on, at)


def in_quiet(instant: datetime, zone: ZoneInfo, quiet: Quiet) -> bool:
    """Whether ``instant`` falls inside the quiet hours, read on the clocks of ``zone``."""
    return quiet.covers(instant.astimezone(zone).time().replace(tzinfo=None))


def next_allowed(instant: datetime, zone: ZoneInfo, quiet: Quiet) -> datetime:
    """``instant`` itself outside quiet hours, else the instant the quiet hours end (in UTC).

    Quiet hours that began yesterday evening end this morning; quiet hours that begin tonight
    end tomorrow morning. The end is found with :func:`moment`, so it is a real instant on the
    days the clocks change as well.
    """
    if not in_quiet(instant, zone, quiet):
        return instant.astimezone(UTC)
    here = instant.astimezone(zone)
    today = here.date()
    wall = here.time().replace(tzinfo=None)
    end_day = today if wall < quiet.end else today + timedelta(days=1)
    end = moment(zone, end_day, quiet.end)
    # The end moved forward over a gap may still read as quiet; never earlier than the instant.
    return max(end, instant.astimezone(UTC))
