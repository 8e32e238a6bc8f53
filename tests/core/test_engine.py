"""The engine on households worked by hand."""

from fractions import Fraction

from evenly.cli import render_report
from evenly.core.deal import propose_deal
from evenly.core.engine import solve
from tests.core.households import card, household


def test_a_single_adult_gets_a_plan_and_is_told_fairness_needs_two() -> None:
    deal = propose_deal(household(["Robin"], [card("Bins", 30), card("Dishes", 20)]))
    assert deal.owners == {"Bins": "Robin", "Dishes": "Robin"}
    assert deal.certificate.max_deviation_minutes == 0
    report = render_report(deal, width=100)
    assert "Only one member" in report
    assert "not applicable with one member" in report


def test_eight_members_share_evenly_and_coarse_cards_are_proven() -> None:
    # 1180 minutes in cards of 30..70 minutes: 147.5 each is out of reach. Loads come in tens,
    # so the best is six members at 150 and two at 140: D* = 7.5, above the 5-minute tolerance.
    names = ["Robin", "Sam", "Alex", "Kai", "Noor", "Jo", "Ash", "Lee"]
    cards = [card(f"Card {j}", 30 + (j % 5) * 10) for j in range(24)]
    deal = propose_deal(household(names, cards, tolerance_minutes=5))
    assert set(deal.owners.values()) == set(names)
    c = deal.certificate
    assert c.max_deviation_minutes == c.optimal_deviation_minutes == Fraction(15, 2)
    assert c.optimal_deviation_proven and c.proven_optimal
    assert c.ef1


def test_custom_shares_set_the_targets() -> None:
    h = household(
        [{"name": "Robin", "share": 0.75}, {"name": "Sam", "share": 0.25}],
        [card(f"Card {j}", 60) for j in range(8)],
        fairness="custom",
        tolerance_minutes=0,
    )
    deal = propose_deal(h)
    assert len(deal.cards_of("Robin")) == 6 and len(deal.cards_of("Sam")) == 2
    assert deal.certificate.max_deviation_minutes == 0


def test_total_work_counts_paid_hours_whoever_earns_them() -> None:
    # Robin is paid for 30 h, Sam for 20 h: Sam takes 10 h more of the home (600 minutes).
    h = household(
        [{"name": "Robin", "paid_hours": 30}, {"name": "Sam", "paid_hours": 20}],
        [card(f"Card {j}", 100) for j in range(10)],
        fairness="total-work",
        tolerance_minutes=0,
    )
    deal = propose_deal(h)
    assert len(deal.cards_of("Robin")) == 2 and len(deal.cards_of("Sam")) == 8
    targets = {m.name: m.target_minutes for m in deal.certificate.members}
    assert targets == {"Robin": 200, "Sam": 800}


def test_a_member_with_no_room_is_exempt_from_envy() -> None:
    # Sam's paid week is so long that Sam's target is below zero: entitlement 0, exempt.
    h = household(
        ["Robin", {"name": "Sam", "paid_hours": 100}],
        [card("A", 60), card("B", 30)],
        fairness="total-work",
    )
    deal = propose_deal(h)
    assert deal.certificate.entitlements["Sam"] == 0
    assert deal.owners == {"A": "Robin", "B": "Robin"}
    assert deal.certificate.ef1  # no pair left to compare
    assert deal.certificate.envy == ()


def test_when_no_fair_deal_is_envy_free_the_report_says_so() -> None:
    h = household(
        ["Robin", "Sam"],
        [card("A", 60, owner="Robin"), card("B", 60, owner="Robin"), card("C", 10)],
    )
    deal = propose_deal(h)
    assert not deal.certificate.ef1
    assert deal.certificate.ef1_possible is False
    assert deal.owners["C"] == "Sam"
    assert "no deal this fair can have it" in render_report(deal, width=100)


def test_the_smallest_deviation_is_reported_even_when_it_binds() -> None:
    h = household(["Robin", "Sam"], [card("A", 100), card("B", 40)], tolerance_minutes=10)
    solution = solve(h)
    assert solution.optimal_deviation == 30
    assert solution.deviation_limit == 30
    assert solution.optimal_deviation_proven and solution.proven_optimal
    assert solution.figures.max_deviation == Fraction(30)


def test_the_whole_step_bound_is_a_lower_bound() -> None:
    from evenly.core.engine import _deviation_floor

    assert _deviation_floor([(-1180, 80)] * 8) == 60  # six at +20, two at -60
    assert _deviation_floor([(5, 10), (-5, 10)]) == 5
    assert _deviation_floor([(7, 0), (-7, 0)]) == 7
    assert _deviation_floor([(3, 1), (10**9, 0)]) <= 10**9  # huge constants stay cheap
    assert _deviation_floor([(10**6 + 1, 2), (0, 10**6)]) >= 0
