from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evenly.core.cadence import CadenceError, parse_cadence


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


@given(st.integers(1, 400), st.sampled_from(["week", "month", "year"]))
def test_n_per_unit_scales_linearly(n: int, unit: str) -> None:
    one = parse_cadence(f"1 per {unit}").per_week
    assert parse_cadence(f"{n} per {unit}").per_week == n * one


@given(st.integers(1, 400), st.sampled_from(["days", "weeks", "months"]))
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
