"""The worker: periodic tasks enqueued once per period however many workers run, the catch-up
as a task, ``worker --status``, and ``serve`` (what ``make run`` starts) stopping both of its
processes together."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from evenly.growth.selectors import catch_up_due
from evenly.growth.tasks import catch_up
from evenly.households.models import Household
from evenly.reminders.tasks import send_reminders
from evenly.web.management.commands.serve import supervise
from evenly.web.models import PeriodicRun
from evenly.web.periodic import PERIODIC, Periodic, Scheduler, period_of
from tests.conftest import Home
from tests.web.test_get_never_writes import _due_household

NOW = datetime(2026, 12, 7, 7, 0, 30, tzinfo=UTC)
CATCH_UP = next(e for e in PERIODIC if e.name == "catch-up")


def _queued(path: str) -> int:
    return DBTaskResult.objects.filter(task_path=path).count()


def test_periods_align_to_the_clock() -> None:
    assert period_of(NOW, timedelta(minutes=1)) == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert period_of(NOW, timedelta(hours=1)) == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    assert period_of(NOW, timedelta(days=1)) == datetime(2026, 12, 7, tzinfo=UTC)


@pytest.mark.django_db
def test_two_workers_enqueue_a_periodic_task_once_per_period() -> None:
    one, two = Scheduler((CATCH_UP,)), Scheduler((CATCH_UP,))
    assert one.tick(NOW) == ["catch-up"]
    assert two.tick(NOW) == []  # the other worker, same hour: its insert fails, nothing queued
    assert one.tick(NOW + timedelta(minutes=30)) == []
    assert _queued(CATCH_UP.task) == 1
    # The next hour: once more, whichever worker comes first.
    assert two.tick(NOW + timedelta(hours=1)) == ["catch-up"]
    assert one.tick(NOW + timedelta(hours=1, seconds=5)) == []
    assert _queued(CATCH_UP.task) == 2
    # Old period rows are pruned; a few recent ones stay.
    for hours in range(2, 10):
        one.tick(NOW + timedelta(hours=hours))
    assert PeriodicRun.objects.filter(name="catch-up").count() <= 4
    assert _queued(CATCH_UP.task) == 10


@pytest.mark.django_db
def test_a_periodic_task_not_installed_is_skipped_with_one_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    missing = Periodic("later", "evenly.nowhere.tasks.send", timedelta(minutes=1), "not yet")
    scheduler = Scheduler((missing, CATCH_UP))
    with caplog.at_level(logging.WARNING, logger="evenly.worker"):
        assert scheduler.tick(NOW) == ["catch-up"]
        scheduler.tick(NOW + timedelta(minutes=1))
    said = [r.getMessage() for r in caplog.records if "not installed" in r.getMessage()]
    assert said == [
        "Periodic task 'later' (evenly.nowhere.tasks.send) is not installed here: skipped."
    ]
    assert not PeriodicRun.objects.filter(name="later").exists()


def test_the_reminders_entry_names_the_reminder_task() -> None:
    """The table names tasks by dotted path (so the web layer need not import the apps'
    tasks): the path must lead to the real task."""
    entry = next(e for e in PERIODIC if e.name == "reminders")
    assert entry.task == "evenly.reminders.tasks.send_reminders"
    assert import_string(entry.task) is send_reminders
    assert entry.every == timedelta(minutes=1)
    assert CATCH_UP.every == timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_on_postgresql_enqueue_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    start = threading.Barrier(4)
    won: list[list[str]] = []

    def worker() -> None:
        scheduler = Scheduler((CATCH_UP,))
        start.wait()
        try:
            won.append(scheduler.tick(NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == [[], [], [], ["catch-up"]]
    assert _queued(CATCH_UP.task) == 1


@pytest.mark.django_db
def test_the_catch_up_task_brings_every_due_household_up_to_date(rated_and_dealt: Home) -> None:
    household, _robin, _values = _due_household(rated_and_dealt)
    before = Household.objects.get(pk=household.pk).revision
    assert len(catch_up_due(household=household)) == 2
    assert catch_up.call() == {"changed": 1, "failed": 0}
    assert catch_up_due(household=household) == []
    # The members' open pages learn of it.
    assert Household.objects.get(pk=household.pk).revision == before + 1
    assert catch_up.call() == {"changed": 0, "failed": 0}
    assert Household.objects.get(pk=household.pk).revision == before + 1


@pytest.mark.django_db
def test_the_catch_up_task_logs_a_failure_by_number_and_goes_on(
    rated_and_dealt: Home, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from evenly.growth import tasks

    household, _robin, _values = _due_household(rated_and_dealt)

    def broken(*, household: Household) -> list[str]:
        raise RuntimeError("Sam's secret")

    monkeypatch.setattr(tasks, "growth_catch_up", broken)
    with caplog.at_level(logging.INFO, logger="evenly.growth.tasks"):
        assert catch_up.call() == {"changed": 0, "failed": 1}
    assert f"Household {household.pk}: could not bring it up to date (RuntimeError)" in caplog.text
    assert "secret" not in caplog.text
    assert len(catch_up_due(household=household)) == 2


# Transactional: the worker closes its connection between tasks, as it should.
@pytest.mark.django_db(transaction=True)
def test_the_worker_enqueues_at_start_and_runs_the_tasks(rated_and_dealt: Home) -> None:
    household, _robin, _values = _due_household(rated_and_dealt)
    out = StringIO()
    call_command(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "3600", stdout=out
    )
    assert "Enqueued catch-up" in out.getvalue()
    done = DBTaskResult.objects.get(task_path=CATCH_UP.task)
    assert done.status == "SUCCESSFUL", done.traceback
    assert catch_up_due(household=household) == []


@pytest.mark.django_db(transaction=True)
def test_a_batch_run_twice_in_one_process_writes_to_its_own_output_and_gives_signals_back(
    rated_and_dealt: Home,
) -> None:
    """Tests and scripts run the worker in their own process: each run's words go to that
    run's output, and afterwards SIGTERM and SIGINT stop the process as before."""
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    first = StringIO()
    call_command(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "3600", stdout=first
    )
    first.close()  # as a test's captured output is, once it is over
    assert {sig: signal.getsignal(sig) for sig in before} == before
    DBTaskResult.objects.all().delete()
    PeriodicRun.objects.all().delete()
    second = StringIO()
    call_command(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "3600", stdout=second
    )
    assert "Enqueued catch-up" in second.getvalue()
    assert {sig: signal.getsignal(sig) for sig in before} == before


