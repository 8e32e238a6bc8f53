"""Households, their members, and the invitations that bring a partner in."""

from __future__ import annotations

import zoneinfo
from datetime import date
from typing import ClassVar, Self, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.core import bounds
from evenly.core.model import FairnessBasis


class Fairness(models.TextChoices):
    """How shares are set, as the household picks it: core's ``FairnessBasis`` gives the
    values and the words."""

    # The words are core's (FairnessBasis.description), capitalised, in the page's language.
    EQUAL = FairnessBasis.EQUAL.value, _("Equal household time")
    TOTAL_WORK = FairnessBasis.TOTAL_WORK.value, _("Equal total work (paid + home)")
    FREE_TIME = FairnessBasis.FREE_TIME.value, _("Home work in proportion to free time")
    CUSTOM = FairnessBasis.CUSTOM.value, _("Custom shares")


assert [f.value for f in Fairness] == [b.value for b in FairnessBasis]
MAX_MEMBERS = bounds.MAX_MEMBERS  # the one bound, named here for the services that count members

_M = TypeVar("_M", bound=models.Model)


class HouseholdQuerySet(models.QuerySet[_M]):
    """Rows that belong to a household, directly or through a parent row.

    ``household_path`` is the lookup from a row to its household: ``household`` for a card,
    ``card__household`` for a rating. ``Card.objects.for_household(h)`` reads one household's
    rows; views still reach single objects through ``households.access``.
    """

    household_path: ClassVar[str] = "household"

    def for_household(self, household: Household | int) -> Self:
        return self.filter(**{self.household_path: household})


_Member = TypeVar("_Member", bound="Member")


class MemberQuerySet(HouseholdQuerySet[_Member]):
    def current(self) -> Self:
        """Members who have not left: the people a rule counts today."""
        return self.filter(left_at__isnull=True)


class Household(models.Model):
    name = models.CharField(max_length=80)
    time_zone = models.CharField(max_length=64, default="Europe/London")
    fairness = models.CharField(max_length=16, choices=Fairness.choices, default=Fairness.EQUAL)
    tolerance_minutes = models.PositiveIntegerField(default=15)
    # Weeks running a member must be off their share before the balance page calls it drift.
    drift_weeks = models.PositiveSmallIntegerField(default=3)
    # The fairness rule counts each member's weekly goal for time of their own like paid work.
    count_personal_time = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Counts the changes to the household's data (a form sent on one of its pages, a background
    # job): an open page asks for it every few seconds and refreshes when it has moved.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

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

    objects = MemberQuerySet["Member"].as_manager()

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

    objects = HouseholdQuerySet["Invitation"].as_manager()

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


class HouseholdEvent(models.Model):
    """One line of the household's history: who did what to the shared record, and when.

    Only household text is kept here (display names, card names, deal versions, settings);
    never a rating, a check-in item, a private note or anything quoting them. When a member's
    account goes, their events keep the display name written at the time and nothing else.
    """

    class Kind(models.TextChoices):
        HOUSEHOLD_CREATED = "household_created", _("Household created")
        SETTINGS_CHANGED = "settings_changed", _("Settings changed")
        FAIRNESS_CHANGED = "fairness_changed", _("Fairness rule changed")
        MEMBER_JOINED = "member_joined", _("Member joined")
        MEMBER_LEFT = "member_left", _("Member left")
        MEMBER_RENAMED = "member_renamed", _("Member renamed")
        PAID_HOURS_CHANGED = "paid_hours_changed", _("Paid hours changed")
        SHARE_CHANGED = "share_changed", _("Share changed")
        INVITATION_CREATED = "invitation_created", _("Invitation made")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        CARD_ADDED = "card_added", _("Card added")
        CARD_EDITED = "card_edited", _("Card edited")
        CARD_REMOVED = "card_removed", _("Card removed")
        CARD_HOLDER_CHANGED = "card_holder_changed", _("Card holder changed")
        HANDOVER_STARTED = "handover_started", _("Card handed over for a while")
        HANDOVER_ENDED = "handover_ended", _("Handover ended")
        LIFE_CHANGE_STARTED = "life_change_started", _("Life change made")
        LIFE_CHANGE_ENDED = "life_change_ended", _("Life change ended")
        DEAL_PROPOSED = "deal_proposed", _("Deal proposed")
        DEAL_ACCEPTED = "deal_accepted", _("Deal accepted")
        DEAL_ACTIVE = "deal_active", _("Deal became active")
        DEAL_WITHDRAWN = "deal_withdrawn", _("Deal withdrawn")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The actor's display name as it was then: shared history, kept when the account goes.
    actor_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    subject = models.CharField(max_length=120, blank=True)
    # Small and structured: {"changes": [{"field": "minutes", "old": "30", "new": "45"}]}.
    detail = models.JSONField(default=dict, blank=True)

    objects = HouseholdQuerySet["HouseholdEvent"].as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["household", "-at", "-id"], name="household_event_recent")]

    def __str__(self) -> str:
        return f"{self.actor_name or 'Evenly'}: {self.get_kind_display()} {self.subject}".strip()
