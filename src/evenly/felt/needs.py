"""What of the monthly check waits on a member ("Needs you"): this month's check, while it is
on and they have not answered. Registered in ``apps.FeltConfig.ready``."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from evenly.core.felt import month_of
from evenly.felt.models import FeltAnswer
from evenly.felt.services import is_on
from evenly.households.models import Member
from evenly.pages.needs import Need


def felt_needs(member: Member, today: date) -> list[Need]:
    """In two queries: nothing while the check is off or once the member answered this
    month; else this month's check."""
    household = member.household
    if not is_on(household):
        return []
    month = month_of(today)
    if FeltAnswer.objects.filter(household=household, member=member, month=month).exists():
        return []
    return [
        Need(
            kind="felt",
            key=f"felt:{household.pk}:{month:%Y-%m}",
            title=gettext("This month's check: how fair it feels (two minutes)"),
            url=reverse("felt", args=[household.pk]),
        )
    ]
