"""What of the week waits on a member ("Needs you"): their cards overdue or due today, and the
cards of someone away that nobody covers yet. Registered in ``apps.WeekConfig.ready``."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evenly.core.schedule import week_of
from evenly.households.models import Member
from evenly.pages.needs import Need
from evenly.week.models import Away
from evenly.week.selectors import Due, cover_offers, shared_schedule, waiting_on


def _when(due: Due) -> str:
    return _(" at %(time)s") % {"time": f"{due.at:%H:%M}"} if due.at is not None else ""


def _day(on: date) -> str:
    """ "Thursday 26 November", in the page's language."""
    return date_format(on, _("l j F"))


def week_needs(member: Member, today: date) -> list[Need]:
    """Read only, in a fixed number of queries: the member's undone cards (at most one overdue
    per card) and the week's cover requests; every link goes to the week page."""
    household = member.household
    url = reverse("week", args=[household.pk])
    end = week_of(today)[1]
    # Cover is asked for only while someone else is away: one query tells whether anyone is.
    someone_away = (
        Away.objects.for_household(household)
        .filter(starts_on__lte=end, ends_on__gte=today)
        .exclude(member=member)
        .exists()
    )
    # While someone is away the cover asked for is read from the same schedule as the member's
    # own cards (this only reads); otherwise only the member's own cards are read.
    with shared_schedule() if someone_away else nullcontext():
        waiting = waiting_on(household=household, member=member, today=today)
        offers = (
            cover_offers(household=household, member=member, start=today, end=end)
            if someone_away
            else []
        )
    found = [
        Need(
            kind="card",
            key=f"card:{due.card.pk}:{due.on.isoformat()}",
            title=_("%(card)s, due %(day)s%(when)s")
            % {"card": due.card.name, "day": _day(due.on), "when": _when(due)},
            url=url,
            on=due.on,
            overdue=True,
        )
        for due in waiting.overdue
    ]
    found += [
        Need(
            kind="card",
            key=f"card:{due.card.pk}:{due.on.isoformat()}",
            title=_("%(card)s, today%(when)s") % {"card": due.card.name, "when": _when(due)},
            url=url,
            on=due.on,
        )
        for due in waiting.today
    ]
    found += [
        Need(
            kind="cover",
            key=f"cover:{due.card.pk}:{due.on.isoformat()}",
            title=(
                _("Cover %(card)s on %(day)s: %(owner)s is away")
                % {
                    "card": due.card.name,
                    "day": _day(due.on),
                    "owner": due.owner.display_name if due.owner else _("its owner"),
                }
            ),
            url=f"{url}#offers-h",
            on=due.on,
        )
        for due in offers
    ]
    return found
