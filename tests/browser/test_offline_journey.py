"""This week offline, at a phone and a laptop size: Robin opens the week online (the service
worker installs and keeps the page), loses the connection, reloads and sees the kept week with
"You are offline", ticks today's dinner ("Waiting to send"), and when the connection is back
the tick is sent, once, and the week shows it done. Shots go to
test-artefacts/screenshots/<viewport>/offline-NN-*.png."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WAIT_MS, Recorder, signed_in
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "offline-"

# While offline the page's own requests fail (the live pulse, for one): expected, not a bug.
# What the browser logs for a request that fails offline. htmx logs its own error events too
# when a tick's request fails while the browser still thinks it is online (some Chromium
# versions keep navigator.onLine true under emulation); offline.js keeps the tick then.
OFFLINE_NOISE = (
    "ERR_INTERNET_DISCONNECTED",
    "Failed to fetch",
    "htmx:sendError",
    "htmx:afterRequest",
)


def _kept_session(page: Page, path: str) -> str:
    """The session tag of the copy of ``path`` the worker keeps ("" if none)."""
    return str(
        page.evaluate(
            "(path) => caches.open('evenly-pages').then((c) => c.match(path))"
            ".then((r) => (r ? r.headers.get('Evenly-Session') : ''))",
            path,
        )
    )


def _kept_pages(page: Page) -> int:
    return int(
        page.evaluate("caches.open('evenly-pages').then((c) => c.keys()).then((k) => k.length)")
    )


def test_robin_ticks_a_card_offline_and_it_is_sent_once_when_back(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.cards.services import card_owner_rule_set
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.week.models import DoneKey, LogEntry

    home = rated_and_dealt
    h = home.household
    dinner = h.cards.get(name="Cooking dinner")
    card_owner_rule_set(card=dinner, locked_to=home.owner, rotation=[])
    deal = deal_propose(household=h, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    week_url = f"{live_server.url}/h/{h.pk}/week/"

    ctx = signed_in(browser, live_server.url, viewport, home.owner.user)
    robin = ctx.new_page()
    rec.watch(robin, "robin")

    # Online: the worker installs; after a reload it controls the page and keeps this week.
    robin.goto(week_url)
    assert robin.evaluate("navigator.serviceWorker.ready.then(() => true)")
    robin.reload()
    assert robin.evaluate("navigator.serviceWorker.controller !== null")
    expect(robin.locator("#offline-banner")).to_be_hidden()
    assert _kept_pages(robin) == 1
    rec.step(robin, "online-week-kept")

    # Offline: the kept week, saying so and as of when.
    ctx.set_offline(True)
    robin.reload()
    banner = robin.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("data-from-cache", "")  # the worker's copy, not the network
    expect(banner).to_contain_text("You are offline — showing this week as of")
    expect(banner).to_contain_text("ticks will be sent when you are back")
    expect(banner.locator("time")).to_have_text(re.compile(r"^\d\d[:.]\d\d"))
    today = robin.locator("section").filter(has=robin.locator("#today-h"))
    rec.step(robin, "offline-kept-week")

    # A tick made offline waits, on the page and on the device.
    today.get_by_role("button", name="Done: Cooking dinner").click()
    expect(today.get_by_text("Waiting to send: it goes when you are back online.")).to_be_visible()
    expect(today.get_by_role("button", name="Waiting to send: Cooking dinner")).to_be_disabled()
    rec.step(robin, "offline-tick-waiting")
    assert not LogEntry.objects.filter(card=dinner).exists()

    # Another page offline: the offline page, in Evenly's layout, with a way to the kept week.
    robin.goto(f"{live_server.url}/h/{h.pk}/ledger/")
    expect(robin.get_by_role("heading", name="You are offline")).to_be_visible()
    rec.step(robin, "offline-other-page")
    robin.get_by_role("link", name="This week").last.click()
    expect(robin.locator("#offline-banner")).to_be_visible()
    expect(today.get_by_text("Waiting to send: it goes when you are back online.")).to_be_visible()
    # The installed app starts at "/": offline, with one household, that is the kept week.
    robin.goto(f"{live_server.url}/")
    expect(robin.locator("#offline-banner")).to_be_visible()
    expect(today.get_by_text("Waiting to send: it goes when you are back online.")).to_be_visible()
    robin.goto(week_url)

    # Back online: the tick goes, once, and the page reloads showing it done.
    ctx.set_offline(False)
    done = robin.locator("section").filter(has=robin.locator("#done-h"))
    expect(robin.locator("#offline-banner")).to_be_hidden()
    expect(today.get_by_role("button", name="Done: Cooking dinner")).to_have_count(0)
    robin.locator("#done-fold summary").click()
    expect(done.get_by_text("Cooking dinner")).to_be_visible()
    rec.step(robin, "online-tick-sent")
    assert LogEntry.objects.filter(card=dinner, kind="did").count() == 1
    assert DoneKey.objects.filter(member=home.owner).count() == 1
    assert (
        robin.evaluate(
            """new Promise((resolve) => {
             const open = indexedDB.open('evenly-offline', 1);
             open.onsuccess = () => {
               const req = open.result.transaction('ticks').objectStore('ticks').count();
               req.onsuccess = () => resolve(req.result);
             };
           })"""
        )
        == 0
    )
    # Another load sends nothing more.
    robin.reload()
    expect(today.get_by_role("button", name="Done: Cooking dinner")).to_have_count(0)
    assert LogEntry.objects.filter(card=dinner, kind="did").count() == 1

    # A new session (signed in again): the copy kept for the old one goes, the new one is kept.
    old_tag = _kept_session(robin, f"/h/{h.pk}/week/")
    again = Client()
    again.force_login(home.owner.user)  # type: ignore[attr-defined]
    session = again.cookies[settings.SESSION_COOKIE_NAME].value
    ctx.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    robin.goto(week_url)
    new_tag = _kept_session(robin, f"/h/{h.pk}/week/")
    assert old_tag and new_tag and new_tag != old_tag

    # Logging out leaves nothing of Robin's week on the device.
    with robin.expect_navigation():
        robin.get_by_role("button", name="Log out").click()
    expect(robin.get_by_role("button", name="Log in")).to_be_visible()
    assert _kept_pages(robin) == 0

    ctx.close()
    rec.browser_errors[:] = [
        e for e in rec.browser_errors if not any(n in e for n in OFFLINE_NOISE)
    ]
    assert not rec.report(), rec.report()
