"""Background work of the growth app (django-tasks, run by ``manage.py worker``).

``catch_up`` brings handovers and life changes whose date has come up to date in every
household that has something due, each household in its own transaction. The worker enqueues
it every hour and when it starts (``evenly.web.periodic``); ``manage.py catch_up`` does the
same by hand. It logs how many things changed in a household, never what: household text
stays out of the operator's logs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django_tasks import task

from evenly.growth.selectors import catch_up_due
from evenly.growth.services import growth_catch_up
from evenly.households.models import Household
from evenly.households.services import household_changed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaughtUp:
    household_id: int
    changed: int  # things brought up to date (0 when it failed)
    error: Exception | None = None


def catch_up_each(households: Iterable[Household]) -> Iterator[CaughtUp]:
    """Bring each household that has something due up to date; the others are skipped.

    The household's row is locked while it is caught up, so two runs at once (two workers,
    a person pressing the button) never bring the same thing up to date twice. A failure
    leaves that household unchanged and the next ones still run."""
    for household in households:
        if not catch_up_due(household=household):
            continue
        try:
            with transaction.atomic():
                locked = Household.objects.select_for_update().get(pk=household.pk)
                due = len(catch_up_due(household=locked))
                if due:
                    growth_catch_up(household=locked)
                    household_changed(household_id=locked.pk)
        except Exception as error:  # one household's trouble must not stop the others
            yield CaughtUp(household.pk, 0, error)
            continue
        if due:
            yield CaughtUp(household.pk, due)


@task()
def catch_up() -> dict[str, int]:
    """Every household with a handover or life change whose date has come, brought up to date.
    Returns how many households changed and how many failed (each failure is logged with
    its household's number and the error's type only)."""
    changed = failed = 0
    for result in catch_up_each(Household.objects.order_by("pk").iterator()):
        if result.error is None:
            changed += 1
            logger.info(
                "Household %s: %s thing(s) brought up to date.",
                result.household_id,
                result.changed,
            )
        else:
            failed += 1
            logger.error(
                "Household %s: could not bring it up to date (%s); nothing of it was changed. "
                "Run manage.py catch_up --household %s --traceback for the details.",
                result.household_id,
                type(result.error).__name__,
                result.household_id,
            )
    return {"changed": changed, "failed": failed}
