"""Benchmark of the web app: three household pages under load, served as in production.

Run by ``make bench`` (never by the tests); ``--quick`` for a smoke run. See benchmarks/README.md.

Stages:

1. a fresh database (SQLite in a temporary folder, or with ``--database-url`` a scratch
   PostgreSQL database that is created and dropped), migrated, with one household built through
   the app's services: 2 members, 100 cards (catalog and custom) rated by both, an accepted deal,
   and a year of history (about 90 % of due occurrences done, plus noticing, planning and
   unplanned work) written with ``bulk_create``;
2. the number of SQL queries of each page, once, in this process (test client);
3. gunicorn serving ``evenly.web.wsgi`` with production settings (``DEBUG=0``, a random secret
   key, ``ALLOWED_HOSTS=127.0.0.1``; only ``SECURE_SSL_REDIRECT=0``, as behind a TLS proxy, and
   ``STATIC_ROOT`` in the temporary folder) on a free loopback port;
4. once the machine is quiet, ``web_load.py`` in its own process: 20 clients log in through
   the login form, warm up, then each page is timed from one client alone and at 20 concurrent
   clients; every response must be a 200 with the page's expected content;
5. the slowest page profiled in this process with cProfile; results written as Markdown and
   JSON. The last line printed is ``p95_ms=<the worst page's p95 under load>``.

Scenarios (``--scenario``):

- ``pages`` (the default, issue 3): the household above; this week, the deal and rating pages;
  writes ``results/web.md`` and ``web.json``.
- ``insight`` (issue 4): 100 households (``--households``), each of 2 members with 60 catalog
  cards rated by both and an accepted deal, and 3 years of history at about 15 entries a day
  each (about 1.6 million log entries, ``bulk_create`` a household at a time). The balance page
  (4 weeks and a year), this week and the ledger, with each client logged in as a member of a
  different household; every page profiled, the SQL of the log queries explained; writes
  ``results/web_insight.md`` and ``web_insight.json``. ``--quick``: 5 households, 3 months.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import math
import os
import platform
import pstats
import random
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOAD_SCRIPT = HERE / "web_load.py"
GOAL_P95_MS = 100.0
PASSWORD = "bench-evenly-password"
SKIP_SHARE = 0.10  # occurrences never done
SETTINGS_MODULE = "evenly_bench_settings"
PEOPLE = (("Alex", "alex@bench.evenly", Decimal(38)), ("Blake", "blake@bench.evenly", Decimal(24)))
CATALOG_CARDS = 75  # the other cards are custom
CUSTOM_TASKS = (
    ("Water the plants", "Home & garden", "2 per week", 10),
    ("Clean the windows", "Cleaning", "monthly", 40),
    ("Descale the kettle", "Kitchen & food", "quarterly", 10),
    ("Sort the post", "Money & admin", "weekly", 10),
    ("Check the smoke alarms", "Home & garden", "2 per year", 10),
    ("Tidy the shed", "Home & garden", "4 per year", 60),
    ("Defrost the freezer", "Kitchen & food", "2 per year", 45),
    ("Dust the shelves", "Cleaning", "every 2 weeks", 20),
    ("Plan the weekend", "Family & social", "weekly", 15),
    ("Back up the photos", "Money & admin", "monthly", 20),
)
PLACES = ("upstairs", "downstairs", "at the flat")
SCENARIOS = ("pages", "insight")
INSIGHT_CARDS = 60  # catalog cards per household in the insight scenario
INSIGHT_PER_DAY = 15  # log entries a day per household, scheduled work topped up
INSIGHT_UNPLANNED_SHARE = 0.15  # of the top-up: unplanned work; the rest noticed or planned


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- set-up


@dataclass
class Config:
    scenario: str
    households: int
    quick: bool
    clients: int
    requests: int
    warmup: int
    serial: int
    workers: int
    days: int
    max_wait: float
    quiet_load: float
    profile_requests: int
    seed: int
    database_url: str
    pg_name: str
    out: Path
    keep: bool
    report_only: bool


def parse_args(argv: Sequence[str] | None) -> Config:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--scenario",
        choices=SCENARIOS,
        default="pages",
        help="pages: issue 3's household and pages (default); insight: issue 4's 100 households "
        "x 3 years, balance, week and ledger",
    )
    ap.add_argument(
        "--households", type=int, help="households of the insight scenario (100; quick: 5)"
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="1 month of history (insight: 5 households x 3 months), 40 requests a page",
    )
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    ap.add_argument("--requests", type=int, help="timed requests per page under load (400)")
    ap.add_argument("--warmup", type=int, help="untimed requests per page first (2 x clients)")
    ap.add_argument("--serial", type=int, help="requests per page from one client alone (50)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    ap.add_argument(
        "--days", type=int, help="days of history (365; quick: 30; insight 1095; quick: 91)"
    )
    ap.add_argument(
        "--max-wait", type=float, help="seconds to wait for a quiet machine (600; quick: 0)"
    )
    ap.add_argument(
        "--quiet-load", type=float, default=0.7, help="1-minute load average counted quiet (0.7)"
    )
    ap.add_argument("--profile-requests", type=int, help="requests of the slowest page profiled")
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument(
        "--database-url",
        default="",
        help="run on PostgreSQL: a URL whose user may create databases, e.g. "
        "postgres://evenly:evenly@127.0.0.1:5432/evenly; the benchmark uses --pg-name",
    )
    ap.add_argument(
        "--pg-name",
        help="scratch database, dropped after (evenly_bench; insight: evenly_bench_insight)",
    )
    ap.add_argument("--out", type=Path, help="folder for the report (results/; quick: .quick/)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--report-only", action="store_true", help="rewrite the .md from the .json")
    a = ap.parse_args(argv)
    q = a.quick
    insight = a.scenario == "insight"
    return Config(
        scenario=a.scenario,
        households=a.households or (5 if q else 100),
        quick=q,
        clients=a.clients,
        requests=a.requests or (40 if q else 400),
        warmup=a.warmup if a.warmup is not None else (a.clients if q else 2 * a.clients),
        serial=a.serial or (5 if q else 50),
        workers=a.workers,
        days=a.days or ((91 if q else 1095) if insight else (30 if q else 365)),
        max_wait=a.max_wait if a.max_wait is not None else (0.0 if q else 600.0),
        quiet_load=a.quiet_load,
        profile_requests=a.profile_requests or (5 if q else 20),
        seed=a.seed,
        database_url=a.database_url,
        pg_name=a.pg_name or ("evenly_bench_insight" if insight else "evenly_bench"),
        out=a.out or (HERE / ".quick" if q else HERE / "results"),
        keep=a.keep,
        report_only=a.report_only,
    )


def configure(tmp: Path, database_url: str) -> dict[str, str]:
    """The production environment, and a settings module that only moves STATIC_ROOT."""
    (tmp / f"{SETTINGS_MODULE}.py").write_text(
        "from evenly.web.settings import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(tmp / 'static')!r}\n"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    os.environ.update(env)
    if not database_url:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(tmp))
    return env


def _pg_admin(url: str) -> Any:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    dsn = urllib.parse.urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))
    return psycopg.connect(dsn, autocommit=True)


def pg_create(url: str, name: str) -> str:
    """A fresh database ``name`` on the server of ``url``; returns its URL."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"--pg-name must be a plain lower-case identifier, not {name!r}")
    with _pg_admin(url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def pg_drop(url: str, name: str) -> None:
    with _pg_admin(url) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# ---------------------------------------------------------------------------- the household


def _at(day: dt.date, hour: int, minute: int, zone: Any) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone) + dt.timedelta(
        hours=hour, minutes=minute
    )


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
    from evenly.households.services import (
        household_create,
        invitation_accept,
        invitation_create,
        member_update,
    )
    from evenly.week.models import LogEntry
    from evenly.week.selectors import schedule

    rng = random.Random(seed)
    with transaction.atomic():
        users = [account_create(email=email, password=PASSWORD) for _, email, _ in PEOPLE]
        household = household_create(
            user=users[0],
            name="Bench household",
            time_zone="Europe/London",
            fairness="total-work",
            display_name=PEOPLE[0][0],
        )
        members = [household.members.get()]
        invite = invitation_create(household=household, member=members[0])
        members.append(
            invitation_accept(token=invite.token, user=users[1], display_name=PEOPLE[1][0])
        )
        members = [
            member_update(
                member=m,
                display_name=name,
                paid_hours=hours,
                personal_time_goal_minutes=240,
                share=None,
            )
            for m, (name, _, hours) in zip(members, PEOPLE, strict=True)
        ]

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

        ratings = []
        prefs = ("enjoy", "like", "fine", "dislike", "hate", "cannot")
        weights = (10, 22, 35, 20, 9, 4)
        for card in cards:
            chosen = [rng.choices(prefs, weights)[0] for _ in members]
            if all(p == "cannot" for p in chosen):
                chosen[1] = "dislike"
            for member, pref in zip(members, chosen, strict=True):
                own = rng.random() < 1 / 3
                minutes = (card.minutes * Decimal(rng.uniform(0.7, 1.3))).quantize(Decimal(1))
                ratings.append(
                    Rating(
                        card=card,
                        member=member,
                        preference=pref,
                        minutes=max(Decimal(1), minutes) if own else None,
                        standard="My way, properly" if rng.random() < 0.1 else "",
                    )
                )
        Rating.objects.bulk_create(ratings)
        # A few of the household's own decisions, as a real household makes them.
        picks = rng.sample(cards, 6)
        for card, owner in zip(picks[:3], (members[0], members[0], members[1]), strict=True):
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
        Household.objects.filter(pk=household.pk).update(created_at=_at(day0, 9, 0, zone))
        for k, member in enumerate(members):
            Member.objects.filter(pk=member.pk).update(joined_at=_at(day0, 9, k, zone))
        household.cards.update(created_at=_at(day0, 10, 0, zone))
        Deal.objects.filter(pk=deal.pk).update(
            created_at=_at(day0, 20, 0, zone), activated_at=_at(day0, 21, 0, zone)
        )
        Acceptance.objects.filter(deal=deal).update(accepted_at=_at(day0, 21, 0, zone))
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
                    created_at=_at(due.on, rng.randint(7, 21), rng.randint(0, 59), zone),
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
                            created_at=_at(day, rng.randint(7, 22), rng.randint(0, 59), zone),
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
                    created_at=_at(day, rng.randint(9, 19), rng.randint(0, 59), zone),
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


