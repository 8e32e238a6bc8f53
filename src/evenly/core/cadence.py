"""How often a responsibility comes round, parsed from the household's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from evenly.core import bounds
from evenly.core.words import Words, say

# A month is 52/12 weeks, so "N per month" is N * 12/52 times a week.
WEEKS_PER_MONTH = Fraction(52, 12)
WEEKS_PER_YEAR = Fraction(52)

CADENCE_FORMS = (
    "daily",
    "weekdays",
    "weekends",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "N per week",
    "N per month",
    "N per year",
    "every N days",
    "every N weeks",
    "every N months",
)

_FIXED: dict[str, Fraction] = {
    "daily": Fraction(7),
    "weekdays": Fraction(5),
    "weekends": Fraction(2),
    "weekly": Fraction(1),
    "fortnightly": Fraction(1, 2),
    "monthly": 1 / WEEKS_PER_MONTH,
    "quarterly": 1 / (3 * WEEKS_PER_MONTH),
    "yearly": 1 / WEEKS_PER_YEAR,
}

_PER = re.compile(r"^(\d+)\s*(?:x\s*)?(?:per|a|/)\s*(week|month|year)$")
_EVERY = re.compile(r"^every\s+(\d+)\s+(day|week|month)s?$")
_EVERY_ONE = re.compile(r"^every\s+(day|week|month|year)$")


_MAX_TEXT = 60  # "every 12 months" is 15; anything much longer is not a cadence


class CadenceError(ValueError):
    """A cadence that does not follow the grammar; the message lists the forms that do."""


# The most a count may be, per form.
_PER_LIMITS: dict[str, int] = {
    "week": bounds.MAX_TIMES_PER_WEEK,
    "month": bounds.MAX_TIMES_PER_MONTH,
    "year": bounds.MAX_TIMES_PER_YEAR,
}
_EVERY_LIMITS: dict[str, int] = {
    "day": bounds.MAX_EVERY_DAYS,
    "week": bounds.MAX_EVERY_WEEKS,
    "month": bounds.MAX_EVERY_MONTHS,
}


def _count(text: str, digits: str, high: int, form: str, unit: str, *, clamp: bool) -> int:
    """The count in a cadence, refused (before any arithmetic) when above ``high``, or
    lowered to ``high`` when ``clamp``. ``form`` is "per" or "every"."""
    if len(digits.lstrip("0")) > bounds.MAX_INTEGER_DIGITS or int(digits) > high:
        if clamp:
            return high
        raise CadenceError(_too_many(text, high, form, unit))
    return int(digits)


def _too_many(text: str, high: int, form: str, unit: str) -> Words:
    """Why a count is refused, naming its bound."""
    if form == "per" and unit == "week":
        return say('"{text}" is too often: at most {high} times a week', text=text, high=high)
    if form == "per" and unit == "month":
        return say('"{text}" is too often: at most {high} times a month', text=text, high=high)
    if form == "per":
        return say('"{text}" is too often: at most {high} times a year', text=text, high=high)
    if unit == "day":
        return say('"{text}" is too far apart: at most every {high} days', text=text, high=high)
    if unit == "week":
        return say('"{text}" is too far apart: at most every {high} weeks', text=text, high=high)
    return say('"{text}" is too far apart: at most every {high} months', text=text, high=high)


@dataclass(frozen=True, slots=True)
class Cadence:
    """A parsed cadence: the household's wording and how many times a week it comes round."""

    text: str
    per_week: Fraction

    def __str__(self) -> str:
        return self.text


def parse_cadence(text: object, *, clamp: bool = False) -> Cadence:
    """Parse a cadence such as ``"weekly"``, ``"3 per week"`` or ``"every 2 months"``.

    Raises :class:`CadenceError` with a message naming the accepted forms, or naming the bound
    (``bounds.MAX_TIMES_PER_WEEK`` and the like) when a count is too large. With ``clamp``, a
    count beyond its bound is lowered to the bound instead (for text stored before the bounds
    existed, such as an old database row); the text must still follow the grammar.
    """
    if not isinstance(text, str):
        raise CadenceError(say('a cadence is text, such as "weekly"; got {got}', got=repr(text)))
    if len(text) > _MAX_TEXT:
        raise CadenceError(
            say('a cadence is a few words, such as "weekly"; at most {n} characters', n=_MAX_TEXT)
        )
    words = " ".join(text.strip().lower().split())
    if words in _FIXED:
        return Cadence(words, _FIXED[words])
    if m := _PER.match(words):
        unit = m.group(2)
        count = _count(text, m.group(1), _PER_LIMITS[unit], "per", unit, clamp=clamp)
        if count == 0:
            raise CadenceError(say('"{text}" never happens; use a count of 1 or more', text=text))
        per_unit = {"week": Fraction(1), "month": 1 / WEEKS_PER_MONTH, "year": 1 / WEEKS_PER_YEAR}
        return Cadence(f"{count} per {unit}", count * per_unit[unit])
    if m := _EVERY.match(words):
        unit = m.group(2)
        count = _count(text, m.group(1), _EVERY_LIMITS[unit], "every", unit, clamp=clamp)
        if count == 0:
            raise CadenceError(
                say('"{text}" is not a cadence; use "every 1 {unit}" or more', text=text, unit=unit)
            )
        weeks = {"day": Fraction(1, 7), "week": Fraction(1), "month": WEEKS_PER_MONTH}[unit]
        plural = unit if count == 1 else unit + "s"
        return Cadence(f"every {count} {plural}", 1 / (count * weeks))
    if m := _EVERY_ONE.match(words):
        unit = m.group(1)
        fixed = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}[unit]
        return Cadence(fixed, _FIXED[fixed])
    raise CadenceError(
        say(
            '"{text}" is not a cadence Evenly understands; write one of: {forms} '
            '(N a whole number, e.g. "3 per week", "every 2 weeks")',
            text=text,
            forms=", ".join(CADENCE_FORMS),
        )
    )
