"""The front door: the signed-out landing page with its sample deal and the demo button, the
browser's time zone on household creation, invitations that explain themselves (copy, share,
QR), and error pages with a way back."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import segno
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from evenly.accounts.services import account_create
from evenly.demo import DEMO_EMAILS
from evenly.households.models import Household, Invitation
from evenly.households.qr import QR_ERROR, QR_SVG
from evenly.households.services import household_create
from evenly.web.sample import sample_deal
from tests.conftest import PASSWORD, Home


def _page(client: Client, path: str, status: int = 200) -> str:
    r = client.get(path)
    assert r.status_code == status, r.status_code
    return r.content.decode()


# --- the landing page -----------------------------------------------------------------------


@override_settings(DEMO_SIGN_IN=False)
def test_signed_out_visitors_get_the_landing_page_with_a_sample_deal(home: Home) -> None:
    page = _page(home.anon_client, "/")
    assert "Share the work of your home fairly" in page
    assert f'href="{reverse("signup")}"' in page and f'href="{reverse("login")}"' in page
    assert "Try the demo" not in page  # the setting is off
    # The sample deal, as the engine dealt it: every card of it, under its owner, with a reason.
    sample = sample_deal()
    assert sample.card_count == 9 and sample.fair
    assert "A sample deal, worked out just now" in page
    for member in sample.members:
        assert f"{member.name}'s cards" in page
        for card in member.cards:
            assert card.name.replace("'", "&#x27;") in page
            assert card.reason.replace("'", "&#x27;")[:40] in page
    assert "each within 15 min of a fair share" in page


def test_signed_in_people_keep_their_start_page(home: Home) -> None:
    r = home.owner_client.get("/")
    assert r.status_code == 302 and r.url == reverse("week", args=[home.household.pk])
    alone = account_create(email="kim@example.org", password=PASSWORD, verified=True)
    client = Client()
    client.force_login(alone)
    page = _page(client, "/")
    assert "Create a household" in page and "A sample deal" not in page


def _demo_household() -> None:
    robin = account_create(email=DEMO_EMAILS[0], password=PASSWORD, verified=True)
    household_create(
        user=robin, name="Demo", time_zone="Europe/London", fairness="equal", display_name="Robin"
    )


@override_settings(DEMO_SIGN_IN=True)
def test_try_the_demo_signs_in_as_robin_only_when_the_demo_exists(db: object) -> None:
    visitor = Client()
    assert "Try the demo" not in _page(visitor, "/")  # no demo household yet
    r = visitor.post(reverse("demo_sign_in"))
    assert r.status_code == 302 and r.url == "/"
    assert "The demo is not open" in _page(visitor, "/")
    assert "_auth_user_id" not in visitor.session

    _demo_household()
    page = _page(visitor, "/")
    assert "Try the demo" in page and f'action="{reverse("demo_sign_in")}"' in page
    r = visitor.post(reverse("demo_sign_in"))
    assert r.status_code == 302
    household = Household.objects.get(name="Demo")
    assert visitor.get("/").url == reverse("week", args=[household.pk])
    # Someone signed in stays who they are.
    kim = Client()
    kim_user = account_create(email="kim@example.org", password=PASSWORD, verified=True)
    kim.force_login(kim_user)
    kim.post(reverse("demo_sign_in"))
    assert kim.session["_auth_user_id"] == str(kim_user.pk)


@override_settings(DEMO_SIGN_IN=False)
def test_try_the_demo_is_closed_when_the_setting_is_off(db: object) -> None:
    _demo_household()
    visitor = Client()
    assert "Try the demo" not in _page(visitor, "/")
    visitor.post(reverse("demo_sign_in"))
    assert "_auth_user_id" not in visitor.session


# --- the browser's time zone ----------------------------------------------------------------


def test_the_household_form_offers_its_default_zone_to_the_browser_script(home: Home) -> None:
    client = Client()
    client.force_login(account_create(email="kim@example.org", password=PASSWORD, verified=True))
    page = _page(client, reverse("household_create"))
    assert re.search(r'<select[^>]*name="time_zone"[^>]*data-browser-zone="Europe/London"', page)
    assert re.search(r'<option value="Europe/London" selected>', page)
    assert "evenly/timezone.js" in page
    # Sent back with a mistake, the form keeps the zone the person chose: no swapping then.
    r = client.post(
        reverse("household_create"),
        {"name": "", "display_name": "Kim", "time_zone": "Europe/London", "fairness": "equal"},
    )
    assert r.status_code == 400 and "data-browser-zone" not in r.content.decode()
    # The server checks whatever the browser sends.
    r = client.post(
        reverse("household_create"),
        {"name": "Kim's", "display_name": "Kim", "time_zone": "Mars/Olympus", "fairness": "equal"},
    )
    assert r.status_code == 400 and not Household.objects.filter(name="Kim's").exists()


# --- invitations ----------------------------------------------------------------------------


def _make_link(home: Home) -> str:
    home.owner_client.post(reverse("invitation_create", args=[home.household.pk]))
    page = _page(home.owner_client, reverse("members", args=[home.household.pk]))
    found = re.search(r'value="(https?://testserver/join/[^"]+/)"', page)
    assert found
    return found.group(1)


def test_the_new_link_comes_with_copy_share_and_a_qr_code_of_that_exact_link(home: Home) -> None:
    home.owner_client.post(reverse("invitation_create", args=[home.household.pk]))
    page = _page(home.owner_client, reverse("members", args=[home.household.pk]))
    link = re.search(r'value="(https?://testserver/join/[^"]+/)"', page)
    assert link
    expected = segno.make(link.group(1), error=QR_ERROR, micro=False).svg_inline(**QR_SVG)
    assert expected.startswith("<svg") and expected in page
    assert re.search(
        r'class="invite-qr" role="img" aria-label="QR code of the invitation link', page
    )
    assert 'data-copy="invite-link"' in page
    assert re.search(r'<button[^>]*data-share="invite-link"[^>]*hidden>', page)  # until JS
    assert "evenly/invite.js" in page
    assert "Robin invites you to Robin &amp; Sam" in page  # what the partner will read
    # Shown once: the next visit has neither the link nor its code.
    again = _page(home.owner_client, reverse("members", args=[home.household.pk]))
    assert expected not in again and 'class="invite-qr"' not in again


def _words(html: str) -> str:
    """The page without CSRF tokens (random letters) and without the household's own name."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return html.replace("Robin &amp; Sam", "")


