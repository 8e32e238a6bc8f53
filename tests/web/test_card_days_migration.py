"""The data migration that writes down every existing card's days: the next 8 weeks fall on
exactly the same dates, for the same people, before and after it."""

from __future__ import annotations

import importlib
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.apps import apps as django_apps

from evenly.cards import migrations as cards_migrations
from evenly.cards.models import Card, weekdays_from_bits
from evenly.cards.services import card_save, rating_set
from evenly.deals.services import deal_accept, deal_propose
from evenly.week.selectors import schedule
from tests.conftest import Home

# Found by name, not number: migrations may be renumbered when branches are merged.
_MIGRATION = next(
    p.stem for p in (Path(cards_migrations.__file__).parent).glob("*_card_timing_keeps_days.py")
)
keep_days = importlib.import_module(f"evenly.cards.migrations.{_MIGRATION}").keep_days

CADENCES = [
    "3 per week",
    "2 per week",
    "every 2 weeks",
    "fortnightly",
    "every 14 days",
    "every 7 days",
    "every 3 weeks",
    "monthly",
    "every 10 days",
    "2 per month",
    "yearly",
]


def _eight_weeks(home: Home) -> list[tuple[str, object, object]]:
    start = home.household.today() - timedelta(days=3)
    dues = schedule(household=home.household, start=start, end=start + timedelta(weeks=8))
    return [(d.card.name, d.on, d.owner) for d in dues]


def test_existing_cards_keep_their_days(home: Home) -> None:
    for cadence in CADENCES:
        card_save(
            household=home.household,
            card=None,
            name=f"Chore {cadence}",
            category="Home",
            cadence=cadence,
            minutes=Decimal(20),
            mental_minutes=Decimal(0),
            standard="",
        )
    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    # One card changed cadence after the deal: the deal's cadence places it until the next one.
    Card.objects.filter(name="Bins out").update(cadence="every 2 weeks")
    # Turns too must not move.
    rotated = deal.cards.get(name="Chore every 2 weeks")
    rotated.owner = None
    rotated.rotation = [home.owner.pk, home.partner.pk]
    rotated.save()

    before = _eight_weeks(home)
    assert len({on for _, on, _ in before}) > 20  # the fixture really spreads cards around

    keep_days(django_apps, None)

    after = _eight_weeks(home)
    assert after == before
    cards = {c.name: c for c in home.household.cards.all()}
    # Cards a fixed choice reproduces now name their days ...
    for name, count in [
        ("Laundry", 1),
        ("Chore 3 per week", 3),
        ("Chore 2 per week", 2),
        ("Chore every 2 weeks", 1),
        ("Chore fortnightly", 1),
        ("Chore every 14 days", 1),
        ("Chore every 7 days", 1),
        ("Chore every 3 weeks", 1),
    ]:
        assert len(weekdays_from_bits(cards[name].weekdays)) == count, name
    # ... the others keep Evenly's spread.
    for name in [
        "Cooking dinner",
        "Bins out",
        "Chore monthly",
        "Chore every 10 days",
        "Chore 2 per month",
        "Chore yearly",
    ]:
        assert not cards[name].timing.days_chosen, name
    # Running it again changes nothing.
    keep_days(django_apps, None)
    assert _eight_weeks(home) == before
