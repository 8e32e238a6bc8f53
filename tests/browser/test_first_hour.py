"""The first hour, counted: two new partners from the landing page to an accepted deal on a
starter deck, at a phone's size, in at most 60 taps (``benchmarks/first_hour.py`` runs the same
driver on its own server and prints the figure). Shots: test-artefacts/screenshots/first-hour/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import ARTEFACTS
from tests.browser.first_hour_driver import first_hour

pytestmark = pytest.mark.browser
LIMIT = 60


def _mail_link(to: str, pattern: str) -> str:
    from django.core import mail

    for m in reversed(mail.outbox):
        if m.to == [to] and (found := re.search(pattern, str(m.body))):
            return found.group(0)
    raise AssertionError(f"no mail to {to} with {pattern}")


def test_two_new_partners_reach_an_accepted_deal_in_at_most_60_taps(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, settings
) -> None:
    from evenly.deals.models import Deal

    settings.SITE_URL = live_server.url
    folder = ARTEFACTS / "screenshots" / "first-hour" / "390x844"
    run = first_hour(browser, live_server.url, "390x844", _mail_link, folder)
    print(f"taps={run.taps} seconds={run.seconds:.0f}")
    assert Deal.objects.filter(status=Deal.Status.ACTIVE).count() == 1
    assert run.taps <= LIMIT, [(s.who, s.name, s.taps) for s in run.steps]
