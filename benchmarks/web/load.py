"""The web benchmark's load generator: logs clients in and times pages over plain HTTP on
loopback.

Standard library only (``http.client`` and threads), so it never imports Django or the app. It
reads a plan as JSON on stdin and writes the measurements as JSON on stdout; the benchmark runs it
as its own process, beside the server's.

Cookies are handled by hand: with ``DEBUG=0`` Django marks the session and CSRF cookies
``Secure``, which a browser (or ``http.cookiejar``) would not send back over plain http. Each
client keeps the cookies it is given and sends them in a ``Cookie`` header.

Plan keys: ``host``, ``port``, ``logins`` (list of ``{"email", "password"}``, dealt to the
clients in turn), ``clients``, ``pages`` (list of ``{"name", "path", "expect": [text, ...]}``),
``requests`` (per page, under load), ``warmup`` (untimed requests per page, from all clients),
``serial`` (requests per page from one client alone, the unloaded latency), ``worker_pids``
(the server's worker processes, whose CPU time is read from /proc around each page).

A login may carry ``household`` (an id): a page path containing ``{h}`` is then requested with
the household of the client's login in its place, so clients of different households each ask
for their own pages.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

TIMEOUT = 60.0
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CLOCK_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    ms: float


@dataclass
class Client:
    """One browser: its own cookies, a new connection per request (gunicorn's sync workers
    close every connection after the response)."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    household: str = ""

    def path(self, template: str) -> str:
        """The page's path for this client: ``{h}`` becomes its household."""
        return template.replace("{h}", self.household)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=sent)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        ms = (time.perf_counter() - started) * 1000
        got = resp.getheaders()
        for name, value in got:
            if name.lower() == "set-cookie":
                self._keep(value)
        return Response(resp.status, got, data, ms)

    def _keep(self, header: str) -> None:
        pair, _, attrs = header.partition(";")
        name, _, value = pair.strip().partition("=")
        if "max-age=0" in attrs.lower().replace(" ", "") or value in ("", '""'):
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def login(self, email: str, password: str) -> float:
        """Sign in through the login form (CSRF cookie and token); returns the time it took."""
        started = time.perf_counter()
        page = self.request("GET", "/login/")
        found = CSRF_INPUT.search(page.body)
        if page.status != 200 or found is None or "csrftoken" not in self.cookies:
            raise RuntimeError(f"login page: HTTP {page.status}, no CSRF token or cookie")
        form = urllib.parse.urlencode(
            {
                "username": email,
                "password": password,
                "csrfmiddlewaretoken": found.group(1).decode(),
            }
        ).encode()
        done = self.request(
            "POST",
            "/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if done.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed: HTTP {done.status}")
        return (time.perf_counter() - started) * 1000


def cpu_seconds(pids: list[int]) -> float | None:
    """User + system CPU time of the processes so far (None when /proc cannot tell)."""
    total = 0
    for pid in pids:
        try:
            stat = open(f"/proc/{pid}/stat").read()  # noqa: SIM115 - one short read
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / CLOCK_TICK


def check(resp: Response, expect: list[str]) -> str | None:
    """Why the response is wrong, or None when it is a 200 with the expected content."""
    if resp.status != 200:
        return f"HTTP {resp.status}"
    missing = [e for e in expect if e.encode() not in resp.body]
    return f"missing {missing!r}" if missing else None


def run_phase(clients: list[Client], page: dict[str, Any], total: int) -> dict[str, Any]:
    """``total`` requests of one page, shared by all clients, each client one at a time."""
    lock = threading.Lock()
    remaining = [total]
    latencies: list[float] = []
    sizes: list[int] = []
    failures: list[str] = []
    errors: list[str] = []
    barrier = threading.Barrier(len(clients) + 1)

    def work(client: Client) -> None:
        barrier.wait()
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            try:
                resp = client.request("GET", client.path(page["path"]))
            except Exception as err:  # a refused or dropped connection is a failed request
                with lock:
                    errors.append(f"{type(err).__name__}: {err}")
                continue
            problem = check(resp, page["expect"])
            with lock:
                latencies.append(resp.ms)
                sizes.append(len(resp.body))
                if problem:
                    failures.append(problem)

    threads = [threading.Thread(target=work, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    cpu_started = time.process_time()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "latencies_ms": latencies,
        "wall_seconds": wall,
        "client_cpu_seconds": time.process_time() - cpu_started,
        "bytes": round(sum(sizes) / len(sizes)) if sizes else 0,
        "failures": len(failures) + len(errors),
        "failure_examples": sorted(set(failures + errors))[:5],
    }


def main() -> int:
    plan = json.load(sys.stdin)
    host, port = plan["host"], int(plan["port"])
    logins = plan["logins"]
    pids = [int(p) for p in plan.get("worker_pids", [])]
    clients = [Client(host, port) for _ in range(int(plan["clients"]))]

    # Log in every client at once (Argon2 makes each login deliberately slow).
    login_ms: list[float] = []
    login_errors: list[str] = []

    def sign_in(k: int, client: Client) -> None:
        who = logins[k % len(logins)]
        client.household = str(who.get("household", ""))
        try:
            login_ms.append(client.login(who["email"], who["password"]))
        except Exception as err:
            login_errors.append(f"client {k}: {err}")

    threads = [
        threading.Thread(target=sign_in, args=(k, c), daemon=True) for k, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if login_errors:
        json.dump({"error": "; ".join(login_errors[:3])}, sys.stdout)
        return 1

    pages = plan["pages"]
    # Warm up: every worker loads its templates, opens its database connection, fills caches.
    for page in pages:
        run_phase(clients, page, int(plan["warmup"]))

    out: dict[str, Any] = {"login_ms": login_ms, "pages": {}}
    for page in pages:
        serial = run_phase(clients[:1], page, int(plan["serial"]))
        cpu_before = cpu_seconds(pids)
        loaded = run_phase(clients, page, int(plan["requests"]))
        cpu_after = cpu_seconds(pids)
        loaded["server_cpu_seconds"] = (
            None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
        )
        loaded["load_average_after"] = os.getloadavg()[0]
        out["pages"][page["name"]] = {"serial": serial, "loaded": loaded}
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
