"""The deal page, at a phone and a laptop size: Robin and Sam have rated a dozen cards and
Robin proposed a deal. Sam opens it, reads the verdict first ("Robin 4 h 10 · Sam 4 h 05 a week
· each within 15 min of a fair share"), opens the reasons under one card, and accepts at the end: on the phone
the Accept button is in reach at the bottom of the screen from the first look, and at the end
of the page it covers no card. Robin accepts with JavaScript off; the page then reads as the
deal in force. Shots go to test-artefacts/screenshots/<viewport>/deal-page-NN-*.png."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, expect

from tests.browser.conftest import (
    VIEWPORTS,
    WAIT_MS,
    Recorder,
    click,
    message,
    signed_in,
)
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "deal-page-"

# A household's cards beside the four of the `home` fixture: name, cadence, minutes each time.
MORE_CARDS = [
    ("Dishes", "daily", 15),
    ("Hoovering", "weekly", 30),
    ("Food shop", "weekly", 50),
    ("Meal planning", "weekly", 20),
    ("Plants", "weekly", 10),
    ("Ironing", "weekly", 35),
    ("Fridge clear-out", "weekly", 15),
    ("Bills and admin", "weekly", 25),
]
PREFERENCES = ["enjoy", "like", "fine", "dislike"]


def _proposed(home: Home) -> object:
    """Twelve cards rated by both (differently), and Robin's proposal v1 waiting for both."""
    from evenly.cards.services import card_save, rating_set
    from evenly.deals.services import deal_propose

    h = home.household
    for name, cadence, minutes in MORE_CARDS:
        card_save(
            household=h,  # type: ignore[arg-type]
            card=None,
            name=name,
            category="Home",
            cadence=cadence,
            minutes=Decimal(minutes),
            mental_minutes=Decimal(0),
            standard="",
        )
    for offset, member in enumerate((home.owner, home.partner)):
        for n, card in enumerate(h.cards.order_by("name")):  # type: ignore[attr-defined]
            preference = PREFERENCES[(n + 2 * offset) % len(PREFERENCES)]
            rating_set(member=member, card=card, preference=preference)
    return deal_propose(household=h, member=home.owner)  # type: ignore[arg-type]


def _without_js(browser: Browser, url: str, viewport: str, user: object) -> BrowserContext:
    """Like ``signed_in``, with JavaScript switched off."""
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    ctx = browser.new_context(**VIEWPORTS[viewport], locale="en-GB", java_script_enabled=False)
    ctx.set_default_timeout(WAIT_MS)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    ctx.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": url}])
    return ctx


def test_sam_reads_the_verdict_opens_a_reason_and_accepts_at_the_end(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, home: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.deals.models import Deal

    deal = _proposed(home)
    assert isinstance(deal, Deal)
    cert = deal.certificate
    assert cert["max_deviation_minutes"] <= cert["tolerance_minutes"], cert["members"]
    base = f"{live_server.url}/h/{home.household.pk}"  # type: ignore[attr-defined]
    phone = viewport == "390x844"

    sam = signed_in(browser, live_server.url, viewport, home.partner.user).new_page()  # type: ignore[attr-defined]
    rec.watch(sam, "sam")
    sam.goto(f"{base}/deal/")

    # --- The verdict, first -----------------------------------------------------------------
    verdict = sam.locator("#verdict-h")
    expect(verdict).to_have_text(
        re.compile(
            r"^Robin \d+ h( \d\d)? · Sam \d+ h( \d\d)? a week · each within 15 min of a fair share$"
        )
    )
    expect(sam.locator("main h2").first).to_have_id("verdict-h")
    read = verdict.inner_text()
    expect(sam.get_by_text("Read it through: your yes is at the end.")).to_be_visible()
    fair = sam.locator("section").filter(has=sam.get_by_role("heading", name="Is it fair?"))
    expect(fair.get_by_role("table")).to_contain_text("Robin")
    accept = sam.get_by_role("button", name="Accept deal v1")
    if phone:
        # On the phone the yes is in reach from the first look, pinned to the bottom edge.
        expect(accept).to_be_in_viewport()
        box = accept.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 844 + 1
        assert box["y"] + box["height"] > 844 - 80, box
    else:
        expect(accept).not_to_be_in_viewport()
    rec.step(sam, "sam-reads-the-verdict")

    # --- One card's reasons, folded under it ------------------------------------------------
    robins = sam.locator("section.owner-group").filter(
        has=sam.get_by_role("heading", name=re.compile(r"^Robin\b"))
    )
    card = robins.locator("li.deal-card").first
    expect(card.locator(".weekly")).to_have_text(re.compile(r"^(\d+ min|\d+ h( \d\d)?) a week$"))
    reason = card.locator("details.why .reason")
    expect(reason).to_be_hidden()
    card.locator("details.why summary").click()
    expect(reason).to_be_visible()
    expect(reason).to_contain_text("Robin")
    card.scroll_into_view_if_needed()
    rec.step(sam, "sam-opens-the-reasons-under-a-card")
    if phone:
        # Mid-page, the yes is still at the bottom of the screen.
        expect(accept).to_be_in_viewport()

    # --- At the end of the page the bar covers nothing --------------------------------------
    sam.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    last = sam.locator("li.deal-card").last
    bar = sam.locator(".accept-bar")
    last_box, bar_box = last.bounding_box(), bar.bounding_box()
    assert last_box is not None and bar_box is not None
    assert last_box["y"] + last_box["height"] <= bar_box["y"], (last_box, bar_box)

    click(sam, accept)
    message(sam, "You accepted. Waiting for the others.")
    expect(sam.get_by_role("button", name="Accept deal v1")).to_have_count(0)
    expect(sam.locator(".accept-bar")).to_contain_text("You accepted")
    rec.step(sam, "sam-accepted")

    # --- Robin says yes with JavaScript off: a plain form -----------------------------------
    robin = _without_js(browser, live_server.url, viewport, home.owner.user).new_page()  # type: ignore[attr-defined]
    rec.watch(robin, "robin")
    robin.goto(f"{base}/deal/")
    expect(robin.locator("#verdict-h")).to_contain_text("each within 15 min of a fair share")
    click(robin, robin.get_by_role("button", name="Accept deal v1"))
    message(robin, "Everyone said yes: deal v1 is active.")
    expect(robin.get_by_role("button", name=re.compile("^Accept"))).to_have_count(0)
    expect(robin.get_by_text(re.compile(r"^Accepted by everyone on"))).to_be_visible()

    # The deal in force reads the same way, for Sam too.
    sam.goto(f"{base}/deal/")
    expect(sam.locator("#verdict-h")).to_have_text(read)
    rec.step(sam, "sam-reads-the-deal-in-force")

    # --- A re-deal compared with the deal in force reads each version's verdict first --------
    from evenly.cards.services import card_owner_rule_set
    from evenly.deals.services import deal_propose

    card = home.household.cards.get(name="Laundry")  # type: ignore[attr-defined]
    card_owner_rule_set(card=card, locked_to=None, rotation=[home.owner, home.partner])
    deal_propose(household=home.household, member=home.owner)  # type: ignore[arg-type]
    sam.goto(f"{base}/deals/compare/?a=1&b=2")
    verdicts = sam.locator("section.verdicts li")
    expect(verdicts).to_have_count(2)
    expect(verdicts.first).to_contain_text(read)
    expect(verdicts.last).to_contain_text(re.compile(r"^v2 \(proposed\): Robin \d"))
    rec.step(sam, "sam-compares-v1-and-v2")
    assert not rec.report(), rec.report()
