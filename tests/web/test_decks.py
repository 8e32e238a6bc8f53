"""Starter decks on the card picker, ticks that survive search and category, and rating the
rest as fine."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evenly.cards.models import Card, Rating
from evenly.cards.services import cards_add_deck, rating_set, ratings_rest_fine
from evenly.core.decks import deck_cards
from tests.conftest import Home

ROW = re.compile(
    r'<label data-row [^>]*?(?P<hidden> hidden)?><input type="checkbox" name="key" '
    r'value="(?P<key>[^"]+)" ?(?P<state>checked disabled|checked)?'
)


def rows(html: str) -> dict[str, tuple[bool, str]]:
    """Every picker row by catalog key: (shown, "" / "checked" / "checked disabled")."""
    return {m["key"]: (not m["hidden"], m["state"] or "") for m in ROW.finditer(html)}


def ticked(html: str) -> set[str]:
    return {k for k, (_, state) in rows(html).items() if state == "checked"}


def catalog(home: Home) -> str:
    return reverse("catalog", args=[home.household.pk])


# --- ticks kept across search and category ------------------------------------------------


def test_ticks_survive_a_search_and_a_category_without_a_script(home: Home) -> None:
    """Regression: searching or changing category used to drop every tick (the list was
    redrawn with only the matching cards, none ticked)."""
    # "Show" sends the ticks with the new search; the server keeps them in the address.
    r = home.owner_client.post(
        catalog(home), {"picked": "1", "key": ["dishes", "pet-feeding"], "q": "bin", "do": "show"}
    )
    assert r.status_code == 302
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query["key"] == ["dishes", "pet-feeding"] and query["q"] == ["bin"]
    assert home.household.cards.count() == 4  # showing writes nothing
    page = home.owner_client.get(r["Location"]).content.decode()
    found = rows(page)
    assert found["bins-and-recycling"] == (True, "")
    # The ticked cards the search hides are still in the form, ticked.
    assert found["dishes"] == (False, "checked")
    assert found["pet-feeding"] == (False, "checked")
    assert ticked(page) == {"dishes", "pet-feeding"}
    assert "2 cards ticked" in page

    # Then a category: still both ticked; the Pets row shows.
    r = home.owner_client.post(
        catalog(home),
        {"picked": "1", "key": ["dishes", "pet-feeding"], "category": "Pets", "do": "show"},
    )
    page = home.owner_client.get(r["Location"]).content.decode()
    assert rows(page)["pet-feeding"] == (True, "checked")
    assert rows(page)["dishes"] == (False, "checked")

    # "Clear the filter" shows every card and keeps the ticks; adding adds exactly them.
    r = home.owner_client.post(
        catalog(home), {"picked": "1", "key": ["dishes", "pet-feeding"], "do": "clear"}
    )
    page = home.owner_client.get(r["Location"]).content.decode()
    assert all(shown for shown, _ in rows(page).values())
    assert ticked(page) == {"dishes", "pet-feeding"}
    r = home.owner_client.post(
        catalog(home), {"picked": "1", "key": ["dishes", "pet-feeding"], "do": "add"}
    )
    assert r.status_code == 302
    assert set(home.household.cards.values_list("catalog_key", flat=True)) >= {
        "dishes",
        "pet-feeding",
    }


def test_every_catalog_card_is_in_the_form_whatever_the_filter(home: Home) -> None:
    page = home.owner_client.get(catalog(home), {"q": "linen"}).content.decode()
    found = rows(page)
    assert len(found) >= 100
    assert found["bed-linen"][0] and not found["dishes"][0]
    # "Laundry" is a card of this household already (by name): ticked and disabled.
    assert found["laundry"] == (False, "checked disabled")


# --- starter decks -----------------------------------------------------------------------


def test_a_shape_and_add_ons_tick_their_deck_on_the_picker(home: Home) -> None:
    r = home.owner_client.post(
        reverse("deck_add", args=[home.household.pk]), {"deck": ["couple", "pets"], "do": "tick"}
    )
    assert r.status_code == 302 and "deck=couple" in r["Location"]
    assert home.household.cards.count() == 4  # ticking writes nothing
    page = home.owner_client.get(r["Location"]).content.decode()
    deck = set(deck_cards(["couple", "pets"]))
    # Laundry is had already (by name); every other card of the deck is ticked.
    assert ticked(page) == deck - {"laundry"}
    assert "Ticked for <strong>A couple, with pets</strong>" in page
    assert f"{len(deck) - 1} cards ticked" in page


def test_adding_a_whole_deck_is_idempotent(home: Home) -> None:
    h = home.household
    url = reverse("deck_add", args=[h.pk])
    r = home.owner_client.post(url, {"deck": ["couple", "garden"], "do": "add"}, follow=True)
    deck = deck_cards(["couple", "garden"])
    added = len(deck) - 1  # Laundry was there already
    assert f"Added {added} cards from A couple, with a garden." in r.content.decode()
    assert h.cards.count() == 4 + added
    r = home.owner_client.post(url, {"deck": ["couple", "garden"], "do": "add"}, follow=True)
    assert "every card of that deck already" in r.content.decode()
    assert h.cards.count() == 4 + added
    assert Card.objects.filter(household=home.other_household).count() == 1


def test_deck_service_skips_cards_left_out_and_had(home: Home) -> None:
    h = home.household
    first = cards_add_deck(household=h, decks=["pets"], leave_out=["litter-box"])
    assert {c.catalog_key for c in first} == set(deck_cards(["pets"])) - {"litter-box"}
    again = cards_add_deck(household=h, decks=["couple", "pets"])
    keys = {c.catalog_key for c in again}
    assert "litter-box" in keys and "pet-feeding" not in keys and "laundry" not in keys


def test_a_deck_that_does_not_fit_adds_nothing(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    from evenly.core import bounds

    h = home.household
    monkeypatch.setattr(bounds, "MAX_CARDS", 10)
    with pytest.raises(ValidationError, match="at most 10 cards"):
        cards_add_deck(household=h, decks=["couple"])
    assert h.cards.count() == 4


@pytest.mark.parametrize(
    ("decks", "message"),
    [
        (["dragons"], "There is no starter deck called dragons."),
        (["couple", "flatmates"], "Choose one shape"),
        ([], "Choose your household&#x27;s shape first."),
    ],
)
def test_a_bad_deck_is_a_clear_400(home: Home, decks: list[str], message: str) -> None:
    h = home.household
    for action in ("tick", "add"):
        r = home.owner_client.post(reverse("deck_add", args=[h.pk]), {"deck": decks, "do": action})
        assert r.status_code == 400, action
        assert message in r.content.decode()
    if decks:
        r = home.owner_client.get(catalog(home), {"deck": decks})
        assert r.status_code == 400
        assert message in r.content.decode()
    assert h.cards.count() == 4


def test_an_outsider_cannot_add_a_deck_to_another_household(home: Home) -> None:
    h = home.household
    r = home.outsider_client.post(
        reverse("deck_add", args=[h.pk]), {"deck": ["couple"], "do": "add"}
    )
    assert r.status_code == 404
    assert h.cards.count() == 4
    r = home.outsider_client.post(reverse("rate_rest_fine", args=[h.pk]))
    assert r.status_code == 404
    assert not Rating.objects.filter(card__household=h).exists()


# --- rating ------------------------------------------------------------------------------


def test_rate_the_rest_as_fine_touches_only_my_unrated_cards(home: Home) -> None:
    h = home.household
    cards = list(h.cards.order_by("name"))
    rating_set(member=home.owner, card=cards[0], preference="hate", minutes=Decimal(7))
    rating_set(member=home.partner, card=cards[1], preference="enjoy")
    outsider_card = home.other_household.cards.get()
    rating_set(member=home.outsider, card=outsider_card, preference="like")

    assert ratings_rest_fine(member=home.owner) == 3
    mine = {r.card_id: r for r in Rating.objects.filter(member=home.owner)}
    assert len(mine) == 4
    assert mine[cards[0].pk].preference == "hate" and mine[cards[0].pk].minutes == 7
    assert {mine[c.pk].preference for c in cards[1:]} == {"fine"}
    # Nobody else's ratings were written or changed.
    partner = Rating.objects.filter(member=home.partner)
    assert [(r.card_id, r.preference) for r in partner] == [(cards[1].pk, "enjoy")]
    assert Rating.objects.get(member=home.outsider).preference == "like"
    # Again: nothing left to rate.
    assert ratings_rest_fine(member=home.owner) == 0


def test_the_rest_fine_button_says_how_many_and_confirms(home: Home) -> None:
    h = home.household
    page = home.owner_client.get(reverse("rate", args=[h.pk])).content.decode()
    assert "Rate the rest as fine (4 cards)" in page
    assert 'name="count" value="4"' in page
    r = home.owner_client.post(reverse("rate_rest_fine", args=[h.pk]), {"count": "4"}, follow=True)
    assert "Rated 4 cards as fine." in r.content.decode()
    assert Rating.objects.filter(member=home.owner).count() == 4
    assert not Rating.objects.filter(member=home.partner).exists()


def test_the_rest_fine_refuses_a_stale_count(home: Home) -> None:
    """The page said 3 cards, but a card was added since: nothing is rated, and the new
    number is said, so nobody rates a card they never saw."""
    h = home.household
    r = home.owner_client.post(reverse("rate_rest_fine", args=[h.pk]), {"count": "3"}, follow=True)
    assert "4 cards are left to rate now, not 3" in r.content.decode()
    assert not Rating.objects.filter(member=home.owner).exists()


def test_rating_says_what_was_saved_and_what_comes_next(home: Home) -> None:
    h = home.household
    first = h.cards.order_by("category", "name", "id").first()
    assert first is not None
    url = reverse("rate_card", args=[h.pk, first.pk])
    r = home.owner_client.post(url, {"preference": "like"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200
    assert f'data-said="{first.name}: Like. Next: ' in body
    assert 'aria-keyshortcuts="1"' in body and 'aria-keyshortcuts="6"' in body
    # Without a script: a page per card, and the message says what was saved.
    second = h.cards.order_by("category", "name", "id")[1]
    r = home.owner_client.post(
        reverse("rate_card", args=[h.pk, second.pk]), {"preference": "fine"}, follow=True
    )
    assert f"{second.name}: Fine." in r.content.decode()
