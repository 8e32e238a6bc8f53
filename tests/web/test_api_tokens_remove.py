"""Account → API tokens: revoked and expired tokens can be removed from the list, all at once or
one by one, after a confirmation; a token that still works is never removed this way, nor
anyone else's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from evenly.accounts.models import ApiToken
from evenly.accounts.tokens import token_create, token_revoke, tokens_remove_dead
from tests.conftest import Home

ME = "/api/v1/me"
CLEAR = reverse("api_tokens_remove")


def _tokens(home: Home) -> dict[str, ApiToken]:
    """Robin's three tokens (one working, one revoked, one expired) and Olly's revoked one."""
    robin, olly = home.owner.user, home.outsider.user
    live = token_create(user=robin, name="Kitchen display").token
    revoked = token_revoke(user=robin, token_id=token_create(user=robin, name="Old phone").token.pk)
    expired = token_create(user=robin, name="Weekend script", expires_days=1).token
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    theirs = token_revoke(user=olly, token_id=token_create(user=olly, name="Olly's old").token.pk)
    return {"live": live, "revoked": revoked, "expired": expired, "theirs": theirs}


def _names(user: object) -> set[str]:
    return set(ApiToken.objects.filter(user=user).values_list("name", flat=True))


def _said(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_the_list_offers_remove_for_dead_tokens_and_revoke_for_working_ones(home: Home) -> None:
    tokens = _tokens(home)
    page = home.owner_client.get(reverse("api_tokens")).content.decode()
    assert f'href="{CLEAR}"' in page and "Remove revoked and expired tokens…" in page
    for dead in ("revoked", "expired"):
        assert reverse("api_token_remove", args=[tokens[dead].pk]) in page
        assert reverse("api_token_revoke", args=[tokens[dead].pk]) not in page
    assert reverse("api_token_revoke", args=[tokens["live"].pk]) in page
    assert reverse("api_token_remove", args=[tokens["live"].pk]) not in page
    # Removing is never one click on the list: the list has no form that sends it.
    assert f'action="{CLEAR}"' not in page


def test_removing_them_all_asks_first_and_the_get_writes_nothing(home: Home) -> None:
    tokens = _tokens(home)
    robin = home.owner.user
    before = _names(robin)
    r = home.owner_client.get(CLEAR)
    assert r.status_code == 200
    text = r.content.decode()
    assert "Remove revoked and expired tokens?" in text
    assert "These 2 tokens no longer work" in text
    assert "Old phone" in text and "Weekend script" in text
    assert "Kitchen display" not in text and "Olly" not in text
    assert 'class="danger">Remove</button>' in text
    assert _names(robin) == before  # asking removed nothing

    r = home.owner_client.post(CLEAR)
    assert r.status_code == 302 and r.url == reverse("api_tokens")
    assert _said(r) == ["Removed 2 revoked or expired tokens from the list."]
    assert _names(robin) == {"Kitchen display"}
    # The working token still works; Olly's revoked one is still on Olly's list.
    assert ApiToken.objects.get(pk=tokens["live"].pk).is_live(timezone.now())
    assert ApiToken.objects.filter(pk=tokens["theirs"].pk).exists()


def test_a_working_token_is_never_removed_and_the_page_stays_clear_after(home: Home) -> None:
    live = token_create(user=home.owner.user, name="Kitchen display")
    client = home.owner_client
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Remove revoked and expired tokens" not in page and "Remove…" not in page
    r = client.get(CLEAR)
    assert "nothing to remove" in r.content.decode()
    assert ">Remove</button>" not in r.content.decode()  # no button that would do nothing
    r = client.post(CLEAR)
    assert _said(r) == ["There were no revoked or expired tokens to remove."]
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {live.secret}").status_code == 200
    r = client.post(reverse("api_token_remove", args=[live.token.pk]))
    assert r.status_code == 404
    assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {live.secret}").status_code == 200


def test_one_token_is_removed_after_a_confirmation(home: Home) -> None:
    tokens = _tokens(home)
    url = reverse("api_token_remove", args=[tokens["expired"].pk])
    r = home.owner_client.get(url)
    text = r.content.decode()
    assert r.status_code == 200 and "Remove “Weekend script” from the list?" in text
    assert "It has expired" in text
    assert ApiToken.objects.filter(pk=tokens["expired"].pk).exists()
    r = home.owner_client.post(url)
    assert _said(r) == ["Removed “Weekend script” from the list."]
    assert _names(home.owner.user) == {"Kitchen display", "Old phone"}
    # Gone already: a second try answers 404.
    assert home.owner_client.post(url).status_code == 404


def test_another_persons_token_answers_404_and_stays(home: Home) -> None:
    tokens = _tokens(home)
    theirs = reverse("api_token_remove", args=[tokens["theirs"].pk])
    assert home.owner_client.get(theirs).status_code == 404
    assert home.owner_client.post(theirs).status_code == 404
    # Removing all of Robin's leaves Olly's too.
    home.owner_client.post(CLEAR)
    assert _names(home.outsider.user) == {"Olly's old"}
    # And Olly's own "remove all" leaves Robin's working token.
    home.outsider_client.post(CLEAR)
    assert _names(home.outsider.user) == set()
    assert _names(home.owner.user) == {"Kitchen display"}


@pytest.mark.parametrize("method", ["get", "post"])
def test_signed_out_visitors_go_to_sign_in_and_nothing_goes(home: Home, method: str) -> None:
    tokens = _tokens(home)
    before = ApiToken.objects.count()
    for url in (CLEAR, reverse("api_token_remove", args=[tokens["revoked"].pk])):
        r = getattr(home.anon_client, method)(url)
        assert r.status_code == 302 and r.url.startswith(f"/login/?next={url}")
    assert ApiToken.objects.count() == before


def test_a_token_is_removed_only_once_past_its_expiry(home: Home) -> None:
    robin = home.owner.user
    token_create(user=robin, name="Short", expires_days=1)
    assert tokens_remove_dead(user=robin) == 0
    assert tokens_remove_dead(user=robin, now=timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert _names(robin) == set()


def test_removing_speaks_german(home: Home) -> None:
    tokens = _tokens(home)
    client = home.owner_client
    de = {"HTTP_ACCEPT_LANGUAGE": "de"}
    page = client.get(reverse("api_tokens"), **de).content.decode()
    assert "Zurückgezogene und abgelaufene Tokens entfernen …" in page and "Entfernen …" in page
    text = client.get(CLEAR, **de).content.decode()
    assert "Diese 2 Tokens funktionieren nicht mehr" in text and "Entfernen" in text
    one = client.get(reverse("api_token_remove", args=[tokens["revoked"].pk]), **de)
    assert "„Old phone“ aus der Liste entfernen?" in one.content.decode()
    r = client.post(CLEAR, **de)
    assert _said(r) == ["2 zurückgezogene oder abgelaufene Tokens aus der Liste entfernt."]
