"""Every operation of the API's OpenAPI schema, walked as the owner (2xx), as a member of another
household (404: never data, never a hint that the thing exists), and anonymously (401); every
write with a read-only token too (403). A POST that only reads (``api.auth.reads_only``) is
walked as a read: a read-only token may send it, and it may write nothing.

``SAMPLES`` holds one sample request per operation, keyed by method and path as the schema
writes them. An operation without a sample fails ``test_every_operation_has_a_sample``: a new
router adds its samples here.

The walk also holds the API to "GET never writes": a read may write only the token's own
bookkeeping (its rate counter and, at most every few minutes, its last-used time), never a
household's data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client

from tests.conftest import Home
from tests.web.api.conftest import Api
from tests.web.api.week_values import week_values

PREFIX = "/api/v1"


@dataclass(frozen=True)
class Sample:
    ok: int  # the owner's status
    # The path's ids from the walk's values (household, card, ...): name -> value name.
    ids: dict[str, str] = field(default_factory=dict)
    body: Callable[[dict[str, Any]], Any] | None = None
    # A member of another household: 404 for anything in Robin's household; an operation
    # without a household in its path answers with the caller's own things (200).
    outsider: int = 404
    # A POST declared ``reads_only``: a read-only token may send it, and it writes nothing.
    reads: bool = False


H = {"household_id": "household"}
HC = {"household_id": "household", "card_id": "card"}
HV = {"household_id": "household", "version": "version"}
HE = {"household_id": "household", "entry_id": "entry"}
HL = {"household_id": "household", "entry_id": "logged"}
HW = {"household_id": "household", "change_id": "change"}
HA = {"household_id": "household", "away_id": "away"}
HI = {"household_id": "household", "item_id": "item"}

CARD = {"name": "Watering plants", "category": "Home", "cadence": "weekly", "minutes": 10}
FELT = {
    "fair_to_me": 5,
    "fair_to_partner": 4,
    "satisfied": 5,
    "csi_happy": 4,
    "csi_warm": 3,
    "csi_rewarding": 3,
    "csi_satisfied": 3,
}

SAMPLES: dict[tuple[str, str], Sample] = {
    ("GET", "/households/{household_id}/deals"): Sample(200, H),
    ("GET", "/households/{household_id}/deals/{version}"): Sample(200, HV),
    # Robin's yes to version 1 comes before a new proposal withdraws it; the deal's samples
    # come first, while every card is rated (the walk adds an unrated card).
    ("PUT", "/households/{household_id}/deals/{version}/acceptance"): Sample(200, HV),
    ("POST", "/households/{household_id}/deals"): Sample(201, H),
    ("GET", "/households/{household_id}/deal-solves/{solve_id}"): Sample(
        200, {"household_id": "household", "solve_id": "deal_solve"}
    ),
    ("GET", "/households/{household_id}/deals/{version}/compare/{other_version}"): Sample(
        200, HV | {"other_version": "version"}
    ),
    ("GET", "/households/{household_id}/balance"): Sample(200, H),
    ("GET", "/households/{household_id}/checkins"): Sample(200, H),
    ("GET", "/households/{household_id}/checkins/{checkin_id}"): Sample(
        200, {"household_id": "household", "checkin_id": "checkin"}
    ),
    ("GET", "/households/{household_id}/personal-time"): Sample(200, H),
    ("GET", "/households/{household_id}/needs"): Sample(200, H),
    ("GET", "/me"): Sample(200, outsider=200),
    ("GET", "/households"): Sample(200, outsider=200),
    ("GET", "/households/{household_id}"): Sample(200, H),
    ("GET", "/households/{household_id}/cards"): Sample(200, H),
    ("POST", "/households/{household_id}/cards"): Sample(201, H, lambda v: CARD),
    ("GET", "/households/{household_id}/cards/{card_id}"): Sample(200, HC),
    ("PUT", "/households/{household_id}/cards/{card_id}"): Sample(
        200, HC, lambda v: CARD | {"name": "Laundry", "minutes": 55}
    ),
    ("DELETE", "/households/{household_id}/cards/{card_id}"): Sample(204, HC),
    ("PUT", "/households/{household_id}/cards/{card_id}/holder"): Sample(
        200, HC, lambda v: {"mode": "rotate", "rotation": [v["robin"], v["sam"]]}
    ),
    ("GET", "/households/{household_id}/ratings"): Sample(200, H),
    ("PUT", "/households/{household_id}/ratings/{card_id}"): Sample(
        200, HC, lambda v: {"preference": "like", "minutes": 50}
    ),
    # This week, away and cover, the ledger (the occurrences are prepared by _week_values)
    ("GET", "/households/{household_id}/week"): Sample(200, H),
    ("POST", "/households/{household_id}/week/done"): Sample(
        200, H, lambda v: v["done"] | {"key": "0f8fad5b-d9cb-469f-a165-70867728950e"}
    ),
    ("POST", "/households/{household_id}/week/done-for"): Sample(200, H, lambda v: v["for_sam"]),
    ("POST", "/households/{household_id}/week/skip"): Sample(
        200, H, lambda v: v["skip"] | {"reason": "Away at the weekend"}
    ),
    ("POST", "/households/{household_id}/week/snooze"): Sample(200, H, lambda v: v["snooze"]),
    ("POST", "/households/{household_id}/week/move"): Sample(200, H, lambda v: v["move"]),
    ("POST", "/households/{household_id}/week/entries/{entry_id}/undo"): Sample(204, HE),
    ("POST", "/households/{household_id}/week/changes/{change_id}/undo"): Sample(204, HW),
    ("GET", "/households/{household_id}/away"): Sample(200, H),
    ("POST", "/households/{household_id}/away"): Sample(
        201, H, lambda v: {"starts_on": v["in_a_month"], "ends_on": v["in_a_month"]}
    ),
    ("DELETE", "/households/{household_id}/away/{away_id}"): Sample(204, HA),
    ("GET", "/households/{household_id}/cover"): Sample(200, H),
    ("POST", "/households/{household_id}/cover"): Sample(201, H, lambda v: v["cover"]),
    ("GET", "/households/{household_id}/ledger"): Sample(200, H),
    ("POST", "/households/{household_id}/ledger"): Sample(
        201,
        H,
        lambda v: {"kind": "noticed", "title": "Out of milk", "minutes": 5, "done_on": v["today"]},
    ),
    ("PUT", "/households/{household_id}/ledger/{entry_id}"): Sample(
        200,
        HL,
        lambda v: {
            "kind": "planned",
            "title": "Dentist booked",
            "minutes": 15,
            "done_on": v["today"],
        },
    ),
    ("DELETE", "/households/{household_id}/ledger/{entry_id}"): Sample(204, HL),
    # How it feels: turned on first, so that Robin's answer is taken.
    ("PUT", "/households/{household_id}/how-it-feels/setting"): Sample(
        200, H, lambda v: {"on": True}
    ),
    ("PUT", "/households/{household_id}/how-it-feels/my-answer"): Sample(200, H, lambda v: FELT),
    ("GET", "/households/{household_id}/how-it-feels"): Sample(200, H),
    # The lens on Robin's own note: a POST that writes nothing.
    ("POST", "/households/{household_id}/checkin-items/{item_id}/lens"): Sample(
        200, HI, reads=True
    ),
}

WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)
# What a read through the API may write: the token's bookkeeping, no household data.
BOOKKEEPING = {"accounts_ratecounter", "accounts_apitoken"}


def _operations() -> list[tuple[str, str]]:
    schema = json.loads(Client().get(f"{PREFIX}/openapi.json").content)
    return [
        (method.upper(), path.removeprefix(PREFIX))
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_operation_has_a_sample(db: object) -> None:
    operations = _operations()
    missing = [f"{m} {p}" for m, p in operations if (m, p) not in SAMPLES]
    assert not missing, "add a sample to test_walk.SAMPLES for: " + ", ".join(missing)
    stale = [f"{m} {p}" for m, p in SAMPLES if (m, p) not in operations]
    assert not stale, "no such operation any more: " + ", ".join(stale)


def _values(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    from evenly.checkins.models import Item

    home = api.home
    deal, checkin = _dealt_and_checked_in(home)
    mine = {
        "item": _note(home.owner, checkin).pk,
        "household": home.household.pk,
        "card": home.household.cards.get(name="Laundry").pk,
        "robin": home.owner.pk,
        "sam": home.partner.pk,
        "version": deal.version,
        "checkin": checkin.pk,
        "deal_solve": _solve(home.household, home.owner),
    }
    theirs = {
        "item": Item.objects.get(author=home.partner, checkin=checkin).pk,
        "household": home.other_household.pk,
        "card": home.other_household.cards.get().pk,
        "robin": home.outsider.pk,
        "sam": home.outsider.pk,
        "version": deal.version,
        "checkin": checkin.pk,
        "deal_solve": _solve(home.other_household, home.outsider),
    }
    return mine, theirs


def _solve(household: Any, member: Any) -> int:
    """A deal the worker worked out (made directly: reading it needs no worker)."""
    from evenly.deals.models import DealSolve

    return DealSolve.objects.create(
        household=household, asked_by=member, state=DealSolve.State.DONE
    ).pk


def _note(member: Any, checkin: Any) -> Any:
    """A note of the member's own in the check-in (what the lens reads)."""
    from evenly.checkins.services import item_add

    text = "I always kept an emergency fund in case something happened to our family."
    return item_add(member=member, checkin=checkin, kind="went_well", text=text)


