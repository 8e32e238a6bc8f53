"""The first hour: how many taps two new partners need from the landing page to an accepted deal.

Run from the repository root:

    .venv/bin/python benchmarks/first_hour.py [--viewport 390x844|1280x800|both]

For each viewport it starts its own server (``manage.py runserver --noreload`` on a free port,
DEBUG=1, a fresh temporary SQLite database, mail printed to the server's output, where the
confirmation links are read from), then drives two partners in Chromium (/usr/bin/chromium)
with ``tests/browser/first_hour_driver.py``: every click, tap, key press, field filled and link
opened from a mail or a message counts 1. Screenshots of every step go to
``results/first_hour/<viewport>/`` (not committed); the table goes to ``results/first_hour.md``.
The last line printed is ``taps=N seconds=S`` for the phone (the larger count if they differ).
"""

from __future__ import annotations

import argparse
import email
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email import policy
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402
from tests.browser.first_hour_driver import VIEWPORTS, Run, first_hour  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LIMIT = 60
RESULTS = HERE / "results"
MAIL_SPLIT = "-" * 79


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server() -> Iterator[tuple[str, Path]]:
    """A development server on a fresh database; yields its URL and the file its output
    (the mail among it) goes to."""
    folder = Path(tempfile.mkdtemp(prefix="evenly-first-hour-"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DB_CONN_MAX_AGE": "0",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(folder / "first_hour.sqlite3"),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "SITE_URL": base,
        "PYTHONPATH": f"{REPO / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    out = folder / "server.log"
    with out.open("w") as log:
        proc = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base}/", timeout=2)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"the server did not start:\n{out.read_text()}") from None
                    time.sleep(0.3)
            yield base, out
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def mail_reader(log: Path) -> object:
    def link(to: str, pattern: str) -> str:
        for _ in range(100):
            for chunk in reversed(log.read_text().split(MAIL_SPLIT)):
                start = chunk.find("Content-Type:")
                if start < 0:
                    continue
                msg = email.message_from_string(chunk[start:].strip(), policy=policy.default)
                if to not in str(msg.get("To", "")):
                    continue
                body = msg.get_body(preferencelist=("plain",))
                text = body.get_content() if body is not None else ""
                if found := re.search(pattern, text):
                    return found.group(0)
            time.sleep(0.1)
        raise AssertionError(f"no mail to {to} with {pattern}")

    return link


def drive(viewport: str) -> Run:
    with server() as (base, log), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        try:
            folder = RESULTS / "first_hour" / viewport
            return first_hour(browser, base, viewport, mail_reader(log), folder)  # type: ignore[arg-type]
        finally:
            browser.close()


def report(runs: list[Run]) -> str:
    lines = [
        "# The first hour",
        "",
        "Two fresh partners in Chromium, from the landing page to an accepted deal on a starter",
        "deck (every card rated). Each click, tap, key press, field filled and link opened from",
        "a mail or a message counts 1 (`.venv/bin/python benchmarks/first_hour.py`).",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, Chromium",
        f"- limit: {LIMIT} taps",
        "",
    ]
    for run in runs:
        lines += [
            f"## {run.viewport}: taps={run.taps} seconds={run.seconds:.0f}",
            "",
            "| # | who | step | taps |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {i} | {s.who} | {s.name} | {s.taps} |" for i, s in enumerate(run.steps, start=1)
        ]
        lines += [f"| | | **total** | **{run.taps}** |", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewport", choices=[*VIEWPORTS, "both"], default="both")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium)")
    wanted = list(VIEWPORTS) if args.viewport == "both" else [args.viewport]
    runs = []
    for viewport in wanted:
        run = drive(viewport)
        runs.append(run)
        print(f"{viewport}: taps={run.taps} seconds={run.seconds:.1f}")
        for s in run.steps:
            print(f"  {s.taps:3d}  {s.who:5s}  {s.name}")
    if args.viewport == "both":
        (RESULTS / "first_hour.md").write_text(report(runs))
    worst = max(runs, key=lambda r: r.taps)
    print(f"taps={worst.taps} seconds={worst.seconds:.0f}")
    if worst.taps > LIMIT:
        sys.exit(1)


if __name__ == "__main__":
    main()
