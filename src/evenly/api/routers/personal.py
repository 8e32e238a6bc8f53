"""``/households/{id}/personal-time``: this week's time of one's own per member against their
goal, in minutes: the totals the week page shows everyone. What anyone did with it is their
own and never leaves the page of its author."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema

from evenly.api.schemas import PROBLEMS
from evenly.households.access import membership_of
from evenly.week.selectors import PersonalTotal, personal_view

router = Router(tags=["personal time"])


class PersonalOut(Schema):
    member: int
    name: str
    minutes: float = Field(description="time of their own this week")
    goal_minutes: int = Field(description="their weekly goal (0: none set)")
    reached: bool


class PersonalWeekOut(Schema):
    start: date
    end: date
    members: list[PersonalOut] = Field(description="you first, then the other members")


def _out(total: PersonalTotal) -> PersonalOut:
    return PersonalOut(
        member=total.member.pk,
        name=total.member.display_name,
        minutes=float(total.minutes),
        goal_minutes=total.goal,
        reached=total.reached,
    )


@router.get(
    "/households/{household_id}/personal-time",
    response={200: PersonalWeekOut, **PROBLEMS},
    summary="Each member's time of their own this week against their goal (totals only)",
)
def personal_time(request: HttpRequest, household_id: int) -> PersonalWeekOut:
    member = membership_of(request.user, household_id)
    household = member.household
    view = personal_view(household=household, member=member, today=household.today())
    # Only the totals: view.recent (the member's own entries, with their words) stays out.
    return PersonalWeekOut(
        start=view.start,
        end=view.end,
        members=[_out(t) for t in [view.mine, *view.others]],
    )
