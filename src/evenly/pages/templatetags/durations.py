"""Durations in every template: ``{{ minutes|hm }}`` and ``{{ gap|signed_hm }}``, no ``{% load %}``.

Registered as a template builtin (settings ``TEMPLATES`` → ``OPTIONS["builtins"]``), so every
page writes a duration the one way :func:`evenly.core.units.duration_text` does: "7 h 05",
"45 min". A :class:`~datetime.timedelta` is read as its minutes, so none ever shows raw
(as "0:15:00" or "PT15M").
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django import template

from evenly.core.units import duration_text, signed_duration_text
from evenly.pages.words import in_language

register = template.Library()

NONE = "—"  # what a missing figure shows


def _minutes(value: object) -> Fraction | None:
    """A figure to show as minutes: a core Fraction, a stored Decimal, a number, a timedelta or
    a template's text; None when there is none (or it is not a number)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, timedelta):
        return Fraction(value.total_seconds()) / 60
    if isinstance(value, Fraction | Decimal | int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(value) if value == value and abs(value) != float("inf") else None
    try:
        return Fraction(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def hm(value: object) -> str:
    """Minutes as "7 h 05", "45 min" or "−1 h 10" (see ``duration_text``); "—" for none."""
    minutes = _minutes(value)
    return NONE if minutes is None else in_language(duration_text(minutes))


@register.filter
def signed_hm(value: object) -> str:
    """Like :func:`hm`, with a plus sign on a positive value: "+1 h 05"."""
    minutes = _minutes(value)
    return NONE if minutes is None else in_language(signed_duration_text(minutes))
