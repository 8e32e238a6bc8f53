"""Household → History at a phone and a laptop size: readable, grouped by day, filterable,
and clean under axe-core. Shots go to test-artefacts/screenshots/<viewport>/history-NN-*.png."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import VIEWPORTS, WAIT_MS, Recorder, click, signed_in

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "history-"


def test_history_page(browser: Browser, live_server, home, viewport: str, rec: Recorder) -> None:  # type: ignore[no-untyped-def]
    from evenly.cards.services import card_owner_rule_set, card_save
    from evenly.households.services import household_update

    h = home.household
    card = h.cards.get(name="Laundry")
    card_save(
        household=h,
        card=card,
        actor=home.owner,
        name=card.name,
        category=card.category,
        cadence=card.cadence,
        minutes=Decimal(45),
        mental_minutes=card.mental_minutes,
        standard=card.standard,
    )
    card_owner_rule_set(card=card, locked_to=home.partner, rotation=[], actor=home.owner)
    household_update(
        household=h,
        actor=home.owner,
        name=h.name,
        time_zone=h.time_zone,
        fairness="total-work",
        tolerance_minutes=h.tolerance_minutes,
        drift_weeks=h.drift_weeks,
    )

    ctx = signed_in(browser, live_server.url, viewport, home.owner.user)
    page = ctx.new_page()
    rec.watch(page, "robin")
    try:
        page.goto(f"{live_server.url}/h/{h.pk}/household/")
        click(page, page.get_by_role("link", name="History", exact=True))
        expect(page.get_by_role("heading", name="History", exact=True)).to_be_visible()
        expect(page.get_by_text("Robin edited Laundry: minutes 60 → 45")).to_be_visible()
        expect(
            page.get_by_text(
                "Robin changed the fairness rule from equal household time to equal total work"
            )
        ).to_be_visible()
        rec.step(page, "all")
        assert (
            page.evaluate("document.documentElement.scrollWidth")
            <= VIEWPORTS[viewport]["viewport"]["width"]
        )  # type: ignore[index]
        page.get_by_label("Show").select_option("member_joined")
        click(page, page.get_by_role("button", name="Show"))
        expect(page.get_by_text("Sam joined the household")).to_be_visible()
        expect(page.get_by_text("Robin edited Laundry")).to_have_count(0)
        rec.step(page, "filtered")
    finally:
        ctx.close()
    assert not rec.report(), rec.report()
