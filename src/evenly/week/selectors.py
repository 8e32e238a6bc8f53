"""Reads for the week: what is due when, for whom, and what is already done; the ledger and
its CSV; personal time against its goal."""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from evenly.cards.models import Card, Rating
from evenly.cards.to_core import fraction
from evenly.core import bounds
from evenly.core.balance import LogItem
from evenly.core.schedule import placed, rotation_turn, week_of
from evenly.core.units import duration_text
from evenly.deals.models import Deal, DealCard
from evenly.households.models import Household, Member
from evenly.week.models import Away, Cover, LogEntry, OccurrenceChange, PersonalTime


@dataclass
class Due:
    """One occurrence of a card in the active deal.

    ``on`` is the day it falls now; ``due_on`` its identity, the day the schedule gave it (they
    differ once it is moved or snoozed). Forms and completions name an occurrence by ``due_on``.
    """

    card: Card
    deal_card: DealCard
    on: date
    owner: Member | None  # whose it is under the deal (the turn, for a rotation)
    holder: Member | None  # whose it is now: the owner, or whoever covers
    cover: Cover | None
    entry: LogEntry | None  # the completion, once done
    owner_away: bool
    minutes: Decimal  # the holder's own estimate per time, else the card's
    at: time | None = None  # the time of day it is due, in the household's time zone
    any_day: bool = False  # any day of its week will do: due by that week's Sunday
    change: OccurrenceChange | None = None  # skipped or moved, when it was
    moved_from: date | None = None  # the day it was due before a move or snooze

    @property
    def done(self) -> bool:
        return self.entry is not None

    @property
    def due_on(self) -> date:
        """The occurrence's identity: the day the schedule gave it, wherever it falls now."""
        return self.moved_from or self.on

    @property
    def skipped(self) -> bool:
        """Skipped: not due, and it counts against nobody."""
        return self.change is not None and self.change.kind == OccurrenceChange.Kind.SKIPPED

    @property
    def open(self) -> bool:
        """Still to do: neither done nor skipped."""
        return not self.done and not self.skipped

    @property
    def needs_cover(self) -> bool:
        return self.owner_away and self.cover is None and self.open

    @property
    def is_rotation(self) -> bool:
        return bool(self.deal_card.rotation)


def active_deal(*, household: Household) -> Deal | None:
    return household.deals.filter(status=Deal.Status.ACTIVE).first()


# The schedules worked out while a page that only reads is drawn (``shared_schedule``), by
# household and window: the week page and the Needs-you count on its tab ask for the same weeks.
_shared: ContextVar[dict[tuple[int, date, date], list[Due]] | None] = ContextVar(
    "evenly_week_shared_schedule", default=None
)


@contextmanager
def shared_schedule() -> Iterator[None]:
    """Within this block each schedule worked out is kept, and a later one for the same
    household within a window already worked out is read from it (the window's part of a wider
    schedule is exactly the schedule of that window). Only for drawing a page asked for with
    GET, which never writes: a write inside the block would not be seen by a later read."""
    if _shared.get() is not None:  # within another: share with it
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _from_shared(
    kept: dict[tuple[int, date, date], list[Due]], household: Household, start: date, end: date
) -> list[Due] | None:
    for (pk, first, last), dues in kept.items():
        if pk == household.pk and first <= start and end <= last:
            return (
                dues if (first, last) == (start, end) else [d for d in dues if start <= d.on <= end]
            )
    return None


def schedule(
    *,
    household: Household,
    start: date,
    end: date,
    holder: Member | None = None,
    card: Card | None = None,
) -> list[Due]:
    """Every occurrence in [start, end] of the active deal's cards, by date then card name;
    given ``holder``, only those the holder holds (their own, their turns, their covers);
    given ``card``, only that card's (each card's occurrences are worked out on their own, so
    they are exactly the household schedule's occurrences of that card).

    A fixed number of queries whatever the number of cards or days.
    """
    kept = _shared.get()
    if kept is not None:
        found = _from_shared(kept, household, start, end)
        if found is None:
            found = _schedule(household=household, start=start, end=end, holder=None)
            kept[(household.pk, start, end)] = found
        return [
            d
            for d in found
            if (holder is None or d.holder == holder) and (card is None or d.card.pk == card.pk)
        ]
    return _schedule(household=household, start=start, end=end, holder=holder, only_card=card)


