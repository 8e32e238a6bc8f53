"""How it feels through the API: a month's answers stay sealed until every member has answered
(the partner sees only that the owner answered), the page's form checks an answer (422 with its
fields, nothing written), an answer changes until the month opens, any member turns the check
on or off, and an outsider reads nothing."""

from __future__ import annotations

from typing import Any

import pytest

from evenly.felt.models import FeltAnswer, FeltCheck, FeltMonth
from tests.web.api.conftest import Api

pytestmark = pytest.mark.django_db

# Distinctive answers: Robin's CSI-4 sums to 17, Sam's to 9.
ROBIN = {
    "fair_to_me": 6,
    "fair_to_partner": 2,
    "satisfied": 6,
    "csi_happy": 5,
    "csi_warm": 4,
    "csi_rewarding": 4,
    "csi_satisfied": 4,
}
SAM = {
    "fair_to_me": 2,
    "fair_to_partner": 5,
    "satisfied": 3,
    "csi_happy": 3,
    "csi_warm": 2,
    "csi_rewarding": 2,
    "csi_satisfied": 2,
}


def _base(api: Api) -> str:
    return f"/api/v1/households/{api.home.household.pk}/how-it-feels"


def _sam(api: Api) -> str:
    """A read-and-change token for Sam (the fixture's is read only)."""
    from evenly.accounts.tokens import token_create

    return token_create(user=api.home.partner.user, name="Sam's phone", can_write=True).secret


def _on(api: Api) -> None:
    r = api.call("PUT", _base(api) + "/setting", api.robin, {"on": True})
    assert r.status_code == 200, r.content
    assert r.json()["on"] is True


def _answer(api: Api, token: str, body: dict[str, Any]) -> Any:
    return api.call("PUT", _base(api) + "/my-answer", token, body)


def test_off_until_a_member_turns_it_on_and_off_again(api: Api) -> None:
    state = api.call("GET", _base(api), api.robin).json()
    assert state["on"] is False and state["mine"] is None and state["trend"] is None
    r = _answer(api, api.robin, ROBIN)
    assert r.status_code == 422
    assert "off in this household" in r.json()["detail"] + str(r.json()["errors"])
    assert not FeltAnswer.objects.exists()
    _on(api)
    assert api.call("PUT", _base(api) + "/setting", api.robin, {"on": True}).status_code == 200
    assert FeltCheck.objects.filter(household=api.home.household).count() == 1
    sam = _sam(api)
    r = api.call("PUT", _base(api) + "/setting", sam, {"on": False})
    assert r.status_code == 200 and r.json()["on"] is False
    assert not FeltCheck.objects.exists()


def test_the_partner_sees_only_that_the_owner_answered_until_they_answer_too(api: Api) -> None:
    _on(api)
    r = _answer(api, api.robin, ROBIN)
    assert r.status_code == 200, r.content
    mine = r.json()
    assert mine["mine"]["fair_to_me"] == 6 and mine["mine"]["csi4"] == 17
    assert mine["open"] is False
    # Sam asks (with the read-only token too): Robin answered, and that is all.
    for token in (api.sam_read, _sam(api)):
        r = api.call("GET", _base(api), token)
        assert r.status_code == 200
        theirs = r.json()
        assert theirs["answered"] == [{"id": api.home.owner.pk, "name": "Robin"}]
        assert theirs["waiting"] == [{"id": api.home.partner.pk, "name": "Sam"}]
        assert theirs["mine"] is None and theirs["open"] is False
        assert theirs["months"] == [] and theirs["trend"] is None
        # Not one of Robin's answers anywhere in what Sam reads.
        assert '"fair_to_me"' not in r.content.decode() and '"csi4"' not in r.content.decode()
    # Sam answers: the month opens, and both read both answers and the trend.
    r = _answer(api, _sam(api), SAM)
    assert r.status_code == 200
    opened = r.json()
    assert opened["open"] is True and opened["waiting"] == []
    [month] = opened["months"]
    by_name = {a["member"]["name"]: a["answer"] for a in month["answers"]}
    assert by_name["Robin"]["csi4"] == 17 and by_name["Sam"]["csi4"] == 9
    assert opened["trend"]["fair_from"] == opened["trend"]["fair_to"] == 4
    # One month everyone answered: the page's words for it, not "4 → 4".
    assert opened["trend"]["text"] == "Feels fair 4 of 7 (one month so far)"
    robin = api.call("GET", _base(api), api.robin).json()
    assert robin["months"] == opened["months"]
    assert FeltMonth.objects.filter(household=api.home.household).count() == 1


