"""Two partners, two browsers, every step through the pages: the journey of issue 3.

Robin signs up, creates the household, chooses cards (some by search) and invites Sam by link;
Sam signs up from the link and joins; both rate every card; the standards diff shows where they
differ; Robin proposes a deal, locks a card to Sam, proposes again; both accept; Robin marks a
card done and undoes it; Sam marks time away; Robin covers Sam's daily card.

Run at a phone and a laptop size. Every step is screenshotted into
``test-artefacts/screenshots/<viewport>/`` and scanned with axe-core; see conftest.py.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    VIEWPORTS,
    WAIT_MS,
    Recorder,
    confirm_by_mail,
    context_for,
    message,
    tab,
)

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

PASSWORD = "a long walk by the river"

# Catalog keys ticked from the full list, then two found by search. Four daily cards: Breakfast
# (Robin's in the first proposal) is locked to Sam, so it is due on the days Sam is away and can
# be covered; Robin keeps other cards due this week.
TICKED = ["breakfast", "dishes", "tidying", "pet-feeding", "grocery-shopping", "vacuuming"]
SEARCHED = {"laundry": "laundry", "bills": "bills"}
LOCKED_CARD = "Breakfast"
CARD_COUNT = len(TICKED) + len(SEARCHED)

# One tap per card; the two partners feel differently, so the deal has something to weigh.
ROBIN_PREFS = ["Enjoy", "Like", "Fine", "Dislike", "Fine", "Like", "Hate", "Enjoy"]
SAM_PREFS = ["Fine", "Enjoy", "Dislike", "Like", "Like", "Fine", "Enjoy", "Hate"]
SAM_MINUTES = "90"
SAM_STANDARD = "Spotless: every surface wiped and dried"


def _rate_all(page: Page, rec: Recorder, who: str, prefs: list[str], *, own_first: bool) -> str:
    """Rate every card with one tap each; the first may get own minutes and standard.
    Returns the name of the first card rated."""
    panel = page.locator("#rate-panel")
    expect(panel.get_by_text(f"0 of {CARD_COUNT} rated")).to_be_visible()
    first = ""
    for i in range(CARD_COUNT):
        name = panel.locator("h2").inner_text()
        first = first or name
        if own_first and i == 0:
            panel.get_by_text("My own estimate and standard (optional)").click()
            panel.get_by_label("My minutes each time").fill(SAM_MINUTES)
            panel.get_by_label("What done means to me").fill(SAM_STANDARD)
            rec.step(page, f"{who}-rate-own-estimate")
        panel.get_by_role("button", name=prefs[i], exact=True).click()
        expect(panel.get_by_text(f"{i + 1} of {CARD_COUNT} rated")).to_be_visible()
        if i == 0:
            rec.step(page, f"{who}-rate-after-first")
    expect(panel.get_by_text("You have rated every card.")).to_be_visible()
    return first


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_two_partners_journey(
    live_server, transactional_db, browser: Browser, recorder: Recorder, viewport: str
) -> None:
    base = live_server.url
    rec = recorder
    robin_ctx = context_for(browser, viewport)
    sam_ctx = context_for(browser, viewport)
    try:
        robin = robin_ctx.new_page()
        sam = sam_ctx.new_page()
        rec.watch(robin, "Robin")
        rec.watch(sam, "Sam")

        # --- Robin signs up and creates the household ---------------------------------------
        robin.goto(f"{base}/signup/")
        rec.step(robin, "robin-signup")
        robin.get_by_label("Email").fill("robin@example.org")
        robin.get_by_label("Password").fill(PASSWORD)
        robin.get_by_role("button", name="Create account").click()
        confirm_by_mail(robin, "robin@example.org")
        expect(robin.get_by_role("heading", name="Create a household")).to_be_visible()
        rec.step(robin, "robin-household-new")
        robin.get_by_label("Household name").fill("Robin & Sam")
        robin.get_by_label("Your name here").fill("Robin")
        robin.get_by_label("Time zone").select_option("Europe/Berlin")
        robin.get_by_label("What is fair for us").select_option("equal")
        robin.get_by_role("button", name="Create household").click()
        message(robin, "Robin & Sam is ready")
        expect(robin.get_by_role("heading", name="Choose your cards")).to_be_visible()
        rec.step(robin, "robin-catalog")

        # --- Cards from the catalog: six ticked, two found by search -------------------------
        for key in TICKED:
            robin.locator(f"input[name=key][value={key}]").check()
        robin.get_by_role("button", name="Add the ticked cards").click()
        # Adding goes straight on to rating them; Robin adds more first, from the Cards tab.
        message(robin, f"Added {len(TICKED)} cards. Next: rate them.")
        expect(robin.get_by_role("heading", name="Rate the cards")).to_be_visible()
        rec.step(robin, "robin-cards-added")
        for query, key in SEARCHED.items():
            tab(robin, "Cards")
            robin.get_by_role("link", name="Add from the catalog").click()
            robin.get_by_role("searchbox", name="Search").fill(query)
            # The list filters in place as one types (Show does the same, without a reload).
            robin.get_by_role("button", name="Show").click()
            expect(robin.locator(f"input[name=key][value={key}]")).to_be_visible()
            expect(robin.locator("input[name=key][value=dishes]")).to_be_hidden()
            rec.step(robin, f"robin-catalog-search-{query}")
            robin.locator(f"input[name=key][value={key}]").check()
            robin.get_by_role("button", name="Add the ticked cards").click()
            message(robin, "Added 1 card. Next: rate them.")
        tab(robin, "Cards")
        expect(robin.locator("h1 .badge")).to_have_text(str(CARD_COUNT))
        rec.step(robin, "robin-cards")

        # --- Invitation link, read from the page ---------------------------------------------
        tab(robin, "Household")
        rec.step(robin, "robin-household")
        robin.get_by_role("button", name="Make an invitation link").click()
        link_box = robin.get_by_role("textbox", name="Invitation link")
        expect(link_box).to_be_visible()
        rec.step(robin, "robin-invitation-link")
        link = link_box.input_value()
        assert re.fullmatch(rf"{re.escape(base)}/join/[^/]+/", link), link
        join_path = link.removeprefix(base)

        # --- Sam opens the link, reads who invites them, signs up, joins ----------------------
        sam.goto(link)
        expect(sam.get_by_role("heading", name="Robin invites you to Robin & Sam")).to_be_visible()
        rec.step(sam, "sam-invitation")
        sam.get_by_role("link", name="Create an account").click()
        expect(sam.get_by_role("heading", name="Create an account")).to_be_visible()
        expect(sam.locator("input[name=next]")).to_have_value(join_path)
        rec.step(sam, "sam-signup")
        sam.get_by_label("Email").fill("sam@example.org")
        sam.get_by_label("Password").fill(PASSWORD)
        sam.get_by_role("button", name="Create account").click()
        confirm_by_mail(sam, "sam@example.org")
        expect(sam.get_by_role("heading", name="Robin invites you to Robin & Sam")).to_be_visible()
        rec.step(sam, "sam-join")
        sam.get_by_label("Your name here").fill("Sam")
        sam.get_by_role("button", name="Join the household").click()
        message(sam, "Welcome to Robin & Sam")
        expect(sam.get_by_role("heading", name="Rate the cards")).to_be_visible()
        rec.step(sam, "sam-rate")

        # --- Both rate every card; Sam gives one card own minutes and standard ----------------
        own_card = _rate_all(sam, rec, "sam", SAM_PREFS, own_first=True)
        expect(sam.locator("#rate-panel").get_by_text("Waiting for:")).to_be_visible()
        rec.step(sam, "sam-rated-all-waiting")
        sam.get_by_role("link", name="See and change mine").click()
        expect(sam.get_by_role("heading", name="My ratings")).to_be_visible()
        expect(sam.locator("tbody")).to_contain_text("1 h 30")  # SAM_MINUTES, in h mm
        rec.step(sam, "sam-my-ratings")
        # Noted shortcut: no page links to the standards diff before it is revealed.
        sam.goto(sam.url.replace("/ratings/", "/standards/"))
        expect(sam.get_by_text("Hidden until everyone has rated every card")).to_be_visible()
        rec.step(sam, "sam-standards-hidden")

        tab(robin, "Rate")
        rec.step(robin, "robin-rate")
        _rate_all(robin, rec, "robin", ROBIN_PREFS, own_first=False)
        expect(robin.get_by_text("Everyone has.")).to_be_visible()
        rec.step(robin, "robin-rated-all")
        robin.get_by_role("link", name="where you see things differently").click()
        expect(
            robin.get_by_role("heading", name="Where you see things differently")
        ).to_be_visible()
        diff = robin.locator("section.panel").filter(
            has=robin.get_by_role("heading", name=re.compile(rf"^{re.escape(own_card)}\b"))
        )
        expect(diff).to_contain_text(SAM_STANDARD)
        expect(diff).to_contain_text("time")
        expect(diff.locator("tbody tr")).to_have_count(2)
        rec.step(robin, "robin-standards-diff")

        # --- Robin proposes, locks Dishes to Sam, proposes again ------------------------------
        tab(robin, "Deal")
        rec.step(robin, "robin-deal-start")
        robin.get_by_role("button", name="Propose a deal").click()
        message(robin, "Deal v1 proposed.")
        expect(robin.get_by_role("heading", name=re.compile(r"^Deal v1"))).to_be_visible()
        rec.step(robin, "robin-deal-v1")
        row = robin.locator("section.owner-group li").filter(
            has=robin.locator(".item-title", has_text=re.compile(rf"^{LOCKED_CARD}$"))
        )
        row.get_by_text("Change who holds it").click()
        row.get_by_label("Who").select_option(label="Always Sam")
        rec.step(robin, "robin-deal-change-holder")
        row.get_by_role("button", name="Save").click()
        message(robin, f"Saved who holds {LOCKED_CARD}.")
        rec.step(robin, "robin-deal-holder-saved")
        robin.get_by_role("button", name="Propose a new deal").click()
        message(robin, "Deal v2 proposed.")
        expect(robin.get_by_role("heading", name=re.compile(r"^Deal v2"))).to_be_visible()
        sams = robin.locator("section.owner-group").filter(
            has=robin.get_by_role("heading", name=re.compile(r"^Sam\b"))
        )
        locked_row = sams.locator("li").filter(
            has=robin.locator(".item-title", has_text=re.compile(rf"^{LOCKED_CARD}$"))
        )
        expect(locked_row.locator(".badge", has_text="locked")).to_be_visible()
        rec.step(robin, "robin-deal-v2")

        # --- Both accept ----------------------------------------------------------------------
        robin.get_by_role("button", name="Accept deal v2").click()
        message(robin, "You accepted. Waiting for the others.")
        rec.step(robin, "robin-accepted")
        tab(sam, "Deal")
        expect(sam.get_by_role("heading", name=re.compile(r"^Deal v2"))).to_be_visible()
        rec.step(sam, "sam-deal-v2")
        sam.get_by_role("button", name="Accept deal v2").click()
        message(sam, "Everyone said yes: deal v2 is active.")
        rec.step(sam, "sam-deal-active")

        # --- This week: Robin marks one card done, then undoes it ----------------------------
        tab(robin, "This week")
        expect(robin.get_by_role("heading", name="This week", exact=True)).to_be_visible()
        rec.step(robin, "robin-week")
        done_button = robin.get_by_role("button", name=re.compile(r"^Done: ")).first
        label = done_button.get_attribute("aria-label") or ""
        card_name = label.removeprefix("Done: ")
        row_id = done_button.locator("xpath=ancestor::li[1]").get_attribute("id")
        assert card_name and row_id, (label, row_id)
        done_button.click()
        due_row = robin.locator(f"#{row_id}")
        expect(due_row.get_by_role("button", name=f"Undo: {card_name}")).to_be_visible()
        expect(due_row).to_contain_text("Done ·")
        rec.step(robin, "robin-week-done")
        due_row.get_by_role("button", name=f"Undo: {card_name}").click()
        expect(due_row.get_by_role("button", name=f"Done: {card_name}")).to_be_visible()
        expect(due_row).not_to_contain_text("Done ·")
        rec.step(robin, "robin-week-undone")
        robin.reload()
        expect(
            robin.locator(f"#{row_id}").get_by_role("button", name=f"Done: {card_name}")
        ).to_be_visible()
        rec.step(robin, "robin-week-reloaded")

        # --- Sam marks time away: today to three days on -------------------------------------
        tab(sam, "This week")
        expect(
            sam.get_by_role("button", name=re.compile(rf"^Done: {LOCKED_CARD}$")).first
        ).to_be_visible()
        rec.step(sam, "sam-week")
        sam.get_by_role("link", name="Mark time away").click()
        expect(sam.get_by_role("heading", name="Time away", exact=True)).to_be_visible()
        rec.step(sam, "sam-away")
        first_day = date.fromisoformat(sam.get_by_label("First day away").input_value())
        sam.get_by_label("Last day away").fill((first_day + timedelta(days=3)).isoformat())
        sam.get_by_label("Why").select_option("travel")
        sam.get_by_role("button", name="Save time away").click()
        message(sam, "Saved: away")
        expect(
            sam.get_by_role("button", name=re.compile(r"^Cancel this time away"))
        ).to_be_visible()
        rec.step(sam, "sam-away-saved")

        # --- Robin sees the cover offer for Sam's Dishes and takes it -------------------------
        tab(robin, "This week")
        offers = robin.locator("section").filter(
            has=robin.get_by_role("heading", name="Someone is away: can you cover?")
        )
        expect(offers).to_be_visible()
        rec.step(robin, "robin-cover-offer")
        offers.get_by_role(
            "button", name=re.compile(rf"^I'll take it: {LOCKED_CARD} on ")
        ).first.click()
        message(robin, re.compile(rf"You're covering {LOCKED_CARD} on \w+ for Sam"))
        covered = robin.locator("li").filter(
            has=robin.locator(".item-title", has_text=re.compile(rf"^{LOCKED_CARD}$"))
        )
        expect(covered.filter(has_text="covering for Sam").first).to_be_visible()
        rec.step(robin, "robin-cover-taken")
    finally:
        robin_ctx.close()
        sam_ctx.close()

    problems = rec.report()
    assert not problems, f"{viewport}:\n{problems}"
