"""Every household page of the demo (a deal, weeks of history, check-ins, goals…) at 360, 390
and 1280 px wide: nothing scrolls sideways or sticks out past the right edge, and axe-core finds
no serious or critical issue in the light theme or the dark one, in English and in German
(whose longer words are the likelier to stick out).

The pages come from the URL resolver (``test_security.routes``): every GET route inside a
household, its ids filled from objects made for each route (``test_security._objects``), so a
new page is checked without anyone adding it here. A few shots (light and dark) go to
test-artefacts/screenshots/<viewport>/layout-NN-*.png."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import BLOCKING_IMPACTS, VIEWPORTS, WAIT_MS, Recorder, signed_in

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "layout-"

# Not pages: a download, the pulse a page polls, the service worker.
NOT_PAGES = {
    "ledger_csv",
    "pulse",
    "deal_solve",  # the step of a deal being worked out, a fragment the deal page polls
    "handover_solve",  # the same step, polled by the Grow page
    "life_event_solve",  # the same step, polled by a life change's page
    "calendar_feed",
    "service_worker",
    "account_data_download",
    "household_export_download",
    "home",  # it sends a member of one household to This week
}
# Pages whose shots are kept (both themes): the busiest ones.
SHOT = {"needs", "week", "cards", "deal", "balance", "talk", "members", "ledger", "goal", "login"}

# Elements sticking out to the right: the page's own width, then each element whose right edge
# passes the viewport's, unless it sits in a sideways scroller or is hidden on purpose (the skip
# link, text for screen readers only); and any box that has to scroll sideways to show its
# content (a wide table in its wrapper, a tab bar), unless marked as a deliberate scroller.
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= vw + 1) continue;
    if (el.closest(".visually-hidden, .skip, [hidden], details:not([open]) > :not(summary)")) continue;
    let scroller = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if ((x === "auto" || x === "scroll") && p.getBoundingClientRect().right <= vw + 1) {
        scroller = true; break;
      }
    }
    if (!scroller) found.push(`${name(el)} reaches ${Math.round(box.right)}px`);
  }
  // A box that scrolls sideways hides part of itself (a table, the tab bar) unless it is a
  // deliberate scroller (marked data-scroller).
  for (const el of document.querySelectorAll("body *:not([data-scroller])")) {
    const x = getComputedStyle(el).overflowX;
    if ((x === "auto" || x === "scroll") && el.scrollWidth > el.clientWidth + 1 &&
        el.getClientRects().length) {
      found.push(`${name(el)} scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
    }
  }
  return found.slice(0, 8);
}"""


def _ids(member: Any) -> dict[str, Any]:
    """An object of the demo for each id a household page takes (Robin's where it is private);
    what the demo lacks is made here, as test_security._objects makes it."""
    from decimal import Decimal

    from django.utils import timezone

    from evenly.checkins.models import Checkin, Item
    from evenly.growth.models import Aspiration, LifeEvent
    from evenly.values.models import Goal, Milestone, MissionVersion, OutsidePressure
    from evenly.week.services import entry_log

    household = member.household
    today = household.today()
    checkin = Checkin.objects.filter(household=household).order_by("-opens_at").first()
    item = Item.objects.filter(checkin__household=household, author=member).order_by("-pk").first()
    deal = household.deals.order_by("-version").first()
    return {
        "household": household.pk,
        "card": household.cards.order_by("pk").first().pk,
        "version": deal.version,
        "entry": entry_log(
            member=member, kind="noticed", minutes=Decimal(5), done_on=today, title="Socks"
        ).pk,
        "checkin": checkin.pk,
        "checkin_item": item.pk,
        "mission_version": MissionVersion.objects.filter(household=household).first().pk,
        "goal": Goal.objects.filter(household=household).first().pk,
        "milestone": Milestone.objects.filter(goal__household=household).first().pk,
        "pressure": OutsidePressure.objects.create(
            household=household,
            author=member,
            source=OutsidePressure.Source.FAMILY,
            expectation="Sunday lunch every week",
            shared_at=timezone.now(),
            stance="Every other week",
        ).pk,
        "aspiration": Aspiration.objects.create(
            household=household, member=member, title="Learn the cello", shared_at=timezone.now()
        ).pk,
        "life_event": LifeEvent.objects.create(
            household=household,
            key="new-pet",
            title="A new pet",
            change={},
            status=LifeEvent.Status.ACTIVE,
        ).pk,
    }


