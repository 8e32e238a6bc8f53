"""Starter decks: the catalog cards a household of a given shape usually needs, shipped as
package data next to the catalog (``data/decks.toml``) and checked against it when loaded.

A deck is a *shape* (who shares the home: a couple, flatmates) or an *add-on* (what else the
home holds: a baby, school children, pets, a garden). A household picks at most one shape and
any add-ons; :func:`deck_cards` gives their cards together, each once, in catalog order.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from evenly.core.catalog import load_catalog

# A shape is a whole starting point; an add-on only adds to one.
SHAPE_CARDS = (20, 40)  # cards in a shape deck, inclusive
ADD_ON_CARDS = (3, 15)  # cards in an add-on deck, inclusive
MAX_START_CARDS = 60  # a shape with every add-on stays a deck a couple can rate in one sitting


class DeckKind(StrEnum):
    SHAPE = "shape"
    ADD_ON = "add-on"


@dataclass(frozen=True, slots=True)
class Deck:
    key: str
    kind: DeckKind
    name: str
    blurb: str
    cards: tuple[str, ...]  # catalog keys


class DeckError(ValueError):
    """The deck data is malformed (a packaging bug, caught by the test suite), or a household
    asked for decks that do not exist or do not go together; the message says which."""


class UnknownDeck(DeckError):
    """A deck key that is not a starter deck (``keys`` names them)."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"There is no starter deck {', '.join(keys)}.")
        self.keys = keys


class NoShape(DeckError):
    """No deck was chosen at all."""


class TwoShapes(DeckError):
    """More than one shape was chosen: a household is a couple or flatmates, not both."""


def _deck(raw: dict[str, object], catalog: set[str]) -> Deck:
    key = str(raw.get("key", ""))
    try:
        kind = DeckKind(str(raw["kind"]))
        cards = raw["cards"]
        deck = Deck(
            key=key,
            kind=kind,
            name=str(raw["name"]),
            blurb=str(raw["blurb"]),
            cards=tuple(str(c) for c in cards) if isinstance(cards, list) else (),
        )
    except KeyError as missing:
        raise DeckError(f"deck {key!r} has no {missing}") from None
    except ValueError:
        raise DeckError(f"deck {key!r}: kind must be 'shape' or 'add-on'") from None
    if not key or not deck.name or not deck.blurb:
        raise DeckError(f"deck {key!r} needs a key, a name and a blurb")
    unknown = [c for c in deck.cards if c not in catalog]
    if unknown:
        raise DeckError(f"deck {key!r}: not in the catalog: {', '.join(unknown)}")
    if len(set(deck.cards)) != len(deck.cards):
        raise DeckError(f"deck {key!r} names a card twice")
    low, high = SHAPE_CARDS if kind is DeckKind.SHAPE else ADD_ON_CARDS
    if not low <= len(deck.cards) <= high:
        raise DeckError(f"deck {key!r} has {len(deck.cards)} cards; a {kind} has {low} to {high}")
    return deck


@cache
def load_decks() -> dict[str, Deck]:
    """Every starter deck by key, shapes first, in file order."""
    text = resources.files("evenly.core").joinpath("data/decks.toml").read_text("utf-8")
    catalog = set(load_catalog())
    decks: dict[str, Deck] = {}
    for raw in tomllib.loads(text).get("deck", []):
        deck = _deck(raw, catalog)
        if deck.key in decks:
            raise DeckError(f"deck {deck.key!r} appears twice")
        decks[deck.key] = deck
    ordered = sorted(decks.values(), key=lambda d: d.kind is not DeckKind.SHAPE)
    shapes = [d for d in ordered if d.kind is DeckKind.SHAPE]
    if not shapes:
        raise DeckError("there is no shape deck")
    for shape in shapes:
        everything = deck_union([shape, *(d for d in ordered if d.kind is DeckKind.ADD_ON)])
        if len(everything) > MAX_START_CARDS:
            raise DeckError(
                f"{shape.name} with every add-on is {len(everything)} cards; "
                f"at most {MAX_START_CARDS}"
            )
    return {d.key: d for d in ordered}


def shapes() -> list[Deck]:
    return [d for d in load_decks().values() if d.kind is DeckKind.SHAPE]


def add_ons() -> list[Deck]:
    return [d for d in load_decks().values() if d.kind is DeckKind.ADD_ON]


def deck_union(decks: Iterable[Deck]) -> list[str]:
    """The cards of several decks, each once, in catalog order."""
    wanted = {c for d in decks for c in d.cards}
    return [key for key in load_catalog() if key in wanted]


def chosen_decks(keys: Iterable[str]) -> list[Deck]:
    """The decks a household named: each must exist, and at most one may be a shape."""
    decks = load_decks()
    keys = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    unknown = [k for k in keys if k not in decks]
    if unknown:
        raise UnknownDeck(unknown)
    chosen = [decks[k] for k in keys]
    if not chosen:
        raise NoShape("No starter deck was chosen.")
    if len([d for d in chosen if d.kind is DeckKind.SHAPE]) > 1:
        raise TwoShapes("At most one shape deck at a time.")
    return chosen


def deck_cards(keys: Iterable[str]) -> list[str]:
    """The catalog keys of the decks named by ``keys`` together, in catalog order."""
    return deck_union(chosen_decks(keys))
