"""Two partners look back: balance, mirror, perception check, ledger and time of their own.

The household, its cards, both members' ratings, the accepted deal and four weeks of history
are set up through services and rows (the first journey, test_journey.py, already drives those
pages). Robin mows the lawn and Sam does the laundry, and Sam carries more, so the balance has
a drift and the mirror a pattern to show. Then both partners log in through the login form in
their own browser contexts and use the insight pages through the UI:

- the week page's links to the Ledger, Time of your own and the Balance tab;
- the balance for this week, 4 weeks, a custom period, and a custom period that ends before it
  starts (the error is shown, and this week instead);
- the stereotype mirror;
- the perception check: Robin starts the month's check, both answer, the results appear;
- the ledger: filter by person and kind, edit one of one's own entries, delete one through the
  confirm page, and the CSV link answers with text/csv;
- time of one's own: Robin logs time and sees the progress toward the goal; Sam sees Robin's
  total but not what Robin did;
- the weekly summary, when the insight app has one (``reverse("summary")``).

Run at a phone and a laptop size. Every step is screenshotted into
``test-artefacts/screenshots/<viewport>/insight-NN-step.png`` and scanned with axe-core; serious
and critical violations, console errors (CSP reports among them), uncaught script errors and
failed responses fail the test. See conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    VIEWPORTS,
    WAIT_MS,
    Recorder,
    context_for,
    message,
    recording,
    tab,
)

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

PASSWORD = "a long walk by the river"
PREFIX = "insight-"

# Ten catalog cards. Robin mows the lawn (traditionally mostly men's), Sam does the laundry
# (traditionally mostly women's): the mirror has the old pattern to show.
CARD_KEYS = [
    "breakfast",
    "dishes",
    "tidying",
    "grocery-shopping",
    "vacuuming",
    "laundry",
    "bills",
    "lawn-mowing",
    "meal-planning",
    "bathroom-cleaning",
]
PREFS = {
    "Robin": ["enjoy", "like", "fine", "dislike", "fine", "hate", "like", "enjoy", "fine", "like"],
    "Sam": ["fine", "enjoy", "dislike", "like", "like", "enjoy", "hate", "dislike", "like", "fine"],
}
# (card key, kind, minutes, which days back from today) for each member: 28 days of history.
# Sam carries clearly more than half every week, so the balance shows a drift.
HISTORY = {
    "Robin": [
        ("lawn-mowing", "did", 50, range(1, 28, 7)),
        ("dishes", "did", 20, range(0, 28, 2)),
        ("grocery-shopping", "did", 75, range(3, 28, 7)),
        ("bills", "planned", 30, range(5, 28, 14)),
        ("breakfast", "noticed", 5, range(2, 28, 7)),
    ],
    "Sam": [
        ("laundry", "did", 35, range(0, 28, 2)),
        ("tidying", "did", 15, range(0, 28, 1)),
        ("bathroom-cleaning", "did", 45, range(4, 28, 7)),
        ("vacuuming", "did", 40, range(6, 28, 7)),
        ("meal-planning", "planned", 30, range(0, 28, 7)),
        ("grocery-shopping", "noticed", 10, range(1, 28, 7)),
    ],
}
# Robin's own entry that gets edited, and the one that gets deleted (both logged today).
EDITED = ("Fixed the wobbly shelf", "noticed", 10)
DELETED = ("Descaled the kettle", "did", 15)
ROBIN_PERSONAL = ("Piano practice", "45")


@pytest.fixture
def insight_recorder(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    """The shots are insight-NN-step.png, beside the other journeys' (which it leaves alone)."""
    yield from recording(request, PREFIX)