def _pages(member: Any) -> list[tuple[str, str]]:
    """(route name, URL) of every GET page inside the household, ids filled, and of the
    signed-in person's own pages."""
    from tests.web.test_security import HOUSEHOLD, LOGIN, SAMPLES, routes

    values = _ids(member)
    pages = []
    for route in routes():
        sample = SAMPLES.get(route.name or "")
        if sample is None or "GET" not in sample.methods:
            continue
        # The household's pages, and a signed-in person's own (account, two-step sign-in…).
        if sample.access != HOUSEHOLD and not (sample.access == LOGIN and not sample.kwargs):
            continue
        if route.name in NOT_PAGES:
            continue
        kwargs = {k: values[v] for k, v in sample.kwargs.items()}
        pages.append((str(route.name), reverse(str(route.name), kwargs=kwargs)))
    return pages


def _axe(page: Page, rec: Recorder, label: str) -> None:
    results = Axe().run(page)
    rec.pages_scanned += 1
    for v in results.response["violations"]:
        targets = "; ".join(", ".join(map(str, n["target"])) for n in v["nodes"])
        finding = f"{label} ({page.url}): {v['id']} [{v['impact']}] {v['help']} -> {targets}"
        if v.get("impact") in BLOCKING_IMPACTS:
            rec.axe_findings.append(finding)
        else:
            rec.axe_notes.append(finding)


def _shot(page: Page, rec: Recorder, name: str) -> None:
    rec.step_no += 1
    page.evaluate("window.scrollTo(0, 0)")
    path = rec.folder / f"{rec.prefix}{rec.step_no:02d}-{name}.png"
    page.screenshot(path=str(path), full_page=True, caret="initial")


def _german(page: Page, base: str) -> None:
    """Pages in German from now on: the language switch's cookie (the context's own locale,
    en-GB, would outrank an Accept-Language header)."""
    from django.conf import settings

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "de", "url": base}])


def _visit(
    page: Page,
    rec: Recorder,
    base: str,
    pages: list[tuple[str, str]],
    viewport: str,
    schemes: tuple[str, ...] = ("light", "dark"),
    label: str = "",
) -> list[str]:
    """Each page at the viewport's widths, light then dark: what sticks out, and axe."""
    height = VIEWPORTS[viewport]["viewport"]["height"]  # type: ignore[index]
    widths = [360, 390] if viewport == "390x844" else [1280]
    problems: list[str] = []
    for name, url in pages:
        for width in widths:
            page.set_viewport_size({"width": width, "height": height})
            for n, scheme in enumerate(schemes):
                page.emulate_media(color_scheme=scheme)
                if n == 0:
                    page.goto(base + url)
                    page.wait_for_load_state("load")
                    lang = page.evaluate("document.documentElement.lang")
                    if lang != ("de" if label == "-de" else "en"):
                        problems.append(f"{name}{label}: <html lang={lang!r}>")
                overflow = page.evaluate(OVERFLOW_JS)
                problems += [f"{name}{label} at {width}px ({scheme}): {o}" for o in overflow]
                if width == 360:
                    continue  # the narrowest width: its layout only
                _axe(page, rec, f"{name}{label}-{width}-{scheme}")
                if name in SHOT:
                    _shot(page, rec, f"{name}{label}-{scheme}")
    return problems


def test_every_page_fits_every_width_in_both_themes_and_languages(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, viewport: str, rec: Recorder
) -> None:
    from evenly.demo import demo_load
    from evenly.households.models import Member
    from tests.browser.conftest import context_for
    from tests.web.test_security import PUBLIC, SAMPLES

    result = demo_load()
    robin = Member.objects.filter(household_id=result.household_id).order_by("pk").first()
    assert robin is not None
    pages = _pages(robin)
    assert len(pages) > 40, pages
    ctx = signed_in(browser, live_server.url, viewport, robin.user)
    page = ctx.new_page()
    rec.watch(page, "robin")
    try:
        problems = _visit(page, rec, live_server.url, pages, viewport)
        # German words run longer: every page again in German, in both themes.
        _german(page, live_server.url)
        problems += _visit(page, rec, live_server.url, pages, viewport, label="-de")
    finally:
        ctx.close()
    # Signed out: the pages anyone may open (log in, sign up, a new password…).
    public = [
        (name, reverse(name))
        for name, sample in SAMPLES.items()
        if sample.access == PUBLIC
        and "GET" in sample.methods
        and not sample.kwargs
        and name not in {"security_txt", "service_worker"}
    ]
    assert public
    ctx = context_for(browser, viewport)
    page = ctx.new_page()
    rec.watch(page, "a visitor")
    try:
        problems += _visit(page, rec, live_server.url, public, viewport)
        _german(page, live_server.url)
        problems += _visit(page, rec, live_server.url, public, viewport, label="-de")
    finally:
        ctx.close()
    report = rec.report()
    assert not problems and not report, "\n".join(problems) + "\n" + report
