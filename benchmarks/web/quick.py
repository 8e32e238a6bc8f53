"""The quick run (issue 17): what every main page costs the server, in process.

100 households x 3 years of history (``quick_data``) on a fresh database, production settings
(``DEBUG=0``, the cached template loader, after ``collectstatic``), then every page a member
reaches from the phone tabs and the More menu requested through Django's test client as members
of several households. Each page is warmed up first (once per household); the figure is the
server CPU of one request, ``time.process_time()`` around ``client.get`` (steadier than wall
time on a shared machine, and without HTTP or a web server's cost). Queries are counted on one
request per page, with the queries run more than once with different values ("repeated").

"Cold" is what a page costs when what pages keep (``evenly.pages.kept``, the Needs-you count)
is missing: the p50 CPU of a page's first request after its household's revision moved, as
after any form sent to the household. The steady figures are those the goal is judged on.

The last line printed is ``worst_page=NAME cpu_ms=X``: the page with the largest p50.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import Config, configure, log, pg_create, pg_drop
from .figures import database_info, machine, pct, source_state
from .in_process import _shape, _test_client
from .quick_data import build_quick

STEM = "web_quick"
GOAL_CPU_MS = 15.0


def main_pages(household_id: int, checkin_id: int | None) -> list[dict[str, Any]]:
    """Every page of the phone tabs and the More menu, and the pages one tap from them that a
    member opens every week (the ledger, personal time, values and goals, the account)."""
    h = f"/h/{household_id}"
    pages = [
        ("needs", f"{h}/needs/"),
        ("week", f"{h}/week/"),
        ("cards", f"{h}/cards/"),
        ("deal", f"{h}/deal/"),
        ("balance-4w", f"{h}/balance/?period=4w"),
        ("balance-year", f"{h}/balance/?period=year"),
        ("ledger", f"{h}/ledger/"),
        ("rate", f"{h}/rate/"),
        ("talk", f"{h}/checkin/"),
        ("checkin-history", f"{h}/checkin/history/"),
        ("grow", f"{h}/grow/"),
        ("personal", f"{h}/personal/"),
        ("values", f"{h}/values/"),
        ("goals", f"{h}/goals/"),
        ("household", f"{h}/household/"),
        ("account", "/account/"),
    ]
    if checkin_id is not None:
        pages.insert(9, ("checkin-prepare", f"{h}/checkin/{checkin_id}/prepare/"))
    return [{"name": n, "path": p} for n, p in pages]


def _open_checkin(household_id: int) -> int | None:
    from evenly.checkins.models import Checkin

    row = Checkin.objects.filter(household_id=household_id, closed_at__isnull=True).first()
    return row.pk if row else None


def _queries(client: Any, path: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(path)
    if resp.status_code != 200:
        raise RuntimeError(f"{path} answered {resp.status_code}")
    sqls = [q["sql"] for q in ctx.captured_queries]
    shapes = Counter(_shape(s) for s in sqls)
    return {
        "count": len(sqls),
        "repeated": sum(k - 1 for k in shapes.values() if k > 1),
        "repeated_sql": [{"times": k, "sql": s[:300]} for s, k in shapes.most_common() if k > 1],
    }


def measure_pages(
    people: list[dict[str, Any]], *, sampled: int, rounds: int
) -> dict[str, dict[str, Any]]:
    """p50/p95 server CPU per page over ``sampled`` households spread over all of them, each
    requested ``rounds`` times after one warm-up request per household and page."""
    step = max(1, len(people) // sampled)
    chosen = people[::step][:sampled]
    from evenly.households.services import household_changed

    clients = []
    households = []
    for k, person in enumerate(chosen):
        email = person["emails"][k % 2]  # both members' views
        hid = person["household"]
        clients.append((_test_client(email), main_pages(hid, _open_checkin(hid))))
        households.append(hid)
    names = [p["name"] for p in clients[0][1]]
    samples: dict[str, list[float]] = {n: [] for n in names}
    for client, pages in clients:  # warm-up: caches, the template loader, SQLite's pages
        for page in pages:
            resp = client.get(page["path"])
            if resp.status_code != 200:
                raise RuntimeError(f"{page['path']} answered {resp.status_code}")
    for _ in range(rounds):
        for client, pages in clients:
            for page in pages:
                started = time.process_time()
                client.get(page["path"])
                samples[page["name"]].append((time.process_time() - started) * 1000)
    # Cold: each request follows a move of its household's revision (nothing kept is found).
    cold: dict[str, list[float]] = {n: [] for n in names}
    for _ in range(rounds):
        for hid, (client, pages) in zip(households, clients, strict=True):
            for page in pages:
                household_changed(household_id=hid)  # as any form sent to it does
                started = time.process_time()
                client.get(page["path"])
                cold[page["name"]].append((time.process_time() - started) * 1000)
    out: dict[str, dict[str, Any]] = {}
    first_client, first_pages = clients[0]
    for page in first_pages:
        values = samples[page["name"]]
        out[page["name"]] = {
            "path": re.sub(r"/h/\d+/", "/h/{h}/", page["path"]),
            "n": len(values),
            "p50": pct(values, 50),
            "p95": pct(values, 95),
            "mean": sum(values) / len(values),
            "cold_p50": pct(cold[page["name"]], 50),
            **_queries(first_client, page["path"]),
        }
    return out


def markdown(run: dict[str, Any]) -> str:
    rows = run["pages"]
    data = run["data"]
    lines = [
        "# Web quick benchmark: server CPU per page, in process",
        "",
        f"Run {run['date']} with `{run['command']}` on {run['machine']['database']['engine']} "
        f"({run['machine']['nproc']} cores, {run['machine']['cpu']}), source "
        f"{run['source']['commit']}.",
        "",
        f"Data: {data['households']} households x {data['history_days']} days, "
        f"{data['entries']:,} ledger entries ({data['entries_per_household_day']:.1f} a "
        f"household a day), {data['skipped_occurrences']:,} skipped occurrences, "
        f"{data['personal_time_entries']:,} personal-time entries, {data['checkins']:,} "
        f"check-ins; built in {run['build_seconds']:.0f} s.",
        "",
        f"Measured: {run['sampled_households']} households (members of both kinds), "
        f"{run['rounds']} requests each per page after one warm-up request per household and "
        "page; server CPU is `time.process_time()` around Django's test client "
        "(`DEBUG=0`, production settings, cached templates). Cold: the p50 of a page's "
        "first request after its household's revision moved (what pages keep is missing, as "
        "after any change); the goal is judged on the steady p50. Queries: one request of the "
        "first household; repeated = queries run again with other values (N+1).",
        "",
        "| page | p50 CPU ms | p95 CPU ms | cold p50 CPU ms | queries | repeated | path |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in sorted(rows.items(), key=lambda kv: -kv[1]["p50"]):
        lines.append(
            f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} | {r['cold_p50']:.1f} | {r['count']} "
            f"| {r['repeated']} | `{r['path']}` |"
        )
    goal = run["goal"]
    lines += [
        "",
        f"Worst page: **{goal['worst_page']}**, p50 {goal['worst_cpu_ms']:.1f} ms "
        f"(goal ≤ {GOAL_CPU_MS:g} ms: {'met' if goal['met'] else 'not met'}).",
        "",
    ]
    repeated = {n: r["repeated_sql"] for n, r in rows.items() if r["repeated_sql"]}
    if repeated:
        lines += ["## Repeated queries", ""]
        for name, shapes in repeated.items():
            for s in shapes[:5]:
                lines.append(f"- {name}: {s['times']}x `{s['sql'][:160]}`")
        lines.append("")
    return "\n".join(lines)


def run_quick(cfg: Config, argv: Sequence[str] | None) -> int:
    began = time.perf_counter()
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    tmp = Path(tempfile.mkdtemp(prefix="evenly-web-quick-"))
    db_url = pg_create(cfg.database_url, cfg.pg_name) if cfg.database_url else ""
    try:
        configure(tmp, db_url)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        call_command("migrate", verbosity=0, interactive=False)
        log(f"web quick benchmark: building {cfg.households} households x {cfg.days} days ...")
        t0 = time.perf_counter()
        data = build_quick(cfg.households, cfg.days, cfg.seed)
        build_seconds = time.perf_counter() - t0
        log(f"built {data['entries']:,} ledger entries in {build_seconds:.0f} s")
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        call_command("collectstatic", verbosity=0, interactive=False)
        sampled = min(cfg.sample_households, cfg.households)
        pages = measure_pages(data["people"], sampled=sampled, rounds=cfg.rounds)
        db = database_info()
        connections.close_all()
    finally:
        if db_url:
            try:
                from django.db import connections as conns

                conns.close_all()
            except Exception:  # Django may not have been set up
                pass
            pg_drop(cfg.database_url, cfg.pg_name)
        if not cfg.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    worst = max(pages, key=lambda n: pages[n]["p50"])
    run = {
        "date": date,
        "command": " ".join(
            shlex.quote(re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", a))
            for a in ["benchmarks/web", *(argv if argv is not None else sys.argv[1:])]
        ),
        "machine": machine(db),
        "source": source_state(),
        "data": {k: v for k, v in data.items() if k != "people"},
        "build_seconds": build_seconds,
        "sampled_households": sampled,
        "rounds": cfg.rounds,
        "pages": pages,
        "goal": {
            "cpu_ms": GOAL_CPU_MS,
            "worst_page": worst,
            "worst_cpu_ms": pages[worst]["p50"],
            "met": pages[worst]["p50"] <= GOAL_CPU_MS,
        },
        "run_seconds": time.perf_counter() - began,
    }
    cfg.out.mkdir(parents=True, exist_ok=True)
    key = "postgresql" if cfg.database_url else "sqlite"
    json_path, md_path = cfg.out / f"{STEM}.json", cfg.out / f"{STEM}.md"
    json_path.write_text(json.dumps({"runs": {key: run}}, indent=1, default=str) + "\n")
    md_path.write_text(markdown(run))
    w = max(len(n) for n in pages)
    print(f"{'page':{w}} {'p50 ms':>7} {'p95 ms':>7} {'cold ms':>7} {'queries':>7} {'repeated':>8}")
    for name, r in sorted(pages.items(), key=lambda kv: -kv[1]["p50"]):
        print(
            f"{name:{w}} {r['p50']:7.1f} {r['p95']:7.1f} {r['cold_p50']:7.1f} {r['count']:7d} "
            f"{r['repeated']:8d}"
        )
    print(f"wrote {md_path} and {json_path} in {run['run_seconds']:.0f} s")
    print(f"worst_page={worst} cpu_ms={pages[worst]['p50']:.1f}", flush=True)
    return 0