def _schedule(
    *,
    household: Household,
    start: date,
    end: date,
    holder: Member | None,
    only_card: Card | None = None,
    entries: bool = True,
) -> list[Due]:
    """The schedule itself; without ``entries`` the completions are not read (every
    occurrence's ``entry`` is None) and the caller reads those it looks at (``waiting_on``)."""
    deal = active_deal(household=household)
    if deal is None:
        return []
    deal_rows = deal.cards.exclude(card=None)
    ratings = Rating.objects.for_household(household).filter(minutes__isnull=False)
    window = (start, end)
    # Skips and moves of occurrences due in the window, and moves into it from outside.
    moves = OccurrenceChange.objects.for_household(household).filter(
        Q(due_on__range=window) | Q(to_date__range=window)
    )
    cover_rows = Cover.objects.for_household(household)
    if only_card is not None:  # one card's occurrences read only that card's rows
        deal_rows = deal_rows.filter(card=only_card)
        ratings = ratings.filter(card=only_card)
        moves = moves.filter(card=only_card)
        cover_rows = cover_rows.filter(card=only_card)
    members = {m.pk: m for m in household.members.all()}
    estimates = {
        (card_id, member_id): minutes
        for card_id, member_id, minutes in ratings.values_list("card_id", "member_id", "minutes")
    }
    changes = {(c.card_id, c.due_on): _with_by(c, members) for c in moves}
    if changes:  # generate the days moved in from too (at most MAX_MOVE_DAYS away)
        start = min(start, *(c.due_on for c in changes.values()))
        end = max(end, *(c.due_on for c in changes.values()))
    covers = {(c.card_id, c.due_on): c for c in cover_rows.filter(due_on__range=(start, end))}
    covering: set[int] = set()
    if holder is not None:
        # Only the cards the holder may hold: owned, taken in turns, or covered by them (the
        # Needs-you count asks for one member's; the other cards' days are never looked at).
        # The database leaves out the cards others own alone; whose turns are is told here.
        covering = {c.card_id for c in covers.values() if c.member_id == holder.pk}
        deal_rows = deal_rows.filter(Q(owner=holder) | ~Q(rotation=[]) | Q(card_id__in=covering))
    deal_cards = list(deal_rows)
    if holder is not None:
        deal_cards = [
            dc
            for dc in deal_cards
            if (holder.pk in dc.rotation if dc.rotation else dc.owner_id == holder.pk)
            or dc.card_id in covering
        ]
    deal_cards = _with_cards(deal_cards)
    done_of: dict[tuple[int | None, date | None], LogEntry] = {}
    if entries:
        # One completion per occurrence (a constraint): read into a dict, their order is of
        # no use; only the cards worked out here (one card's, or the holder's).
        done = LogEntry.objects.for_household(household).filter(
            kind=LogEntry.Kind.DID, due_on__range=(start, end)
        )
        if only_card is not None:
            done = done.filter(card=only_card)
        if holder is not None:
            done = done.filter(card_id__in=[dc.card_id for dc in deal_cards])
        done_of = {(e.card_id, e.due_on): _with_members(e, members) for e in done.order_by()}
    away_days: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for a in Away.objects.for_household(household).filter(starts_on__lte=end, ends_on__gte=start):
        away_days[a.member_id].append((a.starts_on, a.ends_on))
    anchor = household.schedule_anchor
    out: list[Due] = []
    first, last = window
    moved_kind = OccurrenceChange.Kind.MOVED
    # What is the same for every day of a card is looked up once per card, not once per day.
    for dc in deal_cards:
        card = dc.card
        assert card is not None
        card_pk, rotation = card.pk, dc.rotation
        fixed_owner = None if rotation or not dc.owner_id else members.get(dc.owner_id)
        for occ in placed(
            dc.cadence, card.timing, anchor=anchor, salt=card.spread_salt, start=start, end=end
        ):
            owner = members.get(rotation_turn(rotation, occ.index)) if rotation else fixed_owner
            key = (card_pk, occ.on)
            change = changes.get(key) if changes else None
            on = occ.on
            if change is not None and change.kind == moved_kind and change.to_date:
                on = change.to_date
            if not first <= on <= last:
                continue  # moved out of the window, or only generated to find a move in
            cover = covers.get(key) if covers else None
            holder = members.get(cover.member_id) if cover else owner
            away = (
                owner is not None
                and owner.pk in away_days
                and any(s <= on <= e for s, e in away_days[owner.pk])
            )
            minutes = (
                estimates.get((card_pk, holder.pk)) if holder is not None else None
            ) or card.minutes
            out.append(
                Due(
                    card=card,
                    deal_card=dc,
                    on=on,
                    owner=owner,
                    holder=holder,
                    cover=cover,
                    entry=done_of.get(key) if done_of else None,
                    owner_away=away,
                    minutes=minutes,
                    at=occ.at,
                    any_day=occ.any_day,
                    change=change,
                    moved_from=occ.on if on != occ.on else None,
                )
            )
    # Within a day: by time of day, cards without one after, then by name.
    out.sort(key=lambda d: (d.on, d.at or time.max, d.card.name, d.due_on))
    return out


