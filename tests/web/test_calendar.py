"""Calendar feeds: the .ics a calendar app subscribes to, and the Calendar page that makes,
shows, replaces and revokes its private link."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import http_date
from icalendar import Calendar

from evenly.accounts.services import account_create
from evenly.calendars import selectors as cal_selectors
from evenly.calendars import views as cal_views
from evenly.calendars.models import Feed
from evenly.calendars.services import feed_create, feed_revoke
from evenly.cards.services import card_owner_rule_set, rating_set
from evenly.checkins.models import Checkin, Item
from evenly.deals.services import deal_accept, deal_propose
from evenly.households.services import invitation_accept, invitation_create, member_leave
from evenly.week.selectors import schedule
from evenly.week.services import (
    change_undo,
    entry_done_for,
    entry_log,
    entry_mark_done,
    entry_undo,
    occurrence_skip,
    occurrence_snooze,
)
from tests.conftest import PASSWORD, Home

pytestmark = pytest.mark.django_db

MINE, HOUSEHOLD = Feed.Kind.MINE, Feed.Kind.HOUSEHOLD


def _url(token: str) -> str:
    return reverse("calendar_feed", args=[token])


def _fetch(token: str, **headers: Any) -> Any:
    return Client().get(_url(token), **headers)


def _events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def _summaries(body: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in _events(body)}


def _at_seven(monkeypatch: pytest.MonkeyPatch, card_name: str) -> None:
    """Give every occurrence of ``card_name`` a time of day (07:30), whichever way the week
    sets it, by wrapping the schedule the feed reads."""

    def timed(dues: list[Any]) -> list[Any]:
        return [
            dataclasses.replace(d, at=time(7, 30)) if d.card.name == card_name else d for d in dues
        ]

    real_schedule = cal_selectors.schedule
    real_due_for = cal_selectors.due_for
    monkeypatch.setattr(cal_selectors, "schedule", lambda **kw: timed(real_schedule(**kw)))
    monkeypatch.setattr(cal_selectors, "due_for", lambda **kw: timed(real_due_for(**kw)))


def _counting_since(home: Home, *, days: int) -> Home:
    """The household has counted its schedule for ``days`` days: its deal's cards have
    occurrences that long ago (the feed reaches back a week)."""
    type(home.household).objects.filter(pk=home.household.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    for h in (home.household, home.owner.household, home.partner.household):
        h.refresh_from_db()
    return home


# --- what a feed holds ----------------------------------------------------------------------


def test_a_member_feed_parses_and_holds_only_their_cards(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    h = home.household
    token = feed_create(member=home.owner, kind=MINE).token
    r = _fetch(token)
    assert r.status_code == 200
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(r.content)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Robin's cards (Evenly)"
    assert "REFRESH-INTERVAL" in cal and "X-PUBLISHED-TTL" in cal
    assert not list(cal.walk("VTODO"))
    events = _events(r.content)
    today = h.today()
    end = today + timedelta(weeks=8)
    expected = [
        d
        for d in schedule(household=h, start=today, end=end - timedelta(days=1))
        if d.holder == home.owner
    ]
    assert expected, "the fixture deals Robin some cards"
    assert len(events) == len(expected)
    for e in events:
        on = e.decoded("DTSTART")
        assert isinstance(on, date) and not isinstance(on, datetime)
        assert today <= on < end
        assert e.decoded("DTEND") == on + timedelta(days=1)
        assert "DTSTAMP" in e and "UID" in e
        assert "(" not in str(e["SUMMARY"])  # one's own feed does not repeat one's name
    robins = {d.card.name for d in expected}
    sams = {
        d.card.name for d in schedule(household=h, start=today, end=end) if d.holder == home.partner
    }
    assert _summaries(r.content) == robins
    assert not (sams - robins) & _summaries(r.content)


def test_the_household_feed_has_everyones_cards_saying_whose(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    h = home.household
    token = feed_create(member=home.partner, kind=HOUSEHOLD).token
    r = _fetch(token)
    assert r.status_code == 200
    cal = Calendar.from_ical(r.content)
    assert str(cal["X-WR-CALNAME"]) == "Robin & Sam (Evenly)"
    today = h.today()
    dues = schedule(household=h, start=today, end=today + timedelta(weeks=8, days=-1))
    assert {d.holder.display_name for d in dues} == {"Robin", "Sam"}
    assert _summaries(r.content) == {f"{d.card.name} ({d.holder.display_name})" for d in dues}
    assert len(_events(r.content)) == len(dues)


def test_uids_are_stable_across_fetches_and_days(rated_and_dealt: Home) -> None:
    home = _counting_since(rated_and_dealt, days=10)
    new = feed_create(member=home.owner, kind=HOUSEHOLD)
    first, second = _fetch(new.token), _fetch(new.token)
    assert first.content == second.content and first["ETag"] == second["ETag"]
    uids = [str(e["UID"]) for e in _events(first.content)]
    assert len(uids) == len(set(uids))
    assert all(re.fullmatch(r"h\d+-card\d+-\d{8}@evenly\.invalid", u) for u in uids)
    today = home.household.today()
    feed = Feed.objects.get(pk=new.feed.pk)

    def by_day(day: date) -> dict[str, date]:
        body = cal_selectors.feed_body(feed, today=day).ical
        return {str(e["UID"]): e.decoded("DTSTART") for e in _events(body)}

    a, b = by_day(today), by_day(today + timedelta(days=1))
    shared = set(a) & set(b)
    assert len(shared) > 10
    assert all(a[u] == b[u] for u in shared)  # the same occurrence keeps its UID
    back = timedelta(days=cal_selectors.FEED_PAST_DAYS)  # and the past week, done or not
    assert min(a.values()) == today - back and min(b.values()) == today + timedelta(days=1) - back
    assert max(a.values()) == today + timedelta(weeks=8, days=-1)
    # One's own feed names its UIDs apart from the household's (both may be subscribed).
    mine = feed_create(member=home.owner, kind=MINE).token
    assert not {str(e["UID"]) for e in _events(_fetch(mine).content)} & set(uids)


def test_a_moved_occurrence_is_at_its_new_day_under_its_own_uid(rated_and_dealt: Home) -> None:
    """Snoozed to tomorrow, a daily card has two occurrences that day: each keeps its own UID
    (the one moved, the day it was due), and the feed's date moves with the move."""
    home = rated_and_dealt
    h = home.household
    today = h.today()
    due = next(
        d for d in schedule(household=h, start=today, end=today) if d.card.name == "Cooking dinner"
    )
    new = feed_create(member=home.owner, kind=HOUSEHOLD)
    token = new.token
    before = _fetch(token)
    change = occurrence_snooze(member=due.holder, card=due.card, due_on=today)
    # A move dates itself: Last-Modified follows it.
    later = change.created_at + timedelta(minutes=5)
    type(change).objects.filter(pk=change.pk).update(created_at=later)
    assert cal_selectors.changed_at(new.feed, today=today) == later.replace(microsecond=0)
    after = _fetch(token, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    uids = [str(e["UID"]) for e in _events(after.content)]
    assert len(uids) == len(set(uids))
    cooking = {
        str(e["UID"]): e.decoded("DTSTART")
        for e in _events(after.content)
        if str(e["SUMMARY"]).startswith("Cooking dinner")
    }
    moved = f"h{h.pk}-card{due.card.pk}-{today:%Y%m%d}@evenly.invalid"
    tomorrow = today + timedelta(days=1)
    own = f"h{h.pk}-card{due.card.pk}-{tomorrow:%Y%m%d}@evenly.invalid"
    assert cooking[moved] == tomorrow and cooking[own] == tomorrow


def test_a_card_with_a_time_of_day_is_a_timed_event_in_the_households_zone(
    rated_and_dealt: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = rated_and_dealt
    _at_seven(monkeypatch, "Cooking dinner")
    token = feed_create(member=home.owner, kind=HOUSEHOLD).token
    r = _fetch(token)
    cal = Calendar.from_ical(r.content)
    zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
    assert zones == ["Europe/London"]
    text = r.content.decode()
    assert "DTSTART;TZID=Europe/London:" in text
    assert "DTSTART;VALUE=DATE:" in text  # the other cards stay all-day
    timed = [e for e in _events(r.content) if str(e["SUMMARY"]).startswith("Cooking dinner")]
    assert timed
    for e in timed:
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert isinstance(start, datetime) and start.time() == time(7, 30)
        assert str(start.tzinfo) == "Europe/London"
        assert end - start == timedelta(minutes=45)  # the card's minutes
    allday = [e for e in _events(r.content) if not str(e["SUMMARY"]).startswith("Cooking")]
    assert allday and all(str(e["TRANSP"]) == "TRANSPARENT" for e in allday)


def test_all_day_feed_has_no_time_zone_component(rated_and_dealt: Home) -> None:
    token = feed_create(member=rated_and_dealt.owner, kind=MINE).token
    assert not list(Calendar.from_ical(_fetch(token).content).walk("VTIMEZONE"))


def test_no_private_text_in_any_feed(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    h = home.household
    card = h.cards.get(name="Laundry")
    for m in (home.owner, home.partner):
        rating_set(
            member=m,
            card=card,
            preference="like",
            minutes=Decimal(77),
            standard=f"SECRET-STANDARD-{m.display_name}",
        )
    checkin = Checkin.objects.create(household=h, opens_at=timezone.now())
    Item.objects.create(
        checkin=checkin,
        author=home.partner,
        kind=Item.Kind.APPRECIATION,
        text="SECRET-CHECKIN-NOTE",
    )
    entry_log(
        member=home.partner,
        kind="noticed",
        minutes=Decimal(5),
        done_on=h.today(),
        title="SECRET-LOG-WORDS",
    )
    for m in (home.owner, home.partner):
        for kind in (MINE, HOUSEHOLD):
            body = _fetch(feed_create(member=m, kind=kind).token).content.decode()
            for secret in ("SECRET", "Done properly", "like"):
                assert secret not in body, (m, kind, secret)
            # Another member's own estimate (77 min, sealed with their rating) stays theirs.
            if kind == HOUSEHOLD:
                assert "About 1 h 17" not in body
    # One's own estimate is one's own: it shows in one's own feed.
    holder = next(
        d.holder
        for d in schedule(household=h, start=h.today(), end=h.today() + timedelta(14))
        if d.card == card
    )
    mine = _fetch(feed_create(member=holder, kind=MINE).token).content.decode()
    assert "About 1 h 17" in mine


# --- HTTP: conditional requests, 404s ---------------------------------------------------------


def test_etag_and_last_modified_answer_304(
    rated_and_dealt: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cal_views, "FRESH", timedelta(0))  # as if the last change were older
    token = feed_create(member=rated_and_dealt.owner, kind=MINE).token
    r = _fetch(token)
    etag, modified = r["ETag"], r["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert r["Cache-Control"] == "private, no-cache"
    not_modified = _fetch(token, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not not_modified.content
    assert not_modified["ETag"] == etag
    assert _fetch(token, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert _fetch(token, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
    both = _fetch(token, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=modified)
    assert both.status_code == 200
    stamp = datetime.strptime(modified, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    earlier = http_date((stamp - timedelta(minutes=1)).timestamp())
    assert _fetch(token, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert Client().head(_url(token)).status_code == 200


def test_last_modified_is_never_older_than_the_hour(
    rated_and_dealt: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deletion (an undone cover) moves no date; If-Modified-Since alone still sees it
    within the hour."""
    feed = feed_create(member=rated_and_dealt.owner, kind=MINE)
    # As if nothing the feed can date had changed for three days.
    long_ago = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    monkeypatch.setattr(cal_selectors, "changed_at", lambda feed, today: long_ago)
    r = _fetch(feed.token)
    stamp = datetime.strptime(r["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
    now = timezone.now()
    assert stamp.replace(tzinfo=UTC) >= now.replace(minute=0, second=0, microsecond=0)
    # The events' DTSTAMP follows the data, not the clock: the ETag stays put within the day.
    assert _fetch(feed.token)["ETag"] == r["ETag"]


def test_a_304_does_not_write_the_icalendar(
    rated_and_dealt: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = feed_create(member=rated_and_dealt.owner, kind=HOUSEHOLD).token
    first = _fetch(token)
    # The ETag is the plan's: the same body, fetched again, has the same one.
    assert first["ETag"] == _fetch(token)["ETag"]

    def refuse(plan: Any) -> bytes:
        raise AssertionError("rendered for a 304")

    monkeypatch.setattr(cal_selectors, "render", refuse)
    assert _fetch(token, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_etag_follows_every_part_of_the_body(rated_and_dealt: Home) -> None:
    """The ETag hashes the plan the body is written from: any two plans that differ in
    anything written have different ETags, and equal plans write equal bodies."""
    feed = feed_create(member=rated_and_dealt.owner, kind=HOUSEHOLD).feed
    feed = Feed.objects.select_related("household", "member").get(pk=feed.pk)
    plan = cal_selectors.feed_plan(feed, link="http://x/week/")
    assert cal_selectors.feed_plan(feed, link="http://x/week/").etag == plan.etag
    assert cal_selectors.render(cal_selectors.feed_plan(feed, link="http://x/week/")) == (
        cal_selectors.render(plan)
    )
    first = plan.events[0]
    changes = [
        dataclasses.replace(plan, name="Other"),
        dataclasses.replace(plan, about="Other"),
        dataclasses.replace(plan, time_zone="Europe/Paris"),
        dataclasses.replace(plan, stamp=plan.stamp + timedelta(seconds=1)),
        dataclasses.replace(plan, events=plan.events[1:]),
    ] + [
        dataclasses.replace(plan, events=(dataclasses.replace(first, **{f: v}), *plan.events[1:]))
        for f, v in (
            ("uid", "x@y"),
            ("summary", "x"),
            ("description", "x"),
            ("url", "http://y/"),
            ("start", first.start + timedelta(days=1)),
            ("end", first.end + timedelta(days=1)),
            ("transparent", not first.transparent),
        )
    ]
    etags = {plan.etag} | {c.etag for c in changes}
    assert len(etags) == len(changes) + 1
    fields = {f.name for f in dataclasses.fields(cal_selectors.EventPlan)}
    assert fields == {"uid", "summary", "description", "url", "start", "end", "transparent"}
    fields = {f.name for f in dataclasses.fields(cal_selectors.FeedPlan)}
    assert fields == {"name", "about", "time_zone", "stamp", "events"}


def _robins_card(home: Home) -> Any:
    h = home.household
    return next(
        d.card
        for d in schedule(household=h, start=h.today(), end=h.today() + timedelta(days=6))
        if d.holder == home.owner
    )


def test_a_change_in_the_same_second_is_not_hidden_by_if_modified_since(
    rated_and_dealt: Home,
) -> None:
    home = rated_and_dealt
    token = feed_create(member=home.owner, kind=MINE).token
    first = _fetch(token)
    rating_set(member=home.owner, card=_robins_card(home), preference="like", minutes=Decimal(61))
    again = _fetch(token, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"] and b"About 1 h 01" in again.content


def test_last_modified_follows_the_latest_change(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    feed = feed_create(member=home.owner, kind=MINE).feed
    today = home.household.today()
    before = cal_selectors.changed_at(feed, today=today)
    rating = rating_set(
        member=home.owner, card=_robins_card(home), preference="like", minutes=Decimal(61)
    )
    later = rating.updated_at + timedelta(minutes=5)
    type(rating).objects.filter(pk=rating.pk).update(updated_at=later)
    assert cal_selectors.changed_at(feed, today=today) == later.replace(microsecond=0)
    assert later > before


def test_a_change_to_the_deal_changes_the_etag(rated_and_dealt: Home) -> None:
    from evenly.cards.services import card_save

    home = rated_and_dealt
    token = feed_create(member=home.owner, kind=HOUSEHOLD).token
    before = _fetch(token)
    card = home.household.cards.get(name="Cooking dinner")
    card_save(
        household=home.household,
        card=card,
        name="Cooking supper",
        category=card.category,
        cadence=card.cadence,
        minutes=card.minutes,
        mental_minutes=card.mental_minutes,
        standard=card.standard,
    )
    after = _fetch(token, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert any(s.startswith("Cooking supper") for s in _summaries(after.content))


def test_unknown_revoked_replaced_and_left_answer_404(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    assert _fetch("nope").status_code == 404
    assert _fetch("x" * 500).status_code == 404
    old = feed_create(member=home.owner, kind=MINE).token
    assert _fetch(old).status_code == 200
    new = feed_create(member=home.owner, kind=MINE).token
    assert _fetch(old).status_code == 404 and _fetch(new).status_code == 200
    assert feed_revoke(member=home.owner, kind=MINE)
    assert _fetch(new).status_code == 404
    sams = feed_create(member=home.partner, kind=HOUSEHOLD).token
    robins = feed_create(member=home.owner, kind=HOUSEHOLD).token
    member_leave(member=home.partner)
    assert _fetch(sams).status_code == 404
    assert _fetch(robins).status_code == 200
    assert not Feed.objects.filter(member=home.partner).exists()


def test_a_member_who_left_is_refused_at_read_time_too(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    token = feed_create(member=home.partner, kind=MINE).token
    # As if the leaving had happened without the clean-up (an older row, a restored backup).
    type(home.partner).objects.filter(pk=home.partner.pk).update(left_at=timezone.now())
    assert _fetch(token).status_code == 404


def test_a_feed_takes_get_and_head_only(rated_and_dealt: Home) -> None:
    token = feed_create(member=rated_and_dealt.owner, kind=MINE).token
    anon = Client()
    for method in ("post", "put", "patch", "delete"):
        assert getattr(anon, method)(_url(token)).status_code == 405


# --- the Calendar page ------------------------------------------------------------------------


def test_the_page_makes_shows_replaces_and_revokes_links(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    h = home.household.pk
    robin = home.owner_client
    page = robin.get(reverse("calendar", args=[h])).content.decode()
    assert page.count("Make a link") == 2
    assert "no deal in force yet" not in page
    assert 'type="text/calendar"' not in page
    r = robin.post(reverse("calendar_feed_new", args=[h]), {"kind": "mine"})
    assert r.status_code == 302 and r.url == reverse("calendar", args=[h])
    page = robin.get(reverse("calendar", args=[h])).content.decode()
    found = re.search(r'value="(http://testserver/calendar/([\w-]+)\.ics)"', page)
    assert found, page
    url, token = found.groups()
    assert (
        f'<link rel="alternate" type="text/calendar" title="Your cards (Evenly)" href="/calendar/{token}.ics">'
        in page
    )
    assert f'<a href="{url}">' in page
    assert f'href="webcal://testserver/calendar/{token}.ics"' in page
    assert 'data-copy="feed-mine-url"' in page and "calendars/copy.js" in page
    for app in ("Google Calendar", "Apple Calendar", "Thunderbird"):
        assert app in page
    assert _fetch(token).status_code == 200
    # Shown again on a later visit (a second device), the same link.
    assert url in robin.get(reverse("calendar", args=[h])).content.decode()
    # Sam sees only Sam's own links.
    assert token not in home.partner_client.get(reverse("calendar", args=[h])).content.decode()
    robin.post(reverse("calendar_feed_new", args=[h]), {"kind": "mine"})
    assert _fetch(token).status_code == 404
    page = robin.get(reverse("calendar", args=[h])).content.decode()
    assert "Replace link" in page and token not in page
    new_token = re.search(r"/calendar/([\w-]+)\.ics", page).group(1)
    robin.post(reverse("calendar_feed_revoke", args=[h]), {"kind": "mine"})
    assert _fetch(new_token).status_code == 404
    assert "/calendar/" + new_token not in robin.get(reverse("calendar", args=[h])).content.decode()


def test_a_bad_kind_is_refused_with_a_message(rated_and_dealt: Home) -> None:
    h = rated_and_dealt.household.pk
    robin = rated_and_dealt.owner_client
    for name in ("calendar_feed_new", "calendar_feed_revoke"):
        r = robin.post(reverse(name, args=[h]), {"kind": "everything"}, follow=True)
        assert r.status_code == 200
        assert "Choose which calendar" in r.content.decode()
    assert not Feed.objects.exists()


def test_a_link_made_under_an_older_secret_key_keeps_working(
    rated_and_dealt: Home, settings: Any
) -> None:
    home = rated_and_dealt
    token = feed_create(member=home.owner, kind=MINE).token
    calendar = reverse("calendar", args=[home.household.pk])
    # A rotation as Django documents it: the old key stays a fallback for a while.
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY_FALLBACKS = [old_key]
    settings.SECRET_KEY = "another key, after a rotation" * 2
    assert _fetch(token).status_code == 200
    assert token in home.owner_client.get(calendar).content.decode()
    # Once the old key is gone the link still works, but the page cannot show it any more.
    settings.SECRET_KEY_FALLBACKS = []
    assert _fetch(token).status_code == 200
    robin = Client()
    robin.force_login(home.owner.user)
    page = robin.get(calendar).content.decode()
    assert token not in page
    assert "can no longer be shown here" in page and "Replace link" in page


def test_without_a_deal_the_page_says_the_calendars_are_empty(home: Home) -> None:
    page = home.owner_client.get(reverse("calendar", args=[home.household.pk]))
    assert "no deal in force yet" in page.content.decode()
    token = feed_create(member=home.owner, kind=HOUSEHOLD).token
    r = _fetch(token)
    assert r.status_code == 200 and _events(r.content) == []


def test_the_week_page_links_the_calendar_page(rated_and_dealt: Home) -> None:
    h = rated_and_dealt.household.pk
    page = rated_and_dealt.owner_client.get(reverse("week", args=[h])).content.decode()
    assert f'href="{reverse("calendar", args=[h])}"' in page


def test_timed_events_keep_their_local_time_across_a_dst_change(
    rated_and_dealt: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = rated_and_dealt
    type(home.household).objects.filter(pk=home.household.pk).update(time_zone="America/New_York")
    _at_seven(monkeypatch, "Cooking dinner")
    feed = Feed.objects.select_related("household", "member").get(
        pk=feed_create(member=home.owner, kind=HOUSEHOLD).feed.pk
    )
    # New York moves its clocks on 14 March 2027, inside the 8 weeks from 1 March.
    body = cal_selectors.feed_body(feed, today=date(2027, 3, 1)).ical
    cal = Calendar.from_ical(body)
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"
    assert {c.name for c in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}
    cooking = [e for e in _events(body) if str(e["SUMMARY"]).startswith("Cooking dinner")]
    days = {e.decoded("DTSTART").date() for e in cooking}
    assert date(2027, 3, 13) in days and date(2027, 3, 15) in days
    for e in cooking:
        start = e.decoded("DTSTART")
        assert start.time() == time(7, 30) and str(start.tzinfo) == "America/New_York"
    utc_hours = {e.decoded("DTSTART").astimezone(UTC).hour for e in cooking}
    assert utc_hours == {11, 12}  # 07:30 EDT and 07:30 EST


# --- what is done, undone and skipped ---------------------------------------------------------


def _held(home: Home, member: Any, *, days_ago: int) -> list[Any]:
    """The occurrences ``member`` holds (their cards and turns) from ``days_ago`` days back to
    today, oldest first: the week of a household of four cards has a few for each."""
    h = home.household
    today = h.today()
    start = today - timedelta(days=days_ago)
    return [d for d in schedule(household=h, start=start, end=today) if d.holder == member]


def _event_of(body: bytes, uid_part: str) -> Any:
    (event,) = [e for e in _events(body) if uid_part in str(e["UID"])]
    return event


def _uid_part(due: Any) -> str:
    return f"-card{due.card.pk}-{due.due_on:%Y%m%d}"


def _shown(token: str, due: Any) -> tuple[str, str]:
    """The title and the first line of the description of ``due``'s event in the feed."""
    event = _event_of(_fetch(token).content, _uid_part(due))
    return str(event["SUMMARY"]), str(event["DESCRIPTION"]).split("\n")[0]


def _short(day: date) -> str:
    """A day as an English feed writes it ("Mon 7 Dec")."""
    with translation.override("en"):
        return date_format(day, "D j M")


@pytest.fixture
def counting(rated_and_dealt: Home) -> Home:
    """The household has counted its schedule for ten days: last week's cards exist."""
    return _counting_since(rated_and_dealt, days=10)


def test_last_weeks_card_done_by_its_holder_shows_done(counting: Home) -> None:
    home = counting
    today = home.household.today()
    due, open_one = _held(home, home.owner, days_ago=6)[:2]
    mine = feed_create(member=home.owner, kind=MINE).token
    household = feed_create(member=home.partner, kind=HOUSEHOLD).token
    entry_mark_done(member=home.owner, card=due.card, due_on=due.due_on)
    day = _short(today)
    assert _shown(mine, due) == (f"✓ {due.card.name}", f"You did this on {day}.")
    assert str(_event_of(_fetch(mine).content, _uid_part(due))["TRANSP"]) == "TRANSPARENT"
    assert _shown(household, due) == (f"✓ {due.card.name} (Robin)", f"Done by Robin on {day}.")
    # One not done looks as it always did: no mark, no word of it.
    title, first = _shown(mine, open_one)
    assert title == open_one.card.name and first.startswith("About ")


def test_done_for_them_by_another_says_who(counting: Home) -> None:
    home = counting
    today = home.household.today()
    due = _held(home, home.owner, days_ago=6)[-1]
    robins = feed_create(member=home.owner, kind=MINE).token
    sams = feed_create(member=home.partner, kind=MINE).token
    household = feed_create(member=home.owner, kind=HOUSEHOLD).token
    entry_done_for(member=home.partner, card=due.card, due_on=due.due_on)
    day = _short(today)
    assert _shown(robins, due) == (f"✓ {due.card.name}", f"Sam did this for you on {day}.")
    assert _shown(household, due) == (f"✓ {due.card.name} (Robin)", f"Done by Sam on {day}.")
    # Robin's occurrence stays out of Sam's own feed: it is still Robin's card.
    assert not [e for e in _events(_fetch(sams).content) if _uid_part(due) in str(e["UID"])]


def test_after_an_undo_the_mark_goes_and_the_feed_is_fetched_anew(counting: Home) -> None:
    home = counting
    due = _held(home, home.owner, days_ago=6)[-1]
    token = feed_create(member=home.owner, kind=MINE).token
    entry = entry_mark_done(member=home.owner, card=due.card, due_on=due.due_on)
    done = _fetch(token)
    assert str(_event_of(done.content, _uid_part(due))["SUMMARY"]).startswith("✓ ")
    entry_undo(member=home.owner, entry=entry)
    again = _fetch(token, HTTP_IF_NONE_MATCH=done["ETag"])
    assert again.status_code == 200 and again["ETag"] != done["ETag"]
    event = _event_of(again.content, _uid_part(due))
    assert str(event["SUMMARY"]) == due.card.name
    assert "did this" not in str(event["DESCRIPTION"])


def test_a_skipped_occurrence_says_skipped_and_never_why(counting: Home) -> None:
    home = counting
    due = _held(home, home.partner, days_ago=6)[0]
    sams = feed_create(member=home.partner, kind=MINE).token
    household = feed_create(member=home.owner, kind=HOUSEHOLD).token
    change = occurrence_skip(
        member=home.partner, card=due.card, due_on=due.due_on, reason="SECRET-REASON"
    )
    for token, summary in ((sams, due.card.name), (household, f"{due.card.name} (Sam)")):
        body = _fetch(token).content
        event = _event_of(body, _uid_part(due))
        assert str(event["SUMMARY"]) == f"Skipped: {summary}"
        assert str(event["DESCRIPTION"]).startswith("Skipped.\n")
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert b"SECRET" not in body
    change_undo(member=home.partner, change=change)
    event = _event_of(_fetch(sams).content, _uid_part(due))
    assert str(event["SUMMARY"]) == due.card.name


def test_a_done_timed_card_makes_nobody_busy(
    counting: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = counting
    _at_seven(monkeypatch, "Cooking dinner")
    today = home.household.today()
    dinners = [
        d
        for d in schedule(household=home.household, start=today, end=today + timedelta(days=1))
        if d.card.name == "Cooking dinner"
    ]
    done, still = dinners
    entry_mark_done(member=done.holder, card=done.card, due_on=done.due_on)
    body = _fetch(feed_create(member=home.owner, kind=HOUSEHOLD).token).content
    assert str(_event_of(body, _uid_part(done))["TRANSP"]) == "TRANSPARENT"
    assert "TRANSP" not in _event_of(body, _uid_part(still))


def test_another_households_cards_never_appear(counting: Home) -> None:
    home = counting
    olly = home.outsider
    kim = invitation_accept(
        token=invitation_create(household=home.other_household, member=olly).token,
        user=account_create(email="kim@example.org", password=PASSWORD, verified=True),
        display_name="Kim",
    )
    hoovering = home.other_household.cards.get()
    card_owner_rule_set(card=hoovering, locked_to=olly, rotation=[])
    for m in (olly, kim):
        rating_set(member=m, card=hoovering, preference="fine")
    deal = deal_propose(household=home.other_household, member=olly)
    deal_accept(deal=deal, member=olly)
    deal_accept(deal=deal, member=kim)
    today = home.other_household.today()
    (due,) = schedule(household=home.other_household, start=today, end=today + timedelta(6))
    entry_mark_done(member=olly, card=hoovering, due_on=due.due_on)
    for member in (home.owner, home.partner):
        for kind in (MINE, HOUSEHOLD):
            body = _fetch(feed_create(member=member, kind=kind).token).content
            assert b"Hoovering" not in body and b"Olly" not in body
            assert f"-card{hoovering.pk}-".encode() not in body
    olly_feed = _fetch(feed_create(member=olly, kind=HOUSEHOLD).token).content
    assert {str(e["SUMMARY"]) for e in _events(olly_feed)} >= {"✓ Hoovering (Olly)"}
    assert b"Robin" not in olly_feed and b"Sam" not in olly_feed


def test_a_german_members_feed_is_in_german(counting: Home) -> None:
    home = counting
    type(home.owner.user).objects.filter(pk=home.owner.user.pk).update(language="de")
    today = home.household.today()
    by_robin, for_robin, skipped = _held(home, home.owner, days_ago=6)[:3]
    entry_mark_done(member=home.owner, card=by_robin.card, due_on=by_robin.due_on)
    entry_done_for(member=home.partner, card=for_robin.card, due_on=for_robin.due_on)
    occurrence_skip(member=home.owner, card=skipped.card, due_on=skipped.due_on)
    with translation.override("de"):
        day = date_format(today, "D, j. M")
    mine = Calendar.from_ical(_fetch(feed_create(member=home.owner, kind=MINE).token).content)
    assert str(mine["X-WR-CALNAME"]) == "Karten von Robin (Evenly)"
    assert str(mine["X-WR-CALDESC"]) == "Was im Haushalt ansteht, aus Evenly."
    body = mine.to_ical()
    event = _event_of(body, _uid_part(by_robin))
    assert str(event["SUMMARY"]) == f"✓ {by_robin.card.name}"
    assert str(event["DESCRIPTION"]).startswith(f"Du hast das am {day} erledigt.\n")
    assert "Etwa " in str(event["DESCRIPTION"]) and "Diese Woche in Evenly: " in str(
        event["DESCRIPTION"]
    )
    event = _event_of(body, _uid_part(for_robin))
    assert str(event["DESCRIPTION"]).startswith(f"Sam hat das am {day} für dich gemacht.\n")
    event = _event_of(body, _uid_part(skipped))
    assert str(event["SUMMARY"]) == f"Übersprungen: {skipped.card.name}"
    assert str(event["DESCRIPTION"]).startswith("Übersprungen.\n")
    household = _fetch(feed_create(member=home.owner, kind=HOUSEHOLD).token).content
    event = _event_of(household, _uid_part(for_robin))
    assert str(event["DESCRIPTION"]).startswith(f"Erledigt von Sam am {day}.\nKarte von Robin.")
    # Sam has chosen no language: Sam's feed of the same household stays English.
    sams = _fetch(feed_create(member=home.partner, kind=HOUSEHOLD).token).content
    event = _event_of(sams, _uid_part(for_robin))
    assert str(event["DESCRIPTION"]).startswith(f"Done by Sam on {_short(today)}.\nRobin's card.")
    # Whatever language the calendar app asks for.
    english = Client(headers={"accept-language": "en"})
    robins = english.get(_url(feed_create(member=home.owner, kind=MINE).token))
    assert b"Du hast das am" in robins.content and robins["Content-Language"] == "de"


def _feed_queries(token: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _fetch(token).status_code == 200
    return len(queries)


def test_a_feed_reads_a_fixed_number_of_queries_however_much_is_done(counting: Home) -> None:
    home = counting
    h = home.household
    today = h.today()
    tokens = [
        feed_create(member=m, kind=k).token
        for m in (home.owner, home.partner)
        for k in (MINE, HOUSEHOLD)
    ]
    before = [_feed_queries(t) for t in tokens]
    dues = schedule(household=h, start=today - timedelta(days=7), end=today)
    assert len(dues) > 10
    for i, due in enumerate(dues):
        if i % 3 == 0:
            entry_mark_done(member=due.holder, card=due.card, due_on=due.due_on)
        elif i % 3 == 1:
            other = home.partner if due.holder == home.owner else home.owner
            entry_done_for(member=other, card=due.card, due_on=due.due_on)
        elif i % 6 == 2:
            occurrence_skip(member=due.holder, card=due.card, due_on=due.due_on, reason="x")
    after = [_feed_queries(t) for t in tokens]
    assert after == before
    marked = [str(e["SUMMARY"]) for e in _events(_fetch(tokens[1]).content)]
    assert sum(s.startswith("✓ ") for s in marked) >= 5
    assert any(s.startswith("Skipped: ") for s in marked)


def test_a_tick_changes_both_validators(counting: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    """A calendar app that fetched the feed before a tick gets the tick's mark, not a 304,
    whether it asks with the ETag or with the date."""
    monkeypatch.setattr(cal_views, "FRESH", timedelta(0))  # as if the last change were older
    home = counting
    due = _held(home, home.owner, days_ago=6)[0]
    token = feed_create(member=home.owner, kind=MINE).token
    first = _fetch(token)
    assert _fetch(token, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert _fetch(token, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    entry = entry_mark_done(member=home.owner, card=due.card, due_on=due.due_on)
    # The tick comes a second after the fetch at least (within the same second the date is
    # weak, and If-Modified-Since is not trusted: test_a_change_in_the_same_second...).
    fetched = datetime.strptime(first["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
    ticked = max(entry.created_at, fetched.replace(tzinfo=UTC) + timedelta(seconds=1))
    type(entry).objects.filter(pk=entry.pk).update(created_at=ticked)
    for headers in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        again = _fetch(token, **headers)
        assert again.status_code == 200, headers
        assert again["ETag"] != first["ETag"] and again["Last-Modified"] != first["Last-Modified"]
        event = _event_of(again.content, _uid_part(due))
        assert str(event["SUMMARY"]) == f"✓ {due.card.name}"
    assert _fetch(token, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304
