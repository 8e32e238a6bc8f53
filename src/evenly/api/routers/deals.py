"""``/households/{id}/deals``: the deal's versions, one with its certificate and every card's
reason (said in the request's language, as the deal page says it), proposing a new version,
saying yes to one, and two versions compared. The deals services and selectors decide, exactly
as on the Deal pages: a quick deal is made while the request waits, a larger one by the worker
(a solve to read, ``/deal-solves/{id}``), as the page's Propose button does."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from evenly.api.pagination import page
from evenly.api.schemas import PROBLEMS, PageQuery
from evenly.core.solve_place import Step
from evenly.deals import selectors, services
from evenly.deals.models import Deal, DealCard, DealSolve
from evenly.households.access import household_object, membership_of
from evenly.households.models import Household, Member
from evenly.pages.words import in_language

router = Router(tags=["deals"])

SolveState = Literal["queued", "running", "done", "failed"]
assert set(SolveState.__args__) == set(DealSolve.State.values), DealSolve.State.values  # type: ignore[attr-defined]
SolveStep = Literal["start", "balance", "moves", "preference", "envy", "saving"]
assert set(SolveStep.__args__) == {s.value for s in Step}  # type: ignore[attr-defined]


class DealSolveOut(Schema):
    id: int
    state: SolveState
    stalled: bool = Field(
        description="queued or running, but no worker answered for a while: propose again"
    )
    step: SolveStep = Field(description="what the engine is doing, as the deal page says it")
    asked_by: int | None = Field(description="the member who proposed it")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    version: int | None = Field(description="the deal it made, once done")
    error: str = Field(description="why it failed, for the household (empty unless failed)")


def deal_solve_out(solve: DealSolve) -> DealSolveOut:
    view = selectors.solve_view(solve=solve, now=timezone.now())
    return DealSolveOut(
        id=solve.pk,
        state=solve.state,  # type: ignore[arg-type]
        stalled=view.stalled,
        step=view.step.value,
        asked_by=solve.asked_by_id,
        created_at=solve.created_at,
        started_at=solve.started_at,
        finished_at=solve.finished_at,
        version=solve.deal.version if solve.deal is not None else None,
        error=solve.error,
    )


DealStatus = Literal["proposed", "active", "superseded", "withdrawn"]
assert set(DealStatus.__args__) == set(Deal.Status.values), Deal.Status.values  # type: ignore[attr-defined]


class DealOut(Schema):
    version: int
    status: DealStatus
    fairness: str = Field(description="the household's rule when it was proposed")
    proposed_by: int | None = Field(description="the member who proposed it")
    created_at: datetime
    activated_at: datetime | None = Field(description="when everyone had said yes")
    accepted_by: list[int] = Field(description="the current members who said yes")
    waiting_for: list[int] = Field(description="the current members whose yes is missing")


class DealPage(Schema):
    count: int
    next: str | None
    items: list[DealOut]


class MemberWeek(Schema):
    member: str
    load_minutes: float = Field(description="their home work a week in this deal")
    target_minutes: float = Field(description="their fair share by the household's rule")
    deviation_minutes: float = Field(description="load less target: over their share if > 0")


class DealCardOut(Schema):
    card_id: int | None = Field(description="null: the card was removed since")
    name: str
    category: str
    cadence: str
    owner: int | None = Field(description="the member who holds it (null: taken in turns)")
    rotation: list[int] = Field(description="the members who take turns, in turn order")
    locked: bool
    reason: str = Field(description="why it went this way, in the request's language")
    weekly_minutes: float | None = Field(description="its minutes a week for its holder")


class DealDetail(DealOut):
    fair: bool | None = Field(description="every member within the tolerance of their share")
    members: list[MemberWeek]
    cards: list[DealCardOut]
    certificate: dict[str, Any] = Field(
        description="the engine's certificate as `evenly deal --json` prints it"
    )


class CompareRowOut(Schema):
    card: str
    before: str = Field(description="who held it in the first version (— : not in it)")
    after: str = Field(description="who holds it in the second version")
    changed: bool


class CompareOut(Schema):
    before: DealOut
    after: DealOut
    changed: int = Field(description="how many cards change hands")
    rows: list[CompareRowOut]


def _current(household: Household) -> list[int]:
    return list(household.members.current().order_by("pk").values_list("pk", flat=True))


def deal_out(deal: Deal, current: list[int] | None = None) -> DealOut:
    """The deal's version and who said yes; ``current``: the household's current members' ids
    (read once for a whole list)."""
    current = _current(deal.household) if current is None else current
    yes = {a.member_id for a in deal.acceptances.all()}
    accepted = [pk for pk in current if pk in yes]
    waiting = [pk for pk in current if pk not in yes]
    return DealOut(
        version=deal.version,
        status=deal.status,  # type: ignore[arg-type]
        fairness=deal.fairness,
        proposed_by=deal.proposed_by_id,
        created_at=deal.created_at,
        activated_at=deal.activated_at,
        accepted_by=accepted,
        waiting_for=waiting,
    )


def _card_out(dc: DealCard) -> DealCardOut:
    return DealCardOut(
        card_id=dc.card_id,
        name=dc.name,
        category=dc.category,
        cadence=dc.cadence,
        owner=None if dc.rotation else dc.owner_id,
        rotation=list(dc.rotation),
        locked=dc.locked,
        # The reason as the deal page says it: its words in today's language, or the English
        # kept beside them for a deal made before reasons were kept as words.
        reason=in_language(dc.reason_words, dc.reason),
        weekly_minutes=dc.weekly_minutes,
    )


def deal_detail(deal: Deal) -> DealDetail:
    view = selectors.deal_view(deal=deal)
    verdict = view.verdict
    return DealDetail(
        **deal_out(deal).model_dump(),
        fair=verdict.fair if verdict else None,
        members=[
            MemberWeek(
                member=m.name,
                load_minutes=m.load,
                target_minutes=m.target,
                deviation_minutes=m.deviation,
            )
            for m in (verdict.members if verdict else [])
        ],
        cards=[_card_out(dc) for group in view.groups for dc in group.cards],
        certificate=deal.certificate,
    )


def _deal(member: Member, version: int) -> Deal:
    deal = selectors.deal_by_version(household=member.household, version=version)
    if deal is None:
        raise Http404
    return deal


@router.get(
    "/households/{household_id}/deals",
    response={200: DealPage, **PROBLEMS},
    summary="Every version of the deal, newest first",
)
def deal_list(request: HttpRequest, household_id: int, query: Query[PageQuery]) -> dict[str, Any]:
    member = membership_of(request.user, household_id)
    current = _current(member.household)
    deals = selectors.deals_all(household=member.household)
    return page(request, deals, query, lambda deal: deal_out(deal, current))


@router.post(
    "/households/{household_id}/deals",
    response={201: DealDetail, 202: DealSolveOut, **PROBLEMS},
    summary="Propose a new version (everyone has rated every card first); it waits for "
    "everyone's yes, and any proposal still waiting is withdrawn. A quick deal is made at once "
    "(201, the deal); a larger one is worked out by the worker (202, a solve to read until it "
    "is done; one at a time per household)",
)
def deal_propose(
    request: HttpRequest, household_id: int
) -> Status[DealDetail] | Status[DealSolveOut]:
    member = membership_of(request.user, household_id)
    made = services.deal_propose_start(household=member.household, member=member)
    if isinstance(made, DealSolve):
        return Status(202, deal_solve_out(made))
    return Status(201, deal_detail(made))


@router.get(
    "/households/{household_id}/deal-solves/{solve_id}",
    response={200: DealSolveOut, **PROBLEMS},
    summary="A deal being worked out by the worker: its state and step, then the new version",
)
def deal_solve_show(request: HttpRequest, household_id: int, solve_id: int) -> DealSolveOut:
    member = membership_of(request.user, household_id)
    return deal_solve_out(household_object(DealSolve, member.household, solve_id))


@router.get(
    "/households/{household_id}/deals/{version}",
    response={200: DealDetail, **PROBLEMS},
    summary="One version: who holds each card and why, each member's week, the certificate",
)
def deal_show(request: HttpRequest, household_id: int, version: int) -> DealDetail:
    member = membership_of(request.user, household_id)
    return deal_detail(_deal(member, version))


@router.put(
    "/households/{household_id}/deals/{version}/acceptance",
    response={200: DealOut, **PROBLEMS},
    summary="Say yes to a proposed version (saying it again changes nothing); when everyone "
    "has, it becomes the deal in force",
)
def deal_accept(request: HttpRequest, household_id: int, version: int) -> DealOut:
    member = membership_of(request.user, household_id)
    deal = services.deal_accept(deal=_deal(member, version), member=member)
    return deal_out(deal)


@router.get(
    "/households/{household_id}/deals/{version}/compare/{other_version}",
    response={200: CompareOut, **PROBLEMS},
    summary="Two versions side by side: who holds each card in each, changed cards first",
)
def deal_compare(
    request: HttpRequest, household_id: int, version: int, other_version: int
) -> CompareOut:
    member = membership_of(request.user, household_id)
    before, after = _deal(member, version), _deal(member, other_version)
    rows = selectors.deal_compare(a=before, b=after)
    return CompareOut(
        before=deal_out(before),
        after=deal_out(after),
        changed=sum(r.changed for r in rows),
        rows=[
            CompareRowOut(card=r.name, before=r.before, after=r.after, changed=r.changed)
            for r in rows
        ],
    )
