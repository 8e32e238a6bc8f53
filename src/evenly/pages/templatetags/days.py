"""``{{ some_date|day:"l j M" }}`` in every template, no ``{% load %}``: Django's ``date``
filter for a calendar day, remembered per day, format and language. ``{{ h.until|ends:today }}``
says how an end date reads on ``today`` (core's one rule: "until 12 June 2026", "ends today",
"ended on 12 June 2026").

A week page writes the same seven days a thousand times (each row's dates, its snooze
buttons' names, its form values); Django's ``date`` formats each afresh, which was a fifth of
a week page drawn after a change. A calendar day (not a moment) reads the same in one language
whatever the reader or the time zone, so its text can be remembered. Anything else (a moment,
None, text) goes to Django's filter as it is.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.translation import get_language

from evenly.core.life_events import end_words
from evenly.pages.words import in_language

register = template.Library()


@lru_cache(maxsize=8192)
def _day_text(value: date, format_string: str, language: str | None) -> str:
    # ``language`` is only part of the key: date_filter reads the active one, which it is.
    return str(date_filter(value, format_string))


@register.filter(expects_localtime=True, is_safe=False)
def day(value: object, format_string: str | None = None) -> str:
    """``value`` written like Django's ``date`` filter writes it (a moment in the page's time
    zone, as Django's does)."""
    if type(value) is date:  # not a datetime: a moment's day depends on the time zone
        return _day_text(value, format_string or "", get_language())
    return str(date_filter(value, format_string))  # type: ignore[arg-type]  # as Django takes it


@register.filter(is_safe=False)
def ends(until: object, today: object) -> str:
    """The end date ``until`` as it reads on ``today``, in the page's language; nothing when
    there is no end date."""
    if not isinstance(until, date) or not isinstance(today, date):
        return ""
    return in_language(end_words(until, today))
