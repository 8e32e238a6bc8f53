"""Django's makemessages, also gathering core's sentences: ``say("…")``,
``say_n("…", "…", n)`` and ``say_in("context", "…")`` (see :mod:`evenly.core.words`) are
extraction keywords."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=say",
        "--keyword=say_n:1,2",
        "--keyword=say_in:1c,2",
    ]
