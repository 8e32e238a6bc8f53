"""The web benchmark's quick run (``benchmarks/web.py --quick``) at a tiny scale: it builds its
households, requests every main page as their members (any answer but a 200 stops it), and writes
its report and its last line in the shape the issue asks for. Nothing here asserts a time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "needs",
    "week",
    "cards",
    "deal",
    "balance-4w",
    "balance-year",
    "ledger",
    "rate",
    "talk",
    "checkin-prepare",
    "checkin-history",
    "grow",
    "personal",
    "values",
    "goals",
    "household",
    "account",
}


def test_the_quick_run_measures_every_main_page_and_ends_with_the_worst(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the benchmark brings its production settings
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "web.py"), "--quick", "--households", "2",
         "--days", "30", "--sample-households", "2", "--rounds", "1", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    match = re.fullmatch(r"worst_page=([a-z0-9-]+) cpu_ms=(\d+\.\d)", last)
    assert match, last

    run = json.loads((tmp_path / "web_quick.json").read_text())["runs"]["sqlite"]
    pages = run["pages"]
    assert set(pages) == PAGES
    for row in pages.values():
        assert row["n"] == 2  # two households, one request each
        assert 0 < row["p50"] <= row["p95"]
        assert row["cold_p50"] > 0  # a page's first request after its household changed
        assert row["count"] > 0 and row["repeated"] >= 0
    worst = max(pages, key=lambda n: pages[n]["p50"])
    assert match.group(1) == worst
    assert match.group(2) == f"{pages[worst]['p50']:.1f}"
    data = run["data"]
    assert data["households"] == 2 and data["history_days"] == 30
    assert data["entries"] > 0 and data["skipped_occurrences"] > 0
    assert data["personal_time_entries"] > 0 and data["checkins"] > 0
    assert set(data["entries_by_kind"]) == {"did", "noticed", "planned"}
    assert "DEBUG=0" in (tmp_path / "web_quick.md").read_text()
    report = (tmp_path / "web_quick.md").read_text()
    assert f"| {worst} | {pages[worst]['p50']:.1f} |" in report
    assert "cold p50 CPU ms" in report
