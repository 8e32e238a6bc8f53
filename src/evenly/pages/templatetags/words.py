"""``{{ text|say }}`` in every template, no ``{% load %}``: core's sentences in the page's
language (see :mod:`evenly.pages.words`). ``{{ stored_json|say:english }}`` says stored words,
or the English kept beside them when they cannot be read."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from evenly.core.localized import category_label
from evenly.pages.words import in_language

register = template.Library()


@register.filter
def say(value: object, english: str = "") -> str:
    """Words, or stored words' JSON, in the active language; any other text as it is."""
    return in_language(value, english)


@register.filter
def category(value: object) -> str:
    """A card's category as the page's language says it (the catalog's categories are kept in
    English; a household's own category is its own words)."""
    return category_label(str(value), get_language())
