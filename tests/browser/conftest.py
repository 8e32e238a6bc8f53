"""Playwright in Debian's Chromium against pytest-django's live server.

Every page the journey visits is screenshotted into ``test-artefacts/screenshots/<viewport>/``,
scanned with axe-core (serious and critical violations fail the test), and watched for console
errors (CSP violations are reported there), uncaught script errors and failed requests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Response,
    expect,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"
BLOCKING_IMPACTS = {"serious", "critical"}
WAIT_MS = 20_000  # generous but bounded: the engine proposes a deal within a page load


@pytest.fixture
def browser(
    live_server: object, transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Browser]:
    """Headless Chromium for one test against the live server. Skipped only when the binary is
    absent: when it exists, any failure to launch it is an error, never a skip.

    Sync Playwright keeps an event loop running in this thread, so Django refuses ORM calls here
    as "async" unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set for this test only (never at
    import: it would leak into the rest of the run, e.g. `check --deploy` fails on it), and the
    browser stops before pytest-django flushes the database."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class Recorder:
    """Screenshots, axe findings and browser errors of one journey at one viewport."""

    viewport: str
    folder: Path
    prefix: str = ""  # each journey's shots carry its own prefix beside the others'
    step_no: int = 0
    axe_findings: list[str] = field(default_factory=list)
    axe_notes: list[str] = field(default_factory=list)  # moderate and minor: reported, not failed
    browser_errors: list[str] = field(default_factory=list)
    pages_scanned: int = 0

    def watch(self, page: Page, who: str) -> None:
        """Collect console errors (CSP reports among them), page errors and failed responses."""

        def on_console(msg: ConsoleMessage) -> None:
            if msg.type == "error":
                self.browser_errors.append(f"[{who}, {self.where()}] console error: {msg.text}")

        def on_page_error(error: Error) -> None:
            self.browser_errors.append(f"[{who}, {self.where()}] uncaught script error: {error}")

        def on_response(response: Response) -> None:
            if response.status >= 400:
                self.browser_errors.append(
                    f"[{who}, {self.where()}] HTTP {response.status} for {response.request.method} {response.url}"
                )

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("response", on_response)

    def where(self) -> str:
        return f"after step {self.step_no:02d}" if self.step_no else "before step 01"

    def step(self, page: Page, name: str) -> None:
        """After a page load (or an htmx swap): scan it with axe and take a full-page shot."""
        page.wait_for_load_state("load")
        self.step_no += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        label = f"{self.prefix}{self.step_no:02d}-{slug}"
        results = Axe().run(page)
        self.pages_scanned += 1
        for v in results.response["violations"]:
            targets = "; ".join(", ".join(map(str, n["target"])) for n in v["nodes"])
            finding = f"{label} ({page.url}): {v['id']} [{v['impact']}] {v['help']} -> {targets}"
            if v.get("impact") in BLOCKING_IMPACTS:
                self.axe_findings.append(finding)
            else:
                self.axe_notes.append(finding)
        # A full-page shot paints sticky bars where the page is scrolled to; start at the top.
        page.evaluate("window.scrollTo(0, 0)")
        # caret="initial": hiding the caret makes Playwright set and then empty the style
        # attribute of every input; htmx's settle step copies that attribute onto swapped-in
        # inputs, which the CSP (style-src 'self') rightly reports. Leave the page untouched.
        page.screenshot(path=str(self.folder / f"{label}.png"), full_page=True, caret="initial")

    def report(self) -> str:
        lines = []
        if self.axe_findings:
            lines.append(f"axe-core: {len(self.axe_findings)} serious/critical violation(s):")
            lines += [f"  {f}" for f in self.axe_findings]
        if self.browser_errors:
            lines.append(f"browser: {len(self.browser_errors)} error(s):")
            lines += [f"  {e}" for e in self.browser_errors]
        return "\n".join(lines)


