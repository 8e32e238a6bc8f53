"""``/households/{id}/how-it-feels``: the monthly check of how fair the home's work feels, as
the How it feels page shows it (``felt.selectors.felt_page``), the caller's answer for this month
and turning the check on or off (``felt.services``), with the page's own form.

A month's answers are sealed until every current member has answered it: before that a member
reads their own answer and who has answered (names only), never anyone else's answer; the open
months, with everyone's answers, and the trend come from the selector, which reads open months
only."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from evenly.api.schemas import PROBLEMS, WRITE_PROBLEMS
from evenly.core import bounds
from evenly.core import felt as core
from evenly.felt import selectors, services
from evenly.felt.forms import FeltForm
from evenly.felt.models import FeltAnswer
from evenly.households.access import membership_of
from evenly.households.models import Member
from evenly.pages.words import in_language

router = Router(tags=["how it feels"])

DivergenceKind = Literal["carries_more_feels_fair", "even_feels_unfair"]
assert set(DivergenceKind.__args__) == {d.value for d in core.Divergence}  # type: ignore[attr-defined]

_SCALE = f"{bounds.FELT_MIN} to {bounds.FELT_MAX}"


class AnswerIn(Schema):
    fair_to_me: int = Field(
        ge=bounds.FELT_MIN,
        le=bounds.FELT_MAX,
        description=f"how fair the split feels to you ({_SCALE}: very unfair .. very fair)",
    )
    fair_to_partner: int = Field(
        ge=bounds.FELT_MIN,
        le=bounds.FELT_MAX,
        description=f"how fair you think it is for your partner(s) ({_SCALE})",
    )
    satisfied: int = Field(
        ge=bounds.FELT_MIN,
        le=bounds.FELT_MAX,
        description=f"how satisfied you are with the split ({_SCALE})",
    )
    csi_happy: int = Field(
        ge=0,
        le=bounds.CSI4_HAPPY_MAX,
        description="CSI-4: happiness, all things considered (0 extremely unhappy .. 6 perfect)",
    )
    csi_warm: int = Field(
        ge=0,
        le=bounds.CSI4_ITEM_MAX,
        description="CSI-4: a warm and comfortable relationship (0 not at all .. 5 completely)",
    )
    csi_rewarding: int = Field(
        ge=0, le=bounds.CSI4_ITEM_MAX, description="CSI-4: how rewarding (0 .. 5)"
    )
    csi_satisfied: int = Field(
        ge=0, le=bounds.CSI4_ITEM_MAX, description="CSI-4: how satisfied in general (0 .. 5)"
    )


class AnswerOut(AnswerIn):
    csi4: int = Field(description="the CSI-4 score, the sum of its four items (0..21)")


class SettingIn(Schema):
    on: bool = Field(description="true: every member is asked once a month; false: off")


class Name(Schema):
    id: int
    name: str


class OpenAnswerOut(Schema):
    member: Name
    answer: AnswerOut
    share: int | None = Field(
        description="their % of the month's logged home minutes (null: too little was logged)"
    )
    divergence: DivergenceKind | None = Field(
        description="how their sense of fairness and the logged minutes tell different stories"
    )


class OpenMonthOut(Schema):
    month: date = Field(description="the month's first day")
    answers: list[OpenAnswerOut]


class TrendOut(Schema):
    months: int = Field(description="how many months everyone answered")
    first: date
    latest: date
    fair_from: int
    fair_to: int
    satisfied_from: int
    satisfied_to: int
    csi4_from: int
    csi4_to: int
    text: str = Field(description="as the Balance page says it, in the request's language")


class FeltOut(Schema):
    on: bool = Field(description="the household answers the monthly check")
    month: date = Field(description="this month (its first day, in the household's time zone)")
    open: bool = Field(description="everyone has answered this month: its answers are open")
    mine: AnswerOut | None = Field(description="your answer this month, if you gave one")
    answered: list[Name] = Field(description="who has answered this month (names only)")
    waiting: list[Name] = Field(description="who has not answered this month yet")
    months: list[OpenMonthOut] = Field(
        description="the months everyone answered, newest first, with everyone's answers"
    )
    trend: TrendOut | None = Field(description="since you started (null: no open month yet)")


def _name(member: Member) -> Name:
    return Name(id=member.pk, name=member.display_name)


def _answer(row: FeltAnswer) -> AnswerOut:
    # The row is read as the core's answer in one place (``as_core``), so its fields are too.
    answer = selectors.as_core(row)
    return AnswerOut(**asdict(answer), csi4=core.csi4_score(answer))


def _trend(trend: core.Trend | None) -> TrendOut | None:
    if trend is None:
        return None
    return TrendOut(
        months=trend.months,
        first=trend.first.month,
        latest=trend.latest.month,
        fair_from=trend.fair_from,
        fair_to=trend.fair_to,
        satisfied_from=trend.satisfied_from,
        satisfied_to=trend.satisfied_to,
        csi4_from=trend.csi4_from,
        csi4_to=trend.csi4_to,
        text=in_language(trend.headline),
    )


def _state(member: Member) -> FeltOut:
    """What the How it feels page shows ``member``, and nothing more."""
    view = selectors.felt_page(household=member.household, member=member)
    return FeltOut(
        on=view.on,
        month=view.this_month,
        open=view.this_month_open,
        mine=_answer(view.mine) if view.mine else None,
        answered=[_name(m) for m in view.answered],
        waiting=[_name(m) for m in view.waiting],
        months=[
            OpenMonthOut(
                month=m.month,
                answers=[
                    OpenAnswerOut(
                        member=_name(r.member),
                        answer=_answer(r.answer),
                        share=r.share,
                        divergence=r.divergence.value if r.divergence else None,
                    )
                    for r in m.rows
                ],
            )
            for m in view.months
        ],
        trend=_trend(view.trend),
    )


@router.get(
    "/households/{household_id}/how-it-feels",
    response={200: FeltOut, **PROBLEMS},
    summary="How it feels: on or off, who has answered this month, the open months, the trend",
)
def felt_get(request: HttpRequest, household_id: int) -> FeltOut:
    return _state(membership_of(request.user, household_id))


@router.put(
    "/households/{household_id}/how-it-feels/my-answer",
    response={200: FeltOut, **WRITE_PROBLEMS},
    summary="Your answer for this month (change it until everyone has answered)",
)
def felt_answer(request: HttpRequest, household_id: int, payload: AnswerIn) -> FeltOut:
    member = membership_of(request.user, household_id)
    form = FeltForm(payload.model_dump())
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    services.felt_answer(member=member, answer=form.answer())
    return _state(member)


@router.put(
    "/households/{household_id}/how-it-feels/setting",
    response={200: FeltOut, **WRITE_PROBLEMS},
    summary="Turn the monthly check on or off for the household (answers given stay)",
)
def felt_setting(request: HttpRequest, household_id: int, payload: SettingIn) -> FeltOut:
    member = membership_of(request.user, household_id)
    if payload.on:
        services.felt_turn_on(member=member)
    else:
        services.felt_turn_off(member=member)
    return _state(member)
