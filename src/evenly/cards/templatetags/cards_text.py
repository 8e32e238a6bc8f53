"""``{% load cards_text %}``: a card's stored words as the page's language says them."""

from __future__ import annotations

from django import template

from evenly.cards.selectors import cadence_label

register = template.Library()


@register.filter
def cadence_text(cadence: object) -> str:
    """A stored cadence ("weekly", "3 per week") in the page's language; English as stored."""
    return cadence_label(str(cadence))
