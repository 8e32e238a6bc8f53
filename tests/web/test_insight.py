"""The balance page (period, figures, drift, trend) and the stereotype mirror."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evenly.cards.models import Card
from evenly.core.mirror import Tradition, tradition
from evenly.week.models import LogEntry, PersonalTime
from tests.conftest import Home

ROUTES = ["balance", "mirror"]


def _url(home: Home, name: str) -> str:
    return reverse(name, args=[home.household.pk])


def _monday(home: Home) -> date:
    today = home.household.today()
    return today - timedelta(days=today.weekday())


def _log(home: Home, member, minutes: int, on: date, card: str | None = None, kind: str = "did"):  # type: ignore[no-untyped-def]
    card_obj = home.household.cards.get(name=card) if card else None
    return LogEntry.objects.create(
        household=home.household,
        member=member,
        card=card_obj,
        title=card or "Fixed the fence",
        kind=kind,
        minutes=Decimal(minutes),
        done_on=on,
    )


def _get(home: Home, name: str, **params: str) -> str:
    response = home.owner_client.get(_url(home, name), params)
    assert response.status_code == 200
    return response.content.decode()


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_outsider_gets_404(home: Home, route: str) -> None:
    assert home.outsider_client.get(_url(home, route)).status_code == 404


@pytest.mark.parametrize("route", ROUTES)
def test_wrong_method_is_405(home: Home, route: str) -> None:
    assert home.owner_client.post(_url(home, route)).status_code == 405


@pytest.mark.parametrize("route", ROUTES)
def test_anonymous_is_sent_to_log_in(home: Home, route: str) -> None:
    response = home.anon_client.get(_url(home, route))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_balance_tab_is_in_the_nav(home: Home) -> None:
    html = _get(home, "week")
    assert f'href="{_url(home, "balance")}"' in html


# --- the balance ---------------------------------------------------------------------------


def test_empty_state_before_anything_is_logged(home: Home) -> None:
    html = _get(home, "balance")
    assert "Nothing logged in this period yet" in html
    assert "Drifting" not in html


def test_hand_checked_figures_for_one_week(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    start = _monday(home) - timedelta(weeks=2)
    robin, sam = home.owner, home.partner
    _log(home, robin, 60, start, "Laundry")
    _log(home, robin, 10, start + timedelta(days=1), "Laundry", kind="noticed")
    _log(home, robin, 20, start + timedelta(days=2), "Bins out", kind="planned")
    _log(home, sam, 30, start + timedelta(days=6), "Bins out")
    _log(home, sam, 500, start + timedelta(days=7), "Bins out")  # the next week: left out
    PersonalTime.objects.create(household=home.household, member=sam, minutes=45, on=start)
    robin.personal_time_goal_minutes = 120
    robin.save()
    html = _get(
        home,
        "balance",
        period="custom",
        start=start.isoformat(),
        end=(start + timedelta(days=6)).isoformat(),
    )
    # Total 120 min, equal shares of 60: Robin 90 (+30, 75%), Sam 30 (−30, 25%).
    assert "<strong>2 h</strong> of home work" in html
    row = '<td>Robin</td><td class="num">1 h 30</td><td class="num">1 h</td>'
    assert row + '<td class="num">+30 min</td><td class="num">75%</td>' in html
    assert '<td>Sam</td><td class="num">30 min</td><td class="num">1 h</td>' in html
    assert '<td class="num">−30 min</td><td class="num">25%</td>' in html
    # Did 60, noticed 10, planned 20: the unseen part is 30 of 90 min.
    assert (
        '<td>Robin</td><td class="num">1 h</td><td class="num">10 min</td>'
        '<td class="num">20 min</td><td class="num">33%</td>'
    ) in html
    # Personal time: Robin took 0 of a 2 h goal; Sam took 45 min, no goal.
    assert '<td class="num">0 min</td><td class="num">2 h</td><td class="num">−2 h</td>' in html
    assert (
        '<td class="num">45 min</td><td class="num">0 min</td><td class="num">+45 min</td>' in html
    )
    # Free time: 112 h less home work; the gap is 60 minutes a week.
    assert "Leisure gap: <strong>1 h a week</strong>" in html
    # Planned: the deal's weekly load for one week.
    load = home.household.deals.get().certificate["members"]["Robin"]["load_minutes"]
    assert "Planned by the deal and logged" in html
    h, m = divmod(round(load), 60)
    assert f'<td>Robin</td><td class="num">{h} h {m} min' in html or f"{h} h</td>" in html
    # A week is too short for the weekly trend.
    assert "Week by week" not in html
    for caption in ("Home work in the period", "Doing, noticing and planning", "Total work"):
        assert f"<caption>{caption}" in html


def test_trend_for_four_weeks(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    first = _monday(home) - timedelta(weeks=3)
    for w in range(4):
        _log(home, home.owner, 30, first + timedelta(weeks=w), "Laundry")
        _log(home, home.partner, 90, first + timedelta(weeks=w), "Laundry")
    html = _get(home, "balance", period="4w")
    assert "Week by week" in html
    assert html.count('<polyline class="bal-line') == 2
    assert html.count("25% <span") == 4 and html.count("75% <span") == 4


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom", "start": "2025-13-01", "end": "2025-02-01"}, "is not a date like"),
        ({"period": "custom", "start": "", "end": "2025-02-01"}, "Give a start date"),
        ({"period": "custom", "start": "2025-03-01", "end": "2025-02-01"}, "before it starts"),
        ({"period": "custom", "start": "2019-01-01", "end": "2025-02-01"}, "at most three years"),
        ({"period": "custom", "start": "2099-01-01", "end": "2099-02-01"}, "in the future"),
        ({"period": "custom", "start": "2999-01-01", "end": "2999-02-01"}, "between the years"),
        ({"period": "fortnight"}, "Choose one of the periods"),
    ],
)
@pytest.mark.parametrize("route", ROUTES)
def test_bad_periods_say_what_is_wrong(
    home: Home, route: str, params: dict[str, str], message: str
) -> None:
    html = _get(home, route, **params)
    assert message in html
    assert "Showing this week instead" in html


def test_good_periods(home: Home) -> None:
    today = home.household.today()
    monday = _monday(home)
    for key, start in [
        ("week", monday),
        ("4w", monday - timedelta(weeks=3)),
        ("3m", monday - timedelta(weeks=12)),
        ("year", monday - timedelta(weeks=51)),
    ]:
        html = _get(home, "balance", period=key)
        assert f"{start:%a} {start.day} {start:%b %Y} to" in html
        assert 'role="alert"' not in html
    html = _get(home, "balance", period="custom", start="2025-01-06", end="2025-01-12")
    assert "Mon 6 Jan 2025 to Sun 12 Jan 2025 (7 days)" in html
    assert today  # the default is this week
    assert f"{monday:%a} {monday.day} {monday:%b %Y} to" in _get(home, "balance")


# --- drift ---------------------------------------------------------------------------------


def test_drift_when_one_member_is_over_three_weeks_running(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    monday = _monday(home)
    for w in (1, 2, 3):
        _log(home, home.owner, 300, monday - timedelta(weeks=w), "Laundry")
        _log(home, home.partner, 60, monday - timedelta(weeks=w), "Bins out")
    html = _get(home, "balance")
    assert "Drifting from the deal" in html
    assert "<strong>Robin</strong> has been <strong>over</strong> their share for 3 weeks" in html
    assert "<strong>Sam</strong> has been <strong>under</strong>" in html
    assert "<td>Laundry</td>" in html
    assert f'action="{reverse("deal_propose", args=[home.household.pk])}"' in html
    assert "Ask for a re-deal" in html


def test_no_drift_when_only_two_weeks_are_off(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    monday = _monday(home)
    for w, (robin, sam) in {1: (300, 60), 2: (300, 60), 3: (100, 100)}.items():
        _log(home, home.owner, robin, monday - timedelta(weeks=w), "Laundry")
        _log(home, home.partner, sam, monday - timedelta(weeks=w), "Bins out")
    assert "Drifting" not in _get(home, "balance", period="4w")


def test_the_household_chooses_how_many_weeks_count_as_drift(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    home.household.drift_weeks = 2
    home.household.save()
    monday = _monday(home)
    for w, (robin, sam) in {1: (300, 60), 2: (300, 60), 3: (100, 100)}.items():
        _log(home, home.owner, robin, monday - timedelta(weeks=w), "Laundry")
        _log(home, home.partner, sam, monday - timedelta(weeks=w), "Bins out")
    html = _get(home, "balance", period="4w")
    assert "<strong>Robin</strong> has been <strong>over</strong> their share for 2 weeks" in html


# --- the mirror ----------------------------------------------------------------------------


def test_mirror_classifies_lawn_and_laundry(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    assert tradition("Lawn and garden care") is Tradition.MOSTLY_MEN
    assert tradition("Housework") is Tradition.MOSTLY_WOMEN
    Card.objects.create(
        household=home.household,
        name="Mowing the lawn",
        catalog_key="lawn-mowing",
        category="Home & garden",
        cadence="every 2 weeks",
        minutes=Decimal(45),
    )
    home.household.cards.filter(name="Laundry").update(catalog_key="laundry")
    day = _monday(home) - timedelta(days=3)
    _log(home, home.owner, 90, day, "Mowing the lawn")
    _log(home, home.partner, 120, day, "Laundry")
    _log(home, home.partner, 20, day)  # free text: not coded
    _log(home, home.owner, 15, day, "Bins out")  # a custom card: not coded
    _log(home, home.owner, 500, day, "Laundry", kind="noticed")  # only work done counts
    html = _get(home, "mirror", period="4w")
    assert (
        "Sam holds 100% of the work traditionally done mostly by women and Robin holds 100% "
        "of the work traditionally done mostly by men"
    ) in html
    assert "Counted: 3 h 30" in html
    assert "Not coded: 35 min (Robin 15 min, Sam 20 min)" in html
    assert "Married parents, both employed full time" in html
    for caveat in ("U.S. averages over individuals", "A single household is not a sample"):
        assert caveat in html
    assert "American Time Use Survey" in html
    assert "<caption>Traditionally mostly women&#x27;s: who does it</caption>" in html
    # It never asks anyone's gender: the only form is the period picker.
    main = html[html.index("<main") : html.index("</main>")]
    assert main.count("<form") == 1  # the period: the mirror itself changes nothing
    assert 'name="gender"' not in html


def test_mirror_empty(home: Home) -> None:
    html = _get(home, "mirror")
    assert "Nothing to mirror in this period yet" in html
    assert "Not enough has been logged yet" in html


# --- queries -------------------------------------------------------------------------------


def _queries(home: Home, route: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = home.owner_client.get(_url(home, route), {"period": "year"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.usefixtures("without_needs_count")
@pytest.mark.parametrize("route", ROUTES)
def test_query_count_does_not_grow_with_entries(rated_and_dealt: Home, route: str) -> None:
    home = rated_and_dealt
    home.household.cards.filter(name="Laundry").update(catalog_key="laundry")
    monday = _monday(home)
    cards = ["Laundry", "Bins out", "Cooking dinner", "Bathroom clean", None]

    def add(n: int, offset: int) -> None:
        for i in range(n):
            who = home.owner if i % 2 else home.partner
            _log(home, who, 10 + i % 7, monday - timedelta(days=(i + offset) % 300), cards[i % 5])

    add(10, 0)
    few = _queries(home, route)
    add(290, 10)
    assert _queries(home, route) == few
    assert few <= 12


def test_after_a_re_deal_the_balance_says_the_plan_counts_from_the_first_deal(
    rated_and_dealt: Home,
) -> None:
    """The plan of a re-dealt household counts from its first deal's day, and the page says so
    (it used to say "from the day it started", the new version's day, which was not true)."""
    from evenly.deals.models import Deal
    from evenly.deals.services import deal_accept, deal_propose

    home = rated_and_dealt
    first = home.household.deals.get(status=Deal.Status.ACTIVE)
    started = home.household.today() - timedelta(days=40)
    Deal.objects.filter(pk=first.pk).update(
        activated_at=first.activated_at - timedelta(days=40)  # type: ignore[operator]
    )
    again = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=again, member=home.owner)
    deal_accept(deal=again, member=home.partner)
    _log(home, home.owner, 30, home.household.today(), "Laundry")
    html = _get(home, "balance", period="month")
    said = f"{started.day} {started:%b} {started.year}"
    assert f"What the deal in force now (v{again.version})" in html
    assert f"your household’s first deal started ({said})" in html
    assert "from the day it started" not in html
