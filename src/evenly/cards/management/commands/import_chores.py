"""python manage.py import_chores HOUSEHOLD_ID FILE [--dry-run] [--as EMAIL]: chores from another
app (a Donetick or Grocy export, or a CSV of name, how often, minutes) as the household's cards.

Every problem of the file is printed at once, each with its row or entry, and nothing is added
when there is any. ``--dry-run`` prints what would be added and adds nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from evenly.cards.selectors import chores_preview
from evenly.cards.services import chores_import
from evenly.core import bounds
from evenly.core.chore_import import ChoreImport, ChoreImportError
from evenly.core.household_file import printable
from evenly.core.units import duration_text
from evenly.households.fields import id_problem
from evenly.households.models import Household


class Command(BaseCommand):
    help = (
        "Add chores from a Donetick or Grocy export (JSON) or a CSV (name, how often, minutes) "
        "to a household as cards, matched to catalog cards by name. Nothing is added when the "
        "file has any problem; every problem is listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("household_id", metavar="HOUSEHOLD_ID", help="The household's number.")
        parser.add_argument("file", metavar="FILE", help="The exported file (.json or .csv).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be added; add nothing."
        )
        parser.add_argument(
            "--as",
            dest="email",
            metavar="EMAIL",
            help="The member the household's history names as adding them (default: the first).",
        )

    def _fail(self, message: str, code: int = 2) -> None:
        self.stderr.write(printable(message, max_chars=2_000))
        sys.exit(code)

    def handle(self, *args: Any, **options: Any) -> None:
        raw_id = str(options["household_id"])
        household = None
        if raw_id.isascii() and not id_problem(raw_id):
            household = Household.objects.filter(pk=int(raw_id)).first()
        if household is None:
            self._fail(f"No household has the number {raw_id!r}.")
        assert household is not None
        members = household.members.current().select_related("user")
        email = options.get("email")
        member = (
            members.filter(user__email__iexact=str(email).strip()).first()
            if email
            else members.first()
        )
        if member is None:
            who = f"with the email {email!r}" if email else "at all"
            self._fail(f"Household {household.pk} has no current member {who}.")
        assert member is not None
        data = self._read(str(options["file"]))
        try:
            if options.get("dry_run"):
                result = chores_preview(household=household, data=data)
            else:
                added = chores_import(member=member, data=data)
                result = None
        except ChoreImportError as error:
            lines = [f"{options['file']}: {p}" for p in error.problems]
            self._fail("\n".join([*lines, "Nothing was added."]), code=1)
            return
        except ValidationError as error:
            self._fail(" ".join(error.messages), code=1)
            return
        if result is not None:
            self._show(result)
            self.stdout.write(f"Dry run: {len(result.chores)} card(s) would be added; none was.")
            return
        self.stdout.write(f"Added {len(added)} card(s) to household {household.pk}.")

    def _read(self, name: str) -> bytes:
        """The file's bytes, at most one past the bound (the core refuses a larger file)."""
        path = Path(name)
        try:
            if path.is_dir():
                self._fail(f"{name}: is a folder, not a file.")
            with path.open("rb") as stream:
                return stream.read(bounds.MAX_CHORE_FILE_BYTES + 1)
        except FileNotFoundError:
            self._fail(f"{name}: no such file.")
        except OSError as error:
            self._fail(f"{name}: cannot be read ({error.strerror}).")
        except ValueError:  # a NUL in the name
            self._fail(f"{name!r}: is not a usable file name.")
        return b""

    def _show(self, result: ChoreImport) -> None:
        for chore in result.chores:
            became = f"catalog card {chore.catalog.name}" if chore.catalog else "new card"
            estimate = " (estimate)" if chore.minutes_estimated else ""
            self.stdout.write(
                printable(
                    f"{chore.where}: {chore.name} | {chore.cadence.text} | "
                    f"{duration_text(chore.minutes)}{estimate} | {became}"
                )
            )
        for skipped in result.skipped:
            self.stdout.write(printable(f"{skipped.where}: left out: {skipped.reason}"))
