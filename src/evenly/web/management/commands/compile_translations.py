"""`python manage.py compile_translations [PO ...]`: every app's .po files to .mo, without
GNU gettext (polib does it). `make` runs it whenever a .po file changes.

Each app keeps its own catalog, ``src/evenly/<app>/locale/<lang>/LC_MESSAGES/django.po``; the
.mo file is written beside it (and never committed). The bytes are the same on every machine for
the same .po, and a .mo whose bytes would not change is left alone.

A .po that cannot be read, or a translation whose placeholders differ from its msgid's (it would
break the page that shows it), stops the command with one line naming the file and the line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.core.management.base import BaseCommand, CommandError, CommandParser

SOURCES = Path(__file__).resolve().parents[3]  # src/evenly
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


class TranslationError(Exception):
    """A .po file that cannot become a .mo file; the message names the file and the line."""


def po_files(root: Path = SOURCES) -> list[Path]:
    """Every app's catalogs, in a fixed order."""
    return sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))


def _placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def mo_bytes(po_path: Path) -> bytes:
    """The compiled catalog of one .po file, or TranslationError."""
    try:
        catalog = polib.pofile(str(po_path), encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        line = re.search(r"\(line (\d+)\)", str(error))
        if line:
            message = f"{po_path}:{line.group(1)}: this line is not valid .po syntax."
        else:
            message = f"{po_path}: this .po file cannot be read ({error})."
        raise TranslationError(message) from None
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            # A plural form may leave out the count ("einmal"), never bring a name of its own.
            expected = set(_placeholders(entry.msgid) + _placeholders(entry.msgid_plural))
            wrong = [
                text for text in entry.msgstr_plural.values() if set(_placeholders(text)) - expected
            ]
        else:
            expected = set(_placeholders(entry.msgid))
            wrong = (
                [entry.msgstr] if _placeholders(entry.msgstr) != _placeholders(entry.msgid) else []
            )
        if wrong:
            raise TranslationError(
                f"{po_path}:{entry.linenum}: the translation of {entry.msgid!r} has the "
                f"placeholders {_placeholders(wrong[0])}, the original {sorted(expected)}."
            )
    return bytes(catalog.to_binary())


def compile_po(po_path: Path) -> bool:
    """Write the .mo beside the .po; True if it changed."""
    data = mo_bytes(po_path)
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.read_bytes() == data:
        return False
    mo_path.write_bytes(data)
    return True


class Command(BaseCommand):
    help = (
        "Compile every app's translations (locale/<lang>/LC_MESSAGES/*.po) to .mo files beside "
        "them, or only the .po files named. Needs no GNU gettext."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("po", nargs="*", help="only these .po files")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["po"]] or po_files()
        changed = 0
        for path in paths:
            if path.suffix != ".po" or not path.is_file():
                raise CommandError(f"{path}: no such .po file.", returncode=1)
            try:
                changed += compile_po(path)
            except TranslationError as error:
                raise CommandError(str(error), returncode=1) from None
        if options["verbosity"]:
            self.stdout.write(f"{len(paths)} translation file(s), {changed} compiled anew.")
