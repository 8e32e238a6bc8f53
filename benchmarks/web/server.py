"""gunicorn serving the app, waiting for a quiet machine, and the load generator (``load.py``)
run against the server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .config import LOAD_SCRIPT, ROOT, Config, log


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@contextmanager
def gunicorn(env: dict[str, str], tmp: Path, workers: int) -> Iterator[dict[str, Any]]:
    """gunicorn on a free loopback port; yields its address and worker pids, stops it after."""
    port = free_port()
    logfile = tmp / "gunicorn.log"
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "evenly.web.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(logfile),
        "--log-level",
        "warning",
    ]
    # The settings module in tmp, and this repository's code: in a worktree the venv's editable
    # install may point at another checkout, whose models the migrated database does not have.
    full_env = {**os.environ, **env, "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT / "src")])}
    with logfile.open("ab") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=sink, stderr=sink)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {logfile.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer: {logfile.read_text()[-2000:]}")
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=1)
                conn.close()
                if len(_children(proc.pid)) >= workers:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield {
            "host": "127.0.0.1",
            "port": port,
            "pid": proc.pid,
            "worker_pids": _children(proc.pid),
            "command": f"gunicorn evenly.web.wsgi --workers {workers} --bind 127.0.0.1:<free port>",
            "log": logfile,
        }
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_quiet(threshold: float, max_wait: float) -> dict[str, Any]:
    """Wait until the 1-minute load average is below ``threshold``, at most ``max_wait`` s."""
    began = time.monotonic()
    first = os.getloadavg()[0]
    last_said = began
    while os.getloadavg()[0] >= threshold and time.monotonic() - began < max_wait:
        if time.monotonic() - last_said >= 60:
            log(f"  load average {os.getloadavg()[0]:.2f}, waiting for < {threshold} ...")
            last_said = time.monotonic()
        time.sleep(5)
    now = os.getloadavg()
    return {
        "threshold": threshold,
        "max_wait_seconds": max_wait,
        "waited_seconds": round(time.monotonic() - began, 1),
        "at_start_of_wait": first,
        "before_measuring": list(now),
        "quiet": now[0] < threshold,
    }


def run_load(
    server: dict[str, Any], data: dict[str, Any], cfg: Config, pages: list[dict[str, Any]]
) -> dict[str, Any]:
    plan = {
        "host": server["host"],
        "port": server["port"],
        "logins": data["logins"],
        "clients": cfg.clients,
        "pages": pages,
        "requests": cfg.requests,
        "warmup": cfg.warmup,
        "serial": cfg.serial,
        "worker_pids": server["worker_pids"],
    }
    proc = subprocess.run(
        [sys.executable, str(LOAD_SCRIPT)],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if proc.returncode != 0:
        detail = proc.stdout.strip() or proc.stderr.strip()[-2000:]
        raise RuntimeError(f"load generator failed: {detail}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result
