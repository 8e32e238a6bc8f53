"""The perception check: estimate privately first, then see the estimates beside the log."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evenly.households.services import member_leave
from evenly.perception import services
from evenly.perception.models import Estimate, Round
from evenly.week.models import LogEntry
from tests.conftest import Home

# Distinctive numbers: estimates and logged shares that appear nowhere else on the page.
ROBIN_THINKS = {"home_share": "47", "mental_share": "53"}
SAM_THINKS = {"home_share": "66", "mental_share": "88"}
LOGGED = ["62", "38", "41", "59"]  # Robin 62 % / Sam 38 % of home; 41 % / 59 % of mental load


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _log(home: Home, member: object, kind: str, minutes: int, days_ago: int) -> None:
    LogEntry.objects.create(
        household=home.household,
        member=member,
        title="Something",
        kind=kind,
        minutes=Decimal(minutes),
        done_on=home.household.today() - timedelta(days=days_ago),
    )


@pytest.fixture
def logged(home: Home) -> Home:
    """Four weeks of log: Robin 310 of 500 home minutes (62 %), 41 of 100 noticing+planning."""
    _log(home, home.owner, "did", 269, 1)
    _log(home, home.owner, "noticed", 20, 3)
    _log(home, home.owner, "planned", 21, 27)  # the first day of the 4 weeks
    _log(home, home.partner, "did", 131, 0)
    _log(home, home.partner, "noticed", 30, 10)
    _log(home, home.partner, "planned", 29, 20)
    _log(home, home.partner, "did", 1000, 28)  # the day before the 4 weeks: not counted
    return home


@pytest.fixture
def started(logged: Home) -> Round:
    check, created = services.round_start(member=logged.owner)
    assert created
    return check


def _visible(client: Client, home: Home) -> str:
    """The page as text with the CSRF tokens taken out (they are random and may hold digits)."""
    html = client.get(_url(home, "perception")).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def _shows(html: str, number: str) -> bool:
    """The number is on the page as text (links are left out: ids in them may match)."""
    text = re.sub(r'(href|action)="[^"]*"', "", html)
    return re.search(rf"\b{number}\b", text) is not None


def _answer(client: Client, home: Home, check: Round, data: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.post(_url(home, "perception_answer", check.pk), data)


# --- starting the month's check ------------------------------------------------------------


def test_page_offers_this_months_check_when_there_is_none(home: Home) -> None:
    response = home.owner_client.get(_url(home, "perception"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Start this month&#x27;s check" in html or "Start this month's check" in html
    assert f'action="{_url(home, "perception_start")}"' in html
    assert "No results yet" in html
    assert "style=" not in html and "<script>" not in html and "onclick" not in html


def test_start_is_idempotent_per_month(home: Home) -> None:
    today = home.household.today()
    for _ in range(2):
        response = home.owner_client.post(_url(home, "perception_start"))
        assert response.status_code == 302
        assert response["Location"] == _url(home, "perception")
    home.partner_client.post(_url(home, "perception_start"))
    check = Round.objects.get()
    assert check.month == today.replace(day=1)
    assert check.period_end == today
    assert check.period_start == today - timedelta(days=27)
    assert check.opened_by == home.owner
    html = home.owner_client.get(_url(home, "perception")).content.decode()
    assert "Start this month" not in html
    assert "Save my estimate" in html


def test_the_month_is_the_households_month(home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    # 23:30 on 31 January in London is already 1 February in Auckland.
    moment = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    home.household.time_zone = "Pacific/Auckland"
    home.household.save()
    home.owner_client.post(_url(home, "perception_start"))
    assert Round.objects.get().month == date(2026, 2, 1)


def test_a_new_months_check_closes_the_last_one(logged: Home) -> None:
    home = logged
    earlier = Round.objects.create(
        household=home.household,
        month=date(2000, 1, 1),
        period_start=date(1999, 12, 4),
        period_end=date(1999, 12, 31),
    )
    Estimate.objects.create(round=earlier, member=home.partner, home_share=66, mental_share=88)
    html = home.owner_client.get(_url(home, "perception")).content.decode()
    assert "Starting it closes the January check" in html
    home.owner_client.post(_url(home, "perception_start"))
    earlier.refresh_from_db()
    assert earlier.closed_at is not None
    assert Round.objects.filter(closed_at__isnull=True).count() == 1
    html = home.owner_client.get(_url(home, "perception")).content.decode()
    assert "January 2000" in html
    assert "Did not answer: Robin" in html


# --- privacy: estimate first, see later -----------------------------------------------------


def test_nobody_sees_figures_or_others_estimates_before_everyone_answered(
    logged: Home, started: Round
) -> None:
    home = logged
    # Before anyone answers, neither member sees any logged share.
    for client in (home.owner_client, home.partner_client):
        html = _visible(client, home)
        assert "Save my estimate" in html
        assert not any(_shows(html, n) for n in LOGGED), html
    assert _answer(home.owner_client, home, started, ROBIN_THINKS).status_code == 302
    # Sam has not answered: no trace of Robin's estimate nor of the log.
    sam = _visible(home.partner_client, home)
    assert "Save my estimate" in sam
    assert "Already answered: Robin" in sam
    for number in [*ROBIN_THINKS.values(), *LOGGED]:
        assert not _shows(sam, number), number
    # Robin answered and sees their own estimate, but not yet the log: Sam is still to answer.
    robin = _visible(home.owner_client, home)
    assert "47&nbsp;%" in robin and "53&nbsp;%" in robin
    assert "Still to answer: Sam" in robin
    assert "Save my estimate" not in robin
    for number in LOGGED:
        assert not _shows(robin, number), number

    assert _answer(home.partner_client, home, started, SAM_THINKS).status_code == 302
    started.refresh_from_db()
    assert started.closed_at is not None and started.closed_by is None
    for client in (home.owner_client, home.partner_client):
        html = _visible(client, home)
        for number in [*ROBIN_THINKS.values(), *SAM_THINKS.values(), *LOGGED]:
            assert _shows(html, number), number
        assert "Robin thought 47\u00a0% of the home work and logged 62\u00a0%" in html
        assert "Sam thought 66\u00a0% of the home work and logged 38\u00a0%" in html
        assert "of the noticing and planning, thought 88\u00a0% and logged 59\u00a0%" in html
        for gap in ["+15", "-12", "-28", "-29"]:
            assert f'<td class="num">{gap}</td>' in html, gap
        assert "Save my estimate" not in html
        assert "Did not answer" not in html


def test_estimates_are_stored_per_member(logged: Home, started: Round) -> None:
    home = logged
    _answer(home.owner_client, home, started, ROBIN_THINKS)
    _answer(home.partner_client, home, started, SAM_THINKS)
    got = {(e.member.display_name, e.home_share, e.mental_share) for e in Estimate.objects.all()}
    assert got == {("Robin", 47, 53), ("Sam", 66, 88)}


def test_answering_twice_is_refused(logged: Home, started: Round) -> None:
    home = logged
    _answer(home.owner_client, home, started, ROBIN_THINKS)
    response = _answer(home.owner_client, home, started, {"home_share": 10, "mental_share": 10})
    assert response.status_code == 302
    html = home.owner_client.get(_url(home, "perception")).content.decode()
    assert "You have already answered this check." in html
    assert Estimate.objects.get().home_share == 47


def test_closing_early_shows_everyone_the_results(logged: Home, started: Round) -> None:
    home = logged
    # Not before one answer.
    home.partner_client.post(_url(home, "perception_close", started.pk))
    started.refresh_from_db()
    assert started.is_open
    assert (
        "Nobody has answered yet"
        in home.partner_client.get(_url(home, "perception")).content.decode()
    )

    _answer(home.owner_client, home, started, ROBIN_THINKS)
    response = home.owner_client.post(_url(home, "perception_close", started.pk))
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.closed_at is not None and started.closed_by == home.owner
    sam = _visible(home.partner_client, home)
    assert "Robin thought 47\u00a0% of the home work and logged 62\u00a0%" in sam
    assert "Did not answer: Sam" in sam
    assert "Save my estimate" not in sam
    # A closed check takes no more answers.
    _answer(home.partner_client, home, started, SAM_THINKS)
    assert Estimate.objects.count() == 1
    assert (
        "This check is closed" in home.partner_client.get(_url(home, "perception")).content.decode()
    )


def test_the_remaining_members_answers_close_the_check_when_someone_left(
    logged: Home, started: Round
) -> None:
    home = logged
    Estimate.objects.create(round=started, member=home.partner, home_share=66, mental_share=88)
    member_leave(member=home.partner)
    _answer(home.owner_client, home, started, ROBIN_THINKS)
    started.refresh_from_db()
    assert started.closed_at is not None


def test_with_nothing_logged_the_estimates_stand_alone(home: Home) -> None:
    check, _ = services.round_start(member=home.owner)
    _answer(home.owner_client, home, check, ROBIN_THINKS)
    _answer(home.partner_client, home, check, SAM_THINKS)
    html = home.owner_client.get(_url(home, "perception")).content.decode()
    assert "nothing was logged to compare with" in html
    assert '<td class="num">—</td>' in html


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "typed"),
    [
        ({"home_share": "101", "mental_share": "50"}, "home_share", "101"),
        ({"home_share": "40", "mental_share": "-1"}, "mental_share", "-1"),
        ({"home_share": "lots", "mental_share": "50"}, "home_share", "lots"),
        ({"home_share": "40.5", "mental_share": "50"}, "home_share", "40.5"),
        ({"home_share": "", "mental_share": "50"}, "home_share", ""),
    ],
)
def test_bad_estimates_are_shown_beside_the_field_with_what_was_typed(
    logged: Home, started: Round, data: dict[str, str], field: str, typed: str
) -> None:
    home = logged
    response = _answer(home.owner_client, home, started, data)
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
    assert "A whole number from 0 to 100." in error
    if typed:
        assert f'name="{field}" value="{typed}"' in html
    other = "mental_share" if field == "home_share" else "home_share"
    assert f'name="{other}" value="{data[other]}"' in html
    assert not Estimate.objects.exists()
    assert not any(_shows(html, n) for n in LOGGED)


def test_the_service_checks_the_range_too(logged: Home, started: Round) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.estimate_submit(member=logged.owner, round=started, home_share=120, mental_share=0)
    assert set(caught.value.message_dict) == {"home_share"}
    assert not Estimate.objects.exists()


# --- who may reach what ---------------------------------------------------------------------


def _views(home: Home, check: Round) -> list[tuple[str, list[str]]]:
    return [
        (_url(home, "perception"), ["GET"]),
        (_url(home, "perception_start"), ["POST"]),
        (_url(home, "perception_answer", check.pk), ["POST"]),
        (_url(home, "perception_close", check.pk), ["POST"]),
    ]


def test_every_perception_route_is_covered_here(logged: Home, started: Round) -> None:
    from evenly.perception.urls import urlpatterns

    assert len(_views(logged, started)) == len(urlpatterns)


def test_outsider_gets_404(logged: Home, started: Round) -> None:
    home = logged
    for url, methods in _views(home, started):
        for method in methods:
            response = getattr(home.outsider_client, method.lower())(url, ROBIN_THINKS)
            assert response.status_code == 404, (url, method)
            assert "Robin" not in response.content.decode(), (url, method)
    assert Round.objects.count() == 1 and not Estimate.objects.exists()


def test_anonymous_is_sent_to_login(logged: Home, started: Round) -> None:
    home = logged
    for url, _methods in _views(home, started):
        for method in ["GET", "POST"]:
            response = getattr(home.anon_client, method.lower())(url, ROBIN_THINKS)
            assert response.status_code == 302, (url, method)
            assert response["Location"].startswith("/login/"), (url, method)
    assert Round.objects.count() == 1 and not Estimate.objects.exists()


def test_wrong_method_is_405(logged: Home, started: Round) -> None:
    home = logged
    for url, methods in _views(home, started):
        for method in {"GET", "POST", "PUT", "DELETE"} - set(methods):
            response = getattr(home.owner_client, method.lower())(url)
            assert response.status_code == 405, (url, method)
    assert Round.objects.count() == 1 and not Estimate.objects.exists()


def test_another_households_round_is_404(logged: Home, started: Round) -> None:
    home = logged
    theirs, _ = services.round_start(member=home.outsider)
    client = home.owner_client
    assert _answer(client, home, theirs, ROBIN_THINKS).status_code == 404
    assert client.post(_url(home, "perception_close", theirs.pk)).status_code == 404
    # Nor through the outsider's household id with Robin's round.
    olly = home.outsider_client
    url = reverse("perception_answer", args=[home.other_household.pk, started.pk])
    assert olly.post(url, SAM_THINKS).status_code == 404
    url = reverse("perception_close", args=[home.other_household.pk, started.pk])
    assert olly.post(url).status_code == 404
    assert not Estimate.objects.exists()
    theirs.refresh_from_db()
    started.refresh_from_db()
    assert theirs.is_open and started.is_open


def test_writes_need_a_csrf_token(logged: Home, started: Round) -> None:
    home = logged
    client = Client(enforce_csrf_checks=True)
    client.force_login(home.owner.user)  # type: ignore[attr-defined]
    for url, methods in _views(home, started):
        if "POST" in methods:
            assert client.post(url, ROBIN_THINKS).status_code == 403, url


# --- queries --------------------------------------------------------------------------------


def _past_round(home: Home, months_ago: int) -> None:
    month = date(2020 - months_ago // 12, 12 - months_ago % 12, 1)
    check = Round.objects.create(
        household=home.household,
        month=month,
        period_start=month - timedelta(days=28),
        period_end=month - timedelta(days=1),
        closed_at=timezone.now(),
    )
    LogEntry.objects.create(
        household=home.household, member=home.owner, title="Old", kind="did",
        minutes=Decimal(30), done_on=month - timedelta(days=2),
    )  # fmt: skip
    for member, share in ((home.owner, 60), (home.partner, 45)):
        Estimate.objects.create(round=check, member=member, home_share=share, mental_share=share)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("without_needs_count")
def test_the_page_takes_the_same_queries_for_few_or_many_rounds(
    logged: Home, started: Round
) -> None:
    home = logged
    url = _url(home, "perception")
    _past_round(home, 1)
    few = _count(home.owner_client, url)
    for months_ago in range(2, 14):
        _past_round(home, months_ago)
    many = _count(home.owner_client, url)
    assert many == few
    # Seven for the page, two for the notices every household page reads (the catch-up).
    assert many <= 9
    html = home.owner_client.get(url).content.decode()
    assert html.count("Robin thought 60\u00a0%") == 13
