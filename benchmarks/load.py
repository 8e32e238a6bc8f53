"""Open-loop load benchmark: arrivals at fixed rates over a realistic mix of pages and ticks.

Evenly is served as deployed (gunicorn, ``--workers 2``, ``DEBUG=0``) from a database of many
households with years of history (``web/quick_data.py``, the quick web benchmark's builder).
Members of many households are signed in through the login form; then a separate process
sends requests at a fixed arrival rate with Poisson (exponential) gaps, whether or not earlier
ones are answered: an open loop, like many independent people. A request's latency is measured
from the moment it was *scheduled* to be sent, so time spent queueing (in the client, the socket
backlog or a busy worker) counts.

    .venv/bin/python benchmarks/load.py                  # SQLite, 100 households x 3 years
    .venv/bin/python benchmarks/load.py --quick          # 5 households x 3 months, short phases
    .venv/bin/python benchmarks/load.py --database-url postgres://evenly:evenly@127.0.0.1:5432/evenly

Each run measures 25, 50 and 100 requests a second (``--rates``), then searches for the highest
rate whose p95 stays within 100 ms without errors, and writes ``results/load.md`` and
``results/load.json`` (each backend keeps its own last run; ``--quick`` writes ``.quick/``).
The last line printed is ``max_rate_p95_100ms=<rate> (<backend>)``.

The file has two halves: the pure parts and the load generator (standard library and aiohttp,
never Django; run as ``load.py --generate`` with a plan on stdin), and the run from end to end,
which imports Django and the web benchmark's helpers only inside its functions.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import random
import re
import shlex
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
GOAL_P95_MS = 100.0
GOAL_RATE = 100.0

# The mix, per request. An open household page asks /pulse/ every 5 s while it is visible (an
# unchanged household answers 304), so pulses outnumber everything; a person looking at Evenly
# for a minute sends about 12 pulses, opens 3-4 pages and ticks off a card or two. Balance
# opens on its default period (4 weeks); a year is asked for now and then.
MIX: tuple[tuple[str, str, int], ...] = (
    ("pulse", "/h/{h}/pulse/", 50),
    ("week", "/h/{h}/week/", 14),
    ("tick", "/h/{h}/week/done/", 10),
    ("needs", "/h/{h}/needs/", 6),
    ("balance", "/h/{h}/balance/", 6),
    ("ledger", "/h/{h}/ledger/", 4),
    ("cards", "/h/{h}/cards/", 4),
    ("deal", "/h/{h}/deal/", 4),
    ("balance-year", "/h/{h}/balance/?period=year", 2),
)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A due card of the member's own on the week page: its done form (card and day).
DONE_FORM = re.compile(
    r'<form class="due" method="post" action="[^"]*/week/done/".*?'
    r'name="card" value="(\d+)".*?name="due_on" value="([0-9-]+)"',
    re.DOTALL,
)
UNDO_ACTION = re.compile(r'action="(/h/\d+/entries/\d+/undo/)"')
CLOCK_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- pure parts


def spread(households: Sequence[Any], sessions: int) -> list[Any]:
    """Which household each signed-in member belongs to: as many different ones as there are
    sessions, evenly across the list."""
    n = len(households)
    if n >= sessions:
        return [households[k * n // sessions] for k in range(sessions)]
    return [households[k % n] for k in range(sessions)]


def poisson_schedule(rate: float, seconds: float, rng: random.Random) -> list[float]:
    """Send times (seconds from the start) of a Poisson process of ``rate`` a second: the gaps
    are exponential with mean 1/rate, so arrivals are independent of one another."""
    if rate <= 0 or seconds <= 0:
        return []
    times: list[float] = []
    t = rng.expovariate(rate)
    while t < seconds:
        times.append(t)
        t += rng.expovariate(rate)
    return times


def pick_kinds(n: int, rng: random.Random, mix: Sequence[tuple[str, str, int]] = MIX) -> list[str]:
    """``n`` request kinds drawn independently with the mix's weights."""
    names = [name for name, _, _ in mix]
    weights = [w for _, _, w in mix]
    return rng.choices(names, weights=weights, k=n)


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile, nearest rank (no interpolation: a p95 is a measured time)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(values: Sequence[float]) -> dict[str, float]:
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


