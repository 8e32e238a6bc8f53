"""Django's makemessages, also gathering core's texts.

- Core's sentences: ``say("…")``, ``say_n("…", "…", n)`` and ``say_in("context", "…")`` (see
  :mod:`evenly.core.words`) are extraction keywords, so they land in
  ``core/locale/<lang>/LC_MESSAGES/django.po``.
- The catalog's cards and the starter decks (TOML data, which xgettext cannot read): every
  English name, standard, category and blurb is merged into each language's ``catalog.po``
  (:func:`evenly.core.localized.catalog_messages`), keeping the translations it has and
  dropping the ones whose English is gone.
"""

from __future__ import annotations

from typing import Any

import polib  # type: ignore[import-untyped]
from django.core.management.commands import makemessages

from evenly.core.localized import LOCALE, catalog_messages, catalog_path

HEADER = (
    "The words of the catalog's cards and the starter decks (evenly.core.localized).\n"
    "msgctxt says what each text is; `make messages` adds new English texts here."
)


def catalog_po_update(code: str) -> int:
    """Bring one language's catalog.po up to the English data; the number of texts it lacks."""
    path = catalog_path(code)
    old = polib.pofile(str(path), wrapwidth=100) if path.is_file() else None
    known = {(e.msgctxt, e.msgid): e for e in old or ()}
    po = polib.POFile(wrapwidth=100)
    po.header = HEADER
    po.metadata = (old.metadata if old else {}) or {
        "Project-Id-Version": "Evenly",
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for message in catalog_messages():
        before = known.get((message.context, message.english))
        po.append(
            polib.POEntry(
                msgctxt=message.context,
                msgid=message.english,
                msgstr=before.msgstr if before else "",
                comment=message.where,
                flags=list(before.flags) if before else [],
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return len(po.untranslated_entries())


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=say",
        "--keyword=say_n:1,2",
        "--keyword=say_in:1c,2",
    ]

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        codes = set(options.get("locale") or [])
        if options.get("all") or not codes:
            codes |= {p.name for p in LOCALE.glob("*") if (p / "LC_MESSAGES").is_dir()}
        for code in sorted(codes):
            missing = catalog_po_update(code.lower().replace("_", "-"))
            if options.get("verbosity", 1) and missing:
                self.stdout.write(
                    f"catalog.po ({code}): {missing} card and deck texts to translate"
                )
