"""Abuse limits that cannot be turned on a victim: lockouts keyed on the real client address,
and rate limits on what sends mail or joins households."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory

from evenly.accounts.client_ip import client_ip
from evenly.accounts.models import RateCounter, User
from evenly.households.models import Member
from tests.conftest import PASSWORD, Home

PROXY = "10.0.0.1"
CLIENT_A = "203.0.113.5"
CLIENT_B = "198.51.100.7"


def _via_proxy(client_address: str, spoofed: str = "") -> Client:
    chain = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=chain)


def _fail(client: Client, email: str = "robin@example.org"):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": email, "password": "not the password"})


# --- the client address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "6.6.6.6", "192.0.2.1"),  # no proxy: the header is anyone's to forge
        (1, PROXY, f"6.6.6.6, {CLIENT_A}", CLIENT_A),  # the proxy appended the real one
        (2, PROXY, f"6.6.6.6, {CLIENT_A}, 10.0.0.2", CLIENT_A),
        (1, PROXY, "", PROXY),
        (1, PROXY, "not-an-ip", PROXY),
        (3, PROXY, CLIENT_A, CLIENT_A),
    ],
)
def test_client_ip_trusts_only_its_own_proxies(
    settings: object, hops: int, remote: str, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = hops  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_axes_uses_the_same_client_address() -> None:
    assert settings.AXES_CLIENT_IP_CALLABLE == "evenly.accounts.client_ip.client_ip"


# --- lockout ------------------------------------------------------------------------------


def test_behind_a_proxy_failures_from_one_client_do_not_lock_the_account_elsewhere(
    home: Home, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    attacker = _via_proxy(CLIENT_A)
    for _ in range(settings.AXES_FAILURE_LIMIT):  # type: ignore[attr-defined]
        _fail(attacker)
    # A and robin is locked...
    r = attacker.post("/login/", {"username": "robin@example.org", "password": PASSWORD})
    assert r.status_code == 429
    # ...but Robin, at home behind the same proxy, logs in.
    r = _via_proxy(CLIENT_B).post(
        "/login/", {"username": "robin@example.org", "password": PASSWORD}
    )
    assert r.status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_buys_no_new_tries(home: Home) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(Client(REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}"))
    r = Client(REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR="192.0.2.99").post(
        "/login/", {"username": "robin@example.org", "password": PASSWORD}
    )
    assert r.status_code == 429


# --- rate limits --------------------------------------------------------------------------


def test_password_reset_mails_are_limited_per_address_alike_for_unknown_ones(home: Home) -> None:
    limit = settings.RATE_LIMITS["mail_per_address"]
    for i in range(limit):
        c = Client(REMOTE_ADDR=f"192.0.2.{i}")
        assert c.post("/password-reset/", {"email": "robin@example.org"}).status_code == 302
        assert c.post("/password-reset/", {"email": "nobody@example.org"}).status_code == 302
    assert len(mail.outbox) == limit
    for email in ("robin@example.org", "NOBODY@example.org"):
        r = Client(REMOTE_ADDR="192.0.2.200").post("/password-reset/", {"email": email})
        assert r.status_code == 429
        assert "Too many attempts; try again in" in r.content.decode()
    assert len(mail.outbox) == limit


def test_password_reset_is_limited_per_client_address(home: Home) -> None:
    limit = settings.RATE_LIMITS["reset_per_ip"]
    client = Client(REMOTE_ADDR=CLIENT_A)
    for i in range(limit):
        assert client.post("/password-reset/", {"email": f"x{i}@example.org"}).status_code == 302
    r = client.post("/password-reset/", {"email": "robin@example.org"})
    assert r.status_code == 429
    assert mail.outbox == []
    # Someone else is not affected.
    r = Client(REMOTE_ADDR=CLIENT_B).post("/password-reset/", {"email": "robin@example.org"})
    assert r.status_code == 302 and len(mail.outbox) == 1


def test_sign_ups_are_limited_per_client_address(db: None) -> None:
    limit = settings.RATE_LIMITS["signup_per_ip"]
    client = Client(REMOTE_ADDR=CLIENT_A)
    for i in range(limit):
        r = client.post("/signup/", {"email": f"p{i}@example.org", "password": PASSWORD})
        assert r.status_code == 302
    r = client.post("/signup/", {"email": "one-more@example.org", "password": PASSWORD})
    assert r.status_code == 429
    assert not User.objects.filter(email="one-more@example.org").exists()
    assert len(mail.outbox) == limit


def test_a_refused_use_is_not_counted_and_old_windows_are_purged(db: None) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from evenly.accounts.ratelimit import rate_hit

    old = RateCounter.objects.create(
        key="old", window_start=timezone.now() - timedelta(days=2), count=1
    )
    limit = settings.RATE_LIMITS["join_per_user"]
    for _ in range(limit):
        assert rate_hit(limit="join_per_user", subject="7") is None
    blocked = rate_hit(limit="join_per_user", subject="7")
    assert blocked is not None and 1 <= blocked.retry_minutes <= 60
    assert RateCounter.objects.get(key__startswith="join_per_user").count == limit
    assert not RateCounter.objects.filter(pk=old.pk).exists()
    # The stored key does not show the subject.
    assert all(k.split(":")[-1] != "7" for k in RateCounter.objects.values_list("key", flat=True))


def test_invitation_joins_are_limited_per_person(home: Home) -> None:
    from evenly.households.services import invitation_create

    new = invitation_create(household=home.household, member=home.owner)
    link = f"/join/{new.token}/"
    limit = settings.RATE_LIMITS["join_per_user"]
    for i in range(limit):
        # Olly is in another household already: each try is refused, and counted.
        r = home.outsider_client.post(link, {"display_name": ""}, REMOTE_ADDR=f"192.0.2.{i}")
        assert r.status_code == 400
    r = home.outsider_client.post(link, {"display_name": "Olly"}, REMOTE_ADDR="192.0.2.250")
    assert r.status_code == 429
    assert not Member.objects.filter(household=home.household, display_name="Olly").exists()


def test_invitation_joins_are_limited_per_client_address(home: Home, settings: object) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "join_per_ip": 2}  # type: ignore[attr-defined]
    from evenly.households.services import invitation_create

    new = invitation_create(household=home.household, member=home.owner)
    link = f"/join/{new.token}/"
    for _ in range(2):
        home.outsider_client.post(link, {"display_name": ""}, REMOTE_ADDR=CLIENT_A)
    from evenly.accounts.services import account_create

    kim = account_create(email="kim@example.org", password=PASSWORD, verified=True)
    c = Client(REMOTE_ADDR=CLIENT_A)
    c.force_login(kim)
    assert c.post(link, {"display_name": "Kim"}).status_code == 429
    c2 = Client(REMOTE_ADDR=CLIENT_B)
    c2.force_login(kim)
    assert c2.post(link, {"display_name": "Kim"}).status_code == 302
