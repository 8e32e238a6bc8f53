"""python manage.py export_person EMAIL: the person's "Download my data" JSON on standard output."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from evenly.accounts.models import User
from evenly.privacy.export import person_export


class Command(BaseCommand):
    help = "Write everything one person entered or that is about them, as JSON, to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            self.stderr.write(f"No account has the email {email!r}.")
            sys.exit(2)
        self.stdout.write(json.dumps(person_export(user=user), indent=2, ensure_ascii=False))
