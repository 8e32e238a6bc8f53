"""The first hour of two new partners, driven in real Chromium and counted.

Robin opens Evenly's landing page, signs up, confirms the address from the mail, creates the
household (time zone from the browser), chooses a starter deck, rates every card (a few one at a
time with the keyboard, then "the rest as fine") and copies an invitation link. Sam opens that
link in another browser, signs up, confirms, joins and rates every card. Robin proposes the deal
and both accept it.

Everything a person does goes through ONE counter: each click or tap, each key pressed, each
field filled, each link opened from outside the app (the confirmation mail, the invitation
sent by message) counts 1. Nothing else moves the pages. A screenshot is saved after every step.

Used by ``benchmarks/first_hour.py`` (its own server) and ``tests/browser/test_first_hour.py``
(pytest-django's live server), so the number CI guards is the number the benchmark prints.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

WAIT_MS = 20_000
PASSWORD = "a long walk by the river"
BROWSER_ZONE = "Europe/London"
DECK_SHAPE = "A couple"
CHOICES = ("Enjoy", "Like", "Fine", "Dislike", "Hate", "Can't")  # keys 1 to 6 on a keyboard
ROBIN_FIRST = ("Like", "Dislike", "Enjoy")  # one at a time, then the rest as fine
SAM_FIRST = ("Fine", "Like")

VIEWPORTS: dict[str, dict[str, object]] = {
    "390x844": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "1280x800": {"viewport": {"width": 1280, "height": 800}},
}

# Who the mail went to -> the newest link in it matching the pattern.
MailLink = Callable[[str, str], str]


@dataclass
class Step:
    who: str
    name: str
    taps: int
    shot: str


@dataclass
class Run:
    viewport: str
    steps: list[Step] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def taps(self) -> int:
        return sum(s.taps for s in self.steps)


class Person:
    """One partner in one browser context: every action counted, a shot after every step."""

    def __init__(self, run: Run, page: Page, who: str, folder: Path | None) -> None:
        self.run, self.page, self.who, self.folder = run, page, who, folder
        self.pending = 0

    # --- the only ways the driver acts on a page (each counts 1) ---------------------------
    def tap(self, target: Locator, *, loads: bool = True) -> None:
        self.pending += 1
        if loads:
            with self.page.expect_navigation():
                target.click()
        else:
            target.click()

    def fill(self, target: Locator, text: str) -> None:
        self.pending += 1
        target.fill(text)

    def press(self, key: str) -> None:
        self.pending += 1
        self.page.keyboard.press(key)

    def open(self, url: str) -> None:
        """A link opened from outside the app: typed, or tapped in a mail or a message."""
        self.pending += 1
        self.page.goto(url)

    # --- bookkeeping ------------------------------------------------------------------------
    def step(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        no = len(self.run.steps) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.who} {name}".lower()).strip("-")
        shot = f"{no:02d}-{slug}.png"
        if self.folder is not None:
            # What the person sees now, and the whole page (scrolled to the top) beside it.
            self.page.screenshot(path=str(self.folder / shot), caret="initial")
            self.page.evaluate("window.scrollTo(0, 0)")
            whole = str(self.folder / shot.replace(".png", "-page.png"))
            self.page.screenshot(path=whole, full_page=True, caret="initial")
        self.run.steps.append(Step(self.who, name, self.pending, shot))
        self.pending = 0

    def tab(self, name: str) -> None:
        """Follow one of the household's tabs (on a phone, through "More" when folded there)."""
        nav = self.page.get_by_role("navigation", name="Household")
        link = nav.get_by_role("link", name=name, exact=True)
        if not link.is_visible():
            self.tap(nav.locator("details.tab-more > summary"), loads=False)
        self.tap(link)


def _context(browser: Browser, viewport: str) -> BrowserContext:
    ctx = browser.new_context(**VIEWPORTS[viewport], locale="en-GB", timezone_id=BROWSER_ZONE)  # type: ignore[arg-type]
    ctx.set_default_timeout(WAIT_MS)
    ctx.set_default_navigation_timeout(WAIT_MS)
    return ctx


