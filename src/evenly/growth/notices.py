"""What Grow says on every household page, and what it does when a deal changes status.

Both are wired in ``apps.GrowthConfig.ready``: the notice through the page kit's registry, the
receiver through the deals app's signal, so no app below Grow imports it.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from evenly.accounts.http import safe_next
from evenly.growth import selectors, services
from evenly.households.models import Household, Member
from evenly.pages import Notice
from evenly.pages.kept import KEPT_SECONDS, revision_key


def _due(request: HttpRequest, household: Household) -> list[selectors.CatchUpDue]:
    # Asked on every household page, and it changes only with the household's rows and the day:
    # kept per revision, day and language (its sentences are in the reader's language), on GET
    # only, like the kept parts of pages.
    if request.method not in ("GET", "HEAD"):
        return selectors.catch_up_due(household=household)
    key = revision_key("evenly:catch-up", household, household.today().isoformat(), get_language())
    sentences: list[str] | None = cache.get(key)
    if sentences is None:
        sentences = [d.sentence for d in selectors.catch_up_due(household=household)]
        cache.set(key, sentences, KEPT_SECONDS)
    return [selectors.CatchUpDue(s) for s in sentences]


def catch_up_notice(request: HttpRequest, member: Member) -> list[Notice]:
    """A handover or life change has reached its date (or its deal was settled): say so, with a
    button that brings it up to date. Read only."""
    due = _due(request, member.household)
    if not due:
        return []
    return [
        Notice(
            "growth/_catch_up_notice.html",
            {"due": due, "next": safe_next(request, request.get_full_path())},
        )
    ]


def follow_deals(sender: Any, *, household: Household, **kwargs: Any) -> None:
    """A deal came into force or was withdrawn: handovers and life changes follow at once."""
    services.growth_follow_deals(household=household)


def take_solved_deal(
    sender: Any, *, household: Household, solve: Any, deal: Any, **kwargs: Any
) -> None:
    """The worker kept a deal a handover or life change asked for: it takes it at once."""
    services.growth_solve_done(household=household, solve=solve, deal=deal)
