"""Core's sentences (:class:`evenly.core.words.Words`) in the language of the page being made.

Templates write ``{{ reason|say }}`` (a builtin filter); views, forms and emails call
:func:`in_language`. A stored sentence's JSON (``Words.to_json``) is accepted too, so a page can
say a reason written months ago in today's language.
"""

from __future__ import annotations

import json
from functools import lru_cache

from django.utils import translation

from evenly.core.words import Words, WordsError


class _Django:
    """Django's gettext for the language active now (the request's, or an email's member's)."""

    def gettext(self, message: str, /) -> str:
        return translation.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int, /) -> str:
        return translation.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str, /) -> str:
        return translation.pgettext(context, message)


ACTIVE_LANGUAGE = _Django()


def in_language(value: object, english: str = "") -> str:
    """Words (or their stored JSON) in the active language; other text as it is. ``english`` is
    what to say when stored JSON cannot be read (the English kept beside it)."""
    if isinstance(value, Words):
        return value.translated(ACTIVE_LANGUAGE)
    if isinstance(value, dict):
        try:
            stored = json.dumps(value, sort_keys=True)
        except (TypeError, ValueError):  # not stored JSON after all: said as it comes
            stored = ""
        if stored:
            return _stored_in(translation.get_language() or "", stored, english)
        try:
            return Words.from_json(value).translated(ACTIVE_LANGUAGE)
        except WordsError:
            return english
    if value is None:
        return english
    return str(value)


# Stored words are said again on every page that shows them (a deal's hundred reasons on each
# visit to the deal page), and what they say depends on nothing but their JSON and the language:
# kept here, by both, so a reason rewritten in the database is said anew.
STORED_WORDS_KEPT = 4096


@lru_cache(maxsize=STORED_WORDS_KEPT)
def _stored_in(language: str, stored: str, english: str) -> str:
    try:
        return Words.from_json(json.loads(stored)).translated(ACTIVE_LANGUAGE)
    except WordsError:
        return english


def problem_sentence(problem: str) -> str:
    """A core check's message (``bounds.MINUTES.check(...)``, ``timing_problem(...)``: a clause
    such as "minutes each time must be from 0 to 1440 minutes") as a form error says it: in the
    active language, with a capital and a full stop."""
    text = in_language(problem)
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def error_text(error: BaseException) -> str:
    """An exception's message in the active language: core raises some (a cadence it cannot
    read) with Words as their message."""
    if len(error.args) == 1 and isinstance(error.args[0], Words):
        return in_language(error.args[0])
    return str(error)
