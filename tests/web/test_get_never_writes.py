"""Opening a page never writes: a crawl of every route by GET, as a member of a household with
a deal (and every kind of object in it, and a handover and a life change whose date has passed), fails
on any INSERT, UPDATE or DELETE of the household's data.

The routes come from the URL resolver (``test_security.routes``), so a new page is crawled
without anyone adding it here; their ids come from the objects ``test_security._values`` makes
for every route, through the route's entry in ``SAMPLES`` (which that module insists on).

The JSON API (/api/v1/) is not among these routes: ``tests/web/api/test_walk.py`` reads every
operation of its schema and holds its GETs to the same rule, with one narrow allowance: a
token's own bookkeeping (its rate counter, and its last-used time at most every
``API_TOKEN_LAST_USED_MINUTES``), which is no household's data.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from evenly.growth.models import Handover, LifeEvent
from evenly.growth.selectors import catch_up_due
from evenly.households.models import Household, Member
from tests.conftest import Home
from tests.web.test_security import SAMPLES, _values, routes

pytestmark = pytest.mark.django_db(transaction=False)

WRITE = re.compile(r"^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)

# Tables a GET may write that hold no household data:
IGNORED = {
    # The session: signing in, the CSRF token and the flash messages live there.
    "django_session",
}


def _due_household(home: Home) -> tuple[Household, Member, dict[str, Any]]:
    """Robin and Sam's household with a deal in force, every object a route takes an id of
    (a check-in with a concern, values, goals, an aspiration, time logged...), and two things
    past their date: a handover running until yesterday and a life change that ended
    yesterday."""
    household = home.household
    robin, sam = home.owner, home.partner
    values = _values(home).mine
    yesterday = household.today() - timedelta(days=1)
    card = household.cards.filter(paused=False).order_by("pk").last()
    assert card is not None
    Handover.objects.create(
        household=household,
        card=card,
        from_member=robin,
        to_member=sam,
        until=yesterday,
        status=Handover.Status.RUNNING,
        created_by=robin,
    )
    LifeEvent.objects.create(
        household=household,
        key="illness",
        title="Sam is ill",
        member=sam,
        change={},
        until=yesterday,
        status=LifeEvent.Status.ACTIVE,
        created_by=robin,
    )
    return household, robin, values


def _recording(writes: list[str]) -> Callable[..., Any]:
    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        match = WRITE.match(sql)
        if match and match.group(2).lower() not in IGNORED:
            writes.append(sql[:160])
        return execute(sql, params, many, context)

    return wrapper


def test_no_page_writes_on_get(rated_and_dealt: Home) -> None:
    household, robin, values = _due_household(rated_and_dealt)
    due_before = catch_up_due(household=household)
    assert len(due_before) == 2, due_before
    visitors = {"Robin": Client(), "Sam": Client(), "a visitor": Client()}
    visitors["Robin"].force_login(robin.user)
    visitors["Sam"].force_login(household.members.get(display_name="Sam").user)
    problems: list[str] = []
    crawled = 0
    for route in routes():
        sample = SAMPLES.get(route.name or "")
        if sample is None or set(sample.kwargs) != route.params:
            problems.append(f"{route.route}: cannot fill its ids (see test_security.SAMPLES)")
            continue
        try:
            url = reverse(route.name, kwargs={k: values[v] for k, v in sample.kwargs.items()})
        except KeyError as missing:
            problems.append(f"{route.name}: no sample object for {missing}")
            continue
        # As each member (whose objects above are Robin's), and as someone not signed in.
        for who, visitor in visitors.items():
            writes: list[str] = []
            with connection.execute_wrapper(_recording(writes)):
                response = visitor.get(url)
            crawled += 1
            if response.status_code >= 500:
                problems.append(f"GET {url} as {who}: {response.status_code}")
            problems += [f"GET {url} as {who} wrote: {sql}" for sql in writes]
    assert not problems, "\n".join(problems)
    assert crawled > 3 * 100
    # Still due: nothing brought it up to date behind anyone's back.
    assert catch_up_due(household=household) == due_before


def test_every_household_page_offers_the_catch_up_and_post_applies_it(
    rated_and_dealt: Home,
) -> None:
    household, robin, _values = _due_household(rated_and_dealt)
    client = Client()
    client.force_login(robin.user)
    week = reverse("week", args=[household.pk])
    page = html.unescape(client.get(week).content.decode())
    assert "Robin's handover of" in page and "to Sam ended on" in page
    assert "The life change “Sam is ill” ended on" in page
    assert 'action="' + reverse("catch_up", args=[household.pk]) + '"' in page
    assert f'name="next" value="{week}"' in page
    response = client.post(reverse("catch_up", args=[household.pk]), {"next": week})
    assert response.status_code == 302 and response.url == week
    assert catch_up_due(household=household) == []
    assert not household.handovers.filter(
        status=Handover.Status.RUNNING, until__lt=household.today()
    )
    assert household.life_events.get(title="Sam is ill").status == LifeEvent.Status.ENDED
    page = html.unescape(client.get(week).content.decode())
    assert "a deal giving it back to Robin is proposed" in page
    assert "Sam is ill ended on" in page
    assert "Bring the deal up to date" not in page


def test_manage_catch_up_runs_it_for_every_household_or_one(
    rated_and_dealt: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    household, _robin, _values = _due_household(rated_and_dealt)
    with pytest.raises(SystemExit) as stopped:
        call_command("catch_up", "--household", "999999")
    assert stopped.value.code == 2
    assert "No household has the number 999999." in capsys.readouterr().err
    assert catch_up_due(household=household)
    call_command("catch_up", "--household", str(household.pk))
    out = capsys.readouterr().out
    assert f"Household {household.pk}: 2 thing(s) brought up to date." in out
    # Only counts: no card, member or life change is named in the operator's log.
    assert "Sam" not in out and "ill" not in out
    assert catch_up_due(household=household) == []
    call_command("catch_up")
    assert "Done: 0 household(s) brought up to date." in capsys.readouterr().out


def test_manage_catch_up_says_which_household_failed_and_goes_on(
    rated_and_dealt: Home, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from evenly.growth import tasks as catch_up

    household, _robin, _values = _due_household(rated_and_dealt)

    def broken(*, household: Household) -> list[str]:
        raise RuntimeError("Sam's secret")

    monkeypatch.setattr(catch_up, "growth_catch_up", broken)
    with pytest.raises(SystemExit) as stopped:
        call_command("catch_up")
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert f"Household {household.pk}: could not bring it up to date (RuntimeError)" in err
    assert "Traceback" not in err and "secret" not in err
    assert len(catch_up_due(household=household)) == 2
