import csv
import re
from pathlib import Path

import pytest

from evenly.core.catalog import (
    CATEGORIES,
    TIME_USE_ACTIVITIES,
    catalog_cards,
    find_category,
    load_catalog,
)

BASELINES = Path(__file__).resolve().parents[3] / "shared" / "data" / "time-use" / "baselines.csv"


def test_catalog_has_about_a_hundred_valid_cards() -> None:
    cards = catalog_cards()
    assert 95 <= len(cards) <= 115
    assert len({c.key for c in cards}) == len(cards)
    assert len({c.name.casefold() for c in cards}) == len(cards)
    for c in cards:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.key), c.key
        assert c.minutes > 0 and c.mental_minutes >= 0
        assert 0 < len(c.standard) <= 120, c.key
        assert c.cadence.per_week > 0


def test_every_category_is_covered() -> None:
    cards = catalog_cards()
    for category in CATEGORIES:
        assert len([c for c in cards if c.category == category]) >= 4, category


@pytest.mark.parametrize(
    "topic",
    ["birthday", "gift", "relative", "date night", "vet", "bill", "tax", "dentist", "school"],
)
def test_the_catalog_names_the_invisible_and_family_work(topic: str) -> None:
    text = " ".join(f"{c.name} {c.standard}".lower() for c in catalog_cards())
    assert topic in text


def test_time_use_coding_matches_the_baselines() -> None:
    if not BASELINES.exists():
        pytest.skip("shared time-use data not beside the checkout")
    with BASELINES.open(newline="") as f:
        activities = {row["activity"] for row in csv.DictReader(f)}
    assert set(TIME_USE_ACTIVITIES) <= activities
    assert {c.time_use for c in catalog_cards()} <= set(TIME_USE_ACTIVITIES)


def test_category_lookup() -> None:
    assert find_category("laundry & CLOTHES") == "Laundry & clothes"
    assert find_category("nope") is None
    assert all(c.category == "Pets" for c in catalog_cards("pets"))
    assert load_catalog()["laundry"].name == "Laundry"
