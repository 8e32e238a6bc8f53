"""Household → Export: the whole household as one JSON document, as one member may see it.

Reads only. Members are named by a key stable within the file (``m1``, ``m2``… in the order they
joined), cards by their name (unique in a household), so the document holds no database ids
outside ``source``. No email address is in it: a file may travel, and the importing Evenly
links people to their places through invitations.

What a member may not read stays out:

- another member's rating only when the household's seal (``evenly.households.private``) lets
  this member read it, and never its own words (``standard``);
- every personal text (``PRIVATE_TEXT``, which ``tests/web/test_transfer.py`` holds equal to the
  personal fields of ``evenly.privacy.registry``) only when this member wrote it;
- values cards: the exporting member's own alone; a mission draft by someone else that nobody
  else agreed with is that person's words and stays out too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse

from evenly.cards.models import Card, Rating, weekdays_from_bits
from evenly.cards.selectors import ratings_progress_all, ratings_seal
from evenly.core.household_document import FORMAT, VERSION
from evenly.deals.models import Deal
from evenly.felt import selectors as felt_selectors
from evenly.households.models import Household, Member
from evenly.values.models import Goal, MissionVersion, ValuesCard
from evenly.week.models import Away, LogEntry, OccurrenceChange, PersonalTime

# Personal text in the models exported: (model label, field) -> the lookup from a row to the
# member who wrote it. Only that member's export carries it.
PRIVATE_TEXT: dict[tuple[str, str], str] = {
    ("cards.Rating", "standard"): "member",
    ("week.LogEntry", "title"): "member",
    ("week.OccurrenceChange", "reason"): "by",
    ("week.PersonalTime", "what"): "member",
    ("values.ValuesCard", "stand_for"): "member",
    ("values.ValuePick", "own"): "card__member",
}
# Models whose rows the file carries (the test compares their personal fields with the registry).
EXPORTED_MODELS = (
    "households.Household",
    "households.Member",
    "cards.Card",
    "cards.Rating",
    "deals.Deal",
    "deals.DealCard",
    "deals.Acceptance",
    "week.LogEntry",
    "week.Away",
    "week.Cover",
    "week.OccurrenceChange",
    "week.PersonalTime",
    "values.ValuesCard",
    "values.ValuePick",
    "values.MissionVersion",
    "values.MissionAgreement",
    "values.Goal",
    "values.Milestone",
)


def _number(value: Decimal | int | None) -> str | None:
    """A decimal as exact text without trailing zeros ("30", "12.5"), the same on every database."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


class _Keys:
    """Member ids to the file's keys."""

    def __init__(self, members: Iterable[Member]) -> None:
        self.of = {m.pk: f"m{i}" for i, m in enumerate(members, start=1)}

    def __call__(self, member_id: int | None) -> str | None:
        return None if member_id is None else self.of.get(member_id)

    def many(self, ids: Iterable[int]) -> list[str]:
        return [k for k in (self.of.get(i) for i in ids) if k is not None]


def household_export(*, member: Member) -> dict[str, Any]:
    """The household ``member`` belongs to, as a household document (see the module)."""
    household = Household.objects.get(pk=member.household_id)
    members = list(Member.objects.for_household(household).order_by("joined_at", "id"))
    key = _Keys(members)
    cards = list(Card.objects.for_household(household).order_by("name", "id"))
    card_name = {c.pk: c.name for c in cards}
    return {
        "format": FORMAT,
        "version": VERSION,
        # Where and when the file was made: the only part that differs between two exports of
        # the same household, and the only ids in it.
        "source": {
            "household_id": household.pk,
            "exported_at": _instant(dt.datetime.now(dt.UTC)),
            "ledger_csv": reverse("ledger_csv", args=[household.pk]),
        },
        "household": {
            "name": household.name,
            "time_zone": household.time_zone,
            "fairness": household.fairness,
            "tolerance_minutes": household.tolerance_minutes,
            "drift_weeks": household.drift_weeks,
            "count_personal_time": household.count_personal_time,
            "created_at": _instant(household.created_at),
        },
        "members": [
            {
                "key": key(m.pk),
                "display_name": m.display_name,
                "you": m.pk == member.pk,
                "paid_hours": _number(m.paid_hours),
                "personal_time_goal_minutes": m.personal_time_goal_minutes,
                "share": _number(m.share),
                "capacity": _number(m.capacity),
                "joined_at": _instant(m.joined_at),
                "left_at": _instant(m.left_at),
            }
            for m in members
        ],
        "cards": _cards(household, member, cards, key),
        "deals": _deals(household, key, card_name),
        "ledger": _ledger(household, member, key, card_name),
        "away": _away(household, key, card_name),
        "occurrence_changes": _changes(household, member, key, card_name),
        "personal_time": [
            {
                "member": key(p.member_id),
                "minutes": _number(p.minutes),
                "on": _day(p.on),
                **({"what": p.what} if p.member_id == member.pk else {}),
            }
            for p in PersonalTime.objects.for_household(household).order_by(
                "on", "created_at", "id"
            )
        ],
        "values": _values(household, member, key),
        "how_it_feels": _felt(household, member, key),
        "goals": _goals(household, key),
    }


