from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evenly.core.cadence import CadenceError, parse_cadence
from evenly.core.schedule import Occurrence, occurrences, rotation_turn, week_of

MON = date(2024, 1, 1)  # a Monday in a leap year: the anchor of most hand-worked examples


def _dates(text: str, anchor: date, start: date, end: date) -> list[tuple[int, date]]:
    return [(o.index, o.on) for o in occurrences(text, anchor=anchor, start=start, end=end)]


# Each expected list is worked out by hand from the rules: interval = 7 / per_week days,
# occurrence k on anchor + floor(k * interval).
@pytest.mark.parametrize(
    ("text", "anchor", "start", "end", "expected"),
    [
        # daily: every day, index = days since the anchor
        (
            "daily",
            MON,
            MON,
            date(2024, 1, 3),
            [(0, MON), (1, date(2024, 1, 2)), (2, date(2024, 1, 3))],
        ),
        (
            "daily",
            MON,
            date(2024, 1, 10),
            date(2024, 1, 11),
            [(9, date(2024, 1, 10)), (10, date(2024, 1, 11))],
        ),
        # weekdays: Mon 1 .. Thu 4 are indices 0..3, so Fri 5 is 4; the weekend is skipped
        (
            "weekdays",
            MON,
            date(2024, 1, 5),
            date(2024, 1, 9),
            [(4, date(2024, 1, 5)), (5, date(2024, 1, 8)), (6, date(2024, 1, 9))],
        ),
        # weekends from a Monday anchor: the first Saturday is index 0
        (
            "weekends",
            MON,
            MON,
            date(2024, 1, 14),
            [
                (0, date(2024, 1, 6)),
                (1, date(2024, 1, 7)),
                (2, date(2024, 1, 13)),
                (3, date(2024, 1, 14)),
            ],
        ),
        # weekly keeps the anchor's weekday (a Wednesday); nothing before the anchor
        (
            "weekly",
            date(2024, 1, 3),
            MON,
            date(2024, 1, 31),
            [
                (0, date(2024, 1, 3)),
                (1, date(2024, 1, 10)),
                (2, date(2024, 1, 17)),
                (3, date(2024, 1, 24)),
                (4, date(2024, 1, 31)),
            ],
        ),
        # 3 per week: interval 7/3, days 0, 2, 4, 7, 9, 11, 14
        (
            "3 per week",
            MON,
            MON,
            date(2024, 1, 15),
            [
                (0, MON),
                (1, date(2024, 1, 3)),
                (2, date(2024, 1, 5)),
                (3, date(2024, 1, 8)),
                (4, date(2024, 1, 10)),
                (5, date(2024, 1, 12)),
                (6, date(2024, 1, 15)),
            ],
        ),
        # 2 per month: 24/52 a week, interval 91/6 = 15.17, days 0, 15, 30, 45, 60, 75, 91
        (
            "2 per month",
            MON,
            MON,
            date(2024, 4, 1),
            [
                (0, MON),
                (1, date(2024, 1, 16)),
                (2, date(2024, 1, 31)),
                (3, date(2024, 2, 15)),
                (4, date(2024, 3, 1)),
                (5, date(2024, 3, 16)),
                (6, date(2024, 4, 1)),
            ],
        ),
        # 4 per year: interval 91, days 0, 91, 182, 273, 364 (2024 is a leap year)
        (
            "4 per year",
            MON,
            MON,
            date(2024, 12, 31),
            [
                (0, MON),
                (1, date(2024, 4, 1)),
                (2, date(2024, 7, 1)),
                (3, date(2024, 9, 30)),
                (4, date(2024, 12, 30)),
            ],
        ),
        # every 3 days: Jan 1, 4, 7, 10, 13; the range picks indices 2 and 3
        (
            "every 3 days",
            MON,
            date(2024, 1, 5),
            date(2024, 1, 12),
            [(2, date(2024, 1, 7)), (3, date(2024, 1, 10))],
        ),
        # every 2 weeks: Jan 1, 15, 29, Feb 12
        (
            "every 2 weeks",
            MON,
            date(2024, 1, 2),
            date(2024, 2, 12),
            [(1, date(2024, 1, 15)), (2, date(2024, 1, 29)), (3, date(2024, 2, 12))],
        ),
        # every 2 months: interval 182/3 = 60.67, days 0, 60, 121, 182
        (
            "every 2 months",
            MON,
            MON,
            date(2024, 7, 1),
            [(0, MON), (1, date(2024, 3, 1)), (2, date(2024, 5, 1)), (3, date(2024, 7, 1))],
        ),
        # monthly: interval 91/3 = 30.33, days 0, 30, 60, 91, 121, 151, 182
        (
            "monthly",
            MON,
            MON,
            date(2024, 7, 1),
            [
                (0, MON),
                (1, date(2024, 1, 31)),
                (2, date(2024, 3, 1)),
                (3, date(2024, 4, 1)),
                (4, date(2024, 5, 1)),
                (5, date(2024, 5, 31)),
                (6, date(2024, 7, 1)),
            ],
        ),
        # quarterly: interval 91 days, in 2023 (not a leap year): days 0, 91, 182, 273
        (
            "quarterly",
            date(2023, 1, 1),
            date(2023, 1, 1),
            date(2023, 10, 1),
            [
                (0, date(2023, 1, 1)),
                (1, date(2023, 4, 2)),
                (2, date(2023, 7, 2)),
                (3, date(2023, 10, 1)),
            ],
        ),
        # yearly: every 364 days, so it creeps a day (two after a leap day) earlier each year
        (
            "yearly",
            MON,
            MON,
            date(2025, 12, 31),
            [(0, MON), (1, date(2024, 12, 30)), (2, date(2025, 12, 29))],
        ),
    ],
)
def test_hand_worked_examples(
    text: str, anchor: date, start: date, end: date, expected: list[tuple[int, date]]
) -> None:
    assert _dates(text, anchor, start, end) == expected


