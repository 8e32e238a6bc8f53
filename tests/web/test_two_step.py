"""Two-step sign-in (authenticator app + recovery codes) and "Sign out everywhere"."""

from __future__ import annotations

import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from evenly.accounts.models import User
from evenly.accounts.security import recovery_codes_new, two_step_begin
from evenly.accounts.views_security import PENDING
from evenly.core.bounds import RECOVERY_CODES, TWO_STEP_TRIES
from tests.conftest import PASSWORD, Home
from tests.web.form_html import field_errors

ROBIN = "robin@example.org"


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (django-otp accepts one step either side)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def fresh(device: TOTPDevice) -> None:
    """Forget the last code used and any wrong ones, as half a minute later would."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )


def log_in(client: Client, password: str = PASSWORD, next: str = ""):  # type: ignore[no-untyped-def]
    data = {"username": ROBIN, "password": password}
    if next:
        data["next"] = next
    return client.post("/login/", data)


def signed_in(client: Client) -> bool:
    r = client.get("/account/")
    if r.status_code == 200:
        return True
    assert r.status_code == 302 and r.url.startswith("/login/"), r
    return False


def turned_on(user: User) -> tuple[TOTPDevice, list[str]]:
    device = two_step_begin(user=user)
    device.confirmed = True
    device.save()
    return device, recovery_codes_new(user=user)


def flashes(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def robin(home: Home) -> User:
    return home.owner.user  # type: ignore[no-any-return, attr-defined]


# --- setting up ---------------------------------------------------------------------------


def test_set_up_is_on_only_after_a_right_code_and_shows_ten_codes_once(
    home: Home, robin: User
) -> None:
    client = home.owner_client
    assert "Off" in client.get("/account/two-step/").content.decode()
    # The set-up page itself writes nothing: without a started set-up it sends you back.
    assert client.get("/account/two-step/setup/").url == "/account/two-step/"
    assert not TOTPDevice.objects.exists()

    assert client.post("/account/two-step/start/").url == "/account/two-step/setup/"
    device = TOTPDevice.objects.get(user=robin)
    assert not device.confirmed
    page = client.get("/account/two-step/setup/").content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
    assert secret and len(secret.group(1).split()) >= 8  # typed in groups of four
    assert client.get("/account/two-step/setup/").status_code == 200  # GET twice: same device
    assert TOTPDevice.objects.get(user=robin).pk == device.pk

    r = client.post("/account/two-step/setup/", {"code": "000000"})
    assert r.status_code == 200 and field_errors(r.content.decode(), "code")
    r = client.post("/account/two-step/setup/", {"code": "not a code"})
    assert r.status_code == 200 and field_errors(r.content.decode(), "code")
    device.refresh_from_db()
    assert not device.confirmed
    assert "Off" in client.get("/account/two-step/").content.decode()

    # Right after a wrong code, django-otp makes the next one wait, and the page says so.
    r = client.post("/account/two-step/setup/", {"code": app_code(device)})
    assert "wait" in " ".join(field_errors(r.content.decode(), "code"))
    fresh(device)
    r = client.post("/account/two-step/setup/", {"code": app_code(device)})
    assert r.status_code == 200
    page = r.content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", page)
    assert len(codes) == RECOVERY_CODES == len(set(codes))
    device.refresh_from_db()
    assert device.confirmed
    # Stored hashed: no plain code (with or without its dash) is in the database.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == RECOVERY_CODES
    assert not stored & ({c for c in codes} | {c.replace("-", "") for c in codes})
    assert (
        "Recovery codes left: <strong>10</strong>"
        in client.get("/account/two-step/").content.decode()
    )
    # The codes are never shown again.
    assert codes[0] not in client.get("/account/two-step/").content.decode()
    assert client.get("/account/two-step/setup/").url == "/account/two-step/"


def test_account_page_shows_the_state_and_the_sign_out_everywhere_button(
    home: Home, robin: User
) -> None:
    page = home.owner_client.get("/account/").content.decode()
    assert "Set up two-step sign-in" in page
    assert 'action="/account/sign-out-everywhere/"' in page and "this one too" in page
    turned_on(robin)
    assert "Manage two-step sign-in" in home.owner_client.get("/account/").content.decode()


# --- signing in ---------------------------------------------------------------------------


def test_without_a_device_the_password_signs_in_at_once(home: Home) -> None:
    client = Client()
    assert log_in(client).url == "/"
    assert signed_in(client)


def test_with_a_device_the_password_alone_does_not_sign_in(home: Home, robin: User) -> None:
    device, _ = turned_on(robin)
    client = Client()
    r = log_in(client, next="/account/")
    assert r.status_code == 302 and r.url == "/login/code/"
    assert not signed_in(client)
    # The second step cannot be skipped by going anywhere else.
    for url in ["/account/", f"/h/{home.household.pk}/week/", "/account/two-step/"]:
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/login/?next="), url
    # The start page is the landing page anyone sees: it names no household.
    r = client.get("/")
    assert r.status_code == 200 and home.household.name not in r.content.decode()
    assert not signed_in(client)
    r = client.get("/login/code/")
    assert r.status_code == 200 and "One more step" in r.content.decode()
    r = client.post("/login/code/", {"code": app_code(device)})
    assert r.status_code == 302 and r.url == "/account/"
    assert signed_in(client)
    assert PENDING not in client.session
    assert client.session["otp_device_id"] == device.persistent_id
    # Once in, the code page has nothing to do.
    assert client.get("/login/code/").url == "/"


def test_a_wrong_code_counts_down_then_asks_for_the_password_again(
    home: Home, robin: User, settings: object
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    device, _ = turned_on(robin)
    client = Client()
    log_in(client)
    wrong = "999999" if app_code(device) != "999999" else "888888"
    for n in range(1, TWO_STEP_TRIES):
        r = client.post("/login/code/", {"code": wrong})
        assert r.status_code == 200
        left = TWO_STEP_TRIES - n
        assert f"{left} {'try' if left == 1 else 'tries'} left" in " ".join(
            field_errors(r.content.decode(), "code")
        )
        assert not signed_in(client)
    r = client.post("/login/code/", {"code": wrong})
    assert r.status_code == 302 and r.url == "/login/"
    assert any("wrong codes" in m for m in flashes(r))
    # The half sign-in is over: even the right code does not sign in now.
    r = client.post("/login/code/", {"code": app_code(device)})
    assert "Please log in again" in r.content.decode()
    assert not signed_in(client)


def test_wrong_codes_make_the_device_wait(home: Home, robin: User) -> None:
    device, _ = turned_on(robin)
    client = Client()
    log_in(client)
    client.post("/login/code/", {"code": "123456" if app_code(device) != "123456" else "654321"})
    # django-otp's throttling: right after a wrong code, even the right one must wait.
    r = client.post("/login/code/", {"code": app_code(device)})
    assert r.status_code == 200
    assert "wait" in " ".join(field_errors(r.content.decode(), "code"))
    assert not signed_in(client)
    fresh(device)
    assert client.post("/login/code/", {"code": app_code(device)}).status_code == 302
    assert signed_in(client)


def test_the_half_sign_in_expires(home: Home, robin: User) -> None:
    device, _ = turned_on(robin)
    client = Client()
    log_in(client)
    session = client.session
    note = session[PENDING]
    note["until"] = time.time() - 1
    session[PENDING] = note
    session.save()
    r = client.post("/login/code/", {"code": app_code(device)})
    assert r.status_code == 200
    assert "within 5 min," in r.content.decode()
    assert not signed_in(client)
    assert PENDING not in client.session


def test_the_code_page_without_a_password_first_asks_to_log_in(home: Home) -> None:
    r = Client().post("/login/code/", {"code": "123456"})
    assert r.status_code == 200 and "Please log in again" in r.content.decode()


def test_a_recovery_code_signs_in_once(home: Home, robin: User) -> None:
    _, codes = turned_on(robin)
    client = Client()
    log_in(client)
    r = client.post("/login/code/", {"code": "  " + codes[0].upper() + " "})
    assert r.status_code == 302
    assert signed_in(client)
    assert any("9 left" in m for m in flashes(r))
    assert StaticToken.objects.count() == RECOVERY_CODES - 1
    client.post("/logout/")
    again = Client()
    log_in(again)
    r = again.post("/login/code/", {"code": codes[0]})
    assert r.status_code == 200 and field_errors(r.content.decode(), "code")
    assert not signed_in(again)


def test_the_password_step_is_still_throttled_by_axes(home: Home, robin: User) -> None:
    turned_on(robin)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, password="not the password")
    r = log_in(client)
    assert r.status_code == 429
    assert PENDING not in client.session
    assert AccessAttempt.objects.exists()


# --- changing it --------------------------------------------------------------------------


def test_new_recovery_codes_need_the_password_and_replace_the_old(home: Home, robin: User) -> None:
    _, old = turned_on(robin)
    client = home.owner_client
    r = client.post("/account/two-step/codes/", {"password": "wrong"})
    assert r.status_code == 200 and field_errors(r.content.decode(), "password")
    assert StaticToken.objects.count() == RECOVERY_CODES
    r = client.post("/account/two-step/codes/", {"password": PASSWORD})
    new = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", r.content.decode())
    assert len(new) == RECOVERY_CODES and not set(new) & set(old)
    fresh_client = Client()
    log_in(fresh_client)
    assert fresh_client.post("/login/code/", {"code": old[0]}).status_code == 200
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert fresh_client.post("/login/code/", {"code": new[0]}).status_code == 302


def test_turning_off_needs_the_password_and_a_code(home: Home, robin: User) -> None:
    device, _ = turned_on(robin)
    client = home.owner_client
    r = client.post("/account/two-step/off/", {"password": PASSWORD, "code": "000000"})
    assert r.status_code == 200 and field_errors(r.content.decode(), "code")
    fresh(device)
    r = client.post("/account/two-step/off/", {"password": "wrong", "code": app_code(device)})
    assert r.status_code == 200 and field_errors(r.content.decode(), "password")
    assert TOTPDevice.objects.filter(user=robin, confirmed=True).exists()
    r = client.post("/account/two-step/off/", {"password": PASSWORD, "code": app_code(device)})
    assert r.status_code == 302 and r.url == "/account/two-step/"
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    assert log_in(Client()).url == "/"  # the password alone again


# --- sign out everywhere ------------------------------------------------------------------


def test_sign_out_everywhere_ends_every_session_of_this_person_only(
    home: Home, robin: User
) -> None:
    laptop, phone = Client(), Client()
    log_in(laptop)
    log_in(phone)
    assert signed_in(laptop) and signed_in(phone)
    assert laptop.get("/account/sign-out-everywhere/").status_code == 405  # a link cannot
    r = laptop.post("/account/sign-out-everywhere/")
    assert r.status_code == 302 and r.url == "/login/"
    assert not signed_in(phone)
    assert not signed_in(laptop)
    assert signed_in(home.partner_client)  # Sam's sessions are Sam's
    # Logging in again works, and so does a password change afterwards.
    log_in(laptop)
    assert signed_in(laptop)
    new = "a quite different passphrase 42"
    r = laptop.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert r.status_code == 302
    assert signed_in(laptop)


def test_the_admin_log_in_cannot_skip_the_second_step(home: Home, robin: User) -> None:
    """The admin has its own log-in form, which knows nothing of two-step sign-in: it sends
    everyone to Evenly's log-in instead."""
    robin.is_staff = robin.is_superuser = True
    robin.save()
    device, _ = turned_on(robin)
    client = Client()
    r = client.get("/admin/login/?next=/admin/")
    assert r.status_code == 302 and r.url == "/login/?next=/admin/"
    r = client.post("/admin/login/", {"username": ROBIN, "password": PASSWORD, "next": "/admin/"})
    assert r.status_code == 302 and r.url.startswith("/login/")
    assert not signed_in(client)
    assert client.get("/admin/").url.startswith("/admin/login/")
    # Through Evenly's log-in with the code, the admin opens.
    log_in(client, next="/admin/")
    r = client.post("/login/code/", {"code": app_code(device)})
    assert r.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_session_cannot_pair_another_phone_while_it_is_on(
    home: Home, robin: User
) -> None:
    """Else a stolen session could swap the app and the recovery codes without the password."""
    device, codes = turned_on(robin)
    client = home.owner_client
    r = client.post("/account/two-step/start/")
    assert r.url == "/account/two-step/"
    assert list(TOTPDevice.objects.values_list("pk", "confirmed")) == [(device.pk, True)]
    # Even with a half set-up made directly, confirming it changes nothing.
    other = TOTPDevice.objects.create(user=robin, name="x", confirmed=False)
    assert client.get("/account/two-step/setup/").url == "/account/two-step/"
    r = client.post("/account/two-step/setup/", {"code": app_code(other)})
    assert r.url == "/account/two-step/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert not TOTPDevice.objects.get(pk=other.pk).confirmed
    assert StaticToken.objects.count() == len(codes)


def test_a_set_up_left_half_way_does_not_ask_for_a_code(home: Home, robin: User) -> None:
    two_step_begin(user=robin)
    client = Client()
    assert log_in(client).url == "/"
    assert signed_in(client)