def _sign_up_and_confirm(p: Person, email: str, mail_link: MailLink) -> None:
    page = p.page
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    email_box = page.get_by_label("Email")
    if email_box.input_value() != email:
        p.fill(email_box, email)
    p.fill(page.get_by_label("Password", exact=True), PASSWORD)
    p.tap(page.get_by_role("button", name="Create account"))
    expect(page.get_by_text("Check your email.")).to_be_visible()
    p.step("sign up")
    p.open(mail_link(email, r"https?://\S+/verify/\S+"))
    expect(page.get_by_role("heading", name="Confirm your address")).to_be_visible()
    p.tap(page.get_by_role("button", name="Confirm and sign in"))
    p.step("confirm the address from the mail")


def _rate_all(p: Person, first: tuple[str, ...], *, touch: bool) -> None:
    """A few cards one at a time (tapped on a phone, keys 1 to 6 on a laptop), then the rest as
    fine, so every card is rated."""
    page = p.page
    heading = page.locator("#rate-card-name")
    expect(heading).to_be_visible()
    for choice in first:
        before = heading.inner_text()
        if touch:
            p.tap(page.get_by_role("button", name=choice, exact=True), loads=False)
        else:
            p.press(str(CHOICES.index(choice) + 1))
        expect(heading).not_to_have_text(before)
    p.step(f"rate {len(first)} cards one at a time")
    p.tap(page.get_by_role("button", name=re.compile(r"^Rate the rest as fine")))
    expect(page.get_by_text("You have rated every card.")).to_be_visible()
    p.step("rate the rest as fine")


def first_hour(
    browser: Browser, base: str, viewport: str, mail_link: MailLink, folder: Path | None
) -> Run:
    """Drive both partners from the landing page to an accepted deal; return the counted run."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
    run = Run(viewport)
    touch = bool(VIEWPORTS[viewport].get("has_touch"))
    started = time.monotonic()
    robin_ctx, sam_ctx = _context(browser, viewport), _context(browser, viewport)
    robin_ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    try:
        robin = Person(run, robin_ctx.new_page(), "robin", folder)
        r = robin.page
        robin.open(f"{base}/")
        robin.step("open the landing page")
        robin.tap(r.get_by_role("link", name="Sign up").first)
        _sign_up_and_confirm(robin, "robin@example.org", mail_link)

        expect(r.get_by_role("heading", name="Create a household")).to_be_visible()
        expect(r.get_by_label("Time zone")).to_have_value(BROWSER_ZONE)
        robin.fill(r.get_by_label("Household name"), "Robin & Sam")
        robin.fill(r.get_by_label("Your name here"), "Robin")
        robin.tap(r.get_by_role("button", name="Create household"))
        robin.step("create the household")

        robin.tap(r.get_by_role("button", name="Tick its cards"))
        robin.step("choose a starter deck")
        robin.tap(r.get_by_role("button", name="Add the ticked cards"))
        robin.step("add the cards")
        if not r.locator("#rate-card-name").count():
            robin.tab("Rate")
        _rate_all(robin, ROBIN_FIRST, touch=touch)

        robin.tap(r.get_by_role("link", name="invite your partner"))
        robin.tap(r.get_by_role("button", name="Make an invitation link"))
        link = r.get_by_role("textbox", name="Invitation link").input_value()
        robin.tap(r.get_by_role("button", name="Copy link"), loads=False)
        expect(r.get_by_text("Copied.")).to_be_visible()
        robin.step("invite: copy the link")

        sam = Person(run, sam_ctx.new_page(), "sam", folder)
        s = sam.page
        sam.open(link)
        sam.step("open the invitation link")
        sam.tap(s.get_by_role("link", name="Create an account"))
        _sign_up_and_confirm(sam, "sam@example.org", mail_link)
        sam.fill(s.get_by_label("Your name here"), "Sam")
        sam.tap(s.get_by_role("button", name="Join the household"))
        sam.step("join the household")
        if not s.locator("#rate-card-name").count():
            sam.tab("Rate")
        _rate_all(sam, SAM_FIRST, touch=touch)

        robin.tab("Deal")
        robin.tap(r.get_by_role("button", name="Propose a deal"))
        robin.step("propose the deal")
        robin.tap(r.get_by_role("button", name=re.compile(r"^Accept deal")))
        robin.step("accept")

        sam.tab("Deal")
        sam.tap(s.get_by_role("button", name=re.compile(r"^Accept deal")))
        expect(s.get_by_text(re.compile(r"^Accepted by everyone on"))).to_be_visible()
        sam.step("accept: the deal holds")
    finally:
        robin_ctx.close()
        sam_ctx.close()
    run.seconds = time.monotonic() - started
    return run