_DEAL_CARD_CARD = DealCard._meta.get_field("card")


def _with_cards(deal_cards: list[DealCard]) -> list[DealCard]:
    """``deal_cards`` with their cards, read in a second query: the same rows as a join, at
    well under half its cost (a joined row of a deal card and its card is slow to take apart)."""
    cards = {c.pk: c for c in Card.objects.filter(pk__in=[dc.card_id for dc in deal_cards])}
    for dc in deal_cards:
        if dc.card_id in cards:
            _DEAL_CARD_CARD.set_cached_value(dc, cards[dc.card_id])
    return deal_cards


_ENTRY_MEMBER = LogEntry._meta.get_field("member")
_ENTRY_COVERED_FOR = LogEntry._meta.get_field("covered_for")


def _with_members(entry: LogEntry, members: dict[int, Member]) -> LogEntry:
    """``entry`` with its member and covered-for member taken from the household's, already
    read: a month of entries no longer brings a copy of its member each (a join and a model per
    row were a third of a cold week's schedule). One not found is left to be read if asked."""
    if entry.member_id in members:
        _ENTRY_MEMBER.set_cached_value(entry, members[entry.member_id])
    if entry.covered_for_id is None or entry.covered_for_id in members:
        _ENTRY_COVERED_FOR.set_cached_value(
            entry, members.get(entry.covered_for_id) if entry.covered_for_id else None
        )
    return entry


_CHANGE_BY = OccurrenceChange._meta.get_field("by")


def _with_by(change: OccurrenceChange, members: dict[int, Member]) -> OccurrenceChange:
    """``change`` with who made it taken from the household's members, already read (a join
    and a member per row cost more than the rows themselves); one not found is read if asked."""
    if change.by_id in members:
        _CHANGE_BY.set_cached_value(change, members[change.by_id])
    return change


def due_for(*, household: Household, member: Member, start: date, end: date) -> list[Due]:
    """The member's occurrences in the window: their own, their turns, and what they cover."""
    return [
        d
        for d in schedule(household=household, start=start, end=end, holder=member)
        if d.holder == member
    ]


OVERDUE_LOOKBACK_DAYS = 28


def any_day(due: Due) -> bool:
    """A card done any day of its week: due by Sunday, so never overdue before the week ends."""
    return due.any_day


@dataclass
class Waiting:
    """What waits on a member today: at most one overdue occurrence per card (its latest past
    one, when that is neither done nor skipped), and what falls today, not done nor skipped."""

    overdue: list[Due]
    today: list[Due]


def _latest_past(dues: list[Due], *, today: date) -> list[Due]:
    """Of ``dues``, each card's latest occurrence due before today, done or not ("any day this
    week" cards not before their week ends): the only one of a card that may be overdue."""
    monday = week_of(today)[0]
    latest: dict[int, Due] = {}
    for d in sorted(dues, key=lambda d: d.due_on):
        if d.due_on < today and not (any_day(d) and d.due_on >= monday):
            latest[d.card.pk] = d  # the last one wins
    return list(latest.values())


