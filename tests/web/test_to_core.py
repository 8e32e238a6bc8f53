"""The one adapter from rows to core (evenly.cards.to_core): exact numbers, core's arithmetic."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

from evenly.cards.to_core import core_household, decimal, fraction, responsibility
from tests.conftest import Home


def test_numbers_cross_the_boundary_exactly() -> None:
    assert fraction(Decimal("12.35")) == Fraction(247, 20)
    assert fraction(Decimal("0.10")) == Fraction(1, 10)
    assert fraction(7) == 7 and fraction("22.5") == Fraction(45, 2)
    assert decimal(Fraction(1, 3)) == Decimal("0.33")
    assert decimal(Fraction(2, 3), 3) == Decimal("0.667")
    assert decimal(Fraction(45, 2)) == Decimal("22.50")
    assert decimal(fraction(Decimal("1440.00"))) == Decimal("1440.00")


def _deal_with_own_minutes_and_turns(home: Home) -> Home:
    """Own estimates, noticing-and-planning minutes and a card shared in turns, then a deal."""
    from evenly.cards.services import card_owner_rule_set, card_save, rating_set
    from evenly.deals.services import deal_accept, deal_propose

    cards = {c.name: c for c in home.household.cards.all()}
    laundry = cards["Laundry"]
    card_save(
        household=home.household,
        card=laundry,
        name=laundry.name,
        category=laundry.category,
        cadence="3 per week",
        minutes=Decimal("22.5"),
        mental_minutes=Decimal("17.25"),
        standard="",
    )
    card_owner_rule_set(card=cards["Bins out"], locked_to=None, rotation=[home.owner, home.partner])
    for member, own in ((home.owner, Decimal("31.33")), (home.partner, None)):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine", minutes=own)
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    return home


def test_a_card_row_gives_the_weekly_minutes_the_engine_used(home: Home) -> None:
    _deal_with_own_minutes_and_turns(home)
    names = {m.pk: m.display_name for m in home.household.members.all()}
    engine = {r.name: r for r in core_household(household=home.household).responsibilities}
    for card in home.household.cards.prefetch_related("ratings"):
        row = responsibility(card, names=names)
        for name in names.values():
            assert row.weekly_minutes(name) == engine[card.name].weekly_minutes(name)


def test_the_balance_plans_each_card_with_cores_arithmetic(home: Home) -> None:
    """Insight's planned minutes per card add up to each member's load in the deal's
    certificate (which the engine computed): one rule for weekly minutes and turns."""
    from evenly.insight.selectors import inputs_for

    _deal_with_own_minutes_and_turns(home)
    today = datetime.date(2026, 1, 5)
    data = inputs_for(household=home.household, start=today, end=today)
    assert data.planned_weekly is not None
    for name, load in data.planned_weekly.items():
        planned = sum(
            (v for (who, _), v in data.planned_by_card.items() if who == name), Fraction()
        )
        assert abs(planned - load) < Fraction(1, 100), name
    # Laundry: 3 a week × own or card minutes + 17.25 min of noticing and planning.
    laundry = {who: v for (who, card), v in data.planned_by_card.items() if card == "Laundry"}
    ((who, minutes),) = laundry.items()
    own = Fraction(3133, 100) if who == "Robin" else Fraction(45, 2)
    assert minutes == 3 * own + Fraction(69, 4)
    # Bins out (weekly, 10 min, 5 min of noticing) is shared in turns: each carries half of
    # their own weekly minutes.
    bins = {who: v for (who, card), v in data.planned_by_card.items() if card == "Bins out"}
    assert bins == {"Robin": (Fraction(3133, 100) + 5) / 2, "Sam": Fraction(10 + 5, 2)}
