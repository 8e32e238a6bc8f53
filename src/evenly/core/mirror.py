"""The stereotype mirror: does the split of a household follow the old gendered pattern?

Each card carries a time-use activity (a row of the American Time Use Survey baselines shipped in
``data/time_use_baselines.csv``). An activity is *traditionally done mostly by women* when women
spend at least 1.5 times as long on it as men, *mostly by men* when men spend at least 1.5 times as
long as women, and *shared* otherwise. The mirror shows how a household's minutes in each class
are held by its members, beside the national figures, and says in words whether one member holds
most of one class and another most of the other. It never receives or infers anyone's gender:
the national figures speak of women and men, the household's figures only of names.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from functools import cache
from importlib import resources

from evenly.core.words import Words, say

# The population whose rows classify activities. Married parents who both work full time are the
# closest published group to the households Evenly serves (adults who share a home and both have
# paid work), and the gap that remains even when both work full time is the "old pattern" the
# mirror is about. It is also the population that lists the most of the catalog's activities.
MIRROR_POPULATION = "Married parents, both employed full time, children under 18"
# Used only for an activity MIRROR_POPULATION does not list (interior cleaning, household
# management); every national figure names the population it comes from.
FALLBACK_POPULATION = "All persons age 15 and over"

# Women/men ratio at or above which an activity is "mostly women" (at or below 1/RATIO: "mostly
# men"). 1.5 means one side does at least 60% of the time: a clear majority, well beyond the
# year-to-year noise of the survey, while broad umbrella rows (household activities, 1.47) and
# leisure stay "shared".
RATIO = Fraction(3, 2)
# A member "holds most" of a class with at least this share of its minutes: the same 60% bar
# that makes an activity "mostly" one side's nationally.
MOST = RATIO / (1 + RATIO)

CAVEATS = (
    say("These are U.S. averages over individuals, not couples."),
    say("They describe what people do, not what they should do."),
    say("A single household is not a sample."),
)
# A publication's name: it stays as published, in every language.
SOURCE = "American Time Use Survey, U.S. Bureau of Labor Statistics (public domain)"

# The names of the baselines' activities and populations, as a page says them (the CSV keeps the
# published English, which is also each row's key): written out here so that a translator finds
# them in core's catalog. test_mirror checks that every name in the CSV is here.
ACTIVITY_NAMES: Mapping[str, Words] = {
    "Caring for and helping household members": say("Caring for and helping household members"),
    "Food preparation and cleanup": say("Food preparation and cleanup"),
    "Grocery shopping": say("Grocery shopping"),
    "Household activities": say("Household activities"),
    "Household management": say("Household management"),
    "Housework": say("Housework"),
    "Interior cleaning": say("Interior cleaning"),
    "Lawn and garden care": say("Lawn and garden care"),
    "Leisure and sports": say("Leisure and sports"),
    "Purchasing goods and services": say("Purchasing goods and services"),
    "Working": say("Working"),
}
POPULATION_NAMES: Mapping[str, Words] = {
    "Married parents, both employed full time, children under 18": say(
        "Married parents, both employed full time, children under 18"
    ),
    "All persons age 15 and over": say("All persons age 15 and over"),
}


def activity_name(activity: str) -> str:
    """A baseline's activity as a page says it (Words), or as published if it has no name here."""
    return ACTIVITY_NAMES.get(activity, activity)


def population_name(population: str) -> str:
    """A baseline's population as a page says it (Words), or as published."""
    return POPULATION_NAMES.get(population, population)


_ZERO = Fraction(0)


class Tradition(Enum):
    """Who has traditionally done an activity most, by the national time-use figures."""

    MOSTLY_WOMEN = "mostly-women"
    MOSTLY_MEN = "mostly-men"
    SHARED = "shared"

    @property
    def label(self) -> str:
        """How a sentence names the class."""
        return _LABELS[self]


_LABELS = {
    Tradition.MOSTLY_WOMEN: say("the work traditionally done mostly by women"),
    Tradition.MOSTLY_MEN: say("the work traditionally done mostly by men"),
    Tradition.SHARED: say("the work traditionally shared"),
}


@dataclass(frozen=True, slots=True)
class Baseline:
    """One row of the shipped baselines: hours a day spent on an activity by women and by men."""

    activity: str
    population: str
    women_hours_per_day: Fraction
    men_hours_per_day: Fraction
    years: str
    source: str

    @property
    def ratio(self) -> Fraction:
        """Women's hours over men's."""
        return self.women_hours_per_day / self.men_hours_per_day

    @property
    def women_share(self) -> Fraction:
        """The share of the activity's time that women spend, nationally."""
        return self.women_hours_per_day / (self.women_hours_per_day + self.men_hours_per_day)

    @property
    def tradition(self) -> Tradition:
        """The activity's class under :data:`RATIO`."""
        if self.ratio >= RATIO:
            return Tradition.MOSTLY_WOMEN
        if self.ratio <= 1 / RATIO:
            return Tradition.MOSTLY_MEN
        return Tradition.SHARED


