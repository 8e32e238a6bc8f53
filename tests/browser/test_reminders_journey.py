"""Reminders at a phone and a laptop size: Robin sets a digest time from the Household tab and
sees the push button; the job mails the digest; signed out, Robin follows its link, signs in and
lands on the right page; the unsubscribe link's button stops the digest. Shots go to
test-artefacts/screenshots/<viewport>/reminders-NN-*.png."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, expect

from evenly.pages import needs as needs_module
from evenly.pages.needs import Need
from tests.browser.conftest import (
    WAIT_MS,
    Recorder,
    click,
    context_for,
    message,
    signed_in,
    tab,
)
from tests.conftest import PASSWORD, Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "reminders-"


def test_a_digest_is_set_up_mailed_followed_and_stopped(  # type: ignore[no-untyped-def]
    browser: Browser,
    live_server,
    home: Home,
    viewport: str,
    rec: Recorder,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    from evenly.reminders.models import Preference
    from evenly.reminders.services import reminders_run

    settings.SITE_URL = live_server.url
    settings.VAPID_PUBLIC_KEY = (
        "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U"
    )
    settings.VAPID_PRIVATE_KEY = "test-only"
    h = home.household
    week = f"/h/{h.pk}/week/"
    need = Need(kind="card", key="card:1:x", title="Bins out", url=week, overdue=False)
    monkeypatch.setattr(
        needs_module,
        "_need_providers",
        [lambda member, today: [need] if member.pk == home.owner.pk else []],
    )

    robin = signed_in(browser, live_server.url, viewport, home.owner.user)
    page = robin.new_page()
    rec.watch(page, "Robin")
    page.goto(f"{live_server.url}{week}")
    tab(page, "Household")
    click(page, page.get_by_role("link", name="Your reminders"))
    rec.step(page, "reminders page")
    page.get_by_label("Reminder time").fill("07:30")
    click(page, page.get_by_role("button", name="Save my reminders"))
    message(page, "Your reminder settings are saved.")
    expect(page.get_by_role("button", name="Send reminders to this phone")).to_be_visible()
    rec.step(page, "saved, with the push button")
    assert Preference.objects.get(member=home.owner).digest_at == time(7, 30)
    robin.close()

    # The job at Robin's 07:30 (London is on UTC in winter, an hour ahead in summer).
    today = h.today()
    moment = datetime.combine(today, time(7, 30), tzinfo=h.zone).astimezone(UTC)
    reminders_run(now=moment + timedelta(minutes=1))
    [sent] = [m for m in mail.outbox if m.to == ["robin@example.org"]]
    link = re.search(re.escape(live_server.url) + r"(/h/\d+/week/)", sent.body)
    assert link, sent.body

    visitor = context_for(browser, viewport)
    page = visitor.new_page()
    rec.watch(page, "Robin, signed out")
    page.goto(live_server.url + link.group(1))
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    rec.step(page, "the digest link asks to sign in")
    page.get_by_label("Email").fill("robin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    click(page, page.get_by_role("button", name="Log in"))
    expect(page).to_have_url(live_server.url + link.group(1))
    rec.step(page, "signed in, on the page the digest named")

    unsubscribe = sent.extra_headers["List-Unsubscribe"].strip("<>")
    other = context_for(browser, viewport)
    page = other.new_page()
    rec.watch(page, "a mail reader")
    page.goto(unsubscribe)
    rec.step(page, "unsubscribe asks first")
    assert Preference.objects.get(member=home.owner).digest is True  # GET changed nothing
    click(page, page.get_by_role("button", name="Unsubscribe"))
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    rec.step(page, "unsubscribed")
    assert Preference.objects.get(member=home.owner).digest is False
    assert not rec.report(), rec.report()
