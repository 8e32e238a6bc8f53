"""A partner asks the stereotype lens about their own check-in note, at a phone and a laptop size.

Robin and Sam have rated the catalog's cards (paying the bills among them) and accepted a deal.
Sam prepares a note for the check-in, "I always kept an emergency fund in case something
happened to our family.", presses "Does this echo an old script?" under it, and sees, in place
(htmx), that the sentence echoes "Men are providers", how sure the lens is, a question to think
about and each member's minutes a week on money and admin in the deal in force. Robin, on the
same check-in's preparation page, sees neither the note nor the question. Shots go to
test-artefacts/screenshots/<viewport>/lens-NN-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import WAIT_MS, Recorder, click, signed_in

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "lens-"
NOTE = "I always kept an emergency fund in case something happened to our family."
CARD_KEYS = ["breakfast", "dishes", "vacuuming", "laundry", "bills"]


def _household() -> tuple[int, int, object, object]:
    """Robin's and Sam's household, rated and dealt, with a check-in being prepared: its ids
    and both users."""
    from evenly.accounts.services import account_create
    from evenly.cards.services import cards_add_from_catalog, rating_set
    from evenly.checkins.services import checkin_start
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.services import household_create, invitation_accept, invitation_create

    robin_user = account_create(email="robin@example.org", password="a long walk by the river")
    sam_user = account_create(email="sam@example.org", password="a long walk by the river")
    household = household_create(
        user=robin_user,
        name="Robin & Sam",
        time_zone="Europe/Berlin",
        fairness="equal",
        display_name="Robin",
    )
    robin = household.members.get()
    sam = invitation_accept(
        token=invitation_create(household=household, member=robin).token,
        user=sam_user,
        display_name="Sam",
    )
    cards = cards_add_from_catalog(household=household, keys=CARD_KEYS)
    for member in (robin, sam):
        for card in cards:
            rating_set(member=member, card=card, preference="fine")
    deal = deal_propose(household=household, member=robin)
    deal_accept(deal=deal, member=robin)
    deal_accept(deal=deal, member=sam)
    checkin = checkin_start(member=sam)
    return household.pk, checkin.pk, robin_user, sam_user


def test_a_partner_asks_the_lens_about_their_note(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, viewport: str, rec: Recorder
) -> None:
    hid, cid, robin_user, sam_user = _household()
    prepare = f"{live_server.url}/h/{hid}/checkin/{cid}/prepare/"
    sam_ctx = signed_in(browser, live_server.url, viewport, sam_user)
    robin_ctx = signed_in(browser, live_server.url, viewport, robin_user)
    try:
        sam = sam_ctx.new_page()
        rec.watch(sam, "Sam")
        sam.goto(prepare)
        went_well = sam.locator("section#went_well")
        details = went_well.locator("details.add")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        went_well.get_by_role("textbox").first.fill(NOTE)
        click(sam, went_well.get_by_role("button", name="Save privately"))
        item = sam.locator("li.my-item").filter(has_text=NOTE)
        expect(item).to_be_visible()
        rec.step(sam, "sam-note-saved")

        item.get_by_role("button", name="Does this echo an old script?").click()
        answer = item.locator("[data-lens]")
        expect(answer).to_contain_text("echoes an old script")
        expect(answer).to_contain_text("Men are providers")
        expect(answer).to_contain_text("How sure the lens is:")
        expect(answer).to_contain_text("A question to think about:")
        expect(answer).to_contain_text("Money & admin")
        expect(answer.locator(".lens-shares li")).to_have_count(2)
        expect(answer).to_contain_text("Only you see this; it is not kept.")
        answer.scroll_into_view_if_needed()
        rec.step(sam, "sam-lens-answer")
        assert sam.url.split("#")[0] == prepare  # answered in place, no page left

        robin = robin_ctx.new_page()
        rec.watch(robin, "Robin")
        robin.goto(prepare)
        expect(robin.locator("main")).to_be_visible()
        text = robin.locator("main").inner_text()
        assert NOTE not in text
        assert "Men are providers" not in text
        rec.step(robin, "robin-sees-nothing-of-it")
    finally:
        sam_ctx.close()
        robin_ctx.close()
    assert not rec.report(), rec.report()
