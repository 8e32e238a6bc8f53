"""Figures from the measurements: percentiles, latency summaries, the machine and the source."""

from __future__ import annotations

import math
import os
import platform
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import ROOT


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
