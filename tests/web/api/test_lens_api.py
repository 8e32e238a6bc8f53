"""The stereotype lens through the API: only the item's author may ask (the partner, even about
a shared item, an outsider and another household's path get 404); the answer comes in the
request's language; asking writes nothing (no row, no revision, no idempotent answer kept), so a
read-only token may ask too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from evenly.accounts.tokens import token_create
from evenly.api.models import IdempotentReply
from evenly.cards.services import card_save
from evenly.checkins import services
from evenly.checkins.models import Item
from evenly.deals.selectors import deal_active, deal_view
from evenly.households.models import Household
from tests.web.api.conftest import Api
from tests.web.test_lens import money_dealt

pytestmark = pytest.mark.django_db

PROVIDER = "I always kept an emergency fund in case something happened to our family."


def _note(api: Api, text: str = PROVIDER, *, kind: str = Item.Kind.WENT_WELL) -> Item:
    checkin = services.checkin_start(member=api.home.owner)
    return services.item_add(member=api.home.owner, checkin=checkin, kind=kind, text=text)


def _url(api: Api, item: Item, household: Any = None) -> str:
    household = household or api.home.household
    return f"/api/v1/households/{household.pk}/checkin-items/{item.pk}/lens"


def _rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of Evenly's own tables but the token's bookkeeping (its counter, its last
    use), to compare before and after."""
    skip = {"accounts_ratecounter", "accounts_apitoken"}
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("evenly.") and model._meta.db_table not in skip
    }


def test_the_author_hears_the_script_the_question_and_the_figures(api: Api) -> None:
    money_dealt(api.home)
    item = _note(api)
    r = api.call("POST", _url(api, item), api.robin)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["item"] == item.pk
    reading = body["reading"]
    assert reading["sentence"] == PROVIDER
    assert reading["named"] is True
    assert reading["script"] == "Men are providers"
    assert 0 < reading["percent"] <= 100 and reading["sureness"] in {"very sure", "fairly sure"}
    assert 0 < reading["precision_percent"] <= 100
    assert "who to look after the money" in reading["question"]
    assert reading["categories"] == ["Money & admin"]
    assert reading["has_deal"] is True
    shares = {s["name"]: s for s in reading["shares"]}
    assert set(shares) == {"Robin", "Sam"}
    assert sum(s["percent"] for s in shares.values()) in {99, 100, 101}
    assert all(s["minutes"] >= 0 for s in shares.values())


def test_the_figures_are_the_deal_pages_minutes_on_the_scripts_cards(api: Api) -> None:
    """Each member's minutes a week on the Money & admin cards, as the deal page shows them: a
    card one member holds counts for them, a card taken in turns for each in the turn."""
    home = api.home
    card_save(
        household=home.household,
        card=None,
        name="Tax return",
        category="Money & admin",
        cadence="monthly",
        minutes=Decimal(120),
        mental_minutes=Decimal(30),
        standard="",
    )
    money_dealt(home)
    deal = deal_active(household=home.household)
    assert deal is not None
    # The bills taken in turns, 20 minutes a week for Robin and 10 for Sam.
    deal.cards.filter(name="Paying the bills").update(
        owner=None, rotation=[home.owner.pk, home.partner.pk]
    )
    deal.certificate["card_minutes"]["Paying the bills"] = {"Robin": 20, "Sam": 10}
    deal.save(update_fields=["certificate"])
    on_page = {"Robin": 0.0, "Sam": 0.0}
    for group in deal_view(deal=deal).groups:
        for dc in group.cards:
            if dc.category == "Money & admin":
                if dc.rotation:
                    for name, weekly in dc.turn_minutes:
                        on_page[name] += weekly
                else:
                    assert group.member is not None and dc.weekly_minutes
                    on_page[group.member.display_name] += dc.weekly_minutes
    tax = deal.certificate["card_minutes"]["Tax return"]
    assert len(tax) == 1 and on_page == {
        name: (20 if name == "Robin" else 10) + tax.get(name, 0) for name in on_page
    }
    reading = api.call("POST", _url(api, _note(api)), api.robin).json()["reading"]
    total = sum(on_page.values())
    assert reading["shares"] == [
        {"name": n, "minutes": round(m), "percent": round(100 * m / total)}
        for n, m in on_page.items()
    ]


