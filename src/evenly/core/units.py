"""Units inside core: time is minutes, exact.

Every amount of time core computes with is a number of minutes per week or per occurrence, held
as an exact :class:`~fractions.Fraction` (a card's minutes, weekly loads, targets, a rotation's
even split) or as an ``int`` where it is whole (a tolerance, a personal-time goal). Hours appear
only where a person gives them (paid hours) and become minutes at once (``Member.paid_minutes``).
Decimals stay outside core: the web turns a stored ``Decimal`` into a ``Fraction`` once, in
``evenly.cards.to_core``. Floats appear only in the solver's fast heuristics and where a number is
written for a person, through :func:`number_text`; a duration is written for a person through
:func:`duration_text` ("7 h 05"), the one rule every page and message uses.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from evenly.core.words import say

MINUTES_PER_HOUR = 60


def number_text(value: Fraction | int) -> str:
    """A number as a message writes it: whole numbers exactly ("1440"), others in at most six
    significant digits ("22.5", "0.333333")."""
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def minutes_json(value: Fraction | int) -> float:
    """Minutes as a JSON document (a deal's certificate, the command line's --json) writes them:
    to the hundredth of a minute, core's own grid."""
    return round(float(value), 2)


def _whole_minutes(value: Fraction) -> int:
    """``value`` (at least 0) to the nearest whole minute, halves up: 0.5 → 1, 2.5 → 3."""
    return int(value + Fraction(1, 2))


def duration_text(minutes: Fraction | Decimal | int | float) -> str:
    """A duration as every page, message and calendar writes it: "h mm".

    The one rule: round to the nearest whole minute (halves up); under an hour it is "45 min";
    from an hour on, hours then two-digit minutes, "7 h 10", "7 h 05", or "7 h" on the hour.
    Large values keep their minutes ("163 h 20"), so figures shown side by side still add up
    to their total as written. A negative duration (a gap below a share) starts with a minus
    sign, "−1 h 05"; zero is "0 min"; a duration that is not zero but rounds to it reads
    "under a minute" (with no sign, so no figure ever reads "−0 min").
    """
    exact = Fraction(minutes)
    whole = _whole_minutes(abs(exact))
    if whole == 0:
        return "0 min" if exact == 0 else say("under a minute")
    sign = "−" if exact < 0 else ""
    hours, rest = divmod(whole, MINUTES_PER_HOUR)
    if hours == 0:
        return f"{sign}{rest} min"
    return f"{sign}{hours} h" if rest == 0 else f"{sign}{hours} h {rest:02d}"


def signed_duration_text(minutes: Fraction | Decimal | int | float) -> str:
    """Like :func:`duration_text`, with a plus sign on a positive duration ("+1 h 05"): a
    difference, where the sign says which way."""
    text = duration_text(minutes)
    return f"+{text}" if _whole_minutes(abs(Fraction(minutes))) and minutes > 0 else text
