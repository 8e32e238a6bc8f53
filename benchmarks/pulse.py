"""What an open, idle household page costs the server: one look at the pulse every 5 s.

Run from the repository root (a fresh temporary SQLite database unless DATABASE_URL is set):

    .venv/bin/python benchmarks/pulse.py [--requests 2000]

Through Django's test client in this process, with the whole middleware stack (session, user,
two-step check, CSP, the revision middleware), it times the pulse answering 304 (nothing
changed: what an idle tab asks), the pulse answering 200 (something changed), and the week page
a changed household then fetches once. CPU is this process's CPU time (``time.process_time``)
per request; the WSGI server's own share (gunicorn parsing the request) is not in it.

Writes `results/pulse.md` and `results/pulse.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LOOK_EVERY_S = 5


def _setup() -> str:
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evenly.web.settings")
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="evenly-pulse-")
        os.environ["SQLITE_PATH"] = str(Path(folder) / "pulse.sqlite3")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return connection.vendor


def _household() -> tuple[Any, Any]:
    from django.test import Client

    from evenly.accounts.services import account_create
    from evenly.households.services import household_create, invitation_accept, invitation_create

    robin = account_create(email="robin@example.org", password="x-long-enough-1", verified=True)
    sam = account_create(email="sam@example.org", password="x-long-enough-2", verified=True)
    household = household_create(
        user=robin,
        name="Robin & Sam",
        time_zone="Europe/London",
        fairness="equal",
        display_name="Robin",
    )
    owner = household.members.get()
    invitation_accept(
        token=invitation_create(household=household, member=owner).token,
        user=sam,
        display_name="Sam",
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(sam, backend="django.contrib.auth.backends.ModelBackend")
    return household, client


def _measure(
    client: Any, path: str, n: int, headers: dict[str, str], status: int
) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(20):  # warm up
        client.get(path, headers=headers)
    # Each request empties the log as it starts (DEBUG): start from an empty one.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, headers=headers)
    if response.status_code != status:
        raise RuntimeError(f"{path} answered {response.status_code}, expected {status}")
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(n):
        c, w = time.process_time(), time.perf_counter()
        client.get(path, headers=headers)
        cpu.append(1000 * (time.process_time() - c))
        wall.append(1000 * (time.perf_counter() - w))
    return {
        "path": path,
        "status": status,
        "queries": len(ctx.captured_queries),
        "requests": n,
        "cpu_ms_mean": statistics.fmean(cpu),
        "wall_ms_p50": statistics.median(wall),
        "wall_ms_p95": statistics.quantiles(wall, n=20)[-1],
        "bytes": len(response.content),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    database = _setup()
    from django.urls import reverse

    household, client = _household()
    pulse = reverse("pulse", args=[household.pk])
    week = reverse("week", args=[household.pk])
    etag = client.get(pulse)["ETag"]
    rows = {
        "pulse, nothing changed (304)": _measure(
            client, pulse, args.requests, {"If-None-Match": etag}, 304
        ),
        "pulse, something changed (200)": _measure(
            client, pulse, args.requests, {"If-None-Match": '"r-old"'}, 200
        ),
        "week page, fetched once per change": _measure(
            client, week, max(50, args.requests // 20), {}, 200
        ),
    }
    idle = rows["pulse, nothing changed (304)"]
    per_minute = idle["cpu_ms_mean"] * 60 / LOOK_EVERY_S
    share = per_minute / 60_000 * 100
    import django

    run = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "cpu": os.cpu_count(),
        "look_every_s": LOOK_EVERY_S,
        "idle_tab_cpu_ms_per_minute": per_minute,
        "idle_tab_core_share_percent": share,
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pulse.json").write_text(json.dumps(run, indent=2) + "\n")
    lines = [
        "# Pulse benchmark: what an open, idle page costs",
        "",
        f"Run {run['when']} with `benchmarks/pulse.py --requests {args.requests}`: Python "
        f"{run['python']}, Django {run['django']}, {database}, {run['cpu']} cores; in process "
        "through Django's test client with the whole middleware stack (no WSGI server).",
        "",
        f"**An idle open tab looks every {LOOK_EVERY_S} s: {idle['cpu_ms_mean']:.2f} ms of "
        f"server CPU a look ({idle['queries']} SQL queries, no template), {per_minute:.1f} ms "
        f"a minute, {share:.3f} % of one core.** A hidden tab does not look at all.",
        "",
        "| request | path | status | SQL queries | CPU ms/request | p50 ms | p95 ms | bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | `{r['path']}` | {r['status']} | {r['queries']} | "
            f"{r['cpu_ms_mean']:.2f} | {r['wall_ms_p50']:.2f} | {r['wall_ms_p95']:.2f} | "
            f"{r['bytes']:,} |"
        )
    lines += [
        "",
        "The week page here belongs to a household without cards; with 100 cards and a year of "
        "history it costs about 42 ms of CPU (`results/web.md`). It is fetched once per change "
        "by each open page, never while nothing changes. Run with DEBUG=1 (the settings need "
        "it without production secrets), which also logs each query: a production process "
        "spends a little less.",
    ]
    (args.out / "pulse.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