def recording(request: pytest.FixtureRequest, prefix: str = "") -> Iterator[Recorder]:
    """A recorder for one journey at one viewport, whose shots and report carry ``prefix``.

    Stale shots of an earlier, longer run of the same journey go first; other journeys keep
    theirs. The report (findings, moderate/minor notes, counts) is written at the end."""
    viewport: str = request.node.callspec.params["viewport"]
    folder = ARTEFACTS / "screenshots" / viewport
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / f"{prefix}report.txt"
    for old in [*folder.glob(f"{prefix}[0-9][0-9]-*.png"), report]:
        old.unlink(missing_ok=True)
    rec = Recorder(viewport=viewport, folder=folder, prefix=prefix)
    yield rec
    notes = "".join(f"\n  {n}" for n in rec.axe_notes)
    report.write_text(
        (rec.report() or "no serious/critical axe findings, no browser errors")
        + f"\naxe-core moderate/minor (not failing): {len(rec.axe_notes)}{notes}"
        + f"\n{rec.step_no} steps, {rec.pages_scanned} pages scanned\n"
    )


@pytest.fixture
def recorder(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    yield from recording(request)


# --- what every journey does in a page ----------------------------------------------------

VIEWPORTS = {
    "390x844": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
    "1280x800": {"viewport": {"width": 1280, "height": 800}},
}


def context_for(browser: Browser, viewport: str) -> BrowserContext:
    """A fresh browser context (one person) at one of the VIEWPORTS, in British English."""
    ctx = browser.new_context(**VIEWPORTS[viewport], locale="en-GB")
    ctx.set_default_timeout(WAIT_MS)
    ctx.set_default_navigation_timeout(WAIT_MS)
    return ctx


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    """Each journey that asks for it runs at a phone's size and a laptop's."""
    return str(request.param)


@pytest.fixture
def rec(request: pytest.FixtureRequest, viewport: str) -> Iterator[Recorder]:
    """The journey's recorder; its shots are named after the module's ``SHOTS`` prefix."""
    yield from recording(request, prefix=str(request.module.SHOTS))


def signed_in(browser: Browser, url: str, viewport: str, user: object) -> BrowserContext:
    """A context already signed in as ``user`` (a session made on the server, no log-in form)."""
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    ctx = context_for(browser, viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    ctx.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": url}])
    return ctx


def message(page: Page, text: str | re.Pattern[str]) -> None:
    """The page shows a flash message containing ``text``."""
    expect(page.locator(".messages .message").filter(has_text=text)).to_be_visible()


def click(page: Page, target: Locator) -> None:
    """Click something that loads a new page, and wait for it (even on the same URL)."""
    with page.expect_navigation():
        target.click()


def tab(page: Page, name: str) -> None:
    """Follow one of the household's tabs (on a phone, through "More" when it is folded there)."""
    nav = page.get_by_role("navigation", name="Household")
    link = nav.get_by_role("link", name=name)
    if not link.count():
        nav.locator("details.tab-more > summary").click()
    click(page, link)


def section(page: Page, heading: str) -> Locator:
    """The page's section under the heading ``heading`` (exactly)."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def soft(bugs: list[str], what: str, check: Callable[[], None]) -> None:
    """An assertion about a known defect that does not stop the journey: it is kept, and
    fails the test at the end with the rest."""
    try:
        check()
    except AssertionError as error:
        bugs.append(f"{what}: {str(error).splitlines()[0]}")


def confirm_by_mail(page: Page, email: str, rec: Recorder | None = None, who: str = "") -> None:
    """After sign-up: the "Check your email" page, then open the link mailed to ``email`` (the
    live server shares Django's test outbox) and press its button, as a person would."""
    from django.core import mail

    expect(page.get_by_text("Check your email.")).to_be_visible()
    if rec is not None:
        rec.step(page, f"{who}-check-your-email")
    bodies = [m.body for m in mail.outbox if m.to == [email]]
    assert bodies, f"no mail to {email}"
    link = re.search(r"https?://\S+/verify/\S+", bodies[-1])
    assert link, bodies[-1]
    page.goto(link.group(0))
    expect(page.get_by_role("heading", name="Confirm your address")).to_be_visible()
    if rec is not None:
        rec.step(page, f"{who}-confirm-address")
    click(page, page.get_by_role("button", name="Confirm and sign in"))
