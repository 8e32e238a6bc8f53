"""What of the cards waits on a member ("Needs you"): cards they have not rated yet.
Registered in ``apps.CardsConfig.ready``."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max
from django.urls import reverse

from evenly.households.models import Member
from evenly.pages.needs import Need


def rating_needs(member: Member, today: date) -> list[Need]:
    """One line while the member has cards to rate (one query). Its key names the newest card
    still unrated, so a card added later makes a new reminder, and rating one does not."""
    left = member.household.cards.exclude(ratings__member=member).aggregate(
        n=Count("pk"), newest=Max("pk")
    )
    n = left["n"]
    if not n:
        return []
    return [
        Need(
            kind="ratings",
            key=f"ratings:{member.pk}:{left['newest']}",
            title=f"Rate {n} card{'s' if n != 1 else ''}: only you see your answers until "
            "everyone has rated",
            url=reverse("rate", args=[member.household_id]),
        )
    ]
