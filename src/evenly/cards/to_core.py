"""Database rows become core objects here, and only here.

Every selector and service that asks :mod:`evenly.core` for a figure (weekly minutes, targets,
the balance, a deal) builds its input with these functions, so core arithmetic is never written
again next to the ORM. Numbers cross the boundary once each way: a stored ``Decimal`` becomes an
exact ``Fraction`` with :func:`fraction`, and a core ``Fraction`` goes back into a decimal column
with :func:`decimal`. Core itself works in exact fractions of minutes (and whole minutes where
the database keeps them whole).

It lives in ``cards``, the lowest app that owns both members' rows (through households) and
cards and ratings; the apps above it (deals, growth, week, insight, perception) import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError

from evenly.cards.models import Card
from evenly.core.balance import MemberFacts
from evenly.core.cadence import parse_cadence
from evenly.core.household_file import HouseholdFileError, household_from_data
from evenly.core.model import FairnessBasis, Preference, Rating, Responsibility
from evenly.core.model import Household as CoreHousehold
from evenly.core.model import Member as CoreMember
from evenly.households.models import Household, Member

__all__ = [
    "core_household",
    "core_member",
    "decimal",
    "fraction",
    "household_data",
    "member_facts",
    "responsibility",
]

Stored = Decimal | int | float | str


def fraction(value: Stored) -> Fraction:
    """A stored number (a decimal column, an integer, a certificate's JSON number) as the exact
    fraction core computes with: ``Decimal("12.35")`` is exactly 247/20."""
    return Fraction(str(value))


def decimal(value: Fraction | int, places: int = 2) -> Decimal:
    """A core figure for a decimal column with ``places`` decimals (rounded half to even, as
    core rounds its own minutes)."""
    exact = Fraction(value)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(10) ** -places)


def _share(member: Member, fairness: FairnessBasis) -> Fraction | None:
    """A custom share (0 when not given); None under every other basis."""
    if fairness is not FairnessBasis.CUSTOM:
        return None
    return fraction(member.share) if member.share is not None else Fraction(0)


def core_member(member: Member, *, fairness: FairnessBasis = FairnessBasis.EQUAL) -> CoreMember:
    """A member row as the fairness rule sees them (their share only under ``custom``)."""
    return CoreMember(
        name=member.display_name,
        paid_hours=fraction(member.paid_hours),
        share=_share(member, fairness),
        personal_hours=Fraction(member.personal_time_goal_minutes, 60),
        capacity=fraction(member.capacity),
    )


def member_facts(member: Member, *, fairness: FairnessBasis) -> MemberFacts:
    """A member row as the balance sees them."""
    return MemberFacts(
        name=member.display_name,
        paid_hours=fraction(member.paid_hours),
        share=_share(member, fairness),
        personal_goal_minutes_per_week=Fraction(member.personal_time_goal_minutes),
        capacity=fraction(member.capacity),
    )


def responsibility(card: Card, *, names: Mapping[int, str]) -> Responsibility:
    """A card row with the ratings of the members in ``names`` (id → name).

    Reads ``card.ratings.all()`` (prefetch it). Raises ``CadenceError`` when the stored cadence
    cannot be read.
    """
    return responsibility_of(
        name=card.name,
        category=card.category,
        cadence=card.cadence,
        minutes=card.minutes,
        mental_minutes=card.mental_minutes,
        standard=card.standard,
        catalog_key=card.catalog_key,
        ratings=[(r.member_id, r.preference, r.minutes) for r in card.ratings.all()],
        names=names,
    )


def responsibility_of(
    *,
    name: str,
    category: str,
    cadence: str,
    minutes: Stored,
    mental_minutes: Stored,
    standard: str,
    catalog_key: str,
    ratings: Iterable[tuple[int, str, Stored | None]],
    names: Mapping[int, str],
) -> Responsibility:
    """A card's stored fields and its ratings ``(member id, preference, minutes)`` as the core's
    card, for readers that fetch plain rows rather than model instances (cheaper by far)."""
    return Responsibility(
        name=name,
        category=category,
        cadence=parse_cadence(cadence),
        minutes=fraction(minutes),
        mental_minutes=fraction(mental_minutes),
        standard=standard,
        catalog_key=catalog_key or None,
        ratings={
            names[member_id]: Rating(
                preference=Preference(preference),
                minutes=None if own is None else fraction(own),
            )
            for member_id, preference, own in ratings
            if member_id in names
        },
    )


def household_data(
    *,
    household: Household,
    pins: Mapping[int, str] | None = None,
    current: Mapping[int, int] | None = None,
) -> dict[str, Any]:
    """The household as a household file would describe it (see the README's contract).

    Paused cards are left out. ``pins`` (card id → member name) locks cards to members for this
    one proposal only, as when a handover ends and the card goes back to its owner. ``current``
    (card id → member id) is the deal in force (``deals.selectors.current_owners``).
    """
    pins = pins or {}
    members = list(household.members.filter(left_at__isnull=True))
    names = {m.pk: m.display_name for m in members}
    owners = {card: names[owner] for card, owner in (current or {}).items() if owner in names}
    member_rows: list[dict[str, Any]] = []
    for m in members:
        row: dict[str, Any] = {"name": m.display_name, "paid_hours": float(m.paid_hours)}
        if m.personal_time_goal_minutes:
            row["personal_hours"] = m.personal_time_goal_minutes / 60
        if m.capacity != 1:
            row["capacity"] = float(m.capacity)
        if household.fairness == "custom":
            row["share"] = float(m.share) if m.share is not None else 0.0
        member_rows.append(row)
    cards: list[dict[str, Any]] = []
    for card in (
        household.cards.filter(paused=False).prefetch_related("rotation", "ratings").order_by("id")
    ):
        row = {
            "name": card.name,
            "category": card.category,
            "cadence": card.cadence,
            "minutes": float(card.minutes),
            "mental_minutes": float(card.mental_minutes),
            "standard": card.standard,
            "ratings": {
                names[r.member_id]: (
                    {"preference": r.preference}
                    | ({"minutes": float(r.minutes)} if r.minutes is not None else {})
                )
                for r in card.ratings.all()
                if r.member_id in names
            },
        }
        if card.pk in pins and pins[card.pk] in names.values():
            row["owner"] = pins[card.pk]
        elif card.locked_to_id in names:
            row["owner"] = names[card.locked_to_id]
        rotation = [names[m.pk] for m in card.rotation.all() if m.pk in names]
        if len(rotation) >= 2:
            row["rotate"] = rotation
        elif card.pk in owners:  # a rotation has no single current owner
            row["current"] = owners[card.pk]
        cards.append(row)
    return {
        "name": household.name,
        "fairness": household.fairness,
        "tolerance_minutes": household.tolerance_minutes,
        "count_personal_time": household.count_personal_time,
        "members": member_rows,
        "responsibilities": cards,
    }


def core_household(
    *,
    household: Household,
    pins: Mapping[int, str] | None = None,
    current: Mapping[int, int] | None = None,
) -> CoreHousehold:
    """The household as the engine sees it; a ValidationError lists everything that stops it.

    It goes through the household file's reader, so a household the web holds is checked by
    the same rules (and bounds) as a file given to the command line.
    """
    try:
        return household_from_data(
            household_data(household=household, pins=pins, current=current),
            source=household.name,
        )
    except HouseholdFileError as error:
        raise ValidationError([p.describe("").lstrip(", ") for p in error.problems]) from None
