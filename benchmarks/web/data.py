"""The ``pages`` scenario's household: built through the services, then a year of history."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from decimal import Decimal
from typing import Any

from .config import CATALOG_CARDS, CUSTOM_TASKS, PASSWORD, PEOPLE, PLACES, SKIP_SHARE


def at_time(day: dt.date, hour: int, minute: int, zone: Any) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone) + dt.timedelta(
        hours=hour, minutes=minute
    )


PREFERENCES = ("enjoy", "like", "fine", "dislike", "hate", "cannot")
PREFERENCE_WEIGHTS = (10, 22, 35, 20, 9, 4)


def random_ratings(
    rng: random.Random, cards: list[Any], members: list[Any], *, standards: bool
) -> list[Any]:
    """Unsaved ratings of every card by every member: a mix of preferences (never "cannot" from
    everyone), a third with their own minutes, and with ``standards`` a tenth with their own
    standard."""
    from evenly.cards.models import Rating

    ratings = []
    for card in cards:
        chosen = [rng.choices(PREFERENCES, PREFERENCE_WEIGHTS)[0] for _ in members]
        if all(p == "cannot" for p in chosen):
            chosen[1] = "dislike"
        for member, pref in zip(members, chosen, strict=True):
            own = rng.random() < 1 / 3
            minutes = (card.minutes * Decimal(rng.uniform(0.7, 1.3))).quantize(Decimal(1))
            extra = {}
            if standards:
                extra["standard"] = "My way, properly" if rng.random() < 0.1 else ""
            ratings.append(
                Rating(
                    card=card,
                    member=member,
                    preference=pref,
                    minutes=max(Decimal(1), minutes) if own else None,
                    **extra,
                )
            )
    return ratings


def two_members(*, users: list[Any], name: str) -> tuple[Any, list[Any]]:
    """A household of the first two people in PEOPLE: the first creates it, the second joins by
    invitation, and both get their paid hours and a personal-time goal."""
    from evenly.households.services import (
        household_create,
        invitation_accept,
        invitation_create,
        member_update,
    )

    household = household_create(
        user=users[0],
        name=name,
        time_zone="Europe/London",
        fairness="total-work",
        display_name=PEOPLE[0][0],
    )
    members = [household.members.get()]
    invite = invitation_create(household=household, member=members[0])
    members.append(invitation_accept(token=invite.token, user=users[1], display_name=PEOPLE[1][0]))
    members = [
        member_update(
            member=m,
            display_name=person,
            paid_hours=hours,
            personal_time_goal_minutes=240,
            share=None,
        )
        for m, (person, _, hours) in zip(members, PEOPLE, strict=True)
    ]
    return household, members


def build(days: int, seed: int) -> dict[str, Any]:
    """One household through the services (as ``evenly.demo`` builds its own), then history."""
    from django.db import transaction

    from evenly.accounts.services import account_create
    from evenly.cards.models import Card, Rating
    from evenly.cards.services import card_owner_rule_set, card_save, cards_add_from_catalog
    from evenly.core.catalog import catalog_cards
    from evenly.deals.models import Acceptance, Deal
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.models import Household, Member
    from evenly.week.models import LogEntry
    from evenly.week.selectors import schedule

    rng = random.Random(seed)
    with transaction.atomic():
        users = [account_create(email=email, password=PASSWORD) for _, email, _ in PEOPLE]
        household, members = two_members(users=users, name="Bench household")

        keys = sorted(c.key for c in catalog_cards())
        cards = cards_add_from_catalog(household=household, keys=rng.sample(keys, CATALOG_CARDS))
        custom = [(t, p) for p in PLACES for t in CUSTOM_TASKS][: 100 - len(cards)]
        for (name, category, cadence, minutes), place in custom:
            cards.append(
                card_save(
                    household=household,
                    card=None,
                    name=f"{name} {place}",
                    category=category,
                    cadence=cadence,
                    minutes=Decimal(minutes),
                    mental_minutes=Decimal(rng.choice((0, 0, 5))),
                    standard="",
                )
            )

        ratings = random_ratings(rng, cards, members, standards=True)
        Rating.objects.bulk_create(ratings)
        # A few of the household's own decisions, as a real household makes them.
        picks = rng.sample(cards, 6)
        cannot = {(r.card_id, r.member_id) for r in ratings if r.preference == "cannot"}
        for card, owner in zip(picks[:3], (members[0], members[0], members[1]), strict=True):
            if (card.pk, owner.pk) in cannot:  # a lock to who cannot is refused: the other one
                owner = members[1] if owner == members[0] else members[0]
            card_owner_rule_set(card=card, locked_to=owner, rotation=[])
        for card in picks[3:]:
            if any(r.preference == "cannot" for r in ratings if r.card_id == card.pk):
                continue
            card_owner_rule_set(card=card, locked_to=None, rotation=members)

        started = time.perf_counter()
        deal = deal_propose(household=household, member=members[0])
        for member in members:
            deal = deal_accept(deal=deal, member=member)
        assert deal.status == Deal.Status.ACTIVE
        propose_ms = (time.perf_counter() - started) * 1000

        # Everything so far happened ``days`` ago, so the schedule starts then.
        zone = household.zone
        today = household.today()
        day0 = today - dt.timedelta(days=days)
        Household.objects.filter(pk=household.pk).update(created_at=at_time(day0, 9, 0, zone))
        for k, member in enumerate(members):
            Member.objects.filter(pk=member.pk).update(joined_at=at_time(day0, 9, k, zone))
        household.cards.update(created_at=at_time(day0, 10, 0, zone))
        Deal.objects.filter(pk=deal.pk).update(
            created_at=at_time(day0, 20, 0, zone), activated_at=at_time(day0, 21, 0, zone)
        )
        Acceptance.objects.filter(deal=deal).update(accepted_at=at_time(day0, 21, 0, zone))
        household.refresh_from_db()

        entries: list[LogEntry] = []
        dues = schedule(household=household, start=day0, end=today - dt.timedelta(days=1))
        for due in dues:
            if due.holder is None or rng.random() < SKIP_SHARE:
                continue
            spread = Decimal(rng.randint(-20, 20)) / 100
            entries.append(
                LogEntry(
                    household=household,
                    member=due.holder,
                    card=due.card,
                    title=due.card.name,
                    kind=LogEntry.Kind.DID,
                    minutes=max(Decimal(1), (due.minutes * (1 + spread)).quantize(Decimal(1))),
                    done_on=due.on,
                    due_on=due.on,
                    created_at=at_time(due.on, rng.randint(7, 21), rng.randint(0, 59), zone),
                )
            )
        for week in range(days // 7):
            for member, per_week in zip(members, (2, 6), strict=True):
                for _ in range(per_week):
                    day = day0 + dt.timedelta(days=7 * week + rng.randrange(7))
                    card = cards[rng.randrange(len(cards))]
                    entries.append(
                        LogEntry(
                            household=household,
                            member=member,
                            card=card,
                            title=card.name,
                            kind=rng.choice((LogEntry.Kind.NOTICED, LogEntry.Kind.PLANNED)),
                            minutes=Decimal(5 * rng.randint(1, 5)),
                            done_on=day,
                            created_at=at_time(day, rng.randint(7, 22), rng.randint(0, 59), zone),
                        )
                    )
            day = day0 + dt.timedelta(days=7 * week + rng.randrange(7))
            entries.append(
                LogEntry(
                    household=household,
                    member=members[week % 2],
                    card=None,
                    title="Something that came up",
                    kind=LogEntry.Kind.DID,
                    minutes=Decimal(15 * rng.randint(1, 6)),
                    done_on=day,
                    created_at=at_time(day, rng.randint(9, 19), rng.randint(0, 59), zone),
                )
            )
        LogEntry.objects.bulk_create(entries, batch_size=1000)

    kinds = Counter(e.kind for e in entries)
    return {
        "household_id": household.pk,
        "deal_version": deal.version,
        "logins": [{"email": email, "password": PASSWORD} for _, email, _ in PEOPLE],
        "members": len(members),
        "cards": Card.objects.filter(household=household).count(),
        "catalog_cards": CATALOG_CARDS,
        "ratings": len(ratings),
        "deal_cards": deal.cards.count(),
        "history_days": days,
        "occurrences": len(dues),
        "entries": len(entries),
        "entries_by_kind": dict(sorted(kinds.items())),
        "deal_propose_ms": propose_ms,
    }
