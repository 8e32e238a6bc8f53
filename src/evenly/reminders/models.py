"""A member's reminder settings, the reminders themselves (one row per message, with a unique
key, claimed before sending), and the phones they asked Evenly to send to."""

from __future__ import annotations

import zoneinfo
from datetime import time

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.core import bounds
from evenly.core.reminder_times import Quiet
from evenly.households.models import HouseholdQuerySet, Member


class PreferenceQuerySet(HouseholdQuerySet["Preference"]):
    household_path = "member__household"


class Preference(models.Model):
    """How and when one member wants to be reminded. A member without a row has the defaults."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    digest = models.BooleanField("Daily digest", default=True)
    digest_at = models.TimeField("Digest time", default=time(8, 0))
    # Empty: the household's time zone.
    time_zone = models.CharField("Your time zone", max_length=64, blank=True)
    checkin = models.BooleanField("Weekly check-in reminder", default=True)
    nudges = models.BooleanField("Nudges for what is overdue", default=True)
    quiet_start = models.TimeField("Quiet from", default=time(22, 0))
    quiet_end = models.TimeField("Quiet until", default=time(7, 0))
    per_day = models.PositiveSmallIntegerField(
        "At most this many a day", default=bounds.DEFAULT_REMINDERS_PER_DAY
    )
    by_email = models.BooleanField("By email", default=True)
    by_push = models.BooleanField("On my phone (push)", default=True)
    # The member's local date whose reminders the job has planned; None: plan again today.
    planned_on = models.DateField(null=True, blank=True)
    # When the job next looks at this member (their next reminder moment); None: at once.
    next_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The time zone the job last reckoned this member's day in (empty: not yet). When theirs,
    # or their household's, is another now, the zone changed: the job looks at once, and a
    # reminder time already passed in the new zone is no downtime to skip (see _when).
    planned_zone = models.CharField(max_length=64, blank=True, default="")

    objects = PreferenceQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Reminders of {self.member}"


def zone_of(member: Member, pref: Preference | None) -> zoneinfo.ZoneInfo:
    """The member's own time zone, or the household's."""
    if pref is not None and pref.time_zone:
        return zoneinfo.ZoneInfo(pref.time_zone)
    return member.household.zone


def quiet_of(pref: Preference) -> Quiet:
    return Quiet(pref.quiet_start, pref.quiet_end)


class Kind(models.TextChoices):
    DIGEST = "digest", _("Daily digest")
    CHECKIN = "checkin", _("Weekly check-in reminder")
    NUDGE = "nudge", _("Nudge for something overdue")


# The kinds as words inside a sentence ("no more daily digest emails").
KIND_PHRASES = {
    Kind.DIGEST: _("daily digest"),
    Kind.CHECKIN: _("weekly check-in reminder"),
    Kind.NUDGE: _("nudge for something overdue"),
}


class Channel(models.TextChoices):
    EMAIL = "email", _("email")
    PUSH = "push", _("push")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    DROPPED = "dropped", _("Not sent")
    FAILED = "failed", _("Could not be sent")


class ReminderQuerySet(HouseholdQuerySet["Reminder"]):
    household_path = "member__household"


class Reminder(models.Model):
    """One message to one member on one channel. ``key`` is unique, so planning it twice (two
    runs, two workers) makes one row, and claiming it (pending to claimed) lets one worker send.

    ``subject`` is household text only (a card's name, "the weekly check-in"), never a rating
    or anything anyone wrote privately."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    key = models.CharField(max_length=255, unique=True)
    # The member's local date it belongs to: the daily cap counts these, and a reminder of a
    # day that has passed is never sent.
    local_date = models.DateField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The run that claimed it (a random id), so a run sends only what it claimed itself.
    claimed_by = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    subject = models.CharField(max_length=200)
    # What it is about, to check right before sending that it still waits (empty: a digest).
    need_key = models.CharField(max_length=200, blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="reminder_due"),
            models.Index(fields=["member", "local_date"], name="reminder_member_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.member} by {self.channel}: {self.status}"


class PushQuerySet(HouseholdQuerySet["PushSubscription"]):
    household_path = "member__household"


class PushSubscription(models.Model):
    """A browser or phone that asked for this member's reminders (the Push API's subscription).
    A push service answering 404 or 410 means it is gone: the row is deleted."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PushQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Push to {self.member}"
