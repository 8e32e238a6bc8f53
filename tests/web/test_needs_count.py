"""The count on the "Needs you" tab is the number of lines the Needs-you page lists, in
households of many shapes; and what waits on a member is the same whether the week is read
for them alone (the count on any page) or from the household's whole schedule (the week page,
or while someone is away)."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evenly.cards.services import card_owner_rule_set
from evenly.deals.services import deal_accept, deal_propose
from evenly.households.models import Member
from evenly.households.services import invitation_create
from evenly.pages.needs import needs_count, needs_for
from evenly.week.selectors import Due, due_for, shared_schedule, waiting_on
from evenly.week.services import (
    away_create,
    cover_take,
    entry_mark_done,
    occurrence_move,
    occurrence_skip,
)
from tests.conftest import Home


def _redeal(home: Home) -> None:
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)


def _history(home: Home, days: int = 20) -> None:
    home.household.created_at -= timedelta(days=days)
    home.household.save(update_fields=["created_at"])


def _past(home: Home, member: object) -> list[Due]:
    today = home.household.today()
    return due_for(
        household=home.household, member=member, start=today - timedelta(days=12), end=today
    )


def _try(action: Callable[[], object]) -> None:
    # A shape the rules refuse (moved too far, already done) leaves the household as it is.
    with suppress(ValidationError):
        action()


def _fresh(home: Home) -> None:
    """No deal yet, ratings to finish."""


def _dealt(home: Home) -> None:
    """A deal in force from today."""


def _lived_in(home: Home) -> None:
    """Three weeks of a deal: some occurrences done (by their holder or for them), some
    skipped, some moved ahead; a rotation taken in turns."""
    card_owner_rule_set(
        card=home.household.cards.get(name="Laundry"),
        locked_to=None,
        rotation=[home.owner, home.partner],
    )
    _redeal(home)
    _history(home)
    today = home.household.today()
    for member in (home.owner, home.partner):
        for k, due in enumerate(_past(home, member)):
            if k % 3 == 0:
                _try(lambda d=due, m=member: entry_mark_done(member=m, card=d.card, due_on=d.on))
            elif k % 5 == 1:
                _try(lambda d=due, m=member: occurrence_skip(member=m, card=d.card, due_on=d.on))
            elif k % 7 == 2 and due.on < today:
                _try(
                    lambda d=due, m=member: occurrence_move(
                        member=m, card=d.card, due_on=d.on, to=today + timedelta(days=2)
                    )
                )


def _moved_to_today(home: Home) -> None:
    """Yesterday's occurrences moved to today, and one done early for tomorrow."""
    _history(home, 5)
    today = home.household.today()
    for member in (home.owner, home.partner):
        for due in _past(home, member):
            if due.on == today - timedelta(days=1):
                _try(
                    lambda d=due, m=member: occurrence_move(
                        member=m, card=d.card, due_on=d.on, to=today
                    )
                )


def _someone_away(home: Home) -> None:
    """The partner is away this week: cover is asked for, and one occurrence is covered."""
    _history(home, 10)
    today = home.household.today()
    away_create(
        member=home.partner, starts_on=today, ends_on=today + timedelta(days=3), reason="travel"
    )
    mine = due_for(household=home.household, member=home.partner, start=today, end=today)
    if mine:
        cover_take(member=home.owner, card=mine[0].card, due_on=mine[0].on)


def _proposal_and_invitation(home: Home) -> None:
    """A newer deal waits for the partner's yes; the owner's invitation is still open."""
    _history(home, 8)
    deal_propose(household=home.household, member=home.owner)
    invitation_create(household=home.household, member=home.owner)


SHAPES = [_fresh, _dealt, _lived_in, _moved_to_today, _someone_away, _proposal_and_invitation]


def _tab_count(html: str) -> int:
    found = re.search(r'<span class="count" aria-hidden="true">(\d+)</span></a>', html)
    return int(found.group(1)) if found else 0


def _keys(dues: list[Due]) -> list[tuple[int, date, date]]:
    return [(d.card.pk, d.on, d.due_on) for d in dues]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda f: f.__name__.strip("_"))
def test_the_count_is_the_number_of_lines_listed(
    db: None, request: pytest.FixtureRequest, shape: Callable[[Home], None]
) -> None:
    home: Home = request.getfixturevalue("home" if shape is _fresh else "rated_and_dealt")
    shape(home)
    today = home.household.today()
    for stale, client in ((home.owner, home.owner_client), (home.partner, home.partner_client)):
        member = Member.objects.select_related("household").get(pk=stale.pk)  # as a page reads
        listed = needs_for(member, today=today)
        assert needs_count(member, today=today, kept=False) == len(listed)
        # What waits on the member alone is what the household's schedule says waits on them.
        alone = waiting_on(household=member.household, member=member, today=today)
        with shared_schedule():
            shared = waiting_on(household=member.household, member=member, today=today)
        assert _keys(alone.overdue) == _keys(shared.overdue)
        assert _keys(alone.today) == _keys(shared.today)
        # The tab on any page says as many as the Needs-you page lists.
        for name in ("week", "cards"):
            html = client.get(reverse(name, args=[home.household.pk])).content.decode()
            assert _tab_count(html) == len(listed), name
        page = client.get(reverse("needs", args=[home.household.pk])).content.decode()
        assert _tab_count(page) == len(listed)
        for need in listed:
            assert need.url in page
