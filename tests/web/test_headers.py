"""Headers on every response, security.txt, and Evenly's own error pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from evenly.web.urls import urlpatterns as evenly_urls
from tests.conftest import Home


@login_not_required
def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("broken on purpose")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


@login_not_required
def _bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("bad on purpose")


urlpatterns = [
    path("test-boom/", _boom),
    path("test-forbidden/", _forbidden),
    path("test-bad/", _bad),
    *evenly_urls,
]


def _no_store(response: HttpResponse) -> bool:
    parts = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= parts


def test_a_signed_in_page_is_never_stored(home: Home) -> None:
    r = home.owner_client.get(f"/h/{home.household.pk}/week/")
    assert r.status_code == 200
    assert _no_store(r), r.get("Cache-Control")


def test_the_login_page_is_not_stored_once_signed_in(home: Home) -> None:
    r = home.owner_client.get("/login/")
    assert _no_store(r), r.get("Cache-Control")


def test_a_redirect_and_a_404_for_a_signed_in_person_are_not_stored(home: Home) -> None:
    assert _no_store(home.owner_client.get("/"))
    assert _no_store(home.outsider_client.get(f"/h/{home.household.pk}/week/"))


def test_static_files_are_cacheable(home: Home) -> None:
    r = home.owner_client.get("/static/evenly/evenly.css")
    assert r.status_code == 200
    assert "no-store" not in r.get("Cache-Control", "")


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_response_has_a_permissions_policy(home: Home, signed_in: bool) -> None:
    client = home.owner_client if signed_in else home.anon_client
    for url in ["/login/", "/", "/no-such-page/", "/.well-known/security.txt"]:
        policy = client.get(url).get("Permissions-Policy", "")
        for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
            assert f"{feature}=()" in policy, (url, policy)
        assert "browsing-topics=()" in policy and "interest-cohort=()" in policy


@override_settings(SECURITY_CONTACT="", DEFAULT_FROM_EMAIL="Evenly <hello@evenly.example>")
def test_security_txt(client: Client, db: object) -> None:
    r = client.get("/.well-known/security.txt")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/plain")
    text = r.content.decode()
    assert "Contact: mailto:hello@evenly.example\n" in text
    assert "Preferred-Languages: en\n" in text
    found = re.search(r"^Expires: (\S+)$", text, re.M)
    assert found
    expires = datetime.strptime(found.group(1), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(days=364) < expires - datetime.now(UTC) <= timedelta(days=366)
    assert client.post("/.well-known/security.txt").status_code == 405


@override_settings(SECURITY_CONTACT="https://evenly.example/security")
def test_security_txt_takes_the_contact_from_the_setting(client: Client, db: object) -> None:
    text = client.get("/.well-known/security.txt").content.decode()
    assert "Contact: https://evenly.example/security\n" in text


@override_settings(DEBUG=False)
def test_the_404_page_is_in_evenly_s_layout(home: Home) -> None:
    for client in (home.anon_client, home.owner_client):
        r = client.get("/.well-known/no-such-thing")
        assert r.status_code == 404
        page = r.content.decode()
        assert 'class="brand"' in page and "evenly.css" in page
        assert "There is nothing here" in page
        assert 'href="/"' in page


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_the_500_page_is_in_evenly_s_layout(db: object) -> None:
    r = Client(raise_request_exception=False).get("/test-boom/")
    assert r.status_code == 500
    page = r.content.decode()
    assert 'class="brand"' in page and "evenly.css" in page
    assert "Something went wrong" in page
    assert "broken on purpose" not in page
    assert 'href="/"' in page


def test_the_500_page_renders_without_a_request_or_a_database() -> None:
    from django.template import loader

    page = loader.get_template("500.html").render()
    assert "Something went wrong" in page


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_the_403_and_400_pages_are_in_evenly_s_layout(home: Home) -> None:
    forbidden = home.owner_client.get("/test-forbidden/")
    assert forbidden.status_code == 403
    assert "not something you can do here" in forbidden.content.decode()
    bad = Client(raise_request_exception=False).get("/test-bad/")
    assert bad.status_code == 400
    assert "could not understand" in bad.content.decode()
    assert 'class="brand"' in bad.content.decode()


def test_pages_are_sent_gzip_compressed_with_every_security_header(home: Home) -> None:
    import gzip

    url = f"/h/{home.household.pk}/week/"
    r = home.owner_client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert r.status_code == 200
    assert r["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in r.get("Vary", "")
    html = gzip.decompress(r.content).decode()
    assert "<nav" in html and "csrfmiddlewaretoken" in html
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert r.get(header), header
    assert _no_store(r)
    # Without asking for it, the page comes plain.
    plain = home.owner_client.get(url)
    assert "Content-Encoding" not in plain and b"<nav" in plain.content


def test_the_csrf_token_in_a_compressed_page_differs_from_one_response_to_the_next(
    home: Home,
) -> None:
    """Why compression is safe against BREACH: the token's bytes change every response."""
    url = f"/h/{home.household.pk}/week/"
    tokens = set()
    for _ in range(3):
        html = home.owner_client.get(url).content.decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found
        tokens.add(found.group(1))
    assert len(tokens) == 3


def test_the_pulse_keeps_its_strong_etag_when_gzip_is_asked_for(home: Home) -> None:
    """Open pages poll it with If-None-Match; a weakened ETag would never match again."""
    url = f"/h/{home.household.pk}/pulse/"
    gz = {"Accept-Encoding": "gzip"}
    first = home.owner_client.get(url, headers=gz)
    assert first.status_code == 200 and "Content-Encoding" not in first
    assert not first["ETag"].startswith("W/")
    again = home.owner_client.get(url, headers={**gz, "If-None-Match": first["ETag"]})
    assert again.status_code == 304