def test_an_unsure_reading_names_no_script(api: Api) -> None:
    item = _note(api, "The bus was late on Tuesday.")
    reading = api.call("POST", _url(api, item), api.robin).json()["reading"]
    assert reading["named"] is False
    assert reading["question"] == "" and reading["categories"] == [] and reading["shares"] == []


def test_an_item_without_words_of_the_authors_has_no_reading(api: Api) -> None:
    checkin = services.checkin_start(member=api.home.owner)
    item = services.item_add(
        member=api.home.owner, checkin=checkin, kind="feeling", feeling="calm", intensity=1
    )
    r = api.call("POST", _url(api, item), api.robin)
    assert r.status_code == 200
    assert r.json() == {"item": item.pk, "reading": None}


def test_asking_writes_nothing_and_a_read_only_token_may_ask(api: Api) -> None:
    money_dealt(api.home)
    item = _note(api)
    robin_read = token_create(user=api.home.owner.user, name="Robin's dashboard").secret
    revision = Household.objects.get(pk=api.home.household.pk).revision
    before = _rows()
    for token in (api.robin, robin_read):
        client = Client()
        r = client.post(
            _url(api, item), HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="ask-1"
        )
        assert r.status_code == 200, r.content
        assert r.json()["reading"]["script"] == "Men are providers"
        assert "Idempotent-Replayed" not in r
    assert _rows() == before
    assert Household.objects.get(pk=api.home.household.pk).revision == revision
    assert not IdempotentReply.objects.exists()  # the private answer is not kept


def test_the_partner_cannot_ask_about_the_authors_note_even_shared(api: Api) -> None:
    item = _note(api)
    sam = token_create(user=api.home.partner.user, name="Sam", can_write=True).secret
    for token in (sam, api.sam_read):
        r = api.call("POST", _url(api, item), token)
        assert r.status_code == 404 and "Men are providers" not in r.content.decode()
    services.item_share(member=api.home.owner, item=item)
    for token in (sam, api.sam_read):
        r = api.call("POST", _url(api, item), token)
        assert r.status_code == 404 and "Men are providers" not in r.content.decode()


def test_robin_cannot_ask_about_sams_shared_note(api: Api) -> None:
    checkin = services.checkin_start(member=api.home.owner)
    theirs = services.item_add(
        member=api.home.partner, checkin=checkin, kind="went_well", text=PROVIDER
    )
    services.item_share(member=api.home.partner, item=theirs)
    assert api.call("POST", _url(api, theirs), api.robin).status_code == 404


def test_an_outsider_another_household_and_nobody_get_nothing(api: Api) -> None:
    item = _note(api)
    for url in (_url(api, item), _url(api, item, api.home.other_household)):
        r = api.call("POST", url, api.olly)
        assert r.status_code == 404 and "Men are providers" not in r.content.decode()
    # Robin's own note under Olly's household's id: not Robin's household either.
    assert api.call("POST", _url(api, item, api.home.other_household), api.robin).status_code == 404
    r = api.call("POST", _url(api, item))
    assert r.status_code == 401 and "Men are providers" not in r.content.decode()


def test_asking_is_a_post_only(api: Api) -> None:
    item = _note(api)
    r = api.call("GET", _url(api, item), api.robin)
    assert r.status_code == 405 and r["Allow"] == "POST"


def test_a_session_asks_with_its_csrf_token_only(api: Api) -> None:
    item = _note(api)
    client = Client(enforce_csrf_checks=True)
    client.force_login(api.home.owner.user)
    r = client.post(_url(api, item))
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    client.get("/account/")  # a page hands out the CSRF token
    token = client.cookies["csrftoken"].value
    r = client.post(_url(api, item), HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 200 and r.json()["reading"]["named"] is True


def test_in_german(api: Api) -> None:
    money_dealt(api.home)
    item = _note(api)
    r = Client().post(
        _url(api, item), HTTP_AUTHORIZATION=f"Bearer {api.robin}", HTTP_ACCEPT_LANGUAGE="de"
    )
    reading = r.json()["reading"]
    assert reading["script"] == "Männer sind Versorger"
    assert "sich um das Geld zu kümmern" in reading["question"]
    assert reading["sureness"] in {"sehr sicher", "ziemlich sicher"}
    assert reading["categories"] == ["Geld & Papierkram"]
