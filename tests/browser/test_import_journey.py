"""Coming from another app, on a phone 360 px wide and on a laptop: Robin chooses a CSV with one
mistake, sees every problem and nothing added, chooses the corrected file, reads the preview
(catalog matches and new cards), adds them and lands on Cards with a message. No page scrolls
sideways or sticks out past the right edge. Shots go to
test-artefacts/screenshots/<viewport>/import-NN-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import VIEWPORTS, WAIT_MS, Recorder, click, message, signed_in
from tests.browser.test_layout_widths import OVERFLOW_JS
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "import-"
PHONE = "360x740"

BAD = b"name,how often,minutes\nDishes,sometimes,20\nClean the bathroom,every 2 weeks,50\nWater the plants and the window boxes on the balcony,alle 3 Tage,\n"
GOOD = BAD.replace(b"sometimes", b"daily")


@pytest.fixture(params=[PHONE, "1280x800"])
def viewport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A small phone (the narrowest width Evenly promises, 360 px) and a laptop."""
    monkeypatch.setitem(
        VIEWPORTS,
        PHONE,
        {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    )
    return str(request.param)


def fits(page: Page) -> None:
    """Nothing on the page sticks out past the right edge or scrolls sideways."""
    assert page.evaluate(OVERFLOW_JS) == []


def test_importing_a_csv(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, home: Home, viewport: str, rec: Recorder, tmp_path
) -> None:
    from evenly.cards.models import Card

    bad, good = tmp_path / "chores.csv", tmp_path / "chores-corrected.csv"
    bad.write_bytes(BAD)
    good.write_bytes(GOOD)
    h = home.household
    before = Card.objects.filter(household=h).count()
    page = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(page, "robin")
    page.goto(f"{live_server.url}/h/{h.pk}/cards/")
    click(page, page.get_by_role("link", name="Import from another app"))
    expect(page.get_by_role("heading", name="Coming from another app")).to_be_visible()
    rec.step(page, "choose-a-file")
    fits(page)

    page.get_by_label("File from another app").set_input_files(str(bad))
    click(page, page.get_by_role("button", name="Show what it adds"))
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("nothing was added")
    expect(problems).to_contain_text('"sometimes" is not a cadence Evenly understands')
    rec.step(page, "every-problem-at-once")
    fits(page)
    # The refused file answers 400 on purpose (the page with its problems): only it is forgiven.
    refused = [e for e in rec.browser_errors if "400" in e]
    assert len(refused) == 2, rec.browser_errors  # the response, and the console's note of it
    rec.browser_errors = [e for e in rec.browser_errors if e not in refused]
    assert Card.objects.filter(household=h).count() == before

    page.get_by_label("File from another app").set_input_files(str(good))
    click(page, page.get_by_role("button", name="Show what it adds"))
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("3 cards to add")
    expect(preview).to_contain_text("catalog card “Dishes”, with its “Done means”")
    expect(preview).to_contain_text("every 3 days")
    expect(preview).to_contain_text("new card")
    rec.step(page, "preview")
    fits(page)
    assert Card.objects.filter(household=h).count() == before

    click(page, page.get_by_role("button", name="Add 3 cards"))
    message(page, "Added 3 cards from the file")
    expect(
        page.get_by_role(
            "link", name="Water the plants and the window boxes on the balcony", exact=True
        )
    ).to_be_visible()
    rec.step(page, "cards-with-the-imported-ones")
    fits(page)
    assert Card.objects.filter(household=h).count() == before + 3
    assert not rec.report(), rec.report()
