"""Personal access tokens: made and shown once, stored hashed, read-only or not, expiring,
revoked, counted per token; the Account page and the command that make them."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from evenly.accounts.models import ApiToken
from evenly.accounts.services import account_delete
from evenly.accounts.tokens import token_create, token_revoke
from evenly.core import bounds
from tests.conftest import Home
from tests.web.api.conftest import Api

ME = "/api/v1/me"


def test_the_secret_is_kept_only_as_a_hash(api: Api) -> None:
    row = ApiToken.objects.get(name="Robin's script")
    assert api.robin.startswith(f"evn_{row.prefix}_")
    assert row.secret_hash == hashlib.sha256(api.robin.encode()).hexdigest()
    assert api.robin not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_a_token_signs_in_as_its_owner(api: Api) -> None:
    r = api.call("GET", ME, api.robin)
    assert r.status_code == 200
    assert r.json()["email"] == "robin@example.org" and r.json()["can_write"] is True


@pytest.mark.parametrize(
    "header",
    ["Bearer evn_nothing_here", "Bearer ", "Basic cm9iaW46eA==", "Bearer evn_x_y_z" + "a" * 300],
)
def test_a_wrong_token_answers_401(api: Api, header: str) -> None:
    r = Client().get(ME, HTTP_AUTHORIZATION=header)
    assert r.status_code == 401
    assert r["Content-Type"] == "application/problem+json"
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_a_token_with_a_right_prefix_and_a_wrong_secret_answers_401(api: Api) -> None:
    forged = api.robin[:-4] + ("AAAA" if not api.robin.endswith("AAAA") else "BBBB")
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401


def test_a_read_only_token_reads_and_gets_403_on_writes(api: Api) -> None:
    household = api.home.household
    card = household.cards.get(name="Laundry")
    assert (
        api.call("GET", f"/api/v1/households/{household.pk}/cards", api.sam_read).status_code == 200
    )
    r = api.call(
        "PUT",
        f"/api/v1/households/{household.pk}/ratings/{card.pk}",
        api.sam_read,
        {"preference": "like"},
    )
    assert r.status_code == 403 and r["Content-Type"] == "application/problem+json"
    assert "only read" in r.json()["detail"]
    assert not card.ratings.exists()


def test_a_revoked_token_stops_at_once(api: Api) -> None:
    row = ApiToken.objects.get(name="Robin's script")
    token_revoke(user=api.home.owner.user, token_id=row.pk)
    assert api.call("GET", ME, api.robin).status_code == 401


def test_another_persons_token_cannot_be_revoked(api: Api) -> None:
    row = ApiToken.objects.get(name="Olly")
    with pytest.raises(ApiToken.DoesNotExist):
        token_revoke(user=api.home.owner.user, token_id=row.pk)
    r = api.home.owner_client.post(reverse("api_token_revoke", args=[row.pk]))
    assert r.status_code == 404
    row.refresh_from_db()
    assert row.revoked_at is None


def test_an_expired_token_answers_401(home: Home) -> None:
    new = token_create(user=home.owner.user, name="Short", expires_days=1)
    assert Api.call("GET", ME, new.secret).status_code == 200
    ApiToken.objects.filter(pk=new.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert Api.call("GET", ME, new.secret).status_code == 401


def test_bounds_of_a_new_token(home: Home) -> None:
    from django.core.exceptions import ValidationError

    user = home.owner.user
    for name, days, field in [
        ("", None, "name"),
        ("x" * (bounds.MAX_API_TOKEN_NAME_CHARS + 1), None, "name"),
        ("bad\x1bname", None, "name"),
        ("ok", 0, "expires_days"),
        ("ok", bounds.MAX_API_TOKEN_DAYS + 1, "expires_days"),
    ]:
        with pytest.raises(ValidationError) as refused:
            token_create(user=user, name=name, expires_days=days)
        assert field in refused.value.message_dict
    for n in range(bounds.MAX_API_TOKENS):
        token_create(user=user, name=f"t{n}")
    with pytest.raises(ValidationError, match="revoke one"):
        token_create(user=user, name="one too many")
    assert ApiToken.objects.filter(user=user).count() == bounds.MAX_API_TOKENS


def test_last_used_is_noted_at_most_every_few_minutes(api: Api) -> None:
    row = ApiToken.objects.get(name="Robin's script")
    assert row.last_used_at is None
    api.call("GET", ME, api.robin)
    row.refresh_from_db()
    first = row.last_used_at
    assert first is not None
    api.call("GET", ME, api.robin)
    row.refresh_from_db()
    assert row.last_used_at == first  # not again within API_TOKEN_LAST_USED_MINUTES
    earlier = first - timedelta(minutes=bounds.API_TOKEN_LAST_USED_MINUTES + 1)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=earlier)
    api.call("GET", ME, api.robin)
    row.refresh_from_db()
    assert row.last_used_at is not None and row.last_used_at > first


def test_requests_are_limited_per_token(api: Api) -> None:
    with override_settings(RATE_LIMITS={"api_per_token": 3}):
        codes = [api.call("GET", ME, api.robin).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = api.call("GET", ME, api.robin)
        assert r["Content-Type"] == "application/problem+json"
        assert int(r["Retry-After"]) > 0
        # Another token of the same household is counted on its own.
        assert api.call("GET", ME, api.sam_read).status_code == 200


def test_deleting_the_account_deletes_its_tokens(api: Api) -> None:
    user = api.home.owner.user
    account_delete(user=user)
    assert not ApiToken.objects.filter(name="Robin's script").exists()
    assert api.call("GET", ME, api.robin).status_code == 401


def test_the_page_makes_a_token_shows_it_once_and_revokes_it(home: Home) -> None:
    client = home.owner_client
    page = client.get(reverse("api_tokens"))
    assert page.status_code == 200 and "No tokens yet" in page.content.decode()
    assert reverse("api_tokens") in client.get(reverse("account")).content.decode()
    r = client.post(reverse("api_tokens"), {"name": "Home Assistant", "scope": "read"})
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    text = r.content.decode()
    row = ApiToken.objects.get(user=home.owner.user)
    secret = text.split('id="new-token" value="', 1)[1].split('"', 1)[0]
    assert secret.startswith(f"evn_{row.prefix}_") and not row.can_write
    assert Api.call("GET", ME, secret).status_code == 200
    again = client.get(reverse("api_tokens")).content.decode()
    assert secret not in again and "Home Assistant" in again and "last used" in again
    assert client.get(reverse("api_token_revoke", args=[row.pk])).status_code == 200
    r = client.post(reverse("api_token_revoke", args=[row.pk]))
    assert r.status_code == 302
    assert Api.call("GET", ME, secret).status_code == 401
    assert "revoked" in client.get(reverse("api_tokens")).content.decode()


def test_the_page_refuses_a_bad_form_and_makes_nothing(home: Home) -> None:
    r = home.owner_client.post(
        reverse("api_tokens"), {"name": "", "scope": "write", "expires_days": "9999"}
    )
    assert r.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_page_in_german(home: Home) -> None:
    r = home.owner_client.get(reverse("api_tokens"), HTTP_ACCEPT_LANGUAGE="de")
    text = r.content.decode()
    assert "API-Tokens" in text and "Token erstellen" in text


def test_the_command_prints_the_token_last(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "api_token", "ROBIN@example.org", "--name", "cron", "--write", "--expires-days", "30"
    )
    out = capsys.readouterr().out.strip().splitlines()
    secret = out[-1]
    assert Api.call("GET", ME, secret).json()["can_write"] is True
    row = ApiToken.objects.get(name="cron")
    assert row.expires_at is not None and row.can_write


@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody@example.org", "--name", "x"], "No active account"),
        (["robin@example.org", "--name", ""], "name"),
        (["robin@example.org", "--name", "x", "--expires-days", "0"], "expires after"),
    ],
)
def test_the_command_says_what_is_wrong(
    home: Home, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        call_command("api_token", *args)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
    assert not ApiToken.objects.exists()
