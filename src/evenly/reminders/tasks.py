"""The reminder job as a django-tasks task, for the worker to run every minute."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from evenly.reminders.services import reminders_run


@task()
def send_reminders() -> str:
    """Plan and send the reminders due now; says how many (never what)."""
    return str(reminders_run(now=timezone.now()))
