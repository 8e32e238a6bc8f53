"""Reaching check-in objects. A private item exists for its author alone: to anyone else,
its id answers 404 exactly as another household's id does."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from evenly.checkins.models import Action, Checkin, DealChange, Item, Paraphrase
from evenly.households.access import household_object
from evenly.households.models import Member


def visible_items(member: Member) -> QuerySet[Item]:
    """Every item ``member`` may read: their own, and what others have shared."""
    return Item.objects.visible_to(member)


def checkin_for(member: Member, checkin_id: int) -> Checkin:
    checkin = household_object(Checkin, member.household, checkin_id)
    # It is the member's household's (household_object made sure): the row the request already
    # holds, not read again for the check-in's time zone.
    checkin.household = member.household
    return checkin


def item_for(member: Member, item_id: int, *, own: bool = False) -> Item:
    """An item the member may read (``own``: one they wrote), or 404."""
    items = visible_items(member).select_related("checkin", "checkin__household", "author")
    if own:
        items = items.filter(author=member)
    try:
        return items.get(pk=item_id)
    except Item.DoesNotExist:
        raise Http404 from None


def paraphrase_for(member: Member, paraphrase_id: int) -> Paraphrase:
    """A paraphrase of a concern the member may read, or 404."""
    try:
        return Paraphrase.objects.select_related("concern__checkin__household").get(
            pk=paraphrase_id, concern__in=visible_items(member)
        )
    except Paraphrase.DoesNotExist:
        raise Http404 from None


def action_for(member: Member, action_id: int) -> Action:
    return household_object(Action, member.household, action_id)


def change_for(member: Member, change_id: int) -> DealChange:
    return household_object(DealChange, member.household, change_id)
