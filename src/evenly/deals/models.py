"""Deals: who owns each card, kept as numbered versions with everyone's acceptance."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.utils import timezone

from evenly.cards.models import Card
from evenly.households.models import FAIRNESS_CHOICES, Household, Member


class Deal(models.Model):
    PROPOSED = "proposed"
    ACTIVE = "active"
    SUPERSEDED = "superseded"  # was active, then a newer deal was accepted
    WITHDRAWN = "withdrawn"  # a proposal replaced before everyone accepted it
    STATUS_CHOICES = [
        (PROPOSED, "Proposed"),
        (ACTIVE, "Active"),
        (SUPERSEDED, "Superseded"),
        (WITHDRAWN, "Withdrawn"),
    ]

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="deals")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=PROPOSED)
    proposed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    fairness = models.CharField(max_length=16, choices=FAIRNESS_CHOICES)
    # The engine's certificate as `evenly deal --json` prints it: loads, targets, EF1, moves…
    certificate = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["household", "version"], name="deal_version_unique")
        ]

    def __str__(self) -> str:
        return f"Deal v{self.version}"


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
    locked = models.BooleanField(default=False)
    # Not stored: the names of the members taking turns, which the deal page's selector fills in.
    turn_names: Sequence[str] = ()

    class Meta:
        ordering = ["category", "name"]


class Acceptance(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="acceptances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deal", "member"], name="accept_once")]
