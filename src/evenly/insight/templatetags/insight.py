"""Filters for the balance pages: minutes as hours and minutes, shares as percentages."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

register = template.Library()


def _number(value: object) -> float:
    """A figure to show: a core Fraction, a stored Decimal, a number or a template's text."""
    if isinstance(value, Fraction | Decimal | int | float):
        return float(value)
    return float(str(value))


@register.filter
def hm(value: object) -> str:
    """Minutes as "2 h 5 min", "45 min" or "−1 h 10 min"; large values keep their minutes
    ("163 h 20 min"), so figures shown side by side add up as written."""
    if value is None or value == "":
        return "—"
    total = round(_number(value))
    sign = "−" if total < 0 else ""
    h, m = divmod(abs(total), 60)
    if not h:
        return f"{sign}{m} min"
    return f"{sign}{h} h {m} min" if m else f"{sign}{h} h"


@register.filter
def signed_hm(value: object) -> str:
    """Like :func:`hm` with a plus sign for positive values."""
    text = hm(value)
    return f"+{text}" if value is not None and round(_number(value)) > 0 else text


@register.filter
def pct(value: object) -> str:
    """A share 0..1 as a whole percentage."""
    if value is None or value == "":
        return "—"
    return f"{round(_number(value) * 100)}%"
