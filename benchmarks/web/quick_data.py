"""The quick run's data (issue 17): many households with years of history, built fast.

Each household is set up through the app's services as a couple would (two members, 60 catalog
cards rated by both, an accepted deal, values, a shared goal, an aspiration, a check-in being
prepared), then given ``days`` of history written in bulk: scheduled work mostly done (some by
the other member for its holder), some occurrences skipped, noticing and planning, unplanned
work, personal time and a closed check-in every week. The ledger rows go in with one
``executemany`` per household (model instances and ``bulk_create`` would take minutes).
"""

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

SKIPPED_SHARE = 0.03  # of due occurrences: skipped (an OccurrenceChange lowering the plan)
DONE_FOR_SHARE = 0.04  # of done occurrences: done by the other member for the holder
PERSONAL_PER_WEEK = 3  # personal-time entries a member logs a week


def _log_rows(
    rng: random.Random,
    *,
    dues: list[Any],
    cards: list[Any],
    hid: int,
    member_ids: list[int],
    day0: dt.date,
    today: dt.date,
    days: int,
    zone: Any,
    ops: Any,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], Counter[str]]:
    """The ledger rows (as tuples for ``executemany``) and the skipped occurrences."""
    moment = ops.adapt_datetimefield_value
    day_value = ops.adapt_datefield_value
    minutes_value = ops.adapt_decimalfield_value
    rows: list[tuple[Any, ...]] = []
    skips: list[tuple[Any, ...]] = []
    kinds: Counter[str] = Counter()
    for due in dues:
        if due.holder is None:
            continue
        r = rng.random()
        if due.on < today and r < SKIPPED_SHARE:
            skips.append((due.card.pk, due.on, due.holder.pk, due.minutes))
            continue
        if r < (0.5 if due.on == today else SKIP_SHARE + SKIPPED_SHARE):
            continue
        spread = Decimal(rng.randint(-20, 20)) / 100
        doer, covered = due.holder.pk, None
        if rng.random() < DONE_FOR_SHARE:
            doer = member_ids[1] if doer == member_ids[0] else member_ids[0]
            covered = due.holder.pk
        when = at_time(due.on, rng.randint(7, 21), rng.randint(0, 59), zone)
        minutes = max(Decimal(1), (due.minutes * (1 + spread)).quantize(Decimal(1)))
        rows.append(
            (hid, doer, due.card.pk, due.card.name, "did", minutes_value(minutes, 7, 2),
             day_value(due.on), day_value(due.on), covered, moment(when))
        )  # fmt: skip
        kinds["did"] += 1
    for _ in range(max(0, INSIGHT_PER_DAY * days - len(rows))):
        day = day0 + dt.timedelta(days=rng.randrange(days + 1))
        when = moment(at_time(day, rng.randint(7, 22), rng.randint(0, 59), zone))
        if rng.random() < INSIGHT_UNPLANNED_SHARE:
            minutes = Decimal(15 * rng.randint(1, 6))
            rows.append(
                (hid, member_ids[rng.randrange(2)], None, "Something that came up", "did",
                 minutes_value(minutes, 7, 2), day_value(day), None, None, when)
            )  # fmt: skip
            kinds["did"] += 1
            continue
        card = cards[rng.randrange(len(cards))]
        kind = rng.choice(("noticed", "planned"))
        rows.append(
            (hid, member_ids[0 if rng.random() < 0.25 else 1], card.pk, card.name, kind,
             minutes_value(Decimal(5 * rng.randint(1, 5)), 7, 2), day_value(day), None, None,
             when)
        )  # fmt: skip
        kinds[kind] += 1
    return rows, skips, kinds


