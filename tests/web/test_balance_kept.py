"""The Balance page's figures, rendered, are kept per household revision, day, period and
language (``evenly.pages.kept``): every change to the household shows at once, another period
or language is its own part, and the re-deal form carries each reader's own CSRF token."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.middleware.csrf import CSRF_TOKEN_LENGTH
from django.urls import reverse

from tests.conftest import Home
from tests.web.test_needs import _done, _redeal


@pytest.fixture
def cooks(rated_and_dealt: Home) -> Home:
    """Cooking dinner (daily) is Robin's, since two days ago."""
    home = rated_and_dealt
    _redeal(home, {"Cooking dinner": home.owner})
    home.household.created_at -= timedelta(days=2)
    home.household.save(update_fields=["created_at"])
    return home


def _balance(home: Home, client=None, period: str = "4w") -> str:  # type: ignore[no-untyped-def]
    url = reverse("balance", args=[home.household.pk])
    response = (client or home.owner_client).get(url, {"period": period})
    assert response.status_code == 200
    return response.content.decode()


def _total(html: str) -> str:
    found = re.search(r"<strong>([^<]*)</strong> (?:of home work|Hausarbeit)", html)
    return found.group(1) if found else ""


def _log(home: Home, on: date) -> None:
    assert _done(home, home.owner_client, "Cooking dinner", on).status_code == 302


def _without_tokens(html: str) -> str:
    return re.sub(rf"[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}", "T", html)


def test_the_kept_balance_follows_every_change(cooks: Home, keeping: None) -> None:
    home = cooks
    empty = _balance(home)
    assert "Nothing logged in this period yet" in empty
    assert _without_tokens(_balance(home)) == _without_tokens(empty)
    _log(home, home.household.today())
    first = _balance(home)
    assert "Nothing logged in this period yet" not in first
    total = _total(first)
    assert total
    # The partner reads the same figures; the year is its own part.
    assert _total(_balance(home, home.partner_client)) == total
    assert _total(_balance(home, period="year")) == total
    _log(home, home.household.today() - timedelta(days=1))
    assert _total(_balance(home)) not in ("", total)
    assert _total(_balance(home, period="year")) == _total(_balance(home))


def test_each_language_and_reader_gets_its_own_words_and_token(cooks: Home, keeping: None) -> None:
    home = cooks
    _log(home, home.household.today())
    english = _balance(home)
    home.partner_client.cookies["evenly_language"] = "de"
    german = _balance(home, home.partner_client)
    assert 'lang="de"' in german and "Hausarbeit" in german and "Hausarbeit" not in english
    # Each page carries its own reader's token, never the one it was kept with.
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', german)
    assert tokens and "evenly-csrf-token-of-this-page" not in german
    assert tokens[0] not in english
