"""Installing Evenly and using it offline: the manifest and its icons, the service worker, the
offline page, clearing what the device kept on sign-out, and ticks sent once by their key."""

from __future__ import annotations

import json
import re
import struct
import threading
import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection, connections
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from evenly.cards.models import Card
from evenly.cards.services import card_owner_rule_set
from evenly.deals.services import deal_accept, deal_propose
from evenly.week.models import DoneKey, LogEntry
from tests.conftest import Home


def _body(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined, no-any-return]


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its signature, then the IHDR chunk)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- installing -----------------------------------------------------------------------------


def _head(client: Client) -> str:
    html = client.get(reverse("login")).content.decode()
    return html.split("</head>", 1)[0]


def test_the_manifest_has_what_phones_and_desktops_need_to_install(
    client: Client, db: None
) -> None:
    head = _head(client)
    found = re.search(r'<link rel="manifest" href="([^"]+)">', head)
    assert found
    r = client.get(found.group(1))
    assert r.status_code == 200
    assert r["Content-Type"].startswith(("application/json", "application/manifest+json"))
    manifest = json.loads(_body(r))
    assert manifest["name"] == "Evenly" and manifest["short_name"] == "Evenly"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    for colour in ("theme_color", "background_color"):
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest[colour]), colour
    pngs = {
        (i["sizes"], i.get("purpose", "any")) for i in manifest["icons"] if i["type"] == "image/png"
    }
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= pngs
    # Each icon is served, as what it says it is, at the size it says.
    base = found.group(1).rsplit("/", 1)[0]
    for icon in manifest["icons"]:
        r = client.get(f"{base}/{icon['src']}")
        assert r.status_code == 200, icon["src"]
        assert r["Content-Type"] == icon["type"], icon["src"]
        if icon["type"] == "image/png":
            w, h = _png_size(_body(r))
            assert f"{w}x{h}" == icon["sizes"], icon["src"]


def test_the_page_head_names_the_apple_touch_icon_and_theme_colour(
    client: Client, db: None
) -> None:
    head = _head(client)
    found = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', head)
    assert found
    r = client.get(found.group(1))
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert _png_size(_body(r)) == (180, 180)
    assert re.search(r'<meta name="theme-color" content="#[0-9a-f]{6}"', head)
    assert re.search(r'<script src="[^"]*evenly/offline[^"]*\.js"[^>]* defer></script>', head)


# --- ticks sent once ------------------------------------------------------------------------


@pytest.fixture
def cooking(rated_and_dealt: Home) -> tuple[Home, Card]:
    """Cooking dinner (daily) is Robin's, so it is due today whatever the day."""
    home = rated_and_dealt
    card = home.household.cards.get(name="Cooking dinner")
    card_owner_rule_set(card=card, locked_to=home.owner, rotation=[])
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    return home, card


def _tick(home: Home, card_id: int, key: str, on: date | None = None, **headers: str):  # type: ignore[no-untyped-def]
    day = on or home.household.today()
    data = {"card": card_id, "due_on": day.isoformat(), "minutes": "45", "key": key, "swap": "page"}
    return home.owner_client.post(
        reverse("week_done", args=[home.household.pk]), data, headers=headers
    )


def _entries(card: Card) -> int:
    return LogEntry.objects.filter(card=card, kind="did").count()


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_the_same_tick_twice_with_one_key_is_recorded_once(
    cooking: tuple[Home, Card], htmx: bool
) -> None:
    home, card = cooking
    key = str(uuid.uuid4())
    headers = {"HX-Request": "true"} if htmx else {}
    first = _tick(home, card.pk, key, **headers)
    again = _tick(home, card.pk, key, **headers)
    assert first.status_code in (200, 204, 302) and again.status_code == first.status_code
    assert _entries(card) == 1
    assert DoneKey.objects.filter(member=home.owner, key=key).count() == 1
    # The replay reports no error: it is success, as far as the phone is concerned.
    page = home.owner_client.get(reverse("week", args=[home.household.pk])).content.decode()
    assert "already marked done" not in page


def test_a_replay_after_an_undo_does_not_bring_the_tick_back(cooking: tuple[Home, Card]) -> None:
    home, card = cooking
    key = str(uuid.uuid4())
    _tick(home, card.pk, key)
    entry = LogEntry.objects.get(card=card, kind="did")
    home.owner_client.post(reverse("week_entry_undo", args=[home.household.pk, entry.pk]))
    assert _entries(card) == 0
    assert _tick(home, card.pk, key).status_code == 302
    assert _entries(card) == 0


