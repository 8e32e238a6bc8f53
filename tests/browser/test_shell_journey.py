"""The page shell at a phone and a laptop size: the tab bar (five tabs and "More" on a phone,
every tab on a laptop), focus and an announcement after an htmx action (and none stolen by a
refresh from the partner), and the colour switch. Shots go to
test-artefacts/screenshots/<viewport>/shell-NN-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WAIT_MS, Recorder, click, signed_in
from tests.conftest import Home
from tests.web.test_week import robin_cooks  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "shell-"

ACTIVE_IN = (
    "(id) => { const r = document.getElementById(id); const a = document.activeElement; "
    "return !!r && !!a && a !== document.body && r.contains(a); }"
)

IN_VIEW = (
    "() => { const r = document.activeElement.getBoundingClientRect(); "
    "return r.bottom > 0 && r.top < window.innerHeight; }"
)


def _announced(page: Page) -> str:
    status = page.locator("#announce")
    expect(status).not_to_be_empty()
    return status.inner_text()


def test_tabs_focus_after_an_action_and_the_colour_switch(  # type: ignore[no-untyped-def]
    browser: Browser,
    live_server,
    robin_cooks: Home,  # noqa: F811
    viewport: str,
    rec: Recorder,
) -> None:
    from evenly.households.services import household_changed

    home = robin_cooks
    h = home.household
    base = f"{live_server.url}/h/{h.pk}"
    phone = viewport == "390x844"
    ctx = signed_in(browser, live_server.url, viewport, home.owner.user)
    page = ctx.new_page()
    rec.watch(page, "robin")
    try:
        page.goto(f"{base}/week/")
        nav = page.get_by_role("navigation", name="Household")
        more = nav.locator("details.tab-more > summary")
        wide = ["Rate", "Talk", "Grow", "Household"]
        for name in ["This week", "Cards", "Deal", "Balance"]:
            expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
        expect(nav.get_by_role("link", name="Needs you")).to_be_visible()
        if phone:
            # Five tabs and More, all inside the screen; the rest wait under More.
            expect(more).to_be_visible()
            for name in wide:
                expect(nav.get_by_role("link", name=name, exact=True)).to_have_count(0)
            box = more.bounding_box()
            assert box is not None and box["x"] + box["width"] <= 390
            # By keyboard: open More, its links show, Escape closes it and keeps the place.
            more.focus()
            page.keyboard.press("Enter")
            for name in wide:
                expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
            rec.step(page, "more-open")
            page.keyboard.press("Escape")
            expect(nav.get_by_role("link", name="Household", exact=True)).to_have_count(0)
            assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
            more.click()
            click(page, nav.get_by_role("link", name="Household", exact=True))
            # The current page lives under More: More says so.
            expect(more).to_have_class("current")
            expect(more).to_contain_text("current page: Household")
            rec.step(page, "household-under-more")
        else:
            expect(more).to_be_hidden()
            for name in wide:
                expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
            click(page, nav.get_by_role("link", name="Household", exact=True))
            expect(nav.get_by_role("link", name="Household", exact=True)).to_have_attribute(
                "aria-current", "page"
            )

        # Tick today's dinner: the page swaps in place, focus lands in the changed part, and the
        # status region says what happened.
        page.goto(f"{base}/week/")
        today = page.locator("section").filter(has=page.locator("#today-h"))
        scroll_before = page.evaluate("window.scrollY")
        today.get_by_role("button", name="Done: Cooking dinner").click()
        said = _announced(page)
        assert "Cooking dinner" in said or "done" in said.lower(), said
        assert page.evaluate(ACTIVE_IN, "week-main"), page.evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )
        # Focus may move down to the Done list (far on a Monday, with the whole week ahead),
        # but never out of sight: the page scrolls only as far as showing it.
        assert page.evaluate(IN_VIEW), page.evaluate("window.scrollY - 0") - scroll_before
        # The Needs-you count refreshed itself without taking the focus.
        expect(nav.locator("#needs-tab")).to_be_visible()
        assert page.evaluate(ACTIVE_IN, "week-main")
        rec.step(page, "ticked-focus-and-announced")

        # A change made by the partner refreshes the page and never moves the focus.
        ledger = page.get_by_role("link", name="Ledger", exact=True)
        ledger.focus()
        page.evaluate(
            "window.refreshed = new Promise(r => document.addEventListener("
            "'evenly:live-refreshed', () => r(true), {once: true}))"
        )
        household_changed(household_id=h.pk)
        assert page.evaluate("window.refreshed")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Ledger"

        # Rate: a swap without a page script of its own; focus goes into the new panel.
        page.goto(f"{base}/rate/")
        page.get_by_role("link", name="See and change mine").wait_for()
        choices = page.locator("#rate-panel .choices button")
        if choices.count():
            choices.first.click()
            expect(page.locator("#announce")).not_to_be_empty()
            assert page.evaluate(ACTIVE_IN, "rate-panel")

        # Colours: Dark, kept after a reload, then Like my device follows the device.
        page.goto(f"{base}/week/")
        switch = page.locator("form.theme-switch")
        click(page, switch.get_by_role("button", name="Dark"))
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        expect(switch.get_by_role("button", name="Dark")).to_have_attribute("aria-pressed", "true")
        dark = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert dark == "rgb(17, 23, 25)", dark
        rec.step(page, "dark-by-choice")
        page.reload()
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        click(page, switch.get_by_role("button", name="Light"))
        page.emulate_media(color_scheme="dark")
        assert (
            page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            == "rgb(247, 248, 246)"
        )  # Light wins over the device
        click(page, switch.get_by_role("button", name="Like my device"))
        expect(page.locator("html")).to_have_attribute("data-theme", "auto")
        assert (
            page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            == "rgb(17, 23, 25)"
        )  # the device prefers dark
        rec.step(page, "dark-like-the-device")
        page.emulate_media(color_scheme="light")
    finally:
        ctx.close()
    assert not rec.report(), rec.report()
