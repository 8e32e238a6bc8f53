"""python manage.py import_household FILE --owner EMAIL: a new household from an exported file.

Every problem in the file is listed at once (its place in the file and what is wrong) and
nothing is written; on success the new household's id is the last line printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from evenly.accounts.models import User
from evenly.core.bounds import MAX_HOUSEHOLD_DOCUMENT_BYTES
from evenly.core.household_document import DocumentError, parse_document, too_big
from evenly.transfer.services import household_import


class Command(BaseCommand):
    help = "Create a new household from a household file; prints its id as the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help='the exported JSON file; "-" reads stdin')
        parser.add_argument(
            "--owner", required=True, metavar="EMAIL", help="the account that takes your place"
        )

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["owner"]).strip()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            return self.fail(f"No account has the email {email!r}.")
        source = str(options["file"])
        try:
            if source == "-":
                raw = sys.stdin.buffer.read(MAX_HOUSEHOLD_DOCUMENT_BYTES + 1)
            else:
                path = Path(source)
                if path.is_file() and path.stat().st_size > MAX_HOUSEHOLD_DOCUMENT_BYTES:
                    raise too_big()
                with path.open("rb") as stream:
                    raw = stream.read(MAX_HOUSEHOLD_DOCUMENT_BYTES + 1)
            household = household_import(user=user, data=parse_document(raw))
        except OSError as err:
            return self.fail(f"Cannot read {source}: {err.strerror or err}.")
        except DocumentError as err:
            lines = [f"{source}: {p.path or '(file)'}: {p.message}" for p in err.problems]
            return self.fail("\n".join(lines) + "\nNothing was imported.")
        self.stdout.write(f'Created "{household.name}" with {user.email} as its first member.')
        self.stdout.write(str(household.pk))
        return None
