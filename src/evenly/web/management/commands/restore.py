"""`python manage.py restore FILE`: put a backup back into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evenly.web.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database (new, or migrated "
        "with no data), then run `manage.py migrate`. Refuses a database that holds Evenly data "
        "unless --force is given, which replaces everything in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup to restore")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data already in the database (it is lost)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        try:
            rows = restore(source, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            f"Restored {source.expanduser().absolute()} ({rows} rows); "
            "now run `python manage.py migrate`"
        )
