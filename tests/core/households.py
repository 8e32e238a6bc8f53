"""Household builders and hypothesis strategies shared by the core tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from evenly.core.household_file import household_from_data
from evenly.core.model import Household

NAMES = ["Robin", "Sam", "Alex", "Kai", "Noor", "Jo", "Ash", "Lee"]
CADENCES = ["daily", "weekdays", "weekly", "3 per week", "every 2 weeks", "monthly", "4 per year"]
PREFERENCES = ["enjoy", "like", "fine", "dislike", "hate"]


def household(
    members: list[dict[str, Any]] | list[str],
    cards: list[dict[str, Any]],
    **top: Any,
) -> Household:
    """A validated household from plain data, as a TOML file would give it."""
    member_rows = [{"name": m} if isinstance(m, str) else m for m in members]
    data = {"name": "Test home", "members": member_rows, "responsibilities": cards, **top}
    return household_from_data(data, source="test")


def card(name: str, minutes: float, *, cadence: str = "weekly", **extra: Any) -> dict[str, Any]:
    """A custom card of the given weekly minutes (weekly cadence, no mental load by default)."""
    row: dict[str, Any] = {
        "name": name,
        "category": "Cleaning",
        "cadence": cadence,
        "minutes": minutes,
        "mental_minutes": extra.pop("mental_minutes", 0),
    }
    row.update(extra)
    return row


@st.composite
def households(
    draw: st.DrawFn,
    *,
    min_members: int = 1,
    max_members: int = 4,
    max_cards: int = 12,
    redeal: bool = False,
) -> Household:
    """Random valid households: every basis, own estimates, cannot, locks and rotations."""
    n = draw(st.integers(min_members, max_members))
    names = NAMES[:n]
    fairness = draw(st.sampled_from(["equal", "total-work", "free-time", "custom"]))
    members: list[dict[str, Any]] = []
    weights = [draw(st.integers(1, 5)) for _ in names]
    for name, weight in zip(names, weights, strict=True):
        row: dict[str, Any] = {"name": name, "paid_hours": draw(st.sampled_from([0, 20, 38, 45]))}
        if fairness == "custom":
            row["share"] = weight / sum(weights)
        members.append(row)
    m = draw(st.integers(0, max_cards))
    cards = []
    for j in range(m):
        row = {
            "name": f"Card {j:02d}",
            "category": "Cleaning",
            "cadence": draw(st.sampled_from(CADENCES)),
            "minutes": draw(st.integers(1, 90)),
            "mental_minutes": draw(st.sampled_from([0, 0, 5, 15])),
        }
        ratings: dict[str, dict[str, Any]] = {}
        for name in names:
            rating: dict[str, Any] = {"preference": draw(st.sampled_from(PREFERENCES))}
            if draw(st.booleans()):
                rating["minutes"] = draw(st.integers(1, 90))
            ratings[name] = rating
        kind = draw(st.sampled_from(["free"] * 6 + ["cannot", "lock", "rotate"]))
        if kind == "cannot" and n >= 2:
            ratings[draw(st.sampled_from(names))]["preference"] = "cannot"
        elif kind == "lock":
            row["owner"] = draw(st.sampled_from(names))
        elif kind == "rotate" and n >= 2:
            row["rotate"] = draw(
                st.lists(st.sampled_from(names), min_size=2, max_size=n, unique=True)
            )
        if redeal and "rotate" not in row and draw(st.booleans()):
            row["current"] = draw(st.sampled_from(names))
        row["ratings"] = ratings
        cards.append(row)
    tolerance = draw(st.sampled_from([0, 5, 15]))
    return household(members, cards, fairness=fairness, tolerance_minutes=tolerance)
