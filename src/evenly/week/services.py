"""Writes for the week: mark done, undo, log noticing/planning/unplanned work, away, cover;
edit and delete ledger entries; log personal time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evenly.cards.models import Card
from evenly.core import bounds
from evenly.core.schedule import week_of
from evenly.households.models import Member
from evenly.pages.words import problem_sentence
from evenly.week.models import Away, Cover, DoneKey, LogEntry, OccurrenceChange, PersonalTime
from evenly.week.selectors import Due, occurrence

EDIT_WINDOW = timedelta(days=7)
MAX_AWAY_DAYS = 366


def _minutes_check(minutes: Decimal) -> None:
    if bounds.MINUTES.check(minutes) or minutes <= 0:
        most = bounds.MINUTES.describe
        message = f"Minutes: more than 0 and at most {most} (a whole day)."
        raise ValidationError({"minutes": message})


def _date_check(field: str, day: date) -> None:
    problem = bounds.date_check(day)
    if problem:
        raise ValidationError({field: problem_sentence(problem)})


def _occurrence(member: Member, card: Card, due_on: date) -> Due:
    """The occurrence of ``card`` the schedule gave ``due_on``, wherever it falls now."""
    _date_check("due_on", due_on)
    if card.household_id != member.household_id:
        raise ValidationError(_("That card belongs to another household."))
    due = occurrence(household=member.household, card=card, on=due_on)
    if due is None:
        raise ValidationError(
            _("%(card)s is not due on %(day)s in the active deal.")
            % {"card": card.name, "day": _long(due_on)}
        )
    return due


@transaction.atomic
def entry_mark_done(
    *, member: Member, card: Card, due_on: date, minutes: Decimal | None = None
) -> LogEntry:
    """Mark one occurrence done by ``member`` (who may be covering for someone)."""
    _lock(card)
    due = _occurrence(member, card, due_on)
    if due.entry is not None:
        raise ValidationError(
            _("%(card)s on %(day)s is already marked done.")
            % {"card": card.name, "day": _weekday(due_on)}
        )
    if due.skipped:
        raise ValidationError(
            _("%(card)s on %(day)s was skipped: undo the skip first.")
            % {"card": card.name, "day": _weekday(due_on)}
        )
    minutes = due.minutes if minutes is None else minutes
    _minutes_check(minutes)
    covered_for = due.owner if due.owner is not None and due.owner != member else None
    try:
        with transaction.atomic():
            return LogEntry.objects.create(
                household=member.household,
                member=member,
                card=card,
                title=card.name,
                kind=LogEntry.Kind.DID,
                minutes=minutes,
                done_on=member.household.today(),
                due_on=due_on,
                covered_for=covered_for,
            )
    except IntegrityError:
        raise ValidationError(
            _("%(card)s on %(day)s is already marked done.")
            % {"card": card.name, "day": _weekday(due_on)}
        ) from None


@transaction.atomic
def entry_mark_done_once(
    *, member: Member, card: Card, due_on: date, key: str, minutes: Decimal | None = None
) -> LogEntry | None:
    """Mark one occurrence done, once for ``key``: the key the member's browser gave this tick.

    A tick queued while offline may reach Evenly twice (the page and the service worker both
    send it, or an answer was lost on the way back). The first time it is recorded like any
    tick; again with the same key, nothing changes and the tick's entry is returned as it is
    now (None when it has since been undone: the late copy does not bring it back)."""
    problem = bounds.tick_key_problem(key)
    if problem:
        raise ValidationError({"key": problem_sentence(problem)})
    _lock(card)
    earlier = DoneKey.objects.filter(member=member, key=key).select_related("entry").first()
    if earlier is not None:
        return earlier.entry
    entry = entry_mark_done(member=member, card=card, due_on=due_on, minutes=minutes)
    try:
        with transaction.atomic():
            DoneKey.objects.create(household=member.household, member=member, key=key, entry=entry)
    except IntegrityError:  # the same key at the same moment, for another card
        raise ValidationError(_("That tick was already sent.")) from None
    return entry


def entry_log(
    *,
    member: Member,
    kind: str,
    minutes: Decimal,
    done_on: date,
    card: Card | None = None,
    title: str = "",
) -> LogEntry:
    """Log noticing, planning, or work that was not on the schedule."""
    if kind not in LogEntry.Kind.values:
        raise ValidationError({"kind": _("Choose did, noticed or planned.")})
    _minutes_check(minutes)
    _day_check(done_on, member.household.today(), "done_on")
    if card is not None and card.household_id != member.household_id:
        raise ValidationError({"card": _("That card belongs to another household.")})
    title = " ".join(title.split())
    if card is None and not title:
        raise ValidationError({"title": _("Say what it was, or choose a card.")})
    return LogEntry.objects.create(
        household=member.household,
        member=member,
        card=card,
        title=title or (card.name if card else ""),
        kind=kind,
        minutes=minutes,
        done_on=done_on,
    )


class _Logged(Protocol):
    """Anything a member logged: a ledger entry or personal time."""

    pk: int
    member_id: int
    created_at: datetime


# Past tenses for the refusal messages of the one 7-day rule below.
_DONE = {
    "undo": gettext_lazy("undone"),
    "edit": gettext_lazy("edited"),
    "delete": gettext_lazy("deleted"),
}
# The actions a message names ("only they can skip it").
_ACTION = {
    "undo": gettext_lazy("undo"),
    "edit": gettext_lazy("edit"),
    "delete": gettext_lazy("delete"),
    "skip": gettext_lazy("skip"),
    "move": gettext_lazy("move"),
    "snooze": gettext_lazy("snooze"),
}


def _weekday(day: date) -> str:
    return date_format(day, "l")


def _long(day: date) -> str:
    return date_format(day, _("l j F"))


def may_change(*, member: Member, item: _Logged, now: datetime | None = None) -> bool:
    """The one rule for changing what was logged: its author, within 7 days of logging it."""
    now = timezone.now() if now is None else now
    return item.member_id == member.pk and item.created_at >= now - EDIT_WINDOW


def changeable_ids(*, member: Member, items: Iterable[_Logged]) -> set[int]:
    """The ids among ``items`` that ``member`` may still edit or delete (no queries)."""
    now = timezone.now()
    return {item.pk for item in items if may_change(member=member, item=item, now=now)}


def changeable_count(*, member: Member, entries: QuerySet[LogEntry]) -> int:
    """How many of ``entries`` ``member`` may still edit or delete (one query): within one
    household revision the entries stay the same and each leaves the count when its 7 days
    are over, so the count tells which of them may be changed."""
    since = timezone.now() - EDIT_WINDOW
    return entries.filter(member=member, created_at__gte=since).order_by().count()


def check_may_change(*, member: Member, item: _Logged, action: str) -> None:
    """Raise the reason ``member`` may not ``action`` (undo, edit, delete) ``item``."""
    if item.member_id != member.pk:
        raise ValidationError(
            _("Only the person who logged it can %(action)s it.") % {"action": _ACTION[action]}
        )
    if not may_change(member=member, item=item):
        raise ValidationError(
            _("Entries can be %(done)s for 7 days; this one is older.") % {"done": _DONE[action]}
        )


def entry_undo(*, member: Member, entry: LogEntry) -> None:
    """Remove one's own entry, within 7 days of logging it."""
    check_may_change(member=member, item=entry, action="undo")
    entry.delete()


