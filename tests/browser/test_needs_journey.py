"""Needs you, at a phone and a laptop size: Robin sees on the first tab how many things wait on
them, opens the list, ticks today's cooking on the week page (the count drops without a
reload) and accepts the deal Sam proposed (it drops again). Shots go to
test-artefacts/screenshots/<viewport>/needs-NN-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    WAIT_MS,
    Recorder,
    click,
    signed_in,
)
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "needs-"


def _tab(page: Page, count: int) -> None:
    """The first tab reads "Needs you, N waiting" to a screen reader (just "Needs you" at 0)."""
    tabs = page.get_by_role("navigation", name="Household").get_by_role("link")
    name = f"Needs you, {count} waiting" if count else "Needs you"
    expect(tabs.first).to_have_accessible_name(name)


def test_the_needs_you_count_drops_as_robin_ticks_a_card_and_accepts_the_deal(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.cards.services import card_owner_rule_set
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.pages.needs import needs_for

    home = rated_and_dealt
    h = home.household
    # Cooking dinner (daily) is Robin's: it is due today. Then Sam asks for a new deal.
    card_owner_rule_set(card=h.cards.get(name="Cooking dinner"), locked_to=home.owner, rotation=[])
    first = deal_propose(household=h, member=home.owner)
    deal_accept(deal=first, member=home.owner)
    deal_accept(deal=first, member=home.partner)
    proposal = deal_propose(household=h, member=home.partner)
    deal_accept(deal=proposal, member=home.partner)
    waiting = needs_for(home.owner, today=h.today())
    assert {"card", "deal"} <= {n.kind for n in waiting}
    n = len(waiting)
    base = f"{live_server.url}/h/{h.pk}"

    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{base}/week/")
    _tab(robin, n)
    rec.step(robin, "robin-sees-the-count-on-the-first-tab")

    click(robin, robin.get_by_role("navigation", name="Household").get_by_role("link").first)
    expect(robin.get_by_role("heading", name="Needs you", exact=True)).to_be_visible()
    expect(robin.get_by_role("link", name=re.compile(r"^Cooking dinner, today"))).to_be_visible()
    expect(robin.get_by_role("link", name=f"Deal version {proposal.version} waits for your yes"))
    rec.step(robin, "robin-reads-what-waits")

    # Ticked on the week page, in place: the tab follows without a reload.
    click(robin, robin.get_by_role("link", name=re.compile(r"^Cooking dinner, today")))
    robin.get_by_role("button", name="Done: Cooking dinner").first.click()
    expect(robin.get_by_role("button", name="Undo: Cooking dinner").first).to_be_visible()
    _tab(robin, n - 1)
    rec.step(robin, "robin-ticked-cooking-and-the-count-dropped")

    robin.goto(f"{base}/needs/")
    click(
        robin, robin.get_by_role("link", name=f"Deal version {proposal.version} waits for your yes")
    )
    click(robin, robin.get_by_role("button", name=f"Accept deal v{proposal.version}"))
    _tab(robin, n - 2)
    rec.step(robin, "robin-accepted-and-the-count-dropped")

    robin.goto(f"{base}/needs/")
    expect(robin.get_by_role("link", name=re.compile(r"^Cooking dinner, today"))).to_have_count(0)
    expect(robin.get_by_role("link", name=re.compile(r"^Deal version"))).to_have_count(0)
    rec.step(robin, "robin-reads-what-is-left")
    assert not rec.report(), rec.report()
