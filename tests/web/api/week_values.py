"""Occurrences of the dealt household for the week's API tests: which card on which day is
Robin's or Sam's depends on today's date, so they are read from the schedule, never guessed.

Under the fixture's deal Sam cooks dinner every day and Robin holds the weekly cards; Laundry
is left alone (the walk changes who holds it and removes it)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from evenly.week import selectors, services
from evenly.week.models import Away
from tests.conftest import Home


def occurrences(home: Home, *, weeks: int = 6) -> tuple[list[Any], list[Any]]:
    """Robin's open occurrences (not Laundry) and Sam's, from today on."""
    household = home.household
    today = household.today()
    dues = selectors.schedule(household=household, start=today, end=today + timedelta(weeks=weeks))
    robins = [d for d in dues if d.holder == home.owner and d.card.name != "Laundry" and d.open]
    sams = [d for d in dues if d.holder == home.partner and d.open]
    return robins, sams


def body(due: Any) -> dict[str, Any]:
    return {"card": due.card.pk, "due_on": due.due_on.isoformat()}


def week_values(home: Home) -> dict[str, Any]:
    """Bodies and ids for each of the week's operations, each on its own occurrence; an entry,
    a skip, Robin's time away and Sam's (with a dinner to cover) made beforehand."""
    today = home.household.today()
    tomorrow = today + timedelta(days=1)
    robins, sams = occurrences(home)
    snooze = next(d for d in robins if d.on != tomorrow and d.due_on <= today + timedelta(days=7))
    done, skip, move, undone, unskipped = [d for d in robins if d is not snooze][:5]
    for_sam, cover = sams[0], sams[1]
    entry = services.entry_mark_done(member=home.owner, card=undone.card, due_on=undone.due_on)
    change = services.occurrence_skip(
        member=home.owner, card=unskipped.card, due_on=unskipped.due_on
    )
    logged = services.entry_log(
        member=home.owner, kind="noticed", minutes=entry.minutes, done_on=today, title="Bins full"
    )
    away = services.away_create(
        member=home.owner,
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=61),
        reason=Away.Reason.TRAVEL,
    )
    services.away_create(
        member=home.partner, starts_on=cover.on, ends_on=cover.on, reason=Away.Reason.ILLNESS
    )
    return {
        "today": today.isoformat(),
        "in_a_month": (today + timedelta(days=30)).isoformat(),
        "done": body(done),
        "skip": body(skip),
        "snooze": body(snooze),
        "move": body(move) | {"to": (move.on + timedelta(days=1)).isoformat()},
        "for_sam": body(for_sam),
        "cover": body(cover),
        "entry": entry.pk,
        "change": change.pk,
        "logged": logged.pk,
        "away": away.pk,
    }