def entry_delete(*, member: Member, entry: LogEntry) -> None:
    """Delete one's own ledger entry, within 7 days of logging it (the rule of undo)."""
    check_may_change(member=member, item=entry, action="delete")
    entry.delete()


def _day_check(day: date, today: date, field: str) -> None:
    if day > today:
        raise ValidationError({field: _("That day has not happened yet.")})
    if day < today - EDIT_WINDOW:
        raise ValidationError({field: _("Log work from the last 7 days.")})


def entry_update(
    *,
    member: Member,
    entry: LogEntry,
    minutes: Decimal,
    kind: str,
    done_on: date,
    title: str = "",
) -> LogEntry:
    """Correct one's own entry within 7 days of logging it: minutes, kind, day and words.

    A scheduled completion (one with a due date) stays "did": to take it back, delete it.
    """
    check_may_change(member=member, item=entry, action="edit")
    if kind not in LogEntry.Kind.values:
        raise ValidationError({"kind": _("Choose did, noticed or planned.")})
    if entry.due_on is not None and kind != LogEntry.Kind.DID:
        raise ValidationError(
            {"kind": _("This marks a scheduled card done, so it stays “did”. Delete it instead.")}
        )
    _minutes_check(minutes)
    if done_on != entry.done_on:
        _day_check(done_on, member.household.today(), "done_on")
    title = " ".join(title.split())
    if not title:
        if entry.card is None:
            raise ValidationError({"title": _("Say what it was.")})
        title = entry.card.name
    entry.minutes, entry.kind, entry.done_on, entry.title = minutes, kind, done_on, title
    entry.save(update_fields=["minutes", "kind", "done_on", "title"])
    return entry


