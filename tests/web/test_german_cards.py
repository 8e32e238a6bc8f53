"""The catalog's cards, the week's and the deal's words in German (the crawl in test_german.py
covers whole pages; these pin the parts that read the catalog and core's wording)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from evenly.cards.selectors import when_label
from evenly.core.schedule import Timing
from tests.conftest import Home

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


def test_the_picker_shows_catalog_cards_and_categories_in_german(home: Home) -> None:
    page = home.owner_client.get(reverse("catalog", args=[home.household.pk]), **GERMAN)
    html = page.content.decode()
    assert "Frühstück" in html  # a card the couple deck does not hold
    assert "Küche &amp; Essen" in html
    assert ">Breakfast<" not in html
    # The filter keeps the English keys, so the page's script matches rows the same way.
    assert 'value="Kitchen &amp; food"' in html


def test_the_picker_stays_english_in_english(home: Home) -> None:
    html = home.owner_client.get(reverse("catalog", args=[home.household.pk])).content.decode()
    assert "Breakfast" in html
    assert "Frühstück" not in html


def test_a_cards_days_say_german_and_stay_as_core_says_in_english() -> None:
    timing = Timing(weekdays=frozenset({0, 3}), at=None, any_day=False, month_day=None)
    assert when_label(timing) == timing.label() == "Mon, Thu"
    with translation.override("de"):
        assert when_label(timing) == "Mo, Do"


def test_the_week_and_the_ledger_speak_german(home: Home) -> None:
    week = home.owner_client.get(reverse("week", args=[home.household.pk]), **GERMAN)
    assert "Diese Woche" in week.content.decode()
    ledger = home.owner_client.get(reverse("ledger", args=[home.household.pk]), **GERMAN)
    assert "Protokoll" in ledger.content.decode()


def test_a_cadence_reads_german_and_stays_as_stored_in_english() -> None:
    from evenly.cards.selectors import cadence_label

    assert cadence_label("3 per week") == "3 per week"
    with translation.override("de"):
        assert cadence_label("weekly") == "wöchentlich"
        assert cadence_label("3 per week") == "3-mal pro Woche"
        assert cadence_label("every 2 months") == "alle 2 Monate"
        assert cadence_label("something else") == "something else"
