"""Chosen days and times: which choices fit which cadence, where the occurrences fall, and that
an old card's days come out the same once its timing is written down."""

from datetime import date, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evenly.core import bounds
from evenly.core.schedule import (
    Occurrence,
    Shape,
    Timing,
    cadence_shape,
    card_anchor,
    due_by,
    next_turn,
    occurrences,
    placed,
    timing_keeping_days,
    timing_problem,
)

MON = date(2024, 1, 1)  # a Monday
SAT = 5


def _on(cadence: str, timing: Timing, start: date, end: date, salt: int = 0) -> list[date]:
    return [o.on for o in placed(cadence, timing, anchor=MON, salt=salt, start=start, end=end)]


def test_weekly_on_saturday_at_nine():
    got = placed(
        "weekly",
        Timing(weekdays=frozenset({SAT}), at=time(9)),
        anchor=MON,
        salt=3,
        start=date(2024, 3, 4),
        end=date(2024, 3, 17),
    )
    assert [o.on for o in got] == [date(2024, 3, 9), date(2024, 3, 16)]
    assert all(o.at == time(9) and not o.any_day for o in got)
    # index counts from the card's first Saturday, 6 January: 9 March is the tenth
    assert got[0].index == 9


def test_three_chosen_days_a_week():
    got = _on("3 per week", Timing(weekdays=frozenset({0, 2, 4})), MON, date(2024, 1, 14))
    assert [d.weekday() for d in got] == [0, 2, 4, 0, 2, 4]


def test_every_two_weeks_counts_from_the_card_anchors_week():
    # salt 10 puts the card anchor on Thursday 11 January: Tuesdays in its
    # week come round every other week; 2 January (after the household's anchor) is one too.
    got = _on("every 2 weeks", Timing(weekdays=frozenset({1})), MON, date(2024, 2, 29), salt=10)
    assert got == [
        date(2024, 1, 9),
        date(2024, 1, 23),
        date(2024, 2, 6),
        date(2024, 2, 20),
    ]
    got = placed(
        "every 2 weeks",
        Timing(weekdays=frozenset({1})),
        anchor=MON,
        salt=3,
        start=MON,
        end=date(2024, 1, 31),
    )
    assert [(o.index, o.on) for o in got] == [
        (0, date(2024, 1, 2)),
        (1, date(2024, 1, 16)),
        (2, date(2024, 1, 30)),
    ]


def test_monthly_on_a_day_of_the_month():
    got = _on("monthly", Timing(month_day=15), MON, date(2024, 4, 30))
    assert got == [date(2024, 1, 15), date(2024, 2, 15), date(2024, 3, 15), date(2024, 4, 15)]
    got = _on("quarterly", Timing(month_day=1), date(2024, 2, 1), date(2025, 1, 31))
    assert got == [date(2024, 4, 1), date(2024, 7, 1), date(2024, 10, 1), date(2025, 1, 1)]


def test_any_day_keeps_the_spread_and_flags_it():
    timing = Timing(any_day=True)
    got = placed("weekly", timing, anchor=MON, salt=2, start=MON, end=date(2024, 1, 21))
    spread = occurrences("weekly", anchor=date(2024, 1, 3), start=MON, end=date(2024, 1, 21))
    assert [(o.index, o.on) for o in got] == [(o.index, o.on) for o in spread]
    assert all(o.any_day for o in got)
    assert due_by(got[0]) == date(2024, 1, 7)  # the Sunday of its week
    assert due_by(Occurrence(0, date(2024, 1, 3))) == date(2024, 1, 3)


@pytest.mark.parametrize(
    ("cadence", "timing", "words"),
    [
        ("weekly", Timing(weekdays=frozenset({0, 1})), "choose 1 day of the week (not 2)"),
        ("3 per week", Timing(weekdays=frozenset({0})), "3 times a week: choose 3 days"),
        ("every 2 weeks", Timing(weekdays=frozenset({0, 3})), "choose 1 day of the week"),
        ("daily", Timing(weekdays=frozenset({0})), "choose only a time of day"),
        ("daily", Timing(any_day=True), "choose only a time of day"),
        ("monthly", Timing(month_day=31), "from 1 to 28"),
        ("monthly", Timing(month_day=0), "from 1 to 28"),
        ("monthly", Timing(weekdays=frozenset({0})), "choose a day of the month"),
        ("weekly", Timing(month_day=3), "a day of the month fits a monthly card"),
        ("20 per week", Timing(weekdays=frozenset({0})), "up to 7 times a week"),
        ("weekly", Timing(any_day=True, at=time(9)), "no time of day"),
        ("weekly", Timing(weekdays=frozenset({1}), any_day=True), "only one"),
        ("weekly", Timing(weekdays=frozenset({7})), "Monday to Sunday"),
    ],
)
def test_timings_that_do_not_fit_say_why(cadence, timing, words):
    problem = timing_problem(cadence, timing)
    assert problem is not None and words in problem


