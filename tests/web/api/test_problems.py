"""Every error of the API is application/problem+json (RFC 9457), and session writes need CSRF."""

from __future__ import annotations

import json

from django.test import Client

from tests.conftest import Home
from tests.web.api.conftest import Api

KEYS = {"type", "title", "status", "detail"}


def _problem(r: object, status: int) -> dict[str, object]:
    assert r.status_code == status, r.content  # type: ignore[attr-defined]
    assert r["Content-Type"] == "application/problem+json"  # type: ignore[index]
    body = json.loads(r.content)  # type: ignore[attr-defined]
    assert set(body) >= KEYS and body["status"] == status and body["detail"]
    return body


def test_each_status_is_a_problem(api: Api) -> None:
    h = api.home.household.pk
    _problem(api.call("GET", "/api/v1/me"), 401)
    _problem(api.call("PUT", f"/api/v1/households/{h}/ratings/1", api.sam_read, {}), 403)
    _problem(api.call("GET", "/api/v1/households/999999", api.robin), 404)
    _problem(api.call("GET", "/api/v1/households/99999999999999999999999", api.robin), 404)
    _problem(api.call("GET", "/api/v1/no/such/thing", api.robin), 404)
    _problem(api.call("GET", "/api/v1/no/such/thing"), 404)
    _problem(api.call("GET", "/api/v1/"), 404)
    body = _problem(api.call("DELETE", "/api/v1/households", api.robin), 405)
    assert "DELETE" in str(body["detail"])
    _problem(api.call("GET", f"/api/v1/households/{h}/cards?limit=0", api.robin), 422)


def test_a_refused_card_names_each_field_and_writes_nothing(api: Api) -> None:
    household = api.home.household
    before = household.cards.count()
    r = api.call(
        "POST",
        f"/api/v1/households/{household.pk}/cards",
        api.robin,
        {"name": "Laundry", "cadence": "now and then", "minutes": 5},
    )
    body = _problem(r, 422)
    fields = {e["field"] for e in body["errors"]}  # type: ignore[union-attr]
    assert fields == {"name", "cadence"}, body
    assert household.cards.count() == before


def test_problems_speak_german_when_asked(api: Api) -> None:
    r = Client().get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="de")
    assert "Schick einen Token" in _problem(r, 401)["detail"]  # type: ignore[operator]


def test_session_writes_need_the_csrf_token(home: Home) -> None:
    robin = Client(enforce_csrf_checks=True)
    robin.force_login(home.owner.user)
    card = home.household.cards.get(name="Laundry")
    url = f"/api/v1/households/{home.household.pk}/ratings/{card.pk}"
    assert robin.get("/api/v1/me").status_code == 200  # reading needs no token
    r = robin.put(url, {"preference": "like"}, content_type="application/json")
    assert "CSRF" in str(_problem(r, 403)["detail"])
    assert not card.ratings.exists()
    robin.get("/account/")
    token = robin.cookies["csrftoken"].value
    r = robin.put(
        url, {"preference": "like"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert r.status_code == 200
    assert card.ratings.get().preference == "like"


def test_a_write_moves_the_household_revision(api: Api) -> None:
    household = api.home.household
    household.refresh_from_db()  # joining moved it since the fixture's copy was read
    before = household.revision
    card = household.cards.get(name="Laundry")
    api.call(
        "PUT",
        f"/api/v1/households/{household.pk}/ratings/{card.pk}",
        api.robin,
        {"preference": "hate"},
    )
    household.refresh_from_db()
    assert household.revision == before + 1


def test_pages_of_a_list(api: Api) -> None:
    h = api.home.household.pk
    first = api.call("GET", f"/api/v1/households/{h}/cards?limit=3", api.robin).json()
    assert first["count"] == 4 and len(first["items"]) == 3 and "offset=3" in first["next"]
    rest = api.call("GET", first["next"], api.robin).json()
    assert len(rest["items"]) == 1 and rest["next"] is None
    names = [c["name"] for c in first["items"] + rest["items"]]
    assert len(set(names)) == 4


def test_the_docs_load_their_script_from_this_site(db: object) -> None:
    r = Client().get("/api/v1/docs")
    text = r.content.decode()
    assert r.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in text
    assert "cdn" not in text.lower()
    assert 'data-api-csrf="true"' in text  # "Try it out" sends the session's CSRF token
