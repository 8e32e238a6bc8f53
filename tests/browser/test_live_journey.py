"""Two people, two devices, one household, at a phone and a laptop size: Sam has the week page
open; Robin ticks a card on their own; within a few seconds Sam's page shows it, without a
reload, and a number Sam is typing is left alone until Sam is done. Shots go to
test-artefacts/screenshots/<viewport>/live-NN-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    WAIT_MS,
    Recorder,
    section,
    signed_in,
)
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "live-"


def _not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.__stillHere === true"))


def test_what_robin_ticks_shows_on_sams_open_page(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.cards.services import card_save
    from tests.web.test_week import _redeal

    home = rated_and_dealt
    # Both have a card due today: Cooking dinner is Robin's, the bins (now daily) Sam's.
    bins = home.household.cards.get(name="Bins out")
    card_save(
        household=home.household,
        card=bins,
        name=bins.name,
        category=bins.category,
        cadence="daily",
        minutes=bins.minutes,
        mental_minutes=bins.mental_minutes,
        standard=bins.standard,
    )
    _redeal(home, locks={"Cooking dinner": home.owner, "Bins out": home.partner})
    base = f"{live_server.url}/h/{home.household.pk}"

    sam = signed_in(browser, live_server.url, viewport, home.partner.user).new_page()
    rec.watch(sam, "sam")
    sam.goto(f"{base}/week/")
    others = section(sam, "What the others have this week")
    expect(others).to_contain_text("Robin")
    expect(others).to_contain_text("0 done")
    sam.evaluate("window.__stillHere = true")
    rec.step(sam, "sam-has-the-week-open")

    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{base}/week/")
    robin.get_by_role("button", name="Done: Cooking dinner").first.click()
    expect(robin.get_by_role("button", name="Undo: Cooking dinner").first).to_be_visible()
    rec.step(robin, "robin-ticks-cooking")

    # Within a few seconds (a look every 5 s), on the page Sam already had open.
    expect(others).to_contain_text("1 done")
    assert _not_reloaded(sam), "Sam's page was reloaded instead of refreshed in place"
    rec.step(sam, "sam-sees-it-done")

    # A number Sam is typing stays as typed while Robin changes things again...
    minutes = sam.get_by_label("Minutes for Bins out").first
    minutes.fill("33")
    robin.get_by_role("button", name="Undo: Cooking dinner").first.click()
    expect(robin.get_by_role("button", name="Done: Cooking dinner").first).to_be_visible()
    sam.wait_for_timeout(7_000)  # more than one look
    expect(minutes).to_have_value("33")
    expect(others).to_contain_text("1 done")
    # ...and once Sam leaves it as it was, the page catches up.
    minutes.fill(minutes.evaluate("e => e.defaultValue"))
    sam.locator("h1").click()
    expect(section(sam, "What the others have this week")).to_contain_text("0 done")
    assert _not_reloaded(sam)
    rec.step(sam, "sam-catches-up-after-typing")

    # The htmx buttons of the refreshed part still work, without a reload.
    sam.get_by_role("button", name="Done: Bins out").first.click()
    expect(sam.get_by_role("button", name="Undo: Bins out").first).to_be_visible()
    assert _not_reloaded(sam)
    # And Robin's page, open all along, shows Sam's tick.
    expect(section(robin, "What the others have this week")).to_contain_text("1 done")
    rec.step(robin, "robin-sees-sams-tick")
    assert not rec.report(), rec.report()
