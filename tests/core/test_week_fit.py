"""Does each member's week fit? Worked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from evenly.core.deal import propose_deal
from evenly.core.week_fit import WEEK_FOR_COMMITMENTS_HOURS, WeekFit, home_minutes_of, week_fit
from tests.core.households import card, household


def test_the_week_is_98_hours() -> None:
    assert WEEK_FOR_COMMITMENTS_HOURS == 98


def test_a_week_that_fits() -> None:
    h = household([{"name": "Robin", "paid_hours": 38, "personal_hours": 4}], [])
    (fit,) = week_fit(h, {"Robin": Fraction(870)})  # 14 h 30
    assert fit == WeekFit(
        member="Robin",
        paid_minutes=Fraction(38 * 60),
        home_minutes=Fraction(870),
        personal_minutes=Fraction(240),
        available_minutes=Fraction(98 * 60),
    )
    # 2280 + 870 + 240 = 3390 min = 56 h 30; 5880 - 3390 = 2490 = 41 h 30.
    assert fit.total == 3390 and fit.spare == 2490 and fit.fits
    assert fit.sentence() == (
        "Robin: 38 h paid + 14 h 30 home + 4 h of one's own = 56 h 30 of 98 h: fits, 41 h 30 spare."
    )


def test_a_week_that_does_not_fit() -> None:
    h = household([{"name": "Sam", "paid_hours": 60}], [])
    (fit,) = week_fit(h, {"Sam": Fraction(41 * 60)})
    # 60 h + 41 h = 101 h: 3 h over; no time of one's own, so the sentence leaves it out.
    assert fit.spare == -180 and not fit.fits
    assert fit.sentence() == "Sam: 60 h paid + 41 h home = 101 h of 98 h: does not fit, 3 h over."


def test_a_week_that_fits_exactly_and_one_without_paid_work() -> None:
    h = household([{"name": "Kai", "personal_hours": 8}, "Jo"], [])
    kai, jo = week_fit(h, {"Kai": Fraction(90 * 60)})
    assert kai.spare == 0 and kai.fits
    assert kai.sentence() == "Kai: 90 h home + 8 h of one's own = 98 h of 98 h: fits exactly."
    assert jo.home_minutes == 0
    assert jo.sentence() == "Jo: 0 min home = 0 min of 98 h: fits, 98 h spare."


def test_members_come_in_the_household_order_and_strangers_are_refused() -> None:
    h = household(["Robin", "Sam"], [])
    assert [f.member for f in week_fit(h, {"Sam": Fraction(1)})] == ["Robin", "Sam"]
    with pytest.raises(ValueError, match="Alex"):
        week_fit(h, {"Alex": Fraction(10)})


def test_home_minutes_come_from_the_deal() -> None:
    h = household(
        [{"name": "Robin", "paid_hours": 40}, "Sam"],
        [card("A", 600), card("B", 300), card("C", 60)],
    )
    deal = propose_deal(h)
    minutes = home_minutes_of(deal)
    assert sum(minutes.values()) == 960
    fits = week_fit(h, minutes)
    assert [f.home_minutes for f in fits] == [minutes["Robin"], minutes["Sam"]]
    assert fits[0].paid_minutes == 2400 and fits[1].paid_minutes == 0
