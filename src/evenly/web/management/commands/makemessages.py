"""Django's makemessages, also gathering core's sentences: ``say("…")`` and
``say_n("…", "…", n)`` (see :mod:`evenly.core.words`) are extraction keywords."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=say",
        "--keyword=say_n:1,2",
    ]
