"""The catalog's and the starter decks' words in another language (core stays Django-free: the
caller passes a language code such as "de" or "de-at").

English lives in ``data/catalog.toml`` and ``data/decks.toml``. A language's words are a gettext
catalog, ``locale/<code>/LC_MESSAGES/catalog.po`` beside core's ``django.po``, so a new
language is its .po files and nothing else. Each entry's ``msgctxt`` says what the text is
(:data:`CONTEXTS`) and its ``msgid`` is the English text::

    msgctxt "card name"
    msgid "Dishes"
    msgstr "Abwasch"

Anything a catalog leaves out (or leaves empty, or marks fuzzy) stays English, and nothing but
words can change: cadences, minutes and which cards a deck holds are the same in every
language. ``make messages`` adds new English texts to every language's ``catalog.po``
(:func:`catalog_messages`). Categories stay English inside Evenly (they are keys); only their
labels change.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import polib  # type: ignore[import-untyped]

from evenly.core.catalog import CATEGORIES, CatalogCard, CatalogError, load_catalog
from evenly.core.decks import Deck, load_decks

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
LOCALE = Path(__file__).resolve().parent / "locale"
CATALOG = "catalog.po"
CONTEXTS = ("category", "card name", "card standard", "deck name", "deck blurb")


def _codes(language: str | None) -> list[str]:
    """ "de-at" -> ["de-at", "de"]; English and anything that is not a language code -> []."""
    code = (language or "").lower().replace("_", "-")
    if not LANGUAGE.match(code) or code.split("-")[0] == "en":
        return []
    parts = code.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _folder(code: str) -> str:
    """A language code as gettext names its folder: "de-at" -> "de_AT"."""
    head, _, region = code.partition("-")
    return f"{head}_{region.upper() if len(region) == 2 else region}" if region else head


def catalog_path(code: str) -> Path:
    """Where a language's catalog of card and deck words lives."""
    return LOCALE / _folder(code) / "LC_MESSAGES" / CATALOG


@cache
def _words(code: str) -> dict[tuple[str, str], str]:
    """(context, English) -> the language's words, from its catalog.po (empty when none)."""
    path = catalog_path(code)
    if not path.is_file():
        return {}
    try:
        entries = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise CatalogError(f"locale/{path.relative_to(LOCALE)}: {error}") from None
    return {
        (e.msgctxt or "", e.msgid): e.msgstr
        for e in entries.translated_entries()
        if e.msgstr.strip() and not e.obsolete
    }


def _word(language: str | None, context: str, english: str) -> str:
    for code in _codes(language):
        value = _words(code).get((context, english))
        if value:
            return value
    return english


def category_label(category: str, language: str | None) -> str:
    """A catalog category as the language says it (categories stay English keys)."""
    return _word(language, "category", category)


def card_text(card: CatalogCard, language: str | None) -> CatalogCard:
    """The catalog card with its name and standard in the language (English where missing)."""
    return dataclasses.replace(
        card,
        name=_word(language, "card name", card.name),
        standard=_word(language, "card standard", card.standard),
    )


def deck_text(deck: Deck, language: str | None) -> Deck:
    """The starter deck with its name and blurb in the language (English where missing)."""
    return dataclasses.replace(
        deck,
        name=_word(language, "deck name", deck.name),
        blurb=_word(language, "deck blurb", deck.blurb),
    )


def languages() -> list[str]:
    """The languages that have a catalog of card and deck words."""
    if not LOCALE.is_dir():
        return []
    return sorted(
        p.name.lower().replace("_", "-")
        for p in LOCALE.iterdir()
        if (p / "LC_MESSAGES" / CATALOG).is_file()
    )


@dataclasses.dataclass(frozen=True)
class Message:
    """One English text of the catalog or the decks, as ``make messages`` writes it."""

    context: str
    english: str
    where: str  # "card dishes", "deck couple": for the translator


def catalog_messages() -> list[Message]:
    """Every English text a language's catalog.po may translate, each once, in a fixed order."""
    found: dict[tuple[str, str], Message] = {}

    def add(context: str, english: str, where: str) -> None:
        found.setdefault((context, english), Message(context, english, where))

    for category in CATEGORIES:
        add("category", category, "category")
    for key, card in load_catalog().items():
        add("card name", card.name, f"card {key}")
        add("card standard", card.standard, f"card {key}")
    for key, deck in load_decks().items():
        add("deck name", deck.name, f"deck {key}")
        add("deck blurb", deck.blurb, f"deck {key}")
    return list(found.values())


def translation_problems(code: str) -> list[str]:
    """Everything wrong with one language's catalog.po: texts the English data no longer has
    (translated for nothing), contexts Evenly does not know, and names two cards share."""
    where = f"locale/{catalog_path(code).relative_to(LOCALE)}"
    wanted = {(m.context, m.english) for m in catalog_messages()}
    problems: list[str] = []
    for context, english in _words(code):
        if context not in CONTEXTS:
            problems.append(f"{where}: unknown msgctxt {context!r}")
        elif (context, english) not in wanted:
            problems.append(f"{where}: no {context} {english!r} in the English data")
    names: dict[str, str] = {}
    for card in load_catalog().values():
        name = card_text(card, code).name.casefold()
        if name in names:
            problems.append(f"{where}: cards {names[name]!r} and {card.key!r} share a name")
        names[name] = card.key
    return problems