@pytest.mark.parametrize(
    ("cadence", "timing"),
    [
        ("weekly", Timing(weekdays=frozenset({5}), at=time(9))),
        ("3 per week", Timing(weekdays=frozenset({0, 2, 4}))),
        ("every 3 weeks", Timing(weekdays=frozenset({2}))),
        ("every 14 days", Timing(weekdays=frozenset({2}))),
        ("daily", Timing(at=time(7, 30))),
        ("every 2 months", Timing(month_day=28)),
        ("2 per month", Timing(any_day=True)),
        ("yearly", Timing()),
    ],
)
def test_timings_that_fit(cadence, timing):
    assert timing_problem(cadence, timing) is None


def test_month_day_bound_is_the_cores():
    assert bounds.MONTH_DAY.check(bounds.MAX_MONTH_DAY) is None
    assert bounds.MONTH_DAY.check(bounds.MAX_MONTH_DAY + 1) is not None


def test_a_timing_that_no_longer_fits_falls_back_to_the_spread():
    # the card was "3 per week" on Mon/Wed/Fri, then its cadence became weekly
    stale = Timing(weekdays=frozenset({0, 2, 4}), at=time(18))
    got = placed("weekly", stale, anchor=MON, salt=4, start=MON, end=date(2024, 2, 1))
    spread = occurrences("weekly", anchor=date(2024, 1, 5), start=MON, end=date(2024, 2, 1))
    assert [(o.index, o.on) for o in got] == [(o.index, o.on) for o in spread]
    assert all(o.at == time(18) for o in got)


def test_shapes():
    assert cadence_shape("weekly") == (Shape.WEEKDAYS, 1)
    assert cadence_shape("every 7 days") == (Shape.WEEKDAYS, 1)
    assert cadence_shape("fortnightly") == (Shape.EVERY_WEEKS, 2)
    assert cadence_shape("every 21 days") == (Shape.EVERY_WEEKS, 3)
    assert cadence_shape("every 4 months") == (Shape.MONTH_DAY, 4)
    assert cadence_shape("weekends") == (Shape.DAYS_IMPLIED, 0)
    assert cadence_shape("2 per month") == (Shape.SPREAD, 0)
    assert cadence_shape("not a cadence") == (Shape.SPREAD, 0)


def test_label():
    assert Timing(weekdays=frozenset({5}), at=time(9)).label() == "Sat 09:00"
    assert Timing(weekdays=frozenset({4, 0, 2})).label() == "Mon, Wed, Fri"
    assert Timing(any_day=True).label() == "any day"
    assert Timing(month_day=22).label() == "the 22nd"
    assert Timing().label() == ""


def test_next_turn_from_today():
    timing = Timing(weekdays=frozenset({SAT}))
    # Saturdays from 6 January are turns 0, 1, 2, ...: 13 January is turn 1 (Sam's)
    got = next_turn(["Alex", "Sam"], "weekly", timing, anchor=MON, salt=0, today=date(2024, 1, 8))
    assert got == ("Sam", date(2024, 1, 13))
    got = next_turn(["Alex", "Sam"], "weekly", timing, anchor=MON, salt=0, today=date(2024, 1, 13))
    assert got == ("Sam", date(2024, 1, 13))
    assert next_turn([], "weekly", timing, anchor=MON, salt=0, today=MON) is None
    far = next_turn(
        ["A", "B"], "every 60 months", Timing(), anchor=MON, salt=0, today=date(2024, 1, 2)
    )
    assert far is not None and far[1] > date(2028, 1, 1)


# --- properties ------------------------------------------------------------------------------

