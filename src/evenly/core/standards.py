"""Where partners disagree about a card: what "done" means, or how long it takes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

# Estimates this close count as the same: nobody times a chore to the minute.
MINUTES_RATIO = Fraction(5, 4)
MINUTES_GAP = Fraction(5)


@dataclass(frozen=True, slots=True)
class CardView:
    """One member's view of a card: own minutes per occurrence and own words for "done"."""

    minutes: Fraction  # own estimate, else the card's
    standard: str  # own words, else the card's


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A card the household should talk about before dealing it."""

    card: str
    views: Mapping[str, CardView]
    minutes_differ: bool
    standards_differ: bool

    @property
    def minutes_range(self) -> tuple[Fraction, Fraction]:
        """The smallest and largest estimate, per occurrence."""
        values = [v.minutes for v in self.views.values()]
        return min(values), max(values)


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.lower().split()).rstrip(".") == " ".join(b.lower().split()).rstrip(".")


def standards_diff(cards: Sequence[tuple[str, Mapping[str, CardView]]]) -> list[Disagreement]:
    """The cards on which members' views differ, in the order given.

    Minutes differ when the largest estimate is more than 25 % and more than 5 minutes above
    the smallest; standards differ when two members' words for "done" are not the same
    (ignoring case, spacing and a final full stop).
    """
    out: list[Disagreement] = []
    for name, views in cards:
        if len(views) < 2:
            continue
        values = [v.minutes for v in views.values()]
        low, high = min(values), max(values)
        minutes_differ = high - low > MINUTES_GAP and high > low * MINUTES_RATIO
        texts = [v.standard for v in views.values()]
        standards_differ = any(not _same_words(texts[0], t) for t in texts[1:])
        if minutes_differ or standards_differ:
            out.append(Disagreement(name, dict(views), minutes_differ, standards_differ))
    return out
