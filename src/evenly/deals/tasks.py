"""Background work of the deals app (django-tasks, run by ``manage.py worker``).

``deal_solve`` works out a deal the rule in ``evenly.core.solve_place`` calls too slow for a
page to wait on: the web process never holds the solver or its memory for it.
"""

from __future__ import annotations

from django_tasks import task

from evenly.deals.services import deal_solve_run


@task()
def deal_solve(solve_id: int) -> str:
    """Work out the queued solve ``solve_id`` and keep its deal; says how it ended (done,
    failed, stopped, or not queued when another worker took it)."""
    return deal_solve_run(solve_id=solve_id)
