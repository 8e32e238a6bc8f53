"""``/households/{id}/ratings``: the caller's own private ratings of the household's cards
(never anyone else's: those stay sealed, as on the Rate pages)."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from evenly.api.pagination import page
from evenly.api.schemas import PROBLEMS, WRITE_PROBLEMS, Minutes, PageQuery, max_chars
from evenly.cards import services
from evenly.cards.forms import RatingForm
from evenly.cards.models import Card, PreferenceChoice, Rating
from evenly.cards.selectors import my_ratings
from evenly.households.access import household_object, membership_of

router = Router(tags=["ratings"])

Preference = Literal["enjoy", "like", "fine", "dislike", "hate", "cannot"]
assert set(Preference.__args__) == set(PreferenceChoice.values), PreferenceChoice.values  # type: ignore[attr-defined]


class RatingOut(Schema):
    card_id: int
    card_name: str
    preference: Preference | None = Field(description="null: not rated yet")
    minutes: float | None = Field(description="your own minutes each time, if you gave them")
    standard: str = Field(description="what done means to you")


class RatingPage(Schema):
    count: int
    next: str | None
    items: list[RatingOut]


class RatingIn(Schema):
    preference: Preference
    minutes: Minutes | None = None
    standard: str = Field("", max_length=max_chars(RatingForm, "standard"))


def _out(card: Card, rating: Rating | None) -> RatingOut:
    return RatingOut(
        card_id=card.pk,
        card_name=card.name,
        preference=rating.preference if rating else None,  # type: ignore[arg-type]
        minutes=float(rating.minutes) if rating and rating.minutes is not None else None,
        standard=rating.standard if rating else "",
    )


@router.get(
    "/households/{household_id}/ratings",
    response={200: RatingPage, **PROBLEMS},
    summary="Your own ratings, one per card (cards you have not rated have none)",
)
def rating_list(request: HttpRequest, household_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    mine = my_ratings(member=member)
    cards = member.household.cards.order_by("category", "name", "pk")
    return page(request, cards, query, lambda card: _out(card, mine.get(card.pk)))


@router.put(
    "/households/{household_id}/ratings/{card_id}",
    response={200: RatingOut, **WRITE_PROBLEMS},
    summary="Rate a card (replaces your earlier rating of it)",
)
def rating_put(
    request: HttpRequest, household_id: int, card_id: int, payload: RatingIn
) -> RatingOut:
    member = membership_of(request.user, household_id)
    card = household_object(Card, member.household, card_id)
    form = RatingForm(
        {
            "preference": payload.preference,
            "minutes": "" if payload.minutes is None else str(payload.minutes),
            "standard": payload.standard,
        }
    )
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    rating = services.rating_set(member=member, card=card, **form.cleaned_data)
    return _out(card, rating)
