"""Deals: who owns each card, kept as numbered versions with everyone's acceptance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.cards.models import Card
from evenly.core.bounds import DEAL_SOLVE_STALE_MINUTES
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


class DealSolve(models.Model):
    """A deal being worked out by the worker: asked for on a page or the API, solved by the
    task ``evenly.deals.tasks.deal_solve``, kept as a Deal when done.

    Only proposals the rule in ``evenly.core.solve_place`` calls slow become a DealSolve; quick
    ones are dealt inside the request. At most one is queued or running per household.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being worked out")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="solves")
    asked_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Cards held for this proposal only (card id → member name), as ``deal_propose`` takes them.
    pins = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    # The solver phase under way, as the engine names it ("fewest moves, then preference");
    # pages say it in plain words (``evenly.core.solve_place.phase_step``).
    phase = models.CharField(max_length=120, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Moves with every phase: a running solve silent for too long has died.
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why it failed, in the asker's language: a sentence for the household, never a traceback.
    error = models.TextField(blank=True, default="")

    objects = HouseholdQuerySet["DealSolve"].as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One solve under way per household: a second ask while one runs is refused.
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(state__in=["queued", "running"]),
                name="deal_solve_one_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"Deal solve {self.pk} ({self.state})"


SOLVE_UNDER_WAY = (DealSolve.State.QUEUED, DealSolve.State.RUNNING)


def solve_stalled(solve: DealSolve, *, now: datetime) -> bool:
    """A solve under way that no worker took up, or whose worker fell silent, within
    ``DEAL_SOLVE_STALE_MINUTES``: shown as stopped, and a new one may be asked for."""
    if solve.state not in SOLVE_UNDER_WAY:
        return False
    since = solve.created_at if solve.state == DealSolve.State.QUEUED else solve.updated_at
    return now - since > timedelta(minutes=DEAL_SOLVE_STALE_MINUTES)
