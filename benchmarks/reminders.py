"""Benchmark of the reminder job (`evenly.reminders.services.reminders_run`) for many households.

Never part of the tests. Run from the repository root:

    .venv/bin/python benchmarks/reminders.py [--households 10000] [--database-url URL]

1. A fresh database (SQLite in a temporary folder; or ``--database-url``, an empty PostgreSQL
   database it migrates), with N households of two members each, built with ``bulk_create``:
   accounts with confirmed addresses, households across eight time zones, and each member's
   settings putting their digest at the local time of the measured moment (so every member is
   due at once, the heaviest minute there is).
2. What waits on each member comes from the Needs-you registry: the providers the apps register,
   plus a stand-in that says one card is due today and one is overdue for every member (so every
   member gets a digest and a nudge, and the job's own cost is measured whatever the apps find).
3. One ``reminders_run`` at that moment, timed as its two halves (planning, then claiming and
   sending to Django's in-memory mail backend), with its SQL queries counted; then a second run
   at the same moment (nothing left to do: what the worker pays every minute) and one a minute
   later.

Writes `results/reminders.md`. The last line printed is the headline:
``households=… run_s=… idle_run_s=…``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Sao_Paulo",
)
NOW = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    if not 1 <= args.households <= 1_000_000:
        parser.error("--households takes 1 to 1000000")
    return args


def setup(tmp: Path, database_url: str) -> None:
    sys.path.insert(0, str(REPO / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "evenly.web.settings"
    os.environ["DEBUG"] = "1"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DB_CONN_MAX_AGE"] = "0"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(n: int) -> int:
    """N households of two members, their accounts and reminder settings; returns members."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from evenly.accounts.models import User
    from evenly.households.models import Household, Member
    from evenly.reminders.models import Preference

    password = make_password(None)
    verified = timezone.now()
    batch = 2_000
    with transaction.atomic():
        for start in range(0, n, batch):
            size = min(batch, n - start)
            households = Household.objects.bulk_create(
                [
                    Household(name=f"Home {start + k}", time_zone=ZONES[(start + k) % len(ZONES)])
                    for k in range(size)
                ]
            )
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"p{2 * (start + k) + j}@example.org",
                        password=password,
                        email_verified_at=verified,
                    )
                    for k in range(size)
                    for j in range(2)
                ]
            )
            members = Member.objects.bulk_create(
                [
                    Member(household=h, user=users[2 * k + j], display_name=("Robin", "Sam")[j])
                    for k, h in enumerate(households)
                    for j in range(2)
                ]
            )
            Preference.objects.bulk_create(
                [
                    Preference(
                        member=m,
                        digest_at=NOW.astimezone(m.household.zone).time().replace(tzinfo=None),
                        quiet_start=dt.time(0),
                        quiet_end=dt.time(0),
                    )
                    for m in members
                ]
            )
    return 2 * n


def stand_in(member: object, today: dt.date) -> list[object]:
    from evenly.pages.needs import Need

    household_id = member.household_id  # type: ignore[attr-defined]
    return [
        Need("card", f"card:1:{today}", "Bins out", f"/h/{household_id}/week/", today),
        Need(
            "card",
            f"card:2:{today - dt.timedelta(days=1)}",
            "Laundry",
            f"/h/{household_id}/week/",
            today - dt.timedelta(days=1),
            overdue=True,
        ),
    ]


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        seconds = time.perf_counter() - start
    return result, seconds, len(ctx.captured_queries)


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="evenly-reminders-") as tmp:
        setup(Path(tmp), args.database_url)
        from django.core import mail
        from django.db import connection
        from django.test.utils import setup_test_environment

        from evenly.pages import needs as needs_module
        from evenly.reminders.models import Reminder, Status
        from evenly.reminders.services import reminders_plan, reminders_run, reminders_send

        setup_test_environment()  # mail.outbox, the in-memory backend
        apps_providers = [p.__module__ + "." + p.__qualname__ for p in needs_module._need_providers]
        needs_module.need_provider(stand_in)  # type: ignore[arg-type]

        start = time.perf_counter()
        members = build(args.households)
        build_s = time.perf_counter() - start
        print(f"built {args.households} households, {members} members in {build_s:.1f} s")

        plan, plan_s, plan_q = timed(reminders_plan, now=NOW)
        sent, send_s, send_q = timed(reminders_send, now=NOW)
        run_s = plan_s + send_s
        emails = len(mail.outbox)
        rows = Reminder.objects.count()
        sent_rows = Reminder.objects.filter(status=Status.SENT).count()
        idle, idle_s, idle_q = timed(reminders_run, now=NOW)
        later, later_s, later_q = timed(reminders_run, now=NOW + dt.timedelta(minutes=1))
        assert len(mail.outbox) == emails, "a second run sent again"

        lines = [
            "# The reminder job: 10,000 households"
            if args.households == 10_000
            else f"# The reminder job: {args.households} households",
            "",
            f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
            f"({platform.processor() or platform.machine()}, Python "
            f"{platform.python_version()}), database: {connection.vendor}.",
            "",
            f"Command: `.venv/bin/python benchmarks/reminders.py --households {args.households}"
            + (" --database-url …" if args.database_url else "")
            + "`",
            "",
            f"- {args.households} households, {members} members (8 time zones), built with "
            f"bulk_create in {build_s:.1f} s; every member's digest due at {NOW:%Y-%m-%d %H:%M} "
            "UTC (their own local time).",
            f"- What waits: the apps' providers ({', '.join(apps_providers) or 'none registered'})"
            " and a stand-in saying one card is due today and one is overdue for every member.",
            "",
            "| run at the moment | seconds | SQL queries | result |",
            "|---|---:|---:|---|",
            f"| planning | {plan_s:.2f} | {plan_q} | {len(plan.rows)} rows planned |",
            f"| claiming and sending | {send_s:.2f} | {send_q} | {sent} |",
            f"| **one run, in all** | **{run_s:.2f}** | **{plan_q + send_q}** | "
            f"{emails} emails, {sent_rows} of {rows} rows sent |",
            f"| the same moment again | {idle_s:.2f} | {idle_q} | {idle} |",
            f"| a minute later | {later_s:.2f} | {later_q} | {later} |",
            "",
            f"Per member due: {1000 * run_s / members:.2f} ms. The queries are batched (500 "
            "rows a batch): their number grows with the reminders sent, never with cards or "
            "needs; what the providers read is their own (each is called once per member "
            "planned and once per member sent to).",
            "",
        ]
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "reminders.md").write_text("\n".join(lines))
        print("\n".join(lines))
        print(
            f"households={args.households} run_s={run_s:.2f} idle_run_s={idle_s:.2f} "
            f"emails={emails}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
