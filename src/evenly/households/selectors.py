"""Reads about households and members."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from evenly.households.models import Household, Invitation, Member


def households_of(*, user: object) -> list[Household]:
    """Households the person is an active member of, oldest first."""
    return list(
        Household.objects.filter(members__user=user, members__left_at__isnull=True)
        .order_by("created_at", "id")
        .distinct()
    )


def members_of(*, household: Household) -> QuerySet[Member]:
    """The household's current members, in the order they joined."""
    return household.members.filter(left_at__isnull=True).select_related("user")


def invitations_open(*, household: Household) -> QuerySet[Invitation]:
    """Invitations that can still be used."""
    return household.invitations.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("created_by")