def test_two_keys_are_two_ticks(cooking: tuple[Home, Card]) -> None:
    home, card = cooking
    today = home.household.today()
    _tick(home, card.pk, str(uuid.uuid4()), today)
    # Tomorrow's dinner too, done ahead (a daily card), under its own key.
    _tick(home, card.pk, str(uuid.uuid4()), today + timedelta(days=1))
    assert _entries(card) == 2


def test_a_tick_without_a_key_still_works(cooking: tuple[Home, Card]) -> None:
    home, card = cooking
    assert _tick(home, card.pk, "").status_code == 302
    assert _entries(card) == 1
    assert not DoneKey.objects.exists()


@pytest.mark.parametrize(
    "key",
    [
        "not-a-uuid",
        str(uuid.uuid4()).upper(),
        str(uuid.uuid4()).replace("-", ""),
        str(uuid.uuid4()) + "0",
        "x" * 5000,
        "\x00" * 36,
    ],
)
def test_a_malformed_key_answers_400(cooking: tuple[Home, Card], key: str) -> None:
    home, card = cooking
    r = _tick(home, card.pk, key)
    assert r.status_code == 400
    assert "UUID" in r.content.decode()
    assert _entries(card) == 0


def test_another_households_card_is_404_with_a_key(cooking: tuple[Home, Card]) -> None:
    home, _ = cooking
    theirs = Card.objects.get(household=home.other_household)
    assert _tick(home, theirs.pk, str(uuid.uuid4())).status_code == 404
    assert not LogEntry.objects.filter(card=theirs).exists()


def test_the_week_page_gives_each_done_form_a_key_field(cooking: tuple[Home, Card]) -> None:
    home, _ = cooking
    html = home.owner_client.get(reverse("week", args=[home.household.pk])).content.decode()
    forms = re.findall(r'<form class="due"[^>]*action="[^"]*/week/done/".*?</form>', html, re.S)
    assert forms
    for form in forms:
        assert '<input type="hidden" name="key" value="" data-tick-key>' in form


# --- the service worker and the offline page ------------------------------------------------


def test_one_service_worker_does_push_and_offline(client: Client, db: None) -> None:
    r = client.get("/sw.js")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/javascript")
    assert r["Service-Worker-Allowed"] == "/"
    body = r.content.decode()
    assert "showNotification" in body and "notificationclick" in body  # reminders
    assert 'addEventListener("fetch"' in body and "caches.open" in body  # offline
    # The shell it keeps: the static files as the page names them (fingerprinted in production).
    head = _head(client)
    for name in ("evenly/evenly.css", "vendor/htmx.min.js", "evenly/offline.js"):
        assert f'"{static(name)}"' in head, name
        assert json.dumps(static(name)) in body, name
    assert '"/offline/"' in body


def test_the_service_worker_keeps_no_household_page_but_this_week(client: Client, db: None) -> None:
    """Of a household's pages (/h/<id>/…), only this week's page is put in the cache, and only
    without ?week= (another week, the ledger, the balance, the talk pages are never kept)."""
    body = client.get("/sw.js").content.decode()
    pattern = re.search(r"const WEEK_PAGE = /(.+)/;", body)
    assert pattern
    week_page = re.compile(pattern.group(1).replace("\\/", "/"))
    assert week_page.match("/h/12/week/")
    for other in ("/h/12/ledger/", "/h/12/week/log/", "/h/12/talk/", "/h/12/", "/h/12/week/x"):
        assert not week_page.match(other), other
    # One place puts pages in the cache, guarded by that test (and a session tag); the other
    # keeps static files, under the static prefix only.
    assert body.count("cache.put(") == 2  # pages, and the shell's static files
    assert "if (isWeek(url) && session && response.ok) {" in body
    assert "return WEEK_PAGE.test(url.pathname) && !url.search;" in body
    assert re.search(
        r"if \(response.ok && response.type === \"basic\"\) \{\s+const cache = await caches.open\(SHELL\)",
        body,
    )


