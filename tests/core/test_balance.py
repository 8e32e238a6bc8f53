"""The balance of a period and drift, worked by hand, plus properties of the aggregation."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evenly.core.balance import (
    KINDS,
    Balance,
    Cause,
    LogItem,
    MemberFacts,
    PersonalItem,
    balance,
    drift,
    iso_weeks,
    weekly_shares,
)
from evenly.core.figures import build_instance, figures_of, targets, targets_of
from evenly.core.model import FairnessBasis
from tests.core.households import NAMES, card, household

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ROBIN = MemberFacts("Robin", paid_hours=F(40), share=F(3, 5), personal_goal_minutes_per_week=F(120))
SAM = MemberFacts("Sam", paid_hours=F(20), share=F(2, 5), personal_goal_minutes_per_week=F(60))
MON = date(2024, 1, 1)  # a Monday

ITEMS = [
    LogItem("Robin", "did", F(300), date(2024, 1, 2), "Laundry"),
    LogItem("Robin", "noticed", F(30), date(2024, 1, 3), "Laundry"),
    LogItem("Sam", "did", F(600), date(2024, 1, 5), "Dinners"),
    LogItem("Sam", "planned", F(90), date(2024, 1, 10), None),
    LogItem("Robin", "did", F(100), date(2024, 1, 15), "Laundry"),  # after the period
    LogItem("Sam", "did", F(50), date(2023, 12, 31), "Dinners"),  # before it
]
PERSONAL = [
    PersonalItem("Robin", F(200), date(2024, 1, 6)),
    PersonalItem("Sam", F(60), date(2024, 1, 14)),
    PersonalItem("Sam", F(500), date(2024, 1, 15)),  # after the period
]


def two_weeks(fairness: FairnessBasis = FairnessBasis.EQUAL, **kw: Any) -> Balance:
    return balance(
        members=[ROBIN, SAM],
        fairness=fairness,
        items=ITEMS,
        personal=PERSONAL,
        start=MON,
        end=MON + timedelta(days=13),
        **kw,
    )


def test_two_weeks_by_hand() -> None:
    b = two_weeks(planned_weekly={"Robin": F(250), "Sam": F(260)})
    assert (b.days, b.weeks) == (14, 2)
    robin, sam = b.members
    assert (robin.home, robin.did, robin.noticed, robin.planned) == (330, 300, 30, 0)
    assert (sam.home, sam.did, sam.noticed, sam.planned) == (690, 600, 0, 90)
    assert (robin.invisible, sam.invisible) == (30, 90)
    assert b.total == 1020
    assert (robin.target, sam.target) == (510, 510)
    assert (robin.deviation, sam.deviation) == (-180, 180)
    assert (robin.share, sam.share) == (F(11, 34), F(23, 34))
    assert (robin.deal, sam.deal) == (500, 520)
    assert (robin.deal_gap, sam.deal_gap) == (-170, 170)
    assert (robin.paid, sam.paid) == (40 * 60 * 2, 20 * 60 * 2)
    assert (robin.total_work, sam.total_work) == (5130, 3090)
    # waking minutes: 112 h * 60 * 2 weeks = 13,440
    assert (robin.free, sam.free) == (13440 - 4800 - 330, 13440 - 2400 - 690)
    assert b.leisure_gap == 10350 - 8310
    assert (robin.personal, robin.personal_goal, robin.personal_gap) == (200, 240, -40)
    assert (sam.personal, sam.personal_goal, sam.personal_gap) == (60, 120, -60)
    assert dict(robin.by_card) == {"Laundry": 330}
    assert dict(sam.by_card) == {"Dinners": 600, None: 90}
    assert b.member("Sam") is sam


def test_no_plan_means_no_deal_figures() -> None:
    b = two_weeks()
    assert all(m.deal is None and m.deal_gap is None for m in b.members)


def test_a_member_missing_from_the_plan_is_planned_zero() -> None:
    assert two_weeks(planned_weekly={"Robin": F(10)}).member("Sam").deal == 0


def test_custom_targets() -> None:
    b = two_weeks(FairnessBasis.CUSTOM)
    assert [m.target for m in b.members] == [612, 408]


def test_total_work_targets_scale_paid_hours_to_the_period() -> None:
    # (L + sum of paid) / n - own paid, paid over 2 weeks: (1020 + 4800 + 2400) / 2 - paid
    b = two_weeks(FairnessBasis.TOTAL_WORK)
    assert [m.target for m in b.members] == [4110 - 4800, 4110 - 2400]
    assert sum(m.target for m in b.members) == b.total  # not clamped: Robin's target is < 0
    # At their targets both would carry the same total work: target + paid = 4110 each.
    assert {m.target + m.paid for m in b.members} == {4110}


def test_free_time_targets() -> None:
    # free hours a week: 112 - 40 = 72 and 112 - 20 = 92
    b = two_weeks(FairnessBasis.FREE_TIME)
    assert [m.target for m in b.members] == [F(1020 * 72, 164), F(1020 * 92, 164)]


@pytest.mark.parametrize("basis", list(FairnessBasis))
def test_a_week_of_balance_has_the_engines_targets(basis: FairnessBasis) -> None:
    h = household(
        [
            {"name": "Robin", "paid_hours": 40, "share": 0.7},
            {"name": "Sam", "paid_hours": 25, "share": 0.3},
        ],
        [card("A", 600), card("B", 300)],
        fairness=basis.value,
    )
    inst = build_instance(h)
    engine = figures_of(inst, [0, 1]).targets  # Robin A (600), Sam B (300)
    b = balance(
        members=[MemberFacts(m.name, m.paid_hours, m.share) for m in h.members],
        fairness=basis,
        items=[
            LogItem("Robin", "did", F(600), MON, "A"),
            LogItem("Sam", "did", F(300), MON, "B"),
        ],
        start=MON,
        end=MON + timedelta(days=6),
    )
    assert tuple(m.target for m in b.members) == engine == targets_of(inst, F(900))
    assert targets(basis, h.members, F(900)) == engine


def test_one_member_and_nothing_logged() -> None:
    b = balance(members=[ROBIN], fairness=FairnessBasis.EQUAL, items=[], start=MON, end=MON)
    (robin,) = b.members
    assert (b.weeks, b.total, robin.home, robin.share, robin.target) == (F(1, 7), 0, 0, 0, 0)
    assert robin.paid == 40 * 60 / F(7)
    assert b.leisure_gap == 0


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"members": []}, "at least one member"),
        ({"members": [ROBIN, ROBIN]}, "unique"),
        ({"items": [LogItem("Kai", "did", F(5), MON)]}, "not a member"),
        ({"items": [LogItem("Sam", "did", F(-5), MON)]}, "negative"),
        ({"items": [LogItem("Sam", "slept", F(5), MON)]}, "kind"),  # type: ignore[arg-type]
        ({"personal": [PersonalItem("Kai", F(5), MON)]}, "not a member"),
        ({"end": MON - timedelta(days=1)}, "ends"),
        ({"fairness": FairnessBasis.CUSTOM, "members": [MemberFacts("Robin")]}, "share"),
        (
            {"fairness": FairnessBasis.FREE_TIME, "members": [MemberFacts("Robin", F(112))]},
            "free time",
        ),
    ],
)
def test_bad_input_is_refused(kw: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "members": [ROBIN, SAM],
        "fairness": FairnessBasis.EQUAL,
        "items": [],
        "start": MON,
        "end": MON,
        **kw,
    }
    with pytest.raises(ValueError, match=message):
        balance(**args)


def test_items_outside_the_period_are_not_checked() -> None:
    b = balance(
        members=[ROBIN],
        fairness=FairnessBasis.EQUAL,
        items=[LogItem("Former member", "did", F(5), MON - timedelta(days=1))],
        start=MON,
        end=MON,
    )
    assert b.total == 0


def test_iso_weeks_clip_to_the_period() -> None:
    wed = date(2024, 1, 3)
    assert iso_weeks(wed, date(2024, 1, 16)) == [
        (wed, date(2024, 1, 7)),
        (date(2024, 1, 8), date(2024, 1, 14)),
        (date(2024, 1, 15), date(2024, 1, 16)),
    ]
    assert iso_weeks(MON, MON) == [(MON, MON)]


def test_weekly_shares_by_hand() -> None:
    weeks = weekly_shares(
        members=[ROBIN, SAM],
        fairness=FairnessBasis.EQUAL,
        items=ITEMS,
        personal=PERSONAL,
        start=date(2024, 1, 3),
        end=date(2024, 1, 16),
    )
    assert [(w.start, w.end, w.weeks) for w in weeks] == [
        (date(2024, 1, 3), date(2024, 1, 7), F(5, 7)),
        (date(2024, 1, 8), date(2024, 1, 14), F(1)),
        (date(2024, 1, 15), date(2024, 1, 16), F(2, 7)),
    ]
    assert [[m.home for m in w.members] for w in weeks] == [[30, 600], [0, 90], [100, 0]]
    assert [w.member("Sam").personal for w in weeks] == [0, 60, 500]
    assert weeks[0].member("Robin").personal_goal == F(120 * 5, 7)


# --- drift -------------------------------------------------------------------------------------

PLAN = {("Robin", "Laundry"): F(120), ("Sam", "Dinners"): F(120)}


def drifting_month(extra: list[LogItem] | None = None) -> list[Balance]:
    """Week 1 as planned; weeks 2-4 Robin also cooks 60 min of Sam's dinners."""
    items = []
    for k in range(4):
        monday = MON + timedelta(weeks=k)
        items.append(LogItem("Robin", "did", F(120), monday, "Laundry"))
        if k == 0:
            items.append(LogItem("Sam", "did", F(120), monday, "Dinners"))
        else:
            items.append(LogItem("Robin", "did", F(60), monday, "Dinners"))
            items.append(LogItem("Sam", "did", F(60), monday, "Dinners"))
    return weekly_shares(
        members=[ROBIN, SAM],
        fairness=FairnessBasis.EQUAL,
        items=items + (extra or []),
        start=MON,
        end=MON + timedelta(days=27),
    )


