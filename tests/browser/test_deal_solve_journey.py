"""A re-deal of a four-member household goes to the worker, at a phone and a laptop size:
Robin proposes; the deal page says the deal is being worked out (waiting for the worker, then
each step in plain words, in a live region) and, when the worker is done, shows the new deal
by itself, without a reload. Sam, with JavaScript off, is told to reload. The worker is the
real one (``manage.py worker --batch``), run in the test's thread. Shots go to
test-artefacts/screenshots/<viewport>/deal-solve-NN-*.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, expect

from tests.browser.conftest import VIEWPORTS, WAIT_MS, Recorder, click, signed_in
from tests.conftest import Home
from tests.web.solve_household import grow_to_four

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "deal-solve-"


def test_a_four_member_re_deal_is_worked_out_by_the_worker_while_the_page_follows(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from django.conf import settings

    from evenly.deals import services
    from evenly.deals.models import Deal, DealSolve

    home = rated_and_dealt
    grow_to_four(home)
    h = home.household
    base = f"{live_server.url}/h/{h.pk}"

    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{base}/deal/")
    expect(robin.get_by_role("heading", name="Deal v2")).to_be_visible()
    click(robin, robin.get_by_role("button", name="Propose a new deal"))

    # Queued: the page says so in its live region; nothing is dealt yet.
    status = robin.locator("#deal-solve [role=status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("Waiting for the worker to start…")
    expect(robin.get_by_text("Working out a new deal")).to_be_visible()
    assert not Deal.objects.filter(household=h, version=3).exists()
    solve = DealSolve.objects.get(household=h)
    assert solve.state == DealSolve.State.QUEUED
    rec.step(robin, "robin-waits-for-the-worker")
    # This document stays: the page changes by itself, it is never loaded again.
    robin.evaluate("document.body.dataset.sameDocument = 'yes'")

    # Sam, without JavaScript, reads that the page needs a reload.
    ctx = browser.new_context(**VIEWPORTS[viewport], locale="en-GB", java_script_enabled=False)
    ctx.set_default_timeout(WAIT_MS)
    client = Client()
    client.force_login(home.partner.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    ctx.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    sam = ctx.new_page()
    rec.watch(sam, "sam")
    sam.goto(f"{base}/deal/")
    expect(sam.get_by_text("without JavaScript, reload the page")).to_be_visible()
    # axe needs a script to scan a page: a plain shot of this one.
    sam.screenshot(path=str(rec.folder / f"{SHOTS}sam-without-javascript.png"), full_page=True)

    # The worker: at its first step Robin's page (polling) says it in words.
    note = services._solve_note
    shot: list[str] = []

    def watched(solve_id: int, phase: str) -> None:
        note(solve_id, phase)
        if not shot and phase != "saving":
            expect(status).not_to_have_text("Waiting for the worker to start…")
            shot.append(status.inner_text())
            rec.step(robin, "robin-sees-the-step-under-way")

    services._solve_note = watched
    try:
        call_command("worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "3600")
    finally:
        services._solve_note = note
    solve.refresh_from_db()
    assert solve.state == DealSolve.State.DONE, solve.error
    assert shot and shot[0].endswith("…"), shot

    # Done: the new deal replaces the progress, in the same document.
    expect(robin.get_by_role("heading", name="Deal v3")).to_be_visible()
    expect(robin.locator("#deal-solve")).to_have_count(0)
    expect(robin.get_by_role("button", name="Accept deal v3")).to_be_attached()
    assert robin.evaluate("document.body.dataset.sameDocument") == "yes"
    rec.step(robin, "robin-sees-the-new-deal-without-a-reload")
    ctx.close()
    assert not rec.browser_errors, rec.report()
