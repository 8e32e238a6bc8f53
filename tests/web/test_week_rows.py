"""The rows of this week's sections (``{% act_row %}``): each open row's forms, addresses and
labels, the done, skipped and moved rows with their undo, what someone typed shown escaped, and
the same rows in German."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from django.template import Context
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from evenly.cards.models import Card
from evenly.cards.services import card_owner_rule_set, card_timing_set
from evenly.core import bounds
from evenly.core.schedule import Timing, week_of
from evenly.deals.services import deal_accept, deal_propose
from evenly.households.models import Household
from evenly.week import services
from evenly.week.selectors import schedule
from evenly.week.templatetags import week_rows
from tests.conftest import Home


@pytest.fixture
def robin_cooks(rated_and_dealt: Home) -> Home:
    """Cooking dinner (daily, 45 min) is Robin's, in a household counting for ten days (so
    yesterday's dinner is overdue)."""
    home = rated_and_dealt
    Household.objects.filter(pk=home.household.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    for h in (home.household, home.owner.household, home.partner.household):
        h.refresh_from_db()
    card_owner_rule_set(card=_dinner(home), locked_to=home.owner, rotation=[])
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    return home


def _dinner(home: Home) -> Card:
    return home.household.cards.get(name="Cooking dinner")


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _row(html: str, card: Card, due_on: date) -> str:
    """The ``<li>`` of one occurrence, named by its card and the day it was due."""
    start = html.index(f'<li class="act-row" id="row-{card.pk}-{due_on:%Y%m%d}"')
    return html[start : html.index("</li>", start)]


def _week(client: Client, home: Home, language: str = "en") -> str:
    response = client.get(_url(home, "week"), headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_an_open_row_names_its_occurrence_in_every_form(robin_cooks: Home) -> None:
    home, dinner = robin_cooks, _dinner(robin_cooks)
    today = home.household.today()
    tomorrow, sunday = today + timedelta(days=1), week_of(today)[1]
    html = _week(home.owner_client, home)
    row = _row(html, dinner, today)
    assert "evenly-csrf" not in html  # the kept part's mark gives way to the reader's token
    # Done, snooze, move and skip: each form posts the occurrence with the reader's token.
    for name in ("week_done", "week_snooze", "week_move", "week_skip"):
        assert f'action="{_url(home, name)}" hx-post="{_url(home, name)}"' in row
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', row)
    assert len(tokens) == 4 and all(len(t) == 64 for t in tokens)
    assert row.count(f'<input type="hidden" name="card" value="{dinner.pk}">') == 4
    assert row.count(f'<input type="hidden" name="due_on" value="{today.isoformat()}">') == 4
    assert f'id="act-{dinner.pk}-{today:%Y%m%d}" aria-label="Done: Cooking dinner">Done<' in row
    assert f'value="45" min="0.01" max="{bounds.MAX_MINUTES}"' in row
    assert 'aria-label="Minutes for Cooking dinner"' in row
    assert (
        f'name="to" value="{tomorrow.isoformat()}" '
        'aria-label="Snooze to tomorrow: Cooking dinner">Tomorrow<'
    ) in row
    later = [today + timedelta(days=n) for n in range(2, (sunday - today).days + 1)]
    for day in later:
        assert (
            f'name="to" value="{day.isoformat()}" aria-label="Snooze to {day:%A}: '
            f'Cooking dinner">{day:%a}</button>'
        ) in row
    assert row.count('name="to" value=') == 1 + len(later)  # tomorrow, and each day after
    assert f'min="{today.isoformat()}" value="{tomorrow.isoformat()}"' in row
    assert f"A move goes at most {bounds.MAX_MOVE_DAYS} days" in row
    assert f'maxlength="{bounds.MAX_SKIP_REASON_CHARS}" placeholder="We ate out"' in row
    assert 'aria-label="Skip: Cooking dinner"' in row and 'aria-label="Move: Cooking dinner"' in row
    # Yesterday's, missed, waits in Overdue and says so.
    yesterday = today - timedelta(days=1)
    overdue = _row(html, dinner, yesterday)
    assert f"Was due {yesterday:%A} {yesterday.day} {yesterday:%b}" in overdue


def test_done_skipped_and_moved_rows_offer_their_undo(robin_cooks: Home) -> None:
    home, dinner = robin_cooks, _dinner(robin_cooks)
    today = home.household.today()
    yesterday = today - timedelta(days=1)
    change = services.occurrence_skip(
        member=home.owner, card=dinner, due_on=today, reason='Friends <came> & "cooked"'
    )
    services.occurrence_move(member=home.owner, card=dinner, due_on=yesterday, to=today)
    html = _week(home.owner_client, home)
    skipped = _row(html, dinner, today)
    assert "Skipped: “Friends &lt;came&gt; &amp; &quot;cooked&quot;”" in skipped
    assert "<came>" not in html
    undo = _url(home, "week_change_undo", change.pk)
    assert f'action="{undo}"' in skipped
    assert 'aria-label="Undo the skip: Cooking dinner">Undo<' in skipped
    moved = _row(html, dinner, yesterday)
    assert f"moved from {yesterday:%a} {yesterday.day} {yesterday:%b}" in moved
    assert (
        f'aria-label="Put Cooking dinner back on {yesterday:%A}">'
        f"Put it back on {yesterday:%A}</button>"
    ) in moved
    # Sam does the moved one for Robin: done, by Sam, with no undo on Robin's row.
    entry = services.entry_done_for(member=home.partner, card=dinner, due_on=yesterday)
    robins = _row(_week(home.owner_client, home), dinner, yesterday)
    assert "Sam did this for you · 45 min" in robins and "<form" not in robins
    sams = _row(_week(home.partner_client, home), dinner, yesterday)
    assert "You did this for Robin · 45 min" in sams
    assert f'action="{_url(home, "week_entry_undo", entry.pk)}"' in sams


def test_the_rows_read_in_german(robin_cooks: Home) -> None:
    home, dinner = robin_cooks, _dinner(robin_cooks)
    today = home.household.today()
    services.occurrence_skip(member=home.owner, card=dinner, due_on=today, reason="")
    html = _week(home.owner_client, home, "de")
    assert '<html lang="de"' in html
    yesterday = today - timedelta(days=1)
    overdue = _row(html, dinner, yesterday)
    assert "War fällig am " in overdue
    assert 'aria-label="Erledigt: Cooking dinner">Erledigt<' in overdue
    assert 'aria-label="Minuten für Cooking dinner"' in overdue
    assert "Überspringen, später oder verschieben" in overdue
    assert f"Verschieben geht höchstens {bounds.MAX_MOVE_DAYS} Tage" in overdue
    assert "Skip, snooze or move" not in html and "Was due" not in html
    skipped = _row(html, dinner, today)
    assert "Übersprungen" in skipped and "Überspringen zurücknehmen: Cooking dinner" in skipped


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_rows_badges_are_those_of_the_day_by_day_rows(robin_cooks: Home, language: str) -> None:
    """The rows write the badges ``week/_due_badges.html`` writes for the other pages' rows
    (covering for someone, a turn, away and offered, a time of day or any day of the week)."""
    home = robin_cooks
    today = home.household.today()
    start, end = week_of(today)
    bins = home.household.cards.get(name="Bins out")
    card_owner_rule_set(card=bins, locked_to=None, rotation=[home.owner, home.partner])
    card_timing_set(card=_dinner(home), timing=Timing(at=time(18, 30)))
    card_timing_set(card=home.household.cards.get(name="Laundry"), timing=Timing(any_day=True))
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    services.away_create(member=home.owner, starts_on=today, ends_on=end, reason="travel")
    dues = schedule(household=home.household, start=start, end=end)
    for due in dues:
        if due.owner == home.owner and due.needs_cover:  # Sam covers one while Robin is away
            services.cover_take(member=home.partner, card=due.card, due_on=due.due_on)
            break
    dues = schedule(household=home.household, start=start, end=end)
    seen = set()
    with translation.override(language):
        for member in (home.owner, home.partner):
            context = Context(
                {
                    "member": member,
                    "household": home.household,
                    "max_minutes": bounds.MAX_MINUTES,
                    "max_reason": bounds.MAX_SKIP_REASON_CHARS,
                    "max_move_days": bounds.MAX_MOVE_DAYS,
                    "today": today,
                    "tomorrow": today + timedelta(days=1),
                    "snooze_days": [],
                }
            )
            page = week_rows._Page(context)
            for due in dues:
                html = render_to_string("week/_due_badges.html", {"due": due, "member": member})
                assert week_rows._badges(page, due) == html
                seen.update(re.findall(r'class="(badge[^"]*|reason when)"', html))
    assert seen == {"badge", "badge warn", "reason when"}
    assert any(d.cover is not None for d in dues)
