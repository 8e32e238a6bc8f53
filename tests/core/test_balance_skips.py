"""A skipped occurrence leaves its owner's plan: it is not due and counts against nobody."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction as F

from hypothesis import given
from hypothesis import strategies as st

from evenly.core.balance import (
    LogItem,
    MemberFacts,
    SkippedItem,
    balance,
    plan_less_skipped,
    weekly_shares,
)
from evenly.core.model import FairnessBasis

START = date(2026, 11, 30)  # a Monday
END = START + timedelta(days=6)
MEMBERS = [MemberFacts(name="Robin", paid_hours=F(40)), MemberFacts(name="Sam", paid_hours=F(40))]

minutes = st.fractions(min_value=0, max_value=1440, max_denominator=100)
skips = st.lists(
    st.builds(
        SkippedItem,
        member=st.sampled_from(["Robin", "Sam"]),
        minutes=minutes,
        on=st.dates(min_value=START - timedelta(days=7), max_value=END + timedelta(days=7)),
    ),
    max_size=12,
)


@given(plan=st.fractions(min_value=0, max_value=10_000, max_denominator=100), skipped=skips)
def test_the_plan_only_drops_by_the_members_own_skips_in_the_period(
    plan: F, skipped: list[SkippedItem]
) -> None:
    left = plan_less_skipped(plan, skipped, member="Robin", start=START, end=END)
    own = sum((s.minutes for s in skipped if s.member == "Robin" and START <= s.on <= END), F(0))
    assert 0 <= left <= plan
    assert left == max(plan - own, F(0))
    # Sam's skips and skips outside the period leave Robin's plan alone.
    others = [s for s in skipped if s.member != "Robin" or not START <= s.on <= END]
    assert plan_less_skipped(plan, others, member="Robin", start=START, end=END) == plan


@given(plan=st.fractions(min_value=0, max_value=10_000, max_denominator=100), skipped=skips)
def test_more_skips_never_raise_the_plan(plan: F, skipped: list[SkippedItem]) -> None:
    fewer = plan_less_skipped(plan, skipped[:-1], member="Robin", start=START, end=END)
    more = plan_less_skipped(plan, skipped, member="Robin", start=START, end=END)
    assert more <= fewer


def _balance(items: list[LogItem], skipped: list[SkippedItem] = []):  # type: ignore[no-untyped-def]  # noqa: B006
    return balance(
        members=MEMBERS,
        fairness=FairnessBasis.EQUAL,
        items=items,
        start=START,
        end=END,
        planned_weekly={"Robin": F(300), "Sam": F(300)},
        skipped=skipped,
    )


def test_a_skip_is_counted_against_nobody() -> None:
    """Robin skips Tuesday's 45-minute dinner: Robin is behind the plan by what they did not do
    of the rest, exactly as if that dinner had never been planned; Sam is untouched."""
    did = [LogItem(member="Robin", kind="did", minutes=F(200), on=START)]
    skip = SkippedItem(member="Robin", minutes=F(45), on=START + timedelta(days=1))
    before, after = _balance(did), _balance(did, [skip])
    assert before.member("Robin").deal_gap == F(200 - 300)
    assert after.member("Robin").deal_gap == F(200 - (300 - 45))
    assert after.member("Sam").deal_gap == before.member("Sam").deal_gap
    # Nothing else moves: the ledger's minutes and the targets stay exact.
    assert after.member("Robin").home == before.member("Robin").home
    assert after.member("Robin").target == before.member("Robin").target


def test_weekly_shares_put_each_skip_in_its_own_week() -> None:
    skip = SkippedItem(member="Sam", minutes=F(60), on=END + timedelta(days=2))
    weeks = weekly_shares(
        members=MEMBERS,
        fairness=FairnessBasis.EQUAL,
        items=[],
        start=START,
        end=END + timedelta(days=7),
        planned_weekly={"Robin": F(300), "Sam": F(300)},
        skipped=[skip],
    )
    assert [w.member("Sam").deal for w in weeks] == [F(300), F(240)]
    assert [w.member("Robin").deal for w in weeks] == [F(300), F(300)]
