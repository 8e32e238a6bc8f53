"""'Does this echo an old script?': the stereotype lens on one's own check-in item. Only its
author can ask; the answer is private to them, never stored, and speaks of the sentence."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from evenly.cards.services import card_save, rating_set
from evenly.checkins import services
from evenly.checkins.models import Item
from evenly.deals.services import deal_accept, deal_propose
from tests.conftest import Home

PROVIDER = "I always kept an emergency fund in case something happened to our family."


def _url(home: Home, item: Item) -> str:
    return reverse("checkin_item_lens", args=[home.household.pk, item.pk])


def _note(home: Home, text: str = PROVIDER) -> Item:
    checkin = services.checkin_start(member=home.owner)
    return services.item_add(
        member=home.owner, checkin=checkin, kind=Item.Kind.WENT_WELL, text=text
    )


def money_dealt(home: Home) -> None:
    """A money card beside the fixture's cards, everything rated and the deal accepted."""
    card_save(
        household=home.household,
        card=None,
        name="Paying the bills",
        category="Money & admin",
        cadence="weekly",
        minutes=Decimal(30),
        mental_minutes=Decimal(0),
        standard="",
    )
    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)


def test_the_author_asks_and_hears_the_script_the_question_and_the_figures(home: Home) -> None:
    money_dealt(home)
    item = _note(home)
    before = Item.objects.filter(pk=item.pk).values().get()
    r = home.owner_client.post(_url(home, item))
    assert r.status_code == 200
    page = r.content.decode()
    assert f"The sentence “{PROVIDER}” echoes an old script" in page
    assert "Men are providers" in page
    assert "How sure the lens is:" in page and "&nbsp;%)" in page
    assert "who to look after the money" in page  # the question to think about
    assert "minutes a week on Money &amp; admin" in page
    assert "Robin:" in page and "Sam:" in page and "min a week" in page
    assert "Only you see this; it is not kept." in page
    assert "you are" not in page.lower().replace("you are right", "")
    assert "GEST" in page and "English sentences only" in page
    assert Item.objects.filter(pk=item.pk).values().get() == before  # nothing stored


def test_htmx_gets_the_answer_alone(home: Home) -> None:
    item = _note(home)
    r = home.owner_client.post(_url(home, item), headers={"HX-Request": "true"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "<html" not in page and "data-lens" in page
    assert "no deal in force yet" in page


def test_an_unsure_reading_names_no_script(home: Home) -> None:
    item = _note(home, "The bus was late on Tuesday.")
    page = home.owner_client.post(_url(home, item)).content.decode()
    assert "hears no clear old script" in page
    assert "A question to think about" not in page


def test_another_member_cannot_ask_about_the_authors_note_even_shared(home: Home) -> None:
    item = _note(home)
    assert home.partner_client.post(_url(home, item)).status_code == 404
    services.item_share(member=home.owner, item=item)
    assert home.partner_client.post(_url(home, item)).status_code == 404
    prepare = reverse("checkin_prepare", args=[home.household.pk, item.checkin_id])
    assert "Does this echo an old script?" not in home.partner_client.get(prepare).content.decode()


def test_an_outsider_and_a_stranger_get_nothing(home: Home) -> None:
    item = _note(home)
    other = reverse("checkin_item_lens", args=[home.other_household.pk, item.pk])
    assert home.outsider_client.post(_url(home, item)).status_code == 404
    assert home.outsider_client.post(other).status_code == 404
    r = home.anon_client.post(_url(home, item))
    assert r.status_code in (302, 404)
    assert "Men are providers" not in r.content.decode()


def test_asking_is_a_post_only(home: Home) -> None:
    item = _note(home)
    assert home.owner_client.get(_url(home, item)).status_code == 405


def test_the_button_is_on_the_authors_own_items(home: Home) -> None:
    item = _note(home)
    prepare = reverse("checkin_prepare", args=[home.household.pk, item.checkin_id])
    page = home.owner_client.get(prepare).content.decode()
    assert "Does this echo an old script?" in page
    assert _url(home, item) in page


def test_in_german(home: Home) -> None:
    money_dealt(home)
    item = _note(home)
    page = home.owner_client.post(
        _url(home, item), headers={"Accept-Language": "de"}
    ).content.decode()
    assert "Männer sind Versorger" in page
    assert "Nur du siehst das" in page
    assert "sich um das Geld zu kümmern" in page  # the question, from core's own words
