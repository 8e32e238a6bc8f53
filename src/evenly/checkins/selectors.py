"""Reads of the check-in pages. Every item list goes through ``access.visible_items``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from django_stubs_ext import StrOrPromise

from evenly.checkins.access import visible_items
from evenly.checkins.models import Action, Checkin, CheckinPlan, DealChange, Item, Paraphrase
from evenly.checkins.services import APPRECIATIONS_WANTED, stage_of
from evenly.core.checkin import WeekHeld, record_sentence, weeks_held
from evenly.households.models import Household, Member
from evenly.pages.words import in_language
from evenly.values.models import OutsidePressure
from evenly.values.selectors import pressures_for_checkin


@dataclass
class Readiness:
    """How far a member's preparation has come, as a checklist."""

    appreciations: int
    went_well: int
    feeling: int
    concern: int

    @property
    def steps(self) -> list[tuple[str, bool]]:
        return [
            (
                gettext("%(n)s of %(wanted)s appreciations")
                % {
                    "n": min(self.appreciations, APPRECIATIONS_WANTED),
                    "wanted": APPRECIATIONS_WANTED,
                },
                self.appreciations >= APPRECIATIONS_WANTED,
            ),
            (gettext("What went well"), self.went_well > 0),
            (gettext("How I am feeling"), self.feeling > 0),
            (gettext("One concern, as an I-statement (if there is one)"), self.concern > 0),
        ]

    @property
    def started(self) -> bool:
        return any((self.appreciations, self.went_well, self.feeling, self.concern))


