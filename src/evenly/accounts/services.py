"""Writes to accounts: sign up and delete."""

from __future__ import annotations

from django.db import transaction

from evenly.accounts.models import User
from evenly.households.services import member_leave


def account_create(*, email: str, password: str) -> User:
    """A new account; the email is stored in lower case so sign-in ignores case."""
    return User.objects.create_user(email=email.strip().lower(), password=password)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account: leave every household first (see ``member_leave``), then the user.

    What stays behind is what the household shares: the cards, the deals it agreed and the
    record of work done, under the member's display name. Ratings and anything private to the
    member go with them.
    """
    for member in user.memberships.filter(left_at__isnull=True).select_related("household"):
        member_leave(member=member)
    user.delete()