def personal_log(*, member: Member, minutes: Decimal, on: date, what: str = "") -> PersonalTime:
    """Log time the member spent on their own passions (the "what" stays theirs alone)."""
    _minutes_check(minutes)
    _day_check(on, member.household.today(), "on")
    return PersonalTime.objects.create(
        household=member.household,
        member=member,
        minutes=minutes,
        on=on,
        what=" ".join(what.split()),
    )


def personal_delete(*, member: Member, item: PersonalTime) -> None:
    """Delete one's own personal time, within 7 days of logging it."""
    check_may_change(member=member, item=item, action="delete")
    item.delete()


def away_create(*, member: Member, starts_on: date, ends_on: date, reason: str) -> Away:
    """Mark the member away; their cards due then are offered to the others as cover."""
    _date_check("starts_on", starts_on)
    _date_check("ends_on", ends_on)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first.")})
    if (ends_on - starts_on).days >= MAX_AWAY_DAYS:
        raise ValidationError({"ends_on": _("Mark at most a year away at a time.")})
    if reason not in Away.Reason.values:
        raise ValidationError({"reason": _("Choose travel, illness or other.")})
    return Away.objects.create(
        household=member.household,
        member=member,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )


def away_delete(*, member: Member, away: Away) -> None:
    """Cancel one's own time away; covers taken for it go with it."""
    if away.member_id != member.pk:
        raise ValidationError(_("Only the person who is away can cancel it."))
    away.delete()


@transaction.atomic
def cover_take(*, member: Member, card: Card, due_on: date) -> Cover:
    """Take one occurrence of an away member's card; it then shows in the taker's week."""
    due = _occurrence(member, card, due_on)
    if not due.needs_cover or due.owner is None:
        raise ValidationError(
            _("%(card)s on %(day)s does not need cover.")
            % {"card": card.name, "day": _weekday(due_on)}
        )
    if due.owner == member:
        raise ValidationError(_("That card is yours already."))
    away = (
        Away.objects.for_household(member.household)
        .filter(
            member=due.owner,
            starts_on__lte=due_on,
            ends_on__gte=due_on,
        )
        .first()
    )
    assert away is not None  # needs_cover means the owner is away that day
    try:
        with transaction.atomic():
            return Cover.objects.create(
                household=member.household,
                away=away,
                card=card,
                due_on=due_on,
                member=member,
                covered_for=due.owner,
            )
    except IntegrityError:
        raise ValidationError(
            _("Someone already covers %(card)s on %(day)s.")
            % {"card": card.name, "day": _weekday(due_on)}
        ) from None


# --- skip, snooze, move, done for someone ------------------------------------------------------


def _lock(card: Card) -> None:
    """Changes to one card's occurrences (done, skip, move) take turns (PostgreSQL)."""
    Card.objects.select_for_update().filter(pk=card.pk).first()


def _changeable(member: Member, card: Card, due_on: date, action: str) -> Due:
    """The open occurrence ``member`` holds, or why they cannot ``action`` it."""
    _lock(card)
    due = _occurrence(member, card, due_on)
    if due.holder is not None and due.holder != member:
        raise ValidationError(
            _("%(card)s is %(name)s's; only they can %(action)s it (you can do it for them).")
            % {"card": card.name, "name": due.holder.display_name, "action": _ACTION[action]}
        )
    if due.done:
        raise ValidationError(_("%(card)s is already done.") % {"card": card.name})
    return due


