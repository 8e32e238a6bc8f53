"""`make messages` for the catalog's and decks' words: a new language's catalog.po lists every
English text, and the translations a language has survive a new run."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

from evenly.core import localized
from evenly.core.catalog import load_catalog
from evenly.web.management.commands import makemessages


def test_make_messages_brings_a_new_language_every_card_and_deck_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new language starts from one command: its catalog.po lists every English text."""
    monkeypatch.setattr(localized, "LOCALE", tmp_path)
    missing = makemessages.catalog_po_update("fr")
    po = polib.pofile(str(tmp_path / "fr" / "LC_MESSAGES" / "catalog.po"))
    assert missing == len(po) == len(localized.catalog_messages())
    assert {e.msgctxt for e in po} == set(localized.CONTEXTS)
    names = {e.msgid for e in po if e.msgctxt == "card name"}
    assert {c.name for c in load_catalog().values()} == names
    # Translations made are kept when the English data is read again.
    po[0].msgstr = "Cuisine"
    po.save()
    makemessages.catalog_po_update("fr")
    assert polib.pofile(str(tmp_path / "fr" / "LC_MESSAGES" / "catalog.po"))[0].msgstr == "Cuisine"