def readiness(*, member: Member, checkin: Checkin) -> Readiness:
    counts = dict(
        checkin.items.filter(author=member)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return Readiness(
        appreciations=counts.get(Item.Kind.APPRECIATION, 0),
        went_well=counts.get(Item.Kind.WENT_WELL, 0),
        feeling=counts.get(Item.Kind.FEELING, 0),
        concern=counts.get(Item.Kind.CONCERN, 0),
    )


def record(*, household: Household) -> tuple[list[WeekHeld], str]:
    today = household.today()
    since = timezone.now() - timedelta(weeks=9)
    held = [
        opened.astimezone(household.zone).date()
        for opened in household.checkins.filter(
            closed_at__isnull=False, opens_at__gte=since
        ).values_list("opens_at", flat=True)
    ]
    weeks = weeks_held(held, today=today)
    return weeks, in_language(record_sentence(weeks))


@dataclass
class TalkPage:
    plan: CheckinPlan | None
    current: Checkin | None
    is_open: bool
    mine: Readiness | None
    closed_by: list[Member]
    open_actions: list[Action]
    weeks: list[WeekHeld]
    record: str
    last: Checkin | None


def talk_page(*, member: Member, current: Checkin | None) -> TalkPage:
    household = member.household
    weeks, sentence = record(household=household)
    return TalkPage(
        plan=CheckinPlan.objects.for_household(household).first(),
        current=current,
        is_open=bool(current and current.is_open()),
        mine=readiness(member=member, checkin=current) if current else None,
        closed_by=[c.member for c in current.closes.select_related("member")] if current else [],
        open_actions=list(
            household.actions.filter(done_at__isnull=True).select_related("owner")[:20]
        ),
        weeks=weeks,
        record=sentence,
        last=household.checkins.filter(closed_at__isnull=False).first(),
    )


@dataclass
class ItemGroup:
    kind: str
    title: StrOrPromise
    mine_private: list[Item] = field(default_factory=list)
    shared: list[Item] = field(default_factory=list)


@dataclass
class ConcernView:
    item: Item
    stage: str
    paraphrases: list[Paraphrase]
    last: Paraphrase | None
    mine: bool


@dataclass
class TogetherPage:
    checkin: Checkin
    is_open: bool
    groups: dict[str, ItemGroup]
    concerns: list[ConcernView]
    current_concern: ConcernView | None
    my_private_concern: Item | None
    actions: list[Action]
    changes: list[DealChange]
    closed_by: list[Member]
    waiting_to_close: list[Member]
    i_closed: bool
    members: list[Member]
    pressures: list[OutsidePressure]

    @property
    def my_turn(self) -> bool:
        """Whether the current concern waits on this member (a form is open for them). While
        it does not, the page polls for the other's turn; while it does, it keeps still."""
        c = self.current_concern
        if c is None:
            return False
        return c.stage == "answer" if c.mine else c.stage in ("paraphrase", "respond")


GROUP_TITLES: dict[str, StrOrPromise] = {
    Item.Kind.APPRECIATION: gettext_lazy("Appreciations"),
    Item.Kind.WENT_WELL: gettext_lazy("What went well"),
    Item.Kind.FEELING: gettext_lazy("How we are feeling"),
}


def together_page(*, member: Member, checkin: Checkin) -> TogetherPage:
    items = list(
        visible_items(member)
        .filter(checkin=checkin)
        .select_related("author", "about")
        .prefetch_related(
            Prefetch("paraphrases", queryset=Paraphrase.objects.select_related("listener")),
            "responses__listener",
        )
        .order_by("shared_at", "created_at", "id")
    )
    groups = {kind: ItemGroup(kind, title) for kind, title in GROUP_TITLES.items()}
    concerns: list[ConcernView] = []
    my_private_concern = None
    for item in items:
        if item.kind == Item.Kind.CONCERN:
            if not item.is_shared:
                my_private_concern = item
                continue
            paraphrases = list(item.paraphrases.all())
            concerns.append(
                ConcernView(
                    item=item,
                    stage=stage_of(
                        paraphrases[-1] if paraphrases else None, bool(item.responses.all())
                    ),
                    paraphrases=paraphrases,
                    last=paraphrases[-1] if paraphrases else None,
                    mine=item.author_id == member.pk,
                )
            )
            continue
        group = groups[item.kind]
        (group.shared if item.is_shared else group.mine_private).append(item)
    members = list(checkin.household.members.current())
    closed = {c.member_id: c.member for c in checkin.closes.select_related("member")}
    return TogetherPage(
        checkin=checkin,
        is_open=checkin.is_open(),
        groups=groups,
        concerns=concerns,
        current_concern=next((c for c in concerns if c.stage != "done"), None),
        my_private_concern=my_private_concern,
        actions=list(checkin.actions.select_related("owner", "concern")),
        changes=list(
            checkin.changes.select_related("card", "to_member", "deal").prefetch_related(
                "agreed_by"
            )
        ),
        closed_by=list(closed.values()),
        waiting_to_close=[m for m in members if m.pk not in closed],
        i_closed=member.pk in closed,
        members=members,
        # Shared notes of outside pressure the household chose to bring (never a private one).
        pressures=pressures_for_checkin(household=checkin.household) if checkin.is_open() else [],
    )


@dataclass
class PastCheckin:
    checkin: Checkin
    shared: int
    actions: int


@dataclass
class HistoryPage:
    past: list[PastCheckin]
    open_actions: list[Action]
    done_actions: list[Action]
    weeks: list[WeekHeld]
    record: str


def history_page(*, member: Member) -> HistoryPage:
    household = member.household
    past = (
        household.checkins.filter(closed_at__isnull=False)
        .annotate(
            shared=Count("items", filter=Q(items__shared_at__isnull=False), distinct=True),
            n_actions=Count("actions", distinct=True),
        )
        .order_by("-opens_at")[:52]
    )
    actions = household.actions.select_related("owner", "checkin")
    weeks, sentence = record(household=household)
    return HistoryPage(
        past=[PastCheckin(c, c.shared, c.n_actions) for c in past],
        open_actions=list(actions.filter(done_at__isnull=True).order_by("due_on", "id")),
        done_actions=list(actions.filter(done_at__isnull=False).order_by("-done_at")[:50]),
        weeks=weeks,
        record=sentence,
    )


def prepare_items(*, member: Member, checkin: Checkin) -> dict[str, list[Item]]:
    """The member's own items for this check-in, by kind (shared or not)."""
    out: dict[str, list[Item]] = {k: [] for k in Item.Kind.values}
    for item in checkin.items.filter(author=member).select_related("about", "checkin"):
        out[item.kind].append(item)
    return out


def opens_in_words(checkin: Checkin, now: datetime | None = None) -> str:
    local = checkin.opens_at.astimezone(checkin.household.zone)
    return gettext("%(day)s at %(time)s") % {
        "day": date_format(local, gettext("l j F")),
        "time": date_format(local, "H:i"),
    }