def test_accepts_a_parsed_cadence_and_loose_wording() -> None:
    parsed = parse_cadence("every 2 weeks")
    end = date(2024, 2, 29)
    assert occurrences(parsed, anchor=MON, start=MON, end=end) == occurrences(
        "  Every 2  Weeks ", anchor=MON, start=MON, end=end
    )


def test_an_unknown_cadence_is_refused() -> None:
    with pytest.raises(CadenceError):
        occurrences("weekley", anchor=MON, start=MON, end=MON)


def test_empty_ranges() -> None:
    assert occurrences("daily", anchor=MON, start=date(2024, 1, 5), end=date(2024, 1, 4)) == []
    assert occurrences("daily", anchor=MON, start=date(2023, 12, 1), end=date(2023, 12, 31)) == []
    # A week with nothing in it for a monthly card
    assert occurrences("monthly", anchor=MON, start=date(2024, 1, 8), end=date(2024, 1, 14)) == []


def test_start_before_anchor_begins_at_the_anchor() -> None:
    got = occurrences("weekdays", anchor=date(2024, 1, 4), start=MON, end=date(2024, 1, 8))
    assert got == [
        Occurrence(0, date(2024, 1, 4)),
        Occurrence(1, date(2024, 1, 5)),
        Occurrence(2, date(2024, 1, 8)),
    ]


@pytest.mark.parametrize(
    "text", ["daily", "weekdays", "weekends", "3 per week", "monthly", "every 5 days"]
)
def test_index_continues_across_adjacent_ranges(text: str) -> None:
    weeks = [week_of(MON + timedelta(weeks=w)) for w in range(20)]
    seen = [
        o
        for monday, sunday in weeks
        for o in occurrences(text, anchor=MON, start=monday, end=sunday)
    ]
    assert [o.index for o in seen] == list(range(len(seen)))
    whole = occurrences(text, anchor=MON, start=MON, end=weeks[-1][1])
    assert seen == whole


def test_a_week_decades_after_the_anchor_is_arithmetic() -> None:
    # Far-off weeks must not walk from the anchor; index still counts every earlier occurrence.
    anchor = date(1, 1, 1)  # a Monday
    monday, sunday = week_of(date(9999, 12, 1))
    got = occurrences("3 per week", anchor=anchor, start=monday, end=sunday)
    assert len(got) == 3
    weeks_before = (monday - anchor).days // 7
    assert got[0].index == 3 * weeks_before
    weekdays = occurrences("weekdays", anchor=anchor, start=monday, end=sunday)
    assert [o.index for o in weekdays] == [5 * weeks_before + i for i in range(5)]


