"""How the split of the home work feels: the rules of the monthly check, in pure Python.

Once a month each member answers privately: how fair the split feels to them and to their
partner(s), and how satisfied they are with it (1..7 each), and the Couples Satisfaction Index's
four-item form (CSI-4; Funk & Rogge 2007, Journal of Family Psychology 21(4), 572-583), scored
as its authors define it: the sum of the four items, 0..21.

This module holds what does not need a database: the bounds check of an answer, the CSI-4
score, the month a day belongs to, the household's trend over the months everyone answered, and
the rule that says when how the split feels and how the minutes fall diverge. Perceived
unfairness to oneself, more than the split itself, is what research links with how a
relationship fares; so the rule looks at the member's own sense of fairness beside their share
of the logged minutes.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from evenly.core.bounds import (
    CSI4_HAPPY_MAX,
    CSI4_ITEM_MAX,
    FELT_CARRY_MARGIN,
    FELT_EVEN_MARGIN,
    FELT_FAIR_FROM,
    FELT_MAX,
    FELT_MIN,
    FELT_MIN_MEASURED_MINUTES,
    FELT_UNFAIR_TO,
)
from evenly.core.words import Words, say

# The CSI-4's items in the order the authors give them, each with its highest answer.
CSI4_ITEMS: tuple[tuple[str, int], ...] = (
    ("csi_happy", CSI4_HAPPY_MAX),
    ("csi_warm", CSI4_ITEM_MAX),
    ("csi_rewarding", CSI4_ITEM_MAX),
    ("csi_satisfied", CSI4_ITEM_MAX),
)
# The three 1..7 scales of the check itself.
SCALES: tuple[str, ...] = ("fair_to_me", "fair_to_partner", "satisfied")


@dataclass(frozen=True, slots=True)
class Answer:
    """One member's answer for one month: three 1..7 scales and the CSI-4's four items."""

    fair_to_me: int  # 1: very unfair to me .. 7: very fair to me
    fair_to_partner: int  # 1: very unfair to my partner(s) .. 7: very fair to them
    satisfied: int  # with the split: 1 very dissatisfied .. 7 very satisfied
    csi_happy: int  # 0..6
    csi_warm: int  # 0..5
    csi_rewarding: int  # 0..5
    csi_satisfied: int  # 0..5


def answer_problems(answer: Answer) -> tuple[str, ...]:
    """The names of the answer's fields that lie outside their bounds (empty: all well).

    Names rather than sentences: each caller says the bound in the reader's language.
    """
    wrong = [name for name in SCALES if not FELT_MIN <= getattr(answer, name) <= FELT_MAX]
    wrong += [name for name, top in CSI4_ITEMS if not 0 <= getattr(answer, name) <= top]
    return tuple(wrong)


def csi4_score(answer: Answer) -> int:
    """The CSI-4 score as Funk & Rogge define it: the plain sum of the four items (0..21;
    higher is more satisfied). Raises ValueError for an item out of bounds."""
    if bad := [n for n in answer_problems(answer) if n.startswith("csi_")]:
        raise ValueError(f"CSI-4 items out of bounds: {', '.join(bad)}")
    return sum(getattr(answer, name) for name, _ in CSI4_ITEMS)


def month_of(day: date) -> date:
    """The month ``day`` belongs to, as its first day: what a check (and a perception round)
    is for."""
    return day.replace(day=1)


def month_after(month: date) -> date:
    """The first day of the month after ``month``'s."""
    first = month_of(month)
    if first.month == 12:
        return first.replace(year=first.year + 1, month=1)
    return first.replace(month=first.month + 1)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """The household's averages for one month everyone answered."""

    month: date
    fair_to_me: Fraction  # the mean of each member's "fair to me"
    satisfied: Fraction
    csi4: Fraction  # the mean CSI-4 score


def month_figures(month: date, answers: Sequence[Answer]) -> MonthFigures:
    """The household's means for ``month`` from everyone's answers (at least one)."""
    if not answers:
        raise ValueError("a month's figures need at least one answer")
    n = len(answers)
    return MonthFigures(
        month=month_of(month),
        fair_to_me=Fraction(sum(a.fair_to_me for a in answers), n),
        satisfied=Fraction(sum(a.satisfied for a in answers), n),
        csi4=Fraction(sum(csi4_score(a) for a in answers), n),
    )


def rounded(value: Fraction) -> int:
    """A mean as people read it: the nearest whole number, halves up (4.5 is 5)."""
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@dataclass(frozen=True, slots=True)
class Trend:
    """Since the household started: the first and the latest month everyone answered."""

    first: MonthFigures
    latest: MonthFigures
    months: int  # how many months everyone answered, the first and latest included

    @property
    def fair_from(self) -> int:
        return rounded(self.first.fair_to_me)

    @property
    def fair_to(self) -> int:
        return rounded(self.latest.fair_to_me)

    @property
    def satisfied_from(self) -> int:
        return rounded(self.first.satisfied)

    @property
    def satisfied_to(self) -> int:
        return rounded(self.latest.satisfied)

    @property
    def csi4_from(self) -> int:
        return rounded(self.first.csi4)

    @property
    def csi4_to(self) -> int:
        return rounded(self.latest.csi4)

    @property
    def headline(self) -> Words:
        """How fair it feels since the start ("Since you started: feels fair 3 → 5 of 7"), or
        after one month only where it stands."""
        if self.months > 1:
            return say(
                "Since you started: feels fair {before} → {now} of 7",
                before=self.fair_from,
                now=self.fair_to,
            )
        return say("Feels fair {now} of 7 (one month so far)", now=self.fair_to)


def trend(months: Sequence[MonthFigures]) -> Trend | None:
    """The trend over the months given (only those everyone answered), in any order; None when
    there are none. With one month, first and latest are the same month."""
    if not months:
        return None
    ordered = sorted(months, key=lambda m: m.month)
    if len({m.month for m in ordered}) != len(ordered):
        raise ValueError("one figure per month")
    return Trend(first=ordered[0], latest=ordered[-1], months=len(ordered))


class Divergence(enum.Enum):
    """How a member's sense of fairness and the logged minutes can tell different stories."""

    CARRIES_MORE_FEELS_FAIR = "carries_more_feels_fair"
    EVEN_FEELS_UNFAIR = "even_feels_unfair"


def divergence(
    *, fair_to_me: int, minutes: Fraction, total: Fraction, members: int
) -> Divergence | None:
    """Whether one member's "fair to me" and their share of the month's logged home minutes
    diverge, and how.

    ``minutes`` are the member's, ``total`` the household's, over the same month; ``members``
    is how many share the home. Even is an equal part (1/members). The minutes show clearly
    more than even when the member logged :data:`FELT_CARRY_MARGIN` or more above it, and
    even when within :data:`FELT_EVEN_MARGIN` of it. Below :data:`FELT_MIN_MEASURED_MINUTES`
    in all the minutes say nothing, and neither does this rule.
    """
    if members < 2 or total < FELT_MIN_MEASURED_MINUTES:
        return None
    if not 0 <= minutes <= total:
        raise ValueError("a member's minutes lie between 0 and the household's total")
    share = minutes / total
    even = Fraction(1, members)
    if share >= even + FELT_CARRY_MARGIN and fair_to_me >= FELT_FAIR_FROM:
        return Divergence.CARRIES_MORE_FEELS_FAIR
    if abs(share - even) <= FELT_EVEN_MARGIN and fair_to_me <= FELT_UNFAIR_TO:
        return Divergence.EVEN_FEELS_UNFAIR
    return None