def test_the_invitation_shows_nothing_of_the_household_beyond_two_names(
    rated_and_dealt: Home,
) -> None:
    home = rated_and_dealt
    path = _make_link(home).removeprefix("http://testserver")
    anon = Client()
    kim = Client()
    kim.force_login(account_create(email="kim@example.org", password=PASSWORD, verified=True))
    for client in (anon, kim):
        page = _page(client, path)
        assert "Robin invites you to <em>Robin &amp; Sam</em>" in page
        assert "What Evenly will ask of you" in page and "What stays private" in page
        words = _words(page)
        assert "Sam" not in words  # the other member is not named
        for card in home.household.cards.all():
            assert card.name not in words
        for secret in ("robin@example.org", "sam@example.org", "Done properly"):
            assert secret not in words


def test_an_invitation_that_no_longer_works_says_why_and_what_to_do(home: Home) -> None:
    link = _make_link(home)
    invitation = Invitation.objects.get(household=home.household, used_at__isnull=True)
    anon = Client()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    page = _page(anon, link, 410)
    assert "This invitation has expired." in page and "Ask Robin for a new one" in page
    assert f'href="{reverse("login")}"' in page and 'href="/"' in page
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(1), revoked_at=timezone.now()
    )
    assert "This invitation was withdrawn." in _page(anon, link, 410)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=None, used_at=timezone.now())
    page = _page(home.partner_client, link, 410)
    assert "This invitation has already been used." in page
    assert "Back to your household" not in page and "Go to your start page" in page
    assert "does not work" in _page(anon, "/join/made-up/", 404)


# --- error pages ----------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_error_pages_give_a_way_back(home: Home) -> None:
    page = _page(home.owner_client, "/no-such-page/", 404)
    assert "Back to your household" in page and 'href="/"' in page
    page = _page(home.anon_client, "/no-such-page/", 404)
    assert "Evenly's start page" in page and f'href="{reverse("login")}"' in page


@pytest.mark.parametrize("signed_in", [False, True])
@override_settings(DEBUG=False)
def test_a_stale_form_gets_evenly_s_403_page_not_django_s(home: Home, signed_in: bool) -> None:
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(home.owner.user)  # type: ignore[attr-defined]
    r = client.post(reverse("household_create") if signed_in else reverse("login"), {})
    assert r.status_code == 403
    page = r.content.decode()
    assert 'class="brand"' in page and "evenly.css" in page
    assert "That form could not be sent." in page and 'href="/"' in page
    assert "CSRF verification failed" not in page