def overdue_of(dues: list[Due], *, today: date) -> list[Due]:
    """Of ``dues``, each card's latest occurrence due before today when it is still open and
    has not been moved to today or later: missed occurrences never pile up, and a later one
    done, skipped or moved on settles the card. "Any day this week" cards are not overdue
    before their week ends. ``dues`` should reach :data:`bounds.MAX_MOVE_DAYS` past today, so
    an occurrence moved ahead is seen (and settles the older ones)."""
    return sorted(
        (d for d in _latest_past(dues, today=today) if d.open and d.on < today),
        key=lambda d: (d.on, d.card.name),
    )


def _with_entries(household: Household, dues: list[Due]) -> None:
    """Each of ``dues`` given its completion, if it has one, in one query."""
    if not dues:
        return
    done = LogEntry.objects.for_household(household).filter(
        kind=LogEntry.Kind.DID,
        card_id__in={d.card.pk for d in dues},
        due_on__in={d.due_on for d in dues},
    )
    by_key = {(e.card_id, e.due_on): e for e in done.order_by()}
    for d in dues:
        d.entry = by_key.get((d.card.pk, d.due_on))


def waiting_on(*, household: Household, member: Member, today: date) -> Waiting:
    """The member's undone occurrences: the latest missed one of each card (missed ones do not
    pile up) and today's. Skipped ones are not due; moved ones wait on the day they fall now.

    Outside ``shared_schedule`` only the completions of the occurrences that may be waiting
    are read (each card's latest before today, and today's), not the whole window's."""
    start = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
    end = today + timedelta(days=bounds.MAX_MOVE_DAYS)
    if _shared.get() is not None:
        dues = due_for(household=household, member=member, start=start, end=end)
    else:
        dues = [
            d
            for d in _schedule(
                household=household, start=start, end=end, holder=member, entries=False
            )
            if d.holder == member
        ]
        # Only these may be waiting: a later one of a card settles the card whatever it is.
        maybe = {id(d) for d in _latest_past(dues, today=today) if d.on < today}
        _with_entries(household, [d for d in dues if d.on == today or id(d) in maybe])
    return Waiting(
        overdue=overdue_of(dues, today=today),
        today=[d for d in dues if d.on == today and d.open],
    )


def cover_offers(*, household: Household, member: Member, start: date, end: date) -> list[Due]:
    """Occurrences of other members' cards that fall while they are away and nobody covers."""
    return [
        d
        for d in schedule(household=household, start=start, end=end)
        if d.needs_cover and d.owner != member
    ]


def entries_of(*, household: Household, member: Member, start: date, end: date) -> list[LogEntry]:
    """The member's own log for the window, newest first."""
    return list(
        LogEntry.objects.for_household(household)
        .filter(member=member, done_on__range=(start, end))
        .select_related("card", "covered_for")
        .order_by("-done_on", "-created_at")
    )


