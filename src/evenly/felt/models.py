"""How it feels: the monthly check of how fair the home's work feels, per member.

Opt-in per household: a ``FeltCheck`` row means one of the members turned it on for everyone.
Each member's ``FeltAnswer`` for a month is sealed (``households.private.Seal``) until every
current member has answered that month; the month is then recorded as a ``FeltMonth`` so it
stays open when someone joins later.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from evenly.core import bounds
from evenly.households.models import Household, HouseholdQuerySet, Member


class FeltCheck(models.Model):
    """The household answers the monthly check (the row's presence is the setting)."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="felt_check")
    turned_on_at = models.DateTimeField(default=timezone.now)
    turned_on_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HouseholdQuerySet["FeltCheck"].as_manager()


class FeltAnswer(models.Model):
    """One member's answer for one month (see ``evenly.core.felt.Answer`` for the scales)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month answered for
    fair_to_me = models.PositiveSmallIntegerField()
    fair_to_partner = models.PositiveSmallIntegerField()
    satisfied = models.PositiveSmallIntegerField()
    csi_happy = models.PositiveSmallIntegerField()
    csi_warm = models.PositiveSmallIntegerField()
    csi_rewarding = models.PositiveSmallIntegerField()
    csi_satisfied = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["FeltAnswer"].as_manager()

    class Meta:
        ordering = ["-month", "member__joined_at", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="felt_one_answer_a_month"),
            models.CheckConstraint(
                condition=models.Q(
                    fair_to_me__gte=bounds.FELT_MIN,
                    fair_to_me__lte=bounds.FELT_MAX,
                    fair_to_partner__gte=bounds.FELT_MIN,
                    fair_to_partner__lte=bounds.FELT_MAX,
                    satisfied__gte=bounds.FELT_MIN,
                    satisfied__lte=bounds.FELT_MAX,
                    csi_happy__lte=bounds.CSI4_HAPPY_MAX,
                    csi_warm__lte=bounds.CSI4_ITEM_MAX,
                    csi_rewarding__lte=bounds.CSI4_ITEM_MAX,
                    csi_satisfied__lte=bounds.CSI4_ITEM_MAX,
                ),
                name="felt_answer_in_bounds",
            ),
        ]


class FeltMonth(models.Model):
    """A month every current member answered: its answers are open to the household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    opened_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["FeltMonth"].as_manager()

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["household", "month"], name="felt_one_opening_a_month"),
        ]
