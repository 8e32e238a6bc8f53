"""How it feels, at a phone and a laptop size: Robin turns the monthly check on; both answer
privately (Sam cannot see Robin's answers before answering); a month passes; both answer
again, and the Balance page shows the trend beside the balance. Shots go to
test-artefacts/screenshots/<viewport>/felt-NN-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WAIT_MS, Recorder, click, message, signed_in
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "felt-"

SCALES = (
    "How fair does the split of the home work feel to you, for you?",
    "How fair do you think it is for your partner(s)?",
    "How satisfied are you with the split of the home work?",
)
CSI = (
    "Please indicate the degree of happiness, all things considered, of your relationship.",
    "I have a warm and comfortable relationship with my partner.",
    "How rewarding is your relationship with your partner?",
    "In general, how satisfied are you with your relationship?",
)


def _answer(page: Page, scales: tuple[int, int, int], csi: tuple[str, str, str, str]) -> None:
    """Fill the check as a person does: one choice in each group, by its label."""
    for legend, value in zip(SCALES, scales, strict=True):
        page.get_by_role("group", name=legend).get_by_label(str(value), exact=True).check()
    for legend, choice in zip(CSI, csi, strict=True):
        page.get_by_role("group", name=legend).get_by_label(choice, exact=True).check()


def test_both_answer_over_two_months_and_see_the_trend(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, home: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.core.felt import month_of
    from evenly.felt.models import FeltAnswer, FeltMonth
    from evenly.households.services import household_changed

    h = home.household
    base = f"{live_server.url}/h/{h.pk}"
    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    sam = signed_in(browser, live_server.url, viewport, home.partner.user).new_page()
    rec.watch(robin, "robin")
    rec.watch(sam, "sam")

    robin.goto(f"{base}/how-it-feels/")
    rec.step(robin, "robin-sees-it-is-off")
    click(robin, robin.get_by_role("button", name="Turn on the monthly check"))
    message(robin, "on for your household")
    _answer(robin, (3, 5, 3), ("Happy", "Mostly TRUE", "Mostly", "Somewhat"))
    rec.step(robin, "robin-answers")
    click(robin, robin.get_by_role("button", name="Save my answers"))
    message(robin, "stay private until everyone has answered")
    rec.step(robin, "robin-answered-waits")

    # Sam's Needs-you list asks for this month's check; the page shows who still has to answer
    # and nothing of Robin's answers.
    sam.goto(f"{base}/needs/")
    expect(sam.get_by_role("link", name="This month's check: how fair it feels")).to_be_visible()
    click(sam, sam.get_by_role("link", name="This month's check: how fair it feels"))
    expect(sam.get_by_text("Still to answer: Sam.")).to_be_visible()
    expect(sam.get_by_role("heading", name="Months everyone answered")).to_be_visible()
    expect(sam.get_by_role("table")).to_have_count(0)
    rec.step(sam, "sam-sees-nothing-of-robins")
    _answer(sam, (3, 4, 3), ("A Little Unhappy", "Somewhat TRUE", "Somewhat", "Somewhat"))
    click(sam, sam.get_by_role("button", name="Save my answers"))
    message(sam, "Everyone has answered")
    expect(sam.get_by_role("table")).to_have_count(1)
    rec.step(sam, "sam-sees-the-month-open")

    # A month passes: the answers given belong to last month (the clock moves for the data),
    # and the pages' kept parts start afresh as on a new day.
    this = month_of(h.today())
    last = month_of(this.replace(day=1) - __import__("datetime").timedelta(days=1))
    FeltAnswer.objects.filter(household=h, month=this).update(month=last)
    FeltMonth.objects.filter(household=h, month=this).update(month=last)
    household_changed(household_id=h.pk)

    sam.goto(f"{base}/how-it-feels/")
    expect(sam.get_by_text("Feels fair 3 of 7 (one month so far)").first).to_be_visible()
    _answer(sam, (5, 5, 6), ("Very Happy", "Mostly TRUE", "Mostly", "Mostly"))
    click(sam, sam.get_by_role("button", name="Save my answers"))
    robin.goto(f"{base}/how-it-feels/")
    _answer(robin, (6, 5, 6), ("Very Happy", "Almost Completely TRUE", "Mostly", "Mostly"))
    click(robin, robin.get_by_role("button", name="Save my answers"))
    message(robin, "Everyone has answered")
    expect(robin.get_by_role("table")).to_have_count(2)
    rec.step(robin, "robin-two-months")

    # Beside the balance, for both of them.
    for page, who in ((robin, "robin"), (sam, "sam")):
        page.goto(f"{base}/balance/")
        trend = page.locator("[data-felt-trend]")
        expect(trend).to_contain_text("Since you started: feels fair 3 → 6 of 7")
        expect(trend).to_contain_text("relationship (CSI-4)")
        rec.step(page, f"{who}-sees-the-trend-beside-the-balance")
        # On a phone nothing runs off the side.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], width  # type: ignore[index]

    assert not rec.report(), rec.report()
