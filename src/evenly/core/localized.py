"""The catalog's and the starter decks' words in another language (core stays Django-free: the
caller passes a language code such as "de" or "de-at").

English lives in ``data/catalog.toml`` and ``data/decks.toml``. A language adds a folder
``data/<code>/`` with overlays keyed like the English files; anything an overlay leaves out stays
English, and nothing but words can change (cadences, minutes and which cards a deck holds are the
same in every language)::

    # data/de/catalog.toml
    [category]
    "Kitchen & food" = "Küche & Essen"
    [card.dishes]
    name = "Abwasch"
    standard = "..."

    # data/de/decks.toml
    [deck.couple]
    name = "Als Paar"
    blurb = "..."

Categories stay English inside Evenly (they are keys); only their labels change.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from functools import cache
from importlib import resources

from evenly.core.catalog import CATEGORIES, CatalogCard, CatalogError, load_catalog
from evenly.core.decks import Deck, load_decks

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
CARD_FIELDS = frozenset({"name", "standard"})
DECK_FIELDS = frozenset({"name", "blurb"})


def _codes(language: str | None) -> list[str]:
    """ "de-at" -> ["de-at", "de"]; English and anything that is not a language code -> []."""
    code = (language or "").lower().replace("_", "-")
    if not LANGUAGE.match(code) or code.split("-")[0] == "en":
        return []
    parts = code.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


@cache
def _overlay(code: str, name: str) -> dict[str, object]:
    folder = resources.files("evenly.core").joinpath("data", code)
    path = folder.joinpath(name)
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"data/{code}/{name}: {error}") from None


def _table(data: dict[str, object], *keys: str) -> dict[str, object]:
    for key in keys:
        value = data.get(key, {})
        if not isinstance(value, dict):
            return {}
        data = value
    return data


def _word(language: str | None, name: str, path: tuple[str, ...], english: str) -> str:
    for code in _codes(language):
        value = _table(_overlay(code, name), *path[:-1]).get(path[-1])
        if isinstance(value, str) and value.strip():
            return value
    return english


def category_label(category: str, language: str | None) -> str:
    """A catalog category as the language says it (categories stay English keys)."""
    return _word(language, "catalog.toml", ("category", category), category)


def card_text(card: CatalogCard, language: str | None) -> CatalogCard:
    """The catalog card with its name and standard in the language (English where missing)."""
    path = ("card", card.key)
    return dataclasses.replace(
        card,
        name=_word(language, "catalog.toml", (*path, "name"), card.name),
        standard=_word(language, "catalog.toml", (*path, "standard"), card.standard),
    )


def deck_text(deck: Deck, language: str | None) -> Deck:
    """The starter deck with its name and blurb in the language (English where missing)."""
    path = ("deck", deck.key)
    return dataclasses.replace(
        deck,
        name=_word(language, "decks.toml", (*path, "name"), deck.name),
        blurb=_word(language, "decks.toml", (*path, "blurb"), deck.blurb),
    )


def languages() -> list[str]:
    """The languages that have overlays (folders under data/)."""
    data = resources.files("evenly.core").joinpath("data")
    return sorted(p.name for p in data.iterdir() if p.is_dir() and LANGUAGE.match(p.name))


def overlay_problems(code: str) -> list[str]:
    """Everything wrong with one language's overlays: keys the English data lacks, fields that
    are not words of that thing, empty or non-text values, and names two cards share."""
    problems: list[str] = []
    catalog, decks = load_catalog(), load_decks()
    overlay = _overlay(code, "catalog.toml")
    for key in set(overlay) - {"category", "card"}:
        problems.append(f"data/{code}/catalog.toml: unknown table [{key}]")
    for category, label in _table(overlay, "category").items():
        if category not in CATEGORIES:
            problems.append(f"data/{code}/catalog.toml: no category {category!r}")
        elif not isinstance(label, str) or not label.strip():
            problems.append(f"data/{code}/catalog.toml: category {category!r} needs a text")
    for what, table, fields, known in (
        ("card", _table(overlay, "card"), CARD_FIELDS, catalog),
        ("deck", _table(_overlay(code, "decks.toml"), "deck"), DECK_FIELDS, decks),
    ):
        for key, entry in table.items():
            where = f"data/{code}/{what}s.toml" if what == "deck" else f"data/{code}/catalog.toml"
            if key not in known:
                problems.append(f"{where}: no {what} {key!r}")
                continue
            if not isinstance(entry, dict):
                problems.append(f"{where}: {what} {key!r} must be a table")
                continue
            for field, value in entry.items():
                if field not in fields:
                    problems.append(f"{where}: {what} {key!r} cannot change {field!r}")
                elif not isinstance(value, str) or not value.strip():
                    problems.append(f"{where}: {what} {key!r}: {field} needs a text")
    names: dict[str, str] = {}
    for card in catalog.values():
        name = card_text(card, code).name.casefold()
        if name in names:
            problems.append(f"data/{code}: cards {names[name]!r} and {card.key!r} share a name")
        names[name] = card.key
    return problems
