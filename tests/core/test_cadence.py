from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evenly.core import bounds
from evenly.core.cadence import WEEKS_PER_MONTH, CadenceError, parse_cadence


@pytest.mark.parametrize(
    ("text", "per_week"),
    [
        ("daily", Fraction(7)),
        ("weekdays", Fraction(5)),
        ("weekends", Fraction(2)),
        ("weekly", Fraction(1)),
        ("monthly", Fraction(12, 52)),
        ("quarterly", Fraction(4, 52)),
        ("yearly", Fraction(1, 52)),
        ("3 per week", Fraction(3)),
        ("2 per month", Fraction(24, 52)),
        ("4 per year", Fraction(4, 52)),
        ("every 3 days", Fraction(7, 3)),
        ("every 2 weeks", Fraction(1, 2)),
        ("every 6 months", Fraction(12, 52 * 6)),
        ("  Every  2   Weeks ", Fraction(1, 2)),
        ("every week", Fraction(1)),
        ("every 1 day", Fraction(7)),
    ],
)
def test_cadence_forms(text: str, per_week: Fraction) -> None:
    assert parse_cadence(text).per_week == per_week


def test_a_month_is_52_twelfths_of_a_week() -> None:
    assert 1 / parse_cadence("monthly").per_week == Fraction(52, 12)


@pytest.mark.parametrize(
    "text",
    ["", "weekley", "0 per week", "every 0 days", "twice", "3 per fortnight", "every -1 weeks"],
)
def test_bad_cadences_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(CadenceError) as err:
        parse_cadence(text)
    assert "per week" in str(err.value) or "use" in str(err.value)


def test_non_text_cadence_is_refused() -> None:
    with pytest.raises(CadenceError):
        parse_cadence(3)  # type: ignore[arg-type]


@given(st.integers(1, bounds.MAX_TIMES_PER_WEEK), st.sampled_from(["week", "month", "year"]))
def test_n_per_unit_scales_linearly(n: int, unit: str) -> None:
    one = parse_cadence(f"1 per {unit}").per_week
    assert parse_cadence(f"{n} per {unit}").per_week == n * one


@given(st.integers(1, bounds.MAX_EVERY_MONTHS), st.sampled_from(["days", "weeks", "months"]))
def test_every_n_is_the_inverse(n: int, unit: str) -> None:
    one = parse_cadence(f"every 1 {unit}").per_week
    assert parse_cadence(f"every {n} {unit}").per_week == one / n


@given(st.text(max_size=20))
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        cadence = parse_cadence(text)
    except CadenceError as err:
        assert str(err)
    else:
        assert cadence.per_week > 0


# -- bounds (issue 12): no count can make a page or the solver slow --------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1000000 per week", "at most 50 times a week"),
        ("51 per week", "at most 50 times a week"),
        ("201 per month", "at most 200 times a month"),
        ("2601 per year", "at most 2600 times a year"),
        ("every 367 days", "at most every 366 days"),
        ("every 105 weeks", "at most every 104 weeks"),
        ("every 61 months", "at most every 60 months"),
        ("9" * 30 + " per week", "at most 50 times a week"),
        ("every " + "9" * 40 + " days", "at most every 366 days"),
    ],
)
def test_a_count_beyond_its_bound_is_refused_naming_the_bound(text: str, message: str) -> None:
    with pytest.raises(CadenceError, match=message):
        parse_cadence(text)


@pytest.mark.parametrize(
    ("text", "per_week"),
    [
        ("50 per week", Fraction(50)),
        ("200 per month", 200 / WEEKS_PER_MONTH),
        ("2600 per year", Fraction(50)),
        ("every 366 days", Fraction(7, 366)),
        ("every 104 weeks", Fraction(1, 104)),
        ("every 60 months", 1 / (60 * WEEKS_PER_MONTH)),
        ("0003 per week", Fraction(3)),
    ],
)
def test_a_count_at_its_bound_is_accepted(text: str, per_week: Fraction) -> None:
    assert parse_cadence(text).per_week == per_week


def test_a_long_text_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(CadenceError, match="at most 60 characters"):
        parse_cadence("weekly " * 10_000)


@given(st.integers(0, 10**40), st.sampled_from(["per week", "per month", "per year"]))
def test_any_count_parses_within_the_bound_or_says_why(n: int, unit: str) -> None:
    try:
        cadence = parse_cadence(f"{n} {unit}")
    except CadenceError as err:
        assert str(err)
    else:
        assert 0 < cadence.per_week <= bounds.MAX_OCCURRENCES_PER_WEEK
