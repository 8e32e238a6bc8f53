"""Reads for the balance and the mirror: database rows turned into the core's plain inputs.

Every figure comes from :mod:`evenly.core` (balance, weekly shares, drift, mirror); this module
only fetches rows, in a fixed number of queries whatever the number of entries, and hands them
over. Members who have left are not shown; their entries are left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Min,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Round
from django.utils.formats import date_format
from django.utils.translation import gettext

from evenly.cards.models import Rating
from evenly.cards.to_core import fraction, member_facts, responsibility_of
from evenly.core.balance import (
    Balance,
    Drift,
    LogItem,
    MemberFacts,
    PersonalItem,
    SkippedItem,
    balance,
    drift,
    iso_weeks,
    weekly_shares,
)
from evenly.core.balance import Kind as LogKind
from evenly.core.cadence import CadenceError
from evenly.core.catalog import load_catalog
from evenly.core.mirror import Mirror, baseline, mirror
from evenly.core.model import FairnessBasis
from evenly.deals.models import Deal, DealCard
from evenly.households.models import Household, Member
from evenly.week.models import LogEntry, OccurrenceChange, PersonalTime
from evenly.week.periods import Period

# A custom period longer than this many years is refused (the ledger, listing rows, allows more).
MAX_YEARS = 3


@dataclass
class Inputs:
    """The household's rows as the core takes them, the ledger summed in SQL."""

    members: list[Member]
    facts: list[MemberFacts]
    fairness: FairnessBasis
    items: list[LogItem]
    personal: list[PersonalItem]
    deal: Deal | None
    planned_weekly: dict[str, Fraction] | None
    planned_by_card: dict[tuple[str, str], Fraction]
    catalog_keys: dict[str, str] = field(default_factory=dict)  # card name -> catalog key
    # Occurrences skipped in the period: they leave their owner's plan.
    skipped: list[SkippedItem] = field(default_factory=list)
    # The day the deal in force started (household time): it plans from then, not before.
    plan_since: datetime.date | None = None
    # The ledger entries behind ``items``: each item sums the entries the core cannot tell
    # apart (same member, kind, card, owner), so there are fewer items than entries.
    entries: int = 0


_DealtRow = tuple[Any, ...]  # a DealCard row as ``_dealt`` reads it


def _dealt(
    deal: Deal | None, names: dict[int, str]
) -> tuple[list[_DealtRow], dict[int, list[str]]]:
    """The deal's cards as plain rows (not model instances: this runs on every balance and in
    the "Needs you" count), and who holds each card (by card id: the owner, or the rotation's
    members still here)."""
    if deal is None:
        return [], {}
    dealt = list(
        DealCard.objects.filter(deal=deal, card__isnull=False).values_list(
            "card_id",
            "name",
            "owner_id",
            "rotation",
            "card__name",
            "card__category",
            "card__cadence",
            "card__minutes",
            "card__mental_minutes",
            "card__standard",
            "card__catalog_key",
        )
    )
    holders_of = {
        row[0]: [names[i] for i in (row[3] or [row[2]]) if isinstance(i, int) and i in names]
        for row in dealt
    }
    return dealt, holders_of


def _plans(
    deal: Deal | None, names: dict[int, str], dealt: list[_DealtRow]
) -> dict[tuple[str, str], Fraction]:
    """The deal's weekly minutes per (member, card), from the members' estimates of the cards
    in ``dealt`` (one more query: the ratings)."""
    if deal is None:
        return {}
    by_card: dict[tuple[str, str], Fraction] = {}
    ratings: dict[int, list[tuple[int, str, Any]]] = {}
    for card_id, member_id, preference, own in Rating.objects.filter(
        card_id__in=[row[0] for row in dealt]
    ).values_list("card_id", "member_id", "preference", "minutes"):
        ratings.setdefault(card_id, []).append((member_id, preference, own))
    for (
        card_id,
        dealt_name,
        owner_id,
        rotation,
        name,
        category,
        cadence,
        minutes,
        mental,
        standard,
        catalog_key,
    ) in dealt:
        try:
            card = responsibility_of(
                name=name,
                category=category,
                cadence=cadence,
                minutes=minutes,
                mental_minutes=mental,
                standard=standard,
                catalog_key=catalog_key,
                ratings=ratings.get(card_id, ()),
                names=names,
            )
        except CadenceError:
            continue
        # A rotation is shared by those of its members still here; else the owner holds it.
        holders: list[int] = [
            i for i in rotation or [owner_id] if isinstance(i, int) and i in names
        ]
        for pk in holders:
            key = (names[pk], dealt_name)
            by_card[key] = by_card.get(key, Fraction(0)) + card.turn_minutes(
                names[pk], turns=len(holders)
            )
    return by_card