def test_an_answer_changes_until_the_month_opens_then_stays(api: Api) -> None:
    _on(api)
    _answer(api, api.robin, ROBIN)
    r = _answer(api, api.robin, ROBIN | {"fair_to_me": 3})
    assert r.status_code == 200 and r.json()["mine"]["fair_to_me"] == 3
    assert FeltAnswer.objects.get(member=api.home.owner).fair_to_me == 3
    _answer(api, _sam(api), SAM)
    r = _answer(api, api.robin, ROBIN)
    assert r.status_code == 422
    assert "can no longer change" in r.json()["detail"] + str(r.json()["errors"])
    assert FeltAnswer.objects.get(member=api.home.owner).fair_to_me == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [("fair_to_me", 0), ("satisfied", 8), ("csi_happy", 7), ("csi_warm", "x"), ("csi_warm", None)],
)
def test_a_bad_answer_is_refused_with_its_field_and_writes_nothing(
    api: Api, field: str, value: Any
) -> None:
    _on(api)
    r = _answer(api, api.robin, ROBIN | {field: value})
    assert r.status_code == 422
    assert r["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in r.json()["errors"]]
    assert not FeltAnswer.objects.exists()


def test_a_missing_answer_is_refused_with_its_field(api: Api) -> None:
    _on(api)
    body = {k: v for k, v in ROBIN.items() if k != "csi_rewarding"}
    r = _answer(api, api.robin, body)
    assert r.status_code == 422
    assert "csi_rewarding" in [e["field"] for e in r.json()["errors"]]
    assert not FeltAnswer.objects.exists()


def test_an_outsider_reads_nothing_and_changes_nothing(api: Api) -> None:
    _on(api)
    _answer(api, api.robin, ROBIN)
    for method, path, body in [
        ("GET", "", None),
        ("PUT", "/my-answer", SAM),
        ("PUT", "/setting", {"on": False}),
    ]:
        r = api.call(method, _base(api) + path, api.olly, body)
        assert r.status_code == 404, (method, path)
        assert "Robin" not in r.content.decode()
    assert FeltAnswer.objects.count() == 1 and FeltCheck.objects.count() == 1
    # Olly's own household: off, nobody answered.
    own = api.call(
        "GET", f"/api/v1/households/{api.home.other_household.pk}/how-it-feels", api.olly
    )
    assert own.status_code == 200
    assert own.json()["on"] is False and own.json()["answered"] == []


def test_a_read_only_token_cannot_answer_or_turn_it_on(api: Api) -> None:
    assert api.call("PUT", _base(api) + "/setting", api.sam_read, {"on": True}).status_code == 403
    _on(api)
    assert _answer(api, api.sam_read, SAM).status_code == 403
    assert not FeltAnswer.objects.exists()


def test_in_german(api: Api) -> None:
    from django.test import Client

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.robin}", "HTTP_ACCEPT_LANGUAGE": "de"}
    r = client.put(
        _base(api) + "/my-answer", data=ROBIN, content_type="application/json", **headers
    )
    assert r.status_code == 422
    assert "ausgeschaltet" in str(r.json()["errors"]) + r.json()["detail"]
    _on(api)
    _answer(api, api.robin, ROBIN)
    _answer(api, _sam(api), SAM)
    state = client.get(_base(api), **headers).json()
    assert state["trend"]["text"] == "Fühlt sich gerecht an: 4 von 7 (bisher ein Monat)"
