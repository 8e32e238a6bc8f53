"""Import: a new household from a household document (see ``evenly.core.household_document``).

The whole document is checked first and every problem listed at once; then everything is
written in one transaction, so a file with any problem writes nothing. The importing person
takes the place of the member marked ``"you"`` (who exported it); every other member who has not
left becomes a *waiting place*: a member without an account, keeping their name, share and
history, that an invitation fills (``households.services.invitation_accept`` with ``place``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, overload

from django.db import DataError, IntegrityError, transaction

from evenly.accounts.models import User
from evenly.cards.models import Card, Rating, weekdays_to_bits
from evenly.core.felt import month_of
from evenly.core.household_document import DocumentError, Problem, checked
from evenly.core.words import say
from evenly.deals.models import Acceptance, Deal, DealCard
from evenly.felt.models import FeltAnswer, FeltCheck, FeltMonth
from evenly.felt.selectors import FIELDS as FELT_FIELDS
from evenly.households.history import Kind, history_record
from evenly.households.models import Household, Member
from evenly.values.models import (
    Goal,
    Milestone,
    MissionAgreement,
    MissionVersion,
    ValuePick,
    ValuesCard,
)
from evenly.week.models import Away, Cover, LogEntry, OccurrenceChange, PersonalTime

# What an entry is called when the file leaves out a partner's own words for unplanned work
# (the same words erasing a deleted account's entries leaves).
OTHER_WORK = "Other work"


@overload
def _instant(value: str) -> dt.datetime: ...
@overload
def _instant(value: None) -> None: ...
def _instant(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


@overload
def _day(value: str) -> dt.date: ...
@overload
def _day(value: None) -> None: ...
def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def household_import(*, user: User, data: object) -> Household:
    """A new household from ``data`` (a parsed household document), owned by ``user``.

    Raises :class:`~evenly.core.household_document.DocumentError` listing every problem, with
    nothing written.
    """
    doc = checked(data)
    try:
        with transaction.atomic():
            return _write(user, doc)
    except (IntegrityError, DataError):  # the checks leave nothing for the database to refuse
        raise DocumentError(
            [Problem("", say("the file holds rows that contradict each other"))]
        ) from None


def _write(user: User, doc: Mapping[str, Any]) -> Household:
    h = doc["household"]
    household = Household.objects.create(
        name=h["name"],
        time_zone=h["time_zone"],
        fairness=h["fairness"],
        tolerance_minutes=h["tolerance_minutes"],
        drift_weeks=h["drift_weeks"],
        count_personal_time=h.get("count_personal_time", False),
        # The schedule counts turns from the day the household began: kept, turns carry on.
        created_at=_instant(h["created_at"]),
    )
    members: dict[str, Member] = {}
    for m in doc["members"]:
        members[m["key"]] = Member.objects.create(
            household=household,
            user=user if m.get("you") is True else None,
            display_name=m["display_name"],
            paid_hours=Decimal(m["paid_hours"]),
            personal_time_goal_minutes=m["personal_time_goal_minutes"],
            share=_number(m.get("share")),
            capacity=Decimal(m["capacity"]),
            joined_at=_instant(m["joined_at"]),
            left_at=_instant(m.get("left_at")),
        )
    you = next(members[m["key"]] for m in doc["members"] if m.get("you") is True)

    def member(key: str | None) -> Member | None:
        return None if key is None else members[key]

    cards: dict[str, Card] = {}
    for c in doc["cards"]:
        card = Card.objects.create(
            household=household,
            name=c["name"],
            catalog_key=c.get("catalog_key", ""),
            category=c["category"],
            cadence=c["cadence"],
            minutes=Decimal(c["minutes"]),
            mental_minutes=Decimal(c["mental_minutes"]),
            standard=c.get("standard", ""),
            locked_to=member(c.get("locked_to")),
            paused=c.get("paused", False),
            weekdays=weekdays_to_bits(set(c.get("weekdays", []))),
            month_day=c.get("month_day"),
            at=dt.time.fromisoformat(c["at"]) if c.get("at") else None,
            any_day=c.get("any_day", False),
            schedule_salt=c.get("schedule_salt"),
            created_at=_instant(c["created_at"]),
        )
        card.rotation.set([members[k] for k in c.get("rotation", [])])
        Rating.objects.bulk_create(
            Rating(
                card=card,
                member=members[r["member"]],
                preference=r["preference"],
                minutes=_number(r.get("minutes")),
                standard=r.get("standard", ""),
            )
            for r in c.get("ratings", [])
        )
        cards[c["name"]] = card

    def card_of(name: str | None) -> Card | None:
        return None if name is None else cards[name]

    _deals(household, doc.get("deals", []), member, card_of)
    _ledger(household, doc, you, member, card_of)
    _values(household, doc.get("values", {}), you, member)
    _goals(household, doc.get("goals", []), member)
    _felt(household, doc.get("how_it_feels", {}), you, member)
    history_record(
        household=household, actor=you, kind=Kind.HOUSEHOLD_CREATED, subject=household.name
    )
    return household


def _deals(household: Household, deals: list[Any], member: Any, card_of: Any) -> None:
    for d in deals:
        deal = Deal.objects.create(
            household=household,
            version=d["version"],
            status=d["status"],
            proposed_by=member(d.get("proposed_by")),
            fairness=d["fairness"],
            created_at=_instant(d["created_at"]),
            activated_at=_instant(d.get("activated_at")),
            certificate=d["certificate"],
        )
        DealCard.objects.bulk_create(
            DealCard(
                deal=deal,
                card=card_of(dc.get("card")),
                name=dc["name"],
                category=dc["category"],
                cadence=dc["cadence"],
                owner=member(dc.get("owner")),
                rotation=[member(k).pk for k in dc.get("rotation", [])],
                reason=dc.get("reason", ""),
                reason_words=dc.get("reason_words"),
                locked=dc.get("locked", False),
            )
            for dc in d["cards"]
        )
        Acceptance.objects.bulk_create(
            Acceptance(deal=deal, member=member(a["member"]), accepted_at=_instant(a["at"]))
            for a in d.get("accepted_by", [])
        )


def _ledger(
    household: Household, doc: Mapping[str, Any], you: Member, member: Any, card_of: Any
) -> None:
    entries = []
    for e in doc.get("ledger", []):
        card = card_of(e.get("card"))
        title = e.get("title") or (card.name if card is not None else OTHER_WORK)
        entries.append(
            LogEntry(
                household=household,
                member=member(e["member"]),
                card=card,
                title=title,
                kind=e["kind"],
                minutes=Decimal(e["minutes"]),
                done_on=_day(e["done_on"]),
                due_on=_day(e.get("due_on")),
                covered_for=member(e.get("covered_for")),
                created_at=_instant(e["created_at"]),
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=500)
    for a in doc.get("away", []):
        away = Away.objects.create(
            household=household,
            member=member(a["member"]),
            starts_on=_day(a["starts_on"]),
            ends_on=_day(a["ends_on"]),
            reason=a["reason"],
        )
        Cover.objects.bulk_create(
            Cover(
                household=household,
                away=away,
                card=card_of(c["card"]),
                due_on=_day(c["due_on"]),
                member=member(c["member"]),
                covered_for=member(c["covered_for"]),
            )
            for c in a.get("covers", [])
        )
    OccurrenceChange.objects.bulk_create(
        (
            OccurrenceChange(
                household=household,
                card=card_of(ch["card"]),
                due_on=_day(ch["due_on"]),
                kind=ch["kind"],
                to_date=_day(ch.get("to_date")),
                reason=ch.get("reason", ""),
                by=member(ch["by"]),
                owner=member(ch.get("owner")),
                minutes=Decimal(ch["minutes"]),
            )
            for ch in doc.get("occurrence_changes", [])
        ),
        batch_size=500,
    )
    PersonalTime.objects.bulk_create(
        (
            PersonalTime(
                household=household,
                member=member(p["member"]),
                minutes=Decimal(p["minutes"]),
                on=_day(p["on"]),
                # Only the exporting member's own words travel; a partner's stay behind.
                what=p.get("what", "") if member(p["member"]) == you else "",
            )
            for p in doc.get("personal_time", [])
        ),
        batch_size=500,
    )


def _values(household: Household, values: Mapping[str, Any], you: Member, member: Any) -> None:
    mine = values.get("my_card")
    if mine is not None:
        # A values card is its author's: it comes in as the importing person's own.
        card = ValuesCard.objects.create(
            household=household,
            member=you,
            stand_for=mine.get("stand_for", ""),
            shared_at=_instant(mine.get("shared_at")),
        )
        ValuePick.objects.bulk_create(
            ValuePick(card=card, key=p.get("key", ""), own=p.get("own", ""))
            for p in mine.get("picks", [])
        )
    for v in values.get("mission", []):
        version = MissionVersion.objects.create(
            household=household,
            number=v["number"],
            text=v["text"],
            author=member(v.get("author")),
            created_at=_instant(v["created_at"]),
        )
        MissionAgreement.objects.bulk_create(
            MissionAgreement(
                version=version, member=member(a["member"]), agreed_at=_instant(a["at"])
            )
            for a in v.get("agreed_by", [])
        )


def _felt(household: Household, felt: Mapping[str, Any], you: Member, member: Any) -> None:
    """How it feels: on or off as it was, the answers the file carries (the exporter's own and
    everyone's in open months), and those months open again."""
    if felt.get("on") is True:
        FeltCheck.objects.create(household=household, turned_on_by=you)
    opened: set[dt.date] = set()
    for a in felt.get("answers", []):
        month = month_of(_day(a["month"]))
        FeltAnswer.objects.create(
            household=household,
            member=member(a["member"]),
            month=month,
            **{name: a[name] for name in FELT_FIELDS},
        )
        if a.get("open") is True:
            opened.add(month)
    FeltMonth.objects.bulk_create(
        FeltMonth(household=household, month=month) for month in sorted(opened)
    )


def _goals(household: Household, goals: list[Any], member: Any) -> None:
    for g in goals:
        goal = Goal.objects.create(
            household=household,
            title=g["title"],
            why=g.get("why", ""),
            target_on=_day(g.get("target_on")),
            created_by=member(g.get("created_by")),
            created_at=_instant(g["created_at"]),
            reached_at=_instant(g.get("reached_at")),
            archived_at=_instant(g.get("archived_at")),
        )
        goal.owners.set([member(k) for k in g.get("owners", [])])
        Milestone.objects.bulk_create(
            Milestone(
                goal=goal,
                title=s["title"],
                owner=member(s["owner"]),
                due_on=_day(s.get("due_on")),
                done_at=_instant(s.get("done_at")),
                done_by=member(s.get("done_by")),
                created_at=_instant(s["created_at"]),
            )
            for s in g.get("milestones", [])
        )
