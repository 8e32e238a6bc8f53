"""Reads about cards and ratings. Other members' ratings only come out once all are in."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from evenly.cards.models import Card, Rating
from evenly.cards.to_core import fraction
from evenly.core import bounds
from evenly.core.catalog import CatalogCard, catalog_cards
from evenly.core.chore_import import ChoreImport, HouseholdCards, read_chores
from evenly.core.localized import card_text, category_label
from evenly.core.schedule import Timing, next_turn, timing_problem
from evenly.core.standards import CardView, Disagreement, standards_diff
from evenly.core.words import Words
from evenly.households.models import Household, Member
from evenly.households.private import Seal
from evenly.pages.words import problem_sentence


@dataclass(frozen=True)
class Progress:
    rated: int
    total: int

    @property
    def done(self) -> bool:
        return self.total > 0 and self.rated >= self.total

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.total) if self.total else 0


def cards_of(*, household: Household) -> QuerySet[Card]:
    return household.cards.select_related("locked_to").prefetch_related("rotation")


@dataclass(frozen=True)
class CardWhen:
    """A card in the list with when it happens ("Sat 09:00", "any day") and, for a card
    shared in turns, whose turn comes next from today."""

    card: Card
    when: str
    next_turn: Member | None


# Core's WEEKDAY_NAMES as the page's language says them (Monday first).
DAY_LABELS = (
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
)


def when_label(timing: Timing) -> str:
    """Core's ``Timing.label`` ("Sat 09:00", "Mon, Wed", "any day", "the 15th") in the page's
    language; English is core's own wording."""
    if (get_language() or "en").startswith("en"):
        return timing.label()
    if timing.any_day:
        days = gettext("any day")
    elif timing.weekdays:
        days = ", ".join(str(DAY_LABELS[d]) for d in sorted(timing.weekdays) if 0 <= d <= 6)
    elif timing.month_day is not None:
        days = gettext("on day %(n)s of the month") % {"n": timing.month_day}
    else:
        days = ""
    at = timing.at.strftime("%H:%M") if timing.at is not None else ""
    return " ".join(part for part in (days, at) if part)


_FIXED_CADENCES = {
    "daily": gettext_lazy("daily"),
    "weekdays": gettext_lazy("weekdays"),
    "weekends": gettext_lazy("weekends"),
    "weekly": gettext_lazy("weekly"),
    "fortnightly": gettext_lazy("fortnightly"),
    "monthly": gettext_lazy("monthly"),
    "quarterly": gettext_lazy("quarterly"),
    "yearly": gettext_lazy("yearly"),
}
_PER_CADENCE = re.compile(r"^(\d+)\s*(?:x\s*)?(?:per|a|/)\s*(week|month|year)$")
_EVERY_CADENCE = re.compile(r"^every\s+(\d+)\s+(day|week|month)s?$")


def cadence_label(cadence: str) -> str:
    """A stored cadence (core's English grammar: "weekly", "3 per week", "every 2 months") in
    the page's language; English, and anything not in the grammar, stays as stored."""
    if (get_language() or "en").startswith("en"):
        return cadence
    words = " ".join(cadence.strip().lower().split())
    if words in _FIXED_CADENCES:
        return str(_FIXED_CADENCES[words])
    if m := _PER_CADENCE.match(words):
        n, unit = int(m.group(1)), m.group(2)
        per = {
            "week": ngettext("%(n)s time a week", "%(n)s times a week", n),
            "month": ngettext("%(n)s time a month", "%(n)s times a month", n),
            "year": ngettext("%(n)s time a year", "%(n)s times a year", n),
        }
        return per[unit] % {"n": n}
    if m := _EVERY_CADENCE.match(words):
        n, unit = int(m.group(1)), m.group(2)
        every = {
            "day": ngettext("every day", "every %(n)s days", n),
            "week": ngettext("every week", "every %(n)s weeks", n),
            "month": ngettext("every month", "every %(n)s months", n),
        }
        return every[unit] % {"n": n}
    return cadence


