"""The stereotype mirror and its shipped baselines, worked by hand."""

from __future__ import annotations

import inspect
from fractions import Fraction as F
from pathlib import Path

import pytest

from evenly.core.catalog import TIME_USE_ACTIVITIES, catalog_cards
from evenly.core.mirror import (
    CAVEATS,
    FALLBACK_POPULATION,
    MIRROR_POPULATION,
    MOST,
    RATIO,
    Baseline,
    Pattern,
    Tradition,
    baseline,
    baselines_readme,
    load_baselines,
    mirror,
    tradition,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "time-use" / "baselines.csv"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "evenly" / "core" / "data"

FOOD = "Food preparation and cleanup"
CLEANING = "Interior cleaning"
LAWN = "Lawn and garden care"
HOUSEHOLD = "Household activities"
W, M, S = Tradition.MOSTLY_WOMEN, Tradition.MOSTLY_MEN, Tradition.SHARED


def test_the_shipped_baselines_load_exactly() -> None:
    rows = load_baselines()
    assert len(rows) == 15
    food = baseline(FOOD)
    assert food.population == MIRROR_POPULATION
    assert (food.women_hours_per_day, food.men_hours_per_day) == (F("0.81"), F("0.39"))
    assert food.source == "BLS ATUS Table A-7"


def test_the_shipped_copy_matches_the_shared_data() -> None:
    if not SHARED.exists():
        pytest.skip("shared time-use data not beside the checkout")
    assert (SHIPPED / "time_use_baselines.csv").read_bytes() == SHARED.read_bytes()


def test_every_catalog_activity_is_in_the_shipped_baselines() -> None:
    activities = {b.activity for b in load_baselines()}
    used = {c.time_use for c in catalog_cards()}
    assert used <= set(TIME_USE_ACTIVITIES) <= activities
    for activity in TIME_USE_ACTIVITIES:
        assert baseline(activity).population in (MIRROR_POPULATION, FALLBACK_POPULATION)


def test_the_mirror_population_is_used_wherever_it_has_the_activity() -> None:
    listed = {b.activity for b in load_baselines() if b.population == MIRROR_POPULATION}
    for activity in TIME_USE_ACTIVITIES:
        expected = MIRROR_POPULATION if activity in listed else FALLBACK_POPULATION
        assert baseline(activity).population == expected, activity
    # Only these two catalog activities need the fallback.
    assert {a for a in TIME_USE_ACTIVITIES if a not in listed} == {
        CLEANING,
        "Household management",
    }


def test_classes_by_hand() -> None:
    assert tradition(FOOD) is W  # 0.81 / 0.39 = 2.08
    assert tradition("Housework") is W  # 0.78 / 0.25 = 3.12
    assert tradition("Caring for and helping household members") is W  # 1.36 / 0.90 = 1.51
    assert tradition(CLEANING) is W  # fallback: 0.44 / 0.17 = 2.59
    assert tradition(LAWN) is M  # 0.06 / 0.23 = 0.26
    assert tradition(HOUSEHOLD) is S  # 1.91 / 1.30 = 1.47 (all persons: 1.55)
    assert tradition("Leisure and sports") is S  # 2.93 / 3.66 = 0.80
    with pytest.raises(KeyError):
        tradition("Juggling")


def test_the_threshold_is_inclusive_both_ways() -> None:
    def row(women: str, men: str) -> Baseline:
        return Baseline("x", "p", F(women), F(men), "2020", "s")

    assert MOST == RATIO / (1 + RATIO) == F(3, 5)
    assert row("1.5", "1").tradition is W
    assert row("1.49", "1").tradition is S
    assert row("1", "1.5").tradition is M
    assert row("1", "1.49").tradition is S
    assert row("3", "2").women_share == MOST


def test_the_caveats_ship_with_the_figures() -> None:
    text = " ".join(baselines_readme().split())
    for caveat in CAVEATS:
        assert caveat.rstrip(".") in text
    assert "public domain" in text
    assert "bls.gov" in text


HOME = {
    ("Robin", FOOD): F(300),
    ("Robin", CLEANING): F(100),
    ("Robin", LAWN): F(20),
    ("Sam", LAWN): F(180),
    ("Sam", FOOD): F(100),
    ("Sam", HOUSEHOLD): F(200),
}


def test_mirror_by_hand() -> None:
    mi = mirror(minutes_by_member_and_activity=HOME)
    women, men, shared = mi.classes
    assert (women.tradition, men.tradition, shared.tradition) == (W, M, S)
    assert women.activities == (FOOD, CLEANING)
    assert (women.minutes, men.minutes, shared.minutes) == (500, 200, 200)
    assert women.shares == {"Robin": F(4, 5), "Sam": F(1, 5)}
    assert men.shares == {"Robin": F(1, 10), "Sam": F(9, 10)}
    assert shared.shares == {"Robin": 0, "Sam": 1}
    assert (women.holder, men.holder, shared.holder) == ("Robin", "Sam", "Sam")
    # National: the same minutes split at the national shares of each activity.
    # food 400 min at 0.81 / 1.20 = 27/40, cleaning 100 min at 0.44 / 0.61 = 44/61
    assert women.national_women_share == (400 * F(27, 40) + 100 * F(44, 61)) / 500
    assert men.national_women_share == F(6, 29)
    assert shared.national_women_share == F(191, 321)
    robin, sam = mi.members
    assert (robin.name, robin.minutes, sam.minutes) == ("Robin", 420, 480)
    assert robin.shares == {W: F(20, 21), M: F(1, 21), S: 0}
    assert sam.shares == {W: F(5, 24), M: F(3, 8), S: F(5, 12)}
    assert [b.activity for b in mi.national] == [FOOD, HOUSEHOLD, CLEANING, LAWN]
    assert mi.of(M) is men
    assert mi.pattern is Pattern.OLD_LINES
    assert mi.summary.startswith(
        "Robin holds 80% of the work traditionally done mostly by women and "
        "Sam holds 90% of the work traditionally done mostly by men: the split follows the old "
        "pattern"
    )


def test_the_pattern_has_no_direction() -> None:
    swapped = {({"Robin": "Sam", "Sam": "Robin"}[m], a): x for (m, a), x in HOME.items()}
    mi = mirror(minutes_by_member_and_activity=swapped)
    assert mi.pattern is Pattern.OLD_LINES
    assert mi.summary.startswith("Sam holds 80% of the work traditionally done mostly by women")


def test_the_mirror_never_takes_a_gender() -> None:
    assert set(inspect.signature(mirror).parameters) == {
        "minutes_by_member_and_activity",
        "members",
    }


@pytest.mark.parametrize(
    ("minutes", "pattern", "summary"),
    [
        (
            {
                ("Robin", FOOD): F(90),
                ("Robin", LAWN): F(70),
                ("Sam", FOOD): F(10),
                ("Sam", LAWN): F(30),
            },
            Pattern.SAME_MEMBER,
            "Robin holds most of both the work traditionally done mostly by women (90%) and the "
            "work traditionally done mostly by men (70%).",
        ),
        (
            {
                ("Robin", FOOD): F(60),
                ("Robin", LAWN): F(50),
                ("Sam", FOOD): F(40),
                ("Sam", LAWN): F(50),
            },
            Pattern.ONE_SIDED,  # 60% is "most"
            "Robin holds 60% of the work traditionally done mostly by women; no member holds most "
            "of the work traditionally done mostly by men.",
        ),
        (
            {("Robin", LAWN): F(50), ("Sam", HOUSEHOLD): F(50)},
            Pattern.ONE_SIDED,
            "Robin holds 100% of the work traditionally done mostly by men; nothing of the work "
            "traditionally done mostly by women is counted.",
        ),
        (
            {
                ("Robin", FOOD): F(59),
                ("Robin", LAWN): F(50),
                ("Sam", FOOD): F(41),
                ("Sam", LAWN): F(50),
            },
            Pattern.EVEN,
            "No member holds most of either kind of traditionally gendered work: the split does "
            "not follow the old pattern.",
        ),
        (
            {("Robin", FOOD): F(60), ("Robin", LAWN): F(50)},
            Pattern.NOT_ENOUGH,
            "Not enough has been logged yet to see a pattern.",
        ),
        (
            {("Robin", HOUSEHOLD): F(60), ("Sam", HOUSEHOLD): F(50)},
            Pattern.NOT_ENOUGH,
            "Not enough has been logged yet to see a pattern.",
        ),
    ],
)
def test_patterns_by_hand(
    minutes: dict[tuple[str, str], F], pattern: Pattern, summary: str
) -> None:
    mi = mirror(minutes_by_member_and_activity=minutes, members=["Robin", "Sam"])
    assert (mi.pattern, mi.summary) == (pattern, summary)


def test_members_without_minutes_and_empty_classes() -> None:
    mi = mirror(minutes_by_member_and_activity={}, members=["Sam", "Robin"])
    assert [m.name for m in mi.members] == ["Sam", "Robin"]
    assert all(m.shares == {W: 0, M: 0, S: 0} for m in mi.members)
    assert all(c.national_women_share is None and c.holder is None for c in mi.classes)
    assert mi.national == ()
    assert mi.pattern is Pattern.NOT_ENOUGH


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ({("Robin", "Juggling"): F(5)}, "no time-use baseline"),
        ({("Robin", FOOD): F(-5)}, "negative"),
        ({("Kai", FOOD): F(5)}, "not a member"),
    ],
)
def test_bad_input_is_refused(minutes: dict[tuple[str, str], F], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mirror(minutes_by_member_and_activity=minutes, members=["Robin", "Sam"])
