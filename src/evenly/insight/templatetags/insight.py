"""Filters for the balance pages: shares as percentages. Durations use the builtin ``hm``
(``evenly.pages.templatetags.durations``), as every page does."""

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
def pct(value: object) -> str:
    """A share 0..1 as a whole percentage."""
    if value is None or value == "":
        return "—"
    return f"{round(_number(value) * 100)}%"