def test_drift_by_hand() -> None:
    # Robin does 30 min of free-text work in week 3: 210 vs 60, target 135 each.
    weeks = drifting_month([LogItem("Robin", "did", F(30), MON + timedelta(weeks=2), None)])
    assert [w.member("Robin").deviation for w in weeks] == [0, 60, 75, 60]
    robin, sam = drift(weeks=weeks, tolerance=F(15), planned_by_card=PLAN)
    assert robin.member == "Robin" and robin.direction == "over"
    assert robin.weeks == tuple((w.start, w.end) for w in weeks[1:])
    assert robin.average_gap == F(195, 3)
    assert robin.causes == (
        Cause("Dinners", planned=F(0), actual=F(180)),  # +180
        Cause(None, planned=F(0), actual=F(30)),  # +30; Laundry went to plan, so it is left out
    )
    assert sam.member == "Sam" and sam.direction == "under"
    assert sam.average_gap == F(-195, 3)
    assert sam.causes == (Cause("Dinners", planned=F(360), actual=F(180)),)
    assert sam.causes[0].difference == -180


def test_no_drift_without_enough_weeks_or_beyond_the_tolerance() -> None:
    weeks = drifting_month()
    assert drift(weeks=weeks, tolerance=F(15), run=4) == []  # week 1 was on target
    assert drift(weeks=weeks[-2:], tolerance=F(15)) == []  # only two weeks
    assert drift(weeks=weeks, tolerance=F(60)) == []  # 60 is not beyond 60
    assert len(drift(weeks=weeks, tolerance=F(59))) == 2
    assert drift(weeks=[], tolerance=F(0)) == []