def pages_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    h, n = data["household_id"], data["cards"]
    return [
        {"name": "week", "path": f"/h/{h}/week/", "expect": ["<h1>This week</h1>", "Today"]},
        {
            "name": "deal",
            "path": f"/h/{h}/deal/",
            "expect": [f"<h1>Deal v{data['deal_version']} ", "Is it fair?"],
        },
        {"name": "rate", "path": f"/h/{h}/rate/", "expect": [f"{n} of {n} rated"]},
    ]


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
    from evenly.households.services import (
        household_create,
        invitation_accept,
        invitation_create,
        member_update,
    )
    from evenly.week.models import LogEntry
    from evenly.week.selectors import schedule

    rng = random.Random(seed)
    keys = sorted(c.key for c in catalog_cards())
    hashed = make_password(PASSWORD)
    prefs = ("enjoy", "like", "fine", "dislike", "hate", "cannot")
    weights = (10, 22, 35, 20, 9, 4)
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
            household = household_create(
                user=users[0],
                name=f"Bench household {n + 1}",
                time_zone="Europe/London",
                fairness="total-work",
                display_name=PEOPLE[0][0],
            )
            members = [household.members.get()]
            invite = invitation_create(household=household, member=members[0])
            members.append(
                invitation_accept(token=invite.token, user=users[1], display_name=PEOPLE[1][0])
            )
            members = [
                member_update(
                    member=m,
                    display_name=name,
                    paid_hours=hours,
                    personal_time_goal_minutes=240,
                    share=None,
                )
                for m, (name, _, hours) in zip(members, PEOPLE, strict=True)
            ]
            cards = cards_add_from_catalog(
                household=household, keys=rng.sample(keys, INSIGHT_CARDS)
            )
            ratings = []
            for card in cards:
                chosen = [rng.choices(prefs, weights)[0] for _ in members]
                if all(p == "cannot" for p in chosen):
                    chosen[1] = "dislike"
                for member, pref in zip(members, chosen, strict=True):
                    own = rng.random() < 1 / 3
                    minutes = (card.minutes * Decimal(rng.uniform(0.7, 1.3))).quantize(Decimal(1))
                    ratings.append(
                        Rating(
                            card=card,
                            member=member,
                            preference=pref,
                            minutes=max(Decimal(1), minutes) if own else None,
                        )
                    )
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
            Household.objects.filter(pk=household.pk).update(created_at=_at(day0, 9, 0, zone))
            for k, member in enumerate(members):
                Member.objects.filter(pk=member.pk).update(joined_at=_at(day0, 9, k, zone))
            household.cards.update(created_at=_at(day0, 10, 0, zone))
            Deal.objects.filter(pk=deal.pk).update(
                created_at=_at(day0, 20, 0, zone), activated_at=_at(day0, 21, 0, zone)
            )
            Acceptance.objects.filter(deal=deal).update(accepted_at=_at(day0, 21, 0, zone))
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
                        created_at=_at(due.on, rng.randint(7, 21), rng.randint(0, 59), zone),
                    )
                )
            # Top up to about INSIGHT_PER_DAY a day: noticing and planning (the second member
            # three times as much), and some unplanned work.
            for _ in range(max(0, INSIGHT_PER_DAY * days - len(entries))):
                day = day0 + dt.timedelta(days=rng.randrange(days + 1))
                when = _at(day, rng.randint(7, 22), rng.randint(0, 59), zone)
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


