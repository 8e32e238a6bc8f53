"""Durations as people read them: one rule, "h mm", for every page, message and calendar."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evenly.core.units import duration_text, signed_duration_text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (Fraction(1, 5), "under a minute"),
        (Fraction(-1, 5), "under a minute"),
        (Fraction(1, 2), "1 min"),
        (45, "45 min"),
        (Decimal("44.5"), "45 min"),
        (59.4, "59 min"),
        (Fraction(1199, 20), "1 h"),  # 59.95 rounds up to the hour
        (60, "1 h"),
        (65, "1 h 05"),
        (430, "7 h 10"),
        (425, "7 h 05"),
        (420, "7 h"),
        (-65, "−1 h 05"),
        (-45, "−45 min"),
        (9800, "163 h 20"),  # large values keep their minutes
        (600, "10 h"),
    ],
)
def test_duration_text(minutes: Fraction | Decimal | int | float, text: str) -> None:
    assert duration_text(minutes) == text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0 min"), (65, "+1 h 05"), (-65, "−1 h 05"), (Fraction(1, 5), "under a minute")],
)
def test_signed_duration_text(minutes: Fraction | int, text: str) -> None:
    assert signed_duration_text(minutes) == text


def _read(text: str) -> int:
    """Back from the text to whole minutes, as a person reading it would."""
    sign = -1 if text.startswith("−") else 1
    text = text.lstrip("−+")
    if text.endswith(" min"):
        return sign * int(text.removesuffix(" min"))
    hours, _, rest = text.partition(" h")
    return sign * (int(hours) * 60 + (int(rest) if rest else 0))


minutes_strategy = st.fractions(min_value=-100_000, max_value=100_000, max_denominator=100)


@given(minutes_strategy)
def test_the_text_reads_back_as_the_nearest_whole_minute(minutes: Fraction) -> None:
    text = duration_text(minutes)
    if text == "under a minute":
        assert minutes != 0 and abs(minutes) < Fraction(1, 2)
        return
    whole = int(abs(minutes) + Fraction(1, 2))
    assert _read(text) == (whole if minutes >= 0 else -whole)
    assert abs(_read(text) - minutes) <= Fraction(1, 2)


@given(minutes_strategy)
def test_the_shape_is_h_mm_from_an_hour_and_min_below(minutes: Fraction) -> None:
    text = duration_text(minutes).lstrip("−")
    if _whole(minutes) >= 60:
        hours, _, rest = text.partition(" h")
        assert hours.isdigit() and not hours.startswith("0")
        assert rest == "" or (len(rest) == 3 and rest[0] == " " and rest[1:].isdigit())
        assert rest[1:] != "00"
    elif _whole(minutes):
        assert text.endswith(" min") and 1 <= int(text.removesuffix(" min")) <= 59
    assert "PT" not in text and "minutes" not in text


@given(minutes_strategy)
def test_a_negative_reads_as_the_positive_with_a_minus_sign(minutes: Fraction) -> None:
    if _whole(minutes):
        assert duration_text(-abs(minutes)) == "−" + duration_text(abs(minutes))
        assert signed_duration_text(abs(minutes)) == "+" + duration_text(abs(minutes))
    assert signed_duration_text(-abs(minutes)) == duration_text(-abs(minutes))


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from([int, Decimal, float]))
def test_every_number_type_reads_the_same(minutes: int, kind: type) -> None:
    assert duration_text(kind(minutes)) == duration_text(Fraction(minutes))


def _whole(minutes: Fraction) -> int:
    return int(abs(minutes) + Fraction(1, 2))
