"""Reads of the values pages: what a member may see, never more, in a fixed number of queries.

Nobody's values card is read for anyone else until every current member has shared theirs;
before that a member sees their own card and who has shared (names only). Notes of outside
pressure go through ``access.visible_pressures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from evenly.core.values import (
    BY_KEY,
    DiffPart,
    Value,
    ValuesOverlap,
    canonical,
    in_common_words,
    is_listed,
)
from evenly.core.values import values_overlap as overlap_of
from evenly.core.values import word_diff as diff_words
from evenly.households.models import Household, Member
from evenly.households.private import Seal
from evenly.values.access import visible_pressures
from evenly.values.models import (
    Goal,
    Milestone,
    MissionAgreement,
    MissionVersion,
    OutsidePressure,
    PressureAgreement,
    ValuesCard,
)


def _current(household: Household) -> list[Member]:
    return list(household.members.current())


def names(members: list[Member], me: Member | None = None) -> str:
    """ "Robin", "Robin and Sam", "Alex, Robin and Sam"; ``me`` is "you"."""
    words = [_("you") if me is not None and m.pk == me.pk else m.display_name for m in members]
    if len(words) <= 1:
        return "".join(words)
    return _("%(rest)s and %(last)s") % {"rest": ", ".join(words[:-1]), "last": words[-1]}


def sharing_status(shared_by: list[Member], waiting: list[Member], me: Member) -> str:
    """Who has shared and who the others are waiting for: names only, never what they wrote."""
    if not waiting:
        return _("Everyone has shared.")
    if not shared_by:
        return _("Nobody has shared yet.")
    who = names(shared_by, me)
    words = {"who": who[:1].upper() + who[1:], "waiting": names(waiting, me)}
    if len(shared_by) == 1 and shared_by[0].pk == me.pk:
        return _("You have shared; waiting for %(waiting)s.") % words
    if len(shared_by) == 1:
        return _("%(who)s has shared; waiting for %(waiting)s.") % words
    return _("%(who)s have shared; waiting for %(waiting)s.") % words


@dataclass(frozen=True)
class Agreement:
    """Who agrees with a text as it stands, and who has yet to."""

    agreed: list[Member]
    waiting: list[Member]
    i_agree: bool
    since: datetime | None  # when the last of everyone agreed, once everyone has
    agreed_names: str  # "you and Robin"
    waiting_names: str

    @property
    def everyone(self) -> bool:
        return bool(self.agreed) and not self.waiting


def _agreement(member: Member, current: list[Member], agreed_at: dict[int, datetime]) -> Agreement:
    agreed = [m for m in current if m.pk in agreed_at]
    waiting = [m for m in current if m.pk not in agreed_at]
    return Agreement(
        agreed=agreed,
        waiting=waiting,
        i_agree=member.pk in agreed_at,
        since=max((agreed_at[m.pk] for m in agreed), default=None) if not waiting else None,
        agreed_names=names(agreed, member),
        waiting_names=names(waiting, member),
    )


# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardView:
    """A member's values card as it may be shown."""

    member: Member
    card: ValuesCard
    listed: list[Value]  # chosen from the list
    own: list[str]  # in their own words
    stand_for: str


def _card_view(card: ValuesCard) -> CardView:
    picks = list(card.picks.all())
    return CardView(
        member=card.member,
        card=card,
        listed=[BY_KEY[p.key] for p in picks if p.key in BY_KEY],
        own=[p.own for p in picks if p.own],
        stand_for=card.stand_for,
    )


@dataclass(frozen=True)
class ValuesView:
    mine: CardView | None
    shared_by: list[Member]  # current members who have shared (names only until everyone has)
    waiting: list[Member]  # current members who have not
    everyone_shared: bool
    status: str  # "Sam has shared; waiting for you."
    overlap: ValuesOverlap | None  # only once everyone has shared
    cards: list[CardView]  # everyone's cards, only once everyone has shared

    @property
    def stand_for(self) -> list[CardView]:
        """The cards whose author wrote what they want the partnership to stand for."""
        return [c for c in self.cards if c.stand_for]

    @property
    def shared(self) -> list[tuple[str, str]]:
        """The values everyone chose, each with its meaning when it is on the list: the list's
        in the reader's language, members' own words as they wrote them."""
        if self.overlap is None:
            return []
        meanings = {v.name: v.meaning for v in BY_KEY.values()}
        return [
            (value_words(v), _(meanings[v]) if v in meanings else "") for v in self.overlap.shared
        ]

    @property
    def some(self) -> list[tuple[str, tuple[str, ...]]]:
        """The values only some chose (more of them first), with who chose each."""
        if self.overlap is None:
            return []
        return [(value_words(v), who) for v, who in self.overlap.some_sorted]


def value_words(name: str) -> str:
    """A chosen value as a page shows it: a value of the list in the reader's language, one in
    a member's own words exactly as they wrote it (never translated or re-cased)."""
    return _(name) if is_listed(name) else name


def values_view(*, member: Member) -> ValuesView:
    """The values as ``member`` may see them: three queries, however many members and picks."""
    current = _current(member.household)
    ids = {m.pk for m in current}
    cards = {
        c.member_id: c
        for c in ValuesCard.objects.for_household(member.household)
        .filter(member_id__in=ids)
        .select_related("member")
        .prefetch_related("picks")
    }
    shared_by = [m for m in current if m.pk in cards and cards[m.pk].is_shared]
    seal = Seal.of(members=ids, answered=[m.pk for m in shared_by])
    everyone = seal.is_open
    mine = cards.get(member.pk)
    views: list[CardView] = []
    overlap = None
    if everyone:  # only now is anyone's card read for anyone else
        views = [
            _card_view(cards[m.pk]) for m in current if seal.visible(author=m.pk, viewer=member.pk)
        ]
        overlap = overlap_of(
            in_common_words(
                {
                    v.member.display_name: {canonical(x.name) for x in v.listed}
                    | {canonical(w) for w in v.own}
                    for v in views
                }
            )
        )
    waiting = [m for m in current if m.pk in seal.waiting]
    return ValuesView(
        mine=_card_view(mine) if mine is not None else None,
        shared_by=shared_by,
        waiting=waiting,
        everyone_shared=everyone,
        status=sharing_status(shared_by, waiting, member),
        overlap=overlap,
        cards=views,
    )


