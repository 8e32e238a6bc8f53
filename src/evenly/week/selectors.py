"""Reads for the week: what is due when, for whom, and what is already done; the ledger and
its CSV; personal time against its goal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.db.models import QuerySet, Sum

from evenly.cards.models import Card, Rating
from evenly.core.schedule import placed, rotation_turn, week_of
from evenly.deals.models import Deal, DealCard
from evenly.households.models import Household, Member
from evenly.week.models import Away, Cover, LogEntry, PersonalTime


@dataclass
class Due:
    """One occurrence of a card in the active deal."""

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

    @property
    def done(self) -> bool:
        return self.entry is not None

    @property
    def needs_cover(self) -> bool:
        return self.owner_away and self.cover is None and self.entry is None

    @property
    def is_rotation(self) -> bool:
        return bool(self.deal_card.rotation)


def active_deal(*, household: Household) -> Deal | None:
    return household.deals.filter(status=Deal.Status.ACTIVE).first()


def schedule(*, household: Household, start: date, end: date) -> list[Due]:
    """Every occurrence in [start, end] of the active deal's cards, by date then card name.

    A fixed number of queries whatever the number of cards or days.
    """
    deal = active_deal(household=household)
    if deal is None:
        return []
    deal_cards = list(deal.cards.exclude(card=None).select_related("card"))
    members = {m.pk: m for m in household.members.all()}
    estimates = {
        (r.card_id, r.member_id): r.minutes
        for r in Rating.objects.for_household(household).filter(minutes__isnull=False)
    }
    entries = {
        (e.card_id, e.due_on): e
        for e in LogEntry.objects.for_household(household)
        .filter(kind=LogEntry.Kind.DID, due_on__range=(start, end))
        .select_related("member")
    }
    covers = {
        (c.card_id, c.due_on): c
        for c in Cover.objects.for_household(household).filter(due_on__range=(start, end))
    }
    away_days: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for a in Away.objects.for_household(household).filter(starts_on__lte=end, ends_on__gte=start):
        away_days[a.member_id].append((a.starts_on, a.ends_on))
    anchor = household.schedule_anchor
    out: list[Due] = []
    for dc in deal_cards:
        card = dc.card
        assert card is not None
        timing = card.timing
        for occ in placed(dc.cadence, timing, anchor=anchor, salt=card.pk, start=start, end=end):
            if dc.rotation:
                owner = members.get(rotation_turn(dc.rotation, occ.index))
            else:
                owner = members.get(dc.owner_id) if dc.owner_id else None
            cover = covers.get((card.pk, occ.on))
            holder = members.get(cover.member_id) if cover else owner
            away = owner is not None and any(
                s <= occ.on <= e for s, e in away_days.get(owner.pk, [])
            )
            minutes = (
                estimates.get((card.pk, holder.pk)) if holder is not None else None
            ) or card.minutes
            out.append(
                Due(
                    card=card,
                    deal_card=dc,
                    on=occ.on,
                    owner=owner,
                    holder=holder,
                    cover=cover,
                    entry=entries.get((card.pk, occ.on)),
                    owner_away=away,
                    minutes=minutes,
                    at=occ.at,
                    any_day=occ.any_day,
                )
            )
    out.sort(key=lambda d: (d.on, d.card.name))
    return out


def due_for(*, household: Household, member: Member, start: date, end: date) -> list[Due]:
    """The member's occurrences in the window: their own, their turns, and what they cover."""
    return [d for d in schedule(household=household, start=start, end=end) if d.holder == member]


OVERDUE_LOOKBACK_DAYS = 28


@dataclass
class Waiting:
    """What waits on a member today: at most one overdue occurrence per card (the latest
    missed), and what is due today, neither done."""

    overdue: list[Due]
    today: list[Due]


def waiting_on(*, household: Household, member: Member, today: date) -> Waiting:
    """The member's undone occurrences: the latest missed one of each card (missed ones do not
    pile up) and today's."""
    dues = due_for(
        household=household,
        member=member,
        start=today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
        end=today,
    )
    latest: dict[int, Due] = {}
    for d in dues:
        if d.on < today and not d.done:
            latest[d.card.pk] = d  # dues come in date order: the last one wins
    return Waiting(
        overdue=sorted(latest.values(), key=lambda d: (d.on, d.card.name)),
        today=[d for d in dues if d.on == today and not d.done],
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


def aways_of(*, household: Household, since: date) -> list[Away]:
    """Time away that has not ended before ``since``."""
    return list(
        Away.objects.for_household(household).filter(ends_on__gte=since).select_related("member")
    )


def occurrence(*, household: Household, card: Card, on: date) -> Due | None:
    """The one occurrence of ``card`` on ``on``, or None when it is not due that day."""
    for due in schedule(household=household, start=on, end=on):
        if due.card.pk == card.pk:
            return due
    return None


@dataclass
class MemberWeek:
    """What another member holds in the window: counts only, nothing private."""

    member: Member
    due: int
    done: int


@dataclass
class WeekView:
    start: date
    end: date
    has_deal: bool
    mine: list[Due]  # the member's occurrences: their own cards, their turns, their covers
    offers: list[Due]  # other members' occurrences while they are away, nobody covering yet
    others: list[MemberWeek]  # every other current member, in household order


def week_view(*, household: Household, member: Member, start: date, end: date) -> WeekView:
    """Everything the week page shows, from one pass over the schedule."""
    has_deal = active_deal(household=household) is not None
    dues = schedule(household=household, start=start, end=end) if has_deal else []
    others = [
        MemberWeek(
            member=m,
            due=sum(1 for d in dues if d.holder == m),
            done=sum(1 for d in dues if d.holder == m and d.done),
        )
        for m in household.members.current().exclude(pk=member.pk)
    ]
    return WeekView(
        start=start,
        end=end,
        has_deal=has_deal,
        mine=[d for d in dues if d.holder == member],
        offers=[d for d in dues if d.needs_cover and d.owner != member],
        others=others,
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


def duration_text(minutes: Decimal | int) -> str:
    """Minutes as people say them: "45 min", "2 h", "1 h 30 min"."""
    whole = round(minutes)
    hours, rest = divmod(whole, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


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
