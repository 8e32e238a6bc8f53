"""The check-in's I-statement preview (shown on the preparation page once a concern is saved)
reads as one sentence: "I feel thankful when you…", never "I feel thankful when When you…"."""

from __future__ import annotations

from html import unescape

from django.urls import reverse

from evenly.checkins import services
from tests.conftest import Home


def test_the_preview_says_when_once_and_drops_the_sentence_capital(home: Home) -> None:
    checkin = services.checkin_start(member=home.owner)
    url = reverse("checkin_prepare", args=[home.household.pk, checkin.pk])
    response = home.owner_client.post(
        url,
        {
            "kind": "concern",
            "concern-feeling": "tired",
            "concern-when": "When the dishes wait until morning.",
            "concern-need": "and I need a clear kitchen",
            "concern-request": "Would you be willing to Do them before bed?",
        },
    )
    assert response.status_code in (200, 302)
    page = unescape(home.owner_client.get(url).content.decode())
    assert (
        "I feel tired when the dishes wait until morning, and I need a clear kitchen. "
        "Would you be willing to do them before bed?"
    ) in page
    assert "when When" not in page and "need and I need" not in page
