"""Reads for the balance and the mirror: database rows turned into the core's plain inputs.

Every figure comes from :mod:`evenly.core` (balance, weekly shares, drift, mirror); this module
only fetches rows, in a fixed number of queries whatever the number of entries, and hands them
over. Members who have left are not shown; their entries are left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from evenly.core.balance import (
    Balance,
    Drift,
    LogItem,
    MemberFacts,
    PersonalItem,
    balance,
    drift,
    iso_weeks,
    weekly_shares,
)
from evenly.core.cadence import CadenceError, parse_cadence
from evenly.core.catalog import load_catalog
from evenly.core.mirror import Mirror, baseline, mirror
from evenly.core.model import FairnessBasis
from evenly.deals.models import Deal, DealCard
from evenly.households.models import Household, Member
from evenly.week.models import LogEntry, PersonalTime

PERIODS = {
    "week": "This week",
    "4w": "4 weeks",
    "3m": "3 months",
    "year": "A year",
    "custom": "Custom",
}
# Whole ISO weeks back from this week's Monday, so every period is whole weeks up to today.
_WEEKS_BACK = {"week": 0, "4w": 3, "3m": 12, "year": 51}
MAX_DAYS = 3 * 366  # a custom period longer than this is refused
DRIFT_RUN = 3  # weeks running off target before a drift is shown


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> Fraction:
        return Fraction(self.days, 7)

    @property
    def label(self) -> str:
        return PERIODS[self.key]


def _parse_day(text: str, what: str) -> tuple[datetime.date | None, str | None]:
    if not text:
        return None, f"Give a {what} date for a custom period."
    try:
        return datetime.date.fromisoformat(text.strip()), None
    except ValueError:
        return None, f"The {what} date “{text}” is not a date like 2025-03-01."


def period_from(params: Any, today: datetime.date) -> tuple[Period, list[str]]:
    """The period the query string asks for, and what is wrong with it (then: this week).

    ``period`` is one of :data:`PERIODS`; ``custom`` needs ``start`` and ``end`` (YYYY-MM-DD),
    in order, not after today and at most :data:`MAX_DAYS` days long.
    """
    monday = today - datetime.timedelta(days=today.weekday())
    key = params.get("period") or "week"
    default = Period("week", monday, today)
    if key not in PERIODS:
        return default, ["Choose one of the periods offered."]
    if key != "custom":
        return Period(key, monday - datetime.timedelta(weeks=_WEEKS_BACK[key]), today), []
    start, start_error = _parse_day(params.get("start", ""), "start")
    end, end_error = _parse_day(params.get("end", ""), "end")
    errors = [e for e in (start_error, end_error) if e]
    if start is not None and end is not None:
        if end < start:
            errors.append(
                f"The period ends ({end:%-d %b %Y}) before it starts ({start:%-d %b %Y})."
            )
        elif start > today:
            errors.append("The period starts in the future: nothing is logged there yet.")
        elif (end - start).days + 1 > MAX_DAYS:
            errors.append("Choose a period of at most three years.")
    if errors:
        return default, errors
    assert start is not None and end is not None
    return Period("custom", start, min(end, today)), []


def _frac(value: object) -> Fraction:
    return Fraction(str(value))


@dataclass
class Inputs:
    """The household's rows as the core takes them (the period and the drift weeks)."""

    members: list[Member]
    facts: list[MemberFacts]
    fairness: FairnessBasis
    items: list[LogItem]
    personal: list[PersonalItem]
    deal: Deal | None
    planned_weekly: dict[str, Fraction] | None
    planned_by_card: dict[tuple[str, str], Fraction]
    catalog_keys: dict[str, str] = field(default_factory=dict)  # card name -> catalog key


def _plans(
    deal: Deal | None, names: dict[int, str]
) -> tuple[dict[str, Fraction] | None, dict[tuple[str, str], Fraction]]:
    """The deal's weekly minutes per member (from its certificate) and per (member, card)."""
    if deal is None:
        return None, {}
    loads = deal.certificate.get("members", {})
    weekly = {name: _frac(loads[name]["load_minutes"]) for name in names.values() if name in loads}
    by_card: dict[tuple[str, str], Fraction] = {}
    dealt = (
        DealCard.objects.filter(deal=deal).select_related("card").prefetch_related("card__ratings")
    )
    for dc in dealt:
        card = dc.card
        if card is None:
            continue
        try:
            per_week = parse_cadence(card.cadence).per_week
        except CadenceError:
            continue
        own = {r.member_id: r.minutes for r in card.ratings.all()}
        holders = [i for i in dc.rotation if i in names] if dc.rotation else [dc.owner_id]
        holders = [i for i in holders if i in names]
        for pk in holders:
            minutes = own.get(pk)
            each = per_week * _frac(card.minutes if minutes is None else minutes)
            each += _frac(card.mental_minutes)
            each = Fraction(round(each * 100), 100) / len(holders)
            key = (names[pk], dc.name)
            by_card[key] = by_card.get(key, Fraction(0)) + each
    return weekly, by_card


