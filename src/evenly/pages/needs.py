"""What waits on one person ("Needs you"): each app above the page kit says what of its own
waits on a member, without the page kit (or any app below) importing it. The Needs-you page,
the count on its tab and the reminders all read this one list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


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


def need_provider(provider: NeedProvider) -> NeedProvider:
    """Register ``provider`` once (registering it again changes nothing)."""
    if provider not in _need_providers:
        _need_providers.append(provider)
    return provider


def needs_for(member: Any, *, today: date) -> list[Need]:
    """Everything waiting on ``member`` today, overdue first, then by day, in provider order."""
    found = [need for provider in _need_providers for need in provider(member, today)]
    return sorted(found, key=lambda n: (not n.overdue, n.on or today))
