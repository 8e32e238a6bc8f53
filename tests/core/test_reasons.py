from fractions import Fraction

import pytest

from evenly.core.deal import propose_deal
from evenly.core.reasons import format_minutes, reason_renamed
from evenly.core.words import Words, and_list, say
from tests.core.households import card, household


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (Fraction(1, 5), "under a minute"),
        (40, "40 min"),
        (60, "1 h"),
        (70, "1 h 10"),
        (-125, "2 h 05"),
    ],
)
def test_format_minutes(minutes: Fraction, text: str) -> None:
    assert format_minutes(minutes) == text


def test_reasons_name_preference_speed_and_the_cost_of_moving() -> None:
    h = household(
        ["Robin", "Sam"],
        [
            card("Laundry", 55, ratings={"Sam": {"preference": "enjoy", "minutes": 40}}),
            card("Cooking", 60, ratings={"Robin": {"preference": "like"}}),
        ],
    )
    deal = propose_deal(h)
    assert deal.owners == {"Laundry": "Sam", "Cooking": "Robin"}
    laundry = deal.reasons["Laundry"]
    assert laundry.startswith(
        "Sam owns Laundry: Sam enjoys it and is quicker at it (40 min vs 55 min)"
    )
    assert "moving it to Robin would put Robin" in laundry and "over their share" in laundry


def test_reasons_for_locks_rotations_cannot_and_the_only_member() -> None:
    h = household(
        ["Robin", "Sam"],
        [
            card("Parent care", 120, owner="Robin"),
            card("Bedtime", 30, cadence="daily", rotate=["Robin", "Sam"]),
            card("Driving", 30, ratings={"Sam": {"preference": "cannot"}}),
            card("Bins", 30),
        ],
    )
    r = propose_deal(h).reasons
    assert r["Parent care"] == "Robin owns Parent care: the household chose to keep it with Robin."
    assert r["Bedtime"].startswith("Bedtime rotates between Robin and Sam")
    assert "1 h 45 a week each" in r["Bedtime"]
    assert r["Driving"] == "Robin owns Driving: Sam can't do it."
    alone = propose_deal(household(["Robin"], [card("Bins", 30)]))
    assert "only member" in alone.reasons["Bins"]


def test_a_moved_card_says_where_it_came_from() -> None:
    h = household(
        ["Robin", "Sam"],
        [card("A", 100, current="Robin"), card("B", 100, current="Robin")],
        tolerance_minutes=0,
    )
    deal = propose_deal(h)
    moved = [r for r in deal.reasons.values() if r.startswith(("A moves", "B moves"))]
    assert len(moved) == 1 and "from Robin to Sam" in moved[0]
    assert deal.certificate.moved_minutes == 100


def test_a_tie_is_called_a_tie() -> None:
    h = household(
        ["Robin", "Sam"], [card("A", 10), card("B", 10), card("C", 10)], tolerance_minutes=30
    )
    reasons = list(propose_deal(h).reasons.values())
    assert any("could take it just as fairly" in r for r in reasons)
    # The single card of one member cannot move: the other would then hold all three.
    assert any("even with" in r and "largest card set aside" in r for r in reasons)


def test_a_reason_says_a_renamed_member_by_their_new_name_and_keeps_the_card_name() -> None:
    # A card named like a member: the card's name is not a member's name.
    said = say(
        "{card} rotates between {members}: they take turns, about {time} a week each.",
        card="Sam",
        members=and_list(["Robin", "Sam", "Kit"]),
        time="15 min",
    )
    renamed = reason_renamed(said.to_json(), {"Sam": "Sasha", "Robin": "Sam"})
    assert renamed is not None
    words, english = renamed
    assert (
        english
        == str(Words.from_json(words))
        == ("Sam rotates between Sam, Sasha and Kit: they take turns, about 15 min a week each.")
    )
    # Nothing to say again: no name in it changes, or what is kept is not words.
    assert reason_renamed(said.to_json(), {"Olly": "Ola"}) is None
    assert reason_renamed({"a": {"who": "Sam"}}, {"Sam": "Sasha"}) is None
    assert reason_renamed(None, {"Sam": "Sasha"}) is None
