"""Capacity and time of one's own in the fairness rule, worked by hand and as properties."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evenly.core.deal import propose_deal
from evenly.core.figures import build_instance, figures_of, target_coefficients, targets
from evenly.core.household_file import HouseholdFileError
from evenly.core.model import FairnessBasis, Member
from tests.core.households import card, household

F = Fraction
EQUAL, CUSTOM = FairnessBasis.EQUAL, FairnessBasis.CUSTOM
TOTAL, FREE = FairnessBasis.TOTAL_WORK, FairnessBasis.FREE_TIME


def _targets(
    fairness: FairnessBasis, members: Sequence[Member], total: int, **kw: bool
) -> tuple[Fraction, ...]:
    return targets(fairness, members, Fraction(total), **kw)


# -- capacity, by hand -------------------------------------------------------------------------


def test_a_quarter_capacity_under_equal() -> None:
    # a = (1/2, 1/2); Sam carries 1/4: what Sam cannot carry, 3/8 L, is spread by c * a,
    # (1/2, 1/8), so Robin gets 4/5 of it: a' = (1/2 + 4/5 * 3/8, 1/8 + 1/5 * 3/8) = (4/5, 1/5).
    members = [Member("Robin"), Member("Sam", capacity=F(1, 4))]
    assert target_coefficients(EQUAL, members) == ((F(4, 5), F(1, 5)), (0, 0))
    assert _targets(EQUAL, members, 900) == (720, 180)


def test_three_members_one_at_half_one_at_nothing() -> None:
    # a = 1/3 each; uncarried (0 + 1/2 + 1) / 3 = 1/2 L; weights (1/3, 1/6, 0) -> (2/3, 1/3, 0).
    members = [Member("Robin"), Member("Sam", capacity=F(1, 2)), Member("Alex", capacity=F(0))]
    a, b = target_coefficients(EQUAL, members)
    assert a == (F(2, 3), F(1, 3), 0)
    assert b == (0, 0, 0)


def test_capacity_under_total_work_keeps_the_offsets_linear() -> None:
    # Base: a = (1/2, 1/2), b = (1800 - 2400, 1800 - 1200) = (-600, 600). Sam at 1/2: weights
    # (1/2, 1/4) -> (2/3, 1/3); uncarried a 1/4, b 300.
    members = [Member("Robin", paid_hours=F(40)), Member("Sam", paid_hours=F(20), capacity=F(1, 2))]
    a, b = target_coefficients(TOTAL, members)
    assert a == (F(2, 3), F(1, 3))
    assert b == (-400, 400)
    # At L = 900 the base targets are (-150, 1050): Sam carries 525 and a third of the other 525.
    assert _targets(TOTAL, members, 900) == (200, 700)


def test_capacity_zero_for_everyone_is_refused() -> None:
    members = [Member("Robin", capacity=F(0)), Member("Sam", capacity=F(0))]
    with pytest.raises(ValueError, match="every member's capacity is 0"):
        target_coefficients(EQUAL, members)


def test_capacity_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        Member("Robin", capacity=F(3, 2))


def test_custom_shares_of_zero_take_work_by_capacity_alone() -> None:
    # Robin's share is 0 and Sam cannot carry anything: it all falls to Robin.
    members = [Member("Robin", share=F(0)), Member("Sam", share=F(1), capacity=F(0))]
    assert target_coefficients(CUSTOM, members) == ((1, 0), (0, 0))


def test_the_engine_deals_by_capacity() -> None:
    h = household(
        ["Robin", {"name": "Sam", "capacity": 0}],
        [card("A", 60), card("B", 30), card("C", 20)],
        tolerance_minutes=0,
    )
    deal = propose_deal(h)
    assert set(deal.owners.values()) == {"Robin"}
    assert [m.target_minutes for m in deal.certificate.members] == [110, 0]


# -- time of one's own, by hand ----------------------------------------------------------------


def test_free_time_counts_personal_hours_when_asked() -> None:
    members = [Member("Robin", paid_hours=F(40), personal_hours=F(10)), Member("Sam", F(20))]
    # 112 - 40 - 10 = 62 h and 112 - 20 = 92 h.
    assert _targets(FREE, members, 154, count_personal_time=True) == (62, 92)
    # Without it: 72 h and 92 h.
    assert _targets(FREE, members, 164) == (72, 92)


def test_total_work_counts_personal_hours_like_paid_work() -> None:
    members = [Member("Robin", paid_hours=F(40), personal_hours=F(10)), Member("Sam", F(20))]
    # P = (3000, 1200): (900 + 4200) / 2 - P
    assert _targets(TOTAL, members, 900, count_personal_time=True) == (2550 - 3000, 2550 - 1200)
    assert _targets(TOTAL, members, 900) == (2250 - 2400, 2250 - 1200)


def test_equal_and_custom_ignore_personal_time() -> None:
    members = [
        Member("Robin", share=F(3, 5), personal_hours=F(30)),
        Member("Sam", share=F(2, 5)),
    ]
    for basis in (EQUAL, CUSTOM):
        assert target_coefficients(basis, members, count_personal_time=True) == (
            target_coefficients(basis, members)
        )


def test_free_time_with_no_free_time_left_is_refused() -> None:
    members = [Member("Robin", paid_hours=F(60), personal_hours=F(60))]
    with pytest.raises(ValueError, match="free time"):
        target_coefficients(FREE, members, count_personal_time=True)


def test_the_household_flag_reaches_the_engine() -> None:
    rows = [{"name": "Robin", "paid_hours": 40, "personal_hours": 10}, "Sam"]
    cards = [card("A", 600), card("B", 300)]
    plain = build_instance(household(rows, cards, fairness="total-work"))
    counted = build_instance(
        household(rows, cards, fairness="total-work", count_personal_time=True)
    )
    # P = (2400, 0) or (3000, 0); L = 900.
    assert figures_of(plain, [0, 1]).targets == (1650 - 2400, 1650)
    assert figures_of(counted, [0, 1]).targets == (1950 - 3000, 1950)


# -- the household file --------------------------------------------------------------------------


def test_the_file_reads_personal_hours_capacity_and_the_flag() -> None:
    h = household(
        [{"name": "Robin", "personal_hours": 4.5, "capacity": 0.25}, "Sam"],
        [card("A", 10)],
        count_personal_time=True,
    )
    robin, sam = h.members
    assert robin.personal_hours == F(9, 2) and robin.capacity == F(1, 4)
    assert sam.personal_hours == 0 and sam.capacity == 1
    assert h.count_personal_time is True
    assert household(["Robin"], []).count_personal_time is False


def test_the_file_reports_every_problem_at_once() -> None:
    with pytest.raises(HouseholdFileError) as err:
        household(
            [
                {"name": "Robin", "capacity": 1.5, "personal_hours": -1},
                {"name": "Sam", "capacity": "half"},
            ],
            [],
            count_personal_time="yes",
        )
    text = str(err.value)
    assert 'member "Robin", field capacity: must be at most 1' in text
    assert 'member "Robin", field personal_hours: must be at least 0' in text
    assert 'member "Sam", field capacity: must be a number' in text
    assert "field count_personal_time: must be true or false" in text
    assert len(err.value.problems) == 4


def test_the_file_refuses_a_household_where_nobody_can_carry_anything() -> None:
    with pytest.raises(HouseholdFileError, match="every member's capacity is 0"):
        household([{"name": "Robin", "capacity": 0}, {"name": "Sam", "capacity": 0}], [])


def test_the_file_refuses_free_time_without_free_time() -> None:
    rows = [{"name": "Robin", "paid_hours": 100, "personal_hours": 20}]
    with pytest.raises(HouseholdFileError, match="needs some free time"):
        household(rows, [], fairness="free-time", count_personal_time=True)
    household(rows, [], fairness="free-time")  # without the flag, 12 h are free


# -- properties ----------------------------------------------------------------------------------


def today(
    fairness: FairnessBasis, members: Sequence[Member]
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """The rule as it was before capacity and personal time, written out again."""
    n, zero = len(members), Fraction(0)
    if fairness is EQUAL:
        return tuple(F(1, n) for _ in members), tuple(zero for _ in members)
    if fairness is CUSTOM:
        shares = [m.share or zero for m in members]
        return tuple(s / sum(shares) for s in shares), tuple(zero for _ in members)
    if fairness is TOTAL:
        paid = [m.paid_hours * 60 for m in members]
        return tuple(F(1, n) for _ in members), tuple(sum(paid) / n - p for p in paid)
    free = [(112 - m.paid_hours) * 60 for m in members]
    return tuple(f / sum(free) for f in free), tuple(zero for _ in members)


CAPACITIES = [F(1), F(1), F(3, 4), F(1, 2), F(1, 3), F(1, 4), F(3, 10), F(0)]


@st.composite
def member_lists(draw: st.DrawFn, *, capacity: bool = True) -> list[Member]:
    n = draw(st.integers(1, 6))
    shares = [draw(st.integers(0, 5)) for _ in range(n)]
    if not any(shares):
        shares[0] = 1
    members = []
    for i in range(n):
        members.append(
            Member(
                name=f"M{i}",
                paid_hours=F(draw(st.integers(0, 100 * 60)), 60),
                share=F(shares[i], sum(shares)),
                personal_hours=F(draw(st.sampled_from([0, 0, 4, 10, 30, 55]))),
                capacity=draw(st.sampled_from(CAPACITIES)) if capacity else F(1),
            )
        )
    if all(m.capacity == 0 for m in members):
        members[-1] = Member(members[-1].name, members[-1].paid_hours, members[-1].share)
    return members


BASES = st.sampled_from(list(FairnessBasis))


@settings(max_examples=300, deadline=None)
@given(
    members=member_lists(),
    fairness=BASES,
    count=st.booleans(),
    total=st.fractions(F(0), F(10_000)),
)
def test_targets_add_up_to_the_total(
    members: list[Member], fairness: FairnessBasis, count: bool, total: Fraction
) -> None:
    try:
        t = targets(fairness, members, total, count_personal_time=count)
    except ValueError as err:  # only when personal time leaves no free time at all
        assert fairness is FREE and count and "free time" in str(err)
        return
    assert sum(t) == total
    a, b = target_coefficients(fairness, members, count_personal_time=count)
    assert sum(a) == 1 and sum(b) == 0
    for m, ti, ai, bi in zip(members, t, a, b, strict=True):
        if m.capacity == 0:  # nothing for a member who can carry nothing, on any basis
            assert ti == 0 and ai == 0 and bi == 0


@settings(max_examples=300, deadline=None)
@given(members=member_lists(capacity=False), fairness=BASES)
def test_capacity_one_everywhere_is_the_rule_of_today(
    members: list[Member], fairness: FairnessBasis
) -> None:
    assert target_coefficients(fairness, members) == today(fairness, members)
    if fairness in (EQUAL, CUSTOM):
        assert target_coefficients(fairness, members, count_personal_time=True) == today(
            fairness, members
        )


@settings(max_examples=200, deadline=None)
@given(members=member_lists(), fairness=BASES, count=st.booleans())
def test_capacity_follows_the_formula(
    members: list[Member], fairness: FairnessBasis, count: bool
) -> None:
    base = [Member(m.name, m.paid_hours, m.share, m.personal_hours) for m in members]
    try:
        a0, b0 = target_coefficients(fairness, base, count_personal_time=count)
    except ValueError:
        return
    a, b = target_coefficients(fairness, members, count_personal_time=count)
    c = [m.capacity for m in members]
    weights = [ci * ai for ci, ai in zip(c, a0, strict=True)]
    if sum(weights) == 0:
        weights = list(c)
    w = [x / sum(weights) for x in weights]
    spread_a = sum((1 - ci) * ai for ci, ai in zip(c, a0, strict=True))
    spread_b = sum((1 - ci) * bi for ci, bi in zip(c, b0, strict=True))
    for i in range(len(members)):
        # Exact, or kept to the solver's grid (1/10,000 of L, 1/100 of a minute).
        assert abs(a[i] - (c[i] * a0[i] + w[i] * spread_a)) <= F(len(members), 10_000)
        assert abs(b[i] - (c[i] * b0[i] + w[i] * spread_b)) <= F(len(members), 100)


@settings(max_examples=200, deadline=None)
@given(members=member_lists(), total=st.fractions(F(0), F(10_000)))
def test_a_member_with_no_capacity_gets_no_target_under_equal(
    members: list[Member], total: Fraction
) -> None:
    t = targets(EQUAL, members, total)
    assert sum(t) == total
    for m, ti in zip(members, t, strict=True):
        assert (ti == 0) if m.capacity == 0 else (ti >= 0)


def _rows(**member: Any) -> list[dict[str, Any]]:
    return [{"name": "Robin", **member}, {"name": "Sam"}]


def test_existing_files_keep_loading_unchanged() -> None:
    h = household(_rows(paid_hours=38), [card("A", 10)], fairness="total-work")
    assert h.members[0] == Member("Robin", paid_hours=F(38))
    assert h.count_personal_time is False
