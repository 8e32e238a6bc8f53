"""What the household stands for: each member's values, the mission statement written from
them, the goals it shares, and the pressures from outside it faces together."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evenly.households.models import Household, HouseholdQuerySet, Member
from evenly.households.private import SharedByAuthorQuerySet


class ValuesCard(models.Model):
    """A member's values: chosen from the list or in their own words, and what they want the
    partnership to stand for. Private to the member until they share it; they may keep
    editing it after sharing."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="values_cards")
    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="values_card")
    stand_for = models.TextField(blank=True)  # "what I want us to stand for"
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet["ValuesCard"].as_manager()

    class Meta:
        ordering = ["member__joined_at", "member_id"]

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class ValuePickQuerySet(HouseholdQuerySet["ValuePick"]):
    household_path = "card__household"


class ValuePick(models.Model):
    """One value on a member's card: a key of ``evenly.core.values.VALUES``, or their own words."""

    card = models.ForeignKey(ValuesCard, on_delete=models.CASCADE, related_name="picks")
    key = models.CharField(max_length=20, blank=True)  # a value on the list
    own = models.CharField(max_length=40, blank=True)  # or one in the member's own words

    objects = ValuePickQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(key="") & ~models.Q(own=""))
                | (~models.Q(key="") & models.Q(own="")),
                name="value_pick_key_or_own",
            ),
            models.UniqueConstraint(
                fields=["card", "key"], condition=~models.Q(key=""), name="value_pick_key_once"
            ),
        ]


class MissionVersion(models.Model):
    """One version of the household's mission statement. Every save is a new version; a version
    every current member has agreed with is the household's statement."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="mission_versions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    author = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = HouseholdQuerySet["MissionVersion"].as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["household", "number"], name="mission_number_once"),
        ]


class MissionAgreementQuerySet(HouseholdQuerySet["MissionAgreement"]):
    household_path = "version__household"


class MissionAgreement(models.Model):
    """A member's "I agree with this version"."""

    version = models.ForeignKey(MissionVersion, on_delete=models.CASCADE, related_name="agreements")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    agreed_at = models.DateTimeField(default=timezone.now)

    objects = MissionAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["agreed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="mission_agree_once"),
        ]


class Goal(models.Model):
    """A goal the household shares: "one screen-free evening a week", "save for a home"."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=120)
    why = models.TextField(blank=True)
    target_on = models.DateField(null=True, blank=True)
    owners = models.ManyToManyField(Member, related_name="goals")
    created_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reached_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = HouseholdQuerySet["Goal"].as_manager()

    class Meta:
        ordering = ["target_on", "created_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_reached(self) -> bool:
        return self.reached_at is not None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class MilestoneQuerySet(HouseholdQuerySet["Milestone"]):
    household_path = "goal__household"


class Milestone(models.Model):
    """A step on the way to a goal, with one member who sees it through."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=120)
    owner = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_on").asc(nulls_last=True), "created_at", "id"]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class OutsidePressureQuerySet(SharedByAuthorQuerySet["OutsidePressure"]):
    pass


class OutsidePressure(models.Model):
    """An expectation from outside the household: family, friends, work, elsewhere. Private to
    its author until shared; then the household writes a joint stance and a reply it is happy
    with, each agreed by every current member."""

    class Source(models.TextChoices):
        FAMILY = "family", _("Family")
        FRIENDS = "friends", _("Friends")
        WORK = "work", _("Work")
        COMMUNITY = "community", _("Neighbours, school or community")
        MEDIA = "media", _("Media and social media")
        OTHER = "other", _("Somewhere else")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="outside_pressures"
    )
    author = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="outside_pressures")
    source = models.CharField(max_length=12, choices=Source.choices)
    who = models.CharField(max_length=80, blank=True)  # "my mother", "my manager"
    expectation = models.TextField()
    feeling = models.TextField(blank=True)  # how it makes the author feel
    shared_at = models.DateTimeField(null=True, blank=True)
    stance = models.TextField(blank=True)  # the household's joint stance
    stance_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stance_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)  # a reply everyone is happy with
    reply_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_at = models.DateTimeField(null=True, blank=True)
    for_checkin = models.BooleanField(default=False)  # bring it to the next check-in
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutsidePressureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.expectation[:60]

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def source_words(self) -> str:
        """Where it comes from: the member's own words, else the category."""
        return self.who or self.get_source_display()


class PressureAgreementQuerySet(HouseholdQuerySet["PressureAgreement"]):
    household_path = "pressure__household"


class PressureAgreement(models.Model):
    """A member agrees with the current stance or reply; editing that text removes them."""

    class Part(models.TextChoices):
        STANCE = "stance", _("Our stance")
        REPLY = "reply", _("Our reply")

    pressure = models.ForeignKey(
        OutsidePressure, on_delete=models.CASCADE, related_name="agreements"
    )
    part = models.CharField(max_length=6, choices=Part.choices)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    agreed_at = models.DateTimeField(default=timezone.now)

    objects = PressureAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["agreed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pressure", "part", "member"], name="pressure_agree_once"
            ),
        ]
