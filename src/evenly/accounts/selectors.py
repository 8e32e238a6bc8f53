"""Reads about an account.

Which households a person belongs to is known to `households`, above accounts. It registers the
one function that lists them here at start-up (as it registers its clean-up with
``on_account_delete``), so the account pages can say where the person belongs without accounts
importing households.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evenly.accounts.models import User


@dataclass(frozen=True)
class HouseholdLink:
    """A household the person is an active member of: its name and the page that opens it."""

    name: str
    url: str


HouseholdLinks = Callable[[User], Sequence[HouseholdLink]]

_HOUSEHOLD_LINKS: list[HouseholdLinks] = []


def on_household_links(callback: HouseholdLinks) -> None:
    """Register ``callback(user)``: the households the person is an active member of, oldest
    first (once per callback)."""
    if callback not in _HOUSEHOLD_LINKS:
        _HOUSEHOLD_LINKS.append(callback)


def household_links_of(user: User) -> list[HouseholdLink]:
    """The households the person is an active member of, oldest first."""
    return [link for callback in _HOUSEHOLD_LINKS for link in callback(user)]
