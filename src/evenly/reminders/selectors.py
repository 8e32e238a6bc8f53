"""What a member can see of their own reminders: when the next ones come, and the latest ones
(sent, waiting, or not sent). Read only; never another member's."""

from __future__ import annotations

from datetime import datetime, timedelta

from evenly.core.reminder_times import digest_due, local_day, next_allowed
from evenly.households.models import Member
from evenly.reminders.models import Reminder, Status, quiet_of, zone_of
from evenly.reminders.services import LATE, after_move, preference_of, zone_moved

LATEST = 10


def reminders_next_at(*, member: Member, now: datetime) -> datetime | None:
    """When the member's reminders of a day next come (their digest time moved out of quiet
    hours), or None when every kind of reminder is off. Reminders already planned and waiting
    come first. After a change of time zone that put today's moment in the past: now (or when
    quiet hours end), as the job's next run sends them."""
    pref = preference_of(member)
    if not (pref.digest or pref.checkin or pref.nudges):
        return None
    waiting = (
        Reminder.objects.filter(member=member, status=Status.PENDING, due_at__gte=now - LATE)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    if waiting is not None:
        return max(waiting, now)
    zone = zone_of(member, pref)
    quiet = quiet_of(pref)
    today = local_day(now, zone)
    if pref.planned_on != today and zone_moved(pref, zone):
        # The zone changed and today's moment there has passed: the job sends today's at once.
        passed = next_allowed(digest_due(zone, today, pref.digest_at), zone, quiet)
        soon = after_move(pref=pref, zone=zone, now=now)
        if passed <= now and local_day(passed, zone) == today and soon is not None:
            return soon
    for day in (today, today + timedelta(days=1), today + timedelta(days=2)):
        at = next_allowed(digest_due(zone, day, pref.digest_at), zone, quiet)
        if at > now and local_day(at, zone) == day and pref.planned_on != day:
            return at
    return None


def reminders_latest(*, member: Member, limit: int = LATEST) -> list[Reminder]:
    """The member's latest reminders, the newest first: what was sent, what waits to be, and
    what was not sent (over the day's cap, done meanwhile, turned off)."""
    return list(Reminder.objects.filter(member=member).order_by("-due_at", "pk")[:limit])
