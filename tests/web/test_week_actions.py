"""One tap on an occurrence: skip, snooze, move, undo a change, done for someone else; the week
that reads overdue · today · later · done; and the balance that stays exact."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evenly.cards.models import Card
from evenly.cards.services import card_owner_rule_set
from evenly.core import bounds
from evenly.deals.services import deal_accept, deal_propose
from evenly.households.models import Household, Member
from evenly.insight.selectors import balance_figures
from evenly.week import services
from evenly.week.models import LogEntry, OccurrenceChange
from evenly.week.periods import Period
from evenly.week.selectors import schedule, waiting_on
from tests.conftest import Home


def _cooks(home: Home, member: Member) -> Home:
    """Cooking dinner (daily, 45 min) is ``member``'s in a new deal, in a household that has
    been counting its schedule for ten days (so yesterday's dinners exist)."""
    Household.objects.filter(pk=home.household.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    for h in (home.household, home.owner.household, home.partner.household):
        h.refresh_from_db()
    card_owner_rule_set(card=_dinner(home), locked_to=member, rotation=[])
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    return home


@pytest.fixture
def robin_cooks(rated_and_dealt: Home) -> Home:
    return _cooks(rated_and_dealt, rated_and_dealt.owner)


@pytest.fixture
def sam_cooks(rated_and_dealt: Home) -> Home:
    return _cooks(rated_and_dealt, rated_and_dealt.partner)


def _dinner(home: Home) -> Card:
    return home.household.cards.get(name="Cooking dinner")


def _today(home: Home) -> date:
    return home.household.today()


def _dinners(home: Home, start: date, end: date) -> list:  # type: ignore[type-arg]
    return [
        d
        for d in schedule(household=home.household, start=start, end=end)
        if d.card.name == "Cooking dinner"
    ]


def _post(home: Home, client, name: str, **data: object):  # type: ignore[no-untyped-def]
    return client.post(reverse(name, args=[home.household.pk]), data)


def _page(home: Home, client) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("week", args=[home.household.pk])).content.decode()


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


# --- skip ------------------------------------------------------------------------------------


def test_skip_takes_the_occurrence_off_what_is_due(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    response = _post(
        home,
        home.owner_client,
        "week_skip",
        card=_dinner(home).pk,
        due_on=today.isoformat(),
        reason="We ate at Gran's",
    )
    assert response.status_code == 302
    change = OccurrenceChange.objects.get()
    assert (change.kind, change.reason, change.owner, change.minutes) == (
        "skipped",
        "We ate at Gran's",
        home.owner,
        45,
    )
    (due,) = _dinners(home, today, today)
    assert due.skipped and not due.open
    assert not waiting_on(household=home.household, member=home.owner, today=today).today
    html = _page(home, home.owner_client)
    assert "Skipped: Cooking dinner" in html
    assert "Cooking dinner" not in _section(html, "today-h")
    assert "We ate at Gran’s" in _section(html, "done-h") or "We ate at Gran&#x27;s" in html
    # Skipped cannot then be marked done without undoing the skip.
    with pytest.raises(ValidationError, match="undo the skip"):
        services.entry_mark_done(member=home.owner, card=_dinner(home), due_on=today)


def test_a_missed_card_of_last_week_skipped_this_week_shows_in_done_with_its_undo(
    robin_cooks: Home,
) -> None:
    """Any weekday, Mondays included: last Sunday's dinner is last week's. Skipped today, it
    is settled this week, so this week's Done list shows it with its Undo; a skip made last
    week is last week's business and does not."""
    home, today = robin_cooks, _today(robin_cooks)
    last_sunday = today - timedelta(days=today.weekday() + 1)
    _post(home, home.owner_client, "week_skip", card=_dinner(home).pk, due_on=last_sunday)
    change = OccurrenceChange.objects.get(due_on=last_sunday)
    done = _section(_page(home, home.owner_client), "done-h")
    assert "Undo the skip: Cooking dinner" in done
    assert f'id="row-{_dinner(home).pk}-{last_sunday:%Y%m%d}"' in done
    # Sam sees no Undo of Robin's card in their own Done list.
    assert "Cooking dinner" not in _section(_page(home, home.partner_client), "done-h")
    # The same skip made a week earlier belongs to last week's list.
    OccurrenceChange.objects.filter(pk=change.pk).update(
        created_at=timezone.now() - timedelta(days=today.weekday() + 2)
    )
    from evenly.households.services import household_changed

    household_changed(household_id=home.household.pk)
    assert "Cooking dinner" not in _section(_page(home, home.owner_client), "done-h")


def test_a_skip_reason_past_its_bound_is_refused_with_the_bound(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    long = "x" * (bounds.MAX_SKIP_REASON_CHARS + 1)
    with pytest.raises(ValidationError, match=f"at most {bounds.MAX_SKIP_REASON_CHARS}"):
        services.occurrence_skip(member=home.owner, card=_dinner(home), due_on=today, reason=long)
    with pytest.raises(ValidationError, match="control or invisible"):
        services.occurrence_skip(
            member=home.owner, card=_dinner(home), due_on=today, reason="ok\x1b[31m"
        )
    response = _post(
        home,
        home.owner_client,
        "week_skip",
        card=_dinner(home).pk,
        due_on=today.isoformat(),
        reason=long,
    )
    assert response.status_code == 302 and not OccurrenceChange.objects.exists()
    assert "at most 120" in home.owner_client.get(response["Location"]).content.decode()


def test_only_whoever_holds_it_skips_or_moves_it(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    with pytest.raises(ValidationError, match="Robin's; only they can skip"):
        services.occurrence_skip(member=home.partner, card=_dinner(home), due_on=today)
    with pytest.raises(ValidationError, match="only they can move"):
        services.occurrence_move(
            member=home.partner, card=_dinner(home), due_on=today, to=today + timedelta(days=1)
        )
    assert not OccurrenceChange.objects.exists()


# --- snooze and move -------------------------------------------------------------------------


def test_snooze_to_tomorrow_then_done_keeps_the_occurrence_its_day(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    tomorrow = today + timedelta(days=1)
    response = _post(
        home, home.owner_client, "week_snooze", card=_dinner(home).pk, due_on=today.isoformat()
    )
    assert response.status_code == 302
    assert "now due tomorrow" in home.owner_client.get(response["Location"]).content.decode()
    assert _dinners(home, today, today) == []
    moved = [d for d in _dinners(home, tomorrow, tomorrow) if d.moved_from == today]
    assert len(moved) == 1 and moved[0].due_on == today and moved[0].on == tomorrow
    assert len(_dinners(home, tomorrow, tomorrow)) == 2  # tomorrow's own, and today's
    # Done after the move: the completion names the day it was due, one per occurrence.
    entry = services.entry_mark_done(member=home.owner, card=_dinner(home), due_on=today)
    assert entry.due_on == today
    (done,) = [d for d in _dinners(home, tomorrow, tomorrow) if d.done]
    assert done.due_on == today
    with pytest.raises(ValidationError, match="already marked done"):
        services.entry_mark_done(member=home.owner, card=_dinner(home), due_on=today)


def test_snooze_goes_no_further_than_this_week(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    with pytest.raises(ValidationError, match="this week"):
        services.occurrence_snooze(
            member=home.owner, card=_dinner(home), due_on=today, to=today + timedelta(days=8)
        )
    with pytest.raises(ValidationError, match="tomorrow or a later day"):
        services.occurrence_snooze(member=home.owner, card=_dinner(home), due_on=today, to=today)


def test_move_within_its_bound_and_beyond(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    far = today + timedelta(days=bounds.MAX_MOVE_DAYS)
    change = services.occurrence_move(member=home.owner, card=_dinner(home), due_on=today, to=far)
    assert change.to_date == far
    assert sorted(d.due_on for d in _dinners(home, far, far)) == [today, far]
    # Beyond the bound: a message that names it, and nothing changes.
    response = _post(
        home,
        home.owner_client,
        "week_move",
        card=_dinner(home).pk,
        due_on=today.isoformat(),
        to=(far + timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 302
    html = home.owner_client.get(response["Location"]).content.decode()
    assert f"at most {bounds.MAX_MOVE_DAYS} days from the day it was due" in html
    assert OccurrenceChange.objects.get().to_date == far
    with pytest.raises(ValidationError, match="the past cannot take it"):
        services.occurrence_move(
            member=home.owner, card=_dinner(home), due_on=today, to=today - timedelta(days=1)
        )
    response = _post(
        home, home.owner_client, "week_move", card=_dinner(home).pk, due_on=today.isoformat()
    )
    assert (
        "Choose the day to move it to"
        in home.owner_client.get(response["Location"]).content.decode()
    )


def test_a_move_out_of_the_window_drops_it_and_into_it_brings_it(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    yesterday = today - timedelta(days=1)
    services.occurrence_move(member=home.owner, card=_dinner(home), due_on=yesterday, to=today)
    assert [d.due_on for d in _dinners(home, yesterday, yesterday)] == []
    assert sorted(d.due_on for d in _dinners(home, today, today)) == [yesterday, today]


def test_undo_puts_the_occurrence_back_on_its_day(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    change = services.occurrence_snooze(member=home.owner, card=_dinner(home), due_on=today)
    # Sam neither made the change nor holds the card.
    response = home.partner_client.post(
        reverse("week_change_undo", args=[home.household.pk, change.pk])
    )
    assert OccurrenceChange.objects.exists()
    response = home.owner_client.post(
        reverse("week_change_undo", args=[home.household.pk, change.pk])
    )
    assert response.status_code == 302 and not OccurrenceChange.objects.exists()
    (due,) = _dinners(home, today, today)
    assert due.moved_from is None and due.open


# --- done for someone else -------------------------------------------------------------------


def test_done_for_credits_the_doer_and_shows_to_both(sam_cooks: Home) -> None:
    home, today = sam_cooks, _today(sam_cooks)
    robin_page = _page(home, home.owner_client)
    assert "Done for Sam" in robin_page
    response = _post(
        home, home.owner_client, "week_done_for", card=_dinner(home).pk, due_on=today.isoformat()
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert (entry.member, entry.covered_for, entry.due_on) == (home.owner, home.partner, today)
    assert "You did this for Sam" in _section(_page(home, home.owner_client), "done-h")
    sam_page = _page(home, home.partner_client)
    assert "Robin did this for you" in _section(sam_page, "done-h")
    assert not waiting_on(household=home.household, member=home.partner, today=today).today
    # One's own card is marked done, not done "for" oneself.
    with pytest.raises(ValidationError, match="is yours"):
        services.entry_done_for(
            member=home.partner, card=_dinner(home), due_on=today + timedelta(days=1)
        )


# --- overdue never piles up ------------------------------------------------------------------


def test_three_missed_days_of_a_daily_card_are_one_overdue(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    waiting = waiting_on(household=home.household, member=home.owner, today=today)
    dinners = [d for d in waiting.overdue if d.card.name == "Cooking dinner"]
    assert [d.on for d in dinners] == [today - timedelta(days=1)]
    html = _page(home, home.owner_client)
    assert _section(html, "overdue-h").count("Done: Cooking dinner") == 1
    # Skipping the latest missed one settles the card: the older ones do not come back.
    services.occurrence_skip(
        member=home.owner, card=_dinner(home), due_on=today - timedelta(days=1)
    )
    waiting = waiting_on(household=home.household, member=home.owner, today=today)
    assert not [d for d in waiting.overdue if d.card.name == "Cooking dinner"]


def test_a_missed_one_moved_ahead_settles_the_older_ones(robin_cooks: Home) -> None:
    """Found in the journey's shots: moving yesterday's missed dinner to today (and doing it)
    brought the day before's up as overdue. The latest missed one settles the card."""
    home, today = robin_cooks, _today(robin_cooks)
    yesterday = today - timedelta(days=1)
    services.occurrence_move(member=home.owner, card=_dinner(home), due_on=yesterday, to=today)
    waiting = waiting_on(household=home.household, member=home.owner, today=today)
    assert not [d for d in waiting.overdue if d.card.name == "Cooking dinner"]
    assert sorted(d.due_on for d in waiting.today) == [yesterday, today]
    services.entry_mark_done(member=home.owner, card=_dinner(home), due_on=yesterday)
    html = _page(home, home.owner_client)
    assert "Cooking dinner" not in _section(html, "overdue-h")
    # Snoozed ahead to tomorrow, it waits for tomorrow and nothing older comes back.
    services.occurrence_snooze(member=home.owner, card=_dinner(home), due_on=today)
    waiting = waiting_on(household=home.household, member=home.owner, today=today)
    assert not [d for d in waiting.overdue if d.card.name == "Cooking dinner"]
    assert not waiting.today


# --- the page's htmx --------------------------------------------------------------------------


def test_htmx_actions_of_the_sections_follow_the_redirect(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    response = home.owner_client.post(
        reverse("week_done", args=[home.household.pk]),
        {"card": _dinner(home).pk, "due_on": today.isoformat(), "swap": "page"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 302  # htmx follows it and swaps #week-main from the page
    assert 'id="week-main"' in _page(home, home.owner_client)


def test_nothing_for_another_household(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    for name in ("week_skip", "week_snooze", "week_move", "week_done_for"):
        response = _post(
            home, home.outsider_client, name, card=_dinner(home).pk, due_on=today.isoformat()
        )
        assert response.status_code == 404, name
    # Olly's own household cannot name Robin's card either.
    other = home.other_household
    response = home.outsider_client.post(
        reverse("week_skip", args=[other.pk]), {"card": _dinner(home).pk, "due_on": today}
    )
    assert response.status_code == 404
    assert not OccurrenceChange.objects.exists()


# --- the balance stays exact ----------------------------------------------------------------


def _behind(home: Home, member: Member) -> Fraction:
    today = _today(home)
    start = today - timedelta(days=today.weekday())
    period = Period(key="custom", start=start, end=start + timedelta(days=6))
    figures = balance_figures(household=home.household, period=period, today=today)
    assert figures.balance is not None
    gap = figures.balance.member(member.display_name).deal_gap
    assert gap is not None
    return gap


def test_skip_counts_against_nobody_and_moves_change_no_totals(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    before, sam = _behind(home, home.owner), _behind(home, home.partner)
    services.occurrence_snooze(member=home.owner, card=_dinner(home), due_on=today)
    assert _behind(home, home.owner) == before  # a snooze changes when, not how much
    services.change_undo(member=home.owner, change=OccurrenceChange.objects.get())
    services.occurrence_skip(member=home.owner, card=_dinner(home), due_on=today)
    # Robin is 45 minutes less behind the plan: the skipped dinner is no longer expected.
    assert _behind(home, home.owner) == before + 45
    assert _behind(home, home.partner) == sam


def test_done_for_credits_the_doer_in_ledger_and_balance(sam_cooks: Home) -> None:
    home, today = sam_cooks, _today(sam_cooks)
    robin, sam = _behind(home, home.owner), _behind(home, home.partner)
    services.entry_done_for(member=home.owner, card=_dinner(home), due_on=today)
    assert _behind(home, home.owner) == robin + 45
    assert _behind(home, home.partner) == sam


def test_another_week_shows_a_skip_and_names_a_moved_one_by_its_day(robin_cooks: Home) -> None:
    home, today = robin_cooks, _today(robin_cooks)
    later = today + timedelta(days=7)
    services.occurrence_skip(member=home.owner, card=_dinner(home), due_on=later, reason="Away")
    services.occurrence_move(
        member=home.owner, card=_dinner(home), due_on=later + timedelta(days=1), to=later
    )
    url = reverse("week", args=[home.household.pk]) + f"?week={later.isoformat()}"
    html = home.owner_client.get(url).content.decode()
    row = html.split(f'id="due-{_dinner(home).pk}-{later:%Y%m%d}"', 1)[1].split("</li>", 1)[0]
    assert "Skipped: “Away”" in row and "Done" not in row
    moved = (later + timedelta(days=1)).isoformat()
    assert f'name="due_on" value="{moved}"' in html  # the form names it by the day it was due
