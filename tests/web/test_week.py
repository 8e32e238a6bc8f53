"""This week, marking done and undoing, logging work, time away and cover."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from evenly.cards.models import Card
from evenly.cards.services import card_owner_rule_set, card_save
from evenly.core.schedule import week_of
from evenly.deals.services import deal_accept, deal_propose
from evenly.week import services
from evenly.week.models import Away, Cover, LogEntry
from evenly.week.selectors import due_for, occurrence, schedule
from tests.conftest import Home


def _redeal(home: Home, *, locks: dict[str, object] = {}, rotations: dict[str, list] = {}) -> None:  # noqa: B006
    """Set who holds some cards, then propose the next deal and have everyone accept it."""
    for name, member in locks.items():
        card_owner_rule_set(card=_card(home, name), locked_to=member, rotation=[])
    for name, members in rotations.items():
        card_owner_rule_set(card=_card(home, name), locked_to=None, rotation=members)
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)


def _card(home: Home, name: str) -> Card:
    return home.household.cards.get(name=name)


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _today(home: Home) -> date:
    return home.household.today()


@pytest.fixture
def robin_cooks(rated_and_dealt: Home) -> Home:
    """Cooking dinner (daily, 45 min) is Robin's, so Robin has it due today whatever the day."""
    _redeal(rated_and_dealt, locks={"Cooking dinner": rated_and_dealt.owner})
    return rated_and_dealt


def _done(home: Home, client: Client, card: str, on: date, **extra: object):  # type: ignore[no-untyped-def]
    data = {"card": _card(home, card).pk, "due_on": on.isoformat(), **extra}
    return client.post(_url(home, "week_done"), data)


# --- the week page -------------------------------------------------------------------------


