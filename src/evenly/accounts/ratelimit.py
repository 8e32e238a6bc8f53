"""Rate limits counted in the database, so every web worker shares them.

A limit is a name from ``settings.RATE_LIMITS`` (how many per ``settings.RATE_LIMIT_WINDOW``)
and a subject (an address, an IP, a user id). Subjects are stored only as a hash. Old windows
are purged whenever a counter is written.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from evenly.accounts.models import RateCounter


@dataclass(frozen=True)
class Blocked:
    limit: str
    retry_minutes: int


def _window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def _key(limit: str, subject: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{limit}:{subject}".encode()).hexdigest()
    return f"{limit[:30]}:{digest[:40]}"


def rate_hit(*, limit: str, subject: str) -> Blocked | None:
    """Count one use of ``limit`` by ``subject``; None if allowed, else how long to wait.

    A refused use is not counted, so waiting out the window always helps.
    """
    allowed = settings.RATE_LIMITS[limit]
    window: timedelta = settings.RATE_LIMIT_WINDOW
    now = timezone.now()
    start = _window_start(now, window)
    key = _key(limit, subject)
    with transaction.atomic():
        RateCounter.objects.filter(window_start__lt=start - window).delete()
        counter = RateCounter.objects.select_for_update().filter(key=key, window_start=start)
        row = counter.first()
        if row is None:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window_start=start, count=0)
            except IntegrityError:  # another worker created it a moment ago
                pass
            row = counter.get()
        if row.count >= allowed:
            wait = (start + window - now).total_seconds()
            return Blocked(limit=limit, retry_minutes=max(1, math.ceil(wait / 60)))
        counter.update(count=F("count") + 1)
    return None


def rate_check(*, hits: list[tuple[str, str]]) -> Blocked | None:
    """Count each (limit, subject) in turn; the first that is over its limit stops the rest."""
    for limit, subject in hits:
        blocked = rate_hit(limit=limit, subject=subject)
        if blocked is not None:
            return blocked
    return None


def too_many(request: HttpRequest, blocked: Blocked) -> HttpResponse:
    """The page a person sees over a limit: what happened and how long to wait, as a 429."""
    return render(
        request,
        "accounts/too_many.html",
        {"minutes": blocked.retry_minutes},
        status=429,
    )
