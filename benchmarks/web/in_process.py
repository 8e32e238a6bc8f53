"""Measured in this process through Django's test client: SQL queries, CPU split, profiles."""

from __future__ import annotations

import cProfile
import pstats
import re
import time
from collections import Counter
from typing import Any

_TRANSACTION_STATEMENTS = ("BEGIN", "COMMIT", "ROLLBACK")


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
            # Django also logs BEGIN, COMMIT and ROLLBACK, which the execute wrapper never sees.
            executed = [q for q in sqls if q not in _TRANSACTION_STATEMENTS]
            out[page["name"]]["log_queries"] = [
                {"ms": ms, "sql": sql[:600], "plan": explain(sql)}
                for sql, ms in zip(executed, times, strict=True)
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