def _change_save(
    member: Member, due: Due, *, kind: str, to: date | None = None, reason: str = ""
) -> OccurrenceChange:
    change, _ = OccurrenceChange.objects.update_or_create(
        card=due.card,
        due_on=due.due_on,
        defaults={
            "household": member.household,
            "kind": kind,
            "to_date": to,
            "reason": reason,
            "by": member,
            "owner": due.owner,
            "minutes": due.minutes,
            "created_at": timezone.now(),
        },
    )
    return change


@transaction.atomic
def occurrence_skip(
    *, member: Member, card: Card, due_on: date, reason: str = ""
) -> OccurrenceChange:
    """Skip one occurrence: it is no longer due, and it counts against nobody (the owner's plan
    for the period drops by its minutes). ``reason`` is optional and shown to the household."""
    reason = " ".join(reason.split())
    problem = bounds.skip_reason_problem(reason)
    if problem:
        raise ValidationError({"reason": problem + "."})
    due = _changeable(member, card, due_on, "skip")
    if due.skipped:
        raise ValidationError(_("%(card)s is skipped already.") % {"card": card.name})
    return _change_save(member, due, kind=OccurrenceChange.Kind.SKIPPED, reason=reason)


def _move(member: Member, card: Card, due_on: date, to: date, action: str) -> OccurrenceChange:
    due = _changeable(member, card, due_on, action)
    if due.skipped:
        raise ValidationError(_("%(card)s was skipped: undo the skip first.") % {"card": card.name})
    problem = bounds.move_check(due_on=due.due_on, to=to, today=member.household.today())
    if problem:
        raise ValidationError({"to": problem_sentence(problem)})
    if to == due.on:
        raise ValidationError(
            {"to": _("%(card)s is on %(day)s already.") % {"card": card.name, "day": _long(to)}}
        )
    return _change_save(member, due, kind=OccurrenceChange.Kind.MOVED, to=to)


@transaction.atomic
def occurrence_move(*, member: Member, card: Card, due_on: date, to: date) -> OccurrenceChange:
    """Move one occurrence (named by the day it was due) to another day: today or later, at most
    ``bounds.MAX_MOVE_DAYS`` from the day it was due. Totals do not change."""
    return _move(member, card, due_on, to, "move")


@transaction.atomic
def occurrence_snooze(
    *, member: Member, card: Card, due_on: date, to: date | None = None
) -> OccurrenceChange:
    """Put one occurrence off to tomorrow (the default) or a later day of this week."""
    today = member.household.today()
    to = today + timedelta(days=1) if to is None else to
    _date_check("to", to)
    if to <= today:
        raise ValidationError({"to": _("Snooze to tomorrow or a later day.")})
    if to > max(week_of(today)[1], today + timedelta(days=1)):
        raise ValidationError(
            {"to": _("Snooze to a day this week (or tomorrow); to go further, move it.")}
        )
    return _move(member, card, due_on, to, "snooze")


@transaction.atomic
def change_undo(*, member: Member, change: OccurrenceChange) -> None:
    """Take back a skip or a move: the occurrence is due on its own day again. The one who made
    the change, or whose occurrence it is, may."""
    if member.pk not in (change.by_id, change.owner_id):
        raise ValidationError(
            _("Only the person who made this change, or whose card it is, can undo it.")
        )
    change.delete()


@transaction.atomic
def entry_done_for(
    *, member: Member, card: Card, due_on: date, minutes: Decimal | None = None
) -> LogEntry:
    """``member`` did someone else's occurrence for them: the time is ``member``'s in the ledger
    and the balance, marked as done for whoever holds it."""
    due = _occurrence(member, card, due_on)
    if due.holder is None or due.holder == member:
        raise ValidationError(_("%(card)s is yours: mark it done.") % {"card": card.name})
    return entry_mark_done(member=member, card=card, due_on=due_on, minutes=minutes)
