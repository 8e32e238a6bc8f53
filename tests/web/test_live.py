"""Live pages: a household's revision moves once per form sent to its pages (never on a GET),
and the pulse answers 304 while it has not moved, cheaply."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from evenly.households.models import Household
from tests.conftest import Home
from tests.web.test_week import _done, _today, robin_cooks  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _revision(home: Home) -> int:
    return Household.objects.get(pk=home.household.pk).revision


def _pulse(home: Home, client: Client, etag: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(reverse("pulse", args=[home.household.pk]), headers=headers)


def test_a_form_sent_moves_the_revision_once_and_a_page_read_never(robin_cooks: Home) -> None:  # noqa: F811
    home = robin_cooks
    before = _revision(home)
    assert home.owner_client.get(reverse("week", args=[home.household.pk])).status_code == 200
    assert _pulse(home, home.partner_client).status_code == 200
    assert _revision(home) == before
    assert _done(home, home.owner_client, "Cooking dinner", _today(home)).status_code == 302
    assert _revision(home) == before + 1


def test_a_refused_form_does_not_move_the_revision(robin_cooks: Home) -> None:  # noqa: F811
    home = robin_cooks
    before = _revision(home)
    # Another household's member: 404, nothing moves.
    response = _done(home, home.outsider_client, "Cooking dinner", _today(home))
    assert response.status_code == 404
    # A method the view does not take: 405.
    assert home.owner_client.post(reverse("week", args=[home.household.pk])).status_code == 405
    assert _revision(home) == before


def test_the_pulse_answers_304_until_the_household_changes(robin_cooks: Home) -> None:  # noqa: F811
    home = robin_cooks
    sam = home.partner_client
    first = _pulse(home, sam)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag == f'"r{_revision(home)}"'
    unchanged = _pulse(home, sam, etag)
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == etag
    assert unchanged.content == b""
    # Robin ticks a card: Sam's next pulse has a new ETag.
    _done(home, home.owner_client, "Cooking dinner", _today(home))
    changed = _pulse(home, sam, etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert _pulse(home, sam, changed["ETag"]).status_code == 304
    # Nothing a shared cache may keep.
    assert "no-store" in changed["Cache-Control"]


def test_an_idle_pulse_costs_a_few_queries_and_no_template(
    robin_cooks: Home,  # noqa: F811
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    home = robin_cooks
    etag = _pulse(home, home.partner_client)["ETag"]
    # The session, the user, the membership (with its household).
    with django_assert_max_num_queries(3):
        response = _pulse(home, home.partner_client, etag)
    assert response.status_code == 304
    assert not response.templates


def test_an_outsider_gets_404_and_a_visitor_the_log_in(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    assert _pulse(home, home.outsider_client).status_code == 404
    assert Client().get(reverse("pulse", args=[home.household.pk])).status_code == 302


def test_household_pages_load_the_live_script_and_mark_their_live_parts(robin_cooks: Home) -> None:  # noqa: F811
    home = robin_cooks
    html = home.owner_client.get(reverse("week", args=[home.household.pk])).content.decode()
    pulse = reverse("pulse", args=[home.household.pk])
    script = re.search(r"<script src=\"[^\"]*evenly/live\.js\"[^>]*>", html)
    assert script is not None
    assert f'data-pulse="{pulse}"' in script.group(0)
    assert f"data-etag='\"r{_revision(home)}\"'" in script.group(0)
    assert 'id="week-live" data-live' in html
    assert 'id="tabs-live" data-live' in html
    # No inline script: the CSP allows this site's files only (and the nonce).
    assert "<script>" not in html
    live_js = Path(settings.APP_DIR) / "web" / "static" / "evenly" / "live.js"
    assert "visibilityState" in live_js.read_text()
    # Pages outside a household do not poll.
    account = home.owner_client.get(reverse("account")).content.decode()
    assert "live.js" not in account


def test_a_page_shown_after_a_form_with_mistakes_does_not_poll(robin_cooks: Home) -> None:  # noqa: F811
    """Its address is the form's (POST only, perhaps): refetching it would not give the page."""
    home = robin_cooks
    url = reverse("member_update", args=[home.household.pk])
    response = home.owner_client.post(url, {"display_name": ""})
    html = response.content.decode()
    assert "form" in html and response.status_code in (200, 400, 422)
    assert "live.js" not in html


def test_a_failed_mark_never_turns_a_saved_change_into_an_error(
    robin_cooks: Home,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import OperationalError

    from evenly.web import live

    def locked(*, household_id: int) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(live, "household_changed", locked)
    home = robin_cooks
    assert _done(home, home.owner_client, "Cooking dinner", _today(home)).status_code == 302


def test_a_live_refresh_leaves_the_flash_message_for_the_page_after_the_action(
    robin_cooks: Home,  # noqa: F811
) -> None:
    """live.js may fetch the page between a POST and the page htmx loads after it; that fetch
    must not use up the message saying what the action did."""
    home = robin_cooks
    client = home.owner_client
    week = reverse("week", args=[home.household.pk])
    assert _done(home, client, "Cooking dinner", _today(home)).status_code == 302
    live = client.get(week, headers={"X-Evenly-Live": "1"}).content.decode()
    said = "Done: Cooking dinner, 45 min. Thank you!"
    assert said in live
    after = client.get(week).content.decode()
    assert said in after
    assert said not in client.get(week).content.decode()  # shown once
