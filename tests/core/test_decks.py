"""Starter decks: each a list of catalog keys, shapes of 20–40 cards and add-ons that combine."""

from __future__ import annotations

import pytest

from evenly.core import decks
from evenly.core.catalog import load_catalog
from evenly.core.decks import (
    DeckError,
    DeckKind,
    NoShape,
    TwoShapes,
    UnknownDeck,
    add_ons,
    deck_cards,
    load_decks,
    shapes,
)


def test_every_deck_card_is_in_the_catalog() -> None:
    catalog = load_catalog()
    for deck in load_decks().values():
        missing = [key for key in deck.cards if key not in catalog]
        assert not missing, f"{deck.key}: {missing}"


def test_the_shapes_and_add_ons_the_issue_names_are_there() -> None:
    assert {d.key for d in shapes()} == {"couple", "flatmates"}
    assert {d.key for d in add_ons()} == {"baby", "school-children", "pets", "garden"}
    for deck in load_decks().values():
        low, high = decks.SHAPE_CARDS if deck.kind is DeckKind.SHAPE else decks.ADD_ON_CARDS
        assert low <= len(deck.cards) <= high, deck.key
        assert len(set(deck.cards)) == len(deck.cards), deck.key
        assert deck.name and deck.blurb


def test_a_couple_with_pets_and_a_garden_is_25_to_45_cards_each_once_in_catalog_order() -> None:
    keys = deck_cards(["couple", "pets", "garden"])
    assert 25 <= len(keys) <= 45
    assert len(set(keys)) == len(keys)
    order = list(load_catalog())
    assert keys == sorted(keys, key=order.index)
    assert {"dishes", "pet-feeding", "lawn-mowing"} <= set(keys)
    # Add-ons hold only what they add: none repeats a card of the couple's deck.
    couple = set(load_decks()["couple"].cards)
    for add_on in add_ons():
        assert not couple & set(add_on.cards), add_on.key


def test_every_shape_with_every_add_on_stays_a_deck_one_can_rate() -> None:
    for shape in shapes():
        keys = deck_cards([shape.key, *(d.key for d in add_ons())])
        assert len(keys) <= decks.MAX_START_CARDS


def test_choosing_decks_refuses_unknown_keys_two_shapes_and_nothing() -> None:
    with pytest.raises(UnknownDeck) as unknown:
        deck_cards(["couple", "dragons"])
    assert unknown.value.keys == ["dragons"]
    with pytest.raises(TwoShapes):
        deck_cards(["couple", "flatmates"])
    with pytest.raises(NoShape):
        deck_cards(["", " "])
    # An add-on alone, and a key said twice, are fine.
    assert deck_cards(["pets", "pets"]) == list(load_decks()["pets"].cards)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"key": "x", "kind": "shape", "name": "X", "blurb": "b", "cards": ["nope"]}, "catalog"),
        ({"key": "x", "kind": "party", "name": "X", "blurb": "b", "cards": []}, "kind"),
        ({"key": "x", "kind": "add-on", "name": "X", "blurb": "b"}, "has no"),
        (
            {"key": "x", "kind": "add-on", "name": "X", "blurb": "b", "cards": ["dishes"] * 3},
            "twice",
        ),
        ({"key": "x", "kind": "shape", "name": "X", "blurb": "b", "cards": ["dishes"]}, "20 to"),
    ],
)
def test_malformed_decks_are_refused_with_a_reason(raw: dict[str, object], problem: str) -> None:
    with pytest.raises(DeckError, match=problem):
        decks._deck(raw, set(load_catalog()))


def test_the_baby_deck_holds_the_work_a_baby_brings() -> None:
    """The baby add-on once had no night feeds or nappies: the heaviest work of those months."""
    baby = load_decks()["baby"]
    assert {"night-feeds", "nappies", "bottles-baby-food", "baby-bath"} <= set(baby.cards)
