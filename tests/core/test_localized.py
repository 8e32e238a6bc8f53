"""The catalog's and the starter decks' words in another language: a gettext catalog,
core/locale/<lang>/LC_MESSAGES/catalog.po, English wherever it says nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from evenly.core import localized
from evenly.core.catalog import CATEGORIES, load_catalog
from evenly.core.decks import load_decks
from evenly.core.localized import card_text, category_label, deck_text, translation_problems


def test_german_is_a_language_and_its_catalog_is_sound() -> None:
    assert "de" in localized.languages()
    for code in localized.languages():
        assert translation_problems(code) == []


def test_every_starter_deck_and_every_card_of_the_couple_deck_is_in_german() -> None:
    catalog = load_catalog()
    for deck in load_decks().values():
        german = deck_text(deck, "de")
        assert german.name != deck.name and german.blurb != deck.blurb, deck.key
        assert german.cards == deck.cards and german.kind == deck.kind
    for key in load_decks()["couple"].cards:
        card, german = catalog[key], card_text(catalog[key], "de")
        assert german.name != card.name and german.standard != card.standard, key
        assert (german.cadence, german.minutes, german.category) == (
            card.cadence,
            card.minutes,
            card.category,
        )
    assert all(category_label(c, "de") != c for c in CATEGORIES)
    assert category_label("Kitchen & food", "de") == "Küche & Essen"


@pytest.mark.parametrize("language", ["en", "en-gb", None, "", "../../etc", "xx", "fr"])
def test_english_where_no_overlay_says_otherwise(language: str | None) -> None:
    card = load_catalog()["dishes"]
    assert card_text(card, language) == card
    assert deck_text(load_decks()["couple"], language) == load_decks()["couple"]


def test_a_regional_language_falls_back_to_its_base() -> None:
    card = load_catalog()["dishes"]
    assert card_text(card, "de-at").name == card_text(card, "de_CH").name == "Abwasch"


def test_a_catalog_that_names_what_does_not_exist_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "zz" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "catalog.po").write_text(
        """msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "category"
msgid "Kitchen & food"
msgstr "K"

msgctxt "category"
msgid "Boats"
msgstr "B"

msgctxt "card minutes"
msgid "Dishes"
msgstr "3"

msgctxt "card name"
msgid "Dishes"
msgstr "D"

msgctxt "card name"
msgid "Laundry"
msgstr "d"

msgctxt "deck name"
msgid "A couple"
msgstr ""
""",
        encoding="utf-8",
    )
    monkeypatch.setattr(localized, "LOCALE", tmp_path)
    localized._words.cache_clear()
    try:
        problems = translation_problems("zz")
        assert localized.languages() == ["zz"]
        assert category_label("Kitchen & food", "zz") == "K"
        assert deck_text(load_decks()["couple"], "zz").name == "A couple"  # empty: English
    finally:
        localized._words.cache_clear()
    assert "locale/zz/LC_MESSAGES/catalog.po: no category 'Boats' in the English data" in problems
    assert "locale/zz/LC_MESSAGES/catalog.po: unknown msgctxt 'card minutes'" in problems
    assert "locale/zz/LC_MESSAGES/catalog.po: cards 'dishes' and 'laundry' share a name" in problems
