"""Robin turns on two-step sign-in, then logs in with the app's code and with a recovery code.

- Robin logs in with the password, opens Account → Two-step sign-in, starts the set-up: the page
  shows a QR code (an image that loads under the CSP) and the key in groups; Robin types the
  code the app would show (computed here from the device's key, as the app does) and sees ten
  recovery codes once;
- Robin logs out and in again: the password alone leads to "One more step", the app's code
  signs in;
- Robin logs out and in again with a recovery code: signed in, told it is used up;
- Robin signs out everywhere: back at the log-in page, signed out.

Run at a phone and a laptop size; every step is screenshotted into
``test-artefacts/screenshots/<viewport>/two-step-NN-step.png`` and scanned with axe-core.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect

from evenly.accounts.services import account_create
from tests.browser.conftest import (
    VIEWPORTS,
    WAIT_MS,
    Recorder,
    click,
    context_for,
    message,
    recording,
)

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

EMAIL = "robin@example.org"
PASSWORD = "a long walk by the river"


@pytest.fixture
def two_step_recorder(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    yield from recording(request, "two-step-")


def _app_code() -> str:
    """What Robin's authenticator app shows now. The last code used and the wait after a wrong
    one are forgotten first, as half a minute later would, so the journey need not wait."""
    device = TOTPDevice.objects.get(user__email=EMAIL)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password(page: Page, base: str) -> None:
    page.goto(f"{base}/login/?next=/account/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    click(page, page.get_by_role("button", name="Log in"))


def _log_out(page: Page) -> None:
    click(
        page, page.get_by_role("navigation", name="Account").get_by_role("button", name="Log out")
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_two_step_sign_in(
    live_server,  # type: ignore[no-untyped-def]
    transactional_db: None,
    browser: Browser,
    two_step_recorder: Recorder,
    viewport: str,
) -> None:
    base = live_server.url
    rec = two_step_recorder
    account_create(email=EMAIL, password=PASSWORD)
    ctx = context_for(browser, viewport)
    try:
        page = ctx.new_page()
        rec.watch(page, "Robin")

        # --- set up -------------------------------------------------------------------------
        _password(page, base)
        expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
        rec.step(page, "account")
        click(page, page.get_by_role("link", name="Set up two-step sign-in"))
        expect(page.get_by_text("Off.")).to_be_visible()
        rec.step(page, "two-step-off")
        click(page, page.get_by_role("button", name="Set up two-step sign-in"))
        qr = page.get_by_role("img", name="QR code that adds Evenly to an authenticator app")
        expect(qr).to_be_visible()
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
        expect(page.locator("code.secret")).to_have_text(re.compile(r"^([A-Z2-7]{4} ?)+$"))
        rec.step(page, "setup")
        page.get_by_label("The 6-digit code your app shows").fill("000000")
        click(page, page.get_by_role("button", name="Turn on"))
        expect(page.get_by_text("That code is not right")).to_be_visible()
        rec.step(page, "setup-wrong-code")
        page.get_by_label("The 6-digit code your app shows").fill(_app_code())
        click(page, page.get_by_role("button", name="Turn on"))
        expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
        codes = page.locator(".recovery-codes code").all_inner_texts()
        assert len(codes) == 10
        rec.step(page, "recovery-codes")
        click(page, page.get_by_role("link", name="I have kept them"))
        expect(page.get_by_text("Recovery codes left: 10")).to_be_visible()
        rec.step(page, "two-step-on")

        # --- log in with the app's code ------------------------------------------------------
        _log_out(page)
        _password(page, base)
        expect(page.get_by_role("heading", name="One more step")).to_be_visible()
        rec.step(page, "code-page")
        page.goto(f"{base}/account/")  # the second step cannot be skipped
        expect(page.get_by_role("heading", name="Log in", exact=True)).to_be_visible()
        _password(page, base)
        page.get_by_label("Code").fill(_app_code())
        click(page, page.get_by_role("button", name="Log in"))
        expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()

        # --- log in with a recovery code ----------------------------------------------------
        _log_out(page)
        _password(page, base)
        page.get_by_label("Code").fill(codes[0])
        click(page, page.get_by_role("button", name="Log in"))
        expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
        message(page, "You used a recovery code")
        expect(page.get_by_text("Recovery codes left: 9")).to_be_visible()
        rec.step(page, "signed-in-with-recovery-code")

        # --- sign out everywhere -----------------------------------------------------------
        click(page, page.get_by_role("button", name="Sign out everywhere"))
        message(page, "You are signed out everywhere")
        rec.step(page, "signed-out-everywhere")
        page.goto(f"{base}/account/")
        expect(page.get_by_role("heading", name="Log in", exact=True)).to_be_visible()
    finally:
        ctx.close()

    report = rec.report()
    assert not report, f"{viewport}:\n{report}"