def test_the_offline_page_is_in_evenlys_layout_and_names_nobody(home: Home) -> None:
    r = home.owner_client.get(reverse("offline"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "You are offline" in html and 'class="top"' in html
    assert "evenly.css" in html
    assert "robin@example.org" not in html and "Log out" not in html
    assert "Robin" not in html


def test_the_week_page_carries_the_offline_banner_hidden(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    html = home.owner_client.get(reverse("week", args=[home.household.pk])).content.decode()
    banner = re.search(r'<div id="offline-banner"[^>]*hidden[^>]*>(.*?)</div>', html, re.S)
    assert banner
    assert "You are offline — showing this week as of" in banner.group(1)
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d\d:\d\d</time>', banner.group(1))
    assert "ticks will be sent when you are back" in banner.group(1)


# --- nothing of one person survives their sign-out -----------------------------------------


def test_logging_out_clears_what_the_device_kept(home: Home) -> None:
    r = home.owner_client.post(reverse("logout"))
    assert r.status_code == 302
    assert r["Clear-Site-Data"] == '"cache", "storage"'


def test_deleting_the_account_clears_what_the_device_kept(home: Home) -> None:
    from tests.conftest import PASSWORD

    r = home.partner_client.post(reverse("account_delete"), {"password": PASSWORD})
    assert r.status_code == 302
    assert r["Clear-Site-Data"] == '"cache", "storage"'


def test_every_signed_in_page_names_its_session_and_a_new_sign_in_changes_it(home: Home) -> None:
    week = reverse("week", args=[home.household.pk])
    first = home.owner_client.get(week)["Evenly-Session"]
    assert re.fullmatch(r"[0-9a-f]{20}", first)
    assert home.owner_client.get(week)["Evenly-Session"] == first  # the same session
    assert home.partner_client.get(week)["Evenly-Session"] != first  # another person
    again = Client()
    again.force_login(home.owner.user)  # type: ignore[attr-defined]
    assert again.get(week)["Evenly-Session"] != first  # the same person, signed in again
    assert "Evenly-Session" not in home.anon_client.get(reverse("login"))


def test_the_service_worker_works_with_fingerprinted_static_names(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In production static names carry a hash (ManifestStaticFilesStorage), and asking the
    storage for a name it has no entry for (even "") is an error: the worker is built only from
    real files, and keeps exactly the names the pages use."""

    def fingerprinted(path: str) -> str:
        if not path or path.endswith("/"):
            raise ValueError(f"Missing staticfiles manifest entry for '{path}'")
        stem, dot, ext = path.rpartition(".")
        return f"/static/{stem}.0123456789ab{dot}{ext}"

    monkeypatch.setattr("evenly.web.views.static", fingerprinted)
    r = client.get("/sw.js")
    assert r.status_code == 200
    body = r.content.decode()
    assert '"/static/evenly/evenly.0123456789ab.css"' in body
    assert 'const STATIC_PREFIX = "/static/";' in body
    fingerprint = re.search(r"const FINGERPRINTED = /(.+)/;", body)
    assert fingerprint and re.search(fingerprint.group(1), "/static/evenly/evenly.0123456789ab.css")
    assert not re.search(fingerprint.group(1), "/static/evenly/evenly.css")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PG"
)
@pytest.mark.django_db(transaction=True)
def test_one_key_sent_at_the_same_moment_from_page_and_worker_is_one_tick(home: Home) -> None:
    """The page and the service worker may both send a waiting tick as the connection comes
    back: both hear success, and the tick is recorded once."""
    from evenly.week import services

    card = home.household.cards.get(name="Cooking dinner")
    card_owner_rule_set(card=card, locked_to=home.owner, rotation=[])
    for member in (home.owner, home.partner):
        for c in home.household.cards.all():
            from evenly.cards.services import rating_set

            rating_set(member=member, card=c, preference="fine")
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    today = home.household.today()
    for _ in range(5):
        LogEntry.objects.filter(card=card).delete()
        key = str(uuid.uuid4())
        results = _at_once(
            3,
            lambda: services.entry_mark_done_once(
                member=home.owner,
                card=card,
                due_on=today,
                key=key,  # noqa: B023
            ),
        )
        assert all(isinstance(r, LogEntry) for r in results), results
        assert len({r.pk for r in results}) == 1  # type: ignore[attr-defined]
        assert LogEntry.objects.filter(card=card, kind="did").count() == 1


def _at_once(n: int, work: Callable[[], object]) -> list[object]:
    """``work`` in ``n`` threads released together; what each returned or raised."""
    barrier = threading.Barrier(n)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
