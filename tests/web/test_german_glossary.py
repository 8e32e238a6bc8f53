"""The German UI keeps one word per idea (docs/german-glossary.md), its phone tabs fit a
360 px screen, and what a catalog says is what a German page shows.

These read the catalogs reviewed for docs/german-glossary.md; the crawl in test_german.py
checks whole pages for English left over."""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.core.management import call_command
from django.utils import translation

SOURCES = Path(__file__).resolve().parents[2] / "src" / "evenly"
# The catalogs the glossary was settled on (the others follow it as they are reviewed).
REVIEWED = (
    "web",
    "accounts",
    "households",
    "pages",
    "perception",
    "reminders",
    "calendars",
    "privacy",
    "values",
    "week",
    "cards",
)
SOFT_HYPHEN = "\u00ad"


def _entries() -> list[tuple[str, polib.POEntry]]:
    found = []
    for app in REVIEWED:
        path = SOURCES / app / "locale" / "de" / "LC_MESSAGES" / "django.po"
        found += [(app, entry) for entry in polib.pofile(str(path)) if entry.msgid]
    return found


def _texts(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


# A word the glossary replaced, and what it says instead.
AVOIDED = {
    r"\bfreiwillig\b": "an optional field says (optional), not (freiwillig)",
    r"\bWünsche\b": "aspirations are Vorhaben",
    r"\bLebensumbrüche\b": "life changes are Lebensveränderungen",
    # Check-in is neuter: das Check-in, ans wöchentliche Check-in, euer nächstes Check-in.
    r"\b(?:den|der|einen|euren|deinen|keinen)\s+(?:\w+en\s+)?Check-in(?![-\w])": "das Check-in",
    r"\bNeuverteilung\b": "a re-deal is a neue Aufteilung",
    r"\bneuen? Verteilung\b": "a re-deal is a neue Aufteilung (the word most pages use)",
    r"—": "a German dash is the en dash with spaces ( – )",
    r"[A-Za-zÄÖÜäöüß]{2,}…": "an ellipsis after a whole word takes a space (Löschen …)",
}


def test_the_reviewed_catalogs_keep_the_glossary() -> None:
    # <strong> quotes another app's own labels (Thunderbird's "Neuer Kalender…"): as they are.
    problems = [
        f"{app}: {entry.msgid!r} -> {text!r}: {why}"
        for app, entry in _entries()
        for text in _texts(entry)
        for pattern, why in AVOIDED.items()
        if re.search(pattern, re.sub(r"<strong>.*?</strong>", "", text))
    ]
    assert not problems, "\n".join(problems)


def test_every_catalog_says_a_re_deal_one_way() -> None:
    """The reviewed catalogs and the others alike: a re-deal is a neue Aufteilung everywhere
    (the Balance page and the life changes' pages said it two ways)."""
    problems = [
        f"{path.parts[-5]}: {entry.msgid!r} -> {text!r}"
        for path in sorted(SOURCES.glob("*/locale/de/LC_MESSAGES/django.po"))
        for entry in polib.pofile(str(path))
        for text in _texts(entry)
        if re.search(r"\bneuen? Verteilung\b|\bNeuverteilung\b", text)
    ]
    assert not problems, "\n".join(problems)


def test_every_location_comment_names_a_file_that_is_there() -> None:
    """A catalog's ``#:`` comments say where each text is written, relative to its app (the
    week's rows are written by templatetags/week_rows.py, not a template that is gone)."""
    missing = sorted(
        {
            f"{path.parts[-5]}: {where}"
            for path in SOURCES.glob("*/locale/*/LC_MESSAGES/django.po")
            for entry in polib.pofile(str(path))
            for where, _line in entry.occurrences
            if not (path.parents[3] / where).is_file()
        }
    )
    assert not missing, "\n".join(missing)


# The tabs a phone shows (base.html): at 360 px each is 60 px wide at 0.875rem, room for
# about 8 letters a line. A longer word needs a soft hyphen where it may break.
PHONE_TABS = ("Needs you", "This week", "Cards", "Deal", "Balance", "More")
LETTERS_A_LINE = 8


def test_the_phone_tabs_fit_a_small_phone() -> None:
    catalog = polib.pofile(str(SOURCES / "web" / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    labels = {entry.msgid: entry.msgstr for entry in catalog if entry.msgid in PHONE_TABS}
    assert set(labels) == set(PHONE_TABS)
    too_long = [
        f"{msgid!r} -> {label!r}: {part!r}"
        for msgid, label in labels.items()
        for word in label.split()
        for part in word.split(SOFT_HYPHEN)
        if len(part) > LETTERS_A_LINE
    ]
    assert not too_long, "\n".join(too_long)


# Catalogs merge: for a msgid in several, Django's own apps (admin, auth) win over ours, and
# of ours the first in INSTALLED_APPS wins, so another catalog's words can stand in for a
# reviewed one's. These do now, and want a fix in code (pgettext, or the apps' order), not a
# translation: Django admin says "Sichern"; checkins says "Das entfernen?". (The History page
# says its title with a context, so admin's "Geschichte" no longer stands in for "Verlauf".)
KNOWN_OVERRIDDEN = {"Save", "Email", "Remove this?"}


@pytest.mark.django_db
def test_german_pages_say_what_the_reviewed_catalogs_say() -> None:
    call_command("compile_translations", verbosity=0)
    differ = []
    with translation.override("de"):
        for app, entry in _entries():
            if entry.msgid_plural or entry.msgctxt or entry.msgid in KNOWN_OVERRIDDEN:
                continue
            served = translation.gettext(entry.msgid)
            if served.replace(SOFT_HYPHEN, "") != entry.msgstr.replace(SOFT_HYPHEN, ""):
                differ.append(f"{app}: {entry.msgid!r}: says {entry.msgstr!r}, shows {served!r}")
    assert not differ, "\n".join(differ)
