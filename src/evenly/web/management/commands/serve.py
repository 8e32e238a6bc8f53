"""python manage.py serve [ADDR:PORT]: the development server and the worker, together.

What ``make run`` starts. Each runs in its own process group; Ctrl-C (or SIGTERM) stops both
and waits for them. If one of them stops by itself (the worker fails, the port is taken), the
other is stopped too and this command says which one and exits with its code, so a broken
worker is never left unnoticed behind a working web server. No process is left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

GRACE_SECONDS = 10.0


def _stop(processes: dict[str, subprocess.Popen[bytes]], grace: float) -> None:
    """SIGINT to every process group still running; SIGKILL to those left after ``grace``."""
    for process in processes.values():
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
    deadline = time.monotonic() + grace
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(max(0.0, deadline - time.monotonic()))
    for process in processes.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the group: a reloader's child too
        process.wait()


def supervise(
    commands: dict[str, Sequence[str]], *, out: TextIO, grace: float = GRACE_SECONDS
) -> int:
    """Run the named commands side by side until one stops or a signal comes; then stop all.
    Returns 0 after Ctrl-C/SIGTERM, else the exit code of the one that stopped (1 if it
    stopped with 0: it was meant to keep running)."""
    stopping: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        stopping.append(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command, process_group=0)
        while not stopping:
            for name, process in processes.items():
                code = process.poll()
                if code is not None:
                    others = ", ".join(n for n in processes if n != name) or "nothing else"
                    out.write(f"\nThe {name} stopped (exit code {code}); stopping {others} too.\n")
                    out.flush()
                    return code or 1
            time.sleep(0.2)
        return 0
    finally:
        _stop(processes, grace)
        for s, handler in previous.items():
            signal.signal(s, handler)


class Command(BaseCommand):
    help = "Run the development web server and the background worker together (make run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = [sys.executable, sys.argv[0]]
        code = supervise(
            {
                "web server": [*manage, "runserver", options["addrport"]],
                "worker": [*manage, "worker"],
            },
            out=sys.stderr,
        )
        if code:
            sys.exit(code)