# --- the mission statement ------------------------------------------------------------------


@dataclass(frozen=True)
class VersionView:
    version: MissionVersion
    agreement: Agreement


@dataclass(frozen=True)
class MissionView:
    values: ValuesView
    can_write: bool  # everyone has shared their values
    versions: list[VersionView]  # newest first
    current: VersionView | None  # the newest version
    agreed: VersionView | None  # the newest version everyone agrees with: the statement


def mission_view(*, member: Member) -> MissionView:
    values = values_view(member=member)
    current = _current(member.household)
    versions = list(
        MissionVersion.objects.for_household(member.household)
        .select_related("author")
        .prefetch_related(
            Prefetch("agreements", queryset=MissionAgreement.objects.select_related("member"))
        )
    )
    views = [
        VersionView(
            version=v,
            agreement=_agreement(
                member, current, {a.member_id: a.agreed_at for a in v.agreements.all()}
            ),
        )
        for v in versions
    ]
    return MissionView(
        values=values,
        can_write=values.everyone_shared,
        versions=views,
        current=views[0] if views else None,
        agreed=next((v for v in views if v.agreement.everyone), None),
    )


@dataclass(frozen=True)
class Comparison:
    version: MissionVersion
    before: MissionVersion | None
    parts: list[DiffPart]


def mission_compare(*, version: MissionVersion) -> Comparison:
    """``version`` set against the one before it, word by word."""
    before = (
        MissionVersion.objects.for_household(version.household_id)
        .filter(number__lt=version.number)
        .select_related("author")
        .first()
    )
    return Comparison(
        version=version,
        before=before,
        parts=diff_words(before.text if before else "", version.text),
    )


# --- shared goals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalsView:
    active: list[Goal]
    reached: list[Goal]
    archived: list[Goal]


def _goals(household: Household) -> list[Goal]:
    return list(
        Goal.objects.for_household(household)
        .annotate(
            n_milestones=Count("milestones", distinct=True),
            n_done=Count("milestones", filter=Q(milestones__done_at__isnull=False), distinct=True),
        )
        .prefetch_related("owners")
    )


def goals_view(*, household: Household) -> GoalsView:
    goals = _goals(household)
    return GoalsView(
        active=[g for g in goals if not g.is_archived and not g.is_reached],
        reached=sorted(
            (g for g in goals if g.is_reached and not g.is_archived),
            key=lambda g: g.reached_at or datetime.min,  # a reached goal has its time
            reverse=True,
        ),
        archived=[g for g in goals if g.is_archived],
    )


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    milestones: list[Milestone]

    @property
    def done(self) -> int:
        return sum(1 for m in self.milestones if m.is_done)


def goal_view(*, goal: Goal) -> GoalView:
    return GoalView(
        goal=goal,
        milestones=list(goal.milestones.select_related("owner", "done_by")),
    )


# --- outside pressure -----------------------------------------------------------------------


@dataclass(frozen=True)
class PressureView:
    pressure: OutsidePressure
    stance: Agreement
    reply: Agreement


def _pressure_view(
    member: Member, current: list[Member], pressure: OutsidePressure
) -> PressureView:
    by_part: dict[str, dict[int, datetime]] = {
        PressureAgreement.Part.STANCE: {},
        PressureAgreement.Part.REPLY: {},
    }
    for a in pressure.agreements.all():
        by_part[a.part][a.member_id] = a.agreed_at
    return PressureView(
        pressure=pressure,
        stance=_agreement(member, current, by_part[PressureAgreement.Part.STANCE]),
        reply=_agreement(member, current, by_part[PressureAgreement.Part.REPLY]),
    )


@dataclass(frozen=True)
class PressuresView:
    private: list[PressureView]  # the member's own, not yet shared
    shared: list[PressureView]  # shared and still open
    resolved: list[PressureView]


def pressures_view(*, member: Member) -> PressuresView:
    current = _current(member.household)
    views = [
        _pressure_view(member, current, p)
        for p in visible_pressures(member).select_related("author").prefetch_related("agreements")
    ]
    return PressuresView(
        private=[v for v in views if not v.pressure.is_shared and not v.pressure.is_resolved],
        shared=[v for v in views if v.pressure.is_shared and not v.pressure.is_resolved],
        resolved=[v for v in views if v.pressure.is_resolved],
    )


def pressure_view(*, member: Member, pressure: OutsidePressure) -> PressureView:
    pressure = (
        OutsidePressure.objects.select_related("author", "stance_by", "reply_by", "resolved_by")
        .prefetch_related("agreements")
        .get(pk=pressure.pk)
    )
    return _pressure_view(member, _current(member.household), pressure)


def pressures_for_checkin(*, household: Household) -> list[OutsidePressure]:
    """Shared notes of outside pressure the household marked to bring to its next check-in and
    has not resolved, oldest first. Never a private note."""
    return list(
        OutsidePressure.objects.for_household(household)
        .filter(
            shared_at__isnull=False,
            for_checkin=True,
            resolved_at__isnull=True,
        )
        .select_related("author")
        .order_by("created_at", "id")
    )
