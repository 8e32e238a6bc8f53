"""The worker's own bookkeeping (no household data): which periodic task was enqueued for which
period, so that two workers running at once enqueue it once (see ``evenly.web.periodic``)."""

from __future__ import annotations

from django.db import models


class PeriodicRun(models.Model):
    # The entry's name in evenly.web.periodic.PERIODIC.
    name = models.CharField(max_length=64)
    # The start of the period (UTC) this run is for: the pair is unique.
    period = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    # The django-tasks result id of the enqueued task.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "period"], name="periodic_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.period:%Y-%m-%d %H:%M}"
