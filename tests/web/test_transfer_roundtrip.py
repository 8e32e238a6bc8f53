"""Export → import → export gives the same document, apart from where and when it was made."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evenly.accounts.services import account_create
from evenly.cards.models import Card
from evenly.households.models import Household, Member
from evenly.transfer.selectors import household_export
from evenly.transfer.services import household_import
from evenly.week.models import OccurrenceChange
from evenly.week.selectors import schedule

pytestmark = pytest.mark.django_db


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without its ``source`` (the household's id and the moment of export)."""
    return {k: v for k, v in document.items() if k != "source"}


def round_trip(member: Member, email: str) -> tuple[dict[str, Any], dict[str, Any]]:
    first, again, _ = moved(member, email)
    return first, again


def moved(member: Member, email: str) -> tuple[dict[str, Any], dict[str, Any], Household]:
    first = household_export(member=member)
    user = account_create(email=email, password="correct horse battery staple", verified=True)
    household = household_import(user=user, data=first)
    again = household_export(member=household.members.get(user=user))
    return first, again, household


def weeks_around(household: Household, today: date) -> list[tuple[str, date, date, str, bool]]:
    """Every occurrence from four weeks back to four ahead: the card, the day it falls and was
    due, whose turn, and whether it is done."""
    return sorted(
        (
            d.card.name,
            d.on,
            d.change.due_on if d.change else d.on,
            d.owner.display_name if d.owner else "",
            d.entry is not None,
        )
        for d in schedule(
            household=household, start=today - timedelta(weeks=4), end=today + timedelta(weeks=4)
        )
    )


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
    first, again, household = moved(owner, "mover@example.org")
    # The week falls on the same days, with the same turns and the same cards done.
    today = owner.household.today()
    assert weeks_around(household, today) == weeks_around(owner.household, today)
    # The demo has every kind of row the file carries.
    for part in ("cards", "deals", "ledger", "away", "occurrence_changes", "goals"):
        assert first[part], part
    assert first["values"]["mission"] and first["values"]["my_card"]
    assert comparable(again) == comparable(first)
    # The partner's words for their skip stay behind; the exporting member's travel.
    text = json.dumps(first)
    assert "Partner's own words" not in text and "We were away" in text


# --- a small household of any shape ---------------------------------------------------------

_NAMES = ["Robin", "Sam", "Alex", "Kim", "Jo"]
_CARDS = ["Laundry", "Cooking dinner", "Bins out", "Bathroom", "Garden"]
# What a person can type: the forms refuse control and invisible characters.
_typed = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn"))
_minutes = st.decimals(min_value=0, max_value=600, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def small_households(draw: st.DrawFn) -> dict[str, Any]:
    """Members (one who left, maybe), cards with locks, rotations, days and ratings, a ledger."""
    n = draw(st.integers(1, 4))
    gone = draw(st.sets(st.integers(1, n - 1), max_size=1)) if n > 1 else set()
    cards = []
    for name in draw(st.lists(st.sampled_from(_CARDS), unique=True, max_size=4)):
        rule = draw(st.sampled_from(["none", "lock", "rotate"]))
        cards.append(
            {
                "name": name,
                "minutes": draw(_minutes),
                "lock": draw(st.integers(0, n - 1)) if rule == "lock" else None,
                "rotate": rule == "rotate" and n >= 2,
                "days": draw(st.frozensets(st.integers(0, 6), max_size=3)),
                "ratings": draw(
                    st.dictionaries(
                        st.integers(0, n - 1),
                        st.tuples(st.sampled_from(["enjoy", "fine", "hate"]), st.none() | _minutes),
                    )
                ),
                "entries": draw(st.lists(st.tuples(st.integers(0, n - 1), _minutes), max_size=3)),
            }
        )
    return {
        "members": n,
        "gone": gone,
        "cards": cards,
        "own_work": draw(st.text(_typed, max_size=20)),
    }


_made = iter(range(10**6))


def _build(shape: dict[str, Any]) -> Member:
    from django.utils import timezone

    from evenly.accounts.models import User
    from evenly.cards.models import Rating, weekdays_to_bits
    from evenly.households.models import Household
    from evenly.week.models import LogEntry

    number = next(_made)
    household = Household.objects.create(name=f"Home {number}", time_zone="Europe/Berlin")
    members = [
        Member.objects.create(
            household=household,
            user=User.objects.create(email=f"p{number}-{i}@example.org"),
            display_name=_NAMES[i],
            paid_hours=Decimal(i * 10),
            left_at=timezone.now() if i in shape["gone"] else None,
        )
        for i in range(shape["members"])
    ]
    today = household.today()
    for c in shape["cards"]:
        card = Card.objects.create(
            household=household,
            name=c["name"],
            category="Home",
            cadence="weekly",
            minutes=c["minutes"],
            locked_to=members[c["lock"]] if c["lock"] is not None else None,
            weekdays=weekdays_to_bits(set(c["days"])),
        )
        if c["rotate"]:
            card.rotation.set(members[:2])
        for who, (preference, minutes) in c["ratings"].items():
            Rating.objects.create(
                card=card, member=members[who], preference=preference, minutes=minutes
            )
        for days, (who, minutes) in enumerate(c["entries"]):
            LogEntry.objects.create(
                household=household,
                member=members[who],
                card=card,
                title=card.name,
                minutes=minutes,
                done_on=today - timedelta(days=days),
            )
    if shape["own_work"].strip():
        LogEntry.objects.create(
            household=household,
            member=members[0],
            title=shape["own_work"].strip()[:120],
            minutes=Decimal(15),
            done_on=today,
        )
    return members[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=small_households())
def test_any_small_household_round_trips(shape: dict[str, Any]) -> None:
    first, again = round_trip(_build(shape), f"mover{next(_made)}@example.org")
    assert comparable(again) == comparable(first)