def _cards(
    household: Household, member: Member, cards: list[Card], key: _Keys
) -> list[dict[str, Any]]:
    readable = ratings_seal(ratings_progress_all(household=household)).readable(member.pk)
    ratings: dict[int, list[Rating]] = {}
    for r in Rating.objects.for_household(household).filter(member_id__in=readable):
        ratings.setdefault(r.card_id, []).append(r)
    rotations: dict[int, list[int]] = {}
    through = Card.rotation.through.objects.filter(card__household=household)
    for card_id, member_id in through.values_list("card_id", "member_id"):
        rotations.setdefault(card_id, []).append(member_id)
    out = []
    for c in cards:
        own = sorted(ratings.get(c.pk, []), key=lambda r: key(r.member_id) or "")
        out.append(
            {
                "name": c.name,
                "catalog_key": c.catalog_key,
                "category": c.category,
                "cadence": c.cadence,
                "minutes": _number(c.minutes),
                "mental_minutes": _number(c.mental_minutes),
                "standard": c.standard,
                "locked_to": key(c.locked_to_id),
                "rotation": sorted(key.many(rotations.get(c.pk, []))),
                "paused": c.paused,
                "weekdays": sorted(weekdays_from_bits(c.weekdays)),
                "month_day": c.month_day,
                "at": c.at.strftime("%H:%M") if c.at is not None else None,
                "any_day": c.any_day,
                # Where Evenly spreads days the household did not choose, and whose turn it is.
                "schedule_salt": c.spread_salt,
                "created_at": _instant(c.created_at),
                "ratings": [
                    {
                        "member": key(r.member_id),
                        "preference": r.preference,
                        "minutes": _number(r.minutes),
                        # The member's own idea of done is their words, sealed or not.
                        **({"standard": r.standard} if r.member_id == member.pk else {}),
                    }
                    for r in own
                ],
            }
        )
    return out


def _deals(household: Household, key: _Keys, card_name: dict[int, str]) -> list[dict[str, Any]]:
    deals = (
        Deal.objects.for_household(household)
        .order_by("version")
        .prefetch_related("cards", "acceptances")
    )
    return [
        {
            "version": d.version,
            "status": d.status,
            "proposed_by": key(d.proposed_by_id),
            "fairness": d.fairness,
            "created_at": _instant(d.created_at),
            "activated_at": _instant(d.activated_at),
            "certificate": d.certificate,
            "cards": [
                {
                    "card": card_name.get(dc.card_id) if dc.card_id else None,
                    "name": dc.name,
                    "category": dc.category,
                    "cadence": dc.cadence,
                    "owner": key(dc.owner_id),
                    "rotation": key.many(i for i in dc.rotation if isinstance(i, int)),
                    "reason": dc.reason,
                    "reason_words": dc.reason_words,
                    "locked": dc.locked,
                }
                for dc in sorted(d.cards.all(), key=lambda dc: (dc.category, dc.name, dc.pk))
            ],
            "accepted_by": [
                {"member": key(a.member_id), "at": _instant(a.accepted_at)}
                for a in sorted(d.acceptances.all(), key=lambda a: key(a.member_id) or "")
            ],
        }
        for d in deals
    ]


def _ledger(
    household: Household, member: Member, key: _Keys, card_name: dict[int, str]
) -> list[dict[str, Any]]:
    entries = LogEntry.objects.for_household(household).order_by("done_on", "created_at", "id")
    return [
        {
            "member": key(e.member_id),
            "card": card_name.get(e.card_id) if e.card_id else None,
            # A partner's words for unplanned work are theirs: their entries carry no title.
            **({"title": e.title} if e.member_id == member.pk else {}),
            "kind": e.kind,
            "minutes": _number(e.minutes),
            "done_on": _day(e.done_on),
            "due_on": _day(e.due_on),
            "covered_for": key(e.covered_for_id),
            "created_at": _instant(e.created_at),
        }
        for e in entries
    ]