def logged_by_day(*, household: Household, start: date, end: date) -> list[LogItem]:
    """The log from ``start`` to ``end`` (both included) summed per member, kind and day, as
    ``core.balance`` items named by member id: a few hundred rows a year, whatever the log's
    size, for the figures that compare the minutes with what members said (perception, How it
    feels)."""
    daily = (
        LogEntry.objects.for_household(household)
        .filter(done_on__range=(start, end))
        .values("member_id", "kind", "done_on")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    return [
        LogItem(
            member=str(row["member_id"]),
            kind=row["kind"],
            minutes=fraction(row["minutes"]),
            on=row["done_on"],
        )
        for row in daily
    ]


def aways_of(*, household: Household, since: date) -> list[Away]:
    """Time away that has not ended before ``since``."""
    return list(
        Away.objects.for_household(household).filter(ends_on__gte=since).select_related("member")
    )


def occurrence(*, household: Household, card: Card, on: date) -> Due | None:
    """The occurrence of ``card`` the schedule gave the day ``on`` (its identity), wherever a
    move has put it since; None when the card is not due that day."""
    change = OccurrenceChange.objects.for_household(household).filter(card=card, due_on=on).first()
    to = change.to_date if change is not None and change.to_date is not None else on
    for due in schedule(household=household, start=min(on, to), end=max(on, to), card=card):
        if due.due_on == on:
            return due
    return None


@dataclass
class MemberWeek:
    """What another member holds in the window: counts only, nothing private."""

    member: Member
    due: int
    done: int


@dataclass
class Sections:
    """This week as it reads today: overdue · today · later this week · done."""

    overdue: list[Due]  # at most one per card: its latest missed occurrence
    today: list[Due]
    later: list[Due]  # after today this week, and "any day this week" cards not done yet
    done: list[Due]  # done or skipped this week: the member's own, and what they did for others
    theirs: list[tuple[Member, list[Due]]]  # each other member's open ones, to do for them


@dataclass
class WeekView:
    start: date
    end: date
    has_deal: bool
    mine: list[Due]  # the member's occurrences: their own cards, their turns, their covers
    offers: list[Due]  # other members' occurrences while they are away, nobody covering yet
    others: list[MemberWeek]  # every other current member, in household order
    sections: Sections | None = None  # for the week holding today


def _open_for(dues: list[Due], holder: Member, *, today: date, start: date, end: date) -> list[Due]:
    """What still waits on ``holder``: their overdue ones, then the rest of the week's."""
    held = [d for d in dues if d.holder == holder]
    return overdue_of(held, today=today) + [
        d for d in held if start <= d.on <= end and _open_now(d, today=today, start=start)
    ]


def _open_now(d: Due, *, today: date, start: date) -> bool:
    """Open today or later this week (an "any day this week" card: any day of it)."""
    return d.open and (d.on >= today or (any_day(d) and d.on >= start))


def _done_in_week(
    d: Due, *, member: Member, start: date, end: date, zone: zoneinfo.ZoneInfo
) -> bool:
    """Settled this week and the member's concern: theirs done or skipped, or done by them
    for someone else. An overdue one from an earlier week counts when it was done or skipped
    this week (a missed card skipped on a Monday shows, with its Undo)."""
    if d.entry is not None and start <= d.entry.done_on <= end:
        return d.holder == member or d.entry.member_id == member.pk
    if d.holder != member or d.open:
        return False
    if start <= d.on <= end:
        return True
    change = d.change
    return (
        d.skipped
        and change is not None
        and d.on < start
        and start <= change.created_at.astimezone(zone).date() <= end
    )


def _sections(
    dues: list[Due],
    *,
    member: Member,
    others: list[Member],
    today: date,
    start: date,
    end: date,
    zone: zoneinfo.ZoneInfo,
) -> Sections:
    mine = [d for d in dues if d.holder == member]
    in_week = [d for d in mine if start <= d.on <= end]
    overdue = overdue_of(mine, today=today)
    return Sections(
        overdue=overdue,
        today=[d for d in in_week if d.on == today and d.open],
        later=[d for d in in_week if _open_now(d, today=today, start=start) and d.on != today],
        done=[d for d in dues if _done_in_week(d, member=member, start=start, end=end, zone=zone)],
        theirs=[(o, _open_for(dues, o, today=today, start=start, end=end)) for o in others],
    )


def week_view(
    *, household: Household, member: Member, start: date, end: date, today: date | None = None
) -> WeekView:
    """Everything the week page shows, from one pass over the schedule. Given ``today`` within
    the week, also its sections (overdue ones may lie in earlier weeks)."""
    has_deal = active_deal(household=household) is not None
    this_week = today is not None and start <= today <= end
    first, last = start, end
    if this_week and today is not None:  # overdue ones, and the ones moved ahead that settle them
        first = today - timedelta(days=OVERDUE_LOOKBACK_DAYS)
        last = max(end, today + timedelta(days=bounds.MAX_MOVE_DAYS))
    all_dues = schedule(household=household, start=first, end=last) if has_deal else []
    dues = [d for d in all_dues if start <= d.on <= end]
    current = list(household.members.current().exclude(pk=member.pk))
    others = [
        MemberWeek(
            member=m,
            due=sum(1 for d in dues if d.holder == m and not d.skipped),
            done=sum(1 for d in dues if d.holder == m and d.done),
        )
        for m in current
    ]
    sections = None
    if this_week and today is not None:
        sections = _sections(
            all_dues,
            member=member,
            others=current,
            today=today,
            start=start,
            end=end,
            zone=household.zone,
        )
    return WeekView(
        start=start,
        end=end,
        has_deal=has_deal,
        mine=[d for d in dues if d.holder == member],
        offers=[d for d in dues if d.needs_cover and d.owner != member],
        others=others,
        sections=sections,
    )


# --- the ledger ------------------------------------------------------------------------------

LEDGER_PAGE_SIZE = 50


def ledger_entries(
    *,
    household: Household,
    start: date | None = None,
    end: date | None = None,
    member: Member | None = None,
    kind: str = "",
) -> QuerySet[LogEntry]:
    """The household's entries, newest first, optionally within [start, end], of one member
    and of one kind. Rows carry their member and covered-for member (no query per row)."""
    entries = LogEntry.objects.for_household(household)
    if start is not None:
        entries = entries.filter(done_on__gte=start)
    if end is not None:
        entries = entries.filter(done_on__lte=end)
    if member is not None:
        entries = entries.filter(member=member)
    if kind:
        entries = entries.filter(kind=kind)
    return entries.select_related("member", "covered_for").order_by(
        "-done_on", "-created_at", "-pk"
    )


CSV_HEADER = ["date", "member", "kind", "card", "title", "minutes", "covered_for", "due_on"]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def ledger_csv_rows(entries: QuerySet[LogEntry]) -> Iterator[list[str]]:
    """The header, then one row per entry, oldest first, read from the database in chunks."""
    yield CSV_HEADER
    rows = entries.order_by("done_on", "created_at", "pk").values_list(
        "done_on",
        "member__display_name",
        "kind",
        "card__name",
        "title",
        "minutes",
        "covered_for__display_name",
        "due_on",
    )
    for row in rows.iterator(chunk_size=2000):
        yield [csv_cell(v) for v in row]


# --- personal time ---------------------------------------------------------------------------


@dataclass
class PersonalTotal:
    """One member's personal time in the week against their weekly goal; never the "what"."""

    member: Member
    minutes: Decimal
    goal: int  # minutes a week; 0 when none is set

    @property
    def text(self) -> str:
        return duration_text(self.minutes)

    @property
    def goal_text(self) -> str:
        return duration_text(self.goal)

    @property
    def reached(self) -> bool:
        return self.goal > 0 and self.minutes >= self.goal

    @property
    def bar_value(self) -> int:
        """For <progress max=goal>: the minutes, capped at the goal."""
        return int(min(self.minutes, Decimal(self.goal)))

    @property
    def percent(self) -> int:
        return int(self.minutes * 100 / self.goal) if self.goal else 0


@dataclass
class PersonalView:
    start: date
    end: date
    mine: PersonalTotal
    others: list[PersonalTotal]  # every other current member: totals only
    recent: list[PersonalTime]  # the member's own entries, newest first


PERSONAL_RECENT_DAYS = 28
PERSONAL_RECENT_MAX = 50


def personal_view(*, household: Household, member: Member, today: date) -> PersonalView:
    """This week's personal time per member against their goals, and the member's own recent
    entries. Three queries, whatever the number of entries or members."""
    start, end = week_of(today)
    totals = dict(
        PersonalTime.objects.for_household(household)
        .filter(on__range=(start, end))
        .values("member")
        .annotate(total=Sum("minutes"))
        .values_list("member", "total")
    )
    members = list(household.members.current())
    by_member = {
        m.pk: PersonalTotal(
            member=m, minutes=totals.get(m.pk) or Decimal(0), goal=m.personal_time_goal_minutes
        )
        for m in members
    }
    recent = list(
        PersonalTime.objects.for_household(household)
        .filter(
            member=member,
            on__gte=today - timedelta(days=PERSONAL_RECENT_DAYS),
        )
        .order_by("-on", "-created_at", "-pk")[:PERSONAL_RECENT_MAX]
    )
    return PersonalView(
        start=start,
        end=end,
        mine=by_member.get(member.pk)
        or PersonalTotal(member=member, minutes=Decimal(0), goal=member.personal_time_goal_minutes),
        others=[by_member[m.pk] for m in members if m.pk != member.pk],
        recent=recent,
    )
