"""python manage.py catch_up [--household ID]: bring handovers and life changes up to date.

What a person does with "Bring the deal up to date" on any household page, for every household
(or one), so that it can run on a schedule. It says how many things changed in each household,
never what they were: household text stays out of the operator's logs.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from evenly.growth.tasks import catch_up_each
from evenly.households.models import Household


class Command(BaseCommand):
    help = (
        "Bring handovers and life changes whose date has come up to date (proposing the deals "
        "that give cards back), in every household or in the one given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--household", type=int, metavar="ID", help="Only this household (its number)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        households = Household.objects.order_by("pk")
        only = options.get("household")
        if only is not None:
            households = households.filter(pk=only)
            if not households.exists():
                self.stderr.write(f"No household has the number {only}.")
                sys.exit(2)
        changed = failed = 0
        for result in catch_up_each(households.iterator()):
            if result.error is not None:
                if options.get("traceback"):
                    raise result.error
                failed += 1
                # The error's type only: its text may quote the household's own words.
                self.stderr.write(
                    f"Household {result.household_id}: could not bring it up to date "
                    f"({type(result.error).__name__}); nothing of it was changed. Try it from "
                    "the household's pages, or run this again with --household "
                    f"{result.household_id} --traceback for the details."
                )
                continue
            changed += 1
            self.stdout.write(
                f"Household {result.household_id}: {result.changed} thing(s) brought up to date."
            )
        self.stdout.write(
            f"Done: {changed} household(s) brought up to date"
            + (f", {failed} could not be (see above)." if failed else ".")
        )
        if failed:
            sys.exit(1)