def pages_of_insight() -> list[dict[str, Any]]:
    """Issue 4's pages; ``{h}`` is each client's own household (see ``web_load.py``)."""
    balance = ["<h1>Balance</h1>"]
    return [
        {"name": "balance-4w", "path": "/h/{h}/balance/?period=4w", "expect": balance},
        {"name": "balance-year", "path": "/h/{h}/balance/?period=year", "expect": balance},
        {"name": "week", "path": "/h/{h}/week/", "expect": ["<h1>This week</h1>", "Today"]},
        {"name": "ledger", "path": "/h/{h}/ledger/", "expect": ["<h1>Ledger</h1>"]},
    ]


def in_process(pages: list[dict[str, Any]], household_id: int) -> list[dict[str, Any]]:
    """The pages with ``{h}`` filled in, for the in-process requests (one household)."""
    return [{**p, "path": p["path"].replace("{h}", str(household_id))} for p in pages]


# ---------------------------------------------------------------------------- in process


def _test_client(email: str) -> Any:
    from django.test import Client

    from evenly.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(
        User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def _shape(sql: str) -> str:
    """A query with its literal values taken out, to spot the same query run many times."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\(\?(, \?)+\)", "(...)", sql)


def explain(sql: str) -> list[str]:
    """The database's plan of one captured query (its values already in the text)."""
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    try:
        with connection.cursor() as cur:
            cur.execute(prefix + sql)
            rows = cur.fetchall()
    except Exception as err:  # a captured query is not always valid SQL to run again
        return [f"(not explained: {type(err).__name__})"]
    if connection.vendor == "sqlite":
        return [str(r[-1]) for r in rows]
    return [str(r[0]) for r in rows]


def count_queries(pages: list[dict[str, Any]], email: str, plans: bool = False) -> dict[str, Any]:
    """SQL queries of one request of each page (after one untimed request); with ``plans``,
    their time and the plans of the queries that read the log."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _test_client(email)
    out = {}
    times: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            times.append(1000 * (time.perf_counter() - started))

    for page in pages:
        client.get(page["path"])
        times.clear()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timed):
            resp = client.get(page["path"])
        if resp.status_code != 200:
            raise RuntimeError(f"{page['path']} answered {resp.status_code} in process")
        sqls = [q["sql"] for q in ctx.captured_queries]
        shapes = Counter(_shape(s) for s in sqls)
        out[page["name"]] = {
            "count": len(sqls),
            "repeated": [{"times": k, "sql": s[:300]} for s, k in shapes.most_common() if k > 1],
            "sql": [s[:400] for s in sqls],
        }
        if plans:
            out[page["name"]]["db_ms"] = sum(times)
            out[page["name"]]["log_queries"] = [
                {"ms": ms, "sql": sql[:600], "plan": explain(sql)}
                for sql, ms in zip(sqls, times, strict=True)
                if "week_logentry" in sql
            ]
    return out


def cpu_split(pages: list[dict[str, Any]], email: str, requests: int) -> dict[str, Any]:
    """CPU time of each page in process (no HTTP), and the part spent rendering its template."""
    import evenly.pages as web_pages

    real_render = web_pages.render
    spent: list[float] = []

    def timed_render(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return real_render(*args, **kwargs)
        finally:
            spent.append(time.process_time() - started)

    client = _test_client(email)
    out = {}
    web_pages.render = timed_render  # type: ignore[assignment]
    try:
        for page in pages:
            client.get(page["path"])
            spent.clear()
            started = time.process_time()
            for _ in range(requests):
                client.get(page["path"])
            total = (time.process_time() - started) * 1000 / requests
            out[page["name"]] = {"cpu_ms": total, "template_ms": sum(spent) * 1000 / requests}
    finally:
        web_pages.render = real_render  # type: ignore[assignment]
    return out


def _label(key: tuple[str, int, str]) -> str:
    filename, line, func = key
    if filename == "~":
        return func
    for marker in ("site-packages/", "/src/", "/lib/python"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line} {func}"


def profile_page(page: dict[str, Any], email: str, requests: int) -> dict[str, Any]:
    """cProfile over ``requests`` in-process requests of one page; the top functions."""
    client = _test_client(email)
    client.get(page["path"])
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    for _ in range(requests):
        client.get(page["path"])
    prof.disable()
    wall_ms = (time.perf_counter() - started) * 1000 / requests
    stats = pstats.Stats(prof)
    rows = [
        {
            "function": _label(key),
            "calls": nc,
            "own_ms": 1000 * tt / requests,
            "cum_ms": 1000 * ct / requests,
        }
        for key, (_cc, nc, tt, ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
    ]
    total_ms = 1000 * stats.total_tt / requests  # type: ignore[attr-defined]
    own = sorted(rows, key=lambda r: -r["own_ms"])[:12]
    app = [r for r in rows if r["function"].startswith("evenly/")]
    cum = sorted(app, key=lambda r: -r["cum_ms"])[:12]
    for r in own + cum:
        r["calls"] = round(r["calls"] / requests, 1)
    return {
        "page": page["name"],
        "requests": requests,
        "ms_per_request_profiled": wall_ms,
        "profiled_total_ms": total_ms,
        "top_own_time": own,
        "top_app_cumulative": cum,
    }


# ---------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@contextmanager
def gunicorn(env: dict[str, str], tmp: Path, workers: int) -> Iterator[dict[str, Any]]:
    """gunicorn on a free loopback port; yields its address and worker pids, stops it after."""
    port = free_port()
    logfile = tmp / "gunicorn.log"
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "evenly.web.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(logfile),
        "--log-level",
        "warning",
    ]
    full_env = {**os.environ, **env, "PYTHONPATH": str(tmp)}
    with logfile.open("ab") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=sink, stderr=sink)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {logfile.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer: {logfile.read_text()[-2000:]}")
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=1)
                conn.close()
                if len(_children(proc.pid)) >= workers:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield {
            "host": "127.0.0.1",
            "port": port,
            "pid": proc.pid,
            "worker_pids": _children(proc.pid),
            "command": f"gunicorn evenly.web.wsgi --workers {workers} --bind 127.0.0.1:<free port>",
            "log": logfile,
        }
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_quiet(threshold: float, max_wait: float) -> dict[str, Any]:
    """Wait until the 1-minute load average is below ``threshold``, at most ``max_wait`` s."""
    began = time.monotonic()
    first = os.getloadavg()[0]
    last_said = began
    while os.getloadavg()[0] >= threshold and time.monotonic() - began < max_wait:
        if time.monotonic() - last_said >= 60:
            log(f"  load average {os.getloadavg()[0]:.2f}, waiting for < {threshold} ...")
            last_said = time.monotonic()
        time.sleep(5)
    now = os.getloadavg()
    return {
        "threshold": threshold,
        "max_wait_seconds": max_wait,
        "waited_seconds": round(time.monotonic() - began, 1),
        "at_start_of_wait": first,
        "before_measuring": list(now),
        "quiet": now[0] < threshold,
    }


def run_load(
    server: dict[str, Any], data: dict[str, Any], cfg: Config, pages: list[dict[str, Any]]
) -> dict[str, Any]:
    plan = {
        "host": server["host"],
        "port": server["port"],
        "logins": data["logins"],
        "clients": cfg.clients,
        "pages": pages,
        "requests": cfg.requests,
        "warmup": cfg.warmup,
        "serial": cfg.serial,
        "worker_pids": server["worker_pids"],
    }
    proc = subprocess.run(
        [sys.executable, str(LOAD_SCRIPT)],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if proc.returncode != 0:
        detail = proc.stdout.strip() or proc.stderr.strip()[-2000:]
        raise RuntimeError(f"load generator failed: {detail}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# ---------------------------------------------------------------------------- figures


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile, nearest-rank (no interpolation: a p95 is a measured time)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "mean": sum(values) / len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "max": max(values),
    }


def summarise_page(raw: dict[str, Any]) -> dict[str, Any]:
    loaded, serial = raw["loaded"], raw["serial"]
    n = len(loaded["latencies_ms"])
    cpu = loaded.get("server_cpu_seconds")
    return {
        "serial": latency(serial["latencies_ms"]),
        "loaded": {
            **latency(loaded["latencies_ms"]),
            "rps": n / loaded["wall_seconds"] if loaded["wall_seconds"] else None,
            "wall_seconds": loaded["wall_seconds"],
            "bytes": loaded["bytes"],
            "failures": loaded["failures"] + serial["failures"],
            "failure_examples": loaded["failure_examples"] + serial["failure_examples"],
            "server_cpu_ms_per_request": None if cpu is None or not n else 1000 * cpu / n,
            "client_cpu_ms_per_request": 1000 * loaded["client_cpu_seconds"] / n if n else None,
            "load_average_after": loaded["load_average_after"],
        },
    }


def machine(db: dict[str, Any]) -> dict[str, Any]:
    import django
    import gunicorn as gunicorn_pkg

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn_pkg.__version__,
        "database": db,
        "platform": platform.platform(),
    }


def database_info() -> dict[str, Any]:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return {"engine": "SQLite", "version": sqlite3.sqlite_version, "where": "temporary file"}
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
    return {"engine": "PostgreSQL", "version": version, "where": "127.0.0.1, scratch database"}


def source_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        except OSError:
            return ""
        return out.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "changed": git("status", "--porcelain", "--", "src").splitlines(),
    }


# ---------------------------------------------------------------------------- report


def fmt(x: float | None, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def verdict(run: dict[str, Any]) -> str:
    return "**met**" if run["goal"]["met"] else "**not met**"


def headline(key: str, run: dict[str, Any]) -> str:
    worst = run["goal"]["worst_page"]
    lo = run["pages"][worst]["loaded"]
    return (
        f"{run['machine']['database']['engine']}: at {run['load']['clients']} concurrent clients "
        f"on {run['machine']['nproc']} cores ({run['server']['workers']} gunicorn workers), the "
        f"slowest page ({worst}) had p95 {fmt(run['goal']['worst_p95_ms'])} ms and served "
        f"{fmt(lo['rps'], 0)} requests/s (goal p95 ≤ {GOAL_P95_MS:g} ms: "
        f"{'met' if run['goal']['met'] else 'not met'})."
    )


def analysis(run: dict[str, Any]) -> str:
    """Why the worst page's p95 is what it is, from the measured CPU and throughput."""
    worst = run["goal"]["worst_page"]
    lo, alone = run["pages"][worst]["loaded"], run["pages"][worst]["serial"]
    nproc, clients = run["machine"]["nproc"], run["load"]["clients"]
    budget = nproc * GOAL_P95_MS / clients
    cpu = lo.get("server_cpu_ms_per_request")
    text = (
        f"The {worst} page takes {fmt(alone.get('p50'))} ms alone (p50). Under load, "
        f"{clients} clients share {run['server']['workers']} workers: {fmt(lo.get('rps'), 0)} "
        f"requests/s means each request waits about {fmt(1000 * clients / lo['rps'], 0)} ms "
        "on average (clients ÷ throughput)."
    )
    if cpu is not None:
        text += (
            f" Each request costs {fmt(cpu)} ms of server CPU, so {nproc} cores can serve at most "
            f"about {fmt(1000 * nproc / cpu, 0)} a second."
        )
    ip = run["pages"][worst].get("in_process")
    if ip:
        text += (
            f" In process it takes {fmt(ip['cpu_ms'])} ms of CPU, {fmt(ip['template_ms'])} ms "
            "of it rendering the template."
        )
    text += (
        f" A p95 of {GOAL_P95_MS:g} ms with {clients} clients always waiting needs about "
        f"{fmt(budget)} ms of CPU per request or less (server and load generator together, "
        f"{nproc} cores)"
    )
    if cpu is not None and cpu > budget:
        text += f": this page needs to be about {cpu / budget:.1f}× cheaper, or to get more cores."
    else:
        text += "."
    return text


def data_line(run: dict[str, Any]) -> str:
    d = run["data"]
    kinds = ", ".join(f"{v:,} {k}" for k, v in d["entries_by_kind"].items())
    if run.get("scenario") != "insight":
        return (
            f"- Data: {d['members']} members, {d['cards']} cards ({d['catalog_cards']} from the "
            f"catalog), {d['ratings']} ratings, an accepted deal of {d['deal_cards']} cards, "
            f"{d['history_days']} days of history: {d['entries']:,} log entries ({kinds}); "
            f"built in {fmt(run['build_seconds'])} s (migrations included)."
        )
    split = d["build_split_seconds"]
    return (
        f"- Data: {d['households']} households, each of {d['members']} members with "
        f"{d['cards']} catalog cards rated by both and an accepted deal (of "
        f"{fmt(d['deal_cards'], 0)} cards on average); {d['history_days']} days of history: "
        f"{d['entries']:,} log entries in all ({kinds}), "
        f"{fmt(d['entries_per_household_day'])} a day per household (about 90 % of the "
        f"{d['occurrences']:,} scheduled occurrences done, topped up with noticing, planning "
        f"and unplanned work). Built in {fmt(run['build_seconds'], 0)} s, migrations included "
        f"({fmt(d['entries'] / run['build_seconds'], 0)} entries a second): services "
        f"{fmt(split.get('setup', 0), 0)} s, schedules {fmt(split.get('schedule', 0), 0)} s, "
        f"making the rows {fmt(split.get('rows', 0), 0)} s, `bulk_create` "
        f"{fmt(split.get('insert', 0), 0)} s. The {run['load']['clients']} clients are logged "
        f"into {d['households_logged_into']} different households (alternately as either "
        f"member). Today, the last day of history, was {d.get('today', '?')}: this week and the "
        "ledger's default period run from Monday to today."
        + (" `ANALYZE` run after the load." if "PostgreSQL" in data_engine(run) else "")
    )


def data_engine(run: dict[str, Any]) -> str:
    return str(run["machine"]["database"]["engine"])


def profile_markdown(prof: dict[str, Any], run: dict[str, Any], own: bool = True) -> list[str]:
    m, ld = run["machine"], run["load"]
    lines = [
        f"### Where the time goes: the {prof['page']} page",
        "",
        f"{prof['requests']} requests in process (test client, no HTTP) under cProfile: "
        f"{fmt(prof['ms_per_request_profiled'])} ms a request with the profiler's overhead. "
        f"Budget: at {ld['clients']} clients always waiting on {m['nproc']} cores, a p95 of "
        f"{GOAL_P95_MS:g} ms leaves at most about "
        f"{fmt(m['nproc'] * GOAL_P95_MS / ld['clients'])} ms of CPU per request, server and "
        "load generator together.",
        "",
    ]
    if own:
        lines += [
            "Own time (per request):",
            "",
            "| function | calls | own ms | cumulative ms |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{r['function']}` | {fmt(r['calls'], 0 if r['calls'] >= 10 else 1)} | "
            f"{fmt(r['own_ms'], 2)} | "
            f"{fmt(r['cum_ms'], 2)} |"
            for r in prof["top_own_time"]
        ]
        lines.append("")
    lines += [
        "The app's own functions by cumulative time (per request):",
        "",
        "| function | calls | cumulative ms |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{r['function']}` | {fmt(r['calls'], 0 if r['calls'] >= 10 else 1)} | "
        f"{fmt(r['cum_ms'], 2)} |"
        for r in prof["top_app_cumulative"]
    ]
    lines.append("")
    return lines


def cost_split(run: dict[str, Any]) -> list[str]:
    """Each page's in-process cost: SQL time, template, and the rest (the view's Python)."""
    lines = [
        "### Where each page's time goes",
        "",
        "One request in process: its SQL time (the queries' `execute()` calls, timed with an "
        "execute wrapper; SQLite hands rows over as they are fetched, so reading a long result "
        "counts in the rest), the template's CPU time, and the rest: the view's Python "
        "(selectors, the balance arithmetic, charts), fetching rows and Django's request "
        "handling.",
        "",
        "| page | CPU ms | SQL ms (queries) | template ms | rest ms | plans of the log queries |",
        "|---|---|---|---|---|---|",
    ]
    for name, p in run["pages"].items():
        ip, q = p.get("in_process", {}), p["queries"]
        cpu, tpl, db = ip.get("cpu_ms"), ip.get("template_ms"), q.get("db_ms")
        rest = None if None in (cpu, tpl, db) else max(0.0, cpu - tpl - db)
        scans = "; ".join(
            " / ".join(
                re.sub(r"\s*\(cost=[^)]*\)", "", x).strip()
                for x in lq["plan"]
                if re.search(r"Scan|SCAN|SEARCH|B-TREE|Sort\b", x)
            )
            for lq in q.get("log_queries", [])
        )
        lines.append(
            f"| {name} | {fmt(cpu)} | {fmt(db)} ({q['count']}) | {fmt(tpl)} | {fmt(rest)} | "
            f"{scans or '–'} |"
        )
    lines.append("")
    return lines


def plans_markdown(run: dict[str, Any]) -> list[str]:
    lines = ["### The log queries and their plans", ""]
    for name, p in run["pages"].items():
        for lq in p["queries"].get("log_queries", []):
            lines += [
                f"- {name}, {fmt(lq['ms'], 2)} ms: `{lq['sql'][:400]}`",
                "",
                "  ```",
                *[f"  {x}" for x in lq["plan"]],
                "  ```",
                "",
            ]
    return lines


def run_markdown(key: str, run: dict[str, Any]) -> list[str]:
    m, la = run["machine"], run["load_average"]
    ld = run["load"]
    title = "SQLite" if key == "sqlite" else "PostgreSQL"
    lines = [f"## {title}", ""]
    lines += [
        f"- Run {run['date']} with `{run['command']}`"
        f" ({'quick run' if run['quick'] else 'full run'}) on commit `{run['source']['commit']}`"
        + (
            f" with {len(run['source']['changed'])} changed file(s) under src/"
            if run["source"]["changed"]
            else ""
        )
        + ".",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), Python {m['python']}, Django {m['django']}, "
        f"gunicorn {m['gunicorn']}, {m['database']['engine']} {m['database']['version']} "
        f"({m['database']['where']}).",
        f"- Server: `{run['server']['command']}`: {run['server']['workers']} sync workers, one per "
        "core; the load generator runs on the same cores.",
        data_line(run),
        f"- Load: {ld['clients']} clients, each logged in through the login form (all at once: "
        f"p50 {fmt(ld['login_ms'].get('p50'), 0)} ms a login, Argon2); {ld['warmup']} untimed "
        f"requests per page from all clients, then per page {ld['serial']} "
        f"requests from one client alone and {ld['requests']} at {ld['clients']} concurrent "
        "clients (each sends its next request when the last one is answered).",
        f"- Load average (1 min): {fmt(la['at_start_of_wait'], 2)} when the wait began, "
        f"{fmt(la['before_measuring'][0], 2)} when measuring began after "
        f"{fmt(la['waited_seconds'], 0)} s ({'quiet' if la['quiet'] else 'not quiet'}: threshold "
        f"{la['threshold']}); {fmt(la['after'], 2)} at the end (the benchmark itself adds about "
        f"{m['nproc']}).",
        "",
        "| page | path | SQL queries | alone p50 ms | p50 ms | p95 ms | p99 ms | max ms | "
        "requests/s | server CPU ms/request | in process: CPU ms (template) | KiB | failed |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, p in run["pages"].items():
        s, lo = p["serial"], p["loaded"]
        ip = p.get("in_process", {})
        lines.append(
            f"| {name} | `{p['path']}` | {p['queries']['count']} | {fmt(s.get('p50'))} | "
            f"{fmt(lo.get('p50'))} | {fmt(lo.get('p95'))} | {fmt(lo.get('p99'))} | "
            f"{fmt(lo.get('max'))} | {fmt(lo.get('rps'), 0)} | "
            f"{fmt(lo.get('server_cpu_ms_per_request'))} | {fmt(ip.get('cpu_ms'))} "
            f"({fmt(ip.get('template_ms'))}) | {fmt(lo['bytes'] / 1024)} | "
            f"{lo['failures']} of {lo['n'] + s['n']} |"
        )
    lines += [
        "",
        f"Goal: p95 ≤ {GOAL_P95_MS:g} ms on every page at {ld['clients']} concurrent clients: "
        f"{verdict(run)} (worst: {run['goal']['worst_page']}, "
        f"{fmt(run['goal']['worst_p95_ms'])} ms).",
        "",
        analysis(run),
        "",
    ]
    repeated = {
        name: p["queries"]["repeated"]
        for name, p in run["pages"].items()
        if p["queries"]["repeated"]
    }
    if repeated:
        lines += ["Queries run more than once in one request (the same SQL, other values):", ""]
        for name, reps in repeated.items():
            for r in reps:
                lines.append(f"- {name}: {r['times']} × `{r['sql'][:160]}`")
        lines.append("")
    else:
        lines += ["No page runs the same query twice (no N+1).", ""]
    if run.get("scenario") == "insight":
        lines += cost_split(run)
        worst = run["goal"]["worst_page"]
        for name, prof in run.get("profiles", {}).items():
            lines += profile_markdown(prof, run, own=name == worst)
        lines += plans_markdown(run)
        return lines
    prof = run.get("profile")
    if prof:
        lines += profile_markdown(prof, run)
    return lines


def markdown(report: dict[str, Any], scenario: str = "pages") -> str:
    runs = report["runs"]
    insight = scenario == "insight"
    lines = [
        "# Web benchmark" + (": balance, week and ledger (issue 4)" if insight else ""),
        "",
    ]
    lines += ["## Headline", ""]
    lines += [headline(k, r) for k, r in runs.items()]
    if insight:
        goal = (
            f"Goal (issue 4): p95 ≤ {GOAL_P95_MS:g} ms on SQLite and on PostgreSQL for the balance "
            "page (4 weeks and a year), this week and the ledger, at 20 concurrent clients each "
            "logged into a different household, with 100 households × 3 years of history (about "
            "15 entries a day each). Run with `benchmarks/web.py --scenario insight`; issue 3's "
            "pages are in web.md."
        )
    else:
        goal = (
            f"Goal (issue 3): p95 ≤ {GOAL_P95_MS:g} ms on SQLite for this week, the deal page and "
            "the rating page, at 20 concurrent clients."
        )
    lines += [
        "",
        goal + " Each backend's section is from its own last run "
        "of `benchmarks/web.py` (see the dates).",
        "",
    ]
    for key in ("sqlite", "postgresql"):
        if key in runs:
            lines += run_markdown(key, runs[key])
    lines += [
        "## How it is measured",
        "",
        "Latency is the time from opening the connection to reading the whole response, on the "
        "client (`time.perf_counter()` in `web_load.py`); gunicorn's sync workers close every "
        "connection, so each request includes a TCP connect on loopback. *alone*: one client, "
        "one request at a time (the cost of a request); the other columns: every client waiting "
        "on its answer and sending the next at once (closed loop), so with more clients than "
        "workers a request also waits its turn, and latency ≈ clients ÷ requests/s. "
        "Percentiles are nearest-rank. *server CPU*: user + system time of the gunicorn "
        "workers (from /proc) over the page's timed requests, divided by their number. "
        "*SQL queries*: one request in process through Django's test client, captured with "
        "`CaptureQueriesContext` (the session and user lookups included). *in process*: CPU "
        "time (`time.process_time()`) of a request through the test client after the load, "
        "and in brackets the part spent in `render()` (the template).",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    insight = cfg.scenario == "insight"
    stem = "web_insight" if insight else "web"
    if cfg.report_only:
        saved = json.loads((cfg.out / f"{stem}.json").read_text())
        (cfg.out / f"{stem}.md").write_text(markdown(saved, cfg.scenario))
        log(f"rewrote {cfg.out / f'{stem}.md'}")
        return 0
    began = time.perf_counter()
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    key = "postgresql" if cfg.database_url else "sqlite"
    tmp = Path(tempfile.mkdtemp(prefix="evenly-web-bench-"))
    db_url = pg_create(cfg.database_url, cfg.pg_name) if cfg.database_url else ""
    try:
        env = configure(tmp, db_url)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        log(f"web benchmark ({cfg.scenario}, {key}, {'quick' if cfg.quick else 'full'}) in {tmp}")
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        if insight:
            log(
                f"building {cfg.households} households x {cfg.days} days "
                f"(about {INSIGHT_PER_DAY} entries a day each) ..."
            )
            data = build_insight(cfg.households, cfg.days, cfg.seed, cfg.clients)
            if db_url:
                # What autovacuum would soon do after a bulk load; done now, so plans are stable.
                from django.db import connection

                with connection.cursor() as cur:
                    cur.execute("ANALYZE")
        else:
            data = build(cfg.days, cfg.seed)
        build_seconds = time.perf_counter() - t0
        log(
            f"built {data.get('households', 1)} household(s), {data['ratings']} ratings, "
            f"{data['entries']:,} log entries over {data['history_days']} days in "
            f"{build_seconds:.1f} s"
        )
        # With DEBUG=0 every page needs the manifest that collectstatic writes.
        call_command("collectstatic", verbosity=0, interactive=False)
        pages = pages_of_insight() if insight else pages_of(data)
        local = in_process(pages, data["household_id"])
        email = data["logins"][0]["email"]
        queries = count_queries(local, email, plans=insight)
        log("queries per page: " + ", ".join(f"{k} {v['count']}" for k, v in queries.items()))
        db = database_info()
        connections.close_all()

        with gunicorn(env, tmp, cfg.workers) as server:
            log(
                f"gunicorn on 127.0.0.1:{server['port']}, workers {server['worker_pids']}; "
                f"waiting for load < {cfg.quiet_load} (up to {cfg.max_wait:.0f} s)"
            )
            quiet = wait_quiet(cfg.quiet_load, cfg.max_wait)
            log(f"measuring at load {quiet['before_measuring'][0]:.2f} ...")
            raw = run_load(server, data, cfg, pages)
            problems = [
                line
                for line in server["log"].read_text().splitlines()
                if "Traceback" in line or "[ERROR]" in line or "WORKER TIMEOUT" in line
            ]
        load_after = os.getloadavg()[0]

        page_rows: dict[str, Any] = {}
        for page in pages:
            page_rows[page["name"]] = {
                "path": page["path"],
                "expect": page["expect"],
                "queries": queries[page["name"]],
                **summarise_page(raw["pages"][page["name"]]),
            }
        worst = max(page_rows, key=lambda n: page_rows[n]["loaded"]["p95"])
        worst_p95 = page_rows[worst]["loaded"]["p95"]
        failures = sum(p["loaded"]["failures"] for p in page_rows.values())
        profiled = [p for p in local if insight or p["name"] == worst]
        profiles = {p["name"]: profile_page(p, email, cfg.profile_requests) for p in profiled}
        profile = profiles[worst]
        split = cpu_split(local, email, cfg.profile_requests)
        for name, row in split.items():
            page_rows[name]["in_process"] = row
        connections.close_all()

        run: dict[str, Any] = {
            "scenario": cfg.scenario,
            "date": date,
            "command": " ".join(
                shlex.quote(re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", a))
                for a in ["benchmarks/web.py", *(argv if argv is not None else sys.argv[1:])]
            ),
            "quick": cfg.quick,
            "machine": machine(db),
            "source": source_state(),
            "server": {
                "command": server["command"],
                "workers": cfg.workers,
                "worker_class": "sync",
                "settings": "evenly.web.settings with DEBUG=0, random SECRET_KEY, "
                "ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT=0; STATIC_ROOT in the temp folder",
                "log_problems": problems[:20],
            },
            "data": {k: v for k, v in data.items() if k != "logins"},
            "build_seconds": build_seconds,
            "load": {
                "clients": cfg.clients,
                "requests": cfg.requests,
                "warmup": cfg.warmup,
                "serial": cfg.serial,
                "login_ms": latency(raw["login_ms"]),
            },
            "load_average": {**quiet, "after": load_after},
            "pages": page_rows,
            "goal": {
                "p95_ms": GOAL_P95_MS,
                "worst_page": worst,
                "worst_p95_ms": worst_p95,
                "met": worst_p95 <= GOAL_P95_MS and failures == 0,
                "failures": failures,
            },
            "profile": profile,
            **({"profiles": profiles} if insight else {}),
            "run_seconds": time.perf_counter() - began,
        }
    finally:
        if db_url:
            try:
                from django.db import connections as conns

                conns.close_all()
            except Exception:  # Django may not have been set up
                pass
            pg_drop(cfg.database_url, cfg.pg_name)
        if not cfg.keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)

    # Each backend keeps its own last run; the report shows both.
    cfg.out.mkdir(parents=True, exist_ok=True)
    json_path = cfg.out / f"{stem}.json"
    md_path = cfg.out / f"{stem}.md"
    report: dict[str, Any] = {"runs": {}}
    if json_path.exists():
        try:
            report = json.loads(json_path.read_text())
            report.setdefault("runs", {})
        except json.JSONDecodeError:
            report = {"runs": {}}
    report["runs"][key] = run
    report["runs"] = {k: report["runs"][k] for k in ("sqlite", "postgresql") if k in report["runs"]}
    json_path.write_text(json.dumps(report, indent=1, default=str) + "\n")
    md_path.write_text(markdown(report, cfg.scenario))

    print(
        f"web benchmark ({cfg.scenario}), {run['machine']['database']['engine']}, "
        f"{cfg.clients} clients, {cfg.workers} gunicorn workers on {run['machine']['nproc']} "
        "cores"
    )
    if insight:
        print(
            f"data: {data['households']} households, {data['entries']:,} log entries, built in "
            f"{build_seconds:.0f} s"
        )
    w = max(6, *(len(n) for n in page_rows))
    print(
        f"{'page':{w}} {'queries':>7} {'alone p50':>9} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'max':>7} {'req/s':>6} {'cpu ms':>6} failed"
    )
    for name, p in page_rows.items():
        s, lo = p["serial"], p["loaded"]
        print(
            f"{name:{w}} {p['queries']['count']:7d} {s['p50']:9.1f} {lo['p50']:7.1f} "
            f"{lo['p95']:7.1f} {lo['p99']:7.1f} {lo['max']:7.1f} {lo['rps']:6.0f} "
            f"{fmt(lo['server_cpu_ms_per_request']):>6} {lo['failures']}"
        )
    print(f"load average: {quiet['before_measuring'][0]:.2f} before, {load_after:.2f} after")
    if run["server"]["log_problems"]:
        print(f"gunicorn logged problems: {run['server']['log_problems'][:3]}")
    print(
        f"profile of {worst}: "
        + "; ".join(
            f"{r['function']} {r['cum_ms']:.1f} ms" for r in profile["top_app_cumulative"][:3]
        )
    )
    print(f"goal p95 <= {GOAL_P95_MS:g} ms: {'met' if run['goal']['met'] else 'not met'}")
    print(f"wrote {md_path} and {json_path} in {run['run_seconds']:.0f} s")
    print(f"p95_ms={worst_p95:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