def within_goal(phase: dict[str, Any], goal_ms: float = GOAL_P95_MS) -> bool:
    """A rate is held when every scheduled request was answered correctly and p95 ≤ goal."""
    lat = phase["latency_ms"]
    return phase["errors"] == 0 and lat.get("n", 0) > 0 and lat["p95"] <= goal_ms


def next_probe(lo: float, hi: float | None, ceiling: float) -> float | None:
    """The next rate to try in the search for the highest held rate: doubling while every rate
    tried has held (up to ``ceiling``), then bisecting between the best held and the lowest
    failed one, until they are within 5 % (or 2 a second) of each other."""
    if hi is None:
        return None if lo >= ceiling else min(ceiling, max(2 * lo, 1.0))
    if hi - lo <= max(2.0, 0.05 * lo):
        return None
    return float(round((lo + hi) / 2))


def cpu_seconds(pids: Sequence[int]) -> float | None:
    """User + system CPU time of the processes so far (None when /proc cannot tell)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICK


def backend_cpu(database: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving ``database`` on this machine (its process
    title names the database), by process id; empty when there is none (SQLite)."""
    found: dict[int, float] = {}
    if not database:
        return found
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if not title.startswith("postgres:") or f" {database} " not in title:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICK
    return found


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has been busy (all cores; /proc/stat), None elsewhere."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return None
    ticks = [int(x) for x in first[1:]]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / CLOCK_TICK


# ---------------------------------------------------------------- the load generator


@dataclass
class Session:
    """One signed-in member: their cookies (kept by hand: with DEBUG=0 Django marks them
    Secure, which a cookie jar would not send back over plain http), the CSRF token of their
    pages, the pulse's last ETag, and the cards they can tick off (and undo) this week."""

    household: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    etag: str = ""
    open_ticks: list[tuple[str, str]] = field(default_factory=list)
    undos: list[tuple[str, str, str]] = field(default_factory=list)

    def keep(self, headers: Any) -> None:
        for header in headers.getall("Set-Cookie", []):
            pair, _, attrs = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attrs.lower().replace(" ", "") or value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def learn_week(self, html: str) -> None:
        found = CSRF_INPUT.search(html)
        if found:
            self.csrf = found.group(1)
        self.open_ticks = DONE_FORM.findall(html)


