"""Reads about households and members."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from evenly.accounts.models import User
from evenly.accounts.selectors import HouseholdLink
from evenly.households.models import Household, HouseholdEvent, Invitation, Member


def households_of(*, user: User) -> list[Household]:
    """Households the person is an active member of, oldest first."""
    return list(
        Household.objects.filter(members__user=user, members__left_at__isnull=True)
        .order_by("created_at", "id")
        .distinct()
    )


def household_links_of(user: User) -> list[HouseholdLink]:
    """The households the person is an active member of, each with its week page (registered
    with ``evenly.accounts.selectors`` for the account pages)."""
    return [
        HouseholdLink(name=household.name, url=reverse("week", args=[household.pk]))
        for household in households_of(user=user)
    ]


def members_of(*, household: Household) -> QuerySet[Member]:
    """The household's current members, in the order they joined."""
    return household.members.current().select_related("user")


def invitations_open(*, household: Household) -> QuerySet[Invitation]:
    """Invitations that can still be used."""
    return household.invitations.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("created_by")


HISTORY_PAGE_SIZE = 50


def household_events(
    *, household: Household, kind: str = "", page: int | str = 1, per_page: int = HISTORY_PAGE_SIZE
) -> Page[HouseholdEvent]:
    """The household's history, newest first, one page at a time, optionally of one kind.

    A page number that is not a number or lies past the end gives the nearest page.
    """
    events = HouseholdEvent.objects.for_household(household).order_by("-at", "-id")
    if kind in HouseholdEvent.Kind.values:
        events = events.filter(kind=kind)
    return Paginator(events, per_page).get_page(page)


def waiting_places(*, household: Household) -> list[str]:
    """The names of the household's waiting places: current members without an account, kept
    for the people of a household brought in from a file until an invitation fills them."""
    return list(
        household.members.current().filter(user__isnull=True).values_list("display_name", flat=True)
    )
