"""`python manage.py demo`: load (or reload) the demo household and print its logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from evenly.demo import demo_load, pending_migrations


class Command(BaseCommand):
    help = (
        "Load the demo household (Robin & Sam: about 60 rated cards, an accepted deal, 8 weeks "
        "of history) and print the logins. Running it again replaces the demo household."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = pending_migrations()
        if pending:
            raise CommandError(
                f"the database lacks {len(pending)} migration(s); "
                "run `python manage.py migrate` first"
            )
        result = demo_load(progress=lambda line: self.stderr.write(line))
        self.stdout.write(result.summary())