_weekday_sets = st.sets(st.integers(0, 6), min_size=1, max_size=7).map(frozenset)
_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
_cadences = st.sampled_from(
    [
        "weekly",
        "2 per week",
        "5 per week",
        "every 2 weeks",
        "every 14 days",
        "daily",
        "monthly",
        "every 3 months",
        "2 per month",
        "yearly",
        "every 10 days",
        "20 per week",
        "weekends",
    ]
)
_timings = st.builds(
    Timing,
    weekdays=st.one_of(st.just(frozenset()), _weekday_sets),
    month_day=st.one_of(st.none(), st.integers(1, 28)),
    at=st.one_of(st.none(), st.times()),
    any_day=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(days=_weekday_sets, anchor=_days, salt=st.integers(0, 10**6), weeks=st.integers(1, 60))
def test_long_run_count_per_week_equals_per_week(days, anchor, salt, weeks):
    cadence = "weekly" if len(days) == 1 else f"{len(days)} per week"
    start = anchor + timedelta(days=14)
    monday = start - timedelta(days=start.weekday())
    end = monday + timedelta(days=7 * weeks - 1)
    got = placed(cadence, Timing(weekdays=days), anchor=anchor, salt=salt, start=monday, end=end)
    assert len(got) == weeks * len(days)
    assert {o.on.weekday() for o in got} == set(days)
    # indexes count up by one, so rotations turn once per occurrence
    assert [o.index for o in got] == list(range(got[0].index, got[0].index + len(got)))


@settings(max_examples=100, deadline=None)
@given(
    weeks=st.integers(2, 8),
    weekday=st.integers(0, 6),
    anchor=_days,
    salt=st.integers(0, 10**6),
    rounds=st.integers(1, 20),
)
def test_every_n_weeks_comes_once_in_n_weeks(weeks, weekday, anchor, salt, rounds):
    start = anchor + timedelta(days=7 * weeks + 7)
    monday = start - timedelta(days=start.weekday())
    end = monday + timedelta(days=7 * weeks * rounds - 1)
    timing = Timing(weekdays=frozenset({weekday}))
    got = placed(f"every {weeks} weeks", timing, anchor=anchor, salt=salt, start=monday, end=end)
    assert len(got) == rounds  # per_week = 1 / weeks
    assert all(o.on.weekday() == weekday for o in got)
    assert all((b.on - a.on).days == 7 * weeks for a, b in pairwise(got))


@settings(max_examples=200, deadline=None)
@given(
    cadence=_cadences,
    timing=_timings,
    anchor=_days,
    salt=st.integers(0, 10**6),
    start=_days,
    span=st.integers(0, 400),
)
def test_never_outside_the_range_and_always_the_same(cadence, timing, anchor, salt, start, span):
    end = start + timedelta(days=span)
    got = placed(cadence, timing, anchor=anchor, salt=salt, start=start, end=end)
    assert all(start <= o.on <= end for o in got)
    assert [o.on for o in got] == sorted(o.on for o in got)
    assert len({o.index for o in got}) == len(got)
    again = placed(cadence, timing, anchor=anchor, salt=salt, start=start, end=end)
    assert again == got
    # a sub-range gives the same occurrences with the same indexes
    if len(got) > 2:
        mid = got[1].on
        part = placed(cadence, timing, anchor=anchor, salt=salt, start=mid, end=end)
        assert part == [o for o in got if o.on >= mid]


@settings(max_examples=200, deadline=None)
@given(
    cadence=_cadences,
    anchor=_days,
    salt=st.integers(0, 10**6),
    offset=st.integers(0, 800),
)
def test_the_timing_that_keeps_the_days_keeps_them(cadence, anchor, salt, offset):
    timing = timing_keeping_days(cadence, anchor=anchor, salt=salt)
    assert timing_problem(cadence, timing) is None
    start = anchor + timedelta(days=offset)
    end = start + timedelta(days=8 * 7)
    first = card_anchor(cadence, anchor=anchor, salt=salt)
    before = occurrences(cadence, anchor=first, start=start, end=end)
    after = placed(cadence, timing, anchor=anchor, salt=salt, start=start, end=end)
    assert [(o.index, o.on) for o in after] == [(o.index, o.on) for o in before]
