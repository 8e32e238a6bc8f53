"""The Markdown report written beside the JSON."""

from __future__ import annotations

import math
import re
from typing import Any

from .config import GOAL_P95_MS


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
            "15 entries a day each). Run with `benchmarks/web --scenario insight`; issue 3's "
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
        "of `benchmarks/web` (see the dates).",
        "",
    ]
    for key in ("sqlite", "postgresql"):
        if key in runs:
            lines += run_markdown(key, runs[key])
    lines += [
        "## How it is measured",
        "",
        "Latency is the time from opening the connection to reading the whole response, on the "
        "client (`time.perf_counter()` in `web/load.py`); gunicorn's sync workers close every "
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
