"""The perception check: each member's own estimate of their share, set beside the log."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from evenly.households.models import Household, HouseholdQuerySet, Member


class Round(models.Model):
    """One perception check, for a month, about the 4 weeks that end the day it opens.

    While ``closed_at`` is empty members may still answer and nobody sees the results. It is
    set when the last current member answers, or when a member closes the round early.
    """

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="perception_rounds"
    )
    month = models.DateField()  # the first day of the month the check is for
    period_start = models.DateField()  # the 4 weeks compared, both days included
    period_end = models.DateField()
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Empty when the round closed because everyone answered (or a newer round began).
    closed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HouseholdQuerySet["Round"].as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["household", "month"], name="one_round_per_month"),
        ]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class EstimateQuerySet(HouseholdQuerySet["Estimate"]):
    household_path = "round__household"


class Estimate(models.Model):
    """A member's own sense of their share of the home work and of the mental load, in %."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="estimates")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    home_share = models.PositiveSmallIntegerField()  # % of all home work
    mental_share = models.PositiveSmallIntegerField()  # % of the noticing and planning
    answered_at = models.DateTimeField(default=timezone.now)

    objects = EstimateQuerySet.as_manager()

    class Meta:
        ordering = ["member__joined_at", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_estimate_per_member"),
            models.CheckConstraint(
                condition=models.Q(home_share__lte=100, mental_share__lte=100),
                name="estimate_at_most_100",
            ),
        ]
