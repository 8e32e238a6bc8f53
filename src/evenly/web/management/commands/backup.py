"""`python manage.py backup FILE`: a consistent copy of the database while the app runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evenly.web.backup import BackupError, backup


def size_text(size: int) -> str:
    """1234567 -> "1.2 MB"."""
    if size < 1000:
        return f"{size} bytes"
    value = size / 1000
    for unit in ("kB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


class Command(BaseCommand):
    help = (
        "Back up the whole database to FILE while Evenly runs (SQLite's online backup, or "
        "pg_dump's custom format on PostgreSQL). Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the backup")
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        try:
            size = backup(target, force=options["force"])
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"Backed up to {target.expanduser().absolute()} ({size_text(size)})")
