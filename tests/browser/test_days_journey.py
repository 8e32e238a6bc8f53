"""Choosing days for a card, at a phone and a laptop size: the Laundry, a weekly card, goes on
Saturdays at 09:00 (after a try with two days, which the form refuses with a message); the
card list says "Sat 09:00" and next week's page has it under Saturday, at 09:00. Shots go to
test-artefacts/screenshots/<viewport>/days-NN-*.png."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    WAIT_MS,
    Recorder,
    click,
    signed_in,
)
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "days-"


def test_a_weekly_card_goes_on_saturdays_at_nine(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.core.schedule import week_of
    from evenly.deals.models import Deal

    home = rated_and_dealt
    h = home.household
    deal = Deal.objects.get(household=h, status=Deal.Status.ACTIVE)
    laundry = deal.cards.get(name="Laundry")
    holder = home.owner if laundry.owner_id == home.owner.pk else home.partner
    base = f"{live_server.url}/h/{h.pk}"

    page = signed_in(browser, live_server.url, viewport, holder.user).new_page()
    rec.watch(page, holder.display_name.lower())
    page.goto(f"{base}/cards/")
    click(page, page.get_by_role("link", name="Edit Laundry"))
    when = page.locator("form").filter(has=page.get_by_role("heading", name="When"))
    expect(when).to_contain_text("Tick one day")
    when.scroll_into_view_if_needed()
    rec.step(page, "the-when-panel")

    # Two days for a weekly card: the form says why not, and keeps the choice.
    when.get_by_role("checkbox", name="Mon").check()
    when.get_by_role("checkbox", name="Sat").check()
    click(page, when.get_by_role("button", name="Save when"))
    when = page.locator("form").filter(has=page.get_by_role("heading", name="When"))
    expect(when).to_contain_text("choose 1 day of the week (not 2)")
    expect(when.get_by_role("checkbox", name="Mon")).to_be_checked()
    # That refusal answers 400 on purpose (the form with its message): only it is forgiven.
    refused = [e for e in rec.browser_errors if "400" in e]
    assert len(refused) == 2 and any(f"POST {base}/cards/" in e for e in refused), refused
    rec.browser_errors = [e for e in rec.browser_errors if e not in refused]
    when.scroll_into_view_if_needed()
    rec.step(page, "two-days-refused")

    when.get_by_role("checkbox", name="Mon").uncheck()
    when.get_by_label("At (optional)").fill("09:00")
    click(page, when.get_by_role("button", name="Save when"))
    # (the browser keeps the form's #when through the redirect: harmless on the list)
    expect(page).to_have_url(re.compile(rf"{re.escape(base)}/cards/(#when)?$"))
    item = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Laundry"))
    expect(item).to_contain_text("Sat 09:00")
    rec.step(page, "the-card-list-says-sat-0900")

    # Next week's page: the Laundry is under Saturday, at 09:00.
    monday, _ = week_of(h.today() + timedelta(days=7))
    saturday = monday + timedelta(days=5)
    page.goto(f"{base}/week/?week={monday.isoformat()}")
    day = page.get_by_role("heading", name=saturday.strftime("%A %-d %b"))
    expect(day).to_be_visible()
    row = (
        day.locator("xpath=following-sibling::ul[1]")
        .get_by_role("listitem")
        .filter(has_text="Laundry")
    )
    expect(row).to_contain_text("at 09:00")
    day.scroll_into_view_if_needed()
    rec.step(page, "next-week-on-saturday")
    assert not rec.report(), rec.report()