def test_drift_needs_the_same_direction() -> None:
    items = [
        LogItem("Robin" if k % 2 else "Sam", "did", F(100), MON + timedelta(weeks=k), "X")
        for k in range(3)
    ]
    weeks = weekly_shares(
        members=[ROBIN, SAM],
        fairness=FairnessBasis.EQUAL,
        items=items,
        start=MON,
        end=MON + timedelta(days=20),
    )
    assert [w.member("Robin").deviation for w in weeks] == [-50, 50, -50]
    assert drift(weeks=weeks, tolerance=F(15)) == []


def test_drift_without_a_plan_lists_the_minutes_done() -> None:
    robin, _ = drift(weeks=drifting_month(), tolerance=F(15))
    assert robin.causes == (
        Cause("Laundry", planned=F(0), actual=F(360)),
        Cause("Dinners", planned=F(0), actual=F(180)),
    )


def test_drift_scales_the_plan_to_a_short_week() -> None:
    # Wednesday to Sunday (5 days), then two full weeks; Sam plans 70 a week and does nothing.
    weeks = weekly_shares(
        members=[ROBIN, SAM],
        fairness=FairnessBasis.EQUAL,
        items=[
            LogItem("Robin", "did", F(70), date(2024, 1, 3) + timedelta(weeks=k), "Dinners")
            for k in range(3)
        ],
        start=date(2024, 1, 3),
        end=date(2024, 1, 21),
    )
    (_, sam) = drift(weeks=weeks, tolerance=F(15), planned_by_card={("Sam", "Dinners"): F(70)})
    assert sam.causes == (Cause("Dinners", planned=F(70 * 5, 7) + 140, actual=F(0)),)


