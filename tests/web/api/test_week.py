"""This week, away, cover and the ledger through the API: the page's rules, answered as problems
with the field that failed; a done sent twice logged once; another member's words never shown."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from evenly.accounts.tokens import token_create
from evenly.core import bounds
from evenly.week import services
from evenly.week.models import Away, LogEntry
from tests.conftest import Home
from tests.web.api.conftest import Api
from tests.web.api.week_values import body, occurrences

KEY = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b"


@pytest.fixture
def dealt(api: Api, rated_and_dealt: Home) -> Api:
    return api


def _url(api: Api, rest: str) -> str:
    return f"/api/v1/households/{api.home.household.pk}/{rest}"


def _fields(response: Any) -> dict[str | None, str]:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _entries(home: Home, due: Any) -> int:
    return LogEntry.objects.filter(card=due.card, due_on=due.due_on).count()


def test_a_done_sent_twice_with_its_tick_key_is_logged_once(dealt: Api) -> None:
    due = occurrences(dealt.home)[0][0]
    url = _url(dealt, "week/done")
    first = dealt.call("POST", url, dealt.robin, body(due) | {"key": KEY})
    again = dealt.call("POST", url, dealt.robin, body(due) | {"key": KEY})
    assert first.status_code == again.status_code == 200
    assert first.json()["state"] == again.json()["state"] == "done"
    assert first.json()["done_by"] == dealt.home.owner.pk
    assert _entries(dealt.home, due) == 1
    # Without a key a second done is refused, as on the page: it is done already.
    r = dealt.call("POST", url, dealt.robin, body(due))
    assert "already marked done" in _fields(r)[None]
    assert _entries(dealt.home, due) == 1


def test_a_done_sent_twice_with_an_idempotency_key_is_logged_once(dealt: Api) -> None:
    due = occurrences(dealt.home)[0][0]
    answers = [
        Client().post(
            _url(dealt, "week/done"),
            body(due),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {dealt.robin}",
            HTTP_IDEMPOTENCY_KEY="tick-1",
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert _entries(dealt.home, due) == 1


def test_a_bad_tick_key_is_refused_with_its_field(dealt: Api) -> None:
    due = occurrences(dealt.home)[0][0]
    r = dealt.call("POST", _url(dealt, "week/done"), dealt.robin, body(due) | {"key": "not-a-uuid"})
    assert "key" in _fields(r)
    assert _entries(dealt.home, due) == 0


def test_the_week_lists_each_occurrence_with_its_state_and_today_alone(dealt: Api) -> None:
    home = dealt.home
    today = home.household.today()
    robins, _sams = occurrences(home, weeks=1)
    this_week = [d for d in robins if d.on <= today + timedelta(days=(6 - today.weekday()))]
    r = dealt.call("GET", _url(dealt, "week"), dealt.robin)
    assert r.status_code == 200
    items = r.json()["items"]
    assert {(i["card_id"], i["due_on"]) for i in items} >= {
        (d.card.pk, d.due_on.isoformat()) for d in this_week
    }
    assert all(i["holder"] == home.owner.pk for i in items)
    assert {i["state"] for i in items} <= {"due", "overdue", "done", "skipped", "moved"}
    everyone = dealt.call("GET", _url(dealt, "week?who=everyone&when=today"), dealt.robin).json()
    assert everyone["items"], "Sam cooks dinner every day"
    assert {i["on"] for i in everyone["items"]} == {today.isoformat()}
    assert home.partner.pk in {i["holder"] for i in everyone["items"]}
    # Still to do today: Sam's dinner, until it is done.
    dinner = next(i for i in everyone["items"] if i["holder"] == home.partner.pk)
    url = _url(dealt, "week?who=everyone&when=today&open=true")
    before = dealt.call("GET", url, dealt.robin).json()["count"]
    sent = {"card": dinner["card_id"], "due_on": dinner["due_on"]}
    assert dealt.call("POST", _url(dealt, "week/done-for"), dealt.robin, sent).status_code == 200
    assert dealt.call("GET", url, dealt.robin).json()["count"] == before - 1


def test_skip_with_a_reason_and_undo(dealt: Api) -> None:
    due = occurrences(dealt.home)[0][0]
    r = dealt.call(
        "POST", _url(dealt, "week/skip"), dealt.robin, body(due) | {"reason": "  On holiday "}
    )
    assert r.status_code == 200
    skipped = r.json()
    assert skipped["state"] == "skipped" and skipped["skip_reason"] == "On holiday"
    r = dealt.call("POST", _url(dealt, f"week/changes/{skipped['change_id']}/undo"), dealt.robin)
    assert r.status_code == 204
    after = dealt.call("GET", _url(dealt, "week?limit=100"), dealt.robin).json()["items"]
    mine = [
        i for i in after if (i["card_id"], i["due_on"]) == (due.card.pk, due.due_on.isoformat())
    ]
    assert not mine or mine[0]["state"] in {"due", "overdue"}


def test_skip_snooze_and_move_refusals_name_their_field(dealt: Api) -> None:
    home = dealt.home
    today = home.household.today()
    robins, sams = occurrences(home)
    due = robins[0]
    long = "x" * (bounds.MAX_SKIP_REASON_CHARS + 1)
    r = dealt.call("POST", _url(dealt, "week/skip"), dealt.robin, body(due) | {"reason": long})
    assert "reason" in _fields(r)
    next_week = today + timedelta(days=(6 - today.weekday()) + 2)
    r = dealt.call(
        "POST", _url(dealt, "week/snooze"), dealt.robin, body(due) | {"to": next_week.isoformat()}
    )
    assert "this week" in _fields(r)["to"]
    r = dealt.call(
        "POST", _url(dealt, "week/snooze"), dealt.robin, body(due) | {"to": today.isoformat()}
    )
    assert "tomorrow" in _fields(r)["to"]
    far = due.due_on + timedelta(days=bounds.MAX_MOVE_DAYS + 1)
    r = dealt.call(
        "POST", _url(dealt, "week/move"), dealt.robin, body(due) | {"to": far.isoformat()}
    )
    assert f"{bounds.MAX_MOVE_DAYS} days" in _fields(r)["to"]
    yesterday = (today - timedelta(days=1)).isoformat()
    r = dealt.call("POST", _url(dealt, "week/move"), dealt.robin, body(due) | {"to": yesterday})
    assert "past" in _fields(r)["to"]
    r = dealt.call("POST", _url(dealt, "week/move"), dealt.robin, body(due))
    assert "to" in _fields(r)
    # Sam's dinner is Sam's to skip; Robin may do it for Sam instead.
    r = dealt.call("POST", _url(dealt, "week/skip"), dealt.robin, body(sams[0]))
    assert "only they can skip it" in _fields(r)[None]
    assert not home.household.changes.exists()


def test_move_and_snooze_say_where_it_falls_now(dealt: Api) -> None:
    home = dealt.home
    today = home.household.today()
    robins, _ = occurrences(home)
    due = robins[0]
    to = due.on + timedelta(days=1)
    r = dealt.call(
        "POST", _url(dealt, "week/move"), dealt.robin, body(due) | {"to": to.isoformat()}
    )
    assert r.status_code == 200
    assert r.json()["state"] == "moved" and r.json()["on"] == to.isoformat()
    assert r.json()["due_on"] == due.due_on.isoformat()
    tomorrow = today + timedelta(days=1)
    other = next(d for d in robins[1:] if d.on != tomorrow and d.due_on <= today + timedelta(7))
    r = dealt.call("POST", _url(dealt, "week/snooze"), dealt.robin, body(other))
    assert r.status_code == 200 and r.json()["on"] == tomorrow.isoformat()


def test_done_for_someone_else_and_its_undo(dealt: Api) -> None:
    home = dealt.home
    robins, sams = occurrences(home)
    r = dealt.call("POST", _url(dealt, "week/done-for"), dealt.robin, body(sams[0]))
    assert r.status_code == 200
    done = r.json()
    assert done["state"] == "done" and done["holder"] == home.partner.pk
    assert done["done_by"] == home.owner.pk
    entry = LogEntry.objects.get(pk=done["entry_id"])
    assert entry.member == home.owner and entry.covered_for == home.partner
    # One's own card is marked done, not done for someone.
    r = dealt.call("POST", _url(dealt, "week/done-for"), dealt.robin, body(robins[0]))
    assert "mark it done" in _fields(r)[None]
    assert (
        dealt.call("POST", _url(dealt, f"week/entries/{entry.pk}/undo"), dealt.robin).status_code
        == 204
    )
    assert not LogEntry.objects.filter(pk=entry.pk).exists()


def test_another_households_card_and_ids_are_not_found(dealt: Api) -> None:
    home = dealt.home
    robins, _ = occurrences(home)
    theirs = home.other_household.cards.get()
    r = dealt.call(
        "POST", _url(dealt, "week/done"), dealt.robin, body(robins[0]) | {"card": theirs.pk}
    )
    assert r.status_code == 404
    olly = home.outsider
    entry = services.entry_log(
        member=olly,
        kind="did",
        minutes=Decimal(20),
        done_on=home.other_household.today(),
        title="Hoover",
    )
    away = services.away_create(
        member=olly,
        starts_on=home.other_household.today(),
        ends_on=home.other_household.today(),
        reason=Away.Reason.TRAVEL,
    )
    for method, rest in [
        ("PUT", f"ledger/{entry.pk}"),
        ("DELETE", f"ledger/{entry.pk}"),
        ("POST", f"week/entries/{entry.pk}/undo"),
        ("DELETE", f"away/{away.pk}"),
    ]:
        sent = {"kind": "did", "minutes": 5, "done_on": home.household.today().isoformat()}
        r = dealt.call(method, _url(dealt, rest), dealt.robin, sent if method == "PUT" else None)
        assert r.status_code == 404, (method, rest)
    assert (
        LogEntry.objects.filter(pk=entry.pk).exists() and Away.objects.filter(pk=away.pk).exists()
    )


def test_cover_an_away_members_card(dealt: Api) -> None:
    home = dealt.home
    _robins, sams = occurrences(home)
    due = sams[0]
    sam_writes = token_create(user=home.partner.user, name="Sam's phone", can_write=True).secret
    r = dealt.call(
        "POST",
        _url(dealt, "away"),
        sam_writes,
        {"starts_on": due.on.isoformat(), "ends_on": due.on.isoformat(), "reason": "illness"},
    )
    assert r.status_code == 201
    away_id = r.json()["id"]
    # The week's offers hold Sam's dinner when it falls this week.
    offers = dealt.call("GET", _url(dealt, "cover"), dealt.robin).json()["items"]
    today = home.household.today()
    if due.on <= today + timedelta(days=6 - today.weekday()):
        assert (due.card.pk, due.due_on.isoformat()) in {
            (o["card_id"], o["due_on"]) for o in offers
        }
        assert all(o["needs_cover"] for o in offers)
    r = dealt.call("POST", _url(dealt, "cover"), dealt.robin, body(due))
    assert r.status_code == 201
    assert r.json()["holder"] == home.owner.pk and r.json()["owner"] == home.partner.pk
    r = dealt.call("POST", _url(dealt, "cover"), dealt.robin, body(due))
    assert "does not need cover" in _fields(r)[None]
    # Only Sam may cancel Sam's time away; the cover goes with it.
    r = dealt.call("DELETE", _url(dealt, f"away/{away_id}"), dealt.robin)
    assert "Only the person who is away" in _fields(r)[None]
    assert dealt.call("DELETE", _url(dealt, f"away/{away_id}"), sam_writes).status_code == 204
    assert not home.household.covers.exists()
    r = dealt.call(
        "POST",
        _url(dealt, "away"),
        sam_writes,
        {"starts_on": today.isoformat(), "ends_on": (today - timedelta(days=1)).isoformat()},
    )
    assert "ends_on" in _fields(r)


def _log(api: Api, token: str, title: str) -> Any:
    today = api.home.household.today().isoformat()
    sent = {"kind": "noticed", "title": title, "minutes": 10, "done_on": today}
    r = api.call("POST", _url(api, "ledger"), token, sent)
    assert r.status_code == 201, r.content
    return r.json()


def test_a_ledger_entrys_words_stay_its_authors(api: Api) -> None:
    sam_writes = token_create(user=api.home.partner.user, name="Sam's phone", can_write=True).secret
    mine = _log(api, sam_writes, "Booked the therapist")
    assert mine["title"] == "Booked the therapist"
    r = api.call("GET", _url(api, "ledger"), api.robin)
    assert r.status_code == 200
    assert b"therapist" not in r.content
    (seen,) = r.json()["items"]
    assert seen["title"] is None and seen["minutes"] == 10 and seen["member"] == api.home.partner.pk
    assert seen["changeable"] is False
    # Sam's own list, even through a read-only token, shows Sam's words.
    r = api.call("GET", _url(api, "ledger"), api.sam_read)
    assert r.json()["items"][0]["title"] == "Booked the therapist"


def test_correct_within_seven_days_only_ones_own(api: Api) -> None:
    entry = _log(api, api.robin, "Fridge noticed")
    url = _url(api, f"ledger/{entry['id']}")
    today = api.home.household.today()
    sent = {
        "kind": "planned",
        "title": "Fridge planned",
        "minutes": 12.5,
        "done_on": today.isoformat(),
    }
    r = api.call("PUT", url, api.robin, sent)
    assert r.status_code == 200 and r.json()["minutes"] == 12.5 and r.json()["kind"] == "planned"
    early = (today - timedelta(days=8)).isoformat()
    r = api.call("PUT", url, api.robin, sent | {"done_on": early})
    assert "last 7 days" in _fields(r)["done_on"]
    # Sam may not correct Robin's entry.
    sam_writes = token_create(user=api.home.partner.user, name="Sam", can_write=True).secret
    r = api.call("PUT", url, sam_writes, sent)
    assert "Only the person who logged it can edit it" in _fields(r)[None]
    # Logged 8 days ago: past the 7 days, as on the page.
    LogEntry.objects.filter(pk=entry["id"]).update(created_at=timezone.now() - timedelta(days=8))
    r = api.call("PUT", url, api.robin, sent | {"minutes": 30})
    assert "7 days" in _fields(r)[None]
    r = api.call("DELETE", url, api.robin)
    assert "7 days" in _fields(r)[None]
    assert LogEntry.objects.get(pk=entry["id"]).minutes == 12.5


def test_the_ledger_by_period(api: Api) -> None:
    home = api.home
    today = home.household.today()
    entry = _log(api, api.robin, "Paid the bills")
    LogEntry.objects.filter(pk=entry["id"]).update(done_on=today - timedelta(days=20))
    week = api.call("GET", _url(api, "ledger"), api.robin).json()
    assert week["count"] == 0
    four = api.call("GET", _url(api, "ledger?period=4w"), api.robin).json()
    assert [i["id"] for i in four["items"]] == [entry["id"]]
    day = (today - timedelta(days=20)).isoformat()
    custom = api.call("GET", _url(api, f"ledger?start={day}&end={day}"), api.robin).json()
    assert custom["count"] == 1
    r = api.call(
        "GET", _url(api, f"ledger?period=custom&start={today.isoformat()}&end={day}"), api.robin
    )
    assert "end" in _fields(r)
    r = api.call("GET", _url(api, f"ledger?member={home.outsider.pk}"), api.robin)
    assert "member" in _fields(r)
