"""The worker's housekeeping task: finished task results do not pile up in the database."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

KEEP_RESULTS = timedelta(days=7)


@task()
def prune_task_results() -> int:
    """Delete the results of tasks that finished (well or not) more than a week ago."""
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=timezone.now() - KEEP_RESULTS).delete()
    return deleted
