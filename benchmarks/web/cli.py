"""The command: build the data, measure, write the report, print a summary."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import (
    GOAL_P95_MS,
    INSIGHT_PER_DAY,
    Config,
    configure,
    log,
    parse_args,
    pg_create,
    pg_drop,
)
from .data import build
from .figures import database_info, latency, machine, source_state, summarise_page
from .in_process import count_queries, cpu_split, profile_page
from .insight_data import build_insight
from .pages import pages_in_process, pages_of, pages_of_insight
from .report import fmt, markdown
from .server import gunicorn, run_load, wait_quiet


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    if cfg.in_process:
        from .quick import run_quick

        return run_quick(cfg, argv)
    stem = "web_insight" if cfg.scenario == "insight" else "web"
    if cfg.report_only:
        saved = json.loads((cfg.out / f"{stem}.json").read_text())
        (cfg.out / f"{stem}.md").write_text(markdown(saved, cfg.scenario))
        log(f"rewrote {cfg.out / f'{stem}.md'}")
        return 0
    key = "postgresql" if cfg.database_url else "sqlite"
    run = measure(cfg, argv)
    json_path, md_path = save(cfg, stem, key, run)
    print_summary(cfg, run, json_path, md_path)
    return 0


def measure(cfg: Config, argv: Sequence[str] | None) -> dict[str, Any]:
    """One run from end to end, in a temporary folder (and scratch database) removed after."""
    began = time.perf_counter()
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    tmp = Path(tempfile.mkdtemp(prefix="evenly-web-bench-"))
    db_url = pg_create(cfg.database_url, cfg.pg_name) if cfg.database_url else ""
    try:
        return _measure_in(cfg, argv, tmp, db_url, began=began, date=date)
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


def _measure_in(
    cfg: Config, argv: Sequence[str] | None, tmp: Path, db_url: str, *, began: float, date: str
) -> dict[str, Any]:
    insight = cfg.scenario == "insight"
    key = "postgresql" if cfg.database_url else "sqlite"
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
    local = pages_in_process(pages, data["household_id"])
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

    return {
        "scenario": cfg.scenario,
        "date": date,
        "command": " ".join(
            shlex.quote(re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", a))
            for a in ["benchmarks/web", *(argv if argv is not None else sys.argv[1:])]
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


def save(cfg: Config, stem: str, key: str, run: dict[str, Any]) -> tuple[Path, Path]:
    """The run into the JSON and the Markdown report, beside the other backend's last run."""
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
    return json_path, md_path


def print_summary(cfg: Config, run: dict[str, Any], json_path: Path, md_path: Path) -> None:
    """The run in a few lines; the last is ``p95_ms=<the worst page's p95 under load>``."""
    page_rows, data, quiet = run["pages"], run["data"], run["load_average"]
    build_seconds, load_after = run["build_seconds"], quiet["after"]
    worst, worst_p95 = run["goal"]["worst_page"], run["goal"]["worst_p95_ms"]
    profile = run["profile"]
    print(
        f"web benchmark ({cfg.scenario}), {run['machine']['database']['engine']}, "
        f"{cfg.clients} clients, {cfg.workers} gunicorn workers on {run['machine']['nproc']} "
        "cores"
    )
    if cfg.scenario == "insight":
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