def timing_problem_text(problem: Words) -> str:
    """Core's word on a timing that does not fit (``timing_problem``) as a form says it: in the
    page's language, the card's cadence too ("wöchentlich", not the stored "weekly")."""
    if isinstance(problem.args.get("cadence"), str):
        args = {**problem.args, "cadence": cadence_label(str(problem.args["cadence"]))}
        problem = Words(problem.template, args, problem.plural, problem.number)
    return problem_sentence(problem)


def cards_with_when(*, household: Household, today: date) -> list[CardWhen]:
    """Every card of the household, each with its days and time and whose turn is next.

    Turns follow the card's own settings (the deal in force copies them when it is made)."""
    anchor = household.schedule_anchor
    out = []
    for card in cards_of(household=household):
        turns = list(card.rotation.all())
        found = None
        if len(turns) >= 2:
            with contextlib.suppress(ValueError):  # a cadence stored before today's grammar
                found = next_turn(
                    turns,
                    card.cadence,
                    card.timing,
                    anchor=anchor,
                    salt=card.spread_salt,
                    today=today,
                )
        # Days chosen for an earlier cadence still place the deal in force, which has that
        # cadence; the card's own new cadence needs them chosen again.
        fits = timing_problem(card.cadence, card.timing) is None
        when = when_label(card.timing) if fits else gettext("choose the days again")
        out.append(CardWhen(card, when, found[0] if found else None))
    return out


def rating_progress(*, member: Member) -> Progress:
    total = member.household.cards.count()
    rated = Rating.objects.for_household(member.household).filter(member=member).count()
    return Progress(rated=rated, total=total)


def ratings_progress_all(*, household: Household) -> dict[Member, Progress]:
    """Everyone's progress (counts only: never what anyone chose)."""
    total = household.cards.count()
    members = household.members.current().annotate(
        rated=Count("ratings", filter=Q(ratings__card__household=household))
    )
    return {m: Progress(rated=m.rated, total=total) for m in members}


def ratings_seal(progress: dict[Member, Progress]) -> Seal:
    """Ratings are sealed answers: they open when every current member has rated every card,
    and only in a household of two or more (alone, there is nobody to compare with)."""
    return Seal.of(
        members=[m.pk for m in progress],
        answered=[m.pk for m, p in progress.items() if p.done],
        at_least=2,
    )


def ratings_revealed(*, household: Household) -> bool:
    """True when every current member has rated every card: then ratings are shared."""
    return revealed_from(ratings_progress_all(household=household))


def revealed_from(progress: dict[Member, Progress]) -> bool:
    """The reveal rule, for a page that has everyone's progress already."""
    return ratings_seal(progress).is_open


def my_rating(*, member: Member, card: Card) -> Rating | None:
    """The member's own rating of one card, if any."""
    return Rating.objects.filter(member=member, card=card).first()


def next_card_to_rate(*, member: Member) -> Card | None:
    return (
        member.household.cards.exclude(ratings__member=member)
        .order_by("category", "name", "id")
        .first()
    )


def my_ratings(*, member: Member) -> dict[int, Rating]:
    """The member's own ratings by card id."""
    return {r.card_id: r for r in Rating.objects.filter(member=member)}


def standards_disagreements(*, household: Household) -> list[tuple[Card, Disagreement]]:
    """Cards where members see "done" or the time it takes differently (revealed ratings only)."""
    progress = ratings_progress_all(household=household)
    seal = ratings_seal(progress)
    if not seal.is_open:
        return []
    members = {m.pk: m.display_name for m in progress if m.pk in seal.members}
    cards = list(household.cards.prefetch_related("ratings").order_by("category", "name"))
    rows = []
    for card in cards:
        views = {
            members[r.member_id]: CardView(
                minutes=fraction(r.minutes if r.minutes is not None else card.minutes),
                standard=r.standard or card.standard,
            )
            for r in card.ratings.all()
            if r.member_id in members
        }
        rows.append((card.name, views))
    by_name = {c.name: c for c in cards}
    return [(by_name[d.card], d) for d in standards_diff(rows)]