def _dealt_and_checked_in(home: Any) -> tuple[Any, Any]:
    """Everyone has rated every card and version 1 of the deal waits for their yes; a
    check-in is open with a shared appreciation."""
    from evenly.cards.services import rating_set
    from evenly.checkins.services import checkin_start, item_add, item_share
    from evenly.deals.services import deal_propose

    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")
    deal = deal_propose(household=home.household, member=home.owner)
    checkin = checkin_start(member=home.owner)
    item = item_add(member=home.partner, checkin=checkin, kind="appreciation", text="Thanks")
    item_share(member=home.partner, item=item)
    return deal, checkin


def _url(path: str, sample: Sample, values: dict[str, Any]) -> str:
    return PREFIX + path.format(**{k: values[v] for k, v in sample.ids.items()})


def test_walk_every_operation_as_owner_outsider_and_anonymous(
    api: Api, rated_and_dealt: Home
) -> None:
    mine, theirs = _values(api)
    mine |= week_values(api.home)
    problems: list[str] = []
    # Removing comes last, so the other operations still find the card.
    walk = sorted(SAMPLES.items(), key=lambda item: item[0][0] == "DELETE")
    for (method, path), sample in walk:
        body = sample.body(mine) if sample.body else None
        # Robin's household's ids, asked for by Olly, and by nobody at all.
        for who, token, status in [("Olly", api.olly, sample.outsider), ("anonymous", None, 401)]:
            r = api.call(method, _url(path, sample, mine), token, body)
            if r.status_code != status:
                problems.append(f"{method} {path} as {who}: {r.status_code}, not {status}")
            elif status >= 400 and r["Content-Type"] != "application/problem+json":
                problems.append(f"{method} {path} as {who}: {r['Content-Type']}")
            elif status == 200 and str(mine["household"]) in _household_ids(r):
                problems.append(f"{method} {path} as {who}: shows Robin's household")
        if "card_id" in sample.ids:  # Olly's card in Robin's household's path answers 404
            mixed = mine | {"card": theirs["card"]}
            r = api.call(method, _url(path, sample, mixed), api.robin, body)
            if r.status_code != 404:
                problems.append(f"{method} {path} with Olly's card: {r.status_code}")
        if "item_id" in sample.ids:  # Sam's note, shared, is still not Robin's to ask about
            mixed = mine | {"item": theirs["item"]}
            r = api.call(method, _url(path, sample, mixed), api.robin, body)
            if r.status_code != 404:
                problems.append(f"{method} {path} with Sam's note: {r.status_code}")
        reads = method == "GET" or sample.reads
        if not reads:  # Sam's read-only token: a member, but it may not write
            r = api.call(method, _url(path, sample, mine), api.sam_read, body)
            if r.status_code != 403:
                problems.append(f"{method} {path} with a read-only token: {r.status_code}")
        writes: list[str] = []
        with connection.execute_wrapper(_recording(writes)):
            r = api.call(method, _url(path, sample, mine), api.robin, body)
        if r.status_code != sample.ok:
            problems.append(f"{method} {path} as Robin: {r.status_code} {r.content[:300]!r}")
        if reads:
            problems += [f"{method} {path} wrote: {sql}" for sql in writes]
    assert not problems, "\n".join(problems)


def _household_ids(response: Any) -> set[str]:
    data = response.json()
    households = data.get("households") or data.get("items") or []
    return {str(h["id"]) for h in households}


def _recording(writes: list[str]) -> Callable[..., Any]:
    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        match = WRITE.match(sql)
        if match and match.group(2).lower() not in BOOKKEEPING:
            writes.append(sql[:160])
        return execute(sql, params, many, context)

    return wrapper


def test_the_walk_sees_a_write_on_get(api: Api) -> None:
    """The recorder itself: a write outside the bookkeeping tables is caught."""
    writes: list[str] = []
    with connection.execute_wrapper(_recording(writes)):
        api.home.household.cards.filter(name="Laundry").update(minutes=61)
    assert writes and "cards_card" in writes[0]
