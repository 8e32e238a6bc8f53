"""Reaching values objects. A note of outside pressure not yet shared exists for its author
alone: to anyone else its id answers 404, exactly as another household's id does."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from evenly.households.access import household_object
from evenly.households.models import Member
from evenly.values.models import Goal, Milestone, MissionVersion, OutsidePressure


def visible_pressures(member: Member) -> QuerySet[OutsidePressure]:
    """Every note of outside pressure ``member`` may read: their own, and the shared ones."""
    return OutsidePressure.objects.visible_to(member)


def pressure_for(member: Member, pressure_id: int, *, own: bool = False) -> OutsidePressure:
    """A note the member may read (``own``: one they wrote), or 404."""
    pressures = visible_pressures(member).select_related("author", "household")
    if own:
        pressures = pressures.filter(author=member)
    try:
        return pressures.get(pk=pressure_id)
    except OutsidePressure.DoesNotExist:
        raise Http404 from None


def version_for(member: Member, version_id: int) -> MissionVersion:
    return household_object(MissionVersion, member.household, version_id)


def goal_for(member: Member, goal_id: int) -> Goal:
    return household_object(Goal, member.household, goal_id)


def milestone_for(member: Member, milestone_id: int) -> Milestone:
    return household_object(Milestone, member.household, milestone_id)
