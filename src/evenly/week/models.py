"""What was done, noticed and planned; time away; and who covered for whom."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.cards.models import Card
from evenly.households.models import Household, HouseholdQuerySet, Member


class LogEntry(models.Model):
    class Kind(models.TextChoices):
        DID = "did", _("Did")
        NOTICED = "noticed", _("Noticed")
        PLANNED = "planned", _("Planned")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="entries")
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    # The card's name when logged, or the member's words for unplanned work.
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.DID)
    minutes = models.DecimalField(max_digits=7, decimal_places=2)
    done_on = models.DateField()
    # The scheduled occurrence this entry completes; empty for unplanned work.
    due_on = models.DateField(null=True, blank=True)
    covered_for = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["LogEntry"].as_manager()

    class Meta:
        ordering = ["-done_on", "-created_at"]
        indexes = [
            models.Index(fields=["household", "done_on"]),
            # The week's schedule looks completions up by due date.
            models.Index(fields=["household", "due_on"]),
            models.Index(fields=["card", "due_on"]),
        ]
        constraints = [
            # One completion per occurrence of a card.
            models.UniqueConstraint(
                fields=["card", "due_on"],
                condition=models.Q(kind="did", due_on__isnull=False),
                name="one_completion_per_occurrence",
            )
        ]


class Away(models.Model):
    class Reason(models.TextChoices):
        TRAVEL = "travel", _("Travel")
        ILLNESS = "illness", _("Illness")
        OTHER = "other", _("Other")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="aways")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="aways")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.TRAVEL)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["Away"].as_manager()

    class Meta:
        ordering = ["starts_on"]


class Cover(models.Model):
    """Someone takes one occurrence of an away member's card."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="covers")
    away = models.ForeignKey(Away, on_delete=models.CASCADE, related_name="covers")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="covers")
    due_on = models.DateField()
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="covers")
    covered_for = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["Cover"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card", "due_on"], name="one_cover_per_occurrence")
        ]


class PersonalTime(models.Model):
    """Time a member spent on their own passions: study, sport, creative work, rest."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="personal")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="personal")
    minutes = models.DecimalField(max_digits=7, decimal_places=2)
    on = models.DateField()
    what = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["PersonalTime"].as_manager()

    class Meta:
        ordering = ["-on", "-created_at"]
        indexes = [models.Index(fields=["household", "on"])]


class OccurrenceChange(models.Model):
    """One occurrence of a card skipped, or moved (snoozed) to another day.

    ``due_on`` is the occurrence's identity: the day the schedule put it on. A completion of a
    moved occurrence keeps that day as its ``LogEntry.due_on``. A skipped occurrence is not due
    and does not count against anyone: ``owner`` and ``minutes`` say whose plan it lowers, and
    by how much.
    """

    class Kind(models.TextChoices):
        SKIPPED = "skipped", _("Skipped")
        MOVED = "moved", _("Moved")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="changes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="changes")
    due_on = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    to_date = models.DateField(null=True, blank=True)  # where a moved occurrence falls now
    reason = models.CharField(max_length=120, blank=True)  # why it is skipped, if said
    by = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["OccurrenceChange"].as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["household", "due_on"]),
            models.Index(fields=["household", "to_date"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["card", "due_on"], name="one_change_per_occurrence")
        ]


class DoneKey(models.Model):
    """The key a browser gave one "Done" tick, kept so that the same tick sent again (queued
    while offline, then replayed) is recorded once. It outlives an undo of its entry: a late
    replay of an undone tick does not bring it back."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    entry = models.ForeignKey(
        LogEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["DoneKey"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="one_tick_per_key"),
        ]
