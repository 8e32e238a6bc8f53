"""python manage.py export_household ID FILE [--as EMAIL]: the household document, written to FILE
("-" for standard output), as one member sees it (the first member still in it, by default)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from evenly.households.models import Household, Member
from evenly.transfer.selectors import household_export


class Command(BaseCommand):
    help = "Write a whole household as one JSON file, as one of its members sees it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("household_id", metavar="ID")
        parser.add_argument("file", metavar="FILE", help='where to write it; "-" for the screen')
        parser.add_argument(
            "--as",
            dest="email",
            metavar="EMAIL",
            help="whose view of the household (default: its owner, the first member still in it)",
        )

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["household_id"])
        household = (
            Household.objects.filter(pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 19
            else None
        )
        if household is None:
            return self.fail(f"No household has the id {raw!r}.")
        current = Member.objects.for_household(household).current().filter(user__isnull=False)
        if options["email"]:
            email = str(options["email"]).strip()
            member = current.filter(user__email__iexact=email).first()
            if member is None:
                return self.fail(f"{email!r} is not a member of household {household.pk}.")
        else:
            member = current.order_by("joined_at", "id").first()
            if member is None:
                return self.fail(f"Household {household.pk} has no member with an account.")
        text = json.dumps(household_export(member=member), indent=2, ensure_ascii=False)
        target = str(options["file"])
        if target == "-":
            self.stdout.write(text)
            return None
        try:
            Path(target).write_text(text + "\n", encoding="utf-8")
        except OSError as err:
            return self.fail(f"Cannot write {target}: {err.strerror or err}.")
        self.stdout.write(
            f"Wrote household {household.pk} as {member.display_name} sees it to {target}."
        )
        return None
