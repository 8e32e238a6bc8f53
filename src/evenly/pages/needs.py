"""What waits on one person ("Needs you"): each app above the page kit says what of its own
waits on a member, without the page kit (or any app below) importing it. The Needs-you page,
the count on its tab and the reminders all read this one list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from evenly.pages.kept import revision_key


@dataclass(frozen=True)
class Need:
    """One thing waiting on a member, in household words and free of private text.

    ``key`` names it stably ("card:12:2026-12-01", "checkin:3:2026-W49") so a reminder about it
    is sent once; ``url`` is the page where it is done; ``on`` is the day it fell due, if any.
    """

    kind: str
    key: str
    title: str
    url: str
    on: date | None = None
    overdue: bool = False


# A provider only reads: it answers for (member, today) and never writes.
NeedProvider = Callable[[Any, date], list[Need]]
_need_providers: list[NeedProvider] = []
# Providers whose answer depends on nothing but the household's rows and the day (never on the
# time of day): their count on the tab is kept per household revision (see ``needs_count``).
_follow_revision: set[NeedProvider] = set()
# How long a kept count may be served: the revision moves with every form sent to a household
# page, every API write and the background jobs, so this only bounds how long a change made
# some other way (the command line, the admin) takes to show on the tab.
COUNT_SECONDS = 60


def need_provider(provider: NeedProvider, *, follows_revision: bool = False) -> NeedProvider:
    """Register ``provider`` once (registering it again changes nothing). With
    ``follows_revision`` its answer changes only when the household's revision or the day
    does, so the tab's count of it may be kept between pages."""
    if provider not in _need_providers:
        _need_providers.append(provider)
    if follows_revision:
        _follow_revision.add(provider)
    return provider


def _key(member: Any, today: date, what: str) -> str:
    return revision_key(f"evenly:{what}", member.household, member.pk, today.isoformat())


def needs_for(member: Any, *, today: date, kept: bool = False) -> list[Need]:
    """Everything waiting on ``member`` today, overdue first, then by day, in provider order.

    With ``kept`` (the Needs-you page asked for with GET) what the providers that follow the
    household's revision answer is kept per revision, day, member and language (their titles
    are in the reader's language), and their count with it for the tab (``needs_count``); the
    others are asked every time."""
    if not kept:
        found = [need for provider in _need_providers for need in provider(member, today)]
        return sorted(found, key=lambda n: (not n.overdue, n.on or today))
    key = f"{_key(member, today, 'needs-list')}:{get_language()}"
    follow = [p for p in _need_providers if p in _follow_revision]
    answers: list[list[Need]] | None = cache.get(key)
    if answers is None or len(answers) != len(follow):
        answers = [p(member, today) for p in follow]
        cache.set(key, answers, COUNT_SECONDS)
        cache.set(_key(member, today, "needs"), sum(len(a) for a in answers), COUNT_SECONDS)
    followed = iter(answers)
    found = [
        need
        for provider in _need_providers
        for need in (next(followed) if provider in _follow_revision else provider(member, today))
    ]
    return sorted(found, key=lambda n: (not n.overdue, n.on or today))


def needs_count(member: Any, *, today: date, kept: bool = True) -> int:
    """How many needs wait on ``member`` today: ``len(needs_for(...))``, for the tab drawn on
    every household page. What the providers that follow the household's revision count (this
    week's cards: the whole schedule; the drift from the deal; ratings, the proposal, the
    perception check) is kept once per revision and day, under one key; the others, which may
    turn with the clock (a check-in's hour, an invitation's expiry), are asked every time.
    Without ``kept`` every provider is asked, and nothing kept."""
    follow = [p for p in _need_providers if p in _follow_revision]
    total = sum(len(p(member, today)) for p in _need_providers if p not in _follow_revision)
    if not follow:
        return total
    key = _key(member, today, "needs")
    count = cache.get(key) if kept else None
    if count is None:
        count = sum(len(p(member, today)) for p in follow)
        if kept:
            cache.set(key, count, COUNT_SECONDS)
    return total + int(count)
