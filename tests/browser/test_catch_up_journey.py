"""A life change whose end date passes, at a phone and a laptop size: the next day every page
says it is due and changes nothing; Sam brings the deal up to date with the button; Robin then
sees the proposed deal and no banner. Shots go to
test-artefacts/screenshots/<viewport>/catch-up-NN-*.png."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

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


SHOTS = "catch-up-"


def test_a_life_change_that_ends_is_brought_up_to_date_by_a_button(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.deals.models import Deal
    from evenly.deals.services import deal_accept
    from evenly.growth.models import LifeEvent
    from evenly.growth.services import life_event_apply
    from evenly.households.services import household_changed

    home = rated_and_dealt
    h = home.household
    until = h.today() + timedelta(days=3)
    event = life_event_apply(
        member=home.owner,
        key="illness",
        concerns=home.partner,
        capacity=Decimal("0.25"),
        until=until,
    )
    deal = Deal.objects.get(household=h, status=Deal.Status.PROPOSED)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    base = f"{live_server.url}/h/{h.pk}"

    sam = signed_in(browser, live_server.url, viewport, home.partner.user).new_page()
    rec.watch(sam, "sam")
    # Before the date: nothing is due, no banner.
    sam.goto(f"{base}/week/")
    expect(sam.get_by_role("button", name="Bring the deal up to date")).to_have_count(0)

    # Three days on, the end date has come: the clock moves for the data.
    LifeEvent.objects.filter(pk=event.pk).update(until=h.today())
    # What pages keep is kept per day: the day that really passes would start afresh, which
    # moving the revision stands in for here.
    household_changed(household_id=h.pk)
    sam.goto(f"{base}/deal/")
    banner = sam.get_by_role("status").filter(has_text="Due now in your household")
    expect(banner).to_contain_text(f"The life change “{event.title}” ends today")
    rec.step(sam, "sam-sees-what-is-due")
    # Opening pages changed nothing.
    sam.goto(f"{base}/week/")
    sam.goto(f"{base}/grow/")
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ACTIVE

    click(sam, sam.get_by_role("button", name="Bring the deal up to date"))
    expect(sam).to_have_url(f"{base}/grow/")
    expect(sam.get_by_role("button", name="Bring the deal up to date")).to_have_count(0)
    rec.step(sam, "sam-brought-it-up-to-date")
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ENDED

    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{base}/deal/")
    expect(robin.get_by_role("button", name="Bring the deal up to date")).to_have_count(0)
    rec.step(robin, "robin-sees-the-deal-giving-work-back")
    assert Deal.objects.filter(household=h, status=Deal.Status.PROPOSED).exists()
    assert not rec.report(), rec.report()
