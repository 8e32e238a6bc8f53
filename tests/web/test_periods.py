"""Balance and the Ledger speak one period vocabulary: the same names mean the same days, and a
name either page does not know falls back to this week with a message, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse

from evenly.week.periods import NAMED, PERIODS, PeriodForm, named_period
from tests.conftest import Home


def _shown(home: Home, route: str, query: str) -> tuple[int, str]:
    response = home.owner_client.get(reverse(route, args=[home.household.pk]) + "?" + query)
    return response.status_code, response.content.decode()


def _span(start: date, end: date) -> tuple[str, str]:
    return f"{start:%a} {start.day} {start:%b %Y}", f"{end:%a} {end.day} {end:%b %Y}"


@pytest.mark.parametrize("key", list(PERIODS))
def test_balance_and_ledger_accept_the_same_period_names_and_show_the_same_days(
    home: Home, key: str
) -> None:
    today = home.household.today()
    query = f"period={key}"
    if key == "custom":
        query += "&start=2025-01-06&end=2025-01-12"
        start, end = date(2025, 1, 6), date(2025, 1, 12)
    else:
        period = named_period(key, today)
        start, end = period.start, period.end
    first, last = _span(start, end)
    status, balance = _shown(home, "balance", query)
    assert status == 200 and 'role="alert"' not in balance
    assert f"{first} to {last}" in balance
    status, ledger = _shown(home, "ledger", query)
    assert status == 200 and 'role="alert"' not in ledger
    assert f"{first} – {last}" in ledger


@pytest.mark.parametrize(
    "query",
    ["period=fortnight", "period=", "period=custom", "period=custom&start=x&end=y", "start=%00"],
)
def test_bad_periods_show_this_week_on_both_pages(home: Home, query: str) -> None:
    week = named_period("week", home.household.today())
    first, last = _span(week.start, week.end)
    status, balance = _shown(home, "balance", query)
    assert status == 200 and f"{first} to {last}" in balance
    status, ledger = _shown(home, "ledger", query)
    assert status in (200, 400) and f"{first} – {last}" in ledger


def test_named_periods_are_whole_weeks_up_to_today() -> None:
    saturday = date(2026, 12, 5)
    assert [named_period(k, saturday).start for k, _ in NAMED] == [
        date(2026, 11, 30),
        date(2026, 11, 30) - timedelta(weeks=3),
        date(2026, 11, 30) - timedelta(weeks=12),
        date(2026, 11, 30) - timedelta(weeks=51),
    ]
    assert {named_period(k, saturday).end for k, _ in NAMED} == {saturday}


def test_dates_alone_mean_a_custom_period_ending_today_at_the_latest() -> None:
    today = date(2026, 12, 5)
    form = PeriodForm(QueryDict("start=2026-11-01&end=2027-01-01"), today=today, max_years=3)
    chosen = form.chosen()
    assert (chosen.key, chosen.start, chosen.end) == ("custom", date(2026, 11, 1), today)
