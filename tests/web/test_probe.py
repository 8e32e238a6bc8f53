"""The probe: hostile ids, numbers and dates never make Evenly answer 500.

Every URL pattern of the project (the admin aside) is requested with each id in its path
replaced by 0, -1, 2**63 and 10**30, with GET and POST, as the owner, another member, an outsider
and an anonymous visitor. Then every form's number and date fields get values far out of bounds.
Exceptions become 500 responses (``raise_request_exception=False``) so one run counts them all and
one assertion lists every failure.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import Home
from tests.web.test_security import SAMPLES, World, _state, _values


@pytest.fixture
def world(rated_and_dealt: Home) -> World:
    return _values(rated_and_dealt)


BAD_IDS = ("0", "-1", str(2**63), str(10**30))
SENTINEL = 987654321  # a valid id that stands for "put the hostile id here"


def _probing(client: Client) -> Client:
    client.raise_request_exception = False
    return client


def _urls_with_bad_ids(world: World) -> list[tuple[str, str]]:
    """(route name, url) for each route and each id kwarg replaced by each hostile id."""
    out = []
    for name, sample in SAMPLES.items():
        for kwarg, value_name in sample.kwargs.items():
            if not isinstance(world.mine[value_name], int):
                continue  # a token or uidb64 is a string, not an id
            kwargs = {k: world.mine[v] for k, v in sample.kwargs.items()}
            kwargs[kwarg] = SENTINEL
            url = reverse(name, kwargs=kwargs)
            for bad in BAD_IDS:
                out.append((f"{name} {kwarg}={bad}", url.replace(f"/{SENTINEL}/", f"/{bad}/")))
    return out


def test_hostile_ids_in_urls_never_answer_500(world: World) -> None:
    home = world.home
    clients = {
        "owner": home.owner_client,
        "member": home.partner_client,
        "outsider": home.outsider_client,
        "anonymous": home.anon_client,
    }
    for client in clients.values():
        _probing(client)
    before = _state(world)
    problems = []
    count = 0
    for label, url in _urls_with_bad_ids(world):
        for who, client in clients.items():
            for method in ("GET", "POST"):
                count += 1
                r = client.get(url) if method == "GET" else client.post(url)
                if r.status_code >= 500:
                    problems.append(f"{method} {label} as {who}: {r.status_code}")
    assert count > 1000
    assert not problems, f"{len(problems)} of {count} requests failed:\n" + "\n".join(problems)
    assert _state(world) == before


# --- numbers, ids and dates in query strings and form data --------------------------------

HUGE = str(10**30)
BIG_ID = str(2**63)
NUMBERS = ("-1", "1e308", HUGE, BIG_ID, "NaN", "Infinity", "99999999999")
DATES = ("9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30")

# Every field name that carries a number, an id or a date in some form or query string.
NUMBER_FIELDS = (
    "minutes",
    "mental_minutes",
    "paid_hours",
    "personal_time_goal_minutes",
    "share",
    "capacity",
    "tolerance_minutes",
    "drift_weeks",
    "home_share",
    "mental_share",
    "intensity",
    "weekday",
    "card",
    "entry",
    "member",
    "owner",
    "owners",
    "rotation",
    "locked_to",
    "holder",
    "to_member",
    "concern",
    "concerns",
    "about",
    "aspiration",
    "a",
    "b",
    "page",
)
DATE_FIELDS = (
    "due_on",
    "done_on",
    "starts_on",
    "ends_on",
    "until",
    "target_on",
    "on",
    "start",
    "end",
    "week",
)


def _hostile(number: str, day: str) -> dict[str, str]:
    data = {f: number for f in NUMBER_FIELDS} | {f: day for f in DATE_FIELDS}
    # Valid words elsewhere, so the numbers are what a form has to judge.
    return data | {
        "name": "Probe",
        "title": "Probe",
        "display_name": "Probe",
        "cadence": "1 per week",
        "kind": "noticed",
        "mode": "lock",
        "preference": "fine",
        "period": "custom",
        "reason": "travel",
        "text": "Probe",
        "what": "Probe",
    }


def test_hostile_numbers_and_dates_in_forms_never_answer_500(world: World) -> None:
    home = world.home
    robin = _probing(home.owner_client)
    problems = []
    count = 0
    for name, sample in SAMPLES.items():
        if sample.access != "household":
            continue
        url = world.url(name, world.mine)
        for number, day in zip(NUMBERS, DATES * 2, strict=False):
            data = _hostile(number, day)
            for method in sorted(sample.methods & {"GET", "POST"}):
                count += 1
                r = robin.get(url, data) if method == "GET" else robin.post(url, data)
                if r.status_code >= 500:
                    problems.append(f"{method} {name} with {number} / {day}: {r.status_code}")
    assert not problems, f"{len(problems)} of {count} requests failed:\n" + "\n".join(problems)


Case = tuple[str, str, dict[str, Any]]


def _field_cases(world: World) -> tuple[list[Case], list[Case]]:
    """(what, url, data): one out-of-bounds value in an otherwise valid form; and each form
    with its valid values, to show the refusals above are about the value alone."""
    home = world.home
    h = world.mine["household"]
    card = world.mine["card"]
    today = home.household.today()
    day = today.isoformat()

    def url(name: str, *ids: int) -> str:
        return reverse(name, args=[h, *ids])

    card_form = {
        "name": "Probe card",
        "category": "Kitchen",
        "cadence": "1 per week",
        "minutes": "10",
        "mental_minutes": "0",
        "standard": "",
        "mode": "deal",
    }
    member = {  # the members page holds two forms, told apart by a prefix
        "me-display_name": home.owner.display_name,
        "me-paid_hours": "40",
        "me-personal_time_goal_minutes": "0",
        "me-share": "",
    }
    household = {
        "home-name": "Robin & Sam",
        "home-time_zone": "Europe/London",
        "home-fairness": "equal",
        "home-tolerance_minutes": "30",
        "home-drift_weeks": "3",
    }
    log = {"kind": "noticed", "minutes": "5", "done_on": day, "title": "Socks"}
    away = {"starts_on": day, "ends_on": day, "reason": "travel"}
    personal = {"minutes": "30", "on": day, "what": "Guitar"}
    cases: list[tuple[str, str, dict[str, Any]]] = []
    valid: list[tuple[str, str, dict[str, Any]]] = []

    def vary(  # type: ignore[no-untyped-def]
        what: str, link: str, base: dict[str, Any], field: str, values: tuple[Any, ...], ok=True
    ):
        if ok and (f"{what} as it is", link, base) not in valid:
            valid.append((f"{what} as it is", link, base))
        for v in values:
            cases.append((f"{what} {field}={v}", link, base | {field: v}))

    over = ("1441", HUGE, "-1", "1e308", "NaN")
    vary("card new", url("card_new"), card_form, "minutes", over)
    vary("card new", url("card_new"), card_form, "mental_minutes", ("10081", HUGE, "-5"))
    vary(
        "card new", url("card_new"), card_form, "cadence", ("1000000 per week", HUGE + " per week")
    )
    vary("card edit", url("card_edit", card), card_form | {"name": "Probe edit"}, "minutes", over)
    pair = [home.owner.pk, home.partner.pk]
    lock = {"mode": "lock", "locked_to": home.owner.pk}
    vary("card lock", url("card_holder", card), lock, "locked_to", (BIG_ID, HUGE, "-1", "x"))
    vary("card holder", url("card_holder", card), {"holder": "deal"}, "holder", (BIG_ID, HUGE))
    turns = {"mode": "rotate", "rotation": pair}
    vary("card turns", url("card_holder", card), turns, "rotation", (BIG_ID, HUGE, "-1"))
    vary("card turns", url("card_holder", card), turns, "rotation", ([pair[0], BIG_ID],))
    vary("rate card", url("rate_card", card), {"preference": "fine"}, "minutes", over)
    vary("week log", url("week_log"), log, "minutes", over)
    vary("week log", url("week_log"), log, "done_on", DATES)
    vary("week log", url("week_log"), log, "card", (BIG_ID, HUGE, "-1"))
    vary("week done", url("week_done"), {"due_on": day}, "card", (BIG_ID, HUGE))
    vary("week done", url("week_done"), {"card": str(card)}, "due_on", DATES)
    vary("week cover", url("week_cover"), {"due_on": day}, "card", (BIG_ID, HUGE))
    vary("household", url("household_update"), household, "home-tolerance_minutes", ("601", HUGE))
    vary("household", url("household_update"), household, "home-drift_weeks", ("13", "1", HUGE))
    vary("member", url("member_update"), member, "me-paid_hours", ("101", "105", HUGE, "NaN"))
    vary("member", url("member_update"), member, "me-personal_time_goal_minutes", ("6001", HUGE))
    vary("member", url("member_update"), member, "me-share", ("101", HUGE, "-1"))
    vary("away", url("week_away"), away, "starts_on", DATES)
    vary("away", url("week_away"), away, "ends_on", DATES)
    vary("personal", url("personal"), personal, "minutes", over)
    vary("personal", url("personal"), personal, "on", DATES)
    vary("ledger edit", url("ledger_edit", world.mine["entry"]), log, "minutes", over)
    vary("ledger edit", url("ledger_edit", world.mine["entry"]), log, "done_on", DATES)
    later = (today + timedelta(days=40)).isoformat()
    goal = {"title": "Probe goal", "why": "", "target_on": later, "owners": pair}
    vary("goal", url("goals"), goal, "owners", (BIG_ID, HUGE, "-1", [pair[0], BIG_ID]))
    vary("goal", url("goals"), goal | {"title": "Probe goal 2"}, "target_on", DATES)
    step = {"milestone-title": "Step", "milestone-owner": home.owner.pk, "milestone-due_on": later}
    g = world.mine["goal"]
    vary("milestone", url("goal_milestone_add", g), step, "milestone-owner", (BIG_ID, HUGE))
    vary("milestone", url("goal_milestone_add", g), step, "milestone-due_on", DATES)
    hope = {"title": "Probe hope", "kind": "other", "support_wanted": "", "target_on": later}
    vary("aspiration", url("aspirations"), hope, "target_on", DATES)
    handover = {"card": card, "to_member": home.partner.pk, "until": later}
    vary("handover", url("handover_add"), handover, "until", DATES)
    vary("handover", url("handover_add"), handover, "to_member", (BIG_ID, HUGE))
    vary("handover", url("handover_add"), handover, "card", (BIG_ID, HUGE))
    vary("handover", url("handover_add"), handover | {"aspiration": BIG_ID}, "until", DATES[:1])
    # A new job waits until every card is rated (the probe's cards are not): the form's own
    # checks must refuse these values before that rule is reached.
    event = {"key": "new-job", "concerns": home.owner.pk, "paid_hours": "30", "until": ""}
    vary("life event", url("life_events"), event, "paid_hours", ("101", HUGE, "NaN"), ok=False)
    vary("life event", url("life_events"), event, "until", DATES, ok=False)
    vary("life event", url("life_events"), event, "concerns", (BIG_ID, HUGE), ok=False)
    action = {"action-text": "Probe", "action-owner": home.owner.pk, "action-due_on": later}
    c = world.mine["checkin"]
    vary("action", url("checkin_action_add", c), action, "action-due_on", DATES)
    vary("action", url("checkin_action_add", c), action, "action-owner", (BIG_ID, HUGE))
    vary("action", url("checkin_action_add", c), action, "action-concern", (BIG_ID, HUGE))
    return cases, valid


def test_out_of_bounds_form_values_are_refused_and_write_nothing(world: World) -> None:
    robin = _probing(world.home.owner_client)
    problems = []
    cases, valid = _field_cases(world)
    for what, link, data in cases:
        before = _state(world)
        r = robin.post(link, data)
        if r.status_code >= 500:
            problems.append(f"{what}: {r.status_code}")
        elif r.status_code not in (200, 302, 400, 404, 409, 422):
            problems.append(f"{what}: {r.status_code}, neither a form error nor a message")
        elif _state(world) != before:
            problems.append(f"{what}: answered {r.status_code} yet changed data")
    for what, link, data in valid:
        r = robin.post(link, data)
        if r.status_code != 302:
            errors = {k: v.errors for k in ("form", "rule_form") if (v := r.context.get(k))}
            problems.append(f"{what}: {r.status_code}, yet its values are valid: {errors}")
    assert not problems, "\n".join(problems)


def test_out_of_range_dates_in_query_strings_never_answer_500(world: World) -> None:
    robin = _probing(world.home.owner_client)
    h = world.mine["household"]
    problems = []
    queries = [("balance", {"period": "custom", "start": d, "end": d}) for d in DATES]
    queries += [("summary", {"week": d}) for d in DATES]
    queries += [("week", {"week": d}) for d in DATES]
    queries += [("ledger", {"period": "custom", "start": d, "end": d}) for d in DATES]
    queries += [("ledger_csv", {"period": "custom", "start": d, "end": d}) for d in DATES]
    queries += [("deal_compare", {"a": n, "b": n}) for n in NUMBERS]
    queries += [("rate", {"card": n}) for n in NUMBERS]
    for name, params in queries:
        r = robin.get(reverse(name, args=[h]), params)
        if r.status_code >= 500:
            problems.append(f"{name} {params}: {r.status_code}")
    assert not problems, "\n".join(problems)


def test_a_custom_period_in_year_one_is_refused_with_a_message(world: World) -> None:
    """Before, 0001-01-01 to 0001-01-02 was accepted as a period (start before today, two days
    long) and the balance page computed year one."""
    robin = world.home.owner_client
    h = world.mine["household"]
    r = robin.get(
        reverse("balance", args=[h]),
        {"period": "custom", "start": "0001-01-01", "end": "0001-01-02"},
    )
    assert r.status_code in (200, 400)
    assert "between the years 2000 and 2100" in r.content.decode()


def test_services_refuse_out_of_bounds_values_too(world: World) -> None:
    """Forms are not the only door (the household file, the API later): each service checks the
    same bounds and says which one."""
    from datetime import date
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from evenly.cards.models import Card
    from evenly.cards.services import card_save, rating_set
    from evenly.checkins.models import Checkin
    from evenly.checkins.services import action_add
    from evenly.growth.services import aspiration_create, handover_propose, life_event_apply
    from evenly.households.services import household_update, member_update
    from evenly.values.services import goal_save
    from evenly.week.services import away_create, entry_mark_done

    home = world.home
    robin, sam = home.owner, home.partner
    card = Card.objects.get(pk=world.mine["card"])
    far = date(9999, 12, 31)
    new_card = {
        "household": home.household,
        "card": None,
        "name": "Probe",
        "category": "Home",
        "cadence": "weekly",
        "minutes": Decimal(5),
        "mental_minutes": Decimal(0),
        "standard": "",
    }
    person = {
        "member": robin,
        "display_name": "Robin",
        "paid_hours": Decimal(40),
        "personal_time_goal_minutes": 0,
        "share": None,
    }
    settings = {
        "household": home.household,
        "name": "Robin & Sam",
        "time_zone": "Europe/London",
        "fairness": "equal",
        "tolerance_minutes": 15,
        "drift_weeks": 3,
    }
    calls = {
        "card minutes": lambda: card_save(**new_card | {"minutes": Decimal(1441)}),
        "card mental": lambda: card_save(**new_card | {"mental_minutes": Decimal(10081)}),
        "card cadence": lambda: card_save(**new_card | {"cadence": "1000000 per week"}),
        "rating minutes": lambda: rating_set(
            member=robin, card=card, preference="fine", minutes=Decimal(1441)
        ),
        "paid hours": lambda: member_update(**person | {"paid_hours": Decimal(105)}),
        "own time": lambda: member_update(**person | {"personal_time_goal_minutes": 6001}),
        "share": lambda: member_update(**person | {"share": Decimal(2)}),
        "tolerance": lambda: household_update(**settings | {"tolerance_minutes": 601}),
        "drift": lambda: household_update(**settings | {"drift_weeks": 13}),
        "away": lambda: away_create(member=robin, starts_on=far, ends_on=far, reason="travel"),
        "done": lambda: entry_mark_done(member=robin, card=card, due_on=far),
        "goal": lambda: goal_save(
            member=robin, goal=None, title="Probe", owners=[robin], target_on=far
        ),
        "aspiration": lambda: aspiration_create(
            member=robin, title="Probe", kind="other", target_on=far
        ),
        "handover": lambda: handover_propose(member=robin, card=card, to_member=sam, until=far),
        "life event": lambda: life_event_apply(member=robin, key="new-job", until=far),
        "life event hours": lambda: life_event_apply(
            member=robin, key="new-job", concerns=robin, paid_hours=Decimal(101)
        ),
        "action": lambda: action_add(
            member=robin,
            checkin=Checkin.objects.get(pk=world.mine["checkin"]),
            text="Probe",
            owner=robin,
            due_on=far,
        ),
    }
    before = _state(world)
    accepted = []
    for what, call in calls.items():
        try:
            call()
        except ValidationError:
            continue
        accepted.append(what)
    assert not accepted, f"accepted out of bounds: {accepted}"
    assert _state(world) == before