@dataclass(frozen=True)
class PickRow:
    """One catalog card on the card picker: already added, ticked, and whether the current
    search and category show it. A row the filter hides stays in the form (hidden), so its
    tick is kept and sent with the rest."""

    card: CatalogCard
    have: bool
    ticked: bool
    shown: bool

    @property
    def search_text(self) -> str:
        return f"{self.card.name} {self.card.standard}".lower()


@dataclass(frozen=True)
class PickGroup:
    category: str
    rows: list[PickRow]
    label: str = ""  # the category as the page's language says it

    @property
    def shown(self) -> bool:
        return any(r.shown for r in self.rows)


@dataclass(frozen=True)
class Picker:
    groups: list[PickGroup]
    ticked: int
    shown: int
    total: int


def catalog_matches(card: CatalogCard, *, query: str, category: str) -> bool:
    """The picker's filter: the category (if any) and the words (in the name or what done
    means). The page's script filters by the same rule without a reload."""
    query = query.strip().lower()
    return (not category or card.category == category) and (
        not query or query in card.name.lower() or query in card.standard.lower()
    )


def catalog_picker(
    *,
    household: Household,
    ticked: Iterable[str],
    query: str,
    category: str,
    language: str | None = None,
) -> Picker:
    """Every catalog card for the picker, grouped by category, with the household's ticks;
    names and standards in ``language`` where the catalog has them (English otherwise)."""
    have = set(household.cards.values_list("catalog_key", flat=True))
    have_names = {bounds.name_key(n) for n in household.cards.values_list("name", flat=True)}
    wanted = set(ticked)
    groups: dict[str, list[PickRow]] = {}
    for english in catalog_cards():
        c = card_text(english, language)
        added = (
            c.key in have
            or bounds.name_key(c.name) in have_names
            or bounds.name_key(english.name) in have_names
        )
        row = PickRow(
            card=c,
            have=added,
            ticked=not added and c.key in wanted,
            shown=catalog_matches(c, query=query, category=category),
        )
        groups.setdefault(c.category, []).append(row)
    rows = [r for g in groups.values() for r in g]
    return Picker(
        groups=[
            PickGroup(category, g, category_label(category, language))
            for category, g in groups.items()
        ],
        ticked=sum(r.ticked for r in rows),
        shown=sum(r.shown for r in rows),
        total=len(rows),
    )


def household_cards_for_import(*, household: Household) -> HouseholdCards:
    """What a file of chores from another app is checked against: the household's card names,
    the catalog cards it has, and how many more cards it may take."""
    rows = list(household.cards.values_list("name", "catalog_key"))
    return HouseholdCards(
        names=tuple(name for name, _key in rows),
        catalog_keys=tuple(key for _name, key in rows if key),
        room=bounds.MAX_CARDS - len(rows),
    )


def chores_preview(*, household: Household, data: bytes) -> ChoreImport:
    """The chores a file from another app would add to the household, and those it skips.
    Raises :class:`ChoreImportError` listing every problem; reads only."""
    return read_chores(data, household=household_cards_for_import(household=household))


@dataclass(frozen=True)
class ImportRow:
    """One chore of a file as the import's preview shows it."""

    name: str
    cadence: str  # in the page's language
    minutes: Fraction
    minutes_estimated: bool
    catalog_name: str  # the catalog card it matches, in the page's language; empty for a new card


def chores_preview_rows(preview: ChoreImport) -> list[ImportRow]:
    """The chores a file would add, in the page's language, for the preview table."""
    language = get_language()
    return [
        ImportRow(
            name=chore.name,
            cadence=cadence_label(chore.cadence.text),
            minutes=chore.minutes,
            minutes_estimated=chore.minutes_estimated,
            catalog_name=card_text(chore.catalog, language).name if chore.catalog else "",
        )
        for chore in preview.chores
    ]
