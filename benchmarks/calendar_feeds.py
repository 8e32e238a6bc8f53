"""How long the server takes to answer a calendar feed.

One household of two with ~60 cards (daily to yearly), a deal in force and three years of
history (every past occurrence since the household began, about 85 % of them done), built
through the services in a fresh database (SQLite in a temporary folder, or PostgreSQL with
``--database-url``). Then, in this process, N times each:

- *build*: ``evenly.calendars.selectors.feed_body`` (the 9 weeks read, the iCalendar written);
- *request*: ``GET /calendar/<token>.ics`` through Django's test client (middleware included);
- *304*: the same GET with the ETag it answered (the feed is read and hashed, not written);

for the member's own feed and for the household's. Wall time (``time.perf_counter``) and CPU
time of this process (``time.process_time``), p50 and p95, after three untimed warm-ups.
Writes ``benchmarks/results/calendar.md`` (``--quick``: ``benchmarks/.quick/calendar.md``).

    PYTHONPATH=src .venv/bin/python benchmarks/calendar_feeds.py [--runs 200] [--quick]
        [--database-url postgres://evenly:evenly@127.0.0.1:5432/evenly_bench]
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's ``calendar``: keep its folder off the path,
# or every ``import calendar`` below (http.cookiejar, email...) would load this file instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402
from typing import Any  # noqa: E402

CARDS: list[tuple[str, str, int]] = [
    # name, cadence, minutes: a household's usual mix, 60 in all
    *[(f"Cooking dinner {i}", "daily", 40) for i in range(1, 3)],
    ("Washing up", "daily", 20),
    ("Breakfast", "daily", 10),
    ("Tidying up", "daily", 15),
    ("Walking the dog", "daily", 30),
    *[(f"Laundry load {i}", "2 per week", 25) for i in range(1, 3)],
    ("Hoovering", "weekly", 40),
    ("Bathroom clean", "weekly", 40),
    ("Kitchen deep clean", "weekly", 45),
    ("Big shop", "weekly", 90),
    ("Bins out", "weekly", 10),
    ("Recycling", "weekly", 10),
    ("Changing the beds", "weekly", 30),
    ("Ironing", "weekly", 45),
    ("Meal planning", "weekly", 20),
    ("Watering plants", "2 per week", 10),
    ("Mopping floors", "every 2 weeks", 40),
    ("Dusting", "every 2 weeks", 30),
    ("Windows inside", "monthly", 60),
    ("Fridge clear-out", "monthly", 30),
    ("Paying bills", "monthly", 30),
    ("Budget review", "monthly", 45),
    ("Car wash", "monthly", 40),
    ("Oven clean", "quarterly", 90),
    ("Gutters", "yearly", 120),
    ("Tax return", "yearly", 240),
    *[(f"Kids' activity {i}", "weekly", 60) for i in range(1, 6)],
    *[(f"School run {i}", "weekdays", 25) for i in range(1, 3)],
    *[(f"Garden job {i}", "every 2 weeks", 45) for i in range(1, 6)],
    *[(f"Admin task {i}", "monthly", 30) for i in range(1, 6)],
    *[(f"Errand {i}", "weekly", 30) for i in range(1, 8)],
    *[(f"Seasonal job {i}", "quarterly", 60) for i in range(1, 5)],
    *[(f"Repair {i}", "every 3 months", 45) for i in range(1, 5)],
]
assert len(CARDS) == 60, len(CARDS)
YEARS = 3
DONE_SHARE = 0.85


def configure(tmp: Path, database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "evenly.web.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(45)[:60],
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(tmp / "calendar.sqlite3")


def build(seed: int) -> dict[str, Any]:
    """The household, its deal, three years of completions; Robin's two feeds."""
    from evenly.accounts.services import account_create
    from evenly.calendars.models import Feed
    from evenly.calendars.services import feed_create
    from evenly.cards.services import card_save, rating_set
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.models import Household, Member
    from evenly.households.services import household_create, invitation_accept, invitation_create
    from evenly.week.models import LogEntry
    from evenly.week.selectors import schedule

    rng = random.Random(seed)
    robin = account_create(email="robin@example.org", password="x" * 20, verified=True)
    sam = account_create(email="sam@example.org", password="x" * 20, verified=True)
    household = household_create(
        user=robin,
        name="Robin & Sam",
        time_zone="Europe/London",
        fairness="equal",
        display_name="Robin",
    )
    owner = household.members.get()
    partner = invitation_accept(
        token=invitation_create(household=household, member=owner).token,
        user=sam,
        display_name="Sam",
    )
    members = [owner, partner]
    # The household began three years ago (schedules count from that day).
    began = household.created_at - timedelta(days=365 * YEARS)
    Household.objects.filter(pk=household.pk).update(created_at=began)
    Member.objects.filter(household=household).update(joined_at=began)
    household.refresh_from_db()
    for name, cadence, minutes in CARDS:
        card_save(
            household=household,
            card=None,
            name=name,
            category="Home",
            cadence=cadence,
            minutes=Decimal(minutes),
            mental_minutes=Decimal(5),
            standard="",
        )
    prefs = ("enjoy", "like", "fine", "dislike", "hate")
    for card in household.cards.all():
        for m in members:
            own = rng.random() < 1 / 3
            rating_set(
                member=m,
                card=card,
                preference=rng.choice(prefs),
                minutes=(card.minutes * Decimal(rng.uniform(0.7, 1.3))).quantize(Decimal(1))
                if own
                else None,
            )
    deal = deal_propose(household=household, member=owner)
    for m in members:
        deal_accept(deal=deal, member=m)
    today = household.today()
    past = schedule(household=household, start=today - timedelta(days=365 * YEARS), end=today)
    entries = []
    for due in past:
        if due.holder is None or rng.random() > DONE_SHARE:
            continue
        late = rng.choice((0, 0, 0, 1, 2))
        entries.append(
            LogEntry(
                household=household,
                member=due.holder,
                card=due.card,
                title=due.card.name,
                kind=LogEntry.Kind.DID,
                minutes=due.minutes,
                done_on=due.on + timedelta(late),
                due_on=due.on,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=2000)
    feeds = {
        "member": feed_create(member=owner, kind=Feed.Kind.MINE),
        "household": feed_create(member=owner, kind=Feed.Kind.HOUSEHOLD),
    }
    return {"household": household, "entries": len(entries), "feeds": feeds}


def timed(fn: Callable[[], object], runs: int) -> dict[str, float]:
    for _ in range(3):
        fn()
    walls, cpus = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)

    def pct(xs: list[float], q: int) -> float:
        return statistics.quantiles(xs, n=100, method="inclusive")[q - 1] * 1000

    return {
        "wall_p50": pct(walls, 50),
        "wall_p95": pct(walls, 95),
        "cpu_p50": pct(cpus, 50),
        "cpu_p95": pct(cpus, 95),
    }


