"""The balance summed in SQL equals the balance summed entry by entry in Python.

``insight.selectors`` sums the ledger in the database by member, kind, card, owner (and week),
in whole hundredths of a minute. Here hypothesis makes ledgers (odd minutes with two decimals,
every kind, cards in and outside the deal, free text, things done for the other member, days
before and after the deal started, skipped occurrences and personal time), and each figure of
the Balance page is compared with the core's figures over the entries one by one, as the page
worked them out before: the period's balance exactly (every field, by card included), each
week's trend figures, the drift and its causes, and the count of entries. Runs on the test
database (SQLite; PostgreSQL with ``DATABASE_URL``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evenly.cards.to_core import fraction
from evenly.core.balance import LogItem, PersonalItem, SkippedItem, balance, drift, weekly_shares
from evenly.deals.models import Deal
from evenly.insight import selectors
from evenly.week.models import LogEntry, OccurrenceChange, PersonalTime
from evenly.week.periods import Period
from tests.conftest import Home

SPAN = 70  # days of history before today

entry = st.fixed_dictionaries(
    {
        "who": st.integers(0, 1),
        "kind": st.sampled_from(["did", "noticed", "planned"]),
        "hundredths": st.integers(1, 60_000),
        "days_ago": st.integers(0, SPAN),
        "card": st.integers(-1, 3),  # -1: free text
        "for_other": st.booleans(),
    }
)


def _reference(
    household: Any, hh: Any, start: date, end: date, today: date
) -> tuple[Any, list[Any], list[Any], int]:
    """The figures worked out entry by entry, as the page did before summing in SQL."""
    names = hh.names
    drift_start, drift_end = selectors.drift_window(household=household, today=today)
    low, high = min(start, drift_start), max(end, drift_end)
    items = []
    for member_id, kind, minutes, on, card_id, card_name, covered_id in LogEntry.objects.filter(
        household=household, done_on__range=(low, high)
    ).values_list(
        "member_id", "kind", "minutes", "done_on", "card_id", "card__name", "covered_for_id"
    ):
        in_force = hh.since is not None and on >= hh.since
        owner = (
            selectors._owner(names[member_id], hh.holders_of.get(card_id), names.get(covered_id))
            if in_force
            else None
        )
        items.append(LogItem(names[member_id], kind, fraction(minutes), on, card_name, owner))
    personal = [
        PersonalItem(names[m], fraction(minutes), on)
        for m, minutes, on in PersonalTime.objects.filter(household=household).values_list(
            "member_id", "minutes", "on"
        )
    ]
    skipped = [
        SkippedItem(names[m], fraction(minutes), on)
        for m, minutes, on in OccurrenceChange.objects.filter(household=household).values_list(
            "owner_id", "minutes", "due_on"
        )
    ]
    common: dict[str, Any] = {
        "members": hh.facts,
        "fairness": hh.fairness,
        "planned_weekly": hh.planned_weekly,
        "count_personal_time": household.count_personal_time,
        "skipped": skipped,
        "plan_since": hh.since,
    }
    in_period = [i for i in items if start <= i.on <= end]
    whole = balance(items=in_period, personal=personal, start=start, end=end, **common)
    weeks = weekly_shares(items=in_period, personal=personal, start=start, end=end, **common)
    recent = weekly_shares(
        items=[i for i in items if drift_start <= i.on <= drift_end],
        start=drift_start,
        end=drift_end,
        **common,
    )
    drifts = drift(
        weeks=recent,
        tolerance=Fraction(household.tolerance_minutes),
        run=household.drift_weeks,
        planned_by_card=hh.planned_by_card,
    )
    return whole, weeks, drifts, len(in_period)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entries=st.lists(entry, max_size=60),
    deal_days_ago=st.integers(0, SPAN),
    period_days=st.tuples(st.integers(0, SPAN), st.integers(0, SPAN)),
    skips=st.lists(st.tuples(st.integers(0, 1), st.integers(1, 9000), st.integers(0, SPAN)), max_size=4),
    personal=st.lists(st.tuples(st.integers(0, 1), st.integers(1, 9000), st.integers(0, SPAN)), max_size=4),
)  # fmt: skip
def test_sql_sums_equal_the_sums_entry_by_entry(
    rated_and_dealt: Home,
    entries: list[dict[str, Any]],
    deal_days_ago: int,
    period_days: tuple[int, int],
    skips: list[tuple[int, int, int]],
    personal: list[tuple[int, int, int]],
) -> None:
    home = rated_and_dealt
    household = home.household
    LogEntry.objects.filter(household=household).delete()
    OccurrenceChange.objects.filter(household=household).delete()
    PersonalTime.objects.filter(household=household).delete()
    today = household.today()  # type: ignore[attr-defined]
    Deal.objects.filter(household=household).update(
        activated_at=household.created_at - timedelta(days=deal_days_ago)  # type: ignore[attr-defined]
    )
    members = [home.owner, home.partner]
    cards = list(household.cards.order_by("name"))  # type: ignore[attr-defined]
    LogEntry.objects.bulk_create(
        LogEntry(
            household=household,
            member=members[e["who"]],
            card=None if e["card"] < 0 else cards[e["card"]],
            title="Fixed the fence" if e["card"] < 0 else cards[e["card"]].name,
            kind=e["kind"],
            minutes=Decimal(e["hundredths"]) / 100,
            done_on=today - timedelta(days=e["days_ago"]),
            covered_for=members[1 - e["who"]] if e["for_other"] and e["kind"] == "did" else None,
        )
        for e in entries
    )
    for k, (who, hundredths, ago) in enumerate(skips):
        OccurrenceChange.objects.get_or_create(
            card=cards[k],
            due_on=today - timedelta(days=ago),
            defaults={
                "household": household,
                "kind": OccurrenceChange.Kind.SKIPPED,
                "by": members[who],
                "owner": members[who],
                "minutes": Decimal(hundredths) / 100,
            },
        )
    PersonalTime.objects.bulk_create(
        PersonalTime(
            household=household,
            member=members[who],
            minutes=Decimal(hundredths) / 100,
            on=today - timedelta(days=ago),
        )
        for who, hundredths, ago in personal
    )
    start = today - timedelta(days=max(period_days))
    end = today - timedelta(days=min(period_days))
    household.refresh_from_db()  # type: ignore[attr-defined]

    fig = selectors.balance_figures(
        household=household, period=Period("custom", start, end), today=today
    )
    hh = selectors._household(household)
    whole, weeks, drifts, count = _reference(household, hh, start, end, today)

    assert fig.problem is None
    assert fig.balance == whole
    assert fig.entry_count == count
    assert fig.drifts == drifts
    if fig.weeks:
        assert len(fig.weeks) == len(weeks)
        for got, want in zip(fig.weeks, weeks, strict=True):
            assert (got.start, got.end, got.plan_weeks) == (want.start, want.end, want.plan_weeks)
            for g, w in zip(got.members, want.members, strict=True):
                assert (g.name, g.home, g.did, g.noticed, g.planned) == (
                    w.name, w.home, w.did, w.noticed, w.planned
                )  # fmt: skip
                assert (g.target, g.share, g.deal, g.paid, g.free, g.personal) == (
                    w.target, w.share, w.deal, w.paid, w.free, w.personal
                )  # fmt: skip
    # The drift alone (the "Needs you" count) sums the same weeks the same way.
    household.refresh_from_db()  # type: ignore[attr-defined]
    assert selectors.drifts_now(household=household, today=today) == drifts
    # Whether anyone drifts (the "Needs you" count), summed without cards, agrees with it.
    household.__dict__.pop(selectors._DRIFTS, None)
    assert selectors.drifting_now(household=household, today=today) == bool(drifts)


@pytest.mark.django_db
def test_weeks_are_iso_weeks_in_sql(rated_and_dealt: Home) -> None:
    """A Sunday and the Monday after fall in two weeks of the trend, whatever the years."""
    household = rated_and_dealt.household
    today = household.today()  # type: ignore[attr-defined]
    sunday = today - timedelta(days=today.weekday() + 8)
    for on in (sunday, sunday + timedelta(days=1), sunday - timedelta(days=6)):
        LogEntry.objects.create(
            household=household,
            member=rated_and_dealt.owner,
            title="Fixed the fence",
            kind="did",
            minutes=Decimal(10),
            done_on=on,
        )
    hh = selectors._household(household)
    start = sunday - timedelta(days=20)
    (weekly,) = selectors._logged(
        household, hh, selectors._Sums(start, today, by_week=True, by_card=False)
    )
    assert sorted((i.on, i.minutes) for i in weekly.items) == [
        (sunday - timedelta(days=6), 20),
        (sunday + timedelta(days=1), 10),
    ]
