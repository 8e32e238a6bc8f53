"""Sign-up by mailed link, in real Chromium at a phone and a laptop size: sign up, "Check your
email", the link, confirmed and signed in, create the household. Signing in before confirming
shows the banner that offers a new link. Screenshots in ``test-artefacts/screenshots/``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from tests.browser.conftest import (
    VIEWPORTS,
    WAIT_MS,
    Recorder,
    confirm_by_mail,
    context_for,
    recording,
)
from tests.browser.conftest import message as flash

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

PASSWORD = "a long walk by the river"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_sign_up_confirm_by_mail_and_create_a_household(
    live_server, transactional_db, browser: Browser, signup_recorder: Recorder, viewport: str
) -> None:
    base = live_server.url
    rec = signup_recorder
    ctx = context_for(browser, viewport)
    try:
        page = ctx.new_page()
        rec.watch(page, "Kim")
        page.goto(f"{base}/signup/")
        page.get_by_label("Email").fill("kim@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        rec.step(page, "kim-signup")
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_text("Check your email.")).to_be_visible()
        rec.step(page, "kim-check-your-email")

        # Signed in before confirming: a banner, and a new link on request.
        page.goto(f"{base}/login/")
        page.get_by_label("Email").fill("kim@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_text("Confirm your address.")).to_be_visible()
        rec.step(page, "kim-unconfirmed-banner")
        page.get_by_role("button", name="Send the link again").click()
        flash(page, "A new link is on its way")
        assert len([m for m in mail.outbox if m.to == ["kim@example.org"]]) == 2
        rec.step(page, "kim-link-sent-again")

        page.goto(f"{base}/signup/sent/")
        confirm_by_mail(page, "kim@example.org", rec, "kim")
        flash(page, "Your address is confirmed")
        expect(page.get_by_role("heading", name="Create a household")).to_be_visible()
        expect(page.get_by_text("Confirm your address.")).to_have_count(0)
        rec.step(page, "kim-confirmed-household-new")
        page.get_by_label("Household name").fill("Kim's home")
        page.get_by_label("Your name here").fill("Kim")
        page.get_by_role("button", name="Create household").click()
        flash(page, "Kim's home is ready")
        rec.step(page, "kim-household-ready")
    finally:
        ctx.close()
    problems = rec.report()
    assert not problems, f"{viewport}:\n{problems}"


@pytest.fixture
def signup_recorder(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    yield from recording(request, "signup-")
