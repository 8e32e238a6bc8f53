"""A stored certificate follows its members' new names: every part that names a member, all
names at once, nothing else."""

from __future__ import annotations

from evenly.core.deal import certificate_renamed, propose_deal
from tests.core.households import card, household


def test_every_part_that_names_a_member_follows_and_two_may_trade_names() -> None:
    h = household(
        ["Robin", "Sam"],
        [card("Laundry", 55), card("Cooking", 60), card("Bins", 10)],
    )
    stored = propose_deal(h).to_json()
    swapped = certificate_renamed(stored, {"Robin": "Sam", "Sam": "Robin"})
    back = certificate_renamed(swapped, {"Robin": "Sam", "Sam": "Robin"})
    assert back == stored
    assert swapped["members"]["Sam"] == stored["members"]["Robin"]
    assert swapped["paid_minutes"].keys() == {"Robin", "Sam"}
    for name, who in stored["deal"].items():
        assert swapped["deal"][name] == {"Robin": "Sam", "Sam": "Robin"}[who]
        assert swapped["card_minutes"][name] == {
            {"Robin": "Sam", "Sam": "Robin"}[k]: v for k, v in stored["card_minutes"][name].items()
        }
    assert swapped["reasons"] == stored["reasons"]  # sentences: the deals app says them anew


def test_a_row_left_under_the_new_name_gives_way_to_the_renamed_member() -> None:
    stored = {
        "deal": {"Laundry": "Sam", "Bills": ["Robin", "Sam"]},
        "members": {"Sam": {"load_minutes": 60}, "Kit": {"load_minutes": 5}},
        "card_minutes": {"Laundry": {"Sam": 60}, "Bills": {"Robin": 10, "Sam": 10}},
        "moves": [{"card": "Laundry", "from": "Robin", "to": "Sam", "minutes": 60}],
        "tolerance_minutes": 15,
    }
    renamed = certificate_renamed(stored, {"Sam": "Kit"})
    assert renamed["members"] == {"Kit": {"load_minutes": 60}}
    assert renamed["deal"] == {"Laundry": "Kit", "Bills": ["Robin", "Kit"]}
    assert renamed["card_minutes"]["Bills"] == {"Robin": 10, "Kit": 10}
    assert renamed["moves"] == [{"card": "Laundry", "from": "Robin", "to": "Kit", "minutes": 60}]
    assert renamed["tolerance_minutes"] == 15
    assert stored["members"]["Sam"] == {"load_minutes": 60}  # the stored one is not changed
