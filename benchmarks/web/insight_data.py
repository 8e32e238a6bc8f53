"""The ``insight`` scenario's data: many households, each with years of history."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from decimal import Decimal
from typing import Any

from .config import (
    INSIGHT_CARDS,
    INSIGHT_PER_DAY,
    INSIGHT_UNPLANNED_SHARE,
    PASSWORD,
    PEOPLE,
    SKIP_SHARE,
    log,
)
from .data import at_time, random_ratings, two_members


def _spread(households: int, clients: int) -> list[int]:
    """Which household each client logs into: as many different ones as there are clients."""
    if households >= clients:
        return [k * households // clients for k in range(clients)]
    return [k % households for k in range(clients)]


def build_insight(households: int, days: int, seed: int, clients: int) -> dict[str, Any]:
    """Issue 4's data: ``households`` households, each built through the services (2 members,
    60 catalog cards rated by both, an accepted deal), then ``days`` of history at about
    :data:`INSIGHT_PER_DAY` entries a day, written a household at a time with ``bulk_create``.

    Accounts get one precomputed Argon2 hash (hashing 200 passwords would only measure Argon2).
    """
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from evenly.accounts.models import User
    from evenly.cards.models import Rating
    from evenly.cards.services import cards_add_from_catalog
    from evenly.core.catalog import catalog_cards
    from evenly.deals.models import Acceptance, Deal
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.models import Household, Member
    from evenly.week.models import LogEntry
    from evenly.week.selectors import schedule

    rng = random.Random(seed)
    keys = sorted(c.key for c in catalog_cards())
    hashed = make_password(PASSWORD)
    began = time.perf_counter()
    spent: dict[str, float] = dict.fromkeys(("setup", "schedule", "rows", "insert"), 0.0)
    kinds: Counter[str] = Counter()
    people: list[tuple[int, list[str]]] = []
    occurrences = ratings_total = deal_cards = 0
    propose_ms: list[float] = []
    say_every = max(1, households // 20)
    for n in range(households):
        t0 = time.perf_counter()
        with transaction.atomic():
            emails = [f"{name.lower()}{n + 1}@bench.evenly" for name, _, _ in PEOPLE]
            users = [User.objects.create_user(email=e, password=None) for e in emails]
            User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed)
            household, members = two_members(users=users, name=f"Bench household {n + 1}")
            cards = cards_add_from_catalog(
                household=household, keys=rng.sample(keys, INSIGHT_CARDS)
            )
            ratings = random_ratings(rng, cards, members, standards=False)
            Rating.objects.bulk_create(ratings)
            ratings_total += len(ratings)
            t_deal = time.perf_counter()
            deal = deal_propose(household=household, member=members[0])
            for member in members:
                deal = deal_accept(deal=deal, member=member)
            assert deal.status == Deal.Status.ACTIVE
            propose_ms.append((time.perf_counter() - t_deal) * 1000)
            deal_cards += deal.cards.count()

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
            t1 = time.perf_counter()
            spent["setup"] += t1 - t0

            # History runs up to today, whose work is about half done, so this week (and the
            # ledger's default period) is never empty, even on a Monday.
            dues = schedule(household=household, start=day0, end=today)
            occurrences += len(dues)
            t2 = time.perf_counter()
            spent["schedule"] += t2 - t1

            # Ids, not instances: setting a relation through its descriptor costs more.
            hid, member_ids = household.pk, [m.pk for m in members]
            entries: list[LogEntry] = []
            for due in dues:
                if due.holder is None or rng.random() < (0.5 if due.on == today else SKIP_SHARE):
                    continue
                spread = Decimal(rng.randint(-20, 20)) / 100
                entries.append(
                    LogEntry(
                        household_id=hid,
                        member_id=due.holder.pk,
                        card_id=due.card.pk,
                        title=due.card.name,
                        kind=LogEntry.Kind.DID,
                        minutes=max(Decimal(1), (due.minutes * (1 + spread)).quantize(Decimal(1))),
                        done_on=due.on,
                        due_on=due.on,
                        created_at=at_time(due.on, rng.randint(7, 21), rng.randint(0, 59), zone),
                    )
                )
            # Top up to about INSIGHT_PER_DAY a day: noticing and planning (the second member
            # three times as much), and some unplanned work.
            for _ in range(max(0, INSIGHT_PER_DAY * days - len(entries))):
                day = day0 + dt.timedelta(days=rng.randrange(days + 1))
                when = at_time(day, rng.randint(7, 22), rng.randint(0, 59), zone)
                if rng.random() < INSIGHT_UNPLANNED_SHARE:
                    entries.append(
                        LogEntry(
                            household_id=hid,
                            member_id=member_ids[rng.randrange(2)],
                            card_id=None,
                            title="Something that came up",
                            kind=LogEntry.Kind.DID,
                            minutes=Decimal(15 * rng.randint(1, 6)),
                            done_on=day,
                            created_at=when,
                        )
                    )
                    continue
                card = cards[rng.randrange(len(cards))]
                entries.append(
                    LogEntry(
                        household_id=hid,
                        member_id=member_ids[0 if rng.random() < 0.25 else 1],
                        card_id=card.pk,
                        title=card.name,
                        kind=rng.choice((LogEntry.Kind.NOTICED, LogEntry.Kind.PLANNED)),
                        minutes=Decimal(5 * rng.randint(1, 5)),
                        done_on=day,
                        created_at=when,
                    )
                )
            t3 = time.perf_counter()
            spent["rows"] += t3 - t2
            LogEntry.objects.bulk_create(entries, batch_size=2000)
            spent["insert"] += time.perf_counter() - t3
        kinds.update(e.kind for e in entries)
        people.append((household.pk, emails))
        if (n + 1) % say_every == 0 or n + 1 == households:
            total = sum(kinds.values())
            took = time.perf_counter() - began
            log(
                f"  household {n + 1}/{households}: {total:,} log entries in {took:.0f} s "
                f"({total / took:,.0f} a second; setup {spent['setup']:.0f} s, schedule "
                f"{spent['schedule']:.0f} s, rows {spent['rows']:.0f} s, insert "
                f"{spent['insert']:.0f} s)"
            )

    logins = []
    for k, n in enumerate(_spread(households, clients)):
        pk, emails = people[n]
        logins.append({"email": emails[k % 2], "password": PASSWORD, "household": pk})
    entries_total = sum(kinds.values())
    return {
        "household_id": logins[0]["household"],
        "logins": logins,
        "households": households,
        "members": 2,
        "cards": INSIGHT_CARDS,
        "catalog_cards": INSIGHT_CARDS,
        "ratings": ratings_total,
        "deal_cards": deal_cards / households,
        "history_days": days,
        "occurrences": occurrences,
        "entries": entries_total,
        "entries_per_household_day": entries_total / households / days,
        "entries_by_kind": dict(sorted(kinds.items())),
        "deal_propose_ms": sum(propose_ms) / len(propose_ms),
        "households_logged_into": len({login["household"] for login in logins}),
        "today": f"{today:%A %Y-%m-%d}",
        "build_split_seconds": {k: round(v, 1) for k, v in spent.items()},
    }