class Generator:
    def __init__(self, base: str, timeout: float) -> None:
        import aiohttp

        self.base = base
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        # gunicorn's sync workers close every connection after the response: no keep-alive.
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, force_close=True),
            cookie_jar=aiohttp.DummyCookieJar(),
            timeout=self.timeout,
        )

    async def close(self) -> None:
        await self.http.close()

    async def call(
        self, s: Session, method: str, path: str, *, data: Any = None, headers: Any = None
    ) -> tuple[int, str, Any]:
        sent = {**s.cookie_header(), **(headers or {})}
        async with self.http.request(
            method, self.base + path, data=data, headers=sent, allow_redirects=False
        ) as resp:
            body = await resp.text()
            s.keep(resp.headers)
            return resp.status, body, resp.headers

    async def login(self, email: str, password: str, household: int) -> Session:
        s = Session(household=household)
        status, body, _ = await self.call(s, "GET", "/login/")
        token = CSRF_INPUT.search(body)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: HTTP {status}")
        form = {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
        status, _, _ = await self.call(s, "POST", "/login/", data=form)
        if status != 302 or "sessionid" not in s.cookies:
            raise RuntimeError(f"login as {email}: HTTP {status}")
        status, body, _ = await self.call(s, "GET", f"/h/{household}/week/")
        if status != 200:
            raise RuntimeError(f"week page of {email}: HTTP {status}")
        s.learn_week(body)
        return s

    async def tick(self, s: Session) -> str | None:
        """Mark one of the member's due cards done, as the page's htmx form does; once none
        is left, undo one (which puts it back). Returns what was wrong, or None."""
        htmx = {"HX-Request": "true", "X-CSRFToken": s.csrf}
        if s.open_ticks and (len(s.undos) < 4 or random.random() < 0.5):
            card, due_on = s.open_ticks.pop(random.randrange(len(s.open_ticks)))
            status, body, _ = await self.call(
                s,
                "POST",
                f"/h/{s.household}/week/done/",
                data={"card": card, "due_on": due_on, "csrfmiddlewaretoken": s.csrf},
                headers=htmx,
            )
            undo = UNDO_ACTION.search(body)
            if status != 200 or undo is None:
                return f"done: HTTP {status}" + ("" if undo else ", no undo in the row")
            s.undos.append((undo.group(1), card, due_on))
            return None
        if not s.undos:
            return None if await self.page(s, f"/h/{s.household}/week/") is None else "week"
        path, card, due_on = s.undos.pop(random.randrange(len(s.undos)))
        status, body, _ = await self.call(
            s, "POST", path, data={"csrfmiddlewaretoken": s.csrf}, headers=htmx
        )
        if status != 200 or 'action="' not in body:
            return f"undo: HTTP {status}"
        s.open_ticks.append((card, due_on))
        return None

    async def page(self, s: Session, path: str) -> str | None:
        status, body, _ = await self.call(s, "GET", path)
        if status != 200 or "<h1" not in body:
            return f"GET {re.sub(r'/h/[0-9]+/', '/h/{h}/', path)}: HTTP {status}"
        return None

    async def pulse(self, s: Session) -> str | None:
        headers = {"If-None-Match": s.etag} if s.etag else {}
        status, _, got = await self.call(s, "GET", f"/h/{s.household}/pulse/", headers=headers)
        if status not in (200, 304):
            return f"pulse: HTTP {status}"
        s.etag = got.get("ETag", s.etag)
        return None

    async def one(self, s: Session, kind: str, path: str) -> str | None:
        if kind == "pulse":
            return await self.pulse(s)
        if kind == "tick":
            return await self.tick(s)
        return await self.page(s, path.replace("{h}", str(s.household)))

    async def phase(
        self,
        sessions: list[Session],
        rate: float,
        seconds: float,
        seed: int,
        max_outstanding: int,
        worker_pids: Sequence[int],
        database: str = "",
    ) -> dict[str, Any]:
        """Requests at ``rate`` a second for ``seconds``; latency from each scheduled time."""
        rng = random.Random(seed)
        schedule = poisson_schedule(rate, seconds, rng)
        kinds = pick_kinds(len(schedule), rng)
        paths = {name: path for name, path, _ in MIX}
        who = [sessions[rng.randrange(len(sessions))] for _ in schedule]
        loop = asyncio.get_running_loop()
        by_kind: dict[str, list[float]] = {name: [] for name, _, _ in MIX}
        latencies: list[float] = []
        lags: list[float] = []
        errors: Counter[str] = Counter()
        outstanding = [0]
        stopped_at: float | None = None

        async def fire(at: float, kind: str, s: Session) -> None:
            lags.append((loop.time() - at) * 1000)
            try:
                wrong = await self.one(s, kind, paths[kind])
            except TimeoutError:
                wrong = "timed out"
            except Exception as err:  # a refused or dropped connection is a failed request
                wrong = f"{type(err).__name__}"
            finally:
                outstanding[0] -= 1
            ms = (loop.time() - at) * 1000
            if wrong:
                errors[wrong] += 1
            else:
                latencies.append(ms)
                by_kind[kind].append(ms)

        cpu0, busy0, own0 = cpu_seconds(worker_pids), machine_busy_seconds(), time.process_time()
        db0 = backend_cpu(database)
        load0 = os.getloadavg()[0]
        start = loop.time() + 0.05
        tasks = []
        for k, t in enumerate(schedule):
            delay = start + t - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if outstanding[0] >= max_outstanding:
                # Far past saturation: stop, so the server does not spend minutes draining a
                # queue nobody waits for; what was not sent counts as failed.
                stopped_at = t
                errors["not sent: too many outstanding"] += len(schedule) - k
                break
            outstanding[0] += 1
            tasks.append(asyncio.create_task(fire(start + t, kinds[k], who[k])))
        await asyncio.gather(*tasks)
        wall = loop.time() - start
        cpu1, busy1, own1 = cpu_seconds(worker_pids), machine_busy_seconds(), time.process_time()
        db1 = backend_cpu(database)
        # A backend gone before the end (a connection closed) takes its CPU along: a floor.
        db_cpu = sum(v - db0.get(pid, 0.0) for pid, v in db1.items()) if database else None
        server_cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
        busy = None if busy0 is None or busy1 is None else busy1 - busy0
        answered = len(latencies)
        return {
            "rate": rate,
            "seconds": seconds,
            "scheduled": len(schedule),
            "answered": answered,
            "achieved_rate": answered / seconds,
            "latency_ms": latency_summary(latencies),
            "by_kind": {k: latency_summary(v) for k, v in by_kind.items() if v},
            "mix": dict(Counter(kinds)),
            "errors": sum(errors.values()),
            "error_examples": dict(errors.most_common(5)),
            "stopped_at_s": stopped_at,
            "send_lag_ms": latency_summary(lags),
            "wall_seconds": wall,
            "server_cpu_seconds": server_cpu,
            "server_cpu_ms_per_request": 1000 * server_cpu / answered
            if server_cpu is not None and answered
            else None,
            "client_cpu_seconds": own1 - own0,
            "database_cpu_seconds": db_cpu,
            "database_cpu_ms_per_request": 1000 * db_cpu / answered
            if db_cpu is not None and answered
            else None,
            "machine_busy_seconds": busy,
            # Everything busy that was neither gunicorn's workers nor this generator: the
            # database server (PostgreSQL), and any other work on the machine.
            "other_cpu_seconds": None
            if busy is None or server_cpu is None
            else max(0.0, busy - server_cpu - (own1 - own0)),
            "load_average": [load0, os.getloadavg()[0]],
        }

    async def settle(self, worker_pids: Sequence[int], limit: float = 60.0) -> float:
        """Wait until the workers are idle (under 5 % of a core over half a second)."""
        began = time.monotonic()
        while time.monotonic() - began < limit:
            before = cpu_seconds(worker_pids)
            await asyncio.sleep(0.5)
            after = cpu_seconds(worker_pids)
            if before is None or after is None or after - before < 0.025:
                break
        return time.monotonic() - began


async def generate(plan: dict[str, Any]) -> dict[str, Any]:
    """The whole load run from a plan: sign in, warm up, fixed rates, then the search."""
    gen = Generator(f"http://{plan['host']}:{plan['port']}", float(plan["timeout"]))
    pids = [int(p) for p in plan.get("worker_pids", [])]
    try:
        gate = asyncio.Semaphore(4)  # Argon2 makes each sign-in deliberately slow

        async def sign_in(who: dict[str, Any]) -> Session:
            async with gate:
                return await gen.login(who["email"], who["password"], int(who["household"]))

        t0 = time.perf_counter()
        sessions = await asyncio.gather(*(sign_in(w) for w in plan["logins"]))
        login_s = time.perf_counter() - t0
        seed = int(plan["seed"])
        common = {
            "max_outstanding": int(plan["max_outstanding"]),
            "worker_pids": pids,
            "database": str(plan.get("database", "")),
        }
        warm = await gen.phase(sessions, float(plan["warmup_rate"]), plan["warmup"], seed, **common)
        await gen.settle(pids)
        phases: list[dict[str, Any]] = []
        for k, rate in enumerate(plan["rates"]):
            log(f"  {rate:g} requests/s for {plan['seconds']:g} s ...")
            phases.append(
                await gen.phase(sessions, float(rate), plan["seconds"], seed + 1 + k, **common)
            )
            log(f"    {_line(phases[-1])}")
            await gen.settle(pids)
        held = [p["rate"] for p in phases if within_goal(p)]
        failed = [p["rate"] for p in phases if not within_goal(p)]
        lo: float = max(held, default=0.0)
        hi: float | None = min((r for r in failed if r > lo), default=None)
        search: list[dict[str, Any]] = []
        probe = next_probe(lo, hi, float(plan["ceiling"]))
        while probe is not None and len(search) < int(plan["search_steps"]) and probe > 0:
            log(f"  search: {probe:g} requests/s for {plan['search_seconds']:g} s ...")
            p = await gen.phase(
                sessions, probe, plan["search_seconds"], seed + 100 + len(search), **common
            )
            log(f"    {_line(p)}")
            search.append(p)
            await gen.settle(pids)
            if within_goal(p):
                lo = max(lo, probe)
            else:
                hi = probe if hi is None else min(hi, probe)
            probe = next_probe(lo, hi, float(plan["ceiling"]))
        ticks = sum(len(s.undos) for s in sessions)
        return {
            "sessions": len(sessions),
            "households": len({s.household for s in sessions}),
            "login_seconds": login_s,
            "open_ticks_at_start": sum(len(s.open_ticks) for s in sessions) + ticks,
            "warmup": warm,
            "phases": phases,
            "search": search,
            "max_rate": lo,
            "lowest_failed_rate": hi,
        }
    finally:
        await gen.close()


def _line(p: dict[str, Any]) -> str:
    lat = p["latency_ms"]
    if not lat.get("n"):
        return f"no answers; errors {p['errors']}"
    cpu = p["server_cpu_ms_per_request"]
    return (
        f"p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, p99 {lat['p99']:.0f} ms, "
        f"{p['achieved_rate']:.1f}/s answered, errors {p['errors']}, server CPU "
        f"{'?' if cpu is None else f'{cpu:.1f}'} ms/request"
    )


def generator_main() -> int:
    plan = json.load(sys.stdin)
    result = asyncio.run(generate(plan))
    json.dump(result, sys.stdout)
    return 0


# ---------------------------------------------------------------- the run from end to end


@dataclass
class Config:
    quick: bool
    households: int
    days: int
    sessions: int
    rates: list[float]
    seconds: float
    search_seconds: float
    search_steps: int
    ceiling: float
    warmup: float
    workers: int
    timeout: float
    max_outstanding: int
    max_wait: float
    quiet_load: float
    seed: int
    database_url: str
    pg_name: str
    out: Path


def parse_args(argv: Sequence[str] | None) -> Config:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="5 households x 3 months, short phases")
    ap.add_argument("--households", type=int, help="households built (100; quick 5)")
    ap.add_argument("--days", type=int, help="days of history (1095; quick 91)")
    ap.add_argument("--sessions", type=int, help="members signed in (100; quick 10)")
    ap.add_argument("--rates", default="25,50,100", help="fixed rates, a second (25,50,100)")
    ap.add_argument("--seconds", type=float, help="length of each fixed rate (30; quick 5)")
    ap.add_argument("--search-seconds", type=float, help="length of a search step (20; quick 4)")
    ap.add_argument("--search-steps", type=int, help="most search steps (7; quick 2)")
    ap.add_argument("--ceiling", type=float, default=400, help="highest rate searched (400)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers (2, as deployed)")
    ap.add_argument("--timeout", type=float, default=10, help="a request's time limit, s (10)")
    ap.add_argument(
        "--max-outstanding",
        type=int,
        help="stop a rate once this many requests wait unanswered (300; quick 100)",
    )
    ap.add_argument(
        "--max-wait", type=float, help="seconds to wait for a quiet machine (900; quick 0)"
    )
    ap.add_argument(
        "--quiet-load", type=float, default=0.7, help="1-minute load average counted quiet (0.7)"
    )
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument(
        "--database-url",
        default="",
        help="run on PostgreSQL: a URL whose user may create databases; the benchmark uses a "
        "scratch database --pg-name on that server, dropped after",
    )
    ap.add_argument("--pg-name", default="evenly_load", help="scratch database (evenly_load)")
    ap.add_argument("--out", type=Path, help="folder for the report (results/; quick .quick/)")
    a = ap.parse_args(argv)
    q = a.quick
    households = a.households or (5 if q else 100)
    return Config(
        quick=q,
        households=households,
        days=a.days or (91 if q else 1095),
        sessions=min(a.sessions or (10 if q else 100), 2 * households),
        rates=[float(r) for r in a.rates.split(",") if r.strip()],
        seconds=a.seconds or (5.0 if q else 30.0),
        search_seconds=a.search_seconds or (4.0 if q else 20.0),
        search_steps=a.search_steps if a.search_steps is not None else (2 if q else 7),
        ceiling=a.ceiling,
        warmup=3.0 if q else 10.0,
        workers=a.workers,
        timeout=a.timeout,
        max_outstanding=a.max_outstanding or (100 if q else 300),
        max_wait=a.max_wait if a.max_wait is not None else (0.0 if q else 900.0),
        quiet_load=a.quiet_load,
        seed=a.seed,
        database_url=a.database_url,
        pg_name=a.pg_name,
        out=a.out or (BENCHMARKS / ".quick" if q else BENCHMARKS / "results"),
    )


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--generate"]:
        return generator_main()
    cfg = parse_args(argv)
    run = measure(cfg, argv)
    key = "postgresql" if cfg.database_url else "sqlite"
    json_path, md_path = save(cfg, key, run)
    print_summary(run, json_path, md_path)
    return 0


