"""Starter decks and quick rating, at a phone and a laptop size: Robin's household has no cards
yet. Robin picks "a couple with pets", unticks the litter box, searches and filters (the ticks
stay), adds the cards, then rates three cards with the keyboard one at a time and the rest as
fine. Every tap and key press is counted (``TAPS``); the journey asserts the count. Shots go to
test-artefacts/screenshots/<viewport>/decks-NN-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import VIEWPORTS, WAIT_MS, Recorder, click, signed_in
from tests.conftest import Home

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)


SHOTS = "decks-"
TAPS = 13  # clicks, taps, keys and fields filled, from the Cards tab to every card rated


class Counter:
    """Counts what a person does: each click, key press, field filled or option chosen."""

    def __init__(self) -> None:
        self.n = 0

    def tap(self, page: Page, target: Locator, *, loads: bool = False) -> None:
        self.n += 1
        if loads:
            click(page, target)
        else:
            target.click()

    def key(self, page: Page, key: str) -> None:
        self.n += 1
        page.keyboard.press(key)

    def fill(self, target: Locator, text: str) -> None:
        self.n += 1
        target.fill(text)

    def choose(self, target: Locator, label: str) -> None:
        self.n += 1
        target.select_option(label=label)


def _row(page: Page, name: str) -> Locator:
    return page.locator("[data-row]").filter(has=page.get_by_text(name, exact=True))


def _box(page: Page, name: str) -> Locator:
    return _row(page, name).get_by_role("checkbox")


def test_a_couple_with_pets_chooses_and_rates_their_cards(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, home: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.cards.models import Card, Rating
    from evenly.core.decks import deck_cards

    h = home.household
    Card.objects.filter(household=h).delete()  # a new household: no cards yet
    deck = deck_cards(["couple", "pets"])
    base = f"{live_server.url}/h/{h.pk}"
    page = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(page, "robin")
    taps = Counter()
    page.goto(f"{base}/cards/")
    rec.step(page, "no-cards-yet")

    # The household's shape: a couple, with pets. "A couple" is chosen first already.
    taps.tap(page, page.get_by_role("link", name="Choose from the catalog"), loads=True)
    chooser = page.get_by_role("group", name="Who shares the home?")
    expect(chooser.get_by_role("radio", name="A couple")).to_be_checked()
    rec.step(page, "choose-your-households-shape")
    taps.tap(page, page.get_by_role("checkbox", name="With pets"))
    taps.tap(page, page.get_by_role("button", name="Tick its cards"), loads=True)
    status = page.locator("[data-status]")
    expect(status).to_contain_text(f"{len(deck)} cards ticked")
    expect(page.get_by_text("Ticked for A couple, with pets")).to_be_visible()
    expect(_box(page, "Litter box")).to_be_checked()
    rec.step(page, "the-deck-is-ticked")

    # Remove one: no litter box in this home.
    taps.tap(page, _box(page, "Litter box"))
    expect(status).to_contain_text(f"{len(deck) - 1} cards ticked")

    # Search: only the matching cards show, and the ticks elsewhere are kept.
    taps.fill(page.get_by_role("searchbox", name="Search"), "dog")
    expect(_row(page, "Walking the dog")).to_be_visible()
    expect(_row(page, "Dishes")).to_be_hidden()
    expect(status).to_contain_text(f"{len(deck) - 1} cards ticked")
    expect(status).to_contain_text("1 shown; ticks on the others are kept")
    rec.step(page, "searching-keeps-the-ticks")

    # A category instead of the search: the pets, ticked as before, the litter box not.
    taps.fill(page.get_by_role("searchbox", name="Search"), "")
    taps.choose(page.get_by_label("Category"), "Pets")
    expect(_row(page, "Dishes")).to_be_hidden()
    expect(_box(page, "Feeding pets")).to_be_checked()
    expect(_box(page, "Walking the dog")).to_be_checked()
    expect(_box(page, "Litter box")).not_to_be_checked()
    expect(status).to_contain_text(f"{len(deck) - 1} cards ticked")
    rec.step(page, "a-category-keeps-the-ticks")

    # Add: every ticked card, shown or not.
    taps.tap(page, page.get_by_role("button", name="Add the ticked cards"), loads=True)
    expect(page.locator(".messages")).to_contain_text(
        f"Added {len(deck) - 1} cards. Next: rate them."
    )
    added = set(h.cards.values_list("catalog_key", flat=True))
    assert added == set(deck) - {"litter-box"}

    # Straight on to rating, one card at a time, with the keyboard: 2 (like), 4 (dislike),
    # then arrow and Enter.
    heading = page.locator("#rate-card-name")
    first = heading.inner_text()
    rec.step(page, "rating-one-card-at-a-time")
    taps.key(page, "2")
    expect(heading).not_to_have_text(first)
    expect(page.locator("#rate-said")).to_contain_text(f"{first}: Like. Next: ")
    # Focus stays in the same place: on the button just pressed, in the next card.
    expect(page.get_by_role("button", name="Like", exact=True)).to_be_focused()
    second = heading.inner_text()
    taps.key(page, "4")
    expect(heading).not_to_have_text(second)
    expect(page.get_by_role("button", name="Dislike", exact=True)).to_be_focused()
    third = heading.inner_text()
    taps.key(page, "ArrowRight")
    expect(page.get_by_role("button", name="Hate", exact=True)).to_be_focused()
    taps.key(page, "Enter")
    expect(heading).not_to_have_text(third)
    expect(page.locator("#rate-said")).to_contain_text(f"{third}: Hate.")
    expect(page.get_by_text(f"3 of {len(deck) - 1} rated")).to_be_visible()
    rec.step(page, "three-rated-by-keyboard")

    # The rest as fine, in one press; the page says how many.
    rest = len(deck) - 1 - 3
    taps.tap(
        page, page.get_by_role("button", name=f"Rate the rest as fine ({rest} cards)"), loads=True
    )
    expect(page.locator(".messages")).to_contain_text(f"Rated {rest} cards as fine.")
    expect(page.get_by_text("You have rated every card.")).to_be_visible()
    rec.step(page, "the-rest-rated-fine")

    mine = Rating.objects.filter(member=home.owner)
    assert mine.count() == len(deck) - 1
    named = {r.card.name: r.preference for r in mine.select_related("card")}
    assert (named[first], named[second], named[third]) == ("like", "dislike", "hate")
    assert sorted(named.values()).count("fine") == rest
    assert not Rating.objects.filter(member=home.partner).exists()
    print(f"decks journey at {viewport}: taps={taps.n}")
    assert taps.n == TAPS, taps.n
    assert not rec.report(), rec.report()


def test_without_a_script_the_ticks_travel_with_each_search(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, home: Home, viewport: str
) -> None:
    """No JavaScript: Enter in the search box (or Show) reloads the list, and the ticks go
    with it; adding then adds every ticked card, shown or not."""
    from django.conf import settings
    from django.test import Client

    from evenly.core.decks import deck_cards

    h = home.household
    client = Client()
    client.force_login(home.owner.user)
    ctx = browser.new_context(**VIEWPORTS[viewport], java_script_enabled=False)
    ctx.set_default_timeout(WAIT_MS)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    ctx.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = ctx.new_page()
    page.goto(f"{live_server.url}/h/{h.pk}/cards/catalog/")
    page.get_by_text("Start from your household's shape").click()
    page.get_by_role("radio", name="Flatmates").check()
    click(page, page.get_by_role("button", name="Tick its cards"))
    deck = deck_cards(["flatmates"])
    _box(page, "Watering houseplants").uncheck()
    _box(page, "Walking the dog").check()
    page.get_by_role("searchbox", name="Search").fill("bins")
    with page.expect_navigation():
        page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page.locator("[data-status]")).to_contain_text(f"{len(deck)} cards ticked")
    # Rows the search hides are still in the form, with their ticks.
    expect(page.locator("input[name=key][value=dishes]")).to_be_hidden()
    expect(page.locator("input[name=key][value=dishes]")).to_be_checked()
    expect(page.locator("input[name=key][value=dog-walking]")).to_be_checked()
    expect(page.locator("input[name=key][value=houseplants]")).not_to_be_checked()
    click(page, page.get_by_role("button", name="Add the ticked cards"))
    added = set(h.cards.values_list("catalog_key", flat=True))
    assert added >= (set(deck) - {"houseplants"}) | {"dog-walking"}
    assert "houseplants" not in added
    ctx.close()