@cache
def load_baselines() -> tuple[Baseline, ...]:
    """Every row of the shipped time-use baselines, in file order."""
    text = resources.files("evenly.core").joinpath("data/time_use_baselines.csv").read_text("utf-8")
    return tuple(
        Baseline(
            activity=row["activity"],
            population=row["population"],
            women_hours_per_day=Fraction(row["women_hours_per_day"]),
            men_hours_per_day=Fraction(row["men_hours_per_day"]),
            years=row["years"],
            source=row["source"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def baselines_readme() -> str:
    """The shipped note on the baselines: sources, licence and caveats, for display."""
    return resources.files("evenly.core").joinpath("data/time_use_README.md").read_text("utf-8")


@cache
def baseline(activity: str) -> Baseline:
    """The row that codes ``activity``: :data:`MIRROR_POPULATION`'s, else the fallback's.

    Raises KeyError when the baselines have no row for the activity in either population.
    """
    rows = {(b.activity, b.population): b for b in load_baselines()}
    for population in (MIRROR_POPULATION, FALLBACK_POPULATION):
        row = rows.get((activity, population))
        if row is not None:
            return row
    raise KeyError(activity)


def tradition(activity: str) -> Tradition:
    """The class of a time-use activity (KeyError if the baselines do not have it)."""
    return baseline(activity).tradition


class Pattern(Enum):
    """What the household's split looks like, in no particular direction."""

    OLD_LINES = "old-lines"  # one member holds most of one class, another most of the other
    SAME_MEMBER = "same-member"  # one member holds most of both classes
    ONE_SIDED = "one-sided"  # one class is held mostly by one member, the other is not
    EVEN = "even"  # no member holds most of either class
    NOT_ENOUGH = "not-enough"  # fewer than two members, or no minutes in either class


@dataclass(frozen=True, slots=True)
class ClassFigures:
    """The household's minutes in one class, who holds them, and the national figure beside them.

    ``national_women_share`` is the share women would do of the same minutes (the household's
    mix of activities in the class) at the national averages; None when the class is empty.
    """

    tradition: Tradition
    activities: tuple[str, ...]  # the household's activities in this class, sorted
    minutes: Fraction
    member_minutes: Mapping[str, Fraction]
    national_women_share: Fraction | None

    @property
    def shares(self) -> dict[str, Fraction]:
        """Each member's share of the class's minutes (all 0 when the class is empty)."""
        return {
            name: (m / self.minutes if self.minutes else _ZERO)
            for name, m in self.member_minutes.items()
        }

    @property
    def holder(self) -> str | None:
        """The member holding at least :data:`MOST` of the class's minutes, if any."""
        for name, share in self.shares.items():
            if self.minutes and share >= MOST:
                return name
        return None


@dataclass(frozen=True, slots=True)
class MemberMirror:
    """One member's minutes and how they divide among the classes."""

    name: str
    minutes: Fraction
    class_minutes: Mapping[Tradition, Fraction]

    @property
    def shares(self) -> dict[Tradition, Fraction]:
        """The share of the member's own minutes in each class (all 0 with no minutes)."""
        return {
            t: (m / self.minutes if self.minutes else _ZERO) for t, m in self.class_minutes.items()
        }


@dataclass(frozen=True, slots=True)
class Mirror:
    """The stereotype mirror of a household: its classes, its members, and the pattern in words."""

    members: tuple[MemberMirror, ...]
    classes: tuple[ClassFigures, ...]  # mostly women, mostly men, shared
    national: tuple[Baseline, ...]  # the rows coding the household's activities, sorted
    pattern: Pattern
    summary: Words

    def of(self, tradition: Tradition) -> ClassFigures:
        """The figures of one class."""
        return next(c for c in self.classes if c.tradition is tradition)


def mirror(
    *,
    minutes_by_member_and_activity: Mapping[tuple[str, str], Fraction],
    members: Sequence[str] | None = None,
) -> Mirror:
    """The mirror of the minutes each member holds in each time-use activity.

    The caller counts the minutes (of the cards each member owns, or logged); this function
    never sees a gender. ``members`` fixes the order and may name members without minutes;
    by default the members are those of the mapping, sorted by name.

    Raises ValueError for negative minutes, an activity the baselines do not have, or a key
    naming a member who is not in ``members``.
    """
    names = (
        list(members)
        if members is not None
        else sorted({m for m, _ in minutes_by_member_and_activity})
    )
    per_class: dict[Tradition, dict[str, Fraction]] = {
        t: dict.fromkeys(names, _ZERO) for t in Tradition
    }
    activity_minutes: dict[str, Fraction] = {}
    for (member, activity), minutes in minutes_by_member_and_activity.items():
        if member not in names:
            raise ValueError(f"minutes for {member!r}, who is not a member")
        if minutes < 0:
            raise ValueError(f"negative minutes for {member!r} in {activity!r}")
        try:
            t = tradition(activity)
        except KeyError:
            raise ValueError(f"no time-use baseline for the activity {activity!r}") from None
        per_class[t][member] += minutes
        activity_minutes[activity] = activity_minutes.get(activity, _ZERO) + minutes

    classes = tuple(_class_figures(t, per_class[t], activity_minutes) for t in Tradition)
    people = tuple(
        MemberMirror(
            name=n,
            minutes=sum((per_class[t][n] for t in Tradition), _ZERO),
            class_minutes={t: per_class[t][n] for t in Tradition},
        )
        for n in names
    )
    pattern, summary = _pattern(classes, people)
    return Mirror(
        members=people,
        classes=classes,
        national=tuple(baseline(a) for a in sorted(activity_minutes)),
        pattern=pattern,
        summary=summary,
    )


def _class_figures(
    t: Tradition, member_minutes: dict[str, Fraction], activity_minutes: Mapping[str, Fraction]
) -> ClassFigures:
    mine = {a: m for a, m in activity_minutes.items() if tradition(a) is t}
    total = sum(mine.values(), _ZERO)
    national = (
        sum((m * baseline(a).women_share for a, m in mine.items()), _ZERO) / total
        if total
        else None
    )
    return ClassFigures(
        tradition=t,
        activities=tuple(sorted(mine)),
        minutes=total,
        member_minutes=member_minutes,
        national_women_share=national,
    )


def _percent(x: Fraction) -> str:
    return f"{round(x * 100)}%"


def _pattern(
    classes: Sequence[ClassFigures], people: Sequence[MemberMirror]
) -> tuple[Pattern, Words]:
    """The pattern, and the summary in whole sentences (one template for each case, so that a
    translator can say each in its own order)."""
    women, men = classes[0], classes[1]
    if sum(1 for p in people if p.minutes) < 2 or not (women.minutes or men.minutes):
        return Pattern.NOT_ENOUGH, say("Not enough has been logged yet to see a pattern.")
    w, m = women.holder, men.holder
    if w is not None and m is not None and w != m:
        return Pattern.OLD_LINES, say(
            "{w} holds {w_share} of the work traditionally done mostly by women and {m} holds "
            "{m_share} of the work traditionally done mostly by men: the split follows the old "
            "pattern (Evenly does not know which way round, and does not need to).",
            w=w,
            w_share=_percent(women.shares[w]),
            m=m,
            m_share=_percent(men.shares[m]),
        )
    if w is not None and w == m:
        return Pattern.SAME_MEMBER, say(
            "{who} holds most of both the work traditionally done mostly by women "
            "({women_share}) and the work traditionally done mostly by men ({men_share}).",
            who=w,
            women_share=_percent(women.shares[w]),
            men_share=_percent(men.shares[w]),
        )
    if w is not None:
        share = _percent(women.shares[w])
        if men.minutes:
            return Pattern.ONE_SIDED, say(
                "{who} holds {share} of the work traditionally done mostly by women; no member "
                "holds most of the work traditionally done mostly by men.",
                who=w,
                share=share,
            )
        return Pattern.ONE_SIDED, say(
            "{who} holds {share} of the work traditionally done mostly by women; nothing of the "
            "work traditionally done mostly by men is counted.",
            who=w,
            share=share,
        )
    if m is not None:
        share = _percent(men.shares[m])
        if women.minutes:
            return Pattern.ONE_SIDED, say(
                "{who} holds {share} of the work traditionally done mostly by men; no member "
                "holds most of the work traditionally done mostly by women.",
                who=m,
                share=share,
            )
        return Pattern.ONE_SIDED, say(
            "{who} holds {share} of the work traditionally done mostly by men; nothing of the "
            "work traditionally done mostly by women is counted.",
            who=m,
            share=share,
        )
    return Pattern.EVEN, say(
        "No member holds most of either kind of traditionally gendered work: "
        "the split does not follow the old pattern."
    )
