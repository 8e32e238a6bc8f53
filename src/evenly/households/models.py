"""Households, their members, and the invitations that bring a partner in."""

from __future__ import annotations

import zoneinfo
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from evenly.core.model import FairnessBasis

FAIRNESS_CHOICES = [(b.value, b.description.capitalize()) for b in FairnessBasis]
MAX_MEMBERS = 8


class Household(models.Model):
    name = models.CharField(max_length=80)
    time_zone = models.CharField(max_length=64, default="Europe/London")
    fairness = models.CharField(max_length=16, choices=FAIRNESS_CHOICES, default="equal")
    tolerance_minutes = models.PositiveIntegerField(default=15)
    # Weeks running a member must be off their share before the balance page calls it drift.
    drift_weeks = models.PositiveSmallIntegerField(default=3)
    # The fairness rule counts each member's weekly goal for time of their own like paid work.
    count_personal_time = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> date:
        """Today where the household lives."""
        return timezone.now().astimezone(self.zone).date()

    @property
    def schedule_anchor(self) -> date:
        """The day every card's schedule counts from, so turns carry across deal versions."""
        return self.created_at.astimezone(self.zone).date()


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    # Empty once the person deletes their account; the household's history keeps the name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    display_name = models.CharField(max_length=40)
    paid_hours = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    personal_time_goal_minutes = models.PositiveIntegerField(default=0)
    share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    # The part of their usual share a member can carry for now (an illness, say): 1 is all.
    capacity = models.DecimalField(max_digits=4, decimal_places=3, default=1)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "display_name"], name="member_name_unique_in_household"
            ),
            models.UniqueConstraint(
                fields=["household", "user"],
                condition=models.Q(left_at__isnull=True),
                name="one_active_membership_per_user",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class Invitation(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    # Only a hash is kept: the link itself is shown once, to the person who made it.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def status(self) -> str:
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"
