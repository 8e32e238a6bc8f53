"""The coach's notes on the check-in preparation page, read as a partner would, in Chromium.

A partner types blunt sentences into the fields the coach reads: each gets a note that quotes
the marked words, says why, offers a gentler wording ("Try: …") and says it is a suggestion, not
a verdict; a fine request and a fine thank-you get "Reads kindly"; a sincere thank-you the
learned reading flags just above its threshold gets a note that says the coach is unsure and the
words may stay. Then the same in German, through the language switch at the page's foot. At a
phone's size and a laptop's; nothing may stick out sideways. Every sentence here is flagged, or
not, the same way by `coach()` in every field it is typed into (tests/core/test_coach_model.py
holds the unsure one). Shots: ``test-artefacts/screenshots/<viewport>/coach-NN-step.png``.
"""

from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import WAIT_MS, Recorder, signed_in

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "coach-"

# Sentence, the words marked first, and the opening of the gentler wording offered.
BLUNT = [
    ("Why do I have to do everything around here?", "Why do I have to", "Say the need"),
    ("Thanks a lot for nothing.", "Thanks a lot for nothing", "Say it straight"),
    ("Do your job for once.", "Do your job", "Ask for the one thing you need"),
    ("You're useless with money.", "You're useless", "Name the action, not the person"),
    ("Even a child could load a dishwasher.", "Even a child", "Say the hurt plainly"),
]
FINE = ["Can you do the school run on Tuesday?", "Thanks for cooking tonight, it was lovely."]
SINCERE = "Thanks for handling the landlord, you were so calm on the phone."
SUGGESTION = "A suggestion, not a verdict: if the words say what you mean, keep them."


def _prepare_url(base: str) -> tuple[str, object]:
    """A household with a weekly check-in time, and its owner (Robin)."""
    from evenly.accounts.services import account_create
    from evenly.checkins.services import checkin_plan_set
    from evenly.households.services import household_create

    user = account_create(email="robin@example.org", password="a long walk by the river")
    household = household_create(
        user=user,
        name="Robin & Sam",
        time_zone="Europe/Berlin",
        fairness="equal",
        display_name="Robin",
    )
    checkin_plan_set(household=household, weekday=4, at=time(19, 30))
    checkin = household.checkins.get()
    return f"{base}/h/{household.pk}/checkin/{checkin.pk}/prepare/", user


def _type(page: Page, field: Locator, box: Locator, text: str) -> None:
    """Type ``text`` into a coached field and wait until the coach has read all of it."""
    field.fill(text)
    # The box answers to the last input: a note shows the sentence marked, a fine one says so
    # (typing into an emptied box shows nothing until the coach has answered).
    page.wait_for_function(
        "([box, text]) => { const t = document.querySelector(box + ' .coach-text');"
        " return t ? t.textContent === text : !!document.querySelector(box + ' .coach-ok'); }",
        arg=[f"#{box.get_attribute('id')}", text],
    )


def _fits(page: Page, box: Locator) -> None:
    """Nothing sticks out sideways: not the page, not the coach's box."""
    wide = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"the page scrolls sideways by {wide}px"
    width = page.viewport_size["width"] if page.viewport_size else 0
    edge = box.bounding_box()
    assert edge is not None and edge["x"] >= 0 and edge["x"] + edge["width"] <= width


def test_coach_notes_as_a_partner_reads_them(
    live_server, transactional_db, browser: Browser, rec: Recorder, viewport: str
) -> None:
    url, user = _prepare_url(live_server.url)
    ctx = signed_in(browser, live_server.url, viewport, user)
    try:
        page = ctx.new_page()
        rec.watch(page, "Robin")
        page.goto(url)
        expect(page.get_by_role("heading", name="One concern")).to_be_visible()
        when = page.get_by_label("when…", exact=True)
        when_box = page.locator("#coach-concern-when")

        for text, marked, opening in BLUNT:
            _type(page, when, when_box, text)
            expect(when_box.locator("mark").first).to_have_text(marked)
            note = when_box.locator(".coach-notes li").first
            # Why: the marked words quoted, or (learned) the words that carried the reading.
            expect(note).to_contain_text(f"“{marked}”")
            expect(note.locator(".coach-try")).to_contain_text(f"Try: {opening}")
            expect(when_box.locator(".coach-yours")).to_have_text(SUGGESTION)
            _fits(page, when_box)
        # Two marks of one rule: two wordings to try, the reason once.
        _type(page, when, when_box, "Do your job for once.")
        expect(when_box.locator("mark")).to_have_count(2)
        expect(when_box.locator(".coach-try")).to_have_count(2)
        expect(when_box.get_by_text("Naming a fault in your partner", exact=False)).to_have_count(1)
        rec.step(page, "two-marks-one-reason")

        for text in FINE:
            _type(page, when, when_box, text)
            expect(when_box).to_have_text("Reads kindly: nothing to soften.")
            expect(when_box.locator("mark")).to_have_count(0)
        rec.step(page, "fine-request")

        thanks = page.get_by_label("I appreciate…", exact=True)
        thanks_box = page.locator("#coach-appreciation-text")
        _type(page, thanks, thanks_box, SINCERE)
        note = thanks_box.locator(".coach-notes li")
        expect(note).to_contain_text("How it may land (learned).")
        expect(note).to_contain_text("The coach is unsure here")
        expect(note).to_contain_text("If it says what you mean, keep it as it is.")
        expect(note.locator(".coach-try")).to_contain_text("(only if it could be heard otherwise)")
        _fits(page, thanks_box)
        thanks_box.scroll_into_view_if_needed()
        rec.step(page, "sincere-thanks-unsure")

        # --- in German, through the switch at the page's foot ------------------------------
        with page.expect_navigation():
            page.get_by_role("button", name="Deutsch").click()
        page.goto(url)
        expect(page.get_by_role("heading", name="Ein Anliegen")).to_be_visible()
        expect(page.locator("section#concern > p.help")).to_contain_text(
            "Einige Hinweise des Coachs gibt es bisher nur auf Englisch."
        )
        when = page.get_by_label("wenn…", exact=True)
        _type(page, when, when_box, "Even a child could load a dishwasher.")
        note = when_box.locator(".coach-notes li")
        expect(note).to_contain_text("Wie es ankommen könnte (gelernt).")
        expect(note).to_contain_text("„Even a child“")
        expect(note.locator(".coach-try")).to_contain_text("Versuch es so: Sag offen")
        expect(when_box.locator(".coach-yours")).to_have_text(
            "Ein Vorschlag, kein Urteil: Wenn die Worte sagen, was du meinst, behalte sie."
        )
        # A rule's note stays English, marked so, and the box says it in German.
        _type(page, when, when_box, "You're useless with money.")
        expect(when_box).to_contain_text("Die Hinweise des Coachs gibt es bisher nur auf Englisch.")
        expect(when_box.locator(".coach-notes li")).to_have_attribute("lang", "en")
        _fits(page, when_box)
        rec.step(page, "german-rule-note")
        _type(page, when, when_box, FINE[0])
        expect(when_box).to_have_text("Klingt freundlich: nichts abzumildern.")
        rec.step(page, "german-fine-request")
    finally:
        ctx.close()

    assert not rec.report(), f"{viewport}:\n{rec.report()}"