def test_week_shows_the_members_due_cards(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    start, end = week_of(_today(home))
    mine = due_for(household=home.household, member=home.owner, start=start, end=end)
    response = home.owner_client.get(_url(home, "week"))
    assert response.status_code == 200
    html = response.content.decode()
    if mine:
        for due in mine:
            assert due.card.name in html
        assert f'value="{mine[0].card.pk}"' in html
    else:
        assert "Nothing due this week" in html
    # Counts of what the partner holds, never their cards' private estimates.
    theirs = due_for(household=home.household, member=home.partner, start=start, end=end)
    assert "What the others have this week" in html
    assert f"{len(theirs)} card" in html


def test_week_puts_today_first_with_minutes_and_a_done_button(robin_cooks: Home) -> None:
    home = robin_cooks
    html = home.owner_client.get(_url(home, "week")).content.decode()
    today_section = html.split('id="today-h"', 1)[1].split("</section>", 1)[0]
    assert "Cooking dinner" in today_section
    assert 'name="minutes" value="45"' in today_section
    assert ">Done</button>" in today_section
    assert 'hx-post="' + _url(home, "week_done") + '"' in today_section
    assert "style=" not in html and "onclick" not in html
    assert "hx-swap-oob" not in html


def test_week_without_an_active_deal_points_to_the_deal_page(home: Home) -> None:
    html = home.owner_client.get(_url(home, "week")).content.decode()
    assert "No deal yet" in html
    assert f'href="{_url(home, "deal")}"' in html


def test_week_with_nothing_due_says_so(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    # Before the household existed nothing is scheduled.
    before = (_today(home) - timedelta(days=70)).isoformat()
    response = home.owner_client.get(_url(home, "week") + f"?week={before}")
    assert response.status_code == 200
    assert "Nothing due that week" in response.content.decode()


def test_week_parameter_shows_another_week(robin_cooks: Home) -> None:
    home = robin_cooks
    next_monday = week_of(_today(home))[1] + timedelta(days=1)
    response = home.owner_client.get(_url(home, "week") + f"?week={next_monday.isoformat()}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Week of {next_monday.day} " in html
    assert f'name="due_on" value="{next_monday.isoformat()}"' in html
    assert 'id="today-h"' not in html


@pytest.mark.parametrize("bad", ["tomorrow", "2024-02-30", "99999-01-01", "1900-01-01", ""])
def test_bad_week_parameter_falls_back_to_this_week_with_a_message(
    robin_cooks: Home, bad: str
) -> None:
    home = robin_cooks
    response = home.owner_client.get(_url(home, "week"), {"week": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a date we can show" in html
    assert 'id="today-h"' in html


# --- done and undo -------------------------------------------------------------------------


def test_mark_done_records_default_minutes_and_shows_done(robin_cooks: Home) -> None:
    home = robin_cooks
    today = _today(home)
    response = _done(home, home.owner_client, "Cooking dinner", today)
    assert response.status_code == 302
    assert response["Location"] == _url(home, "week")
    entry = LogEntry.objects.get(card=_card(home, "Cooking dinner"), due_on=today)
    assert entry.member == home.owner
    assert entry.minutes == Decimal(45)
    assert entry.kind == LogEntry.Kind.DID
    assert entry.covered_for is None
    html = home.owner_client.get(_url(home, "week")).content.decode()
    assert "Done: Cooking dinner, 45 min" in html  # the message
    assert "Done · 45 min" in html
    assert _url(home, "week_entry_undo", entry.pk) in html


def test_the_week_kept_between_pages_follows_what_the_others_do(
    robin_cooks: Home, keeping: None
) -> None:
    """Robin's week is kept rendered per household revision: Sam doing Robin's card for them
    shows on Robin's next page, and the page never carries a token but Robin's own."""
    home = robin_cooks
    today = _today(home)
    cooking = _card(home, "Cooking dinner")
    first = home.owner_client.get(_url(home, "week")).content.decode()
    assert f'id="act-{cooking.pk}-{today:%Y%m%d}" aria-label="Done: Cooking dinner"' in first
    assert home.owner_client.get(_url(home, "week")).content.decode().count("Done: Cooking") == (
        first.count("Done: Cooking")
    )
    data = {"card": cooking.pk, "due_on": today.isoformat()}
    assert home.partner_client.post(_url(home, "week_done_for"), data).status_code == 302
    after = home.owner_client.get(_url(home, "week")).content.decode()
    assert "Sam did this for you" in after
    assert f'id="act-{cooking.pk}-{today:%Y%m%d}" aria-label="Done: Cooking dinner"' not in after
    assert "evenly-csrf" not in after


def test_mark_done_with_own_minutes(robin_cooks: Home) -> None:
    home = robin_cooks
    _done(home, home.owner_client, "Cooking dinner", _today(home), minutes="30")
    assert LogEntry.objects.get().minutes == Decimal(30)


def test_mark_done_twice_says_already_done(robin_cooks: Home) -> None:
    home = robin_cooks
    _done(home, home.owner_client, "Cooking dinner", _today(home))
    response = _done(home, home.owner_client, "Cooking dinner", _today(home))
    assert response.status_code == 302
    assert LogEntry.objects.count() == 1
    html = home.owner_client.get(response["Location"]).content.decode()
    assert "already marked done" in html


@pytest.mark.parametrize("minutes", ["0", "-5", "abc", "5000"])
def test_mark_done_with_bad_minutes_records_nothing(robin_cooks: Home, minutes: str) -> None:
    home = robin_cooks
    response = _done(home, home.owner_client, "Cooking dinner", _today(home), minutes=minutes)
    assert response.status_code == 302
    assert not LogEntry.objects.exists()
    html = home.owner_client.get(response["Location"]).content.decode()
    assert "That did not work" in html


def test_mark_done_on_a_day_the_card_is_not_due_records_nothing(robin_cooks: Home) -> None:
    home = robin_cooks
    before = _today(home) - timedelta(days=30)  # before the household began
    response = _done(home, home.owner_client, "Cooking dinner", before)
    assert not LogEntry.objects.exists()
    assert "is not due on" in home.owner_client.get(response["Location"]).content.decode()


def test_mark_done_with_htmx_swaps_just_the_row(robin_cooks: Home) -> None:
    home = robin_cooks
    today = _today(home)
    response = home.owner_client.post(
        _url(home, "week_done"),
        {"card": _card(home, "Cooking dinner").pk, "due_on": today.isoformat()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<li id="due-{_card(home, "Cooking dinner").pk}-')
    assert 'class="due done"' in html
    assert "<html" not in html
    assert "Done · 45 min" in html
    # The progress line under the title is updated out of band.
    assert 'id="week-progress" hx-swap-oob="true"' in html
    assert html.count("csrfmiddlewaretoken") == 1
    entry = LogEntry.objects.get()
    undo = home.owner_client.post(
        _url(home, "week_entry_undo", entry.pk), headers={"HX-Request": "true"}
    )
    assert undo.status_code == 200
    assert undo.content.decode().strip().startswith("<li id=")
    assert 'class="due done"' not in undo.content.decode()
    assert ">Done</button>" in undo.content.decode()
    assert not LogEntry.objects.exists()


def test_undo_removes_the_entry(robin_cooks: Home) -> None:
    home = robin_cooks
    _done(home, home.owner_client, "Cooking dinner", _today(home))
    entry = LogEntry.objects.get()
    response = home.owner_client.post(_url(home, "week_entry_undo", entry.pk))
    assert response.status_code == 302
    assert not LogEntry.objects.exists()
    html = home.owner_client.get(response["Location"]).content.decode()
    assert "Undone: Cooking dinner" in html
    assert "Done · 45 min" not in html


def test_partner_cannot_undo_owners_entry(robin_cooks: Home) -> None:
    home = robin_cooks
    _done(home, home.owner_client, "Cooking dinner", _today(home))
    entry = LogEntry.objects.get()
    response = home.partner_client.post(_url(home, "week_entry_undo", entry.pk))
    assert response.status_code == 302
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    html = home.partner_client.get(response["Location"]).content.decode()
    assert "Only the person who logged it can undo it" in html


def test_undo_from_the_log_page_goes_back_there(robin_cooks: Home) -> None:
    home = robin_cooks
    _done(home, home.owner_client, "Cooking dinner", _today(home))
    entry = LogEntry.objects.get()
    response = home.owner_client.post(_url(home, "week_entry_undo", entry.pk), {"back": "log"})
    assert response["Location"] == _url(home, "week_log")


# --- logging noticing, planning and unplanned work ------------------------------------------


def test_log_form_preselects_the_kind(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    html = home.owner_client.get(_url(home, "week_log") + "?kind=planned").content.decode()
    checked = re.findall(r'<input type="radio" name="kind" value="(\w+)"[^>]*\bchecked>', html)
    assert checked == ["planned"]
    assert f'value="{_today(home).isoformat()}"' in html


def test_log_noticing(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    today = _today(home)
    response = home.owner_client.post(
        _url(home, "week_log"),
        {"kind": "noticed", "title": "We are out of nappies", "minutes": "10", "done_on": today},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert (entry.kind, entry.title, entry.minutes, entry.done_on) == (
        "noticed",
        "We are out of nappies",
        Decimal(10),
        today,
    )
    assert entry.member == home.owner and entry.due_on is None
    html = home.owner_client.get(_url(home, "week_log")).content.decode()
    assert "We are out of nappies" in html


def test_log_unplanned_work_on_a_card_takes_its_name(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    card = _card(home, "Laundry")
    home.partner_client.post(
        _url(home, "week_log"),
        {"kind": "did", "card": card.pk, "minutes": "25", "done_on": _today(home)},
    )
    entry = LogEntry.objects.get()
    assert (entry.card, entry.title, entry.member) == (card, "Laundry", home.partner)


def test_log_with_bad_minutes_keeps_what_was_typed(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    response = home.owner_client.post(
        _url(home, "week_log"),
        {
            "kind": "noticed",
            "title": "Dentist letter came",
            "minutes": "lots",
            "done_on": _today(home),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Dentist letter came"' in html
    assert 'id="id_minutes_error"' in html
    assert "Minutes: a number" in html
    assert not LogEntry.objects.exists()


def test_log_service_errors_show_beside_the_field(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    future = _today(home) + timedelta(days=2)
    response = home.owner_client.post(
        _url(home, "week_log"),
        {
            "kind": "planned",
            "title": "Booked the boiler service",
            "minutes": "20",
            "done_on": future,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_done_on_error"><p>That day has not happened yet.' in html
    assert 'value="Booked the boiler service"' in html
    assert not LogEntry.objects.exists()
    # Neither a card nor words: says so beside the title.
    response = home.owner_client.post(
        _url(home, "week_log"), {"kind": "did", "minutes": "20", "done_on": _today(home)}
    )
    assert 'id="id_title_error"><p>Say what it was' in response.content.decode()


def test_log_rejects_another_households_card(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    theirs = home.other_household.cards.get()
    response = home.owner_client.post(
        _url(home, "week_log"),
        {"kind": "did", "card": theirs.pk, "minutes": "20", "done_on": _today(home)},
    )
    assert response.status_code == 400
    assert "Hoovering" not in response.content.decode()
    assert not LogEntry.objects.exists()


# --- rotations -----------------------------------------------------------------------------


def _rate_all(home: Home) -> None:
    from evenly.cards.services import rating_set

    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")


def _check_cooking_alternates(home: Home) -> None:
    today = _today(home)
    cooking = [
        d
        for d in schedule(household=home.household, start=today, end=today + timedelta(days=13))
        if d.card.name == "Cooking dinner"
    ]
    assert len(cooking) == 14
    holders = [d.holder for d in cooking]
    assert set(holders) == {home.owner, home.partner}
    assert all(a != b for a, b in itertools.pairwise(holders))
    # The week page says whose turn it is.
    first_robin = next(d for d in cooking if d.holder == home.owner)
    html = home.owner_client.get(
        _url(home, "week") + f"?week={first_robin.on.isoformat()}"
    ).content.decode()
    assert "your turn" in html


def test_rotation_turns_alternate(home: Home) -> None:
    _rate_all(home)
    _redeal(home, rotations={"Cooking dinner": [home.owner, home.partner]})
    _check_cooking_alternates(home)


def test_rotation_turns_alternate_after_a_redeal(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    _redeal(home, rotations={"Cooking dinner": [home.owner, home.partner]})
    _check_cooking_alternates(home)


# --- time away and cover -------------------------------------------------------------------


def test_away_and_cover_flow(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    _redeal(home, locks={"Cooking dinner": home.partner})
    today = _today(home)
    cooking = _card(home, "Cooking dinner")

    # Sam marks today away.
    response = home.partner_client.post(
        _url(home, "week_away"), {"starts_on": today, "ends_on": today, "reason": "illness"}
    )
    assert response.status_code == 302
    away = Away.objects.get()
    assert away.member == home.partner
    html = home.partner_client.get(_url(home, "week_away")).content.decode()
    assert "Cancel this time away" in html
    assert (
        "you're away: offered as cover"
        in home.partner_client.get(_url(home, "week")).content.decode()
    )

    # Robin sees the offer, not Sam's private estimate, and takes it.
    html = home.owner_client.get(_url(home, "week")).content.decode()
    offers = html.split('id="offers-h"', 1)[1].split("</section>", 1)[0]
    assert "Cooking dinner" in offers and "Sam is away" in offers
    assert _url(home, "week_cover") in offers
    response = home.owner_client.post(
        _url(home, "week_cover"), {"card": cooking.pk, "due_on": today.isoformat()}
    )
    assert response.status_code == 302
    cover = Cover.objects.get()
    assert (cover.member, cover.covered_for, cover.due_on) == (home.owner, home.partner, today)

    # Now it is in Robin's week (covering for Sam), and gone from the offers.
    html = home.owner_client.get(_url(home, "week")).content.decode()
    assert "You&#x27;re covering Cooking dinner" in html
    assert 'id="offers-h"' not in html or "Cooking dinner" not in html.split('id="offers-h"')[1]
    today_section = html.split('id="today-h"', 1)[1].split("</section>", 1)[0]
    assert "Cooking dinner" in today_section and "covering for Sam" in today_section

    # Marking it done records the cover.
    _done(home, home.owner_client, "Cooking dinner", today)
    entry = LogEntry.objects.get()
    assert (entry.member, entry.covered_for) == (home.owner, home.partner)

    # A second taker is told it is covered already.
    response = home.owner_client.post(
        _url(home, "week_cover"), {"card": cooking.pk, "due_on": today.isoformat()}
    )
    assert Cover.objects.count() == 1


def test_away_form_errors_keep_the_dates(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    today = _today(home)
    response = home.owner_client.post(
        _url(home, "week_away"),
        {"starts_on": today + timedelta(days=3), "ends_on": today, "reason": "travel"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_ends_on_error"><p>The last day cannot be before the first.</p>' in html
    assert f'value="{(today + timedelta(days=3)).isoformat()}"' in html
    assert not Away.objects.exists()


def test_away_delete_own_only(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    today = _today(home)
    away = services.away_create(
        member=home.partner, starts_on=today, ends_on=today, reason="travel"
    )
    # Robin sees Sam's time away but cannot cancel it.
    html = home.owner_client.get(_url(home, "week_away")).content.decode()
    assert "Sam" in html and "Cancel this time away" not in html
    response = home.owner_client.post(_url(home, "week_away_delete", away.pk))
    assert response.status_code == 302
    assert Away.objects.filter(pk=away.pk).exists()
    response = home.partner_client.post(_url(home, "week_away_delete", away.pk))
    assert response.status_code == 302
    assert not Away.objects.exists()


def test_cover_of_a_card_that_needs_none_is_refused(robin_cooks: Home) -> None:
    home = robin_cooks
    response = home.partner_client.post(
        _url(home, "week_cover"),
        {"card": _card(home, "Cooking dinner").pk, "due_on": _today(home).isoformat()},
    )
    assert response.status_code == 302
    assert not Cover.objects.exists()
    assert "does not need cover" in home.partner_client.get(response["Location"]).content.decode()


# --- access: every view --------------------------------------------------------------------


@pytest.fixture
def samples(robin_cooks: Home) -> dict[str, object]:
    """One object of each kind in Robin's household, and one in Olly's."""
    home = robin_cooks
    today = _today(home)
    entry = services.entry_mark_done(
        member=home.owner, card=_card(home, "Cooking dinner"), due_on=today
    )
    away = services.away_create(member=home.owner, starts_on=today, ends_on=today, reason="travel")
    change = services.occurrence_skip(
        member=home.owner, card=_card(home, "Cooking dinner"), due_on=today + timedelta(days=1)
    )
    return {"entry": entry, "away": away, "change": change}


def _views(home: Home, samples: dict[str, object]) -> list[tuple[str, list[str]]]:
    """(url, methods the view answers) for every route of the week app."""
    entry, away = samples["entry"], samples["away"]
    return [
        (_url(home, "week"), ["GET"]),
        (_url(home, "week_done"), ["POST"]),
        (_url(home, "week_entry_undo", entry.pk), ["POST"]),  # type: ignore[attr-defined]
        (_url(home, "week_log"), ["GET", "POST"]),
        (_url(home, "week_away"), ["GET", "POST"]),
        (_url(home, "week_away_delete", away.pk), ["POST"]),  # type: ignore[attr-defined]
        (_url(home, "week_cover"), ["POST"]),
        (_url(home, "week_done_for"), ["POST"]),
        (_url(home, "week_skip"), ["POST"]),
        (_url(home, "week_snooze"), ["POST"]),
        (_url(home, "week_move"), ["POST"]),
        (_url(home, "week_change_undo", samples["change"].pk), ["POST"]),  # type: ignore[attr-defined]
    ]


def test_every_week_route_is_covered_here(robin_cooks: Home, samples: dict[str, object]) -> None:
    from evenly.week.urls import urlpatterns

    # The ledger and personal-time routes have their own file, tests/web/test_ledger.py.
    elsewhere = {
        "ledger",
        "ledger_csv",
        "ledger_edit",
        "ledger_delete",
        "personal",
        "personal_delete",
    }
    week_routes = [p for p in urlpatterns if p.name not in elsewhere]
    assert len(_views(robin_cooks, samples)) == len(week_routes)


def test_outsider_gets_404(robin_cooks: Home, samples: dict[str, object]) -> None:
    home = robin_cooks
    for url, methods in _views(home, samples):
        for method in methods:
            response = getattr(home.outsider_client, method.lower())(url)
            assert response.status_code == 404, (url, method)
    assert LogEntry.objects.count() == 1 and Away.objects.count() == 1


def test_anonymous_is_sent_to_login(robin_cooks: Home, samples: dict[str, object]) -> None:
    home = robin_cooks
    for url, _methods in _views(home, samples):
        for method in ["GET", "POST"]:
            response = getattr(home.anon_client, method.lower())(url)
            assert response.status_code == 302, (url, method)
            assert response["Location"].startswith("/login/"), (url, method)
    assert LogEntry.objects.count() == 1 and Away.objects.count() == 1


def test_wrong_method_is_405(robin_cooks: Home, samples: dict[str, object]) -> None:
    home = robin_cooks
    for url, methods in _views(home, samples):
        for method in {"GET", "POST", "PUT", "DELETE"} - set(methods):
            response = getattr(home.owner_client, method.lower())(url)
            assert response.status_code == 405, (url, method)
    assert LogEntry.objects.count() == 1 and Away.objects.count() == 1


def test_another_households_ids_are_404(robin_cooks: Home) -> None:
    home = robin_cooks
    other = home.other_household
    olly = home.outsider
    today = other.today()
    their_card = other.cards.get()
    # Olly's household has an entry and time away of its own.
    their_entry = LogEntry.objects.create(
        household=other, member=olly, card=their_card, title="Hoovering",
        minutes=Decimal(30), done_on=today,
    )  # fmt: skip
    their_away = services.away_create(member=olly, starts_on=today, ends_on=today, reason="other")
    client = home.owner_client
    occurrence = {"card": their_card.pk, "due_on": today.isoformat()}
    assert client.post(_url(home, "week_done"), occurrence).status_code == 404
    assert client.post(_url(home, "week_cover"), occurrence).status_code == 404
    # Also when something else in the request is wrong too.
    bad_minutes = {**occurrence, "minutes": "lots"}
    assert client.post(_url(home, "week_done"), bad_minutes).status_code == 404
    assert client.post(_url(home, "week_entry_undo", their_entry.pk)).status_code == 404
    assert client.post(_url(home, "week_away_delete", their_away.pk)).status_code == 404
    # htmx asks get the same answer.
    hx = {"headers": {"HX-Request": "true"}}
    assert client.post(_url(home, "week_done"), occurrence, **hx).status_code == 404
    assert LogEntry.objects.filter(pk=their_entry.pk).exists()
    assert Away.objects.filter(pk=their_away.pk).exists()
    assert not Cover.objects.exists()


def test_writes_need_a_csrf_token(robin_cooks: Home) -> None:
    home = robin_cooks
    client = Client(enforce_csrf_checks=True)
    client.force_login(home.owner.user)
    for url in [_url(home, "week_done"), _url(home, "week_log"), _url(home, "week_away")]:
        assert client.post(url, {}).status_code == 403
    html = client.get(_url(home, "week")).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') >= 2  # logout + each Done form


def test_card_name_from_a_card_added_after_the_deal_is_not_scheduled(robin_cooks: Home) -> None:
    home = robin_cooks
    card_save(
        household=home.household, card=None, name="Plants", category="Home",
        cadence="daily", minutes=Decimal(5), mental_minutes=Decimal(0), standard="",
    )  # fmt: skip
    html = home.owner_client.get(_url(home, "week")).content.decode()
    assert "Plants" not in html.split('id="today-h"', 1)[1].split("</section>", 1)[0]


# --- one schedule, read in parts -----------------------------------------------------------


def _facts(dues: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
    return [
        (
            d.card.pk,
            d.on,
            d.due_on,
            d.owner and d.owner.pk,
            d.holder and d.holder.pk,
            d.entry and d.entry.pk,
            d.entry and d.entry.member.pk,
            d.cover and d.cover.pk,
            d.change and d.change.pk,
            d.owner_away,
            d.minutes,
            d.at,
            d.any_day,
        )
        for d in dues
    ]


def test_a_holders_schedule_and_a_shared_one_are_the_whole_schedules_parts(
    rated_and_dealt: Home,
) -> None:
    """The Needs-you count reads only one member's cards, and the week page shares its
    schedule with it: both must be exactly that part of the whole schedule, with turns,
    time away, cover, moves and what is done."""
    from evenly.week.selectors import shared_schedule

    home = rated_and_dealt
    # Laundry (weekly) is Sam's, and Sam is away a whole week: some card of Sam's own falls in
    # it whatever the day and however the rest is dealt.
    _redeal(
        home,
        locks={"Laundry": home.partner},
        rotations={"Cooking dinner": [home.owner, home.partner]},
    )
    household, today = home.household, _today(home)
    start, end = today - timedelta(days=28), today + timedelta(days=14)
    services.away_create(
        member=home.partner, starts_on=today, ends_on=today + timedelta(days=6), reason="travel"
    )
    whole = schedule(household=household, start=start, end=end)
    sams = [  # a card of Sam's own (not a turn, which Robin holds the cards of anyway)
        d
        for d in whole
        if d.owner == home.partner
        and not d.is_rotation
        and today <= d.on <= today + timedelta(days=6)
    ]
    services.cover_take(member=home.owner, card=sams[0].card, due_on=sams[0].due_on)
    robins = [d for d in whole if d.holder == home.owner and d.on > today]
    moved = robins[0]
    services.occurrence_move(
        member=home.owner, card=moved.card, due_on=moved.due_on, to=moved.on + timedelta(days=2)
    )
    for d in [d for d in whole if d.on == today][:4]:
        services.entry_mark_done(member=d.holder or home.owner, card=d.card, due_on=d.due_on)

    whole = schedule(household=household, start=start, end=end + timedelta(days=7))
    assert (
        any(d.cover for d in whole) and any(d.change for d in whole) and any(d.entry for d in whole)
    )
    windows = [
        (start, end),
        (today, today),
        week_of(today),
        (today - timedelta(days=3), today + timedelta(days=5)),
        (today, end + timedelta(days=3)),  # past the first window: not read from it
    ]
    for first, last in windows:
        part = [d for d in whole if first <= d.on <= last]
        assert _facts(schedule(household=household, start=first, end=last)) == _facts(part)
        for member in (home.owner, home.partner):
            theirs = [d for d in part if d.holder == member]
            assert _facts(
                due_for(household=household, member=member, start=first, end=last)
            ) == _facts(theirs)
    # One card's schedule (what a tick reads) is that card's part of the whole, moves included,
    # and each of its occurrences is found by the day the schedule gave it.
    for card in {d.card.pk: d.card for d in whole}.values():
        for first, last in windows:
            part = [d for d in whole if first <= d.on <= last and d.card.pk == card.pk]
            assert _facts(schedule(household=household, start=first, end=last, card=card)) == (
                _facts(part)
            )
        for d in [d for d in whole if d.card.pk == card.pk and start <= d.due_on <= end]:
            found = occurrence(household=household, card=card, on=d.due_on)
            assert found is not None and _facts([found]) == _facts([d])
    with shared_schedule():
        assert _facts(schedule(household=household, start=start, end=end)) == _facts(
            [d for d in whole if d.on <= end]
        )
        card = moved.card
        assert _facts(schedule(household=household, start=start, end=end, card=card)) == (
            _facts([d for d in whole if d.on <= end and d.card.pk == card.pk])
        )
        for first, last in windows:
            part = [d for d in whole if first <= d.on <= last]
            assert _facts(schedule(household=household, start=first, end=last)) == _facts(part)
            for member in (home.owner, home.partner):
                theirs = [d for d in part if d.holder == member]
                assert _facts(
                    due_for(household=household, member=member, start=first, end=last)
                ) == _facts(theirs)