@pytest.mark.django_db
def test_worker_status_says_when_no_worker_runs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as late:
        call_command("worker", "--status")
    assert late.value.code == 1
    assert "catch-up: every 60 min, last enqueued never — LATE" in capsys.readouterr().out
    Scheduler().tick()
    call_command("worker", "--status")  # no exit: every installed task is on time
    out = capsys.readouterr().out
    assert "LATE" not in out and "reminders: every 1 min, last enqueued 20" in out


# --- serve: the web server and the worker together ------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def _sleeper(pidfile: Path) -> list[str]:
    code = f"import os,time; open({str(pidfile)!r},'w').write(str(os.getpid())); time.sleep(60)"
    return [sys.executable, "-c", code]


def _pid(pidfile: Path) -> int:
    for _ in range(100):
        if pidfile.exists() and pidfile.read_text():
            return int(pidfile.read_text())
        time.sleep(0.05)
    raise AssertionError("the sleeper never started")


def test_serve_stops_the_web_server_when_the_worker_fails(tmp_path: Path) -> None:
    out = StringIO()
    started = time.monotonic()
    code = supervise(
        {
            "web server": _sleeper(tmp_path / "web.pid"),
            "worker": [sys.executable, "-c", "import time; time.sleep(0.5); raise SystemExit(3)"],
        },
        out=out,
        grace=5,
    )
    assert code == 3
    assert "The worker stopped (exit code 3); stopping web server too." in out.getvalue()
    assert not _alive(_pid(tmp_path / "web.pid"))
    assert time.monotonic() - started < 10


def test_serve_stops_both_on_ctrl_c(tmp_path: Path) -> None:
    timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    code = supervise(
        {"web server": _sleeper(tmp_path / "web.pid"), "worker": _sleeper(tmp_path / "w.pid")},
        out=StringIO(),
        grace=5,
    )
    assert code == 0
    assert not _alive(_pid(tmp_path / "web.pid"))
    assert not _alive(_pid(tmp_path / "w.pid"))


def test_make_run_migrates_loads_the_demo_and_serves_both() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    repo = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}  # under make test
    result = subprocess.run(
        [make, "-n", "run"], cwd=repo, capture_output=True, text=True, check=True, env=env
    )
    lines = result.stdout.splitlines()
    steps = [line for line in lines if "manage.py" in line]
    assert [s.split("manage.py ")[1] for s in steps] == [
        "migrate --noinput",
        "demo",
        "serve 127.0.0.1:8000",
    ]