def measure(cfg: Config, argv: Sequence[str] | None) -> dict[str, Any]:
    if str(BENCHMARKS) not in sys.path:
        sys.path.append(str(BENCHMARKS))
    from web.config import configure, pg_create, pg_drop

    began = time.perf_counter()
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    tmp = Path(tempfile.mkdtemp(prefix="evenly-load-bench-"))
    db_url = pg_create(cfg.database_url, cfg.pg_name) if cfg.database_url else ""
    try:
        env = configure(tmp, db_url)
        # As deployed: PostgreSQL connections kept for 60 s (a test shell's 0 would open one
        # per request, and the backends' CPU would leave with them).
        os.environ.pop("DB_CONN_MAX_AGE", None)
        run = _measure_in(cfg, env, tmp, db_url)
    finally:
        if db_url:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # Django may not have been set up
                pass
            pg_drop(cfg.database_url, cfg.pg_name)
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "date": date,
        "command": " ".join(
            shlex.quote(re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", a))
            for a in ["benchmarks/load.py", *(argv if argv is not None else sys.argv[1:])]
        ),
        "quick": cfg.quick,
        **run,
        "run_seconds": time.perf_counter() - began,
    }


def _measure_in(cfg: Config, env: dict[str, str], tmp: Path, db_url: str) -> dict[str, Any]:
    import django

    django.setup()
    import subprocess

    from django.core.management import call_command
    from django.db import connection, connections

    from web.config import PASSWORD
    from web.figures import database_info, machine, source_state
    from web.quick_data import build_quick
    from web.server import gunicorn, wait_quiet

    key = "postgresql" if db_url else "sqlite"
    log(f"load benchmark ({key}, {'quick' if cfg.quick else 'full'}) in {tmp}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"building {cfg.households} households x {cfg.days} days ...")
    data = build_quick(cfg.households, cfg.days, cfg.seed)
    data["logins"] = [
        {"email": people["emails"][k % 2], "password": PASSWORD, "household": people["household"]}
        for k, people in enumerate(spread(data.pop("people"), cfg.sessions))
    ]
    if db_url:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")  # what autovacuum would soon do after a bulk load
    build_seconds = time.perf_counter() - t0
    call_command("collectstatic", verbosity=0, interactive=False)
    db = database_info()
    connections.close_all()
    log(f"built {data['entries']:,} log entries in {build_seconds:.0f} s")

    with gunicorn(env, tmp, cfg.workers) as server:
        plan = {
            "host": server["host"],
            "port": server["port"],
            "worker_pids": server["worker_pids"],
            "logins": data["logins"],
            "rates": cfg.rates,
            "seconds": cfg.seconds,
            "search_seconds": cfg.search_seconds,
            "search_steps": cfg.search_steps,
            "ceiling": cfg.ceiling,
            "warmup": cfg.warmup,
            "warmup_rate": 10.0,
            "timeout": cfg.timeout,
            "max_outstanding": cfg.max_outstanding,
            "seed": cfg.seed,
            "database": cfg.pg_name if db_url else "",
        }
        log(f"waiting for load average < {cfg.quiet_load} (up to {cfg.max_wait:.0f} s) ...")
        quiet = wait_quiet(cfg.quiet_load, cfg.max_wait)
        log(
            f"gunicorn ({cfg.workers} workers) on port {server['port']}; signing in "
            f"{len(data['logins'])} members, load average {os.getloadavg()[0]:.2f}"
        )
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--generate"],
            input=json.dumps(plan),
            capture_output=False,
            stdout=subprocess.PIPE,
            text=True,
            timeout=7200,
        )
        if proc.returncode != 0:
            raise RuntimeError("load generator failed (see above)")
        raw = json.loads(proc.stdout)
        problems = [
            line
            for line in server["log"].read_text().splitlines()
            if "Traceback" in line or "[ERROR]" in line or "WORKER TIMEOUT" in line
        ]
    return {
        "backend": key,
        "machine": machine(db),
        "source": source_state(),
        "server": {
            "command": server["command"],
            "workers": cfg.workers,
            "worker_class": "sync",
            "settings": "evenly.web.settings with DEBUG=0, random SECRET_KEY, "
            "ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT=0 (as behind a TLS proxy)",
            "log_problems": problems[:20],
        },
        "data": {k: v for k, v in data.items() if k != "logins"},
        "build_seconds": build_seconds,
        "quiet": quiet,
        "mix": [{"name": n, "path": p, "weight": w} for n, p, w in MIX],
        "plan": {k: v for k, v in plan.items() if k not in ("logins", "host", "port")},
        **raw,
    }