def test_drift_refuses_gaps_between_weeks_and_a_bad_run() -> None:
    weeks = drifting_month()
    with pytest.raises(ValueError, match="consecutive"):
        drift(weeks=[weeks[0], weeks[2]], tolerance=F(15))
    with pytest.raises(ValueError, match="run"):
        drift(weeks=weeks, tolerance=F(15), run=0)


# --- properties ---------------------------------------------------------------------------------

FIRST = date(2024, 12, 25)
SPAN = 60  # days the generated items fall in


@st.composite
def histories(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    members = [
        MemberFacts(
            name,
            paid_hours=F(draw(st.integers(0, 120)), 2),
            share=F(draw(st.integers(1, 9))),
            personal_goal_minutes_per_week=F(draw(st.integers(0, 600))),
        )
        for name in names
    ]
    minutes = st.builds(F, st.integers(0, 600), st.integers(1, 4))
    days = st.integers(0, SPAN - 1).map(lambda d: FIRST + timedelta(days=d))
    items = draw(
        st.lists(
            st.builds(
                LogItem,
                member=st.sampled_from(names),
                kind=st.sampled_from(KINDS),
                minutes=minutes,
                on=days,
                card=st.sampled_from([None, "Laundry", "Dinners", "Bills"]),
            ),
            max_size=40,
        )
    )
    personal = draw(
        st.lists(
            st.builds(PersonalItem, member=st.sampled_from(names), minutes=minutes, on=days),
            max_size=10,
        )
    )
    start = FIRST + timedelta(days=draw(st.integers(0, 20)))
    end = start + timedelta(days=draw(st.integers(1, 35)))
    plan = {n: F(draw(st.integers(0, 900))) for n in names}
    return {
        "members": members,
        "fairness": draw(st.sampled_from(list(FairnessBasis))),
        "items": items,
        "personal": personal,
        "start": start,
        "end": end,
        "planned_weekly": plan,
    }


ADDITIVE = (
    "home",
    "did",
    "noticed",
    "planned",
    "target",
    "deal",
    "paid",
    "free",
    "personal",
    "personal_goal",
)


def assert_adds_up(parts: list[Balance], whole: Balance) -> None:
    for i, m in enumerate(whole.members):
        for figure in ADDITIVE:
            assert sum(getattr(p.members[i], figure) for p in parts) == getattr(m, figure), figure
        by_card: dict[str | None, F] = {}
        for p in parts:
            for c, minutes in p.members[i].by_card.items():
                by_card[c] = by_card.get(c, F(0)) + minutes
        assert {c: x for c, x in by_card.items() if x} == {c: x for c, x in m.by_card.items() if x}
    assert sum(p.total for p in parts) == whole.total
    assert sum(p.weeks for p in parts) == whole.weeks


@SETTINGS
@given(histories())
def test_member_figures_add_up_to_the_household(h: dict[str, Any]) -> None:
    b = balance(**h)
    assert sum(m.home for m in b.members) == b.total
    assert sum(m.target for m in b.members) == b.total  # every basis, total-work unclamped
    for m in b.members:
        assert m.did + m.noticed + m.planned == m.home == sum(m.by_card.values(), F(0))
    if b.total:
        assert sum(m.share for m in b.members) == 1
    logged = sum(i.minutes for i in h["items"] if h["start"] <= i.on <= h["end"])
    assert b.total == logged
    assert b.leisure_gap == max(m.free for m in b.members) - min(m.free for m in b.members)


@SETTINGS
@given(histories(), st.integers(0, 35))
def test_a_period_split_in_two_adds_up_to_the_whole(h: dict[str, Any], cut: int) -> None:
    start, end = h["start"], h["end"]
    middle = min(start + timedelta(days=cut), end - timedelta(days=1))
    whole = balance(**h)
    first = balance(**{**h, "end": middle})
    second = balance(**{**h, "start": middle + timedelta(days=1)})
    assert_adds_up([first, second], whole)


@SETTINGS
@given(histories())
def test_the_weeks_add_up_to_the_whole(h: dict[str, Any]) -> None:
    weeks = weekly_shares(**h)
    assert weeks[0].start == h["start"] and weeks[-1].end == h["end"]
    assert all(w.start.weekday() == 0 for w in weeks[1:])
    assert all(w.end.weekday() == 6 for w in weeks[:-1])
    assert_adds_up(weeks, balance(**h))
