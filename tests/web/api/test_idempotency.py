"""A POST sent again with the same Idempotency-Key is answered once and written once."""

from __future__ import annotations

from django.test import Client

from evenly.api.models import IdempotentReply
from tests.web.api.conftest import Api

CARD = {"name": "Watering plants", "cadence": "weekly", "minutes": 10}


def _post(api: Api, url: str, body: object, key: str, token: str | None = None) -> object:
    return Client().post(
        url,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token or api.robin}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retried_post_adds_the_card_once(api: Api) -> None:
    household = api.home.household
    url = f"/api/v1/households/{household.pk}/cards"
    first = _post(api, url, CARD, "retry-1")
    again = _post(api, url, CARD, "retry-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert household.cards.filter(name="Watering plants").count() == 1
    # Without the key, the same card again is refused: the name is taken.
    r = Client().post(
        url, CARD, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {api.robin}"
    )
    assert r.status_code == 422


def test_a_key_is_the_callers_own(api: Api) -> None:
    """Olly's same key in his own household is his own request, not Robin's answer."""
    mine = f"/api/v1/households/{api.home.household.pk}/cards"
    theirs = f"/api/v1/households/{api.home.other_household.pk}/cards"
    assert _post(api, mine, CARD, "shared-key").status_code == 201
    r = _post(api, theirs, CARD, "shared-key", token=api.olly)
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")
    assert api.home.other_household.cards.filter(name="Watering plants").exists()


def test_a_refusal_is_not_kept_and_a_key_serves_one_request(api: Api) -> None:
    url = f"/api/v1/households/{api.home.household.pk}/cards"
    assert _post(api, url, CARD | {"cadence": "now and then"}, "k2").status_code == 422
    assert _post(api, url, CARD, "k2").status_code == 201
    # The same key with another request: refused, whatever that request is.
    other = f"/api/v1/households/{api.home.other_household.pk}/cards"
    r = _post(api, other, CARD, "k2")
    assert r.status_code == 422 and "another request" in r.json()["detail"]
    assert IdempotentReply.objects.count() == 1


def test_a_bad_key_is_refused(api: Api) -> None:
    url = f"/api/v1/households/{api.home.household.pk}/cards"
    for key in ["has space", "x" * 65]:
        r = _post(api, url, CARD, key)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not api.home.household.cards.filter(name="Watering plants").exists()
