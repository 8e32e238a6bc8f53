"""Export → import → export gives the same document, apart from where and when it was made."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from evenly.accounts.services import account_create
from evenly.cards.models import Card
from evenly.households.models import Member
from evenly.transfer.selectors import household_export
from evenly.transfer.services import household_import
from evenly.week.models import OccurrenceChange

pytestmark = pytest.mark.django_db


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without its ``source`` (the household's id and the moment of export)."""
    return {k: v for k, v in document.items() if k != "source"}


def round_trip(member: Member, email: str) -> tuple[dict[str, Any], dict[str, Any]]:
    first = household_export(member=member)
    user = account_create(email=email, password="correct horse battery staple", verified=True)
    household = household_import(user=user, data=first)
    again = household_export(member=household.members.get(user=user))
    return first, again


def test_the_demo_household_round_trips() -> None:
    from evenly.demo import demo_load

    result = demo_load()
    owner = Member.objects.filter(household_id=result.household_id).order_by("joined_at").first()
    assert owner is not None
    partner = Member.objects.filter(household_id=result.household_id).exclude(pk=owner.pk).get()
    # The demo skips nothing; one skip by each partner, each with its reason.
    card = Card.objects.filter(household_id=result.household_id).order_by("name").first()
    today = owner.household.today()
    for who, days, reason in ((owner, 1, "We were away"), (partner, 8, "Partner's own words")):
        OccurrenceChange.objects.create(
            household_id=result.household_id,
            card=card,
            due_on=today - timedelta(days=days),
            kind="skipped",
            reason=reason,
            by=who,
            owner=who,
            minutes=Decimal(20),
        )
    first, again = round_trip(owner, "mover@example.org")
    # The demo has every kind of row the file carries.
    for part in ("cards", "deals", "ledger", "away", "occurrence_changes", "goals"):
        assert first[part], part
    assert first["values"]["mission"] and first["values"]["my_card"]
    assert comparable(again) == comparable(first)
    # The partner's words for their skip stay behind; the exporting member's travel.
    text = json.dumps(first)
    assert "Partner's own words" not in text and "We were away" in text
