"""The periodic work, and how ``manage.py worker`` enqueues it exactly once per period.

``PERIODIC`` is the table: what runs (a django-tasks task, by dotted path) and how often. The
worker asks ``Scheduler.tick`` every few seconds; when an entry's period (aligned to the clock:
the minute, the hour, the day, in UTC) has begun, it enqueues the task and writes a
``PeriodicRun`` row for (entry, period) in the same transaction. The row is unique, so when two
workers run, the second one's insert fails and its enqueue is rolled back with it: each period's
task is enqueued once, whichever worker comes first. A worker that starts enqueues what is due
for the current period at once (so the catch-up runs at start unless another worker already ran
it this hour). Periods missed while no worker ran are not replayed one by one: the tasks catch
up themselves (the reminders with their own cap).

The web layer holds this table because it is the one layer that may name every app's tasks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from evenly.web.models import PeriodicRun

logger = logging.getLogger("evenly.worker")


@dataclass(frozen=True)
class Periodic:
    name: str  # unique, kept in PeriodicRun rows
    task: str  # dotted path to a django-tasks task
    every: timedelta
    what: str


PERIODIC: tuple[Periodic, ...] = (
    # Written on the reminders branch (issue 14, item 4); until it is merged this entry is not
    # importable and the worker says once that it skips it.
    Periodic(
        "reminders",
        "evenly.reminders.tasks.send_reminders",
        timedelta(minutes=1),
        "sends the reminders that are due (digests, check-in reminders, nudges)",
    ),
    Periodic(
        "catch-up",
        "evenly.growth.tasks.catch_up",
        timedelta(hours=1),
        "brings handovers and life changes whose date has come up to date",
    ),
    Periodic(
        "prune",
        "evenly.web.tasks.prune_task_results",
        timedelta(days=1),
        "deletes finished task results older than a week",
    ),
)

EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday at midnight: periods align to the clock
# How many past periods of an entry keep their PeriodicRun row (the rest are deleted).
KEEP_PERIODS = 3


def period_of(moment: datetime, every: timedelta) -> datetime:
    """The start of the period of length ``every`` that ``moment`` falls in."""
    return EPOCH + ((moment - EPOCH) // every) * every


def enqueue_once(entry: Periodic, task: Task[[], object], period: datetime) -> bool:
    """Enqueue ``task`` for ``period`` unless some worker already did. True if this call did."""
    try:
        with transaction.atomic():
            result = task.enqueue()
            PeriodicRun.objects.create(name=entry.name, period=period, task_id=str(result.id))
    except IntegrityError:
        return False  # another worker enqueued it for this period: its row stands, ours is gone
    PeriodicRun.objects.filter(
        name=entry.name, period__lt=period - KEEP_PERIODS * entry.every
    ).delete()
    return True


class Scheduler:
    """One worker's view of the table: remembers the last period it handled per entry, so a
    tick costs no query until a new period begins."""

    def __init__(self, entries: tuple[Periodic, ...] = PERIODIC) -> None:
        self.entries = entries
        self.handled: dict[str, datetime] = {}
        self.tasks: dict[str, Task[[], object] | None] = {}

    def task_of(self, entry: Periodic) -> Task[[], object] | None:
        if entry.name not in self.tasks:
            try:
                found = import_string(entry.task)
            except ImportError:
                logger.warning(
                    "Periodic task %r (%s) is not installed here: skipped.", entry.name, entry.task
                )
                found = None
            self.tasks[entry.name] = found if isinstance(found, Task) else None
        return self.tasks[entry.name]

    def tick(self, now: datetime | None = None) -> list[str]:
        """Enqueue every entry whose period has begun and was not enqueued yet (by this worker
        or another). Returns the names this call enqueued."""
        now = now or timezone.now()
        enqueued = []
        for entry in self.entries:
            period = period_of(now, entry.every)
            if self.handled.get(entry.name) == period:
                continue
            task = self.task_of(entry)
            if task is not None and enqueue_once(entry, task, period):
                enqueued.append(entry.name)
                logger.info("Enqueued %s for the period from %s.", entry.name, f"{period:%H:%M}")
            self.handled[entry.name] = period
        return enqueued


@dataclass(frozen=True)
class Status:
    entry: Periodic
    installed: bool
    last: datetime | None  # when its last period was enqueued (by any worker)
    late: bool  # no run enqueued for two periods and a minute: no worker is running


def status(now: datetime | None = None) -> list[Status]:
    """For ``manage.py worker --status``: when each periodic task was last enqueued."""
    now = now or timezone.now()
    scheduler = Scheduler()
    out = []
    for entry in PERIODIC:
        row = PeriodicRun.objects.filter(name=entry.name).order_by("-period").first()
        installed = scheduler.task_of(entry) is not None
        last = row.enqueued_at if row else None
        late = installed and (last is None or now - last > 2 * entry.every + timedelta(minutes=1))
        out.append(Status(entry, installed, last, late))
    return out
