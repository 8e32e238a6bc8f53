"""Weekly minutes, targets of every basis and weighted EF1, worked by hand."""

from fractions import Fraction

from evenly.core.figures import ROTATION, build_instance, figures_of
from tests.core.households import card, household


def test_weekly_minutes_use_own_estimate_and_add_mental_load() -> None:
    h = household(
        ["Robin", "Sam"],
        [
            card(
                "Laundry",
                45,
                cadence="3 per week",
                mental_minutes=10,
                ratings={"Robin": {"minutes": 40}},
            )
        ],
    )
    c = h.responsibilities[0]
    assert c.weekly_minutes("Robin") == 3 * 40 + 10
    assert c.weekly_minutes("Sam") == 3 * 45 + 10


def test_weekly_minutes_are_kept_to_the_hundredth() -> None:
    h = household(["Robin"], [card("Bills", 10, cadence="monthly")])
    # 10 * 12/52 = 2.3077 minutes a week
    assert h.responsibilities[0].weekly_minutes("Robin") == Fraction(231, 100)


def _two(fairness: str, **members: dict[str, object]) -> tuple[Fraction, ...]:
    rows = [
        {"name": "Robin", **members.get("Robin", {})},
        {"name": "Sam", **members.get("Sam", {})},
    ]
    h = household(rows, [card("A", 600), card("B", 300)], fairness=fairness)
    inst = build_instance(h)
    return figures_of(inst, [0, 1]).targets  # Robin A (600), Sam B (300): L = 900


def test_equal_targets() -> None:
    assert _two("equal") == (450, 450)


def test_custom_targets() -> None:
    t = _two("custom", Robin={"share": 0.6}, Sam={"share": 0.4})
    assert t == (540, 360)


def test_total_work_targets() -> None:
    # (L + sum P) / n - P_i with P = 60 * paid hours: (900 + 2400 + 1200) / 2 - P
    t = _two("total-work", Robin={"paid_hours": 40}, Sam={"paid_hours": 20})
    assert t == (2250 - 2400, 2250 - 1200)


def test_free_time_targets() -> None:
    # F = 112 h - paid: 72 h and 92 h; T = L * F_i / sum F
    t = _two("free-time", Robin={"paid_hours": 40}, Sam={"paid_hours": 20})
    assert t == (Fraction(900 * 72, 164), Fraction(900 * 92, 164))


def test_deviation_and_preference_score() -> None:
    h = household(
        ["Robin", "Sam"],
        [
            card("A", 100, ratings={"Robin": {"preference": "enjoy"}}),
            card("B", 60, ratings={"Sam": {"preference": "hate"}}),
            card("C", 40, rotate=["Robin", "Sam"]),
        ],
    )
    inst = build_instance(h)
    f = figures_of(inst, [0, 1, ROTATION])
    assert f.loads == (120, 80)
    assert f.targets == (100, 100)
    assert f.max_deviation == 20
    assert f.preference_score == 2 - 2


def test_ef1_holds_when_dropping_the_largest_card_removes_envy() -> None:
    h = household(["Robin", "Sam"], [card("A", 100), card("B", 30), card("C", 50)])
    inst = build_instance(h)
    f = figures_of(inst, [0, 0, 1])  # Robin 130, Sam 50: Robin minus A = 30 <= 50
    assert f.ef1
    assert not figures_of(inst, [0, 0, 0]).ef1  # Robin minus A = 80 > 0


def test_ef1_is_judged_in_each_members_own_minutes() -> None:
    # Sam thinks B takes 200 minutes; Robin thinks 20.
    h = household(
        ["Robin", "Sam"],
        [card("A", 50), card("B", 20, ratings={"Sam": {"minutes": 200}}), card("C", 40)],
    )
    inst = build_instance(h)
    f = figures_of(inst, [0, 1, 0])  # Robin owns A, C (90); Sam owns B (own 200)
    pairs = {(p.i, p.k): p for p in f.envy}
    assert pairs[(0, 1)].other == 20  # Robin sees Sam's B as 20
    assert not pairs[(0, 1)].ef1  # 90 minus A (50) = 40 > 20
    assert pairs[(1, 0)].other == 90  # Sam sees Robin's A and C as 90
    assert pairs[(1, 0)].ef1  # 200 minus B = 0 <= 90


def test_weighted_ef1_uses_entitlements() -> None:
    # custom 0.75 / 0.25: Robin may carry three times Sam's load without envy.
    h = household(
        [{"name": "Robin", "share": 0.75}, {"name": "Sam", "share": 0.25}],
        [card("A", 60), card("B", 60), card("C", 60), card("D", 60)],
        fairness="custom",
    )
    inst = build_instance(h)
    assert inst.entitlements == (Fraction(3, 4), Fraction(1, 4))
    assert figures_of(inst, [0, 0, 0, 1]).ef1
    # Sam carries 120: minus one card, 60 > Robin's 120 scaled by 1/4 over 3/4 = 40.
    assert not figures_of(inst, [0, 0, 1, 1]).ef1
