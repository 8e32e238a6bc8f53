"""Subscribing to a calendar, at a phone and a laptop size: Robin opens Calendar from This
week, makes a link for their cards, sees it with a copy button, copies it, fetches the feed as
a calendar app would (it parses), stops the link, and the same address then answers 404. Shots
go to test-artefacts/screenshots/<viewport>/calendar-NN-*.png."""

from __future__ import annotations

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    WAIT_MS,
    Recorder,
    click,
    message,
    section,
    signed_in,
)
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "calendar-"


def test_subscribe_to_ones_cards_then_stop_the_link(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    home = rated_and_dealt
    h = home.household
    ctx = signed_in(browser, live_server.url, viewport, home.owner.user)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    robin = ctx.new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{live_server.url}/h/{h.pk}/week/")
    click(robin, robin.get_by_role("link", name="Calendar", exact=True))
    expect(robin.get_by_role("heading", name="Calendar", level=1)).to_be_visible()
    rec.step(robin, "calendar-page")

    mine = section(robin, "Your cards")
    click(robin, mine.get_by_role("button", name="Make a link for your cards"))
    message(robin, "Your link for your cards is ready")
    mine = section(robin, "Your cards")
    field = mine.get_by_label("Your link")
    url = field.input_value()
    assert url.startswith(f"{live_server.url}/calendar/") and url.endswith(".ics")
    # The page offers it to the browser as a calendar, and as a link.
    alternate = robin.locator('link[rel="alternate"][type="text/calendar"]')
    expect(alternate).to_have_count(1)
    expect(mine.get_by_role("link", name="The feed itself (.ics)")).to_have_attribute("href", url)
    webcal = mine.get_by_role("link", name="Open in your calendar app")
    expect(webcal).to_have_attribute("href", "webcal://" + url.split("://", 1)[1])
    mine.get_by_role("button", name="Copy link").click()
    expect(mine.get_by_role("status")).to_contain_text("Copied")
    assert robin.evaluate("navigator.clipboard.readText()") == url
    rec.step(robin, "link-made-and-copied")

    # How to subscribe, per app.
    robin.get_by_text("Apple Calendar (iPhone, iPad, Mac)").click()
    expect(robin.get_by_text("Add Subscribed Calendar", exact=False)).to_be_visible()
    rec.step(robin, "instructions-open")

    # A calendar app fetches it, signed out.
    fetched = robin.request.get(url)
    assert fetched.status == 200
    assert fetched.headers["content-type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(fetched.body())
    events = list(cal.walk("VEVENT"))
    assert events and str(cal["X-WR-CALNAME"]) == "Robin's cards (Evenly)"

    click(robin, mine.get_by_role("button", name="Stop this link for your cards"))
    message(robin, "The link for your cards no longer works")
    expect(section(robin, "Your cards").get_by_label("Your link")).to_have_count(0)
    rec.step(robin, "link-stopped")
    assert robin.request.get(url).status == 404
    assert not rec.report(), rec.report()