def _owner(logger: str, holders: list[str] | None, covered_for: str | None) -> str | None:
    """Whose card an entry was on under the deal: the member it was done for, else the logger
    when they hold it, else its (first) holder; None for free text or a card outside the deal."""
    if covered_for is not None:
        return covered_for
    if not holders:
        return None
    return logger if logger in holders else holders[0]


# A ledger entry's minutes as whole hundredths (the column has two decimals): summed in SQL as
# integers, so a group's total is exact on every database (SQLite would sum decimals as floats).
_HUNDREDTHS = Sum(Cast(Round(F("minutes") * 100), output_field=IntegerField()))


class _Week(Func):
    """A date's ISO week as a whole number: its Monday, in days from Monday 3 January 2000.

    Native SQL on both databases (Django's TruncWeek is a Python function called once a row on
    SQLite, which cost more than all the rest of summing a year). ``((d % 7) + 7) % 7`` is the
    days since Monday for days before 2000 too (``%`` keeps the sign of ``d`` in both)."""

    output_field = IntegerField()
    # "%%%%": Django formats the template once and the database driver's parameters once more.
    _WEEK = "({d} - ((({d}) %%%% 7) + 7) %%%% 7)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        days = "CAST(julianday(%(expressions)s) - 2451546.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=self._WEEK.replace("{d}", days), **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        days = "(%(expressions)s - DATE '2000-01-03')"
        return self.as_sql(compiler, connection, template=self._WEEK.replace("{d}", days), **extra)


@dataclass
class _Household:
    """What every figure of the household takes besides its entries (read once a request)."""

    members: list[Member]
    names: dict[int, str]
    facts: list[MemberFacts]
    fairness: FairnessBasis
    deal: Deal | None
    planned_weekly: dict[str, Fraction] | None
    since: datetime.date | None
    _cards: tuple[list[_DealtRow], dict[int, list[str]]] | None = None
    _by_card: dict[tuple[str, str], Fraction] | None = None

    def _deal_cards(self) -> tuple[list[_DealtRow], dict[int, list[str]]]:
        if self._cards is None:
            self._cards = _dealt(self.deal, self.names)
        return self._cards

    @property
    def dealt(self) -> list[_DealtRow]:
        """The deal's cards (``_dealt``), read when first asked: only figures by card need
        them."""
        return self._deal_cards()[0]

    @property
    def holders_of(self) -> dict[int, list[str]]:
        """Who holds each of the deal's cards (``_dealt``), read when first asked."""
        return self._deal_cards()[1]

    @property
    def planned_by_card(self) -> dict[tuple[str, str], Fraction]:
        """The deal's weekly minutes per (member, card), read when first asked: only the causes
        of a drift need them."""
        if self._by_card is None:
            self._by_card = _plans(self.deal, self.names, self.dealt)
        return self._by_card


def _household(household: Household) -> _Household:
    members = list(household.members.current())
    names = {m.pk: m.display_name for m in members}
    fairness = FairnessBasis(household.fairness)
    # The active deal, and the day the household's first deal came into force: the plan counts
    # from then (before it, nobody had agreed to anything); a re-deal's assignment stands for
    # the whole time, so a new version does not wipe the plan of the months before it.
    deals = list(
        household.deals.filter(status__in=(Deal.Status.ACTIVE, Deal.Status.SUPERSEDED)).order_by(
            "activated_at", "pk"
        )
    )
    deal = next((d for d in deals if d.status == Deal.Status.ACTIVE), None)
    first = next((d.activated_at for d in deals if d.activated_at is not None), None)
    planned_weekly = None
    if deal is not None:
        loads = deal.certificate.get("members", {})
        planned_weekly = {
            name: fraction(loads[name]["load_minutes"]) for name in names.values() if name in loads
        }
    since = (
        None
        if deal is None
        else (first or deal.activated_at or deal.created_at).astimezone(household.zone).date()
    )
    return _Household(
        members=members,
        names=names,
        facts=[member_facts(m, fairness=fairness) for m in members],
        fairness=fairness,
        deal=deal,
        planned_weekly=planned_weekly,
        since=since,
    )


@dataclass
class _Logged:
    items: list[LogItem]
    entries: int  # the ledger entries the items sum up
    catalog_keys: dict[str, str]


@dataclass(frozen=True)
class _Sums:
    """One way of summing the ledger of ``start..end`` (see ``_logged``)."""

    start: datetime.date
    end: datetime.date
    by_week: bool = False
    by_card: bool = True
    kinds: tuple[str, ...] = ()


def _sums_query(household: Household, hh: _Household, part: int, sums: _Sums) -> Any:
    rows = LogEntry.objects.filter(
        household=household, member_id__in=hh.names, done_on__range=(sums.start, sums.end)
    )
    if sums.kinds:
        rows = rows.filter(kind__in=sums.kinds)
    none_id = Value(None, output_field=IntegerField())
    none_text = Value(None, output_field=CharField())
    in_force: Any = Value(0, output_field=IntegerField())
    if sums.by_card and hh.since is not None:
        in_force = Case(
            When(done_on__gte=hh.since, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    # The same columns in the same order in every part, so the parts make one UNION ALL.
    return (
        rows.annotate(
            part=Value(part, output_field=IntegerField()),
            card_pk=F("card_id") if sums.by_card else none_id,
            card_name=F("card__name") if sums.by_card else none_text,
            catalog_key=F("card__catalog_key") if sums.by_card else none_text,
            covered_pk=F("covered_for_id") if sums.by_card else none_id,
            in_force=in_force,
            week=_Week("done_on") if sums.by_week else Value(None, output_field=IntegerField()),
        )
        # order_by(): the model's ordering would otherwise join the GROUP BY.
        .order_by()
        .values(
            "part",
            "member_id",
            "kind",
            "card_pk",
            "card_name",
            "catalog_key",
            "covered_pk",
            "in_force",
            "week",
        )
        .annotate(hundredths=_HUNDREDTHS, entries=Count("id"), first_on=Min("done_on"))
    )


def _logged(household: Household, hh: _Household, *parts: _Sums) -> list[_Logged]:
    """The ledger summed in SQL, in one query, once for each of ``parts``: one item per group
    of entries that the core cannot tell apart (same member, kind, card, member done for and
    whether the deal was in force, so the same owner; with ``by_week`` the same ISO week).
    Each item carries its group's exact total and first day, so it falls in the same period,
    week and plan as each of its entries; the core's figures are sums, so they come out exactly
    as from the entries one by one. Without ``by_card`` the groups are member, kind (and week)
    alone: items without card or owner, for figures that read neither (the weekly trend)."""
    queries = [_sums_query(household, hh, k, sums) for k, sums in enumerate(parts)]
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    # The rows straight from the cursor: Django's row conversion (a dict and a converter per
    # column) cost more than the items built from them. The columns are found by name.
    sql, params = union.query.get_compiler(using=union.db).as_sql()
    with connections[union.db].cursor() as cursor:
        cursor.execute(sql, params)
        at = {column[0]: k for k, column in enumerate(cursor.description)}
        rows = cursor.fetchall()
    part, member, kind, card_pk, card_name_at, key_at, covered, in_force, total, count, first = (
        at[name]
        for name in (
            "part",
            "member_id",
            "kind",
            "card_pk",
            "card_name",
            "catalog_key",
            "covered_pk",
            "in_force",
            "hundredths",
            "entries",
            "first_on",
        )
    )
    out = [_Logged(items=[], entries=0, catalog_keys={}) for _ in parts]
    names = hh.names
    # Who holds each card of the deal: only rows summed by card while it was in force ask.
    in_force_asked = hh.since is not None and any(sums.by_card for sums in parts)
    holders_of = hh.holders_of if in_force_asked else {}
    for row in rows:
        got = out[row[part]]
        got.entries += row[count]
        logger = names[row[member]]
        on = row[first]
        if not isinstance(on, datetime.date):  # SQLite hands dates back as text
            on = datetime.date.fromisoformat(on)
        card_name = row[card_name_at]
        owner = None
        if row[in_force]:
            owner = _owner(logger, holders_of.get(row[card_pk]), names.get(row[covered]))
        got.items.append(
            LogItem(
                member=logger,
                kind=cast(LogKind, row[kind]),  # the column's choices are the core's kinds
                minutes=Fraction(row[total], 100),
                on=on,
                card=card_name,
                owner=owner,
            )
        )
        if card_name is not None and row[key_at]:
            got.catalog_keys[card_name] = row[key_at]
    return out


def _personal(
    household: Household, hh: _Household, start: datetime.date, end: datetime.date
) -> list[PersonalItem]:
    names = hh.names
    return [
        PersonalItem(member=names[member_id], minutes=fraction(minutes), on=on)
        for member_id, minutes, on in PersonalTime.objects.filter(
            household=household, member_id__in=names, on__range=(start, end)
        ).values_list("member_id", "minutes", "on")
    ]


def _skipped(
    household: Household, hh: _Household, start: datetime.date, end: datetime.date
) -> list[SkippedItem]:
    names = hh.names
    return [
        SkippedItem(member=names[owner_id], minutes=fraction(minutes), on=on)
        for owner_id, minutes, on in OccurrenceChange.objects.filter(
            household=household,
            kind=OccurrenceChange.Kind.SKIPPED,
            owner_id__in=names,
            due_on__range=(start, end),
        ).values_list("owner_id", "minutes", "due_on")
    ]


def _inputs(
    household: Household,
    hh: _Household,
    logged: _Logged,
    personal: list[PersonalItem],
    skipped: list[SkippedItem],
) -> Inputs:
    return Inputs(
        members=hh.members,
        facts=hh.facts,
        fairness=hh.fairness,
        items=logged.items,
        personal=personal,
        deal=hh.deal,
        planned_weekly=hh.planned_weekly,
        planned_by_card=hh.planned_by_card,
        catalog_keys=logged.catalog_keys,
        skipped=skipped,
        plan_since=hh.since,
        entries=logged.entries,
    )


def inputs_for(
    *, household: Household, start: datetime.date, end: datetime.date, kinds: tuple[str, ...] = ()
) -> Inputs:
    """Everything the core needs for ``start..end``, in a constant number of queries: the
    ledger summed in SQL by what the core tells apart (see ``_logged``)."""
    hh = _household(household)
    return _inputs(
        household,
        hh,
        _logged(household, hh, _Sums(start, end, kinds=kinds))[0],
        _personal(household, hh, start, end),
        _skipped(household, hh, start, end),
    )


@dataclass
class BalanceFigures:
    period: Period
    balance: Balance | None
    # Per ISO week, for periods touching 4 ISO weeks or more: the trend's figures (minutes by
    # member and kind, shares, targets, plan); the week's ledger is summed without its cards, so
    # a week's ``by_card`` and where its minutes come from (own, for others) are not split.
    weeks: list[Balance]
    drifts: list[Drift]
    drift_start: datetime.date
    drift_end: datetime.date
    entry_count: int
    deal: Deal | None
    problem: str | None = None  # why the figures cannot be computed (e.g. custom shares all 0)
    plan_since: datetime.date | None = None  # the day the plan counts from (``inputs_for``)


def drift_window(
    *, household: Household, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The last full weeks the household judges drift on (Household settings), Monday to
    Sunday: the weeks before the one holding ``today``."""
    monday = today - datetime.timedelta(days=today.weekday())
    sunday = monday - datetime.timedelta(days=1)
    return monday - datetime.timedelta(weeks=household.drift_weeks), sunday


def _common(household: Household, hh: _Household, skipped: list[SkippedItem]) -> dict[str, Any]:
    """What every balance of the household takes besides its items and dates."""
    return {
        "members": hh.facts,
        "fairness": hh.fairness,
        "planned_weekly": hh.planned_weekly,
        "count_personal_time": household.count_personal_time,
        "skipped": skipped,
        "plan_since": hh.since,
    }


def _drifts(
    household: Household,
    hh: _Household,
    logged: _Logged,
    skipped: list[SkippedItem],
    start: datetime.date,
    end: datetime.date,
) -> list[Drift]:
    """Who drifts over the weeks ``start..end`` (raises ValueError when shares cannot be worked
    out); their ledger summed by week and card, as the causes name cards."""
    recent = weekly_shares(
        items=logged.items,
        start=start,
        end=end,
        **_common(household, hh, skipped),
    )
    tolerance = Fraction(household.tolerance_minutes)
    found = drift(weeks=recent, tolerance=tolerance, run=household.drift_weeks)
    if not found:  # who drifts does not depend on the plan per card; only the causes do
        return found
    return drift(
        weeks=recent,
        tolerance=tolerance,
        run=household.drift_weeks,
        planned_by_card=hh.planned_by_card,
    )


_DRIFTS = "_evenly_drifts_now"


def _drifts_key(household: Household, today: datetime.date) -> tuple[Any, ...]:
    return (today, household.drift_weeks, household.tolerance_minutes, household.revision)


def drifts_now(*, household: Household, today: datetime.date) -> list[Drift]:
    """The drift the Balance page shows (and offers a re-deal for), whatever period it shows:
    in a constant number of queries; none when the figures cannot be worked out.

    The Balance page works the drift out with its figures and the "Needs you" count of the same
    page asks again: the answer is kept on the household row the request holds (for the same
    day and revision), so the page does not read and sum the same weeks twice."""
    known = household.__dict__.get(_DRIFTS)
    if known is not None and known[0] == _drifts_key(household, today):
        return list(known[1])
    start, end = drift_window(household=household, today=today)
    hh = _household(household)
    if not hh.facts:
        return []
    try:
        (logged,) = _logged(household, hh, _Sums(start, end, by_week=True))
        return _drifts(household, hh, logged, _skipped(household, hh, start, end), start, end)
    except ValueError:
        return []


def drifting_now(*, household: Household, today: datetime.date) -> bool:
    """Whether anyone drifts now: ``bool(drifts_now(...))``, without the causes. Who drifts
    reads only each member's minutes of each week against their target, so the ledger is summed
    by member, kind and week alone (as for the trend), and the deal's cards are not read."""
    known = household.__dict__.get(_DRIFTS)
    if known is not None and known[0] == _drifts_key(household, today):
        return bool(known[1])
    start, end = drift_window(household=household, today=today)
    hh = _household(household)
    if not hh.facts:
        return False
    try:
        (logged,) = _logged(household, hh, _Sums(start, end, by_week=True, by_card=False))
        recent = weekly_shares(
            items=logged.items,
            start=start,
            end=end,
            **_common(household, hh, _skipped(household, hh, start, end)),
        )
        tolerance = Fraction(household.tolerance_minutes)
        return bool(drift(weeks=recent, tolerance=tolerance, run=household.drift_weeks))
    except ValueError:
        return False


def balance_figures(
    *, household: Household, period: Period, today: datetime.date
) -> BalanceFigures:
    """The balance of the period, its weekly trend and the drift over the last full weeks.

    The ledger is summed in SQL three ways in one query, each by no more than its figures tell
    apart: over
    the period by member, kind, card and owner (the balance); by week, member and kind (the
    trend); by week, member, kind, card and owner over the drift weeks (drift and its causes).
    """
    drift_start, drift_end = drift_window(household=household, today=today)
    hh = _household(household)
    many_weeks = len(iso_weeks(period.start, period.end)) >= 4
    parts = [_Sums(period.start, period.end), _Sums(drift_start, drift_end, by_week=True)]
    if many_weeks:
        parts.append(_Sums(period.start, period.end, by_week=True, by_card=False))
    logged, recent, *weekly = _logged(household, hh, *parts)
    result = BalanceFigures(
        period=period,
        balance=None,
        weeks=[],
        drifts=[],
        drift_start=drift_start,
        drift_end=drift_end,
        entry_count=logged.entries,
        deal=hh.deal,
        plan_since=hh.since,
    )
    if not hh.facts:
        return result
    skipped = _skipped(household, hh, min(period.start, drift_start), max(period.end, drift_end))
    personal = _personal(household, hh, period.start, period.end)
    common = _common(household, hh, skipped)
    try:
        result.balance = balance(
            items=logged.items,
            personal=personal,
            start=period.start,
            end=period.end,
            **common,
        )
        if many_weeks:
            result.weeks = weekly_shares(
                items=weekly[0].items,
                personal=personal,
                start=period.start,
                end=period.end,
                **common,
            )
        result.drifts = _drifts(household, hh, recent, skipped, drift_start, drift_end)
        household.__dict__[_DRIFTS] = (_drifts_key(household, today), list(result.drifts))
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

    @property
    def not_coded_members(self) -> list[tuple[str, Fraction]]:
        """Members with uncoded minutes, for a comma-separated list."""
        return [(name, minutes) for name, minutes in self.not_coded.items() if minutes]


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


# --- the weekly summary ("This week together") -----------------------------------------------

EARLIEST_WEEK = datetime.date(2000, 1, 3)  # a Monday; weeks before it are refused
_KIND_ORDER = {"did": 0, "noticed": 1, "planned": 2}


def _monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def last_full_week(today: datetime.date) -> datetime.date:
    """The Monday of the last ISO week that is over (the week before this one)."""
    return _monday_of(today) - datetime.timedelta(weeks=1)


def week_from(params: Any, today: datetime.date) -> tuple[datetime.date, list[str]]:
    """The Monday of the week ``?week=YYYY-MM-DD`` names (any day of it), and what is wrong.

    Without ``week`` (or when it is wrong) the last full week. A week that has not started yet
    or starts before :data:`EARLIEST_WEEK` is refused; this week, still running, is allowed.
    """
    default = last_full_week(today)
    text = (params.get("week") or "").strip()
    if not text:
        return default, []
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        shown = text if len(text) <= 30 else text[:29] + "…"
        return default, [
            gettext("The week “%(shown)s” is not a date like 2025-03-03.") % {"shown": shown}
        ]
    monday = _monday_of(day)
    if monday > _monday_of(today):
        return default, [gettext("That week has not started yet: nothing is logged there.")]
    if monday < EARLIEST_WEEK:
        return default, [
            gettext("Choose a week from %(day)s on.")
            % {"day": date_format(EARLIEST_WEEK, gettext("j F Y"))}
        ]
    return monday, []


@dataclass
class WorkGroup:
    """The entries of one kind a member logged for one card (or in the same words) in a week."""

    kind: str
    name: str  # the card's name, or the member's own words for unplanned work
    free_text: bool
    times: int = 0
    minutes: Fraction = Fraction(0)
    covered: dict[str, int] = field(default_factory=dict)  # covered-for member -> times

    @property
    def covered_for(self) -> list[tuple[str, int]]:
        return sorted(self.covered.items())


@dataclass
class MemberWeek:
    """What one member did, noticed and planned in the week."""

    pk: int
    name: str
    counts: dict[str, int]
    minutes: dict[str, Fraction]  # the balance's figures when it could be worked out
    groups: list[WorkGroup]

    @property
    def entries(self) -> int:
        return sum(self.counts.values())

    def of(self, kind: str) -> list[WorkGroup]:
        return [g for g in self.groups if g.kind == kind]

    @property
    def did(self) -> list[WorkGroup]:
        return self.of("did")

    @property
    def noticed(self) -> list[WorkGroup]:
        return self.of("noticed")

    @property
    def planned(self) -> list[WorkGroup]:
        return self.of("planned")


@dataclass(frozen=True)
class Appreciation:
    """A prompt for ``giver`` to thank ``receiver`` for one specific thing of the week.

    ``group`` is the thing: the card the receiver spent the most minutes doing (ties: more
    times, then name), else the one they noticed most often, else planned most often; None when
    the receiver logged nothing. ``noticed`` and ``planned`` count the receiver's other entries
    mentioned alongside (noticed and planned when the thing was done; planned when it was
    noticed).
    """

    giver: str
    giver_pk: int
    receiver: str
    group: WorkGroup | None
    noticed: int = 0
    planned: int = 0


@dataclass
class SummaryFigures:
    start: datetime.date  # Monday
    end: datetime.date  # Sunday
    in_progress: bool  # the week is this week, not over yet
    members: list[MemberWeek]
    balance: Balance | None
    prompts: list[Appreciation]
    entry_count: int
    personal_count: int
    problem: str | None = None

    @property
    def earlier(self) -> datetime.date | None:
        before = self.start - datetime.timedelta(weeks=1)
        return before if before >= EARLIEST_WEEK else None


def _by_minutes(g: WorkGroup) -> tuple[Fraction, int, str]:
    return (-g.minutes, -g.times, g.name)


def _by_times(g: WorkGroup) -> tuple[int, Fraction, str]:
    return (-g.times, -g.minutes, g.name)


def _thing(m: MemberWeek) -> Appreciation | None:
    """The one specific thing of ``m``'s week to thank them for (giver filled in later)."""
    if m.did:
        top = min(m.did, key=_by_minutes)
        return Appreciation("", 0, m.name, top, m.counts["noticed"], m.counts["planned"])
    if m.noticed:
        top = min(m.noticed, key=_by_times)
        return Appreciation("", 0, m.name, top, 0, m.counts["planned"])
    if m.planned:
        return Appreciation("", 0, m.name, min(m.planned, key=_by_times))
    return None


def appreciations(members: list[MemberWeek]) -> list[Appreciation]:
    """One prompt per member (of two or more) to thank another member for their week.

    Each member thanks the next one in the household's order (the last thanks the first), so
    everyone is thanked; if the next has logged nothing, the one after, and so on. When no one
    else logged anything the prompt names the next member with no thing, to ask about their week.
    Deterministic: the same week gives the same prompts.
    """
    if len(members) < 2:
        return []
    out = []
    n = len(members)
    for i, giver in enumerate(members):
        others = [members[(i + k) % n] for k in range(1, n)]
        chosen = next((a for a in map(_thing, others) if a is not None), None)
        if chosen is None:
            chosen = Appreciation("", 0, others[0].name, None)
        out.append(
            Appreciation(
                giver.name, giver.pk, chosen.receiver, chosen.group, chosen.noticed, chosen.planned
            )
        )
    return out


def summary_figures(
    *, household: Household, start: datetime.date, today: datetime.date
) -> SummaryFigures:
    """The week from Monday ``start``: who did what, the balance, personal time, thank-yous.

    The balance is the core's :func:`balance` over the whole ISO week, the same figures as the
    balance page. Counts, cards and covers come from the entries themselves; a personal-time
    entry's "what" is never read. A fixed number of queries whatever the number of entries.
    """
    end = start + datetime.timedelta(days=6)
    data = inputs_for(household=household, start=start, end=end)
    names = {m.pk: m.display_name for m in data.members}
    weeks = {
        pk: MemberWeek(
            pk=pk,
            name=name,
            counts=dict.fromkeys(_KIND_ORDER, 0),
            minutes=dict.fromkeys(_KIND_ORDER, Fraction(0)),
            groups=[],
        )
        for pk, name in names.items()
    }
    groups: dict[tuple[int, str, bool, str], WorkGroup] = {}
    rows = (
        LogEntry.objects.for_household(household)
        .filter(member_id__in=names, done_on__range=(start, end))
        .values_list(
            "member_id", "kind", "minutes", "card__name", "title", "covered_for__display_name"
        )
    )
    entry_count = 0
    for member_id, kind, minutes, card_name, title, covered_for in rows:
        entry_count += 1
        mw = weeks[member_id]
        mw.counts[kind] = mw.counts.get(kind, 0) + 1
        mw.minutes[kind] = mw.minutes.get(kind, Fraction(0)) + fraction(minutes)
        free = card_name is None
        key = (member_id, kind, free, title if free else card_name)
        group = groups.get(key)
        if group is None:
            group = groups[key] = WorkGroup(kind=kind, name=key[3], free_text=free)
            mw.groups.append(group)
        group.times += 1
        group.minutes += fraction(minutes)
        if covered_for is not None and kind == LogEntry.Kind.DID:
            group.covered[covered_for] = group.covered.get(covered_for, 0) + 1
    for mw in weeks.values():
        mw.groups.sort(key=lambda g: (_KIND_ORDER.get(g.kind, 9), *_by_minutes(g)))
    result = SummaryFigures(
        start=start,
        end=end,
        in_progress=end >= today,
        members=list(weeks.values()),
        balance=None,
        prompts=appreciations(list(weeks.values())),
        entry_count=entry_count,
        personal_count=len(data.personal),
    )
    if not data.facts:
        return result
    try:
        result.balance = balance(
            members=data.facts,
            fairness=data.fairness,
            items=data.items,
            personal=data.personal,
            start=start,
            end=end,
            planned_weekly=data.planned_weekly,
            count_personal_time=household.count_personal_time,
            skipped=data.skipped,
            plan_since=data.plan_since,
        )
    except ValueError as error:
        result.problem = str(error)
        return result
    for mw in result.members:
        bm = result.balance.member(mw.name)
        mw.minutes = {"did": bm.did, "noticed": bm.noticed, "planned": bm.planned}
    return result
