"""The built-in catalog of about 100 common responsibilities, shipped as package data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources

from evenly.core.cadence import Cadence, parse_cadence

CATEGORIES = (
    "Kitchen & food",
    "Cleaning",
    "Laundry & clothes",
    "Shopping & supplies",
    "Money & admin",
    "Home & garden",
    "Vehicles",
    "Children",
    "Pets",
    "Family & social",
    "Health & appointments",
    "Travel & events",
    "Relationship",
)

# Rows of the time-use baselines (American Time Use Survey) that a card can belong to. Only the
# stereotype mirror reads this coding; the deal never does.
TIME_USE_ACTIVITIES = (
    "Food preparation and cleanup",
    "Interior cleaning",
    "Housework",
    "Lawn and garden care",
    "Household management",
    "Grocery shopping",
    "Purchasing goods and services",
    "Caring for and helping household members",
    "Household activities",
    "Leisure and sports",
)


@dataclass(frozen=True, slots=True)
class CatalogCard:
    """A responsibility as the catalog describes it; households copy and adjust it."""

    key: str
    name: str
    category: str
    cadence: Cadence
    minutes: Fraction
    mental_minutes: Fraction
    standard: str
    time_use: str

    def weekly_minutes(self) -> Fraction:
        """Typical weekly minutes: occurrences times minutes, plus the mental load."""
        return self.cadence.per_week * self.minutes + self.mental_minutes


class CatalogError(ValueError):
    """The catalog data is malformed (a packaging bug, caught by the test suite)."""


def _card(raw: dict[str, object]) -> CatalogCard:
    key = raw.get("key")
    try:
        minutes, mental = raw["minutes"], raw["mental_minutes"]
        if not isinstance(minutes, int | float) or not isinstance(mental, int | float):
            raise CatalogError(f"card {key!r}: minutes must be numbers")
        card = CatalogCard(
            key=str(raw["key"]),
            name=str(raw["name"]),
            category=str(raw["category"]),
            cadence=parse_cadence(str(raw["cadence"])),
            minutes=Fraction(str(minutes)),
            mental_minutes=Fraction(str(mental)),
            standard=str(raw["standard"]),
            time_use=str(raw["time_use"]),
        )
    except KeyError as missing:
        raise CatalogError(f"card {key!r} has no {missing}") from None
    if card.category not in CATEGORIES:
        raise CatalogError(f"card {key!r}: unknown category {card.category!r}")
    if card.time_use not in TIME_USE_ACTIVITIES:
        raise CatalogError(f"card {key!r}: unknown time-use activity {card.time_use!r}")
    if card.minutes <= 0 or card.mental_minutes < 0:
        raise CatalogError(f"card {key!r}: minutes must be > 0 and mental minutes >= 0")
    return card


@cache
def load_catalog() -> dict[str, CatalogCard]:
    """Every catalog card by key, in catalog order."""
    text = resources.files("evenly.core").joinpath("data/catalog.toml").read_text("utf-8")
    cards: dict[str, CatalogCard] = {}
    names: set[str] = set()
    for raw in tomllib.loads(text).get("card", []):
        card = _card(raw)
        if card.key in cards or card.name in names:
            raise CatalogError(f"card {card.key!r} ({card.name!r}) appears twice")
        cards[card.key] = card
        names.add(card.name)
    return cards


def catalog_cards(category: str | None = None) -> list[CatalogCard]:
    """Catalog cards in catalog order, optionally of one category (matched case-insensitively)."""
    cards = list(load_catalog().values())
    if category is None:
        return cards
    wanted = category.strip().casefold()
    return [c for c in cards if c.category.casefold() == wanted]


def find_category(text: str) -> str | None:
    """The category a household means by ``text`` (case-insensitive), if any."""
    wanted = text.strip().casefold()
    for c in CATEGORIES:
        if c.casefold() == wanted:
            return c
    return None
