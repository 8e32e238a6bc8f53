"""``/households/{id}/balance``: who carried the home over a period, each member's headline and
the figures that add up to it, in whole minutes: the same selector and the same rounding as the
Balance page, so both say the same numbers."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from evenly.api.schemas import PROBLEMS
from evenly.core.balance import LineKey, reconcile
from evenly.households.access import membership_of
from evenly.insight.selectors import MAX_YEARS, balance_figures
from evenly.week.periods import PERIODS, PeriodForm

router = Router(tags=["balance"])

PeriodKey = Literal["week", "4w", "3m", "year", "custom"]
assert set(PeriodKey.__args__) == set(PERIODS), list(PERIODS)  # type: ignore[attr-defined]


class PeriodQuery(Schema):
    period: PeriodKey | None = Field(
        None, description="a named period (default: this week); custom: give start and end"
    )
    start: date | None = Field(None, description="the first day of a custom period")
    end: date | None = Field(None, description="the last day of a custom period (included)")


class PeriodOut(Schema):
    key: PeriodKey
    start: date
    end: date


class LinePart(Schema):
    key: LineKey = Field(
        description="planned, skipped, by_others (others on their cards), open (plan not "
        "logged, or more than planned), for_others, extras"
    )
    minutes: int = Field(description="signed: how it moves the running total to `logged`")


class MemberLine(Schema):
    member: str
    headline_minutes: int = Field(description="logged less share: over their share if > 0")
    logged_minutes: int = Field(description="the parts add up to this")
    share_minutes: int = Field(description="their fair share: logged less headline")
    has_plan: bool = Field(description="false: no deal planned a day of the period")
    parts: list[LinePart]


class BalanceOut(Schema):
    period: PeriodOut
    entries: int = Field(description="ledger entries in the period")
    problem: str | None = Field(description="why the figures cannot be worked out, if so")
    members: list[MemberLine]


@router.get(
    "/households/{household_id}/balance",
    response={200: BalanceOut, **PROBLEMS},
    summary="Each member's headline over a period and the figures that add up to it",
)
def balance(request: HttpRequest, household_id: int, query: Query[PeriodQuery]) -> BalanceOut:
    member = membership_of(request.user, household_id)
    household = member.household
    sent = {k: v.isoformat() if isinstance(v, date) else v for k, v in query.dict().items() if v}
    form = PeriodForm(sent or None, today=household.today(), max_years=MAX_YEARS)
    # The page falls back to this week and lists what was wrong; a client is told instead.
    if form.is_bound and not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    period = form.chosen()
    fig = balance_figures(household=household, period=period, today=household.today())
    lines = []
    for r in reconcile(fig.balance) if fig.balance is not None else ():
        parts, logged, _share, headline = r.rounded()
        lines.append(
            MemberLine(
                member=r.name,
                headline_minutes=headline,
                logged_minutes=logged,
                share_minutes=logged - headline,
                has_plan=r.has_plan,
                parts=[LinePart(key=p.key, minutes=int(p.minutes)) for p in parts],
            )
        )
    return BalanceOut(
        period=PeriodOut(key=period.key, start=period.start, end=period.end),  # type: ignore[arg-type]
        entries=fig.entry_count,
        problem=fig.problem,
        members=lines,
    )
