"""``/households/{id}/checkins``: the household's check-ins and, for one, what was shared in
it: the items their authors shared, the actions agreed and the changes to the deal. An item its
author has not shared is read through ``checkins.access`` like everywhere else, and so never
reaches anyone but its author; here not even them, since only what was shared is shown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from evenly.api.pagination import page
from evenly.api.schemas import PROBLEMS, PageQuery
from evenly.checkins.access import checkin_for, visible_items
from evenly.checkins.models import Action, Checkin, DealChange, Item
from evenly.households.access import membership_of
from evenly.pages.words import in_language

router = Router(tags=["check-ins"])

ItemKind = Literal["appreciation", "went_well", "feeling", "concern"]
assert set(ItemKind.__args__) == set(Item.Kind.values), Item.Kind.values  # type: ignore[attr-defined]
ChangeStatus = Literal["proposed", "agreed", "declined"]
assert set(ChangeStatus.__args__) == set(DealChange.Status.values)  # type: ignore[attr-defined]


class CheckinOut(Schema):
    id: int
    opens_at: datetime
    closed_at: datetime | None
    shared_items: int
    actions: int


class CheckinPage(Schema):
    count: int
    next: str | None
    items: list[CheckinOut]


class SharedItemOut(Schema):
    id: int
    kind: ItemKind
    author: int
    about: int | None = Field(description="the member an appreciation is for, if one")
    text: str = Field(description="as the check-in page says it, in the request's language")
    shared_at: datetime


class ActionOut(Schema):
    id: int
    text: str
    owner: int
    due_on: date
    done: bool


class ChangeOut(Schema):
    id: int
    kind: Literal["owner", "standard"]
    card_id: int
    to_member: int | None
    standard: str
    status: ChangeStatus
    text: str


class CheckinDetail(CheckinOut):
    shared: list[SharedItemOut]
    agreed_actions: list[ActionOut]
    changes: list[ChangeOut]


def _item_text(item: Item) -> str:
    if item.kind == Item.Kind.FEELING:
        said = in_language(item.feeling_said)
        return f"{said}: {item.text}" if item.text else said
    return in_language(item.statement)


def _out(checkin: Any) -> CheckinOut:
    return CheckinOut(
        id=checkin.pk,
        opens_at=checkin.opens_at,
        closed_at=checkin.closed_at,
        shared_items=checkin.n_shared,
        actions=checkin.n_actions,
    )


@router.get(
    "/households/{household_id}/checkins",
    response={200: CheckinPage, **PROBLEMS},
    summary="The household's check-ins, newest first",
)
def checkin_list(
    request: HttpRequest, household_id: int, query: Query[PageQuery]
) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    rows = (
        Checkin.objects.for_household(member.household)
        .annotate(
            n_shared=Count("items", filter=Q(items__shared_at__isnull=False), distinct=True),
            n_actions=Count("actions", distinct=True),
        )
        .order_by("-opens_at", "-pk")
    )
    return page(request, rows, query, _out)


@router.get(
    "/households/{household_id}/checkins/{checkin_id}",
    response={200: CheckinDetail, **PROBLEMS},
    summary="One check-in: what was shared, the actions agreed, the changes to the deal",
)
def checkin_detail(request: HttpRequest, household_id: int, checkin_id: int) -> CheckinDetail:
    member = membership_of(request.user, household_id)
    checkin = checkin_for(member, checkin_id)
    shared = (
        visible_items(member)
        .filter(checkin=checkin, shared_at__isnull=False)
        .order_by("shared_at", "pk")
    )
    actions = Action.objects.for_household(member.household).filter(checkin=checkin)
    changes = DealChange.objects.for_household(member.household).filter(checkin=checkin)
    return CheckinDetail(
        id=checkin.pk,
        opens_at=checkin.opens_at,
        closed_at=checkin.closed_at,
        shared_items=len(shared),
        actions=len(actions),
        shared=[
            SharedItemOut(
                id=i.pk,
                kind=i.kind,  # type: ignore[arg-type]
                author=i.author_id,
                about=i.about_id,
                text=_item_text(i),
                shared_at=i.shared_at,  # type: ignore[arg-type]
            )
            for i in shared
        ],
        agreed_actions=[
            ActionOut(id=a.pk, text=a.text, owner=a.owner_id, due_on=a.due_on, done=bool(a.done_at))
            for a in actions.order_by("due_on", "pk")
        ],
        changes=[
            ChangeOut(
                id=c.pk,
                kind=c.kind,  # type: ignore[arg-type]
                card_id=c.card_id,
                to_member=c.to_member_id,
                standard=c.standard,
                status=c.status,  # type: ignore[arg-type]
                text=c.description,
            )
            for c in changes.select_related("card", "to_member")
        ],
    )
