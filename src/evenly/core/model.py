"""The household as the deal engine sees it: members, responsibilities, ratings, fairness basis."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from evenly.core.bounds import MAX_MEMBERS as MAX_MEMBERS  # re-exported for older imports
from evenly.core.cadence import Cadence
from evenly.core.words import Words, say

# Paid hours above this leave no room for sleep; free time is counted from a 112-hour waking week.
WAKING_HOURS_PER_WEEK = 112
DEFAULT_TOLERANCE_MINUTES = 15


class Preference(Enum):
    """How a member feels about owning a card. ``CANNOT`` means the card must not go to them."""

    ENJOY = "enjoy"
    LIKE = "like"
    FINE = "fine"
    DISLIKE = "dislike"
    HATE = "hate"
    CANNOT = "cannot"

    @property
    def score(self) -> int:
        """The preference score: enjoy 2, like 1, fine 0, dislike -1, hate -2 (cannot: 0)."""
        return _SCORES[self]

    @property
    def phrase(self) -> Words:
        """How a sentence says it, after the member's name: "enjoys it", "can't do it"."""
        return _PHRASES[self]


_SCORES = {
    Preference.ENJOY: 2,
    Preference.LIKE: 1,
    Preference.FINE: 0,
    Preference.DISLIKE: -1,
    Preference.HATE: -2,
    Preference.CANNOT: 0,
}
_PHRASES = {
    Preference.ENJOY: say("enjoys it"),
    Preference.LIKE: say("likes it"),
    Preference.FINE: say("is fine with it"),
    Preference.DISLIKE: say("dislikes it"),
    Preference.HATE: say("hates it"),
    Preference.CANNOT: say("can't do it"),
}


class FairnessBasis(Enum):
    """How the household sets each member's target share of the home work."""

    EQUAL = "equal"
    TOTAL_WORK = "total-work"
    FREE_TIME = "free-time"
    CUSTOM = "custom"

    @property
    def description(self) -> str:
        """One line a household can read."""
        return _BASIS_TEXT[self]


_BASIS_TEXT = {
    FairnessBasis.EQUAL: "equal household time",
    FairnessBasis.TOTAL_WORK: "equal total work (paid + home)",
    FairnessBasis.FREE_TIME: "home work in proportion to free time",
    FairnessBasis.CUSTOM: "custom shares",
}


@dataclass(frozen=True, slots=True)
class Rating:
    """One member's private view of one card."""

    preference: Preference = Preference.FINE
    minutes: Fraction | None = None  # own estimate per occurrence; None: the card's estimate


@dataclass(frozen=True, slots=True)
class Member:
    """A person in the household. Nobody is ever asked for a gender."""

    name: str
    paid_hours: Fraction = Fraction(0)
    share: Fraction | None = None  # custom basis only
    personal_hours: Fraction = Fraction(0)  # weekly goal for time on their own passions
    # The part of their usual share of the home work they can carry for now: 1 all of it,
    # 1/2 half, 0 none (while ill, say). The rest goes to the others (figures.target_coefficients).
    capacity: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        if not 0 <= self.capacity <= 1:
            raise ValueError(f"{self.name}'s capacity must be between 0 and 1; got {self.capacity}")

    @property
    def paid_minutes(self) -> Fraction:
        """Paid work per week, in minutes."""
        return self.paid_hours * 60

    @property
    def personal_minutes(self) -> Fraction:
        """The weekly goal for time of one's own, in minutes."""
        return self.personal_hours * 60

    @property
    def free_minutes(self) -> Fraction:
        """Waking minutes a week not spent in paid work (112 h minus paid hours)."""
        return (WAKING_HOURS_PER_WEEK - self.paid_hours) * 60


@dataclass(frozen=True, slots=True)
class Responsibility:
    """A card: one responsibility of the home, owned whole (noticing, planning and doing)."""

    name: str
    category: str
    cadence: Cadence
    minutes: Fraction  # per occurrence
    mental_minutes: Fraction  # per week: the noticing and planning
    standard: str = ""
    catalog_key: str | None = None
    owner: str | None = None  # locked to this member
    rotate: tuple[str, ...] = ()  # shared in turns; the load is split evenly
    current: str | None = None  # owner in the deal in force
    ratings: Mapping[str, Rating] = field(default_factory=dict)

    def rating(self, member: str) -> Rating:
        """The member's rating, or a neutral one if they have not rated the card."""
        return self.ratings.get(member, _NEUTRAL)

    def weekly_minutes(self, member: str) -> Fraction:
        """The member's weekly minutes for this card, to the hundredth of a minute.

        Occurrences per week times the member's own minutes per occurrence (else the card's),
        plus the card's mental-load minutes. Rounding to 0.01 min keeps the engine's arithmetic
        exact in whole hundredths and changes nothing a person could notice.
        """
        own = self.rating(member).minutes
        per_occurrence = self.minutes if own is None else own
        exact = self.cadence.per_week * per_occurrence + self.mental_minutes
        return Fraction(round(exact * 100), 100)

    def turn_minutes(self, member: str, *, turns: int = 1) -> Fraction:
        """The member's weekly minutes when ``turns`` members share the card in turns.

        A rotation splits its load evenly: each takes ``1/turns`` of their own weekly minutes
        (1: the member owns the card whole).
        """
        return self.weekly_minutes(member) / turns

    @property
    def is_rotation(self) -> bool:
        """True when the card is shared in turns rather than owned by one member."""
        return bool(self.rotate)


_NEUTRAL = Rating()


@dataclass(frozen=True, slots=True)
class Household:
    """Everything the deal engine needs: who lives here, the cards, and the fairness rule."""

    name: str
    members: tuple[Member, ...]
    responsibilities: tuple[Responsibility, ...]
    fairness: FairnessBasis = FairnessBasis.EQUAL
    tolerance_minutes: Fraction = Fraction(DEFAULT_TOLERANCE_MINUTES)
    # Whether the fairness rule counts time of one's own like paid work (free-time, total-work).
    count_personal_time: bool = False

    @property
    def member_names(self) -> tuple[str, ...]:
        """Member names in the household's order."""
        return tuple(m.name for m in self.members)

    @property
    def is_redeal(self) -> bool:
        """True when some card names its owner in the deal in force."""
        return any(r.current is not None for r in self.responsibilities)

    def member(self, name: str) -> Member:
        """The member of that name (KeyError if none)."""
        for m in self.members:
            if m.name == name:
                return m
        raise KeyError(name)
