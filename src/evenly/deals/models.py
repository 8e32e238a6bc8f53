"""Deals: who owns each card, kept as numbered versions with everyone's acceptance."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.cards.models import Card
from evenly.households.models import Fairness, Household, HouseholdQuerySet, Member


class Deal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        SUPERSEDED = "superseded", _("Superseded")  # was active, then a newer deal was accepted
        WITHDRAWN = "withdrawn", _("Withdrawn")  # a proposal replaced before everyone accepted it

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="deals")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    fairness = models.CharField(max_length=16, choices=Fairness.choices)
    # The engine's certificate as `evenly deal --json` prints it: loads, targets, EF1, moves…
    certificate = models.JSONField()

    objects = HouseholdQuerySet["Deal"].as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["household", "version"], name="deal_version_unique")
        ]

    def __str__(self) -> str:
        return f"Deal v{self.version}"


# A deal that came into force, whether it still is or a later one replaced it.
DEAL_IN_FORCE = (Deal.Status.ACTIVE, Deal.Status.SUPERSEDED)


class DealCardQuerySet(HouseholdQuerySet["DealCard"]):
    household_path = "deal__household"


class DealCard(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="cards")
    # The card may be deleted later; the deal keeps its name and category as they were.
    card = models.ForeignKey(
        Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="deal_cards"
    )
    name = models.CharField(max_length=80)
    category = models.CharField(max_length=60)
    cadence = models.CharField(max_length=40)
    owner = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rotation = models.JSONField(default=list)  # member ids, in turn order
    reason = models.TextField()
    # The reason as Words (evenly.core.words) so a page says it in its reader's language; None
    # for deals made before reasons were kept this way (the English above is said then).
    reason_words = models.JSONField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    # Not stored: the names of the members taking turns, which the deal page's selector fills in.
    turn_names: Sequence[str] = ()
    # Not stored either: the card's minutes a week for its owner, or for each member taking
    # turns, read from the deal's certificate (None or empty for a deal that did not keep them).
    weekly_minutes: float | None = None
    turn_minutes: Sequence[tuple[str, float]] = ()

    objects = DealCardQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name"]


class AcceptanceQuerySet(HouseholdQuerySet["Acceptance"]):
    household_path = "deal__household"


class Acceptance(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="acceptances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    objects = AcceptanceQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deal", "member"], name="accept_once")]
