"""The front door, in real Chromium at a phone and a laptop size: the landing page with its sample
deal, sign-up (the household's time zone preselected from the browser's, here New York), the new
household, an invitation link with copy, share and a QR code, and the partner opening it in
another browser to read who invites them to what. Screenshots in ``test-artefacts/screenshots/``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from evenly.households.models import Household
from tests.browser.conftest import (
    VIEWPORTS,
    WAIT_MS,
    Recorder,
    click,
    confirm_by_mail,
    context_for,
    message,
)

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "front-door-"
PASSWORD = "a long walk by the river"
BROWSER_ZONE = "America/New_York"


def _context_in(browser: Browser, viewport: str, zone: str) -> BrowserContext:
    """A fresh person at ``viewport`` whose browser says it is in ``zone``."""
    ctx = browser.new_context(**VIEWPORTS[viewport], locale="en-GB", timezone_id=zone)
    ctx.set_default_timeout(WAIT_MS)
    ctx.set_default_navigation_timeout(WAIT_MS)
    return ctx


def test_from_the_landing_page_to_an_invitation_the_partner_understands(  # type: ignore[no-untyped-def]
    live_server, transactional_db, browser: Browser, rec: Recorder, viewport: str
) -> None:
    base = live_server.url
    robin_ctx = _context_in(browser, viewport, BROWSER_ZONE)
    robin_ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    sam_ctx = context_for(browser, viewport)
    try:
        robin = robin_ctx.new_page()
        rec.watch(robin, "Robin")

        # --- The landing page: what Evenly does, a real sample deal, the ways in ------------
        robin.goto(f"{base}/")
        expect(
            robin.get_by_role("heading", name="Share the work of your home fairly")
        ).to_be_visible()
        sample = robin.get_by_role("region", name="A sample deal, worked out just now")
        expect(sample.get_by_text("each within 15 min of a fair share")).to_be_visible()
        expect(sample.get_by_role("heading", name="Alex's cards")).to_be_visible()
        expect(sample.get_by_role("heading", name="Jordan's cards")).to_be_visible()
        expect(robin.get_by_role("link", name="Sign in")).to_be_visible()
        # No page scrolls sideways, at either size.
        assert robin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        rec.step(robin, "landing")
        sample.get_by_text("Weeknight dinners", exact=True).click()  # a card opens on its reason
        expect(sample.get_by_text("Alex owns Weeknight dinners")).to_be_visible()
        rec.step(robin, "landing-reason-open")

        # --- Sign up, confirm, create the household in the browser's time zone --------------
        click(robin, robin.get_by_role("link", name="Sign up"))
        expect(robin.get_by_role("heading", name="Create an account")).to_be_visible()
        robin.get_by_label("Email").fill("robin@example.org")
        robin.get_by_label("Password").fill(PASSWORD)
        rec.step(robin, "signup")
        robin.get_by_role("button", name="Create account").click()
        confirm_by_mail(robin, "robin@example.org", rec, "robin")
        expect(robin.get_by_role("heading", name="Create a household")).to_be_visible()
        expect(robin.get_by_label("Time zone")).to_have_value(BROWSER_ZONE)
        rec.step(robin, "household-new-zone-from-browser")
        robin.get_by_label("Household name").fill("Robin & Sam")
        robin.get_by_label("Your name here").fill("Robin")
        robin.get_by_role("button", name="Create household").click()
        message(robin, "Robin & Sam is ready")
        household = Household.objects.get(name="Robin & Sam")
        assert household.time_zone == BROWSER_ZONE

        # --- The invitation link: copy, share where the browser can, a QR code --------------
        robin.goto(f"{base}/h/{household.pk}/household/")
        click(robin, robin.get_by_role("button", name="Make an invitation link"))
        link_box = robin.get_by_role("textbox", name="Invitation link")
        expect(link_box).to_be_visible()
        link = link_box.input_value()
        assert re.fullmatch(rf"{re.escape(base)}/join/[^/]+/", link), link
        qr = robin.get_by_role("img", name=re.compile("QR code of the invitation link"))
        expect(qr).to_be_visible()
        assert qr.bounding_box()["width"] >= 120  # type: ignore[index]  # big enough to scan
        share = robin.get_by_role("button", name="Share…")
        if robin.evaluate("typeof navigator.share === 'function'"):
            expect(share).to_be_visible()
        else:
            expect(share).to_be_hidden()
        robin.get_by_role("button", name="Copy link").click()
        expect(robin.get_by_text("Copied. Paste it into a message")).to_be_visible()
        assert robin.evaluate("navigator.clipboard.readText()") == link
        assert robin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        rec.step(robin, "invitation-link-copied")

        # --- Sam opens it in another browser: who invites whom, what is asked, what is private
        sam = sam_ctx.new_page()
        rec.watch(sam, "Sam")
        sam.goto(link)
        expect(sam.get_by_role("heading", name="Robin invites you to Robin & Sam")).to_be_visible()
        expect(sam.get_by_role("heading", name="What Evenly will ask of you")).to_be_visible()
        expect(sam.get_by_role("heading", name="What stays private")).to_be_visible()
        expect(sam.get_by_role("link", name="Create an account")).to_be_visible()
        assert sam.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        rec.step(sam, "sam-invitation")
    finally:
        robin_ctx.close()
        sam_ctx.close()
    problems = rec.report()
    assert not problems, f"{viewport}:\n{problems}"
