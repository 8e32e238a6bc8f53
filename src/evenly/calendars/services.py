"""Writes for calendar feeds: make or replace a member's feed link, revoke it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from evenly.calendars.models import Feed
from evenly.calendars.tokens import new_seed, token_from, token_hash
from evenly.households.models import Member


@dataclass(frozen=True)
class NewFeed:
    feed: Feed
    token: str


@transaction.atomic
def feed_create(*, member: Member, kind: str) -> NewFeed:
    """A new feed link of ``kind`` for the member; an earlier link of that kind stops working."""
    if kind not in Feed.Kind.values:
        raise ValueError(f"Unknown calendar feed kind: {kind!r}")
    if not member.is_active:
        raise ValueError("A member who has left has no calendar feed.")
    Feed.objects.filter(member=member, kind=kind).delete()
    seed = new_seed()
    token = token_from(seed)
    feed = Feed.objects.create(
        household_id=member.household_id,
        member=member,
        kind=kind,
        seed=seed,
        token_hash=token_hash(token),
    )
    return NewFeed(feed=feed, token=token)


@transaction.atomic
def feed_revoke(*, member: Member, kind: str) -> bool:
    """Stop the member's feed link of ``kind``; False when there was none."""
    deleted, _ = Feed.objects.filter(member=member, kind=kind).delete()
    return deleted > 0


def feeds_revoke_for_leaver(member: Member) -> None:
    """``households.hooks.on_member_leave``: a member who leaves keeps no working feed."""
    Feed.objects.filter(member=member).delete()
