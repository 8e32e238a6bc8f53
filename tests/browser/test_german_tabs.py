"""The household's tab bar in German on the narrowest phone (360 px): each of the tabs a phone
shows keeps its label inside its own box (a label wider than its tab ran under the next one:
"Abmachung" is 69 px in a 60 px tab, so the catalog gives it a soft hyphen). A shot goes to
test-artefacts/screenshots/tabs-de-360.png."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser

from tests.browser.conftest import ARTEFACTS, WAIT_MS, signed_in

pytestmark = pytest.mark.browser

# Each shown tab: its label, its width, and how wide its content is.
TABS_JS = """() => [...document.querySelectorAll('#tabs-live > a, #tabs-live .tab-more summary')]
  .filter((el) => el.offsetParent !== null)
  .map((el) => [el.textContent.trim(), el.clientWidth, el.scrollWidth])"""


def test_the_phone_tabs_keep_their_german_labels_inside_at_360_px(  # type: ignore[no-untyped-def]
    browser: Browser, live_server
) -> None:
    from evenly.demo import demo_load
    from evenly.households.models import Member

    result = demo_load()
    robin = Member.objects.filter(household_id=result.household_id).order_by("pk").first()
    assert robin is not None
    ctx = signed_in(browser, live_server.url, "390x844", robin.user)
    # The language switch's cookie: a context's own locale (en-GB) outranks an extra
    # Accept-Language header, so the header alone leaves the page English.
    ctx.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "de", "url": live_server.url}]
    )
    page = ctx.new_page()
    try:
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(live_server.url + reverse("week", args=[result.household_id]))
        page.wait_for_load_state("load", timeout=WAIT_MS)
        tabs: list[Any] = page.evaluate(TABS_JS)
        (ARTEFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        page.locator("#tabs-live").screenshot(path=ARTEFACTS / "screenshots" / "tabs-de-360.png")
    finally:
        ctx.close()
    labels = [label for label, _, _ in tabs]
    assert "Diese Woche" in labels and "Mehr" in labels, labels
    overflowing = [
        f"{label!r}: {inner} px in {box} px" for label, box, inner in tabs if inner > box
    ]
    assert not overflowing, overflowing
