"""What a member keeps to themselves, and when the others see it: the one place for both rules.

Two kinds of private things exist in Evenly:

- **Sealed answers**: everyone answers the same question privately (a rating of every card,
  the monthly perception guess, the values card). Nobody reads anyone else's answer until every
  current member has answered; then all current members' answers open together. The author
  always sees their own. ``Seal`` holds the rule; a member who has left is not counted and
  their answer never opens.
- **Shared by its author**: a check-in item, an aspiration, a note of outside pressure is the
  author's alone until they press *Share*. ``SharedByAuthorQuerySet.visible_to`` is the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Self, TypeVar

from django.db import models
from django.db.models import Q

from evenly.households.models import HouseholdQuerySet, Member

_M = TypeVar("_M", bound=models.Model)


@dataclass(frozen=True)
class Seal:
    """Answers that stay sealed until every current member has given theirs.

    ``members`` are the current members' ids, ``answered`` the ids of those who have answered
    (anyone else in it, such as a member who left, is ignored). ``at_least`` is how many current
    members there must be before anything opens: 2 for ratings, which have nobody to compare
    with in a household of one.
    """

    members: frozenset[int]
    answered: frozenset[int]
    at_least: int = 1

    @classmethod
    def of(cls, *, members: Iterable[int], answered: Iterable[int], at_least: int = 1) -> Seal:
        return cls(frozenset(members), frozenset(answered), at_least)

    @property
    def is_open(self) -> bool:
        """Every current member has answered (and there are at least ``at_least`` of them)."""
        return len(self.members) >= self.at_least and self.members <= self.answered

    @property
    def waiting(self) -> frozenset[int]:
        """The current members still to answer."""
        return self.members - self.answered

    def visible(self, *, author: int, viewer: int) -> bool:
        """May ``viewer`` read ``author``'s answer? Their own, always; a current member's once
        the seal is open; a former member's, never to anyone else."""
        if author == viewer:
            return True
        return self.is_open and author in self.members and viewer in self.members

    def readable(self, viewer: int) -> frozenset[int]:
        """Whose answers ``viewer`` may read (only those who have answered)."""
        return frozenset(
            a for a in self.answered | {viewer} if self.visible(author=a, viewer=viewer)
        )


def everyone_answered(
    *, members: Iterable[int], answered: Iterable[int], at_least: int = 1
) -> bool:
    """The seal's rule on its own: every current member has answered."""
    return Seal.of(members=members, answered=answered, at_least=at_least).is_open


class SharedByAuthorQuerySet(HouseholdQuerySet[_M]):
    """Rows private to their author until the author shares them (``shared_at`` is set)."""

    author_path: ClassVar[str] = "author"

    def visible_to(self, member: Member) -> Self:
        """What ``member`` may read in their household: their own, and what others shared."""
        return self.for_household(member.household_id).filter(
            Q(**{self.author_path: member}) | Q(shared_at__isnull=False)
        )