def _away(household: Household, key: _Keys, card_name: dict[int, str]) -> list[dict[str, Any]]:
    aways = (
        Away.objects.for_household(household)
        .order_by("starts_on", "created_at", "id")
        .prefetch_related("covers")
    )
    return [
        {
            "member": key(a.member_id),
            "starts_on": _day(a.starts_on),
            "ends_on": _day(a.ends_on),
            "reason": a.reason,
            "covers": [
                {
                    "card": card_name[c.card_id],
                    "due_on": _day(c.due_on),
                    "member": key(c.member_id),
                    "covered_for": key(c.covered_for_id),
                }
                for c in sorted(a.covers.all(), key=lambda c: (c.due_on, card_name[c.card_id]))
            ],
        }
        for a in aways
    ]


def _changes(
    household: Household, member: Member, key: _Keys, card_name: dict[int, str]
) -> list[dict[str, Any]]:
    changes = OccurrenceChange.objects.for_household(household)
    rows = [
        {
            "card": card_name[ch.card_id],
            "due_on": _day(ch.due_on),
            "kind": ch.kind,
            "to_date": _day(ch.to_date),
            "reason": ch.reason if ch.by_id == member.pk else "",
            "by": key(ch.by_id),
            "owner": key(ch.owner_id),
            "minutes": _number(ch.minutes),
        }
        for ch in changes
    ]
    return sorted(rows, key=lambda r: (r["due_on"], r["card"]))


def _values(household: Household, member: Member, key: _Keys) -> dict[str, Any]:
    mine = ValuesCard.objects.filter(member=member).prefetch_related("picks").first()
    versions = (
        MissionVersion.objects.for_household(household)
        .annotate(others=Count("agreements", filter=~Q(agreements__member_id=F("author_id"))))
        .order_by("number")
        .prefetch_related("agreements")
    )
    return {
        "my_card": None
        if mine is None
        else {
            "member": key(member.pk),
            "stand_for": mine.stand_for,
            "shared_at": _instant(mine.shared_at),
            "picks": [{"key": p.key, "own": p.own} for p in mine.picks.all()],
        },
        "mission": [
            {
                "number": v.number,
                "text": v.text,
                "author": key(v.author_id),
                "created_at": _instant(v.created_at),
                "agreed_by": [
                    {"member": key(a.member_id), "at": _instant(a.agreed_at)}
                    for a in sorted(v.agreements.all(), key=lambda a: key(a.member_id) or "")
                ],
            }
            for v in versions
            # Someone else's draft that nobody else agreed with is still only their words.
            if v.author_id in (None, member.pk) or v.others
        ],
    }


def _goals(household: Household, key: _Keys) -> list[dict[str, Any]]:
    goals = (
        Goal.objects.for_household(household)
        .order_by("created_at", "id")
        .prefetch_related("owners", "milestones")
    )
    return [
        {
            "title": g.title,
            "why": g.why,
            "target_on": _day(g.target_on),
            "owners": sorted(key.many(o.pk for o in g.owners.all())),
            "created_by": key(g.created_by_id),
            "created_at": _instant(g.created_at),
            "reached_at": _instant(g.reached_at),
            "archived_at": _instant(g.archived_at),
            "milestones": [
                {
                    "title": s.title,
                    "owner": key(s.owner_id),
                    "due_on": _day(s.due_on),
                    "done_at": _instant(s.done_at),
                    "done_by": key(s.done_by_id),
                    "created_at": _instant(s.created_at),
                }
                for s in sorted(g.milestones.all(), key=lambda s: (s.created_at, s.pk))
            ],
        }
        for g in goals
    ]


def _felt(household: Household, member: Member, key: _Keys) -> dict[str, Any]:
    """The monthly check: whether it is on, this member's own answers and everyone's in the
    months everyone answered; another member's answer to a sealed month never."""
    opened = felt_selectors.open_months(household=household)
    return {
        "on": felt_selectors.is_on(household),
        "answers": [
            {
                "member": key(a.member_id),
                "month": _day(a.month),
                "open": a.month in opened,
                **{name: getattr(a, name) for name in felt_selectors.FIELDS},
            }
            for a in felt_selectors.readable_answers(household=household, member=member)
        ],
    }
