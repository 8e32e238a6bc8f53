"""What of the household waits on a member ("Needs you"): an invitation they made that nobody
has used yet, or nobody to share the work with. Registered in ``apps.HouseholdsConfig.ready``."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from evenly.households.models import Member
from evenly.households.selectors import invitations_open
from evenly.pages.needs import Need


def household_needs(member: Member, today: date) -> list[Need]:
    """Invitations are links, addressed to nobody: what waits on the member who made one is to
    share it (or revoke it). A member alone in the household is asked to invite someone.
    Two queries."""
    household = member.household
    url = reverse("members", args=[household.pk])
    mine = list(
        invitations_open(household=household)
        .filter(created_by=member)
        .order_by("-created_at")
        .values_list("pk", flat=True)
    )
    if mine:
        return [
            Need(
                kind="invitation",
                key=f"invitation:{mine[0]}",
                title=ngettext(
                    "Your invitation is still open — share it or revoke it",
                    "Your %(count)s invitations are still open — share them or revoke them",
                    len(mine),
                )
                % {"count": len(mine)},
                url=url,
            )
        ]
    if household.members.current().count() < 2:
        return [
            Need(
                kind="invite",
                key=f"invite:{household.pk}:{member.pk}",
                title=gettext("You are on your own here: invite your partner to share the work"),
                url=url,
            )
        ]
    return []
