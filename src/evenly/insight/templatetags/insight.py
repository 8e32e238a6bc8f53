"""Filters for the balance pages: minutes as hours and minutes, shares as percentages."""

from __future__ import annotations

from typing import SupportsFloat

from django import template

register = template.Library()


@register.filter
def hm(value: SupportsFloat | str | None) -> str:
    """Minutes as "2 h 5 min", "45 min" or "−1 h 10 min"; from 10 hours, whole hours ("163 h")."""
    if value is None or value == "":
        return "—"
    total = round(float(value))
    sign = "−" if total < 0 else ""
    h, m = divmod(abs(total), 60)
    if h >= 10:
        return f"{sign}{round(abs(total) / 60)} h"
    if not h:
        return f"{sign}{m} min"
    return f"{sign}{h} h {m} min" if m else f"{sign}{h} h"


@register.filter
def signed_hm(value: SupportsFloat | str | None) -> str:
    """Like :func:`hm` with a plus sign for positive values."""
    text = hm(value)
    return f"+{text}" if value is not None and round(float(value)) > 0 else text


@register.filter
def pct(value: SupportsFloat | str | None) -> str:
    """A share 0..1 as a whole percentage."""
    if value is None or value == "":
        return "—"
    return f"{round(float(value) * 100)}%"
