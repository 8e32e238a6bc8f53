"""What of the weekly check-in waits on a member ("Needs you"): the check-in due today, or open
and not yet closed by them. Registered in ``apps.CheckinsConfig.ready``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from evenly.checkins.models import CheckinClose, CheckinPlan
from evenly.core.checkin import next_opening
from evenly.households.models import Member
from evenly.pages.needs import Need


def checkin_needs(member: Member, today: date) -> list[Need]:
    """Read only, in at most four queries. The check-in calendar says when it is due: the
    household's plan, moved on by ``core.checkin.next_opening`` after the last one held."""
    household = member.household
    plan = CheckinPlan.objects.for_household(household).first()
    if plan is None or household.members.current().count() < 2:
        return []
    zone = household.zone
    current = (
        household.checkins.filter(closed_at__isnull=True)
        .annotate(mine=Exists(CheckinClose.objects.filter(checkin=OuterRef("pk"), member=member)))
        .first()
    )
    url = reverse("talk", args=[household.pk])
    if current is not None:
        if current.mine:
            return []
        opens = current.opens_at.astimezone(zone)
        if current.opens_at <= timezone.now():
            url = reverse("checkin_together", args=[household.pk, current.pk])
    else:
        last = (
            household.checkins.filter(closed_at__isnull=False)
            .order_by("-opens_at")
            .values_list("opens_at", flat=True)
            .first()
        )
        # From the start of ``today`` (a reminder may ask about a morning ahead), but never
        # before now: a time already past today is next week's, as the Talk page will say.
        day_starts = datetime.combine(today, time.min, tzinfo=zone) - timedelta(microseconds=1)
        opens = next_opening(
            weekday=plan.weekday,
            at=plan.at,
            zone=zone,
            now=max(day_starts, timezone.now()),
            last_opened=last,
        )
    on = opens.date()
    if on > today:
        return []
    title = (
        gettext("The weekly check-in, today at %(time)s") % {"time": date_format(opens, "H:i")}
        if on == today
        else gettext("The weekly check-in of %(day)s is still open")
        % {"day": date_format(on, gettext("l j F"))}
    )
    return [
        Need(
            kind="checkin",
            key=f"checkin:{household.pk}:{on.isoformat()}",
            title=title,
            url=url,
            on=on,
            overdue=on < today,
        )
    ]