def inputs_for(
    *, household: Household, start: datetime.date, end: datetime.date, kinds: tuple[str, ...] = ()
) -> Inputs:
    """Everything the core needs for ``start..end``, in a constant number of queries."""
    members = list(household.members.filter(left_at__isnull=True))
    names = {m.pk: m.display_name for m in members}
    fairness = FairnessBasis(household.fairness)
    facts = [
        MemberFacts(
            name=m.display_name,
            paid_hours=_frac(m.paid_hours),
            share=(
                _frac(m.share)
                if fairness is FairnessBasis.CUSTOM and m.share is not None
                else (Fraction(0) if fairness is FairnessBasis.CUSTOM else None)
            ),
            personal_goal_minutes_per_week=Fraction(m.personal_time_goal_minutes),
        )
        for m in members
    ]
    rows = LogEntry.objects.filter(
        household=household, member_id__in=names, done_on__range=(start, end)
    )
    if kinds:
        rows = rows.filter(kind__in=kinds)
    items = []
    catalog_keys: dict[str, str] = {}
    for member_id, kind, minutes, on, card_name, key in rows.values_list(
        "member_id", "kind", "minutes", "done_on", "card__name", "card__catalog_key"
    ):
        items.append(
            LogItem(
                member=names[member_id], kind=kind, minutes=_frac(minutes), on=on, card=card_name
            )
        )
        if card_name is not None and key:
            catalog_keys[card_name] = key
    personal = [
        PersonalItem(member=names[member_id], minutes=_frac(minutes), on=on)
        for member_id, minutes, on in PersonalTime.objects.filter(
            household=household, member_id__in=names, on__range=(start, end)
        ).values_list("member_id", "minutes", "on")
    ]
    deal = household.deals.filter(status=Deal.ACTIVE).first()
    planned_weekly, planned_by_card = _plans(deal, names)
    return Inputs(
        members=members,
        facts=facts,
        fairness=fairness,
        items=items,
        personal=personal,
        deal=deal,
        planned_weekly=planned_weekly,
        planned_by_card=planned_by_card,
        catalog_keys=catalog_keys,
    )


@dataclass
class BalanceFigures:
    period: Period
    balance: Balance | None
    weeks: list[Balance]  # per ISO week, for periods touching 4 ISO weeks or more
    drifts: list[Drift]
    drift_start: datetime.date
    drift_end: datetime.date
    entry_count: int
    deal: Deal | None
    problem: str | None = None  # why the figures cannot be computed (e.g. custom shares all 0)


def balance_figures(
    *, household: Household, period: Period, today: datetime.date
) -> BalanceFigures:
    """The balance of the period, its weekly trend and the drift over the last full weeks."""
    monday = today - datetime.timedelta(days=today.weekday())
    drift_start = monday - datetime.timedelta(weeks=DRIFT_RUN)
    drift_end = monday - datetime.timedelta(days=1)
    data = inputs_for(
        household=household, start=min(period.start, drift_start), end=max(period.end, drift_end)
    )
    in_period = [i for i in data.items if period.start <= i.on <= period.end]
    common: dict[str, Any] = {
        "members": data.facts,
        "fairness": data.fairness,
        "planned_weekly": data.planned_weekly,
    }
    result = BalanceFigures(
        period=period,
        balance=None,
        weeks=[],
        drifts=[],
        drift_start=drift_start,
        drift_end=drift_end,
        entry_count=len(in_period),
        deal=data.deal,
    )
    if not data.facts:
        return result
    try:
        result.balance = balance(
            items=in_period, personal=data.personal, start=period.start, end=period.end, **common
        )
        if len(iso_weeks(period.start, period.end)) >= 4:
            result.weeks = weekly_shares(
                items=in_period,
                personal=data.personal,
                start=period.start,
                end=period.end,
                **common,
            )
        recent = weekly_shares(
            items=[i for i in data.items if drift_start <= i.on <= drift_end],
            start=drift_start,
            end=drift_end,
            **common,
        )
        result.drifts = drift(
            weeks=recent,
            tolerance=Fraction(household.tolerance_minutes),
            run=DRIFT_RUN,
            planned_by_card=data.planned_by_card,
        )
    except ValueError as error:
        result.problem = str(error)
    return result


@dataclass
class MirrorFigures:
    period: Period
    mirror: Mirror
    coded_minutes: Fraction
    not_coded: dict[str, Fraction]  # member -> minutes of custom cards and free text
    not_coded_cards: list[str]  # names of the cards that could not be coded

    @property
    def not_coded_total(self) -> Fraction:
        return sum(self.not_coded.values(), Fraction(0))


def _activity(key: str | None) -> str | None:
    """The time-use activity of a catalog key, if the catalog and the baselines know it."""
    if not key:
        return None
    card = load_catalog().get(key)
    if card is None:
        return None
    try:
        baseline(card.time_use)
    except KeyError:
        return None
    return card.time_use


def mirror_figures(*, household: Household, period: Period) -> MirrorFigures:
    """The stereotype mirror of the work done ("did") in the period, by catalog activity."""
    data = inputs_for(household=household, start=period.start, end=period.end, kinds=("did",))
    names = [f.name for f in data.facts]
    minutes: dict[tuple[str, str], Fraction] = {}
    not_coded = dict.fromkeys(names, Fraction(0))
    uncoded_cards: set[str] = set()
    for item in data.items:
        activity = _activity(data.catalog_keys.get(item.card or ""))
        if activity is None:
            not_coded[item.member] += item.minutes
            uncoded_cards.add(item.card or "")
            continue
        key = (item.member, activity)
        minutes[key] = minutes.get(key, Fraction(0)) + item.minutes
    return MirrorFigures(
        period=period,
        mirror=mirror(minutes_by_member_and_activity=minutes, members=names),
        coded_minutes=sum(minutes.values(), Fraction(0)),
        not_coded=not_coded,
        not_coded_cards=sorted(uncoded_cards),
    )