def build_quick(households: int, days: int, seed: int) -> dict[str, Any]:
    """``households`` households of two members with ``days`` of history each; returns what
    was built and, per household, its id and its members' e-mail addresses."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from evenly.accounts.models import User
    from evenly.cards.models import Rating
    from evenly.cards.services import cards_add_from_catalog
    from evenly.checkins.models import Checkin, CheckinClose, Item
    from evenly.checkins.services import checkin_start, item_add
    from evenly.core.catalog import catalog_cards
    from evenly.core.values import VALUES
    from evenly.deals.models import Acceptance, Deal
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.growth.services import aspiration_create
    from evenly.households.models import Household, Member
    from evenly.values.services import goal_save, values_save
    from evenly.week.models import LogEntry, OccurrenceChange, PersonalTime
    from evenly.week.selectors import schedule

    rng = random.Random(seed)
    keys = sorted(c.key for c in catalog_cards())
    value_keys = [v.key for v in VALUES]
    hashed = make_password(PASSWORD)
    ops = connection.ops
    table = LogEntry._meta.db_table
    insert = (
        f"INSERT INTO {table} (household_id, member_id, card_id, title, kind, minutes, done_on, "
        "due_on, covered_for_id, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    began = time.perf_counter()
    kinds: Counter[str] = Counter()
    people: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    say_every = max(1, households // 10)
    today = None
    for n in range(households):
        with transaction.atomic():
            emails = [f"{name.lower()}{n + 1}@bench.evenly" for name, _, _ in PEOPLE]
            users = [User.objects.create_user(email=e, password=None) for e in emails]
            User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed)
            household, members = two_members(users=users, name=f"Bench household {n + 1}")
            cards = cards_add_from_catalog(
                household=household, keys=rng.sample(keys, INSIGHT_CARDS)
            )
            Rating.objects.bulk_create(random_ratings(rng, cards, members, standards=False))
            deal = deal_propose(household=household, member=members[0])
            for member in members:
                deal = deal_accept(deal=deal, member=member)
            assert deal.status == Deal.Status.ACTIVE
            for k, member in enumerate(members):
                values_save(member=member, keys=rng.sample(value_keys, 3 + k))
            goal_save(
                member=members[0],
                goal=None,
                title="One screen-free evening a week",
                owners=members,
                why="Time for each other",
            )
            aspiration_create(member=members[1], title="Run a half marathon", kind="health")

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

            dues = schedule(household=household, start=day0, end=today)
            member_ids = [m.pk for m in members]
            rows, skips, got = _log_rows(
                rng,
                dues=dues,
                cards=cards,
                hid=household.pk,
                member_ids=member_ids,
                day0=day0,
                today=today,
                days=days,
                zone=zone,
                ops=ops,
            )
            with connection.cursor() as cur:
                cur.executemany(insert, rows)
            kinds.update(got)
            OccurrenceChange.objects.bulk_create(
                [
                    OccurrenceChange(
                        household_id=household.pk,
                        card_id=card_id,
                        due_on=on,
                        kind=OccurrenceChange.Kind.SKIPPED,
                        by_id=owner_id,
                        owner_id=owner_id,
                        minutes=minutes,
                        created_at=at_time(on, 8, 0, zone),
                    )
                    for card_id, on, owner_id, minutes in skips
                ],
                batch_size=500,
            )
            personal = [
                PersonalTime(
                    household_id=household.pk,
                    member_id=member_id,
                    minutes=Decimal(15 * rng.randint(2, 8)),
                    on=day,
                    what="",
                    created_at=at_time(day, 20, 0, zone),
                )
                for week in range(days // 7)
                for member_id in member_ids
                for day in [
                    day0 + dt.timedelta(days=7 * week + rng.randrange(7))
                    for _ in range(PERSONAL_PER_WEEK)
                ]
            ]
            PersonalTime.objects.bulk_create(personal, batch_size=1000)
            # A check-in every week, closed by both, with an appreciation each, shared.
            sundays = [day0 + dt.timedelta(days=7 * w + 6) for w in range(days // 7)]
            checkins = Checkin.objects.bulk_create(
                [
                    Checkin(
                        household_id=household.pk,
                        opens_at=at_time(day, 19, 0, zone),
                        closed_at=at_time(day, 19, 40, zone),
                        created_at=at_time(day, 9, 0, zone),
                    )
                    for day in sundays
                ]
            )
            if checkins and checkins[0].pk is None:  # a backend that returns no ids
                checkins = list(household.checkins.order_by("opens_at"))
            CheckinClose.objects.bulk_create(
                [
                    CheckinClose(checkin_id=c.pk, member_id=m, closed_at=c.closed_at)
                    for c in checkins
                    for m in member_ids
                ],
                batch_size=1000,
            )
            Item.objects.bulk_create(
                [
                    Item(
                        checkin_id=c.pk,
                        author_id=m,
                        kind=Item.Kind.APPRECIATION,
                        text="Thank you for taking the bins out every week",
                        about_id=member_ids[1 - k],
                        shared_at=c.opens_at,
                        created_at=c.created_at,
                    )
                    for c in checkins
                    for k, m in enumerate(member_ids)
                ],
                batch_size=1000,
            )
            current = checkin_start(member=members[0])
            item_add(
                member=members[0],
                checkin=current,
                kind=Item.Kind.APPRECIATION,
                text="Thank you for cooking on Tuesday",
                about=members[1],
            )
            counts["skipped"] += len(skips)
            counts["personal"] += len(personal)
            counts["checkins"] += len(checkins) + 1
        people.append({"household": household.pk, "emails": emails})
        if (n + 1) % say_every == 0 or n + 1 == households:
            total = sum(kinds.values())
            took = time.perf_counter() - began
            log(f"  household {n + 1}/{households}: {total:,} log entries in {took:.0f} s")
    entries = sum(kinds.values())
    return {
        "households": households,
        "members": 2,
        "cards": INSIGHT_CARDS,
        "history_days": days,
        "today": f"{today:%A %Y-%m-%d}" if today else "",
        "entries": entries,
        "entries_per_household_day": entries / max(1, households * days),
        "entries_by_kind": dict(sorted(kinds.items())),
        "skipped_occurrences": counts["skipped"],
        "personal_time_entries": counts["personal"],
        "checkins": counts["checkins"],
        "people": people,
    }
