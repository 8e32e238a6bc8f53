"""The first hour's short cuts: each page leads straight to the next thing a new couple does."""

from __future__ import annotations

from django.urls import reverse

from evenly.cards.services import ratings_rest_fine
from tests.conftest import Home


def test_adding_cards_from_the_catalog_goes_straight_to_rating_them(home: Home) -> None:
    h = home.household
    r = home.owner_client.post(
        reverse("catalog", args=[h.pk]), {"picked": "1", "key": ["dishes"], "do": "add"}
    )
    assert r.status_code == 302 and r["Location"] == reverse("rate", args=[h.pk])
    page = home.owner_client.get(r["Location"]).content.decode()
    assert "Added 1 card. Next: rate them." in page


def test_adding_cards_when_all_is_rated_goes_back_to_the_cards(home: Home) -> None:
    """Nothing left to rate (the card was had already): the cards page, as before."""
    h = home.household
    ratings_rest_fine(member=home.owner)  # type: ignore[arg-type]
    before = h.cards.count()  # type: ignore[attr-defined]
    r = home.owner_client.post(
        reverse("catalog", args=[h.pk]), {"picked": "1", "key": ["laundry"], "do": "add"}
    )
    assert h.cards.count() == before  # type: ignore[attr-defined]
    assert r["Location"] in (reverse("cards", args=[h.pk]), reverse("catalog", args=[h.pk]))


def test_rating_alone_says_to_invite_the_partner_not_an_empty_waiting_list(home: Home) -> None:
    alone = home.other_household  # the outsider's household: one member, one card
    ratings_rest_fine(member=home.outsider)  # type: ignore[arg-type]
    page = home.outsider_client.get(reverse("rate", args=[alone.pk])).content.decode()  # type: ignore[attr-defined]
    assert "You have rated every card." in page
    assert "Waiting for:" not in page
    assert f'href="{reverse("members", args=[alone.pk])}">invite your partner</a>' in page  # type: ignore[attr-defined]


def test_rating_with_a_partner_still_waits_for_them(home: Home) -> None:
    h = home.household
    ratings_rest_fine(member=home.owner)  # type: ignore[arg-type]
    page = home.owner_client.get(reverse("rate", args=[h.pk])).content.decode()  # type: ignore[attr-defined]
    assert "Waiting for:" in page and "Sam: 0 of" in page
    assert "invite your partner" not in page


def test_the_catalogs_way_out_says_it_adds_nothing(home: Home) -> None:
    """Beside "Add the ticked cards", a "Done" link read as if it finished adding: it left
    without adding. It says so now."""
    page = home.owner_client.get(reverse("catalog", args=[home.household.pk])).content.decode()  # type: ignore[attr-defined]
    assert ">Leave without adding</a>" in page
    assert ">Done</a>" not in page
