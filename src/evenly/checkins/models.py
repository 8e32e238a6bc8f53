"""The weekly check-in: its schedule, each member's private preparation, the conversation
about each concern (paraphrase until the speaker confirms), and what the household agrees."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evenly.cards.models import Card
from evenly.core.checkin import i_statement
from evenly.core.feelings import feeling_said, feeling_word, intensity_word
from evenly.deals.models import Deal, DealSolve
from evenly.households.models import Household, HouseholdQuerySet, Member
from evenly.households.private import SharedByAuthorQuerySet

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class CheckinPlan(models.Model):
    """When the household holds its check-in: a weekday and a time, in its own time zone."""

    household = models.OneToOneField(
        Household, on_delete=models.CASCADE, related_name="checkin_plan"
    )
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    at = models.TimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet["CheckinPlan"].as_manager()


class Checkin(models.Model):
    """One check-in. It opens at ``opens_at`` (or earlier, when a member starts it) and stays
    open until every current member has closed it."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="checkins")
    opens_at = models.DateTimeField()
    started_early_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["Checkin"].as_manager()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(closed_at__isnull=True),
                name="one_unclosed_checkin",
            )
        ]

    def __str__(self) -> str:
        return f"Check-in {self.opens_at:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def is_open(self, now: datetime | None = None) -> bool:
        """Open for the conversation: its time has come and not everyone has closed it."""
        return self.closed_at is None and self.opens_at <= (now or timezone.now())


class CheckinCloseQuerySet(HouseholdQuerySet["CheckinClose"]):
    household_path = "checkin__household"


class CheckinClose(models.Model):
    """A member's "we're done"; the check-in closes when every current member has said it."""

    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="closes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    closed_at = models.DateTimeField(default=timezone.now)

    objects = CheckinCloseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "member"], name="close_checkin_once")
        ]


class ItemQuerySet(SharedByAuthorQuerySet["Item"]):
    household_path = "checkin__household"


class Item(models.Model):
    """Something a member prepared. Private to its author until the author shares it."""

    class Kind(models.TextChoices):
        APPRECIATION = "appreciation", _("Appreciation")
        WENT_WELL = "went_well", _("What went well")
        FEELING = "feeling", _("How I am feeling")
        CONCERN = "concern", _("Concern")

    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="items")
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="checkin_items")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Appreciations, what went well, a note beside a feeling.
    text = models.TextField(blank=True)
    # An appreciation may be for one member in particular.
    about = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A feeling, and the feeling in a concern's I-statement.
    feeling = models.CharField(max_length=40, blank=True)
    intensity = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(1, "a little"), (2, "quite"), (3, "very")]
    )
    # A concern: "I feel <feeling> when <when>, and I need <need>. Would you be willing to
    # <request>?"
    when = models.TextField(blank=True)
    need = models.TextField(blank=True)
    request = models.TextField(blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def feeling_said(self) -> str:
        """The feeling as one says it, as Words: "I feel quite tired"."""
        return feeling_said(self.feeling, self.intensity)

    @property
    def feeling_words(self) -> str:
        """The feeling word as Words a page translates ("tired")."""
        return feeling_word(self.feeling)

    @property
    def intensity_words(self) -> str:
        """How strongly, as Words a page translates ("quite"), or ""."""
        return intensity_word(self.intensity)

    @property
    def statement(self) -> str:
        """The concern as one I-statement (Words: the frame and the feeling are said in the
        reader's language, the parts typed are the author's own), or the item's text."""
        if self.kind != self.Kind.CONCERN:
            return self.text
        return i_statement(
            feeling=self.feeling, when=self.when, need=self.need, request=self.request
        )


class ParaphraseQuerySet(HouseholdQuerySet["Paraphrase"]):
    household_path = "concern__checkin__household"


class Paraphrase(models.Model):
    """A listener's "What I hear is…", and the speaker's answer to it."""

    class Verdict(models.TextChoices):
        YES = "yes", _("Yes, that's it")
        NOT_QUITE = "not_quite", _("Not quite")

    concern = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="paraphrases")
    listener = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    missing = models.TextField(blank=True)  # what the speaker adds after "Not quite"
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ParaphraseQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]


class ResponseQuerySet(HouseholdQuerySet["Response"]):
    household_path = "concern__checkin__household"


class Response(models.Model):
    """The listener's response, once the speaker has confirmed they were heard."""

    concern = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="responses")
    listener = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]


class Action(models.Model):
    """Something agreed at a check-in: who does it, by when."""

    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="actions")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="actions")
    concern = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.CharField(max_length=200)
    owner = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="actions")
    due_on = models.DateField()
    created_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = HouseholdQuerySet["Action"].as_manager()

    class Meta:
        ordering = ["done_at", "due_on", "id"]


class DealChangeQuerySet(HouseholdQuerySet["DealChange"]):
    household_path = "checkin__household"


class DealChange(models.Model):
    """A request turned into a change to the deal. Everyone agrees to it here; a new owner
    then becomes a proposed deal that goes through the normal accept flow."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Give the card to")
        STANDARD = "standard", _("Change what done means")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        DECLINED = "declined", _("Declined")

    checkin = models.ForeignKey(Checkin, on_delete=models.CASCADE, related_name="changes")
    concern = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="+")
    to_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    standard = models.CharField(max_length=240, blank=True)
    proposed_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    agreed_by = models.ManyToManyField(Member, blank=True, related_name="+")
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the proposal it led to
    # A larger household's proposal is worked out by the worker: its deal is the solve's.
    solve = models.ForeignKey(
        DealSolve, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DealChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def proposal(self) -> Deal | None:
        """The deal the change led to: made at once, or by the worker once it is done."""
        if self.deal is not None:
            return self.deal
        return self.solve.deal if self.solve is not None else None

    @property
    def description(self) -> str:
        if self.kind == self.Kind.OWNER:
            who = self.to_member.display_name if self.to_member else gettext("someone")
            return gettext("%(card)s goes to %(who)s (locked in the next deal)") % {
                "card": self.card.name,
                "who": who,
            }
        return gettext("%(card)s: done means “%(standard)s”") % {
            "card": self.card.name,
            "standard": self.standard,
        }
