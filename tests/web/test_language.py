"""The language of the pages: the switch in the footer (a cookie), else the browser's
Accept-Language, else English; and every standalone page names its language."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from evenly.core.model import FairnessBasis
from evenly.households.models import Fairness
from evenly.web.sample import BASIS_WORDS
from tests.conftest import Home

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def _html(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_english_unless_the_browser_asks_for_german(client: Client) -> None:
    assert '<html lang="en"' in _html(client, "/login/")
    assert '<html lang="de"' in _html(client, "/login/", accept_language="de-DE,de;q=0.9,en;q=0.5")
    # A language Evenly does not speak: English.
    assert '<html lang="en"' in _html(client, "/login/", accept_language="fr-FR,fr;q=0.9")


def test_the_switch_sets_the_language_for_a_year_and_goes_back(home: Home) -> None:
    client = home.owner_client
    week = reverse("week", args=[home.household.pk])
    r = client.post(reverse("language"), {"language": "de", "back": week})
    assert r.status_code == 302 and r["Location"] == week
    cookie = r.cookies[COOKIE]
    assert cookie.value == "de"
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 86400
    page = _html(client, week, accept_language="en")
    # The choice beats the browser's Accept-Language.
    assert '<html lang="de"' in page
    assert 'name="language" value="de" lang="de" aria-pressed="true"' in page
    assert 'name="language" value="en" lang="en" aria-pressed="false"' in page
    client.post(reverse("language"), {"language": "en", "back": week})
    assert '<html lang="en"' in _html(client, week, accept_language="de")


def test_a_language_evenly_does_not_speak_is_refused_clearly(client: Client) -> None:
    r = client.post(reverse("language"), {"language": "xx", "back": "/login/"}, follow=True)
    page = r.content.decode()
    assert "Evenly speaks English, Deutsch; choose one of them." in page
    assert COOKIE not in client.cookies
    # Another site's address is never followed.
    r = client.post(reverse("language"), {"language": "de", "back": "https://evil.example/"})
    assert r["Location"] == "/"


def test_the_switch_only_takes_post_and_get_writes_nothing(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        r = client.get(reverse("language") + "?language=de")
    assert r.status_code == 405
    assert COOKIE not in r.cookies
    assert not [q for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]


def test_the_switch_is_on_every_page_and_standalone_pages_name_their_language(
    client: Client,
) -> None:
    page = _html(client, "/login/", accept_language="de")
    assert f'action="{reverse("language")}"' in page
    with translation.override("de"):
        assert '<html lang="de">' in render_to_string("500.html")


def test_a_household_speaking_german_gets_the_decks_and_cards_in_german(home: Home) -> None:
    client = home.owner_client
    client.cookies[COOKIE] = "de"
    catalog = _html(client, reverse("catalog", args=[home.household.pk]))
    assert "Als Paar" in catalog and "Mit Haustieren" in catalog
    client.post(
        reverse("deck_add", args=[home.household.pk]), {"deck": ["couple", "pets"], "do": "add"}
    )
    names = set(home.household.cards.values_list("name", flat=True))
    assert {"Abwasch", "Bad putzen", "Date-Abende"} <= names
    # Categories stay keys; the cadence and minutes are the catalog's.
    card = home.household.cards.get(catalog_key="dishes")
    assert card.category == "Kitchen & food"
    assert card.standard.startswith("Spüle leer")


def test_error_pages_and_mails_speak_the_visitors_language(db: None) -> None:
    call_command("compile_translations", verbosity=0)
    client = Client(headers={"accept-language": "de"})
    r = client.get("/no-such-page/")
    page = r.content.decode()
    assert r.status_code == 404 and '<html lang="de"' in page
    assert "Seite nicht gefunden" in page and "Page not found" not in page
    r = client.post("/signup/", {"email": "kim@example.org", "password": "a-long-pass-phrase-9"})
    assert r.status_code == 302
    (sent,) = mail.outbox
    assert sent.subject == "Bestätige deine Adresse für Evenly"
    assert sent.body.startswith("Hallo,") and "innerhalb eines Tages" in sent.body
    # Form labels and messages too.
    page = client.get("/login/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)", page)
    assert labels == ["E-Mail", "Passwort"]  # Evenly's words, not the admin's "E-Mail-Adresse"


def test_dates_are_written_the_german_way(home: Home) -> None:
    call_command("compile_translations", verbosity=0)
    client = home.owner_client
    client.cookies[COOKIE] = "de"
    page = _html(client, reverse("needs", args=[home.household.pk]))
    today = home.household.today()
    with translation.override("de"):
        assert date_format(today, "l, j. F") in page


def test_the_fairness_words_are_cores_in_english_and_translated_in_german(client: Client) -> None:
    call_command("compile_translations", verbosity=0)
    with translation.override("en"):
        for basis in FairnessBasis:
            assert str(Fairness(basis.value).label) == basis.description.capitalize()
            assert basis.description in BASIS_WORDS
    with translation.override("de"):
        assert str(Fairness.EQUAL.label) == "Gleiche Hausarbeitszeit"
    page = _html(client, "/", accept_language="de")
    assert "Anteile hier: gleiche Hausarbeitszeit." in page


def test_charts_keep_machine_numbers_in_german(rated_and_dealt: Home) -> None:
    """German writes 203,5 where English writes 203.5; an SVG coordinate must stay 203.5, or
    the browser drops the bar (a chart that vanished on the German deal and balance pages)."""
    h = rated_and_dealt.household.pk
    for url in (f"/h/{h}/deal/", f"/h/{h}/balance/?period=4w", f"/h/{h}/balance/mirror/?period=4w"):
        page = rated_and_dealt.owner_client.get(url, headers={"Accept-Language": "de"})
        assert page.status_code == 200, url
        html = page.content.decode()
        assert '<html lang="de"' in html
        for svg in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
            tags = re.findall(r"<(?:rect|line|circle|polyline|path|svg|text)\b[^>]*>", svg)
            assert not [t for t in tags if re.search(r'="[-\d.\s]*\d,\d', t)], (url, tags)
