"""Needs you: what waits on one member, from every app that owns something, on one page and as
a count on its tab. Each provider's need appears, and goes once it is done."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from evenly.cards.services import card_owner_rule_set, rating_set
from evenly.checkins.models import Checkin
from evenly.checkins.services import checkin_close, checkin_plan_set, checkin_start, item_add
from evenly.deals.models import Deal
from evenly.deals.services import deal_accept, deal_propose
from evenly.households.models import Household, Invitation, Member
from evenly.households.services import (
    household_changed,
    invitation_create,
    invitation_revoke,
)
from evenly.pages import needs as registry
from evenly.pages.needs import Need, needs_for
from evenly.perception.services import estimate_submit, round_start
from evenly.week.models import LogEntry
from evenly.week.services import away_create, cover_take
from tests.conftest import PASSWORD, Home


def _today(home: Home) -> date:
    return home.household.today()


def _needs(member, kind: str | None = None) -> list[Need]:  # type: ignore[no-untyped-def]
    found = needs_for(member, today=member.household.today())
    return [n for n in found if kind is None or n.kind == kind]


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _page(home: Home, client=None) -> str:  # type: ignore[no-untyped-def]
    response = (client or home.owner_client).get(_url(home, "needs"))
    assert response.status_code == 200
    return response.content.decode()


def _redeal(home: Home, locks: dict[str, object]) -> None:
    for name, member in locks.items():
        card_owner_rule_set(card=home.household.cards.get(name=name), locked_to=member, rotation=[])
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)


def _done(home: Home, client, card: str, on: date):  # type: ignore[no-untyped-def]
    data = {"card": home.household.cards.get(name=card).pk, "due_on": on.isoformat()}
    return client.post(_url(home, "week_done"), data)


@pytest.fixture
def robin_cooks(rated_and_dealt: Home) -> Home:
    """Cooking dinner (daily) is Robin's, and the household began two days ago: Robin has
    it due today and missed it on the two days before."""
    home = rated_and_dealt
    _redeal(home, {"Cooking dinner": home.owner})
    home.household.created_at -= timedelta(days=2)
    home.household.save(update_fields=["created_at"])
    return home


# --- cards: overdue and today ----------------------------------------------------------------


def test_a_card_due_today_and_one_missed_wait_until_they_are_done(robin_cooks: Home) -> None:
    home = robin_cooks
    today = _today(home)
    cooking = home.household.cards.get(name="Cooking dinner")
    cards = {n.key: n for n in _needs(home.owner, "card")}
    # At most one overdue per card: the latest missed, yesterday's, not the day before's.
    assert set(cards) >= {
        f"card:{cooking.pk}:{today.isoformat()}",
        f"card:{cooking.pk}:{(today - timedelta(days=1)).isoformat()}",
    }
    assert f"card:{cooking.pk}:{(today - timedelta(days=2)).isoformat()}" not in cards
    overdue = cards[f"card:{cooking.pk}:{(today - timedelta(days=1)).isoformat()}"]
    assert overdue.overdue and overdue.url == _url(home, "week")
    assert cards[f"card:{cooking.pk}:{today.isoformat()}"].title.startswith("Cooking dinner, today")
    # Sam's list has none of Robin's cards.
    assert not any(n.key.startswith(f"card:{cooking.pk}:") for n in _needs(home.partner))

    assert _done(home, home.owner_client, "Cooking dinner", today).status_code == 302
    keys = {n.key for n in _needs(home.owner, "card")}
    assert f"card:{cooking.pk}:{today.isoformat()}" not in keys
    assert _done(home, home.owner_client, "Cooking dinner", today - timedelta(days=1))
    keys = {n.key for n in _needs(home.owner, "card")}
    assert f"card:{cooking.pk}:{(today - timedelta(days=1)).isoformat()}" not in keys


def test_cover_asked_while_someone_is_away_goes_once_taken(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    _redeal(home, {"Cooking dinner": home.partner})
    today = _today(home)
    cooking = home.household.cards.get(name="Cooking dinner")
    assert _needs(home.owner, "cover") == []
    away_create(member=home.partner, starts_on=today, ends_on=today, reason="travel")
    covers = _needs(home.owner, "cover")
    assert [n.key for n in covers] == [f"cover:{cooking.pk}:{today.isoformat()}"]
    assert "Sam is away" in covers[0].title
    assert covers[0].url.startswith(_url(home, "week"))
    assert _needs(home.partner, "cover") == []  # nobody is asked to cover their own card
    cover_take(member=home.owner, card=cooking, due_on=today)
    assert _needs(home.owner, "cover") == []


# --- ratings, deal -----------------------------------------------------------------------------


def test_ratings_to_finish_wait_until_every_card_is_rated(home: Home) -> None:
    cards = list(home.household.cards.order_by("name"))
    (need,) = _needs(home.owner, "ratings")
    assert need.title.startswith("Rate 4 cards") and need.url == _url(home, "rate")
    rating_set(member=home.owner, card=cards[0], preference="fine")
    (after_one,) = _needs(home.owner, "ratings")
    assert after_one.title.startswith("Rate 3 cards")
    assert after_one.key == need.key  # the same reminder: no new one for each card rated
    for card in cards[1:]:
        rating_set(member=home.owner, card=card, preference="fine")
    assert _needs(home.owner, "ratings") == []
    assert _needs(home.partner, "ratings")  # Sam has not rated yet


def test_a_proposed_deal_waits_on_each_member_until_they_accept(home: Home) -> None:
    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")
    deal = deal_propose(household=home.household, member=home.owner)
    assert [n.key for n in _needs(home.owner, "deal")] == [f"deal:{deal.pk}"]
    assert [n.key for n in _needs(home.partner, "deal")] == [f"deal:{deal.pk}"]
    r = home.owner_client.post(_url(home, "deal_accept", deal.version))
    assert r.status_code == 302
    assert _needs(home.owner, "deal") == []
    assert _needs(home.partner, "deal")  # still waits on Sam
    deal_accept(deal=deal, member=home.partner)
    assert _needs(home.partner, "deal") == []


# --- the check-in, the perception check ------------------------------------------------------


def test_the_open_check_in_waits_on_each_member_until_they_close_it(home: Home) -> None:
    checkin_plan_set(household=home.household, weekday=6, at=time(19))
    checkin = checkin_start(member=home.owner)
    (need,) = _needs(home.owner, "checkin")
    assert need.url == _url(home, "checkin_together", checkin.pk)
    on = checkin.opens_at.astimezone(home.household.zone).date()
    assert need.key == f"checkin:{home.household.pk}:{on.isoformat()}"
    checkin_close(member=home.owner, checkin=checkin)
    assert _needs(home.owner, "checkin") == []
    assert _needs(home.partner, "checkin")  # Sam has not closed it yet
    checkin_close(member=home.partner, checkin=checkin)
    # Held: the next one is at least four days away.
    assert _needs(home.partner, "checkin") == []


def test_the_check_in_due_today_is_listed_before_anyone_opens_talk(home: Home) -> None:
    zone = home.household.zone
    if timezone.now().astimezone(zone).time() >= time(23, 58):
        pytest.skip("too close to midnight to plan a check-in for later today")
    today = _today(home)
    checkin_plan_set(household=home.household, weekday=today.weekday(), at=time(23, 59))
    before = Checkin.objects.count()
    (need,) = _needs(home.owner, "checkin")
    assert need.title == "The weekly check-in, today at 23:59"
    assert need.url == _url(home, "talk") and need.on == today
    _page(home)  # reading what waits never makes the check-in (a GET never writes)
    assert Checkin.objects.count() == before
    # Tomorrow's check-in is not today's business.
    checkin_plan_set(household=home.household, weekday=(today.weekday() + 1) % 7, at=time(9))
    assert _needs(home.owner, "checkin") == []


def test_no_check_in_waits_without_a_plan_or_a_partner(home: Home) -> None:
    assert _needs(home.owner, "checkin") == []
    olly = home.outsider
    checkin_plan_set(household=home.other_household, weekday=0, at=time(0))
    assert _needs(olly, "checkin") == []


def test_this_months_perception_check_waits_until_answered(home: Home) -> None:
    # Before a deal is in force there is nothing to guess a share of.
    assert _needs(home.owner, "perception") == []
    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    (need,) = _needs(home.owner, "perception")
    assert need.url == _url(home, "perception")
    month = _today(home).replace(day=1)
    assert need.key == f"perception:{home.household.pk}:{month:%Y-%m}"
    check, _ = round_start(member=home.owner)
    assert [n.key for n in _needs(home.owner, "perception")] == [need.key]
    estimate_submit(member=home.owner, round=check, home_share=50, mental_share=50)
    assert _needs(home.owner, "perception") == []
    assert _needs(home.partner, "perception")
    estimate_submit(member=home.partner, round=check, home_share=50, mental_share=50)
    assert _needs(home.partner, "perception") == []
    # Alone, there is nobody to compare with.
    assert _needs(home.outsider, "perception") == []


# --- a re-deal after drift -------------------------------------------------------------------


def test_drift_offers_a_re_deal_until_one_is_proposed(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    assert _needs(home.owner, "redeal") == []
    today = _today(home)
    monday = today - timedelta(days=today.weekday())
    for w in (1, 2, 3):
        for member, minutes, card in ((home.owner, 300, "Laundry"), (home.partner, 60, "Bins out")):
            LogEntry.objects.create(
                household=home.household,
                member=member,
                card=home.household.cards.get(name=card),
                title=card,
                kind="did",
                minutes=Decimal(minutes),
                done_on=monday - timedelta(weeks=w),
            )
    # The same drift the Balance page shows, with its "Ask for a re-deal".
    assert "Ask for a re-deal" in home.owner_client.get(_url(home, "balance")).content.decode()
    for member in (home.owner, home.partner):
        (need,) = _needs(member, "redeal")
        assert need.url == _url(home, "balance") + "#drift-h"
    deal_propose(household=home.household, member=home.partner)
    # Asked for: now the new deal waits on a yes instead.
    assert _needs(home.owner, "redeal") == []
    assert _needs(home.owner, "deal")


# --- invitations -----------------------------------------------------------------------------


def test_an_open_invitation_waits_on_who_made_it_until_used_or_revoked(home: Home) -> None:
    assert _needs(home.owner, "invitation") == []
    invitation_create(household=home.household, member=home.owner)
    (need,) = _needs(home.owner, "invitation")
    assert need.title == "Your invitation is still open — share it or revoke it"
    assert need.url == _url(home, "members")
    assert _needs(home.partner, "invitation") == []  # a link is nobody else's business
    invitation_revoke(invitation=Invitation.objects.get(pk=need.key.split(":")[1]))
    assert _needs(home.owner, "invitation") == []


def test_a_member_alone_is_asked_to_invite_someone(home: Home) -> None:
    olly = home.outsider
    (need,) = _needs(olly, "invite")
    assert need.url == reverse("members", args=[home.other_household.pk])
    invitation_create(household=home.other_household, member=olly)
    assert _needs(olly, "invite") == []
    assert _needs(olly, "invitation")
    assert _needs(home.owner, "invite") == []  # Robin has Sam


def test_the_invitation_lines_are_said_in_the_readers_language(home: Home) -> None:
    from django.utils import translation

    olly = home.outsider
    with translation.override("de"):
        (need,) = _needs(olly, "invite")
        assert need.title.startswith("Du bist hier noch allein")
        invitation_create(household=home.other_household, member=olly)
        invitation_create(household=home.other_household, member=olly)
        (need,) = _needs(olly, "invitation")
        assert need.title.startswith("Deine 2 Einladungen sind noch offen")
    (need,) = _needs(olly, "invitation")
    assert need.title == "Your 2 invitations are still open — share them or revoke them"


# --- the page and the tab --------------------------------------------------------------------


def test_the_page_lists_what_waits_grouped_with_a_link_each(robin_cooks: Home) -> None:
    home = robin_cooks
    invitation_create(household=home.household, member=home.owner)
    html = _page(home)
    assert '<h2 id="needs-overdue-h">Overdue' in html
    assert '<h2 id="needs-today-h">Today' in html
    assert '<h2 id="needs-later-h">When you can' in html
    for need in _needs(home.owner):
        assert f'<a href="{need.url}">{escape(need.title)}</a>' in html
    assert 'id="needs-tab" aria-current="page"' in html


def test_the_page_says_when_nothing_waits(home: Home) -> None:
    for card in home.household.cards.all():
        rating_set(member=home.partner, card=card, preference="fine")
    assert _needs(home.partner) == []
    html = _page(home, home.partner_client)
    assert "Nothing waits on you today" in html
    assert 'class="count"' not in html and "waiting" not in html


def test_the_tab_comes_first_with_an_accessible_count_on_every_household_page(
    robin_cooks: Home,
) -> None:
    home = robin_cooks
    n = len(_needs(home.owner))
    assert n >= 2
    for name in ("week", "cards", "deal", "balance", "members", "needs"):
        html = home.owner_client.get(_url(home, name)).content.decode()
        tabs = html.split('aria-label="Household">', 1)[1].split("</nav>", 1)[0]
        first = tabs.split("<a ", 2)[1]
        assert first.startswith(f'href="{_url(home, "needs")}"'), name
        assert f'aria-label="Needs you, {n} waiting">Needs you' in first, name
        assert f'<span class="count" aria-hidden="true">{n}</span></a>' in first, name
        assert 'hx-trigger="evenly:changed from:body" hx-select="#needs-tab"' in first, name


def test_ticking_a_card_in_place_tells_the_page_to_recount(robin_cooks: Home) -> None:
    home = robin_cooks
    data = {
        "card": home.household.cards.get(name="Cooking dinner").pk,
        "due_on": _today(home).isoformat(),
    }
    r = home.owner_client.post(_url(home, "week_done"), data, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert r.headers["HX-Trigger"] == "evenly:changed"
    html = home.owner_client.get(_url(home, "week")).content.decode()
    assert 'hx-trigger="evenly:changed from:body"' in html
    # A plain GET, even by htmx, tells nothing. Asked by htmx (to redraw the count on another
    # page), the tab it draws does not say it is the current page.
    r = home.owner_client.get(_url(home, "needs"), headers={"HX-Request": "true"})
    assert "HX-Trigger" not in r.headers
    assert 'id="needs-tab" aria-current' not in r.content.decode()


def test_another_members_private_words_never_show(robin_cooks: Home) -> None:
    home = robin_cooks
    checkin_plan_set(household=home.household, weekday=6, at=time(19))
    checkin = checkin_start(member=home.partner)
    item_add(member=home.partner, checkin=checkin, kind="went_well", text="SECRET-WORRY-SAM")
    rating_set(
        member=home.partner,
        card=home.household.cards.get(name="Laundry"),
        preference="hate",
        standard="SECRET-STANDARD-SAM",
    )
    html = _page(home)
    assert "SECRET" not in html
    assert all("SECRET" not in n.title for n in _needs(home.owner) + _needs(home.partner))


def test_an_outsider_gets_404(home: Home) -> None:
    assert home.outsider_client.get(_url(home, "needs")).status_code == 404
    assert home.owner_client.post(_url(home, "needs")).status_code == 405


# --- what it costs ---------------------------------------------------------------------------


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# The queries the count adds to a household page (the cards: the week keeps its own part, see
# test_week.py) of a household with a deal in force, a check-in
# plan, someone away and an open invitation: a fixed number, whatever the number of cards,
# entries or days. Raise it only knowingly. Measured per provider: the week's 8 (whether anyone
# is away, then one pass of the schedule, its deal cards and their cards read apart, for both
# what waits on the member and the cover asked for), the re-deal's 4 (whether anyone drifts, as
# the Balance page judges it: members, deals, the ledger summed in SQL by week, skipped
# occurrences; neither the deal's cards nor the plan per card), the check-in's 3, the perception check's 3, one each for the invitation, the
# ratings and the deal, and How it feels' 1 (whether it is on; 2 when it is).
NEEDS_QUERIES_ON_A_PAGE = 25
# What follows the household's revision and the day (the week, the re-deal, ratings, the deal,
# the perception check) is kept: on the next page it costs nothing, and the check-in's 3 and the
# invitation's 1 are asked again (they may turn with the clock).
NEEDS_QUERIES_KEPT = 4


def _tab_count(html: str) -> int:
    found = re.search(r'<span class="count" aria-hidden="true">(\d+)</span></a>', html)
    return int(found.group(1)) if found else 0


def test_the_count_adds_a_fixed_number_of_queries_to_a_page(
    robin_cooks: Home, monkeypatch: pytest.MonkeyPatch, keeping: None
) -> None:
    home = robin_cooks
    today = _today(home)
    checkin_plan_set(household=home.household, weekday=6, at=time(19))
    away_create(member=home.partner, starts_on=today, ends_on=today, reason="travel")
    invitation_create(household=home.household, member=home.owner)
    url = _url(home, "cards")
    _queries(home.owner_client, url)  # warm the session
    # Each pair is measured from nothing kept (the count, the page's own kept list), then kept.
    cache.clear()
    with_needs = _queries(home.owner_client, url)
    kept = _queries(home.owner_client, url)
    monkeypatch.setattr(registry, "_need_providers", [])
    cache.clear()
    without = _queries(home.owner_client, url)
    without_kept = _queries(home.owner_client, url)
    assert with_needs - without == NEEDS_QUERIES_ON_A_PAGE, with_needs - without
    assert kept - without_kept == NEEDS_QUERIES_KEPT, kept - without_kept
    # More entries and cards do not add queries.
    monkeypatch.undo()
    for days in range(1, 3):
        _done(home, home.owner_client, "Cooking dinner", today - timedelta(days=days))
    _queries(home.owner_client, url)  # shows (and so clears) the "done" messages
    cache.clear()
    assert _queries(home.owner_client, url) == with_needs
    assert Deal.objects.filter(household=home.household).exists()


def test_the_kept_count_follows_every_change_to_the_household(
    robin_cooks: Home, keeping: None
) -> None:
    home = robin_cooks
    today = _today(home)
    n = len(_needs(home.owner))
    assert _tab_count(_page(home)) == n
    assert _tab_count(home.owner_client.get(_url(home, "cards")).content.decode()) == n
    assert _done(home, home.owner_client, "Cooking dinner", today).status_code == 302
    assert len(_needs(home.owner)) == n - 1
    assert _tab_count(home.owner_client.get(_url(home, "cards")).content.decode()) == n - 1
    # A change made by a background job moves the revision too, and the tab follows it.
    entry = LogEntry.objects.get(household=home.household, due_on=today, member=home.owner)
    entry.delete()
    household_changed(household_id=home.household.pk)
    assert _tab_count(home.owner_client.get(_url(home, "cards")).content.decode()) == n


def test_joining_and_leaving_move_the_households_revision(home: Home) -> None:
    """Neither is sent to a household URL, yet both change what waits on the others."""
    from evenly.accounts.services import account_create
    from evenly.households.services import invitation_accept, member_leave

    household = home.household
    before = Household.objects.get(pk=household.pk).revision
    token = invitation_create(household=household, member=home.owner).token
    newcomer = account_create(email="kim@example.org", password=PASSWORD, verified=True)
    joined = invitation_accept(token=token, user=newcomer, display_name="Kim")
    assert Household.objects.get(pk=household.pk).revision == before + 1
    member_leave(member=joined)
    assert Household.objects.get(pk=household.pk).revision == before + 2


def test_every_app_that_owns_something_to_do_registered_its_provider() -> None:
    from evenly.cards.needs import rating_needs
    from evenly.checkins.needs import checkin_needs
    from evenly.deals.needs import deal_needs
    from evenly.households.needs import household_needs
    from evenly.insight.needs import redeal_needs
    from evenly.perception.needs import perception_needs
    from evenly.week.needs import week_needs

    assert {
        rating_needs,
        checkin_needs,
        deal_needs,
        household_needs,
        redeal_needs,
        perception_needs,
        week_needs,
    } <= set(registry._need_providers)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, "evenly:changed"),
        ("shown", "shown, evenly:changed"),
        ('{"shown": 1}', '{"shown": 1}'),  # a JSON trigger is left as the view wrote it
    ],
)
def test_the_changed_event_joins_what_a_view_triggers(before: str | None, after: str) -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory

    from evenly.web.middleware import HtmxChangedMiddleware

    def view(request):  # type: ignore[no-untyped-def]
        response = HttpResponse()
        if before is not None:
            response.headers["HX-Trigger"] = before
        return response

    request = RequestFactory().post("/h/1/week/done/", headers={"HX-Request": "true"})
    assert HtmxChangedMiddleware(view)(request).headers["HX-Trigger"] == after
    outside = RequestFactory().post("/account/", headers={"HX-Request": "true"})
    assert "HX-Trigger" not in HtmxChangedMiddleware(view)(outside).headers or before


def _need_titles(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', html.split("<main", 1)[-1])


def test_the_page_keeps_its_list_per_revision_reader_and_language(
    robin_cooks: Home, keeping: None
) -> None:
    """The Needs-you page reuses what the providers that follow the revision answered, and
    each change to the household, each reader and each language has its own list."""
    home = robin_cooks
    today = _today(home)
    owner, partner = (Member.objects.get(pk=m.pk) for m in (home.owner, home.partner))
    n = len(_needs(owner))
    first = _page(home)
    assert n and _tab_count(first) == n
    assert _need_titles(_page(home)) == _need_titles(first)
    for need in _needs(Member.objects.get(pk=owner.pk)):
        assert escape(need.title) in first
    # The partner's list is their own, never the owner's kept one.
    theirs = _page(home, home.partner_client)
    assert _tab_count(theirs) == len(_needs(partner))
    for need in _needs(partner):
        assert escape(need.title) in theirs
    assert _done(home, home.owner_client, "Cooking dinner", today).status_code == 302
    assert _tab_count(_page(home)) == n - 1 == len(_needs(Member.objects.get(pk=owner.pk)))
    # A change made by a background job moves the revision too, and the list follows it.
    LogEntry.objects.get(household=home.household, due_on=today, member=home.owner).delete()
    household_changed(household_id=home.household.pk)
    assert _need_titles(_page(home)) == _need_titles(first)
    # Another language is another list (the titles are in the reader's language).
    home.owner_client.cookies["evenly_language"] = "de"
    german = _page(home)
    assert 'lang="de"' in german
    assert _need_titles(german) != _need_titles(first)
