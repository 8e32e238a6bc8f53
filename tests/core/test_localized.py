"""The catalog's and the starter decks' words in another language: overlays under
core/data/<lang>/, keyed like the English data, English wherever they say nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from evenly.core import localized
from evenly.core.catalog import CATEGORIES, load_catalog
from evenly.core.decks import load_decks
from evenly.core.localized import card_text, category_label, deck_text, overlay_problems


def test_german_is_a_language_and_its_overlays_are_sound() -> None:
    assert "de" in localized.languages()
    for code in localized.languages():
        assert overlay_problems(code) == []


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


def test_an_overlay_that_names_what_does_not_exist_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = localized._overlay.__wrapped__

    def fake(code: str, name: str) -> dict[str, object]:
        if code != "zz":
            return real(code, name)
        if name == "catalog.toml":
            return {
                "category": {"Kitchen & food": "K", "Boats": "B"},
                "card": {
                    "dishes": {"name": "D", "minutes": 3},
                    "no-such": {"name": "N"},
                    "laundry": {"name": "d"},
                },
            }
        return {"deck": {"couple": {"name": ""}, "nope": {"name": "X"}}}

    monkeypatch.setattr(localized, "_overlay", fake)
    problems = overlay_problems("zz")
    assert "data/zz/catalog.toml: no category 'Boats'" in problems
    assert "data/zz/catalog.toml: card 'dishes' cannot change 'minutes'" in problems
    assert "data/zz/catalog.toml: no card 'no-such'" in problems
    assert "data/zz/decks.toml: deck 'couple': name needs a text" in problems
    assert "data/zz/decks.toml: no deck 'nope'" in problems
    assert "data/zz: cards 'dishes' and 'laundry' share a name" in problems
