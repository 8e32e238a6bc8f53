"""What of the deal waits on a member ("Needs you"): a proposed deal they have not accepted.
Registered in ``apps.DealsConfig.ready``."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from evenly.deals.models import Deal
from evenly.households.models import Member
from evenly.pages.needs import Need


def deal_needs(member: Member, today: date) -> list[Need]:
    """The proposal waiting for everyone's yes, while this member's yes is missing (one query)."""
    deal = (
        member.household.deals.filter(status=Deal.Status.PROPOSED)
        .exclude(acceptances__member=member)
        .order_by("-version")
        .first()
    )
    if deal is None:
        return []
    return [
        Need(
            kind="deal",
            key=f"deal:{deal.pk}",
            title=_("Deal version %(version)s waits for your yes") % {"version": deal.version},
            url=reverse("deal", args=[member.household_id]),
        )
    ]