def _subnav(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("navigation", name="Balance views").get_by_role("link", name=name).click()


def _show(page: Page) -> None:
    """Submit the balance page's period form."""
    with page.expect_navigation():
        page.locator("form.bal-period").get_by_role("button", name="Show").click()


def _household() -> tuple[int, date, dict[str, object]]:
    """The household with its history, made through services and rows. Returns its id, its
    today and the members by name."""
    from evenly.accounts.services import account_create
    from evenly.cards.services import cards_add_from_catalog, rating_set
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.services import household_create, invitation_accept, invitation_create
    from evenly.week.models import LogEntry, PersonalTime

    robin_user = account_create(email="robin@example.org", password=PASSWORD)
    sam_user = account_create(email="sam@example.org", password=PASSWORD)
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
    for m, paid, goal in ((robin, 38, 240), (sam, 30, 180)):
        m.paid_hours = Decimal(paid)
        m.personal_time_goal_minutes = goal
        m.save(update_fields=["paid_hours", "personal_time_goal_minutes"])
    cards = {c.catalog_key: c for c in cards_add_from_catalog(household=household, keys=CARD_KEYS)}
    assert len(cards) == len(CARD_KEYS)
    members = {"Robin": robin, "Sam": sam}
    for name, member in members.items():
        for key, pref in zip(CARD_KEYS, PREFS[name], strict=True):
            rating_set(member=member, card=cards[key], preference=pref)
    deal = deal_propose(household=household, member=robin)
    deal_accept(deal=deal, member=robin)
    deal_accept(deal=deal, member=sam)

    today = household.today()
    rows = [
        LogEntry(
            household=household,
            member=members[name],
            card=cards[key],
            title=cards[key].name,
            kind=kind,
            minutes=Decimal(minutes),
            done_on=today - timedelta(days=back),
        )
        for name, plan in HISTORY.items()
        for key, kind, minutes, days in plan
        for back in days
    ]
    for title, kind, minutes in (EDITED, DELETED):
        rows.append(
            LogEntry(
                household=household,
                member=robin,
                title=title,
                kind=kind,
                minutes=Decimal(minutes),
                done_on=today,
            )
        )
    LogEntry.objects.bulk_create(rows)
    PersonalTime.objects.bulk_create(
        PersonalTime(
            household=household,
            member=m,
            minutes=Decimal(mins),
            on=today - timedelta(days=back),
            what=what,
        )
        for m, mins, back, what in (
            (robin, 60, 9, "Climbing"),
            (robin, 90, 16, "Climbing"),
            (sam, 120, 3, "Pottery course"),
            (sam, 45, 12, "Reading"),
        )
    )
    return household.pk, today, members


def _log_in(page: Page, base: str, email: str, next_path: str, rec: Recorder, who: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    rec.step(page, f"{who}-login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="This week", exact=True)).to_be_visible()


def _summary_path(household_id: int) -> str | None:
    try:
        return reverse("summary", args=[household_id])
    except NoReverseMatch:
        return None


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_insight_journey(
    live_server,
    transactional_db,
    browser: Browser,
    insight_recorder: Recorder,
    viewport: str,
) -> None:
    base = live_server.url
    rec = insight_recorder
    hid, today, _members = _household()
    h = f"/h/{hid}"
    robin_ctx = context_for(browser, viewport)
    sam_ctx = context_for(browser, viewport)
    try:
        robin = robin_ctx.new_page()
        sam = sam_ctx.new_page()
        rec.watch(robin, "Robin")
        rec.watch(sam, "Sam")

        # --- Robin logs in; the week page links to the ledger, own time and the balance -------
        _log_in(robin, base, "robin@example.org", f"{h}/week/", rec, "robin")
        records = robin.locator("section").filter(
            has=robin.get_by_role("heading", name="Look back, and look after yourself")
        )
        expect(records.get_by_role("link", name="Ledger")).to_have_attribute("href", f"{h}/ledger/")
        expect(records.get_by_role("link", name="Time of your own")).to_have_attribute(
            "href", f"{h}/personal/"
        )
        expect(
            robin.get_by_role("navigation", name="Household").get_by_role("link", name="Balance")
        ).to_have_attribute("href", f"{h}/balance/")
        rec.step(robin, "robin-week")

        # --- Balance: this week, 4 weeks, a custom period, a bad custom period ----------------
        tab(robin, "Balance")
        expect(robin.get_by_role("heading", name="Balance", exact=True)).to_be_visible()
        expect(robin.get_by_role("heading", name="Home work against each share")).to_be_visible()
        rec.step(robin, "robin-balance-week")

        robin.get_by_label("Show").select_option("4w")
        _show(robin)
        expect(robin).to_have_url(re.compile(r"[?&]period=4w\b"))
        # Four whole ISO weeks up to today: three before this week's Monday, and this week.
        first_day = today - timedelta(days=today.weekday(), weeks=3)
        days = (today - first_day).days + 1
        expect(robin.locator("form.bal-period")).to_contain_text(f"({days} days)")
        # Every chart is an SVG image with a title, and beside it a table of its figures.
        for heading in (
            "Home work against each share",
            "Planned and done",
            "The invisible work made visible",
            "Home work + paid work = total work",
            "Personal time and the leisure gap",
            "Week by week",
        ):
            section = robin.locator("section.panel").filter(
                has=robin.get_by_role("heading", name=heading, exact=True)
            )
            expect(section.locator("svg[role=img]")).to_have_count(1)
            expect(section.locator("table.bal-table")).to_be_visible()
        drift = robin.locator("section.bal-drift")
        expect(drift.get_by_role("heading", name="Drifting from the deal")).to_be_visible()
        expect(drift.get_by_role("button", name="Ask for a re-deal")).to_be_visible()
        rec.step(robin, "robin-balance-4w")

        start, end = today - timedelta(days=20), today - timedelta(days=7)
        robin.get_by_label("Show").select_option("custom")
        robin.locator("#period-start").fill(start.isoformat())
        robin.locator("#period-end").fill(end.isoformat())
        _show(robin)
        expect(robin).to_have_url(re.compile(r"[?&]period=custom\b"))
        expect(robin.locator("form.bal-period")).to_contain_text("(14 days)")
        expect(robin.get_by_role("alert")).to_have_count(0)
        rec.step(robin, "robin-balance-custom")

        robin.locator("#period-start").fill(end.isoformat())
        robin.locator("#period-end").fill(start.isoformat())
        _show(robin)
        alert = robin.get_by_role("alert")
        expect(alert).to_contain_text("before it starts")
        expect(alert).to_contain_text("Showing this week instead.")
        rec.step(robin, "robin-balance-bad-period")

        # --- The stereotype mirror ------------------------------------------------------------
        robin.get_by_label("Show").select_option("4w")
        _show(robin)
        _subnav(robin, "Stereotype mirror")
        expect(robin).to_have_url(re.compile(rf"{h}/balance/mirror/\?period=4w"))
        expect(robin.locator("main")).to_contain_text("Traditionally mostly women's")
        expect(robin.locator("main")).to_contain_text("Traditionally mostly men's")
        expect(robin.locator("main svg[role=img]").first).to_be_visible()
        rec.step(robin, "robin-mirror")

        # --- Perception check: Robin starts it and answers ------------------------------------
        _subnav(robin, "Perception check")
        expect(robin.get_by_role("heading", name="Perception check")).to_be_visible()
        rec.step(robin, "robin-perception")
        robin.get_by_role("button", name="Start this month's check").click()
        message(robin, "This month's check has started.")
        rec.step(robin, "robin-perception-started")
        robin.get_by_label("Your share of all the home work, in %").fill("55")
        robin.get_by_label("Your share of the mental load, in %").fill("40")
        robin.get_by_role("button", name="Save my estimate").click()
        message(robin, "Thank you. The results show once everyone answers.")
        expect(robin.get_by_text("Still to answer: Sam.")).to_be_visible()
        rec.step(robin, "robin-perception-answered")

        # --- Sam logs in in the other browser and answers; the results appear ----------------
        _log_in(sam, base, "sam@example.org", f"{h}/week/", rec, "sam")
        tab(sam, "Balance")
        _subnav(sam, "Perception check")
        expect(sam.get_by_text("Already answered: Robin.")).to_be_visible()
        rec.step(sam, "sam-perception")
        sam.get_by_label("Your share of all the home work, in %").fill("60")
        sam.get_by_label("Your share of the mental load, in %").fill("70")
        sam.get_by_role("button", name="Save my estimate").click()
        message(sam, "Everyone has answered: here are the results.")
        results = sam.locator("section.panel").filter(
            has=sam.get_by_role("heading", name=today.strftime("%B %Y"), exact=True)
        )
        expect(results.locator("table")).to_have_count(2)
        expect(results.locator("tbody tr")).to_have_count(4)
        rec.step(sam, "sam-perception-results")
        robin.reload()
        expect(robin.get_by_role("heading", name="Results")).to_be_visible()
        expect(robin.locator("tbody tr").filter(has_text="Sam").first).to_contain_text("60")
        rec.step(robin, "robin-perception-results")

        # --- The ledger: from the week page; filter; edit one; delete one; the CSV ------------
        tab(robin, "This week")
        with robin.expect_navigation():
            records.get_by_role("link", name="Ledger").click()
        expect(robin.get_by_role("heading", name="Ledger")).to_be_visible()
        rec.step(robin, "robin-ledger-week")
        with robin.expect_navigation():
            robin.get_by_role("navigation", name="Period").get_by_role(
                "link", name="4 weeks"
            ).click()
        expect(robin).to_have_url(re.compile(r"[?&]period=4w\b"))
        rec.step(robin, "robin-ledger-4w")

        robin.get_by_text("Filter by person, kind or dates").click()
        robin.get_by_label("Who").select_option(label="Robin")
        robin.get_by_label("Kind").select_option("noticed")
        with robin.expect_navigation():
            robin.get_by_role("button", name="Show", exact=True).click()
        expect(robin.locator("#ledger-period")).to_contain_text("by Robin · noticed only")
        entries = (
            robin.locator("section")
            .filter(has=robin.get_by_role("heading", name="Entries"))
            .locator("li")
        )
        expect(entries.first).to_be_visible()
        for text in entries.all_inner_texts():
            assert "Noticed" in text and "You ·" in text, text
        rec.step(robin, "robin-ledger-filtered")

        edited_title, _, _ = EDITED
        with robin.expect_navigation():
            robin.get_by_role("link", name=re.compile(rf"^Edit: {edited_title}, ")).click()
        expect(robin.get_by_role("heading", name=f"Edit: {edited_title}")).to_be_visible()
        rec.step(robin, "robin-ledger-edit")
        robin.get_by_label("How many minutes").fill("25")
        robin.get_by_label("Planning").check()
        with robin.expect_navigation():
            robin.get_by_role("button", name="Save").click()
        message(robin, f"Saved: {edited_title}")
        # Back on the filtered ledger: it is planning now, so it left the "noticed" list.
        expect(robin.locator("#ledger-period")).to_contain_text("noticed only")
        expect(entries.filter(has_text=edited_title)).to_have_count(0)
        rec.step(robin, "robin-ledger-edited")

        deleted_title, _, _ = DELETED
        with robin.expect_navigation():
            robin.get_by_role("link", name="Clear filters").click()
        robin_row = robin.locator("li").filter(has_text=edited_title)
        expect(robin_row).to_contain_text("Planned")
        expect(robin_row).to_contain_text("25 min")
        with robin.expect_navigation():
            robin.get_by_role("link", name=re.compile(rf"^Delete: {deleted_title}, ")).click()
        expect(robin.get_by_role("heading", name="Delete this entry?")).to_be_visible()
        expect(robin.get_by_role("heading", name=deleted_title)).to_be_visible()
        rec.step(robin, "robin-ledger-delete-confirm")
        with robin.expect_navigation():
            robin.get_by_role("button", name="Delete it").click()
        message(robin, f"Deleted: {deleted_title}")
        expect(robin.locator("li").filter(has_text=deleted_title)).to_have_count(0)
        rec.step(robin, "robin-ledger-deleted")

        # Sam may not change Robin's entries: no Edit or Delete on them.
        sam.goto(f"{base}{h}/ledger/")
        expect(sam.locator("li").filter(has_text=edited_title)).to_contain_text("Robin ·")
        expect(sam.get_by_role("link", name=re.compile(rf"^Edit: {edited_title}"))).to_have_count(0)
        rec.step(sam, "sam-ledger")

        csv_link = robin.get_by_role("link", name="The whole ledger")
        href = csv_link.get_attribute("href")
        assert href == f"{h}/ledger.csv", href
        answer = robin.request.get(f"{base}{href}")
        assert answer.status == 200, answer.status
        assert answer.headers["content-type"].startswith("text/csv"), answer.headers
        assert "attachment" in answer.headers.get("content-disposition", ""), answer.headers
        body = answer.text()
        assert edited_title in body and deleted_title not in body, body[:500]
        assert "Mowing the lawn" in body and "Laundry" in body, body[:500]

        # --- Time of one's own: Robin logs time and sees the goal; Sam sees only the total ----
        tab(robin, "This week")
        with robin.expect_navigation():
            records.get_by_role("link", name="Time of your own").click()
        expect(robin.get_by_role("heading", name="Time of your own", exact=True)).to_be_visible()
        goal = robin.locator("section").filter(has=robin.get_by_role("heading", name="Your week"))
        expect(goal).to_contain_text("of your 4 h goal")
        before = float(goal.locator("progress").get_attribute("value") or "0")
        rec.step(robin, "robin-personal")
        what, minutes = ROBIN_PERSONAL
        robin.get_by_label("What did you do (only you see this)").fill(what)
        robin.get_by_label("How many minutes").fill(minutes)
        robin.get_by_label("When").fill(today.isoformat())
        with robin.expect_navigation():
            robin.get_by_role("button", name="Log it").click()
        message(robin, "of time of your own")
        after = float(goal.locator("progress").get_attribute("value") or "0")
        assert after == before + float(minutes), (before, after)
        expect(
            robin.locator("section").filter(
                has=robin.get_by_role("heading", name="Your recent time")
            )
        ).to_contain_text(what)
        rec.step(robin, "robin-personal-logged")

        tab(sam, "This week")
        with sam.expect_navigation():
            sam.get_by_role("link", name="Time of your own").click()
        others = sam.locator("section").filter(
            has=sam.get_by_role("heading", name="The others this week")
        )
        expect(others).to_contain_text("Robin")
        expect(others.locator("progress")).to_have_count(1)
        expect(sam.locator("main")).not_to_contain_text(what)
        rec.step(sam, "sam-personal")

        # --- The weekly summary, once the insight app has one ---------------------------------
        summary = _summary_path(hid)
        if summary is not None:
            sam.goto(f"{base}{summary}")
            expect(sam.locator("main h1")).to_be_visible()
            rec.step(sam, "sam-summary")
    finally:
        robin_ctx.close()
        sam_ctx.close()

    problems = rec.report()
    assert not problems, f"{viewport}:\n{problems}"
