"""Figures that reconcile: a deal plans from the day it started, and every member's headline
(over or under their share) is exactly the sum of the line shown under it, for any ledger."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from evenly.core.balance import (
    LogItem,
    MemberFacts,
    SkippedItem,
    balance,
    plan_days,
    planned_minutes,
    reconcile,
    weekly_shares,
    whole_minutes,
)
from evenly.core.model import FairnessBasis

MONDAY = date(2026, 11, 30)
SUNDAY = MONDAY + timedelta(days=6)
THURSDAY = MONDAY + timedelta(days=3)
NAMES = ["Robin", "Sam", "Alex"]


def test_a_deal_that_started_on_thursday_plans_thursday_to_sunday_of_that_week() -> None:
    assert plan_days(MONDAY, SUNDAY, THURSDAY) == 4
    assert planned_minutes(F(700), start=MONDAY, end=SUNDAY, since=THURSDAY) == 400


def test_a_deal_plans_nothing_before_it_started_and_no_deal_plans_nothing() -> None:
    assert plan_days(MONDAY, MONDAY + timedelta(days=2), THURSDAY) == 0
    assert plan_days(MONDAY, SUNDAY, None) == 0
    assert plan_days(MONDAY, SUNDAY, MONDAY - timedelta(days=100)) == 7


def test_the_balance_plans_from_the_deals_first_day_not_from_the_period_start() -> None:
    # A four-week period, a deal of 10 h a week started on its last day: one day is planned.
    start = MONDAY - timedelta(weeks=3)
    b = balance(
        members=[MemberFacts(name="Robin"), MemberFacts(name="Sam")],
        fairness=FairnessBasis.EQUAL,
        items=[],
        start=start,
        end=SUNDAY,
        planned_weekly={"Robin": F(600), "Sam": F(600)},
        plan_since=SUNDAY,
    )
    assert [m.deal for m in b.members] == [F(600, 7), F(600, 7)]
    # The brand-new couple is not "behind" anyone: nothing is logged, so the headline is 0.
    assert [r.headline for r in reconcile(b)] == [0, 0]


def test_drift_causes_plan_only_the_days_in_force() -> None:
    weeks = weekly_shares(
        members=[MemberFacts(name="Robin"), MemberFacts(name="Sam")],
        fairness=FairnessBasis.EQUAL,
        items=[],
        start=MONDAY,
        end=SUNDAY + timedelta(weeks=1),
        planned_weekly={"Robin": F(70), "Sam": F(70)},
        plan_since=THURSDAY,
    )
    assert [w.plan_weeks for w in weeks] == [F(4, 7), F(1)]
    assert [w.member("Robin").plan for w in weeks] == [F(40), F(70)]


minutes = st.fractions(min_value=0, max_value=600, max_denominator=4)
days = st.dates(min_value=MONDAY - timedelta(weeks=5), max_value=SUNDAY)
items = st.lists(
    st.builds(
        LogItem,
        member=st.sampled_from(NAMES),
        kind=st.sampled_from(["did", "noticed", "planned"]),
        minutes=minutes,
        on=days,
        card=st.sampled_from([None, "Laundry", "Cooking", "Bins"]),
        # Own card, another member's (a cover / done for them), a departed member's, or none.
        owner=st.sampled_from([None, "Robin", "Sam", "Alex", "Gone"]),
    ),
    max_size=40,
)
skipped = st.lists(
    st.builds(SkippedItem, member=st.sampled_from(NAMES), minutes=minutes, on=days), max_size=8
)
plans = st.one_of(
    st.none(),
    st.fixed_dictionaries({n: st.fractions(0, 3000, max_denominator=7) for n in NAMES}),
)


@settings(max_examples=200, deadline=None)
@given(
    ledger=items,
    skips=skipped,
    planned_weekly=plans,
    since=st.one_of(st.none(), days),
    fairness=st.sampled_from(list(FairnessBasis)),
    paid=st.lists(st.integers(0, 60), min_size=3, max_size=3),
    weeks_back=st.sampled_from([0, 3, 12, 51]),
    today=st.integers(0, 6),
)
def test_every_periods_line_adds_up_exactly_to_each_members_headline(
    ledger: list[LogItem],
    skips: list[SkippedItem],
    planned_weekly: dict[str, F] | None,
    since: date | None,
    fairness: FairnessBasis,
    paid: list[int],
    weeks_back: int,
    today: int,
) -> None:
    end = MONDAY + timedelta(days=today)
    start = MONDAY - timedelta(weeks=weeks_back)  # the page's periods: this week, 4 w, 3 m, a year
    members = [
        MemberFacts(name=n, paid_hours=F(p), share=F(1)) for n, p in zip(NAMES, paid, strict=True)
    ]
    b = balance(
        members=members,
        fairness=fairness,
        items=ledger,
        start=start,
        end=end,
        planned_weekly=planned_weekly,
        skipped=skips,
        plan_since=since,
    )
    for m, r in zip(b.members, reconcile(b), strict=True):
        # Exact: the parts add up to what was logged, and logged less the share is the headline,
        # the same figure as the member's deviation from their target.
        assert sum((p.minutes for p in r.parts()), F(0)) == r.logged == m.home
        assert r.logged - r.share == r.headline == m.deviation
        assert r.own + r.for_others + r.extras == m.home
        assert r.has_plan == (planned_weekly is not None and b.plan_weeks != 0)
        if planned_weekly is None:
            assert r.planned == 0
        # And in whole minutes, as shown: every part at most a minute off and of the same sign, and
        # the shown parts add up to the shown logged minutes and the shown headline.
        parts, logged, share, headline = r.rounded()
        assert sum((p.minutes for p in parts), F(0)) == logged == whole_minutes(m.home)
        assert logged + share.minutes == headline == whole_minutes(m.deviation)
        for shown, exact in zip(parts, r.parts(), strict=True):
            assert abs(shown.minutes - exact.minutes) <= 1
            assert shown.minutes * exact.minutes >= 0
    # Covers move minutes between members, never create them (a departed member's card: extras).
    lines = reconcile(b)
    assert sum((r.by_others for r in lines), F(0)) == sum((r.for_others for r in lines), F(0))


def test_a_cover_while_away_moves_minutes_from_the_owners_plan_to_the_coverer() -> None:
    b = balance(
        members=[MemberFacts(name="Robin"), MemberFacts(name="Sam")],
        fairness=FairnessBasis.EQUAL,
        items=[
            LogItem("Robin", "did", F(60), MONDAY, "Laundry", owner="Robin"),
            LogItem("Robin", "did", F(30), MONDAY, "Bins", owner="Sam"),  # covers Sam, away
            LogItem("Sam", "noticed", F(10), MONDAY, "Bins", owner="Sam"),
            LogItem("Sam", "did", F(20), MONDAY, None),
        ],
        start=MONDAY,
        end=SUNDAY,
        planned_weekly={"Robin": F(90), "Sam": F(90)},
        skipped=[SkippedItem("Sam", F(15), MONDAY)],
        plan_since=MONDAY,
    )
    robin, sam = reconcile(b)
    assert (robin.planned, robin.own, robin.for_others, robin.open) == (90, 60, 30, 30)
    assert (sam.skipped, sam.by_others, sam.own, sam.extras) == (15, 30, 10, 20)
    assert sam.open == 90 - 15 - 30 - 10
    assert robin.headline == 90 - 60 and sam.headline == 30 - 60
