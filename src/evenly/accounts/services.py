"""Writes to accounts: sign up and delete."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from evenly.accounts.models import User

# What happens to a person's data when they delete their account is decided by the apps above
# accounts (households: leave every household; privacy: erase what they typed). They register
# here at start-up, so accounts never imports them. Called in registration order, inside the
# deletion's transaction, before the user row goes.
_ON_DELETE: list[Callable[[User], None]] = []


def on_account_delete(callback: Callable[[User], None]) -> None:
    """Register ``callback(user)`` to run when an account is deleted (once per callback)."""
    if callback not in _ON_DELETE:
        _ON_DELETE.append(callback)


def account_create(*, email: str, password: str) -> User:
    """A new account; the email is stored in lower case so sign-in ignores case."""
    return User.objects.create_user(email=email.strip().lower(), password=password)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account: run every registered hook (erase what the person typed, leave every
    household), then delete the user.

    What stays behind is what the household shares: the cards, the deals it agreed and the
    record of work done, under the member's display name. See ``evenly.privacy.registry``.
    """
    for callback in _ON_DELETE:
        callback(user)
    user.delete()
