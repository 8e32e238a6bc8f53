"""``/households``: the caller's households and their members."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from evenly.accounts.models import User
from evenly.api.pagination import page
from evenly.api.schemas import PROBLEMS, PageQuery
from evenly.households.access import membership_of
from evenly.households.models import Household, Member
from evenly.households.selectors import households_of, members_of

router = Router(tags=["households"])


class MemberOut(Schema):
    id: int
    display_name: str
    is_you: bool


class HouseholdOut(Schema):
    id: int
    name: str
    time_zone: str
    today: str  # the household's date now, in its own time zone (YYYY-MM-DD)


class HouseholdDetail(HouseholdOut):
    members: list[MemberOut]


def _household(household: Household) -> HouseholdOut:
    return HouseholdOut(
        id=household.pk,
        name=household.name,
        time_zone=household.time_zone,
        today=household.today().isoformat(),
    )


class HouseholdPage(Schema):
    count: int
    next: str | None
    items: list[HouseholdOut]


@router.get("/households", response={200: HouseholdPage, **PROBLEMS}, summary="Your households")
def household_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)
    return page(request, households_of(user=user), query, _household)


@router.get(
    "/households/{household_id}",
    response={200: HouseholdDetail, **PROBLEMS},
    summary="One of your households, with its current members",
)
def household_detail(request: HttpRequest, household_id: int) -> HouseholdDetail:
    me: Member = membership_of(request.user, household_id)
    household = me.household
    return HouseholdDetail(
        **_household(household).model_dump(),
        members=[
            MemberOut(id=m.pk, display_name=m.display_name, is_you=m.pk == me.pk)
            for m in members_of(household=household)
        ],
    )
