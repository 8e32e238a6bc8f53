"""``/households/{id}/cards``: the household's cards: list, add, change, remove, and who holds
one (the deal, one member always, or turns). The Cards pages' forms check what is sent and the
cards services write it, exactly as on the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from evenly.api.pagination import page
from evenly.api.schemas import (
    PROBLEMS,
    WRITE_PROBLEMS,
    MentalMinutes,
    Minutes,
    PageQuery,
    max_chars,
)
from evenly.cards import services
from evenly.cards.forms import CardForm, OwnerRuleForm
from evenly.cards.models import Card
from evenly.cards.selectors import cards_of
from evenly.core import bounds
from evenly.households.access import household_object, membership_of
from evenly.households.models import Member
from evenly.households.selectors import members_of

router = Router(tags=["cards"])


class CardOut(Schema):
    id: int
    name: str
    category: str
    cadence: str = Field(description='how often, as Evenly reads it: "weekly", "3 per week"')
    minutes: float = Field(description="minutes each time")
    mental_minutes: float = Field(description="noticing and planning, minutes a week")
    standard: str = Field(description="what done means")
    holder: Literal["deal", "lock", "rotate"]
    locked_to: int | None = Field(description="the member who always holds it (lock)")
    rotation: list[int] = Field(description="the members who take turns (rotate)")
    paused: bool


class CardPage(Schema):
    count: int
    next: str | None
    items: list[CardOut]


class CardIn(Schema):
    name: str = Field(min_length=1, max_length=bounds.MAX_CARD_NAME_CHARS)
    category: str = Field("Other", max_length=max_chars(CardForm, "category"))
    cadence: str = Field(
        max_length=max_chars(CardForm, "cadence"),
        examples=["weekly", "3 per week", "every 2 weeks"],
    )
    minutes: Minutes
    mental_minutes: MentalMinutes = Decimal(0)
    standard: str = Field("", max_length=max_chars(CardForm, "standard"))


class HolderIn(Schema):
    mode: Literal["deal", "lock", "rotate"]
    locked_to: int | None = Field(None, description="with lock: the member who always holds it")
    rotation: list[int] = Field(
        default_factory=list,
        max_length=bounds.MAX_MEMBERS,
        description="with rotate: at least two members who take turns",
    )


def card_out(card: Card) -> CardOut:
    rotation = sorted(m.pk for m in card.rotation.all())
    return CardOut(
        id=card.pk,
        name=card.name,
        category=card.category,
        cadence=card.cadence,
        minutes=float(card.minutes),
        mental_minutes=float(card.mental_minutes),
        standard=card.standard,
        holder="lock" if card.locked_to_id else "rotate" if rotation else "deal",
        locked_to=card.locked_to_id,
        rotation=rotation,
        paused=card.paused,
    )


def _checked(form: Form) -> dict[str, Any]:
    """The form's clean data, or its errors as the API's 422 (nothing written)."""
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


def _card(request: HttpRequest, household_id: int, card_id: int) -> tuple[Member, Card]:
    member = membership_of(request.user, household_id)
    return member, household_object(Card, member.household, card_id)


@router.get(
    "/households/{household_id}/cards",
    response={200: CardPage, **PROBLEMS},
    summary="The household's cards, by category and name",
)
def card_list(request: HttpRequest, household_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    rows = (
        cards_of(household=member.household)
        .order_by("category", "name", "pk")
        .prefetch_related("rotation")
    )
    return page(request, rows, query, card_out)


@router.get(
    "/households/{household_id}/cards/{card_id}",
    response={200: CardOut, **PROBLEMS},
    summary="One card",
)
def card_detail(request: HttpRequest, household_id: int, card_id: int) -> CardOut:
    return card_out(_card(request, household_id, card_id)[1])


@router.post(
    "/households/{household_id}/cards",
    response={201: CardOut, **WRITE_PROBLEMS},
    summary="Add a card of your own",
)
def card_create(request: HttpRequest, household_id: int, payload: CardIn) -> Status[CardOut]:
    member = membership_of(request.user, household_id)
    data = _checked(CardForm(payload.model_dump()))
    card = services.card_save(household=member.household, card=None, actor=member, **data)
    return Status(201, card_out(card))


@router.put(
    "/households/{household_id}/cards/{card_id}",
    response={200: CardOut, **WRITE_PROBLEMS},
    summary="Change a card (every field; sending the same again changes nothing)",
)
def card_update(request: HttpRequest, household_id: int, card_id: int, payload: CardIn) -> CardOut:
    member, card = _card(request, household_id, card_id)
    data = _checked(CardForm(payload.model_dump()))
    card = services.card_save(household=member.household, card=card, actor=member, **data)
    return card_out(card)


@router.delete(
    "/households/{household_id}/cards/{card_id}",
    response={204: None, **WRITE_PROBLEMS},
    summary="Remove a card",
)
def card_remove(request: HttpRequest, household_id: int, card_id: int) -> Status[None]:
    member, card = _card(request, household_id, card_id)
    services.card_delete(card=card, actor=member)
    return Status(204, None)


@router.put(
    "/households/{household_id}/cards/{card_id}/holder",
    response={200: CardOut, **WRITE_PROBLEMS},
    summary="Who holds the card: the deal decides, one member always (lock), or turns (rotate)",
)
def card_holder(
    request: HttpRequest, household_id: int, card_id: int, payload: HolderIn
) -> CardOut:
    member, card = _card(request, household_id, card_id)
    members = members_of(household=member.household)
    form = OwnerRuleForm(
        {
            "mode": payload.mode,
            "locked_to": payload.locked_to if payload.locked_to is not None else "",
            "rotation": [str(pk) for pk in payload.rotation],
        },
        members=members,
    )
    data = _checked(form)
    services.card_owner_rule_set(
        card=card,
        locked_to=data["locked_to"] if data["mode"] == "lock" else None,
        rotation=list(data["rotation"]) if data["mode"] == "rotate" else [],
        actor=member,
    )
    card.refresh_from_db()
    return card_out(card)