def test_monthly_week_years_later_matches_the_full_listing() -> None:
    whole = occurrences("monthly", anchor=MON, start=MON, end=date(2074, 1, 1))
    target = whole[500]
    monday, sunday = week_of(target.on)
    assert target in occurrences("monthly", anchor=MON, start=monday, end=sunday)


def test_more_than_daily_repeats_on_a_day() -> None:
    got = occurrences("14 per week", anchor=MON, start=MON, end=date(2024, 1, 2))
    assert [(o.index, o.on.day) for o in got] == [(0, 1), (1, 1), (2, 2), (3, 2)]


def test_rotation_turn_follows_the_given_order() -> None:
    pair = ["Robin", "Sam"]
    assert [rotation_turn(pair, i) for i in range(5)] == ["Robin", "Sam", "Robin", "Sam", "Robin"]
    trio = ("Sam", "Alex", "Robin")
    assert [rotation_turn(trio, i) for i in range(4)] == ["Sam", "Alex", "Robin", "Sam"]
    assert rotation_turn(["Solo"], 41) == "Solo"


def test_rotation_turn_refuses_an_empty_rotation() -> None:
    with pytest.raises(ValueError, match="at least one"):
        rotation_turn([], 0)


def test_rotation_turns_with_occurrence_indices() -> None:
    # Robin and Sam alternate weekly bins, whichever week the app asks about.
    turns = []
    for w in range(4):
        monday, sunday = week_of(MON + timedelta(weeks=w))
        (o,) = occurrences("weekly", anchor=MON, start=monday, end=sunday)
        turns.append(rotation_turn(["Robin", "Sam"], o.index))
    assert turns == ["Robin", "Sam", "Robin", "Sam"]


@pytest.mark.parametrize(
    ("day", "monday", "sunday"),
    [
        (date(2024, 1, 3), date(2024, 1, 1), date(2024, 1, 7)),
        (date(2024, 1, 1), date(2024, 1, 1), date(2024, 1, 7)),
        (date(2024, 1, 7), date(2024, 1, 1), date(2024, 1, 7)),
        (date(2025, 1, 1), date(2024, 12, 30), date(2025, 1, 5)),
        (date(2024, 2, 29), date(2024, 2, 26), date(2024, 3, 3)),
    ],
)
def test_week_of(day: date, monday: date, sunday: date) -> None:
    assert week_of(day) == (monday, sunday)


# --- properties -------------------------------------------------------------------------------

FIXED = ["daily", "weekdays", "weekends", "weekly", "fortnightly", "monthly", "quarterly", "yearly"]
cadences = st.one_of(
    st.sampled_from(FIXED),
    st.builds("{} per {}".format, st.integers(1, 12), st.sampled_from(["week", "month", "year"])),
    st.builds(
        "every {} {}".format, st.integers(1, 30), st.sampled_from(["days", "weeks", "months"])
    ),
)
anchors = st.dates(date(1990, 1, 1), date(2100, 12, 31))


@settings(max_examples=150, deadline=None)
@given(cadences, anchors, st.integers(-60, 4000), st.integers(0, 120), st.data())
def test_splitting_a_range_concatenates(
    text: str, anchor: date, start_offset: int, length: int, data: st.DataObject
) -> None:
    start = anchor + timedelta(days=start_offset)
    end = start + timedelta(days=length)
    cut = data.draw(st.integers(0, length), label="cut")
    mid = start + timedelta(days=cut)
    left = occurrences(text, anchor=anchor, start=start, end=mid)
    right = occurrences(text, anchor=anchor, start=mid + timedelta(days=1), end=end)
    assert occurrences(text, anchor=anchor, start=start, end=end) == left + right


@settings(max_examples=100, deadline=None)
@given(cadences, anchors, st.integers(1, 3))
def test_long_run_count_matches_per_week(text: str, anchor: date, years: int) -> None:
    days = 364 * years
    got = occurrences(text, anchor=anchor, start=anchor, end=anchor + timedelta(days=days - 1))
    expected = parse_cadence(text).per_week * Fraction(days, 7)
    assert abs(len(got) - expected) <= 1


