"""What of the cards waits on a member ("Needs you"): cards they have not rated yet.
Registered in ``apps.CardsConfig.ready``."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import ngettext

from evenly.households.models import Member
from evenly.pages.needs import Need


def rating_needs(member: Member, today: date) -> list[Need]:
    """One line while the member has cards to rate (one query). Its key names the household's
    newest card, so a card added later makes a new reminder, and rating one does not."""
    cards = member.household.cards.aggregate(
        total=Count("pk", distinct=True),
        rated=Count("ratings", filter=Q(ratings__member=member)),
        newest=Max("pk"),
    )
    n = cards["total"] - cards["rated"]
    if n <= 0:
        return []
    return [
        Need(
            kind="ratings",
            key=f"ratings:{member.pk}:{cards['newest']}",
            title=ngettext(
                "Rate %(n)s card: only you see your answers until everyone has rated",
                "Rate %(n)s cards: only you see your answers until everyone has rated",
                n,
            )
            % {"n": n},
            url=reverse("rate", args=[member.household_id]),
        )
    ]
