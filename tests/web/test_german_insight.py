"""The Balance, Talk and perception pages in German: the reconciling line still adds up and
reads as German."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.conftest import Home
from tests.web.test_figures import _log

pytestmark = pytest.mark.django_db

GERMAN = {"accept-language": "de"}


def _text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def test_the_balance_line_reads_in_german_and_adds_up(home: Home) -> None:
    _log(home, home.owner, 40, home.household.today())
    url = reverse("balance", args=[home.household.pk])
    html = home.owner_client.get(url, headers=GERMAN).content.decode()
    assert '<html lang="de"' in html
    lines = [_text(m) for m in re.findall(r'<p class="bal-line[^"]*">(.*?)</p>', html, re.S)]
    assert "Extras 40 min = eingetragen 40 min − Anteil 20 min = 20 min darüber" in lines
    heads = [_text(m) for m in re.findall(r'class="bal-headline-text">(.*?)</p>', html, re.S)]
    assert "Robin: 20 min über dem eigenen Anteil" in heads


def test_the_perception_page_speaks_german(home: Home) -> None:
    url = reverse("perception", args=[home.household.pk])
    html = home.owner_client.get(url, headers=GERMAN).content.decode()
    assert "<h1>Einschätzungs-Check</h1>" in html
    assert "%%" not in html


def test_the_talk_page_speaks_german(home: Home) -> None:
    html = home.owner_client.get(reverse("talk", args=[home.household.pk]), headers=GERMAN)
    text = html.content.decode()
    assert "<h1>Wöchentliches Check-in</h1>" in text
