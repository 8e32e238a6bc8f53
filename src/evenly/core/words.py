"""Sentences core writes for people, in English, that the web can say in the reader's language.

Core stays free of Django, yet its reasons, summaries and messages are shown on German pages.
So core writes them as :class:`Words`: a ``str`` (the English sentence, so every caller that
prints, compares or stores text keeps working) that also remembers its English template and the
values put into it. A caller with a translator (the web's Django gettext) asks
:meth:`Words.translated` for the reader's language; a stored sentence keeps :meth:`Words.to_json`
beside its English text and comes back with :meth:`Words.from_json`.

Templates use ``{name}`` placeholders. ``say``, ``say_n`` and ``say_in`` are the extraction
keywords for ``make messages`` (``--keyword=say --keyword=say_n:1,2 --keyword=say_in:1c,2``), so
every template core writes lands in ``core/locale/<lang>/LC_MESSAGES/django.po`` and a new
language needs only that file. A lone word that means something else elsewhere ("moved" as a
feeling, "moved" as a card in a new deal) is said with a context: ``say_in("feeling", "moved")``
(its msgctxt; the catalogs of all apps are one in the end, so a bare "moved" would be one word).

A value put into a template may itself be Words (translated too), a number, or the reader's own
text (a card name, a member's name: never translated). :func:`and_list` joins items the way the
language does ("A, B and C", "A, B und C").
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Protocol, Union

Arg = Union[str, int, "Words"]
_FORMATTER = string.Formatter()


class Translator(Protocol):
    """What translating needs: a gettext and an ngettext for one language."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, count: int, /) -> str: ...


class _English:
    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, count: int, /) -> str:
        return singular if count == 1 else plural


ENGLISH: Translator = _English()


class WordsError(ValueError):
    """A template whose placeholders and values do not match, or stored words that are not
    Words' JSON."""


class Words(str):
    """An English sentence that can be said in another language (see the module's docstring)."""

    template: str
    plural: str | None
    number: int | None  # the count that chose between template and plural
    args: Mapping[str, Arg]
    context: str | None  # the msgctxt of a word that means something else elsewhere

    def __new__(
        cls,
        template: str,
        args: Mapping[str, Arg] | None = None,
        /,
        plural: str | None = None,
        number: int | None = None,
        context: str | None = None,
    ) -> Words:
        args = dict(args or {})
        count = number
        if (plural is None) != (count is None):
            raise WordsError("a plural template needs its count, and a count its plural")
        names = _placeholders(template) | (_placeholders(plural) if plural else set())
        given = set(args) | ({"count"} if count is not None else set())
        if names - given or set(args) - names:
            raise WordsError(f"{template!r} needs {sorted(names)}, was given {sorted(given)}")
        english = _fill(template, plural, count, args, ENGLISH, fallback=None)
        words = super().__new__(cls, english)
        words.template, words.plural, words.number = template, plural, count
        words.args = args
        words.context = context
        return words

    def translated(self, translator: Translator) -> str:
        """The sentence in the translator's language (English wherever it has no translation, or
        its translation's placeholders do not match)."""
        return _fill(
            self.template,
            self.plural,
            self.number,
            self.args,
            translator,
            fallback=self,
            context=self.context,
        )

    def to_json(self) -> dict[str, object]:
        """Plain JSON data to store beside the English text."""
        data: dict[str, object] = {"t": self.template, "a": _encode_args(self.args)}
        if self.plural is not None:
            data |= {"p": self.plural, "n": self.number}
        if self.context is not None:
            data["c"] = self.context
        return data

    @classmethod
    def from_json(cls, data: object) -> Words:
        """Words stored by :meth:`to_json`, or WordsError."""
        if not isinstance(data, dict) or not isinstance(data.get("t"), str):
            raise WordsError("stored words need a template")
        raw_args = data.get("a", {})
        if not isinstance(raw_args, dict):
            raise WordsError("stored words' values must be a mapping")
        plural, count = data.get("p"), data.get("n")
        if not (plural is None or isinstance(plural, str)) or not (
            count is None or (isinstance(count, int) and not isinstance(count, bool))
        ):
            raise WordsError("stored words' plural must be text with a whole count")
        context = data.get("c")
        if not (context is None or isinstance(context, str)):
            raise WordsError("stored words' context must be text")
        args = {str(k): _decode(v) for k, v in raw_args.items()}
        return cls(data["t"], args, plural, count, context)

    def __reduce__(self) -> tuple[object, ...]:
        return (Words.from_json, (self.to_json(),))


def say(template: str, /, **args: Arg) -> Words:
    """A sentence from a template and its values:
    ``say("{who} owns {card}", who=..., card=...)``."""
    return Words(template, args)


def say_n(singular: str, plural: str, count: int, /, **args: Arg) -> Words:
    """A sentence whose words depend on a count (``{count}`` may appear in it):
    ``say_n("{count} card", "{count} cards", n)``."""
    return Words(singular, args, plural, count)


def say_in(context: str, template: str, /, **args: Arg) -> Words:
    """A sentence or word said in a context, for a word that means something else elsewhere:
    ``say_in("feeling", "moved")`` (gettext's msgctxt)."""
    return Words(template, args, context=context)


def and_list(items: Sequence[Arg]) -> Arg:
    """Items joined as a list is said: "A", "A and B", "A, B and C" (in German "A, B und C")."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return say("{first} and {last}", first=items[0], last=items[1])
    return Words("{first}, {rest}", {"first": items[0], "rest": and_list(items[1:])})


def say_translated(text: str, translator: Translator) -> str:
    """Any text as the translator says it: Words translated, everything else as it is."""
    return text.translated(translator) if isinstance(text, Words) else text


def _placeholders(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _FORMATTER.parse(template) if name is not None}
    except ValueError as error:
        raise WordsError(f"{template!r}: {error}") from None


def _fill(
    template: str,
    plural: str | None,
    count: int | None,
    args: Mapping[str, Arg],
    translator: Translator,
    fallback: Words | None,
    context: str | None = None,
) -> str:
    pgettext = getattr(translator, "pgettext", None)
    if plural is not None and count is not None:
        chosen = translator.ngettext(template, plural, count)
    elif context is not None and pgettext is not None:
        chosen = pgettext(context, template)
    else:
        # A template with no letters (", ") is punctuation, the same in every language.
        chosen = translator.gettext(template) if any(c.isalpha() for c in template) else template
    values: dict[str, object] = {
        name: value.translated(translator) if isinstance(value, Words) else value
        for name, value in args.items()
    }
    if count is not None:
        values["count"] = count
    try:
        return chosen.format(**values)
    except (KeyError, IndexError, ValueError):
        # A translation that names a placeholder its English does not: say it in English.
        if fallback is None:
            raise WordsError(f"{template!r} cannot be filled with {sorted(values)}") from None
        return template.format(**values) if plural is None else str(fallback)


def _encode(value: Arg) -> object:
    if isinstance(value, Words):
        return {"w": value.to_json()}
    return value


def _encode_args(args: Mapping[str, Arg]) -> dict[str, object]:
    return {name: _encode(value) for name, value in args.items()}


def _decode(value: object) -> Arg:
    if isinstance(value, dict) and "w" in value:
        return Words.from_json(value["w"])
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise WordsError(f"stored words hold a value that is not text, a number or words: {value!r}")
