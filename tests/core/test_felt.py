"""The monthly check's rules: bounds, the CSI-4 score, months, the trend and divergence."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evenly.core import bounds
from evenly.core.felt import (
    Answer,
    Divergence,
    answer_problems,
    csi4_score,
    divergence,
    month_after,
    month_figures,
    month_of,
    rounded,
    trend,
)

scale = st.integers(bounds.FELT_MIN, bounds.FELT_MAX)
item = st.integers(0, bounds.CSI4_ITEM_MAX)
answers = st.builds(
    Answer,
    fair_to_me=scale,
    fair_to_partner=scale,
    satisfied=scale,
    csi_happy=st.integers(0, bounds.CSI4_HAPPY_MAX),
    csi_warm=item,
    csi_rewarding=item,
    csi_satisfied=item,
)


def _answer(**over: int) -> Answer:
    base = dict(
        fair_to_me=4,
        fair_to_partner=4,
        satisfied=4,
        csi_happy=3,
        csi_warm=3,
        csi_rewarding=3,
        csi_satisfied=3,
    )
    return Answer(**(base | over))


@given(answers)
def test_every_answer_in_bounds_scores_between_0_and_21(a: Answer) -> None:
    assert answer_problems(a) == ()
    assert 0 <= csi4_score(a) <= bounds.CSI4_MAX == 21


def test_the_csi4_score_is_the_sum_of_its_items() -> None:
    assert csi4_score(_answer(csi_happy=6, csi_warm=5, csi_rewarding=5, csi_satisfied=5)) == 21
    assert csi4_score(_answer(csi_happy=0, csi_warm=0, csi_rewarding=0, csi_satisfied=0)) == 0
    assert csi4_score(_answer(csi_happy=4, csi_warm=3, csi_rewarding=2, csi_satisfied=1)) == 10


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fair_to_me", 0),
        ("fair_to_me", 8),
        ("fair_to_partner", 0),
        ("satisfied", 8),
        ("csi_happy", 7),
        ("csi_happy", -1),
        ("csi_warm", 6),
        ("csi_rewarding", 6),
        ("csi_satisfied", -1),
    ],
)
def test_a_value_out_of_bounds_is_named(field: str, value: int) -> None:
    a = _answer(**{field: value})
    assert answer_problems(a) == (field,)
    if field.startswith("csi_"):
        with pytest.raises(ValueError, match=field):
            csi4_score(a)


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_a_day_belongs_to_its_month(day: date) -> None:
    month = month_of(day)
    assert month.day == 1 and (month.year, month.month) == (day.year, day.month)
    after = month_after(day)
    assert after.day == 1 and after > day
    assert month_of(after - timedelta(days=1)) == month


def test_december_is_followed_by_january() -> None:
    assert month_after(date(2026, 12, 7)) == date(2027, 1, 1)


def test_the_trend_goes_from_the_first_to_the_latest_month_everyone_answered() -> None:
    first = month_figures(date(2026, 9, 1), [_answer(fair_to_me=3), _answer(fair_to_me=3)])
    middle = month_figures(date(2026, 10, 1), [_answer(fair_to_me=2), _answer(fair_to_me=6)])
    latest = month_figures(date(2026, 11, 1), [_answer(fair_to_me=5), _answer(fair_to_me=6)])
    t = trend([latest, first, middle])
    assert t is not None
    assert (t.fair_from, t.fair_to, t.months) == (3, 6, 3)  # 5.5 rounds up
    assert t.first.month == date(2026, 9, 1) and t.latest.month == date(2026, 11, 1)
    assert trend([]) is None
    with pytest.raises(ValueError):
        trend([first, first])
    with pytest.raises(ValueError):
        month_figures(date(2026, 9, 1), [])


def test_the_trend_says_where_it_went_or_after_one_month_where_it_stands() -> None:
    first = month_figures(date(2026, 9, 1), [_answer(fair_to_me=3), _answer(fair_to_me=3)])
    latest = month_figures(date(2026, 11, 1), [_answer(fair_to_me=5), _answer(fair_to_me=6)])
    both, one = trend([first, latest]), trend([latest])
    assert both is not None and one is not None
    assert both.headline == "Since you started: feels fair 3 → 6 of 7"
    assert one.headline == "Feels fair 6 of 7 (one month so far)"  # never "6 → 6"


@given(st.lists(answers, min_size=1, max_size=8))
def test_a_months_means_stay_within_the_scales(group: list[Answer]) -> None:
    m = month_figures(date(2026, 5, 17), group)
    assert m.month == date(2026, 5, 1)
    assert bounds.FELT_MIN <= m.fair_to_me <= bounds.FELT_MAX
    assert bounds.FELT_MIN <= rounded(m.satisfied) <= bounds.FELT_MAX
    assert 0 <= rounded(m.csi4) <= bounds.CSI4_MAX


def test_rounding_takes_halves_up() -> None:
    assert [rounded(Fraction(n, 2)) for n in (5, 6, 7, 9)] == [3, 3, 4, 5]


def test_carrying_clearly_more_while_it_feels_fair_diverges() -> None:
    # 60 % of 10 hours for two people, and "fair to me" 5.
    found = divergence(fair_to_me=5, minutes=Fraction(360), total=Fraction(600), members=2)
    assert found is Divergence.CARRIES_MORE_FEELS_FAIR
    # Just under the margin: no divergence.
    assert divergence(fair_to_me=7, minutes=Fraction(359), total=Fraction(600), members=2) is None
    # Carrying more and feeling it is unfair: felt and measured agree.
    assert divergence(fair_to_me=2, minutes=Fraction(500), total=Fraction(600), members=2) is None


def test_even_minutes_that_feel_unfair_diverge() -> None:
    found = divergence(fair_to_me=3, minutes=Fraction(330), total=Fraction(600), members=2)
    assert found is Divergence.EVEN_FEELS_UNFAIR
    assert divergence(fair_to_me=4, minutes=Fraction(300), total=Fraction(600), members=2) is None
    # 56 %: no longer even, and not clearly more either.
    assert divergence(fair_to_me=1, minutes=Fraction(336), total=Fraction(600), members=2) is None
    # Three people: even is a third.
    found = divergence(fair_to_me=1, minutes=Fraction(200), total=Fraction(600), members=3)
    assert found is Divergence.EVEN_FEELS_UNFAIR


def test_too_few_minutes_or_members_say_nothing() -> None:
    assert divergence(fair_to_me=7, minutes=Fraction(100), total=Fraction(100), members=2) is None
    assert divergence(fair_to_me=1, minutes=Fraction(600), total=Fraction(600), members=1) is None
    with pytest.raises(ValueError):
        divergence(fair_to_me=1, minutes=Fraction(700), total=Fraction(600), members=2)


@given(
    scale,
    st.fractions(min_value=0, max_value=1),
    st.integers(bounds.FELT_MIN_MEASURED_MINUTES, 100_000),
    st.integers(2, bounds.MAX_MEMBERS),
)
def test_divergence_follows_the_constants(
    fair: int, share: Fraction, total: int, members: int
) -> None:
    minutes = share * total
    found = divergence(fair_to_me=fair, minutes=minutes, total=Fraction(total), members=members)
    even = Fraction(1, members)
    if found is Divergence.CARRIES_MORE_FEELS_FAIR:
        assert share >= even + bounds.FELT_CARRY_MARGIN and fair >= bounds.FELT_FAIR_FROM
    elif found is Divergence.EVEN_FEELS_UNFAIR:
        assert abs(share - even) <= bounds.FELT_EVEN_MARGIN and fair <= bounds.FELT_UNFAIR_TO
    else:
        assert not (share >= even + bounds.FELT_CARRY_MARGIN and fair >= bounds.FELT_FAIR_FROM)
        assert not (abs(share - even) <= bounds.FELT_EVEN_MARGIN and fair <= bounds.FELT_UNFAIR_TO)
