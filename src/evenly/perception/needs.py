"""What of the perception check waits on a member ("Needs you"): this month's check, not yet
answered by them. Registered in ``apps.PerceptionConfig.ready``."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext

from evenly.core.felt import month_of
from evenly.deals.models import Deal
from evenly.households.models import Member
from evenly.pages.needs import Need
from evenly.perception.models import Estimate, Round


def perception_needs(member: Member, today: date) -> list[Need]:
    """In three queries at most: nothing before a deal is in force (there is no work of the
    deal to guess a share of) or in a household of one (nobody to compare with); nothing once
    the member has answered this month's check or it has closed; else the check to answer, or
    to start when nobody has yet this month."""
    household = member.household
    if not household.deals.filter(status=Deal.Status.ACTIVE).exists():
        return []
    if household.members.current().count() < 2:
        return []
    month = month_of(today)
    found = (
        Round.objects.for_household(household)
        .filter(month=month)
        .annotate(answered=Exists(Estimate.objects.filter(round=OuterRef("pk"), member=member)))
        .first()
    )
    if found is not None and (found.answered or not found.is_open):
        return []
    return [
        Need(
            kind="perception",
            key=f"perception:{household.pk}:{month:%Y-%m}",
            title=gettext("Answer %(month)s's perception check (two numbers, a minute)")
            % {"month": date_format(month, "F")},
            url=reverse("perception", args=[household.pk]),
        )
    ]
