"""Growing as people and adapting as a household: aspirations with the support promised for
them, handing a card over for a while, and life events that re-deal the work."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.cards.models import Card
from evenly.core.life_events import TEMPLATES
from evenly.deals.models import Deal, DealSolve
from evenly.households.models import Household, HouseholdQuerySet, Member
from evenly.households.private import SharedByAuthorQuerySet


class AspirationQuerySet(SharedByAuthorQuerySet["Aspiration"]):
    author_path = "member"


class Aspiration(models.Model):
    """Something a member is working toward. Private to them until they share it."""

    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education")
        CAREER = "career", _("Career")
        CREATIVE = "creative", _("Creative work")
        HEALTH = "health", _("Health and sport")
        OTHER = "other", _("Something else")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="aspirations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="aspirations")
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    support_wanted = models.TextField(blank=True)  # the support the member would like
    target_on = models.DateField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    reached_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AspirationQuerySet.as_manager()

    class Meta:
        ordering = ["reached_at", "target_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class ProgressNoteQuerySet(HouseholdQuerySet["ProgressNote"]):
    household_path = "aspiration__household"


class ProgressNote(models.Model):
    """A note on the way. The author's own notes follow the aspiration's privacy; a partner's
    note is written to be read."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgressNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]


class SupportQuerySet(HouseholdQuerySet["Support"]):
    household_path = "aspiration__household"


class Support(models.Model):
    """What another member commits to do for the aspiration."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="support")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]


class Handover(models.Model):
    """A card handed to someone for a while: "Sam takes over cooking until the exams on 12 June".

    While it runs the card is locked to ``to_member``; on ``until`` the lock goes back to what it
    was and a deal is proposed that gives the card back to ``from_member``.
    """

    class Status(models.TextChoices):
        # The deal with the handover waits for everyone's acceptance.
        PROPOSED = "proposed", _("Proposed")
        RUNNING = "running", _("Running")
        ENDED = "ended", _("Ended")  # its date came: the restoring deal has been proposed
        CANCELLED = "cancelled", _("Cancelled")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="handovers")
    aspiration = models.ForeignKey(
        Aspiration, null=True, blank=True, on_delete=models.SET_NULL, related_name="handovers"
    )
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="+")
    from_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    previous_lock = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    until = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restore_deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A larger household's deal (or restoring deal) is worked out by the worker: the solve
    # hands its deal over when done (``services.growth_solve_done``).
    solve = models.ForeignKey(
        DealSolve, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restore_solve = models.ForeignKey(
        DealSolve, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["Handover"].as_manager()

    class Meta:
        ordering = ["until", "id"]


class LifeEvent(models.Model):
    """A life change applied to the household through one of the core's templates.

    ``change`` records what was done, so a temporary event can be undone on its date:
    {"added": [card ids], "paused": [card ids], "paid_hours": {member id: [before, after]},
    "capacity": {member id: [before, after]}}.
    """

    class Status(models.TextChoices):
        # The changes are made; the re-deal waits for everyone's acceptance.
        PROPOSED = "proposed", _("Waiting for everyone's yes")
        ACTIVE = "active", _("In force")  # the re-deal was accepted
        ENDED = "ended", _("Ended")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="life_events")
    key = models.CharField(max_length=24)
    title = models.CharField(max_length=80)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    options = models.JSONField(default=dict)
    until = models.DateField(null=True, blank=True)
    change = models.JSONField(default=dict)
    summary = models.CharField(max_length=240, blank=True)  # "3 cards move; Robin −2 h a week…"
    # The summary as core's Words (their JSON), so a page says it in its reader's language; the
    # English above is what events made before it show. The change lines' Words are in
    # change["lines_words"].
    summary_words = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restore_deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The re-deal (or restoring deal) the worker works out for a larger household; the
    # comparison above is filled in when it is done (``services.growth_solve_done``).
    solve = models.ForeignKey(
        DealSolve, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    restore_solve = models.ForeignKey(
        DealSolve, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = HouseholdQuerySet["LifeEvent"].as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def title_words(self) -> str:
        """The title as its template's Words (a page translates them), or the stored title."""
        template = TEMPLATES.get(self.key)
        return (
            template.title if template is not None and template.title == self.title else self.title
        )

    @property
    def change_lines(self) -> list[tuple[object, str]]:
        """Each line of what changed: (its Words' JSON, or None before they were stored; the
        English), for ``{{ words|say:english }}``."""
        lines = self.change.get("lines") or []
        words = self.change.get("lines_words") or []
        if len(words) != len(lines):
            words = [None] * len(lines)
        return [(w, str(line)) for w, line in zip(words, lines, strict=True)]

    @property
    def change_moves(self) -> list[tuple[str, object, str, object, str]]:
        """The re-deal's moves: (card, the holder before as Words' JSON or None, in English,
        the holder after likewise), for ``{{ words|say:english }}``."""
        moves = self.change.get("moves") or []
        words = self.change.get("moves_words") or []
        if len(words) != len(moves):
            words = [[None, None]] * len(moves)
        return [
            (card, w[0], str(old), w[1], str(new))
            for (card, old, new), w in zip(moves, words, strict=True)
        ]
