"""Units inside core: time is minutes, exact.

Every amount of time core computes with is a number of minutes per week or per occurrence, held
as an exact :class:`~fractions.Fraction` (a card's minutes, weekly loads, targets, a rotation's
even split) or as an ``int`` where it is whole (a tolerance, a personal-time goal). Hours appear
only where a person gives them (paid hours) and become minutes at once (``Member.paid_minutes``).
Decimals stay outside core: the web turns a stored ``Decimal`` into a ``Fraction`` once, in
``evenly.cards.to_core``. Floats appear only in the solver's fast heuristics and where a number is
written for a person, through :func:`number_text`.
"""

from __future__ import annotations

from fractions import Fraction

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
