"""The household's cards (responsibilities) and each member's private rating of them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.core.model import Preference
from evenly.core.schedule import Timing
from evenly.households.models import Household, HouseholdQuerySet, Member


class PreferenceChoice(models.TextChoices):
    """A rating's preference as the form offers it: core's ``Preference`` gives the values."""

    ENJOY = Preference.ENJOY.value, _("Enjoy")
    LIKE = Preference.LIKE.value, _("Like")
    FINE = Preference.FINE.value, _("Fine")
    DISLIKE = Preference.DISLIKE.value, _("Dislike")
    HATE = Preference.HATE.value, _("Hate")
    CANNOT = Preference.CANNOT.value, _("Can't")


assert [p.value for p in PreferenceChoice] == [p.value for p in Preference]


class Card(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="cards")
    name = models.CharField(max_length=80)
    catalog_key = models.CharField(max_length=60, blank=True)
    category = models.CharField(max_length=60)
    cadence = models.CharField(max_length=40)
    minutes = models.DecimalField(max_digits=7, decimal_places=2)  # per occurrence
    mental_minutes = models.DecimalField(max_digits=7, decimal_places=2, default=0)  # per week
    standard = models.CharField(max_length=240, blank=True)  # what "done" means
    # The household's own decisions, which the next proposal keeps.
    locked_to = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="locked_cards"
    )
    rotation = models.ManyToManyField(Member, blank=True, related_name="rotation_cards")
    # Taken out of the deal for a while by a life event (moving pauses the garden, say).
    paused = models.BooleanField(default=False)
    # When it happens (core's Timing): days of the week as bits (Monday is bit 0), or a day of
    # the month, or any day this week; none of them leaves the days to Evenly's spread. ``at``
    # is a time of day in the household's time zone.
    weekdays = models.PositiveSmallIntegerField(default=0)
    month_day = models.PositiveSmallIntegerField(null=True, blank=True)
    at = models.TimeField(null=True, blank=True)
    any_day = models.BooleanField(default=False)
    # Where Evenly spreads the card's days when the household chose none, and whose turn it is:
    # the schedule shifts by this number. Empty for a card made here (its id is the number);
    # a card brought in from a household file keeps the number it had, so its days stay put.
    schedule_salt = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["Card"].as_manager()

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["household", "name"], name="card_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def spread_salt(self) -> int:
        """The number the schedule shifts this card's days and turns by (core's ``salt``)."""
        return self.schedule_salt if self.schedule_salt is not None else self.pk

    @property
    def timing(self) -> Timing:
        """When the card happens, as core reads it."""
        return Timing(
            weekdays=weekdays_from_bits(self.weekdays),
            month_day=self.month_day,
            at=self.at,
            any_day=self.any_day,
        )


def weekdays_from_bits(bits: int) -> frozenset[int]:
    """Days of the week (Monday is 0) from the bits a card stores them in."""
    return frozenset(d for d in range(7) if bits >> d & 1)


def weekdays_to_bits(days: frozenset[int] | set[int]) -> int:
    """The bits a card stores days of the week in."""
    return sum(1 << d for d in days if 0 <= d <= 6)


class RatingQuerySet(HouseholdQuerySet["Rating"]):
    household_path = "card__household"


class Rating(models.Model):
    """Private to its member until everyone in the household has rated every card."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="ratings")
    preference = models.CharField(max_length=8, choices=PreferenceChoice.choices)
    minutes = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    standard = models.CharField(max_length=240, blank=True)  # the member's own "done means"
    updated_at = models.DateTimeField(auto_now=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card", "member"], name="one_rating_per_member")
        ]
