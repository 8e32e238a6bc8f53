"""How it feels: the monthly check, sealed until everyone answered, its trend beside the
balance, the weekly summary's line, the export and an account's deletion."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evenly.accounts.services import account_delete
from evenly.core.felt import Answer
from evenly.felt import selectors, services
from evenly.felt.models import FeltAnswer, FeltMonth
from evenly.transfer.selectors import household_export
from evenly.week.models import LogEntry
from tests.conftest import Home

pytestmark = pytest.mark.django_db

# Distinctive answers: Robin's CSI-4 sums to 17, Sam's to 9; neither number is elsewhere.
ROBIN = {
    "fair_to_me": "6",
    "fair_to_partner": "2",
    "satisfied": "6",
    "csi_happy": "5",
    "csi_warm": "4",
    "csi_rewarding": "4",
    "csi_satisfied": "4",
}
SAM = {
    "fair_to_me": "2",
    "fair_to_partner": "5",
    "satisfied": "3",
    "csi_happy": "3",
    "csi_warm": "2",
    "csi_rewarding": "2",
    "csi_satisfied": "2",
}


def _url(home: Home, name: str) -> str:
    return reverse(name, args=[home.household.pk])


def _core(data: dict[str, str]) -> Answer:
    return Answer(**{k: int(v) for k, v in data.items()})


@pytest.fixture
def on(home: Home) -> Home:
    services.felt_turn_on(member=home.owner)
    return home


def test_off_until_a_member_turns_it_on_for_the_household(home: Home) -> None:
    page = home.owner_client.get(_url(home, "felt")).content.decode()
    assert "Turn on the monthly check" in page
    with pytest.raises(ValidationError):
        services.felt_answer(member=home.owner, answer=_core(ROBIN))
    r = home.partner_client.post(_url(home, "felt_on"))
    assert r.status_code == 302
    assert services.is_on(home.household)
    page = home.owner_client.get(_url(home, "felt")).content.decode()
    assert "Save my answers" in page and 'name="csi_happy"' in page


def test_outsider_gets_404_on_every_route(on: Home) -> None:
    for name in ("felt", "felt_on", "felt_off", "felt_answer"):
        client = on.outsider_client
        r = client.get(_url(on, name)) if name == "felt" else client.post(_url(on, name), ROBIN)
        assert r.status_code == 404, name
    assert not FeltAnswer.objects.exists()


def test_answers_are_sealed_until_everyone_answered(on: Home) -> None:
    r = on.owner_client.post(_url(on, "felt_answer"), ROBIN)
    assert r.status_code == 302
    # Robin sees their own answer in the form; Sam sees neither it nor its score.
    mine = on.owner_client.get(_url(on, "felt")).content.decode()
    assert "Change my answers" in mine
    theirs = on.partner_client.get(_url(on, "felt")).content.decode()
    assert "17/21" not in theirs and "6/7" not in theirs
    assert "Robin" not in theirs.split("Still to answer:")[-1].split("</p>")[0]
    assert "Sam" in theirs.split("Still to answer:")[-1].split("</p>")[0]
    assert selectors.felt_trend(household=on.household) is None
    balance = on.partner_client.get(_url(on, "balance")).content.decode()
    assert "data-felt-trend" not in balance
    export = household_export(member=on.partner)
    assert export["how_it_feels"]["answers"] == []
    own = household_export(member=on.owner)["how_it_feels"]["answers"]
    assert [a["fair_to_me"] for a in own] == [6]
    # Sam answers: the month opens for both.
    r = on.partner_client.post(_url(on, "felt_answer"), SAM)
    assert r.status_code == 302
    assert FeltMonth.objects.filter(household=on.household).count() == 1
    theirs = on.partner_client.get(_url(on, "felt")).content.decode()
    assert "17/21" in theirs and "9/21" in theirs
    both = household_export(member=on.partner)["how_it_feels"]["answers"]
    assert sorted(a["fair_to_me"] for a in both) == [2, 6]
    balance = on.partner_client.get(_url(on, "balance")).content.decode()
    assert "data-felt-trend" in balance and "Feels fair 4 of 7" in balance


def test_answering_again_changes_the_answer_until_the_month_opens(on: Home) -> None:
    on.owner_client.post(_url(on, "felt_answer"), ROBIN)
    on.owner_client.post(_url(on, "felt_answer"), ROBIN | {"fair_to_me": "3"})
    assert FeltAnswer.objects.get(member=on.owner).fair_to_me == 3
    on.partner_client.post(_url(on, "felt_answer"), SAM)
    r = on.owner_client.post(_url(on, "felt_answer"), ROBIN, follow=True)
    assert "can no longer change" in r.content.decode()
    assert FeltAnswer.objects.get(member=on.owner).fair_to_me == 3


@pytest.mark.parametrize(
    ("field", "value"),
    [("fair_to_me", "0"), ("satisfied", "8"), ("csi_happy", "7"), ("csi_warm", "x")],
)
def test_out_of_bounds_is_refused_and_writes_nothing(on: Home, field: str, value: str) -> None:
    r = on.owner_client.post(_url(on, "felt_answer"), ROBIN | {field: value})
    assert r.status_code == 400
    assert f'id="id_{field}_error"' in r.content.decode()
    assert not FeltAnswer.objects.exists()
    with pytest.raises(ValidationError):
        services.felt_answer(member=on.owner, answer=_core(ROBIN | {field: "9"}))


def test_needs_you_shows_this_months_check_until_answered(on: Home) -> None:
    page = on.partner_client.get(_url(on, "needs")).content.decode()
    assert "This month&#x27;s check" in page or "This month's check" in page
    on.partner_client.post(_url(on, "felt_answer"), SAM)
    page = on.partner_client.get(_url(on, "needs")).content.decode()
    assert "how fair it feels" not in page


def test_the_weekly_summary_says_when_felt_and_measured_diverge(on: Home) -> None:
    today = on.household.today()
    day = today.replace(day=1)
    # Robin logged 8 h of 10 this month and says it feels fair: they diverge.
    LogEntry.objects.create(
        household=on.household,
        member=on.owner,
        title="x",
        kind="did",
        minutes=Decimal(480),
        done_on=day,
    )
    LogEntry.objects.create(
        household=on.household,
        member=on.partner,
        title="y",
        kind="did",
        minutes=Decimal(120),
        done_on=day,
    )
    on.owner_client.post(_url(on, "felt_answer"), ROBIN)
    summary = on.partner_client.get(_url(on, "summary") + f"?week={day:%Y-%m-%d}").content.decode()
    assert "data-felt-diverging" not in summary  # sealed: Robin's answer is not read yet
    on.partner_client.post(_url(on, "felt_answer"), SAM)
    summary = on.partner_client.get(_url(on, "summary") + f"?week={day:%Y-%m-%d}").content.decode()
    assert "data-felt-diverging" in summary
    assert "Robin logged 80" in summary


def test_answers_leave_with_the_account(on: Home) -> None:
    services.felt_answer(member=on.owner, answer=_core(ROBIN))
    services.felt_answer(member=on.partner, answer=_core(SAM))
    account_delete(user=on.partner.user)
    assert list(FeltAnswer.objects.values_list("member_id", flat=True)) == [on.owner.pk]


def test_a_member_who_leaves_takes_sealed_answers_and_the_month_opens(on: Home) -> None:
    from evenly.households.services import member_leave

    services.felt_answer(member=on.partner, answer=_core(SAM))
    member_leave(member=on.partner)
    assert not FeltAnswer.objects.exists()
    _row, opened = services.felt_answer(member=on.owner, answer=_core(ROBIN))
    assert opened


def test_the_trend_runs_over_months_everyone_answered(on: Home) -> None:
    month = on.household.today().replace(day=1)
    earlier = (month - timedelta(days=1)).replace(day=1)
    for member, fair in ((on.owner, 2), (on.partner, 4)):
        FeltAnswer.objects.create(
            household=on.household,
            member=member,
            month=earlier,
            **({k: int(v) for k, v in ROBIN.items()} | {"fair_to_me": fair}),
        )
    FeltMonth.objects.create(household=on.household, month=earlier)
    services.felt_answer(member=on.owner, answer=_core(ROBIN))
    services.felt_answer(member=on.partner, answer=_core(ROBIN | {"fair_to_me": "4"}))
    trend = selectors.felt_trend(household=on.household)
    assert trend is not None and (trend.fair_from, trend.fair_to, trend.months) == (3, 5, 2)
    page = on.owner_client.get(_url(on, "balance")).content.decode()
    assert "Since you started: feels fair 3 → 5 of 7" in page


def test_turning_it_off_keeps_the_answers(on: Home) -> None:
    services.felt_answer(member=on.owner, answer=_core(ROBIN))
    on.partner_client.post(_url(on, "felt_off"))
    assert not services.is_on(on.household)
    assert FeltAnswer.objects.count() == 1
    export = household_export(member=on.owner)
    assert json.dumps(export)  # the file stays JSON
    assert export["how_it_feels"]["on"] is False


def test_the_demo_household_shows_the_trend_and_reading_it_writes_nothing() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from evenly.demo import demo_load
    from evenly.households.models import Household, Member

    result = demo_load()
    household = Household.objects.get(pk=result.household_id)
    robin = Member.objects.get(household=household, display_name="Robin")
    sam = Member.objects.get(household=household, display_name="Sam")
    assert selectors.felt_trend(household=household) is not None
    client = Client()
    client.force_login(sam.user)
    balance = reverse("balance", args=[household.pk])
    page = reverse("felt", args=[household.pk])
    client.get(balance)  # the session's first write happens here, not below
    with CaptureQueriesContext(connection) as queries:
        shown = client.get(balance).content.decode()
        felt_page = client.get(page).content.decode()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert "data-felt-trend" in shown
    # Robin answered this month; Sam has not, so Robin's answer stays sealed for Sam.
    assert "Still to answer:" in felt_page and "Save my answers" in felt_page
    assert FeltAnswer.objects.filter(member=robin, month=household.today().replace(day=1)).exists()


def test_a_file_moves_the_answers_it_may_carry_and_refuses_numbers_out_of_bounds(on: Home) -> None:
    from evenly.accounts.services import account_create
    from evenly.core.household_document import DocumentError
    from evenly.transfer.services import household_import

    services.felt_answer(member=on.owner, answer=_core(ROBIN))
    services.felt_answer(member=on.partner, answer=_core(SAM))
    month = on.household.today().replace(day=1)
    doc = household_export(member=on.owner)
    assert all(a["open"] for a in doc["how_it_feels"]["answers"])
    user = account_create(
        email="moved@example.org", password="correct horse battery", verified=True
    )
    moved = household_import(user=user, data=doc)
    assert FeltMonth.objects.filter(household=moved, month=month).exists()
    assert FeltAnswer.objects.for_household(moved).count() == 2
    trend = selectors.felt_trend(household=moved)
    assert trend is not None and trend.fair_to == 4

    for wrong, path in (
        ({"fair_to_me": 9}, "how_it_feels.answers[0].fair_to_me"),
        ({"csi_happy": 7}, "how_it_feels.answers[0].csi_happy"),
        ({"member": "m9"}, "how_it_feels.answers[0].member"),
        ({"month": "someday"}, "how_it_feels.answers[0].month"),
    ):
        bad = json.loads(json.dumps(doc))
        bad["how_it_feels"]["answers"][0] |= wrong
        with pytest.raises(DocumentError) as refused:
            household_import(user=user, data=bad)
        assert path in [p.path for p in refused.value.problems], wrong
    twice = json.loads(json.dumps(doc))
    twice["how_it_feels"]["answers"][1]["member"] = twice["how_it_feels"]["answers"][0]["member"]
    with pytest.raises(DocumentError):
        household_import(user=user, data=twice)


def test_download_my_data_holds_my_answers_only(on: Home) -> None:
    from evenly.privacy.export import person_export

    services.felt_answer(member=on.owner, answer=_core(ROBIN))
    services.felt_answer(member=on.partner, answer=_core(SAM))
    (mine,) = person_export(user=on.partner.user)["memberships"]
    rows = mine["felt.FeltAnswer"]
    assert [(r["member"], r["fair_to_me"]) for r in rows] == [(on.partner.pk, 2)]


def test_the_page_in_german_says_the_translation_is_not_validated(on: Home) -> None:
    german = on.owner_client.get(_url(on, "felt"), headers={"accept-language": "de"})
    page = german.content.decode()
    assert "Wie es sich anfühlt" in page
    assert "die Autoren haben sie nicht validiert" in page
    assert "Bitte gib an, wie glücklich du" in page
    english = on.partner_client.get(_url(on, "felt"), headers={"accept-language": "en"})
    assert "Please indicate the degree of happiness" in english.content.decode()
    assert "validated" not in english.content.decode()
