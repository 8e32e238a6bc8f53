"""What Grow says on every household page, and what it does when a deal changes status.

Both are wired in ``apps.GrowthConfig.ready``: the notice through the page kit's registry, the
receiver through the deals app's signal, so no app below Grow imports it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from evenly.accounts.http import safe_next
from evenly.growth import selectors, services
from evenly.households.models import Household, Member
from evenly.pages import Notice


def catch_up_notice(request: HttpRequest, member: Member) -> list[Notice]:
    """A handover or life change has reached its date (or its deal was settled): say so, with a
    button that brings it up to date. Read only."""
    due = selectors.catch_up_due(household=member.household)
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