@settings(max_examples=150, deadline=None)
@given(cadences, anchors, st.integers(-60, 4000), st.integers(-3, 120))
def test_dates_in_range_sorted_and_indices_consecutive(
    text: str, anchor: date, start_offset: int, length: int
) -> None:
    start = anchor + timedelta(days=start_offset)
    end = start + timedelta(days=length)
    got = occurrences(text, anchor=anchor, start=start, end=end)
    if length < 0:
        assert got == []
        return
    assert all(max(start, anchor) <= o.on <= end for o in got)
    assert [o.on for o in got] == sorted(o.on for o in got)
    if not got:
        return
    assert [o.index for o in got] == list(range(got[0].index, got[0].index + len(got)))
    # The first index counts everything from the anchor up to the range.
    if start > anchor:
        before = occurrences(text, anchor=anchor, start=anchor, end=start - timedelta(days=1))
        assert got[0].index == len(before)


@settings(max_examples=100, deadline=None)
@given(st.dates(date(1, 1, 8), date(9999, 12, 24)))
def test_week_of_is_the_iso_week(day: date) -> None:
    monday, sunday = week_of(day)
    assert monday.weekday() == 0
    assert sunday - monday == timedelta(days=6)
    assert monday <= day <= sunday
    assert monday.isocalendar()[:2] == day.isocalendar()[:2]


def test_card_anchor_spreads_weekly_cards_over_the_week() -> None:
    from evenly.core.schedule import card_anchor

    monday = date(2024, 1, 1)
    days = {card_anchor("weekly", anchor=monday, salt=s).weekday() for s in range(7)}
    assert days == set(range(7))
    assert card_anchor("daily", anchor=monday, salt=5) == monday
    assert card_anchor("weekdays", anchor=monday, salt=5) == monday
    assert card_anchor("monthly", anchor=monday, salt=40) == monday + timedelta(days=10)


# -- bounds (issue 12): an out-of-bound cadence from an old row stays cheap -------------------


def test_an_out_of_bound_cadence_is_clamped_to_the_weekly_bound() -> None:
    from evenly.core.bounds import MAX_OCCURRENCES_PER_WEEK
    from evenly.core.cadence import Cadence

    huge = Cadence("1000000 per week", Fraction(10**6))
    found = occurrences(huge, anchor=MON, start=MON, end=MON + timedelta(days=6))
    assert len(found) == MAX_OCCURRENCES_PER_WEEK
    thirty_digits = Cadence("x", Fraction(10**30))
    year = occurrences(thirty_digits, anchor=MON, start=MON, end=MON + timedelta(days=364))
    assert len(year) <= 53 * MAX_OCCURRENCES_PER_WEEK


@pytest.mark.parametrize("per_week", [Fraction(0), Fraction(-3)])
def test_a_cadence_that_never_comes_round_has_no_occurrences(per_week: Fraction) -> None:
    from evenly.core.cadence import Cadence
    from evenly.core.schedule import card_anchor

    never = Cadence("odd", per_week)
    assert occurrences(never, anchor=MON, start=MON, end=MON + timedelta(days=400)) == []
    assert card_anchor(never, anchor=MON, salt=3) >= MON


def test_a_cadence_rarer_than_any_bound_comes_round_once_at_most() -> None:
    from evenly.core.cadence import Cadence
    from evenly.core.schedule import card_anchor

    rare = Cadence("odd", Fraction(1, 10**30))
    found = occurrences(rare, anchor=MON, start=MON, end=MON + timedelta(days=4000))
    assert [o.on for o in found] == [MON]
    assert card_anchor(rare, anchor=MON, salt=3) == MON + timedelta(days=3)


@pytest.mark.parametrize(
    "text", ["1000000 per week", "9" * 30 + " per week", "every 99999 days", "5000 per year"]
)
def test_an_old_row_s_out_of_bound_text_is_scheduled_within_the_bound(text: str) -> None:
    from evenly.core.bounds import MAX_OCCURRENCES_PER_WEEK
    from evenly.core.schedule import card_anchor

    first = card_anchor(text, anchor=MON, salt=12345)
    week = occurrences(text, anchor=first, start=MON, end=MON + timedelta(days=6))
    assert len(week) <= MAX_OCCURRENCES_PER_WEEK
    assert first - MON < timedelta(days=367)
    with pytest.raises(CadenceError):  # still refused where a person types it
        parse_cadence(text)
