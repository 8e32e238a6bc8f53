"""What of the balance waits on a member ("Needs you"): the re-deal the Balance page offers
when someone has drifted from the deal. Registered in ``apps.InsightConfig.ready``."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from evenly.deals.models import Deal
from evenly.households.models import Member
from evenly.insight.selectors import drift_window, drifting_now
from evenly.pages.needs import Need


def redeal_needs(member: Member, today: date) -> list[Need]:
    """The same drift as the Balance page (``selectors.drifting_now``), only while a deal is in
    force and no newer one is proposed (then the deal itself waits on a yes). One query when
    there is nothing to judge, a constant few when there is."""
    household = member.household
    statuses = set(
        household.deals.filter(status__in=(Deal.Status.ACTIVE, Deal.Status.PROPOSED)).values_list(
            "status", flat=True
        )
    )
    if statuses != {Deal.Status.ACTIVE}:
        return []
    if not drifting_now(household=household, today=today):
        return []
    _, end = drift_window(household=household, today=today)
    weeks = household.drift_weeks
    return [
        Need(
            kind="redeal",
            key=f"redeal:{household.pk}:{end.isoformat()}",
            title=gettext(
                "The work has drifted from the deal for %(weeks)s weeks: "
                "look at the balance and ask for a re-deal if it helps"
            )
            % {"weeks": weeks},
            url=reverse("balance", args=[household.pk]) + "#drift-h",
        )
    ]