def measure(data: dict[str, Any], runs: int) -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from icalendar import Calendar

    from evenly.calendars.models import Feed
    from evenly.calendars.selectors import feed_body

    client = Client()
    rows = []
    for label, new in data["feeds"].items():
        feed = Feed.objects.select_related("member", "household").get(pk=new.feed.pk)
        url = reverse("calendar_feed", args=[new.token])
        first = client.get(url)
        assert first.status_code == 200, first.status_code
        events = len(list(Calendar.from_ical(first.content).walk("VEVENT")))
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)

        def build(feed: Feed = feed) -> object:
            return feed_body(feed, link="http://testserver/week/")

        def request(url: str = url) -> object:
            r = client.get(url)
            assert r.status_code == 200
            return r

        etags = [first["ETag"]]

        def not_modified(url: str = url, etags: list[str] = etags) -> object:
            r = client.get(url, HTTP_IF_NONE_MATCH=etags[0])
            if r.status_code == 200:  # midnight in the household moved the window on
                etags[0] = r["ETag"]
            else:
                assert r.status_code == 304, r.status_code
            return r

        for what, fn in (("build", build), ("request", request), ("304", not_modified)):
            rows.append(
                {
                    "feed": label,
                    "what": what,
                    "events": events,
                    "bytes": len(first.content),
                    "queries": queries,
                    **timed(fn, runs),
                }
            )
            print(f"{label:9} {what:7} {rows[-1]['wall_p50']:7.1f} ms p50", file=sys.stderr)
    return rows


def profile(data: dict[str, Any]) -> None:
    import cProfile
    import pstats

    from evenly.calendars.models import Feed
    from evenly.calendars.selectors import feed_body

    feed = Feed.objects.select_related("member", "household").get(
        pk=data["feeds"]["household"].feed.pk
    )
    with cProfile.Profile() as prof:
        for _ in range(5):
            feed_body(feed)
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)


def report(rows: list[dict[str, Any]], *, runs: int, db: str, entries: int, when: str) -> str:
    load = os.getloadavg()
    lines = [
        "# Calendar feed: server time",
        "",
        f"Measured {when} by `benchmarks/calendar_feeds.py` ({runs} runs per row after 3 warm-ups, "
        f"in-process, DEBUG=0, {db}). A household of two with {len(CARDS)} cards (daily to "
        f"yearly), a deal in force, {YEARS} years of history ({entries:,} completions); "
        "each feed covers the past week and the coming 8 weeks. "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (the machine is shared: CPU time is the "
        "steadier figure).",
        "",
        "- *build*: `feed_body` alone (read the 9 weeks, write the iCalendar);",
        "- *request*: `GET /calendar/<token>.ics` through Django's test client, middleware "
        "included;",
        "- *304*: the same GET with `If-None-Match`: the 9 weeks are read and hashed (the ETag "
        "hashes what the body is written from), the iCalendar is not written.",
        "",
        "| feed | what | events | size | queries | wall p50 | wall p95 | CPU p50 | CPU p95 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['feed']} | {r['what']} | {r['events']} | {r['bytes'] / 1000:.0f} kB | "
            f"{r['queries']} | {r['wall_p50']:.1f} ms | {r['wall_p95']:.1f} ms | "
            f"{r['cpu_p50']:.1f} ms | {r['cpu_p95']:.1f} ms |"
        )
    lines += [
        "",
        "Re-run: `PYTHONPATH=src .venv/bin/python benchmarks/calendar_feeds.py` "
        "(`--database-url postgres://...` for PostgreSQL, `--runs N`, `--quick`).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="20 runs, results in .quick/")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--profile", action="store_true", help="print where build's time goes")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to fill")
    args = parser.parse_args(argv)
    runs = 20 if args.quick else args.runs
    with tempfile.TemporaryDirectory(prefix="evenly-calendar-") as tmp:
        configure(Path(tmp), args.database_url)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        if connection.vendor == "postgresql":
            call_command("flush", verbosity=0, interactive=False)
        t0 = time.perf_counter()
        data = build(args.seed)
        print(f"built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        if args.profile:
            profile(data)
        rows = measure(data, runs)
        db = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        text = report(rows, runs=runs, db=db, entries=data["entries"], when=when)
        connection.close()
    out = HERE / (".quick" if args.quick else "results") / "calendar.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
