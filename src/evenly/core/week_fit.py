"""Does each member's week still fit? Paid work, home work and time of one's own, in hours.

A deal can be fair and still ask too much: a new job, a baby or an illness can leave somebody
with more to do than a week holds. This adds up each member's weekly commitments and compares
them with the hours a week has for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from evenly.core.deal import Deal
from evenly.core.model import Household
from evenly.core.reasons import format_minutes
from evenly.core.words import Arg, Words, say

# The 112 waking hours of a week (16 a day, model.WAKING_HOURS_PER_WEEK) less about 2 hours a
# day for meals, washing and getting ready: what is left for paid, home and personal time.
WEEK_FOR_COMMITMENTS_HOURS = 98


@dataclass(frozen=True, slots=True)
class WeekFit:
    """One member's weekly commitments against the hours the week has for them, in minutes."""

    member: str
    paid_minutes: Fraction
    home_minutes: Fraction
    personal_minutes: Fraction
    available_minutes: Fraction

    @property
    def total(self) -> Fraction:
        """Paid, home and personal minutes together."""
        return self.paid_minutes + self.home_minutes + self.personal_minutes

    @property
    def spare(self) -> Fraction:
        """Minutes left over in the week; negative when the week does not hold it all."""
        return self.available_minutes - self.total

    @property
    def fits(self) -> bool:
        """True when everything fits into the week."""
        return self.spare >= 0

    def sentence(self) -> Words:
        """The sum as a person reads it.

        "Robin: 38 h paid + 14 h 30 home + 4 h of one's own = 56 h 30 of 98 h: fits, 41 h 30
        spare." Paid work and time of one's own are left out when they are 0.
        """
        home = say("{time} home", time=format_minutes(self.home_minutes))
        parts: Arg = home
        if self.personal_minutes:
            own = say("{time} of one's own", time=format_minutes(self.personal_minutes))
            parts = Words("{home} + {own}", {"home": home, "own": own})
        if self.paid_minutes:
            paid = say("{time} paid", time=format_minutes(self.paid_minutes))
            parts = Words("{paid} + {rest}", {"paid": paid, "rest": parts})
        head = say(
            "{member}: {parts} = {total} of {available}",
            member=self.member,
            parts=parts,
            total=format_minutes(self.total),
            available=format_minutes(self.available_minutes),
        )
        if self.spare == 0:
            return say("{sum}: fits exactly.", sum=head)
        if self.fits:
            return say("{sum}: fits, {spare} spare.", sum=head, spare=format_minutes(self.spare))
        return say("{sum}: does not fit, {over} over.", sum=head, over=format_minutes(-self.spare))


def week_fit(household: Household, home_minutes: Mapping[str, Fraction]) -> list[WeekFit]:
    """Each member's week, in the household's order.

    ``home_minutes`` gives each member's weekly home work in minutes (a deal's loads: see
    :func:`home_minutes_of`); a member it leaves out has none. Paid work comes from the
    member's paid hours and time of one's own from their personal-time goal. Raises
    ``ValueError`` if ``home_minutes`` names someone who is not a member.
    """
    names = set(household.member_names)
    strangers = sorted(set(home_minutes) - names)
    if strangers:
        raise ValueError(f"not members of {household.name}: {', '.join(strangers)}")
    available = Fraction(WEEK_FOR_COMMITMENTS_HOURS * 60)
    return [
        WeekFit(
            member=m.name,
            paid_minutes=m.paid_minutes,
            home_minutes=Fraction(home_minutes.get(m.name, 0)),
            personal_minutes=m.personal_minutes,
            available_minutes=available,
        )
        for m in household.members
    ]


def home_minutes_of(deal: Deal) -> dict[str, Fraction]:
    """Each member's weekly home minutes in a deal (their load, in their own minutes)."""
    return {m.name: m.load_minutes for m in deal.certificate.members}