def save(cfg: Config, key: str, run: dict[str, Any]) -> tuple[Path, Path]:
    """The run into load.json and load.md, beside the other backend's last run."""
    cfg.out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = cfg.out / "load.json", cfg.out / "load.md"
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
    md_path.write_text(markdown(report))
    return json_path, md_path


def _ms(v: float | None) -> str:
    return "–" if v is None else f"{v:,.1f}"


def _phase_row(p: dict[str, Any]) -> str:
    lat = p["latency_ms"]
    stop = f" (stopped at {p['stopped_at_s']:.1f} s)" if p["stopped_at_s"] is not None else ""
    other = p["other_cpu_seconds"]
    cores = "–" if other is None else f"{other / p['wall_seconds']:.2f}"
    return (
        f"| {p['rate']:g} | {p['scheduled']} | {p['achieved_rate']:.1f} | {_ms(lat.get('p50'))} | "
        f"{_ms(lat.get('p95'))} | {_ms(lat.get('p99'))} | {_ms(lat.get('max'))} | "
        f"{p['errors']}{stop} | {_ms(p['server_cpu_ms_per_request'])} | "
        f"{_ms(p.get('database_cpu_ms_per_request'))} | "
        f"{1000 * p['client_cpu_seconds'] / max(1, p['answered']):.1f} | "
        f"{cores} | "
        f"{p['load_average'][0]:.2f} → {p['load_average'][1]:.2f} | "
        f"{'yes' if within_goal(p) else 'no'} |"
    )


