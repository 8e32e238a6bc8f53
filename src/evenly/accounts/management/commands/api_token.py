"""python manage.py api_token EMAIL --name NAME [--write] [--expires-days N]

Makes a personal access token for the JSON API and prints it as the last line, so a script can
take it with ``tail -n 1``. It is shown this once: Evenly keeps only its hash.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from evenly.accounts.models import User
from evenly.accounts.tokens import token_create
from evenly.core import bounds


class Command(BaseCommand):
    help = "Make an API token for an account and print it (its last line is the token)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the account's email address")
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument(
            "--write", action="store_true", help="it may change things (default: read only)"
        )
        parser.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help=f"it stops working after this many days (1 to {bounds.MAX_API_TOKEN_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip().lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            self.stderr.write(f"No active account has the email {email!r}.")
            sys.exit(2)
        try:
            new = token_create(
                user=user,
                name=str(options["name"]),
                can_write=bool(options["write"]),
                expires_days=options["expires_days"],
            )
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            sys.exit(2)
        scope = "read and change" if new.token.can_write else "read only"
        expiry = (
            f"until {new.token.expires_at:%Y-%m-%d %H:%M} UTC"
            if new.token.expires_at
            else "until revoked"
        )
        self.stdout.write(f"Token “{new.token.name}” for {user.email}: {scope}, {expiry}.")
        self.stdout.write("It is shown only now; Evenly keeps only its hash.")
        self.stdout.write(new.secret)
