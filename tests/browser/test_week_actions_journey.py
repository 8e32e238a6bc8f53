"""One tap on this week's cards, at a phone and a laptop size: Robin skips a missed dinner (with
a reason), snoozes today's, undoes the skip, moves the missed one to today and does it, then
does one of Sam's cards for Sam; Sam sees "Robin did this for you". Shots go to
test-artefacts/screenshots/<viewport>/week-actions-NN-*.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import (
    WAIT_MS,
    Recorder,
    message,
    signed_in,
)
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "week-actions-"


def _section(page: Page, heading_id: str) -> Locator:
    return page.locator("section").filter(has=page.locator(f"#{heading_id}"))


def _unfold(section: Locator) -> None:
    """Open the section's fold (it may be open already: a row that moves into it unfolds it)."""
    fold = section.locator("details").first
    if fold.get_attribute("open") is None:
        fold.locator("summary").first.click()


def _menu(page: Page, heading_id: str) -> Locator:
    """The first card's "Skip, snooze or move" menu in a section, opened."""
    menu = _section(page, heading_id).locator("details.act-menu").first
    menu.locator("summary").click()
    return menu


def test_robin_skips_snoozes_moves_and_does_a_card_for_sam(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.cards.services import card_owner_rule_set
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.models import Household
    from evenly.week.models import LogEntry, OccurrenceChange

    home = rated_and_dealt
    h = home.household
    # The household has counted its schedule for ten days: yesterday's dinner was missed.
    Household.objects.filter(pk=h.pk).update(created_at=timezone.now() - timedelta(days=10))
    h.refresh_from_db()
    cards = {c.name: c for c in h.cards.all()}
    card_owner_rule_set(card=cards["Cooking dinner"], locked_to=home.owner, rotation=[])
    for name in ("Laundry", "Bins out", "Bathroom clean"):
        card_owner_rule_set(card=cards[name], locked_to=home.partner, rotation=[])
    deal = deal_propose(household=h, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    today = h.today()
    # On a Monday yesterday's dinner is last week's: skipped today, it still shows in this
    # week's Done list with its Undo.
    base = f"{live_server.url}/h/{h.pk}"

    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{base}/week/")
    overdue, todays = _section(robin, "overdue-h"), _section(robin, "today-h")
    expect(overdue.get_by_role("button", name="Done: Cooking dinner")).to_have_count(1)
    expect(todays.get_by_role("button", name="Done: Cooking dinner")).to_have_count(1)
    rec.step(robin, "robin-sees-one-overdue-dinner-and-todays")

    # Skip yesterday's dinner, saying why.
    menu = _menu(robin, "overdue-h")
    rec.step(robin, "robin-opens-the-menu")
    menu.get_by_label("Why skip (optional)").fill("We ate at Gran's")
    menu.get_by_role("button", name="Skip: Cooking dinner").click()
    message(robin, "Skipped: Cooking dinner")
    expect(overdue.get_by_text("Nothing overdue")).to_be_visible()
    # The skipped dinner went to the Done list, which unfolds with the keyboard on its Undo.
    undo_skip = _section(robin, "done-h").get_by_role(
        "button", name="Undo the skip: Cooking dinner"
    )
    expect(undo_skip).to_be_visible()
    expect(undo_skip).to_be_focused()
    rec.step(robin, "robin-skipped-the-missed-dinner")

    # Snooze today's to tomorrow.
    _menu(robin, "today-h").get_by_role("button", name="Snooze to tomorrow: Cooking dinner").click()
    message(robin, "Snoozed: Cooking dinner, now due tomorrow")
    expect(todays.get_by_text("Nothing of yours today")).to_be_visible()
    change = OccurrenceChange.objects.get(kind="moved")
    assert (change.due_on, change.to_date) == (today, today + timedelta(days=1))

    # The skip is in the folded Done list with its reason; undo it: the dinner is overdue again.
    done = _section(robin, "done-h")
    _unfold(done)
    expect(done).to_contain_text("Skipped: “We ate at Gran's”")
    rec.step(robin, "robin-reads-the-done-list")
    done.get_by_role("button", name="Undo the skip: Cooking dinner").click()
    message(robin, "Back as it was: Cooking dinner")
    expect(overdue.get_by_role("button", name="Done: Cooking dinner")).to_have_count(1)

    # Move the missed dinner to today, and do it there.
    menu = _menu(robin, "overdue-h")
    menu.get_by_label("Move to").fill(today.isoformat())
    menu.get_by_role("button", name="Move: Cooking dinner").click()
    message(robin, "Moved: Cooking dinner, now due today")
    expect(todays).to_contain_text("moved from")
    rec.step(robin, "robin-moved-the-missed-dinner-to-today")
    todays.get_by_role("button", name="Done: Cooking dinner").click()
    message(robin, "Done: Cooking dinner")
    entry = LogEntry.objects.get(member=home.owner)
    assert entry.due_on == today - timedelta(days=1)  # the occurrence keeps its own day
    # The keyboard stays on the page's content after the swap, not lost at the top.
    robin.wait_for_function(
        "() => { const id = document.activeElement && document.activeElement.id;"
        " return id && (id.startsWith('act-') || id === 'week-status'); }"
    )

    # Do one of Sam's cards for Sam.
    theirs = _section(robin, "theirs-" + str(home.partner.pk) + "-h")
    _unfold(theirs)
    rec.step(robin, "robin-opens-sams-cards")
    theirs.get_by_role("button", name="Done for Sam").first.click()
    message(robin, "Done for Sam")
    done_for = LogEntry.objects.get(member=home.owner, covered_for=home.partner)
    expect(_section(robin, "done-h")).to_contain_text("You did this for Sam")
    rec.step(robin, "robin-did-one-for-sam")

    sam = signed_in(browser, live_server.url, viewport, home.partner.user).new_page()
    rec.watch(sam, "sam")
    sam.goto(f"{base}/week/")
    sams_done = _section(sam, "done-h")
    _unfold(sams_done)
    expect(sams_done).to_contain_text("Robin did this for you")
    expect(sams_done).to_contain_text(done_for.title)
    rec.step(sam, "sam-sees-robin-did-it-for-them")
    assert not rec.report(), rec.report()