HEAD = (
    "| rate/s | sent | answered/s | p50 ms | p95 ms | p99 ms | max ms | errors | server CPU "
    "ms/request | PostgreSQL CPU ms/request | generator CPU ms/request | other busy cores | "
    "load average | p95 ≤ 100 ms |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def markdown(report: dict[str, Any]) -> str:
    runs = report["runs"]
    out = [
        "# Load benchmark: open loop, a mix of pages and ticks (issue 17)",
        "",
        "Requests arrive at a fixed rate with Poisson gaps from a separate process, whether or "
        "not earlier ones are answered; each request's latency runs from its *scheduled* send "
        "time, so queueing counts. Goal (issue 17): 100 requests a second at p95 ≤ 100 ms on "
        "this 2-core machine. Run with `benchmarks/load.py` (see benchmarks/README.md).",
        "",
        "## Headline",
        "",
    ]
    for run in runs.values():
        name = run["machine"]["database"]["engine"]
        fixed = {p["rate"]: p for p in run["phases"]}
        at = "; ".join(
            f"{r:g}/s: p95 {_ms(fixed[r]['latency_ms'].get('p95'))} ms, {fixed[r]['errors']} errors"
            for r in sorted(fixed)
        )
        met = run["max_rate"] >= GOAL_RATE
        held = (
            f"**{run['max_rate']:g} requests/s**"
            if run["max_rate"]
            else f"**none**: not even {run['lowest_failed_rate']:g} requests/s, the lowest tried"
        )
        out.append(
            f"- {name}: the highest rate held at p95 ≤ 100 ms without errors is "
            f"{held} (goal ≥ {GOAL_RATE:g}: "
            f"{'met' if met else 'not met'}); {at}. Measured {run['date']}"
            f"{' (quick run)' if run['quick'] else ''}."
        )
    for run in runs.values():
        m, d, q = run["machine"], run["data"], run["quiet"]
        out += [
            "",
            f"## {m['database']['engine']}",
            "",
            f"- Run {run['date']} with `{run['command']}` on commit "
            f"`{run['source']['commit']}` ({run['run_seconds']:.0f} s in all).",
            f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['platform']}, Python {m['python']}, "
            f"Django {m['django']}, gunicorn {m['gunicorn']}, {m['database']['engine']} "
            f"{m['database']['version']} ({m['database']['where']}).",
            f"- Server: `{run['server']['command']}`: {run['server']['workers']} sync workers, "
            f"{run['server']['settings']}. The load generator (asyncio and aiohttp, one "
            "connection per request as gunicorn's sync workers close each) runs on the same "
            "cores.",
            f"- Data: {d['households']} households of 2 members, {d['cards']} catalog cards "
            f"each, an accepted deal, {d['history_days']} days of history: {d['entries']:,} "
            f"log entries (built in {run['build_seconds']:.0f} s). {run['sessions']} members of "
            f"{run['households']} households signed in through the login form "
            f"({run['login_seconds']:.0f} s); {run['open_ticks_at_start']} cards due to them "
            f"this week could be ticked off. Today: {d['today']}.",
            "- Mix, per request: "
            + ", ".join(f"{x['name']} {x['weight']} %" for x in run["mix"])
            + ". A tick is the week page's htmx form (POST with the CSRF token) marking one of "
            "the member's due cards done; once a member has ticked a few, half their ticks undo "
            "one instead (so the week never runs out). A pulse sends the ETag it last got "
            "(304 while the household is unchanged).",
            f"- Each fixed rate ran {run['plan']['seconds']:g} s, each search step "
            f"{run['plan']['search_seconds']:g} s, after a {run['plan']['warmup']:g} s warm-up "
            f"at {run['plan']['warmup_rate']:g}/s; between rates the workers were left to go "
            "idle. A request fails on anything but the expected answer, or after "
            f"{run['plan']['timeout']:g} s; once {run['plan']['max_outstanding']} wait "
            "unanswered the rate is stopped and the rest count as failed.",
            f"- Load average (1 min) before signing in: {q['before_measuring'][0]:.2f} after "
            f"waiting {q['waited_seconds']:.0f} s for < {q['threshold']:g} "
            f"({'quiet' if q['quiet'] else 'not quiet: other work was running'}).",
            "",
            "*Server CPU*: gunicorn's workers (from /proc). *PostgreSQL CPU*: the backends "
            "serving the benchmark's database (a floor: a backend that closes takes its time "
            "along). *Other busy cores*: CPU the machine spent on neither the workers nor the "
            "generator, per second (PostgreSQL's own and any other work on the machine: the "
            "load it was measured under).",
            "",
            "### Fixed rates",
            "",
            HEAD,
            *(_phase_row(p) for p in run["phases"]),
            "",
            "### Search for the highest rate with p95 ≤ 100 ms",
            "",
            HEAD,
            *(_phase_row(p) for p in run["search"]),
            "",
            f"Highest rate held: **{run['max_rate']:g}/s**"
            + (
                f"; lowest rate that failed: {run['lowest_failed_rate']:g}/s."
                if run["lowest_failed_rate"] is not None
                else "."
            ),
            "",
            "### Latency by kind at each fixed rate (p50 / p95 ms)",
            "",
            "| kind | " + " | ".join(f"{p['rate']:g}/s" for p in run["phases"]) + " |",
            "|---|" + "---|" * len(run["phases"]),
        ]
        for name, _, _ in MIX:
            cells = []
            for p in run["phases"]:
                k = p["by_kind"].get(name)
                cells.append("–" if not k else f"{k['p50']:.0f} / {k['p95']:.0f}")
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        if run["server"]["log_problems"]:
            out += ["", "gunicorn logged: " + "; ".join(run["server"]["log_problems"][:5])]
        examples = {e for p in run["phases"] + run["search"] for e in p["error_examples"]}
        if examples:
            out += ["", "Errors seen: " + "; ".join(sorted(examples)) + "."]
    return "\n".join(out) + "\n"


def print_summary(run: dict[str, Any], json_path: Path, md_path: Path) -> None:
    engine = run["machine"]["database"]["engine"]
    print(
        f"load benchmark, {engine}, {run['server']['workers']} gunicorn workers on "
        f"{run['machine']['nproc']} cores, {run['sessions']} members of {run['households']} "
        f"households, {run['data']['entries']:,} log entries"
    )
    print(f"{'rate/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>6} {'cpu ms':>6}")
    for p in run["phases"] + run["search"]:
        lat = p["latency_ms"]
        cpu = p["server_cpu_ms_per_request"]
        print(
            f"{p['rate']:7g} {_ms(lat.get('p50')):>7} {_ms(lat.get('p95')):>7} "
            f"{_ms(lat.get('p99')):>7} {p['errors']:6d} {_ms(cpu):>6}"
        )
    print(f"wrote {md_path} and {json_path} in {run['run_seconds']:.0f} s")
    print(f"max_rate_p95_100ms={run['max_rate']:g} ({run['backend']})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
