"""Accounts: sign up, log in and out, sessions, passwords, throttling, deleting an account."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from evenly.accounts.models import User
from evenly.cards.models import Rating
from evenly.deals.models import Deal
from evenly.households.models import Household, Member
from evenly.week.models import LogEntry
from evenly.week.services import entry_log
from tests.conftest import PASSWORD, Home, follow_mailed_link, sign_up
from tests.web.form_html import field_errors, field_value

NEW_PASSWORD = "a quite different passphrase 42"


def log_in(client: Client, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": email, "password": password})


def signed_in(client: Client) -> bool:
    r = client.get("/account/")
    if r.status_code == 200:
        return True
    assert r.status_code == 302 and r.url.startswith("/login/"), r
    return False


# --- sign up ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-email", "password": NEW_PASSWORD}, "email", "valid email"),
        ({"email": "", "password": NEW_PASSWORD}, "email", "required"),
        ({"email": "kim@example.org", "password": "password"}, "password", "too common"),
        ({"email": "kim@example.org", "password": "short1"}, "password", "too short"),
        ({"email": "kim@example.org", "password": "3141592653589"}, "password", "entirely numeric"),
        ({"email": "kim@example.org", "password": ""}, "password", "required"),
    ],
)
def test_sign_up_errors_show_beside_the_field_and_create_nothing(
    db: None, data: dict[str, str], field: str, message: str
) -> None:
    from evenly.accounts.services import account_create

    account_create(email="robin@example.org", password=PASSWORD)
    client = Client()
    r = client.post("/signup/", data)
    assert r.status_code in (200, 400)
    html = r.content.decode()
    errors = field_errors(html, field)
    assert any(message in e for e in errors), errors
    # What was typed stays (the password is never echoed back).
    if data["email"]:
        assert field_value(html, "email") == data["email"]
    assert field_value(html, "password") in (None, "")
    assert User.objects.count() == 1
    assert not signed_in(client)


def test_error_and_help_texts_are_tied_to_their_fields(db: None) -> None:
    """Screen readers find a field's help and errors through aria-describedby: every id it
    names exists on the page, once."""
    r = Client().post("/signup/", {"email": "nope", "password": "1234"})
    html = r.content.decode()
    assert len(field_errors(html, "password")) >= 2  # too short, too common, numeric
    ids = re.findall(r'\sid="([^"]+)"', html)
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicated, f"ids used more than once: {duplicated}"
    for field in ("email", "password"):
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html)
        assert tag
        described = re.search(r'aria-describedby="([^"]+)"', tag.group(0))
        assert described, f"{field} is not described by its messages"
        missing = [i for i in described.group(1).split() if i not in ids]
        assert not missing, f"{field}: aria-describedby names ids not on the page: {missing}"


@pytest.mark.real_hashing
def test_sign_up_stores_an_argon2_hash_and_signs_in_by_the_mailed_link(db: None) -> None:
    client = Client()
    r = client.post("/signup/", {"email": " Kim@Example.ORG ", "password": NEW_PASSWORD})
    assert r.status_code == 302 and r.url == reverse("signup_sent")
    assert "Check your email" in client.get(r.url).content.decode()
    user = User.objects.get()
    assert user.email == "kim@example.org"
    assert user.password.startswith("argon2")
    assert user.check_password(NEW_PASSWORD)
    assert user.email_verified_at is None
    assert not signed_in(client)
    [message] = mail.outbox
    assert message.to == ["kim@example.org"] and "Evenly" in message.body
    r = follow_mailed_link(client, "kim@example.org")
    assert r.status_code == 302 and r.url == reverse("household_create")
    assert signed_in(client)
    assert User.objects.get().email_verified_at is not None


def test_sign_up_from_an_invitation_goes_back_to_it(db: None) -> None:
    client = Client()
    r = sign_up(client, "kim@example.org", NEW_PASSWORD, nxt="/join/abc/")
    assert r.status_code == 302 and r.url == "/join/abc/"
    # Only invitation links: not an open redirect.
    other = Client()
    r = sign_up(other, "lee@example.org", NEW_PASSWORD, nxt="https://evil.example/")
    assert r.status_code == 302 and r.url == reverse("household_create")


def test_sign_up_with_a_registered_address_says_the_same_and_tells_its_owner(
    home: Home,
) -> None:
    new = Client().post("/signup/", {"email": "kim@example.org", "password": NEW_PASSWORD})
    taken = Client().post("/signup/", {"email": "ROBIN@example.org", "password": NEW_PASSWORD})
    assert taken.status_code == new.status_code == 302 and taken.url == new.url
    robin = User.objects.get(email="robin@example.org")
    assert robin.check_password(PASSWORD)  # nothing changed
    to_robin = [m for m in mail.outbox if m.to == ["robin@example.org"]]
    assert len(to_robin) == 1
    assert "already has an account" in to_robin[0].body
    assert "/verify/" not in to_robin[0].body
    assert User.objects.filter(email="robin@example.org").count() == 1


def test_the_confirmation_link_works_once_and_a_scanner_opening_it_changes_nothing(
    db: None,
) -> None:
    client = Client()
    client.post("/signup/", {"email": "kim@example.org", "password": NEW_PASSWORD})
    link = re.search(r"https?://testserver(/verify/\S+)", mail.outbox[0].body)
    assert link
    assert client.get(link.group(1)).status_code == 200  # GET only shows the button
    assert User.objects.get().email_verified_at is None
    assert client.post(link.group(1)).status_code == 302
    assert Client().post(link.group(1)).status_code == 410  # used
    assert "no longer works" in Client().get(link.group(1)).content.decode()
    assert Client().get("/verify/MQ/not-a-token/").status_code == 410


def test_an_unconfirmed_person_can_sign_in_sees_a_banner_and_can_get_a_new_link(
    db: None,
) -> None:
    Client().post("/signup/", {"email": "kim@example.org", "password": NEW_PASSWORD})
    client = Client()
    assert log_in(client, "kim@example.org", NEW_PASSWORD).status_code == 302
    page = client.get(reverse("household_create")).content.decode()
    assert "Confirm your address" in page and "Send the link again" in page
    limit = settings.RATE_LIMITS["mail_per_address"]
    for _ in range(limit - 1):  # the sign-up mail counted once
        assert client.post("/verify/resend/").status_code == 302
    assert len(mail.outbox) == limit
    r = client.post("/verify/resend/")
    assert r.status_code == 429 and "Too many attempts; try again in" in r.content.decode()
    assert len(mail.outbox) == limit
    follow_mailed_link(client, "kim@example.org")  # the latest link works
    page = client.get(reverse("household_create")).content.decode()
    assert "Send the link again" not in page


def test_no_password_reset_mail_to_an_unconfirmed_address(db: None) -> None:
    from evenly.accounts.services import account_create, may_email

    kim = account_create(email="kim@example.org", password=PASSWORD)
    assert not may_email(kim)
    r = Client().post("/password-reset/", {"email": "kim@example.org"})
    assert r.status_code == 302 and r.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_superusers_and_the_demo_count_as_confirmed(db: None) -> None:
    from evenly.accounts.services import may_email

    admin = User.objects.create_superuser("admin@example.org", PASSWORD)
    assert may_email(admin)


# --- log in, sessions, log out ------------------------------------------------------------


def test_log_in_by_email_ignores_case(home: Home) -> None:
    client = Client()
    r = log_in(client, "  ROBIN@Example.ORG ")
    assert r.status_code == 302
    assert signed_in(client)
    assert client.session["_auth_user_id"] == str(home.owner.user.pk)


def test_a_wrong_password_says_so_and_signs_nobody_in(home: Home) -> None:
    client = Client()
    r = log_in(client, "robin@example.org", "not the password")
    assert r.status_code == 200
    assert "do not match an account" in r.content.decode().replace("\n", " ")
    assert field_value(r.content.decode(), "username") == "robin@example.org"
    assert not signed_in(client)


def test_the_session_key_changes_at_log_in(home: Home) -> None:
    client = Client()
    session = client.session  # an anonymous session, as a visitor gets
    session["seen"] = True
    session.save()
    before = session.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == before
    assert log_in(client, "robin@example.org").status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert signed_in(client)


def test_log_out_kills_the_old_session(home: Home) -> None:
    client = Client()
    log_in(client, "robin@example.org")
    old = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/logout/").status_code == 405  # a link cannot log anyone out
    r = client.post("/logout/")
    assert r.status_code == 302 and r.url == reverse("login")
    assert not Session.objects.filter(session_key=old).exists()
    # Someone who kept the old cookie gets nowhere.
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = old
    assert not signed_in(thief)
    assert not signed_in(client)


def test_changing_the_password_logs_out_other_sessions_but_keeps_this_one(home: Home) -> None:
    laptop, phone = Client(), Client()
    log_in(laptop, "robin@example.org")
    log_in(phone, "robin@example.org")
    before = laptop.cookies[settings.SESSION_COOKIE_NAME].value
    r = laptop.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 200
    assert field_errors(r.content.decode(), "old_password")
    r = laptop.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 302 and r.url == reverse("password_change_done")
    assert signed_in(laptop)
    assert laptop.cookies[settings.SESSION_COOKIE_NAME].value != before
    assert not signed_in(phone)
    assert log_in(Client(), "robin@example.org").status_code == 200  # the old one fails
    assert log_in(Client(), "robin@example.org", NEW_PASSWORD).status_code == 302


# --- password reset -----------------------------------------------------------------------


def test_password_reset_by_email(home: Home) -> None:
    client = Client()
    r = client.post("/password-reset/", {"email": "Robin@Example.org"})
    assert r.status_code == 302 and r.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin@example.org"]
    link = re.search(r"https?://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert link, message.body
    # The link leads to a form (Django first moves the token out of the URL).
    r = client.get(link.group(1), follow=True)
    assert r.status_code == 200
    form_url = r.redirect_chain[-1][0]
    assert "set-password" in form_url
    r = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "typo"})
    assert field_errors(r.content.decode(), "new_password2")
    r = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status_code == 302 and r.url == reverse("password_reset_complete")
    assert log_in(Client(), "robin@example.org", NEW_PASSWORD).status_code == 302
    # The link works once.
    r = Client().get(link.group(1), follow=True)
    assert "no longer works" in r.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(db: None) -> None:
    r = Client().post("/password-reset/", {"email": "nobody@example.org"})
    assert r.status_code == 302 and r.url == reverse("password_reset_done")
    assert mail.outbox == []


# --- throttling ---------------------------------------------------------------------------


def _fail(client: Client, email: str = "robin@example.org"):  # type: ignore[no-untyped-def]
    return log_in(client, email, "not the password")


def test_repeated_failures_lock_the_log_in_until_the_cool_off_is_over(home: Home) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 3
    client = Client()
    # Varying the case of the email does not buy more tries.
    emails = ["robin@example.org", "ROBIN@example.org", "Robin@Example.org", "rObIn@example.ORG"]
    for i in range(limit - 1):
        assert _fail(client, emails[i % len(emails)]).status_code == 200
    r = _fail(client)
    assert r.status_code == 429
    assert "Too many failed log-ins" in r.content.decode()
    # Now even the right password is refused.
    r = log_in(client, "robin@example.org")
    assert r.status_code == 429
    assert not signed_in(client)
    # Only this account is paused: Sam logs in from the same address.
    assert log_in(Client(), "sam@example.org").status_code == 302
    # After the cool-off, the right password works again.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(minutes=1)
    )
    r = log_in(client, "robin@example.org")
    assert r.status_code == 302
    assert signed_in(client)


def test_a_successful_log_in_clears_the_count(home: Home) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _fail(client)
    assert log_in(client, "robin@example.org").status_code == 302
    client.post("/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _fail(client).status_code == 200
    assert log_in(client, "robin@example.org").status_code == 302


# --- deleting an account ------------------------------------------------------------------


def test_deleting_with_the_wrong_password_deletes_nothing(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    page = home.owner_client.get("/account/delete/").content.decode()
    assert "Robin &amp; Sam" in page  # the plain statement names the household
    assert "What the household shares stays" in page
    assert "Every word you typed is erased" in page
    r = home.owner_client.post("/account/delete/", {"password": "not my password"})
    assert r.status_code in (200, 400)
    assert field_errors(r.content.decode(), "password") == ["That is not your password."]
    assert User.objects.filter(email="robin@example.org").exists()
    assert Member.objects.get(pk=home.owner.pk).left_at is None
    assert Rating.objects.filter(member=home.owner).count() == 4
    assert signed_in(home.owner_client)


def test_deleting_an_account_keeps_the_shared_household_and_removes_a_sole_one(
    rated_and_dealt: Home,
) -> None:
    home = rated_and_dealt
    today = home.household.today()
    entry_log(member=home.owner, kind="noticed", minutes=Decimal(5), done_on=today, title="Socks")
    deals = Deal.objects.filter(household=home.household).count()
    robin_id = home.owner.user.pk

    r = home.owner_client.post("/account/delete/", {"password": PASSWORD})
    assert r.status_code == 302 and r.url == reverse("login")
    assert not User.objects.filter(pk=robin_id).exists()
    assert not signed_in(home.owner_client)
    assert log_in(Client(), "robin@example.org").status_code == 200
    # The household stays for Sam, with its history under Robin's display name.
    assert Household.objects.filter(pk=home.household.pk).exists()
    robin = Member.objects.get(pk=home.owner.pk)
    assert robin.user is None and robin.left_at is not None
    assert robin.display_name == "Robin"
    # The minutes stay; Robin's own words for unplanned work do not.
    assert LogEntry.objects.filter(member=robin, title="Other work", minutes=5).exists()
    assert not LogEntry.objects.filter(title="Socks").exists()
    assert Deal.objects.filter(household=home.household).count() == deals
    assert not Rating.objects.filter(member=robin).exists()
    assert home.household.members.filter(left_at__isnull=True).get() == home.partner
    r = home.partner_client.get(reverse("deal_history", args=[home.household.pk]))
    assert r.status_code == 200

    # Olly is the only member of his household: it goes with him.
    r = home.outsider_client.post("/account/delete/", {"password": PASSWORD})
    assert r.status_code == 302
    assert not Household.objects.filter(pk=home.other_household.pk).exists()
    assert not User.objects.filter(email="olly@example.org").exists()
    assert Household.objects.filter(pk=home.household.pk).exists()


def test_the_locked_page_says_the_cool_off_in_hours_and_minutes_not_pt15m(home: Home) -> None:
    """Regression: django-axes hands the page its cool-off as an ISO 8601 duration, "PT15M",
    which the page showed as it was."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = _fail(client)
    assert r.status_code == 429
    html = r.content.decode()
    assert re.search(r"PT\d", html) is None
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert cool_off == 15
    assert "paused for 15 min." in html
