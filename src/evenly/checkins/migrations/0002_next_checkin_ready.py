"""Every household with a check-in schedule and no open check-in gets its next one ready, as
closing a check-in now does: the Talk page only reads it (a GET never writes)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

from evenly.core.checkin import next_opening


def next_ready(apps: Any, schema_editor: Any) -> None:
    CheckinPlan = apps.get_model("checkins", "CheckinPlan")
    Checkin = apps.get_model("checkins", "Checkin")
    now = timezone.now()
    for plan in CheckinPlan.objects.select_related("household"):
        household = plan.household
        if Checkin.objects.filter(household=household, closed_at__isnull=True).exists():
            continue
        last = (
            Checkin.objects.filter(household=household, closed_at__isnull=False)
            .order_by("-opens_at")
            .first()
        )
        Checkin.objects.create(
            household=household,
            opens_at=next_opening(
                weekday=plan.weekday,
                at=plan.at,
                zone=ZoneInfo(household.time_zone),
                now=now,
                last_opened=last.opens_at if last else None,
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("checkins", "0001_initial")]

    operations = [migrations.RunPython(next_ready, migrations.RunPython.noop)]
