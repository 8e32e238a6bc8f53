"""python manage.py worker: run the background tasks, and enqueue the periodic ones.

It is django-tasks-db's ``db_worker`` (same options: ``--interval``, ``--batch``, ``--reload``,
...) with a scheduler beside it: every ``--tick`` seconds it enqueues each task of
``evenly.web.periodic.PERIODIC`` whose period has begun, once per period even when several
workers run. ``--status`` says when each periodic task was last enqueued and exits 1 if one is
late (no worker running), for a health check.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from evenly.web.periodic import Scheduler, status

logger = logging.getLogger("evenly.worker")
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
)


class PeriodicWorker(Worker):
    """db_worker's loop in this thread; the scheduler's ticks in a daemon thread beside it."""

    def __init__(self, *, tick: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tick = tick
        self.scheduler = Scheduler()
        self.stopped = threading.Event()

    def tick_once(self) -> None:
        try:
            self.scheduler.tick()
        except Exception:  # a database hiccup: say it, try again at the next tick
            logger.exception("Could not enqueue the periodic tasks; trying again.")
        finally:
            close_old_connections()

    def ticks(self) -> None:
        while not self.stopped.wait(self.tick):
            self.tick_once()

    def run(self) -> None:
        self.tick_once()  # at start, before the first look for tasks
        ticker = threading.Thread(target=self.ticks, name="evenly-scheduler", daemon=True)
        ticker.start()
        try:
            super().run()
        finally:
            self.stopped.set()


class Command(DbWorkerCommand):
    help = (
        "Run the background tasks (django-tasks' database worker) and enqueue the periodic "
        "ones: reminders every minute, the catch-up every hour and at start."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--tick",
            default=5,
            type=valid_interval,
            help="Seconds between two looks at the periodic tasks (default: %(default)r).",
        )
        parser.add_argument(
            "--status",
            action="store_true",
            help="Say when each periodic task was last enqueued; exit 1 if one is late.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            self.report()
            return
        verbosity = options["verbosity"]
        self.configure_logging(verbosity)
        logger.setLevel(logging.INFO if verbosity >= 1 else logging.WARNING)
        # This run's own output: a handler left by an earlier run in the same process (a test
        # calling the command twice) would still write to that run's stream.
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.StreamHandler(self.stdout))
        logger.propagate = False
        reload = options["reload"]
        if reload and options["batch"]:
            reload = False
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = PeriodicWorker(
            tick=options["tick"],
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child that runs the tasks
            run_with_reloader(worker.run)
        else:
            # db_worker takes SIGINT/SIGTERM for a graceful stop; give them back afterwards, so
            # a process that ran a batch (a test, a script) still stops when told to.
            before = {sig: signal.getsignal(sig) for sig in _STOP_SIGNALS}
            worker.configure_signals()
            try:
                worker.run()
            finally:
                for sig, previous in before.items():
                    if previous is not None:  # None: set outside Python, left as it is
                        signal.signal(sig, previous)

    def report(self) -> None:
        late = False
        for s in status():
            if not s.installed:
                self.stdout.write(f"{s.entry.name}: not installed here (skipped).")
                continue
            when = f"{s.last:%Y-%m-%d %H:%M:%S} UTC" if s.last else "never"
            every = int(s.entry.every.total_seconds() // 60)
            self.stdout.write(
                f"{s.entry.name}: every {every} min, last enqueued {when}"
                + (" — LATE: is a worker running?" if s.late else "")
                + f" ({s.entry.what})"
            )
            late = late or s.late
        if late:
            sys.exit(1)
