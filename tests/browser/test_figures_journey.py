"""Figures that reconcile, at a phone and a laptop size.

A brand-new couple opens the Balance on the day their deal starts: one headline each ("exactly
their share"), no "behind plan" scare, and the plan is one day of the deal, not weeks of it.
A household with weeks of history (covers, things done for the other, skips, noticing,
planning, free text, entries from before the deal) picks every period the page offers; each
shows a headline per member and a line whose numbers, read back from the page, add up to it.
Shots go to test-artefacts/screenshots/<viewport>/figures-NN-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from evenly.week.periods import NAMED
from tests.browser.conftest import WAIT_MS, Recorder, click, recording, section, signed_in
from tests.conftest import Home
from tests.web.test_figures import check_lines, history  # noqa: F401  (a shared fixture)

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "figures-"


@pytest.fixture
def rec_new(request: pytest.FixtureRequest, viewport: str) -> Iterator[Recorder]:
    """The new couple's shots, kept apart from the history's (figures-new-NN-*.png)."""
    yield from recording(request, prefix="figures-new-")


def test_a_new_couple_sees_no_scare_on_the_day_their_deal_starts(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec_new: Recorder
) -> None:
    rec = rec_new
    home = rated_and_dealt
    ctx = signed_in(browser, live_server.url, viewport, home.owner.user)
    page = ctx.new_page()
    rec.watch(page, "robin")
    page.goto(f"{live_server.url}/h/{home.household.pk}/balance/")
    share = section(page, "Is everyone carrying their share?")
    expect(share.get_by_text("Robin: exactly their share")).to_be_visible()
    expect(share.get_by_text("Sam: exactly their share")).to_be_visible()
    rec.step(page, "new-couple-this-week")
    text = page.locator("main").inner_text().lower()
    assert "behind" not in text
    assert set(check_lines(page.content())) == {"Robin", "Sam"}
    page.get_by_label("Show").select_option("4w")
    click(page, page.get_by_role("button", name="Show", exact=True))
    expect(share.get_by_text("Robin: exactly their share")).to_be_visible()
    assert "behind" not in page.locator("main").inner_text().lower()
    rec.step(page, "new-couple-four-weeks")
    assert not rec.report(), rec.report()


def test_every_period_shows_a_headline_and_a_line_that_adds_up(  # type: ignore[no-untyped-def]
    browser: Browser,
    live_server,
    history: Home,  # noqa: F811
    viewport: str,
    rec: Recorder,
) -> None:
    home = history
    ctx = signed_in(browser, live_server.url, viewport, home.partner.user)
    page = ctx.new_page()
    rec.watch(page, "sam")
    page.goto(f"{live_server.url}/h/{home.household.pk}/balance/")
    for key, label in NAMED:
        page.get_by_label("Show").select_option(key)
        click(page, page.get_by_role("button", name="Show", exact=True))
        share = section(page, "Is everyone carrying their share?")
        expect(share.locator(".bal-headline")).to_have_count(2)
        lines = check_lines(page.content())
        assert set(lines) == {"Robin", "Sam"}, key
        for name, (headline, _line) in lines.items():
            way = "over" if headline > 0 else "under" if headline < 0 else "exactly"
            expect(share.get_by_text(f"{name}:", exact=False).first).to_contain_text(way)
        share.scroll_into_view_if_needed()
        rec.step(page, f"history-{label}")
    assert not rec.report(), rec.report()
