"""A POST sent again with the same Idempotency-Key is answered once and written once."""

from __future__ import annotations

from django.test import Client

from evenly.accounts.tokens import token_create
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


def test_a_read_only_token_gets_no_kept_answer(api: Api) -> None:
    """Robin's read-only token, retrying what his read-and-change token sent with the same key,
    is refused as any write of it is: the kept answer is not his dashboard's to have."""
    household = api.home.household
    url = f"/api/v1/households/{household.pk}/cards"
    assert _post(api, url, CARD, "ro-retry").status_code == 201
    read_only = token_create(user=api.home.owner.user, name="Robin's dashboard").secret
    r = _post(api, url, CARD, "ro-retry", token=read_only)
    assert r.status_code == 403 and r["Content-Type"] == "application/problem+json"
    assert not r.has_header("Idempotent-Replayed")
    # The frame's own refusal, as the same token gets without a key.
    without_key = Api.call("post", url, read_only, CARD | {"name": "Something else"})
    assert without_key.status_code == 403 and r.json() == without_key.json()
    assert "may only read" in r.json()["detail"]
    assert household.cards.filter(name="Watering plants").count() == 1
    kept = IdempotentReply.objects.get()
    assert (kept.user, kept.key, kept.path) == (api.home.owner.user, "ro-retry", url)
    # The read-and-change token's own retry is still answered from what was kept.
    assert _post(api, url, CARD, "ro-retry")["Idempotent-Replayed"] == "true"


def test_a_session_without_the_csrf_token_gets_no_kept_answer(api: Api) -> None:
    """The pages' session must send the CSRF token with a write, a retry too."""
    household = api.home.household
    url = f"/api/v1/households/{household.pk}/cards"
    assert _post(api, url, CARD, "csrf-retry").status_code == 201
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api.home.owner.user)
    r = browser.post(url, CARD, content_type="application/json", HTTP_IDEMPOTENCY_KEY="csrf-retry")
    assert r.status_code == 403 and r["Content-Type"] == "application/problem+json"
    assert "CSRF" in r.json()["detail"] and not r.has_header("Idempotent-Replayed")
    assert household.cards.filter(name="Watering plants").count() == 1
