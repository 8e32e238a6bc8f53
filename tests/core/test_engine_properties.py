"""Properties every deal has, whatever the household."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evenly.core.deal import propose_deal
from evenly.core.figures import build_instance, figures_of, owner_by_name
from evenly.core.model import Household, Preference
from tests.core.households import households

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(households(max_members=5, max_cards=14))
def test_every_card_is_owned_once_and_the_rules_hold(h: Household) -> None:
    deal = propose_deal(h)
    assert list(deal.owners) == [c.name for c in h.responsibilities]
    for c in h.responsibilities:
        who = deal.owners[c.name]
        if c.rotate:
            assert who == c.rotate
            continue
        assert isinstance(who, str)
        assert who in h.member_names
        if c.owner is not None:
            assert who == c.owner
        assert c.rating(who).preference is not Preference.CANNOT
        assert deal.reasons[c.name].strip()
    owned = [card for m in h.member_names for card in deal.cards_of(m)] + deal.rotations()
    assert sorted(owned) == sorted(deal.owners)


@SETTINGS
@given(households(max_members=5, max_cards=14, redeal=True))
def test_reported_figures_recompute_from_the_deal(h: Household) -> None:
    deal = propose_deal(h)
    inst = build_instance(h)  # the file's own order, not the engine's
    fig = figures_of(inst, owner_by_name(inst, deal.owners))
    c = deal.certificate
    assert [m.name for m in c.members] == list(h.member_names)
    assert [m.load_minutes for m in c.members] == list(fig.loads)
    assert [m.target_minutes for m in c.members] == list(fig.targets)
    assert c.max_deviation_minutes == fig.max_deviation
    assert c.ef1 == fig.ef1
    assert c.preference_score == fig.preference_score
    assert c.moved_minutes == fig.moved_minutes
    assert sum(m.target_minutes for m in c.members) == c.total_minutes
    assert c.max_deviation_minutes <= c.deviation_limit_minutes
    data = deal.to_json()
    assert data["preference_score"] == fig.preference_score
    assert data["max_deviation_minutes"] == round(float(fig.max_deviation), 2)


@SETTINGS
@given(households(max_members=4, max_cards=12, redeal=True), st.randoms(use_true_random=False))
def test_reordering_members_or_cards_changes_nothing_but_order(h: Household, rnd) -> None:  # type: ignore[no-untyped-def]
    members = list(h.members)
    cards = list(h.responsibilities)
    rnd.shuffle(members)
    rnd.shuffle(cards)
    shuffled = dataclasses.replace(h, members=tuple(members), responsibilities=tuple(cards))
    a, b = propose_deal(h), propose_deal(shuffled)
    assert a.owners == b.owners
    assert a.reasons == b.reasons
    assert a.certificate.max_deviation_minutes == b.certificate.max_deviation_minutes
    assert a.certificate.preference_score == b.certificate.preference_score


@SETTINGS
@given(households(min_members=2, max_members=4, max_cards=12))
def test_redealing_an_unchanged_household_moves_nothing(h: Household) -> None:
    first = propose_deal(h)
    cards = tuple(
        c if c.rotate else dataclasses.replace(c, current=first.owners[c.name])
        for c in h.responsibilities
    )
    again = propose_deal(dataclasses.replace(h, responsibilities=cards))
    assert again.certificate.moved_minutes == 0
    assert again.certificate.moves == ()
    assert again.owners == first.owners


@SETTINGS
@given(households(max_members=4, max_cards=12, redeal=True))
def test_the_same_household_gives_the_same_deal(h: Household) -> None:
    a, b = propose_deal(h), propose_deal(h)
    assert a.owners == b.owners
    assert a.reasons == b.reasons
    assert a.to_json() | {"solve_ms": 0} == b.to_json() | {"solve_ms": 0}


@SETTINGS
@given(households(max_members=4, max_cards=10))
def test_each_members_cards_add_up_to_their_load(h: Household) -> None:
    """The deal page lists each card's weekly time: a member's cards sum to their load."""
    deal = propose_deal(h)
    for m in deal.certificate.members:
        mine = sum(
            (by_member.get(m.name, Fraction(0)) for by_member in deal.card_minutes.values()),
            Fraction(0),
        )
        assert mine == m.load_minutes
    assert set(deal.card_minutes) == set(deal.owners)
    data = deal.to_json()
    assert set(data["paid_minutes"]) == {m.name for m in h.members}
