"""Write down, for every existing card, the days it falls on today, so nothing moves.

Cards whose days a fixed choice reproduces exactly get it: "weekly", "N per week" (N up to 7)
and "every 7 days" their days of the week; "fortnightly", "every N weeks" and "every 7N days"
their one day of the week (counted from the same week). All others keep Evenly's spread
(``Timing()``, no days chosen): "daily", "weekdays", "weekends" (their days are implied),
monthly cadences (spread every 52/12 weeks, which no day of the month reproduces), "N per
month", "N per year", "yearly", "every N days" otherwise, and more than 7 a week. A card in
the deal in force under a different cadence than its own also keeps the spread: the deal's
cadence places it until the next deal, and a timing worked out from the card's would move it.
"""

import zoneinfo

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from evenly.core.cadence import parse_cadence
from evenly.core.schedule import timing_keeping_days


def _text(cadence: str) -> str | None:
    try:
        return parse_cadence(cadence, clamp=True).text
    except ValueError:
        return None


def keep_days(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    Card = apps.get_model("cards", "Card")
    DealCard = apps.get_model("deals", "DealCard")
    in_force = {
        card_id: cadence
        for card_id, cadence in DealCard.objects.filter(
            deal__status="active", card__isnull=False
        ).values_list("card_id", "cadence")
    }
    for card in Card.objects.select_related("household").filter(
        weekdays=0, month_day__isnull=True, any_day=False
    ):
        text = _text(card.cadence)
        if text is None or (card.pk in in_force and _text(in_force[card.pk]) != text):
            continue
        household = card.household
        anchor = household.created_at.astimezone(zoneinfo.ZoneInfo(household.time_zone)).date()
        timing = timing_keeping_days(text, anchor=anchor, salt=card.pk)
        if timing.weekdays:
            card.weekdays = sum(1 << d for d in timing.weekdays)
            card.save(update_fields=["weekdays"])


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0003_card_timing"),
        ("deals", "0001_initial"),
    ]

    operations = [migrations.RunPython(keep_days, migrations.RunPython.noop)]
