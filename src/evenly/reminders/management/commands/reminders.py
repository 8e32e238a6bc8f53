"""python manage.py reminders [--dry-run] [--now 2026-12-07T07:00]: run the reminder job once.

With ``--dry-run`` it prints one line per reminder that would go out at that moment (member,
channel, what) and writes nothing. A time without an offset is UTC.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from evenly.core import bounds
from evenly.reminders.services import reminders_dry_run, reminders_run


class _Parser(CommandParser):
    def error(self, message: str) -> Any:
        """A bad argument: one line and exit 2, no usage block."""
        sys.stderr.write(f"reminders: {message}\n")
        sys.exit(2)


def _moment(text: str) -> datetime:
    if len(text) > 40:
        raise ValueError
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not bounds.MIN_YEAR <= moment.year <= bounds.MAX_YEAR:
        raise ValueError
    return moment


class Command(BaseCommand):
    help = (
        "Run the reminder job once: plan what is due and send it. --dry-run prints what would "
        "go out (member, channel, what) without sending or writing anything."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _Parser  # the same parser, with the one-line error
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print, send nothing.")
        parser.add_argument(
            "--now", metavar="TIME", help="The moment to run at, e.g. 2026-12-07T07:00 (UTC)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options.get("now") is not None:
            try:
                now = _moment(options["now"])
            except ValueError:
                self.stderr.write(
                    f"reminders: --now takes a date and time such as 2026-12-07T07:00, "
                    f"between the years {bounds.MIN_YEAR} and {bounds.MAX_YEAR}"
                )
                sys.exit(2)
        if options["dry_run"]:
            for would in reminders_dry_run(now=now):
                member = would.member
                self.stdout.write(
                    f"{member.display_name} (household {member.household_id}) · "
                    f"{would.channel} · {would.subject}"
                )
            return
        self.stdout.write(f"Reminders: {reminders_run(now=now)}.")
