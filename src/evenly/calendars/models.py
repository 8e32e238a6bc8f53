"""A member's private calendar feeds: their own cards, or the whole household's."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.households.models import Household, HouseholdQuerySet, Member


class Feed(models.Model):
    """One private feed URL of a member. Only a hash of its token is kept for looking it up;
    ``seed`` (random) turns back into the token with the server's secret key, so the member's
    own Calendar page can show the link again while a copy of the database alone cannot."""

    class Kind(models.TextChoices):
        MINE = "mine", _("Your cards")
        HOUSEHOLD = "household", _("The whole household")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="calendar_feeds")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    seed = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["Feed"].as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="one_calendar_feed_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.kind}"
