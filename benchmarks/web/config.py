"""The benchmark's settings: constants, the command line, the production environment and
the scratch PostgreSQL database."""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

DESCRIPTION = "Benchmark of the web app: three household pages under load, served as in production."
BENCHMARKS = Path(__file__).resolve().parent.parent
ROOT = BENCHMARKS.parent
LOAD_SCRIPT = Path(__file__).resolve().parent / "load.py"
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
    # The quick run (issue 17): in process, every main page, server CPU per request.
    in_process: bool = False
    sample_households: int = 8
    rounds: int = 5


def parse_args(argv: Sequence[str] | None) -> Config:
    ap = argparse.ArgumentParser(description=DESCRIPTION)
    ap.add_argument(
        "--scenario",
        choices=SCENARIOS,
        default="pages",
        help="pages: issue 3's household and pages (default); insight: issue 4's 100 households "
        "x 3 years, balance, week and ledger",
    )
    ap.add_argument(
        "--households",
        type=int,
        help="households built (100; insight quick: 5)",
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="in process: every main page's server CPU per request over 100 households x 3 "
        "years (writes results/web_quick.md; insight: 5 households x 3 months under gunicorn)",
    )
    ap.add_argument(
        "--sample-households",
        type=int,
        default=8,
        help="quick: households whose members request the pages (8)",
    )
    ap.add_argument(
        "--rounds", type=int, default=5, help="quick: requests per page and household (5)"
    )
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    ap.add_argument("--requests", type=int, help="timed requests per page under load (400)")
    ap.add_argument("--warmup", type=int, help="untimed requests per page first (2 x clients)")
    ap.add_argument("--serial", type=int, help="requests per page from one client alone (50)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    ap.add_argument(
        "--days",
        type=int,
        help="days of history (365; quick: 1095; insight 1095; insight quick: 91)",
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
    in_process = q and not insight
    return Config(
        scenario=a.scenario,
        households=a.households or (5 if q and insight else 100),
        quick=q,
        clients=a.clients,
        requests=a.requests or (40 if q else 400),
        warmup=a.warmup if a.warmup is not None else (a.clients if q else 2 * a.clients),
        serial=a.serial or (5 if q else 50),
        workers=a.workers,
        days=a.days or ((91 if q else 1095) if insight else (1095 if q else 365)),
        max_wait=a.max_wait if a.max_wait is not None else (0.0 if q else 600.0),
        quiet_load=a.quiet_load,
        profile_requests=a.profile_requests or (5 if q else 20),
        seed=a.seed,
        database_url=a.database_url,
        pg_name=a.pg_name or ("evenly_bench_insight" if insight else "evenly_bench"),
        out=a.out or (BENCHMARKS / ".quick" if q and insight else BENCHMARKS / "results"),
        keep=a.keep,
        report_only=a.report_only,
        in_process=in_process,
        sample_households=a.sample_households,
        rounds=a.rounds,
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
