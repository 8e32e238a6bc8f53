"""Reaching Grow objects. An aspiration not yet shared exists for its author alone: to anyone
else its id answers 404, as another household's does."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from evenly.growth.models import Aspiration, Handover, LifeEvent
from evenly.households.access import household_object
from evenly.households.models import Member


def visible_aspirations(member: Member) -> QuerySet[Aspiration]:
    """Every aspiration ``member`` may read: their own, and what others have shared."""
    return Aspiration.objects.visible_to(member)


def aspiration_for(member: Member, aspiration_id: int, *, own: bool = False) -> Aspiration:
    items = visible_aspirations(member).select_related("member")
    if own:
        items = items.filter(member=member)
    try:
        return items.get(pk=aspiration_id)
    except Aspiration.DoesNotExist:
        raise Http404 from None


def handover_for(member: Member, handover_id: int) -> Handover:
    return household_object(Handover, member.household, handover_id)


def life_event_for(member: Member, event_id: int) -> LifeEvent:
    return household_object(LifeEvent, member.household, event_id)
