"""``/households/{id}/needs``: what waits on the caller today, from the same list of providers
as the Needs-you page (``evenly.pages.needs``), each with the page where it is done."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from evenly.api.pagination import page
from evenly.api.schemas import PROBLEMS, PageQuery
from evenly.households.access import membership_of
from evenly.pages.needs import Need, needs_for

router = Router(tags=["needs you"])


class NeedOut(Schema):
    kind: str = Field(description='what it is about: "card", "cover", "deal", "checkin", …')
    key: str = Field(description="names it stably, so a client can tell it was seen")
    text: str = Field(description="what waits, in the request's language")
    url: str = Field(description="the page where it is done")
    on: date | None = Field(description="the day it fell due, if any")
    overdue: bool


class NeedPage(Schema):
    count: int
    next: str | None
    items: list[NeedOut]


@router.get(
    "/households/{household_id}/needs",
    response={200: NeedPage, **PROBLEMS},
    summary="What waits on you today, overdue first",
)
def needs(request: HttpRequest, household_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    found = needs_for(member, today=member.household.today())

    def out(need: Need) -> NeedOut:
        return NeedOut(
            kind=need.kind,
            key=need.key,
            text=str(need.title),
            url=request.build_absolute_uri(need.url),
            on=need.on,
            overdue=need.overdue,
        )

    return page(request, found, query, out)
