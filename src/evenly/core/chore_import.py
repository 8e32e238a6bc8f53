"""Chores brought over from another app: a Donetick export, Grocy's chores, or a plain CSV.

A household that moves to Evenly should not retype its chores. :func:`read_chores` takes the
bytes of one file, tells which of the three kinds it is, and reads every chore into a name, a
cadence in Evenly's grammar (:mod:`evenly.core.cadence`) and minutes each time, matched to a
catalog card when the names agree (case, spacing, punctuation and accents aside, in English or
in any language the catalog is translated to).

Nothing is guessed that changes the deal: a frequency Evenly cannot express exactly is a
problem naming what to write instead. Only minutes may be missing (Donetick and Grocy have no
such field): then the catalog card's minutes, or :data:`ESTIMATED_MINUTES`, are taken and the
chore says so, for the household to correct on the card.

Every problem of the file is found in one pass and raised together as
:class:`ChoreImportError`, each with the row or entry it is in; chores that are fine but are
not added (the same chore twice, one the household has, a one-off) are listed as skipped with
the reason. Nothing here touches a database: the caller passes what the household already has.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Any

from evenly.core import bounds
from evenly.core.cadence import Cadence, CadenceError, parse_cadence
from evenly.core.catalog import CatalogCard, load_catalog
from evenly.core.household_file import nesting_depth, printable
from evenly.core.localized import card_text, languages
from evenly.core.words import and_list, say

# Minutes each time for a chore whose file gives none and that matches no catalog card: a
# typical small chore, marked as an estimate wherever it is shown.
ESTIMATED_MINUTES = Fraction(15)


class Format(StrEnum):
    """The kinds of file Evenly reads chores from."""

    DONETICK = "donetick"
    GROCY = "grocy"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the file: where (``"row 3"``; empty for the file as a whole) and
    what to write instead."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass(frozen=True, slots=True)
class Chore:
    """A chore that becomes a card: as the file names it, with its cadence and minutes."""

    where: str
    name: str
    cadence: Cadence
    minutes: Fraction
    minutes_estimated: bool  # the file gave none: the catalog card's, or ESTIMATED_MINUTES
    catalog: CatalogCard | None  # the catalog card it matches (English words), if any


@dataclass(frozen=True, slots=True)
class Skipped:
    """A chore of the file that is not added, and why."""

    where: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class ChoreImport:
    """What a file brings: the chores to add, in file order, and those left out."""

    format: Format
    chores: tuple[Chore, ...]
    skipped: tuple[Skipped, ...]


class ChoreImportError(ValueError):
    """A file that cannot be imported; ``problems`` lists everything wrong with it (at most
    :data:`~evenly.core.bounds.MAX_REPORTED_PROBLEMS`, then one saying more follow)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class HouseholdCards:
    """What the household already has, so a chore it has is skipped rather than added twice."""

    names: tuple[str, ...] = ()
    catalog_keys: tuple[str, ...] = ()
    room: int = bounds.MAX_CARDS  # cards it may still add


def match_key(name: str) -> str:
    """How names are compared with the catalog and the household's cards: letters and digits
    only, without case or accents ("Bins out", "bins-out!" and "BINS OUT" are one name)."""
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    return "".join(ch for ch in decomposed if ch.isalnum())


@cache
def _catalog_index() -> dict[str, CatalogCard]:
    """Every catalog card under the match key of its key and of its name in every language."""
    index: dict[str, CatalogCard] = {}
    for card in load_catalog().values():
        names = [card.key, card.name] + [card_text(card, code).name for code in languages()]
        for name in names:
            index.setdefault(match_key(name), card)
    return index


def catalog_match(name: str) -> CatalogCard | None:
    """The catalog card called ``name`` in English or a translated language, if any."""
    key = match_key(name)
    return _catalog_index().get(key) if key else None


def _names_of(card: CatalogCard) -> set[str]:
    """The match keys of a catalog card's names in every language."""
    return {match_key(card.name)} | {match_key(card_text(card, c).name) for c in languages()}


# --- Reading the file ---------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """The file as text: UTF-8 (with or without a byte-order mark), else Windows-1252, as a
    spreadsheet on Windows saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ChoreImportError(
            [Problem("", say("the file is not text; save it as CSV (UTF-8) or JSON"))]
        ) from None


def _too_deep() -> ChoreImportError:
    return ChoreImportError(
        [
            Problem(
                "",
                say(
                    "the file nests lists and objects more than {n} deep; export the chores "
                    "again from the app",
                    n=bounds.MAX_NESTING_DEPTH,
                ),
            )
        ]
    )


def read_chores(data: bytes, *, household: HouseholdCards | None = None) -> ChoreImport:
    """Read the chores of one file (Donetick JSON, Grocy JSON or CSV, told apart by their
    content). Raises :class:`ChoreImportError` listing every problem; never anything else."""
    household = household or HouseholdCards()
    if len(data) > bounds.MAX_CHORE_FILE_BYTES:
        raise ChoreImportError(
            [
                Problem(
                    "",
                    say(
                        "the file has {n} bytes; at most {max} (export only the chores)",
                        n=len(data),
                        max=bounds.MAX_CHORE_FILE_BYTES,
                    ),
                )
            ]
        )
    text = _decode(data)
    if not text.strip():
        raise ChoreImportError(
            [Problem("", say("the file is empty; it needs a chore on each row or entry"))]
        )
    if text.lstrip()[:1] in ("[", "{"):
        fmt, entries = _json_entries(text)
    else:
        fmt, entries = Format.CSV, _csv_entries(text)
    return _collect(fmt, entries, household)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One row or entry as read: the name and cadence text it gives, or the problems."""

    where: str
    name: str
    cadence: Cadence | None
    minutes: Fraction | None
    problems: tuple[str, ...]
    skip: str = ""  # why a readable chore is left out (a one-off)


def _app_entry(where: str, name: str, text: str | None, problems: list[str], skip: str) -> _Entry:
    """An app's chore (which gives no minutes) with its cadence read from ``text``, if any."""
    cadence = None
    if text is not None:
        cadence, cadence_problems = _cadence(text)
        problems.extend(cadence_problems)
    return _Entry(where, name, cadence, None, tuple(problems), skip)


def _collect(fmt: Format, entries: list[_Entry], household: HouseholdCards) -> ChoreImport:
    """Chores and skipped ones from the entries; every problem of every entry at once."""
    problems: list[Problem] = []
    if len(entries) > bounds.MAX_IMPORT_CHORES:
        raise ChoreImportError(
            [
                Problem(
                    "",
                    say(
                        "the file has {n} chores; at most {max} at once (split the file)",
                        n=len(entries),
                        max=bounds.MAX_IMPORT_CHORES,
                    ),
                )
            ]
        )
    if not entries:
        raise ChoreImportError([Problem("", say("the file has no chores"))])
    have = {match_key(n) for n in household.names}
    have_keys = set(household.catalog_keys)
    seen: dict[str, str] = {}  # match key or catalog key -> where it was first
    chores: list[Chore] = []
    skipped: list[Skipped] = []
    for entry in entries:
        problems.extend(Problem(entry.where, p) for p in entry.problems)
        if entry.problems:
            continue
        if entry.skip:
            skipped.append(Skipped(entry.where, entry.name, entry.skip))
            continue
        assert entry.cadence is not None  # an entry without problems has its cadence
        match = catalog_match(entry.name)
        keys = {match_key(entry.name)} | ({"catalog:" + match.key} if match else set())
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            skipped.append(
                Skipped(entry.where, entry.name, say("the same chore as {where}", where=first))
            )
            continue
        if keys & have or (match and (match.key in have_keys or _names_of(match) & have)):
            skipped.append(
                Skipped(entry.where, entry.name, say("the household has this card already"))
            )
            continue
        for k in keys:
            seen[k] = entry.where
        minutes = entry.minutes
        if minutes is None:
            minutes = match.minutes if match else ESTIMATED_MINUTES
        chores.append(
            Chore(
                where=entry.where,
                name=entry.name,
                cadence=entry.cadence,
                minutes=minutes,
                minutes_estimated=entry.minutes is None,
                catalog=match,
            )
        )
    if len(chores) > household.room:
        problems.append(
            Problem(
                "",
                say(
                    "the file adds {n} cards, and the household has room for {room} more "
                    "(at most {max} cards); leave some chores out",
                    n=len(chores),
                    room=max(household.room, 0),
                    max=bounds.MAX_CARDS,
                ),
            )
        )
    if problems:
        if len(problems) > bounds.MAX_REPORTED_PROBLEMS:
            more = Problem("", say("more problems follow; correct these first"))
            problems = [*problems[: bounds.MAX_REPORTED_PROBLEMS], more]
        raise ChoreImportError(problems)
    return ChoreImport(fmt, tuple(chores), tuple(skipped))


def _name(raw: object) -> tuple[str, list[str]]:
    """A chore's name, spaces collapsed, and the problems with it."""
    if not isinstance(raw, str) or not raw.strip():
        return "", [say('the chore has no name; give it one, e.g. "Laundry"')]
    name = " ".join(raw.split())
    problem = bounds.text_problem(name, what=bounds.THE_NAME, max_chars=bounds.MAX_CARD_NAME_CHARS)
    return name, [problem] if problem else []


def _where(kind: str, number: int, name: object) -> str:
    """ "row 3" or 'entry 2 ("Dishes")': where a problem is, with the chore's name if any."""
    base = say("row {n}", n=number) if kind == "row" else say("entry {n}", n=number)
    if isinstance(name, str) and name.strip():
        shown = printable(" ".join(name.split()), max_chars=40)
        return say('{where} ("{name}")', where=base, name=shown)
    return base


def _cadence(text: str) -> tuple[Cadence | None, list[str]]:
    """``text`` in Evenly's cadence grammar, parsed and within the bounds, or the problem."""
    try:
        cadence = parse_cadence(text)
    except CadenceError as error:
        message = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        return None, [message]
    if cadence.per_week > bounds.MAX_OCCURRENCES_PER_WEEK:
        return None, [say("that is more than {max} times a week", max=bounds.MAX_TIMES_PER_WEEK)]
    return cadence, []


# --- CSV ----------------------------------------------------------------------------------

# Column headings, by their match key, in English and German.
_NAME_HEADINGS = {"name", "chore", "task", "title", "aufgabe", "bezeichnung", "titel"}
_CADENCE_HEADINGS = {
    "howoften",
    "cadence",
    "frequency",
    "repeat",
    "schedule",
    "wieoft",
    "haufigkeit",
    "rhythmus",
    "intervall",
    "turnus",
    "wiederholung",
}
_MINUTES_HEADINGS = {
    "minutes",
    "minute",
    "mins",
    "min",
    "duration",
    "time",
    "minuten",
    "dauer",
    "zeit",
    "dauerminuten",
    "minuteneachtime",
    "minuteseachtime",
    "durationminutes",
    "zeitminuten",
    "minutenpromal",
}

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "einem": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "zwölf": 12,
}

_FIXED_WORDS = {
    # German
    "täglich": "daily",
    "jeden tag": "daily",
    "tgl": "daily",
    "werktags": "weekdays",
    "an werktagen": "weekdays",
    "wochentags": "weekdays",
    "am wochenende": "weekends",
    "wochenends": "weekends",
    "an wochenenden": "weekends",
    "wöchentlich": "weekly",
    "jede woche": "weekly",
    "zweiwöchentlich": "every 2 weeks",
    "14-tägig": "every 2 weeks",
    "14 tägig": "every 2 weeks",
    "vierzehntägig": "every 2 weeks",
    "monatlich": "monthly",
    "jeden monat": "monthly",
    "zweimonatlich": "every 2 months",
    "vierteljährlich": "quarterly",
    "quartalsweise": "quarterly",
    "halbjährlich": "every 6 months",
    "jährlich": "yearly",
    "jedes jahr": "yearly",
    # English beyond the grammar
    "every other day": "every 2 days",
    "every other week": "every 2 weeks",
    "every other month": "every 2 months",
    "every quarter": "quarterly",
    "annually": "yearly",
    "annual": "yearly",
    "twice a year": "2 per year",
    "semiannually": "every 6 months",
    "bimonthly": "every 2 months",
}

_UNITS = {
    "day": "day",
    "days": "day",
    "tag": "day",
    "tage": "day",
    "tagen": "day",
    "week": "week",
    "weeks": "week",
    "woche": "week",
    "wochen": "week",
    "month": "month",
    "months": "month",
    "monat": "month",
    "monate": "month",
    "monaten": "month",
    "year": "year",
    "years": "year",
    "jahr": "year",
    "jahre": "year",
    "jahren": "year",
}

_TIMES_PER = re.compile(
    r"^(\d+)\s*(?:x|mal|times)?\s*(?:per|a|an|am|pro|je|im|in der|die|den|/)\s*([a-zä]+)$"
)
_EVERY_N = re.compile(r"^(?:every|alle|jede|jeden|jedes)\s+(\d+)\s*\.?\s*([a-zä]+)$")


def cadence_words(text: str) -> str:
    """A cadence as people write it in English or German ("wöchentlich", "alle 2 Wochen",
    "twice a week") in Evenly's grammar ("weekly", "every 2 weeks", "2 per week"); text it
    does not know comes back as it was, for :func:`parse_cadence` to refuse."""
    words = " ".join(text.strip().casefold().rstrip(".").split())
    words = words.replace("-mal", " mal").replace("mal ", " mal ")
    words = re.sub(r"\bonce\b", "1 times", words)
    words = re.sub(r"\btwice\b", "2 times", words)
    words = " ".join(str(_NUMBER_WORDS.get(w, w)) for w in words.split())
    words = re.sub(r"(\d)x\b", r"\1 x", words)
    if words in _FIXED_WORDS:
        return _FIXED_WORDS[words]
    if m := _TIMES_PER.match(words):
        count, unit = int(m.group(1)) if len(m.group(1)) < 7 else 0, _UNITS.get(m.group(2))
        if unit == "day":
            return "daily" if count == 1 else f"{count * 7} per week"
        if unit:
            return f"{m.group(1)} per {unit}"
    if m := _EVERY_N.match(words):
        unit = _UNITS.get(m.group(2))
        if unit == "year":
            count = int(m.group(1)) if len(m.group(1)) < 7 else 10**6
            return "yearly" if count == 1 else f"every {count * 12} months"
        if unit:
            return f"every {m.group(1)} {unit}s"
    return text


def _cadence_text(raw: str) -> tuple[Cadence | None, list[str]]:
    """A CSV cell's cadence, with a problem that shows what to write when it is unknown."""
    if not raw.strip():
        return None, [say('how often is empty; write e.g. "weekly" or "wöchentlich"')]
    cadence, problems = _cadence(cadence_words(raw))
    if problems and "is not a cadence Evenly understands" in str(problems[0]):
        return None, [
            say(
                '"{text}" is not a cadence Evenly understands; write e.g. "daily", "weekly", '
                '"every 2 weeks", "3 per week", "monthly" (or "täglich", "wöchentlich", '
                '"alle 2 Wochen", "3 mal pro Woche", "monatlich")',
                text=printable(raw.strip(), max_chars=40),
            )
        ]
    return cadence, problems


_MINUTES = re.compile(r"^(\d{1,6})(?:[.,](\d{1,2}))?\s*(?:min|mins|minutes|minuten|m)?\.?$")


def _minutes(raw: str) -> tuple[Fraction | None, list[str]]:
    """Minutes each time from a CSV cell ("30", "7,5", "45 min"); empty is None (estimated)."""
    text = raw.strip().casefold()
    if not text:
        return None, []
    m = _MINUTES.match(text)
    if not m:
        return None, [
            say(
                'minutes each time "{text}" is not a number; write e.g. 30 or 7,5',
                text=printable(raw.strip(), max_chars=20),
            )
        ]
    value = Fraction(Decimal(m.group(1) + "." + (m.group(2) or "0")))
    problem = bounds.MINUTES.check(value)
    if problem:
        return None, [problem]
    if value <= 0:
        return None, [
            say(
                "minutes each time must be more than 0 and at most {max}",
                max=bounds.MINUTES.describe,
            )
        ]
    return value, []


def _headings(row: list[str]) -> tuple[dict[str, int], list[str]]:
    """Which column holds the name, the cadence and the minutes, or why that is unclear."""
    columns: dict[str, int] = {}
    problems: list[str] = []
    for i, cell in enumerate(row):
        key = match_key(cell)
        role = (
            "name"
            if key in _NAME_HEADINGS
            else "cadence"
            if key in _CADENCE_HEADINGS
            else "minutes"
            if key in _MINUTES_HEADINGS
            else None
        )
        if role is None:
            continue  # another column the app exported: not needed
        if role in columns:
            problems.append(
                say(
                    'two columns say "{heading}"; keep one',
                    heading=printable(cell.strip(), max_chars=30),
                )
            )
        columns.setdefault(role, i)
    missing = [
        say('a column "{english}" (or "{german}")', english=english, german=german)
        for role, english, german in (
            ("name", "name", "Name"),
            ("cadence", "how often", "Wie oft"),
        )
        if role not in columns
    ]
    if missing:
        problems.append(
            say(
                "the first row names the columns; it needs {missing}. For example: "
                "name,how often,minutes",
                missing=and_list(missing),
            )
        )
    return columns, problems


def _csv_entries(text: str) -> list[_Entry]:
    """The rows of a CSV file with a heading row (comma, semicolon or tab between cells)."""
    first = text.lstrip().split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise ChoreImportError(
            [Problem("", say("the file is not CSV Evenly can read: {error}", error=str(error)))]
        ) from None
    start = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)
    columns, problems = _headings(rows[start] if rows else [])
    if problems:
        raise ChoreImportError([Problem(say("row {n}", n=start + 1), p) for p in problems])
    entries: list[_Entry] = []
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(role: str, row: list[str] = row) -> str:
            i = columns.get(role)
            return row[i] if i is not None and i < len(row) else ""

        name, name_problems = _name(cell("name"))
        cadence, cadence_problems = _cadence_text(cell("cadence"))
        minutes, minutes_problems = _minutes(cell("minutes"))
        entries.append(
            _Entry(
                where=_where("row", number, cell("name")),
                name=name,
                cadence=cadence,
                minutes=minutes,
                problems=tuple(name_problems + cadence_problems + minutes_problems),
            )
        )
    return entries


# --- JSON: Donetick and Grocy -------------------------------------------------------------


def _json_entries(text: str) -> tuple[Format, list[_Entry]]:
    """The chores of a Donetick or Grocy export: a list of chores, or an object holding one
    (Donetick's API answers ``{"res": [...]}``)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise _too_deep() from None
    except ValueError as error:  # JSONDecodeError, or an integer beyond int()'s digits
        raise ChoreImportError(
            [Problem("", say("the file is not valid JSON: {error}", error=printable(str(error))))]
        ) from None
    if nesting_depth(data) > bounds.MAX_NESTING_DEPTH:
        raise _too_deep()
    if isinstance(data, dict):
        lists = [data[k] for k in ("res", "chores", "data") if isinstance(data.get(k), list)]
        data = lists[0] if lists else None
    if not isinstance(data, list):
        raise ChoreImportError([_not_an_export()])
    first = next((item for item in data if isinstance(item, dict)), {})
    if "frequencyType" in first:
        return Format.DONETICK, [_donetick(i, item) for i, item in enumerate(data, start=1)]
    if "period_type" in first:
        return Format.GROCY, [_grocy(i, item) for i, item in enumerate(data, start=1)]
    if not data:
        return Format.DONETICK, []
    raise ChoreImportError([_not_an_export()])


def _not_an_export() -> Problem:
    return Problem(
        "",
        say(
            "the file is JSON, but not a list of chores from Donetick (with name and "
            "frequencyType) or Grocy (with name and period_type); export the chores again, "
            "or write a CSV with the columns name, how often, minutes"
        ),
    )


def _whole(raw: object, default: int | None = None) -> int | None:
    """A whole number from JSON: a number, or digits in a string (Grocy sends "7")."""
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if abs(raw) < 10**bounds.MAX_INTEGER_DIGITS else None
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 10**bounds.MAX_INTEGER_DIGITS:
        return int(raw)
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) <= 12:
        try:
            return int(raw.strip())
        except ValueError:  # digits of another script ("٣") that int() also reads are fine
            return None
    return None


def _every(count: int, unit: str) -> str:
    """ "every N units" in the grammar; one of them is the unit's own word."""
    if unit == "year":
        return "yearly" if count == 1 else f"every {count * 12} months"
    if count == 1:
        return {"day": "daily", "week": "weekly", "month": "monthly"}[unit]
    return f"every {count} {unit}s"


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _per_week_days(days: set[str]) -> str:
    """The cadence of chosen weekdays: daily, weekdays, weekends, weekly or "N per week"."""
    if len(days) == 7:
        return "daily"
    if days == set(_WEEKDAYS[:5]):
        return "weekdays"
    if days == set(_WEEKDAYS[5:]):
        return "weekends"
    return "weekly" if len(days) == 1 else f"{len(days)} per week"


def _read_entry(number: int, item: object) -> tuple[str, str, list[str], Mapping[str, Any]]:
    """An entry's where, name and name problems, and the entry as a mapping."""
    if not isinstance(item, dict):
        where = _where("entry", number, None)
        return where, "", [say("the entry is not a chore (an object with a name)")], {}
    where = _where("entry", number, item.get("name"))
    name, problems = _name(item.get("name"))
    return where, name, problems, item


def _donetick(number: int, item: object) -> _Entry:
    """One Donetick chore; its frequency in Evenly's grammar."""
    where, name, problems, raw = _read_entry(number, item)
    if not raw:
        return _Entry(where, name, None, None, tuple(problems))
    kind = raw.get("frequencyType")
    freq = _whole(raw.get("frequency"), 1)
    meta = raw.get("frequencyMetadata")
    if isinstance(meta, str):  # older Donetick kept it as a JSON string
        try:
            meta = json.loads(meta) if len(meta) < 10_000 else None
        except (ValueError, RecursionError):
            meta = None
    meta = meta if isinstance(meta, dict) else {}
    text: str | None = None
    skip = ""
    fix = say(
        'set a fixed frequency in Donetick (daily, weekly, monthly, yearly, "every N days") '
        "and export again, or put this chore in a CSV"
    )
    if kind in ("once", "no_repeat", "trigger"):
        skip = say("it happens once or when triggered, not regularly")
    elif kind in ("daily", "weekly", "monthly", "yearly"):
        text = str(kind)
    elif kind == "interval":
        unit = meta.get("unit")
        units = {"days": "day", "weeks": "week", "months": "month", "years": "year"}
        if freq is None or freq < 1:
            problems.append(say("frequency must be a whole number of 1 or more; {fix}", fix=fix))
        elif unit not in units:
            problems.append(
                say(
                    "an interval needs frequencyMetadata.unit of days, weeks, months or years; "
                    "{fix}",
                    fix=fix,
                )
            )
        else:
            text = _every(freq, units[str(unit)])
    elif kind == "days_of_the_week":
        days = meta.get("days")
        chosen = (
            {str(d).casefold() for d in days if isinstance(d, str)}
            if isinstance(days, list)
            else set()
        )
        if not chosen or not chosen <= set(_WEEKDAYS):
            problems.append(
                say(
                    "days_of_the_week needs frequencyMetadata.days, such as "
                    '["monday", "thursday"]; {fix}',
                    fix=fix,
                )
            )
        else:
            text = _per_week_days(chosen)
    elif kind == "day_of_the_month":
        months = meta.get("months")
        count = len({str(m).casefold() for m in months}) if isinstance(months, list) else 0
        text = "monthly" if count in (0, 12) else f"{count} per year"
    elif kind == "adaptive":
        problems.append(say("Donetick's adaptive frequency has no fixed cadence; {fix}", fix=fix))
    else:
        problems.append(
            say(
                'frequencyType "{kind}" is not one Evenly knows; {fix}',
                kind=printable(str(kind), max_chars=30),
                fix=fix,
            )
        )
    return _app_entry(where, name, text, problems, skip)


def _grocy_weekly(config: object, interval: int, fix: str, problems: list[str]) -> str | None:
    """A weekly Grocy period (some weekdays, every ``interval`` weeks) in Evenly's grammar, or
    None with the problem added."""
    chosen = (
        {d.strip().casefold() for d in config.split(",") if d.strip()}
        if isinstance(config, str)
        else set()
    )
    if not chosen <= set(_WEEKDAYS):
        problems.append(
            say('period_config names weekdays, such as "monday,thursday"; {fix}', fix=fix)
        )
        return None
    if interval == 1:
        return _per_week_days(chosen) if chosen else "weekly"
    if len(chosen) <= 1:
        return _every(interval, "week")
    if len(chosen) * 52 % interval == 0:
        return f"{len(chosen) * 52 // interval} per year"
    problems.append(
        say(
            "{n} days every {weeks} weeks is no cadence Evenly can say exactly; {fix}",
            n=len(chosen),
            weeks=interval,
            fix=fix,
        )
    )
    return None


def _grocy(number: int, item: object) -> _Entry:
    """One Grocy chore (as /objects/chores gives it); its period in Evenly's grammar."""
    where, name, problems, raw = _read_entry(number, item)
    if not raw:
        return _Entry(where, name, None, None, tuple(problems))
    kind = raw.get("period_type")
    interval = _whole(raw.get("period_interval"), 1)
    days = _whole(raw.get("period_days"), 0)
    fix = say(
        "choose a daily, weekly, monthly or yearly period for it in Grocy and export again, "
        "or put this chore in a CSV"
    )
    text: str | None = None
    skip = ""
    if kind == "manually":
        skip = say("Grocy has it as done when needed, with no schedule")
    elif interval is None or interval < 1:
        problems.append(say("period_interval must be a whole number of 1 or more; {fix}", fix=fix))
    elif kind == "dynamic-regular":
        if days is None or days < 1:
            problems.append(say("period_days must be a whole number of 1 or more; {fix}", fix=fix))
        else:
            text = _every(days, "day")
    elif kind == "daily":
        text = _every(interval, "day")
    elif kind == "weekly":
        text = _grocy_weekly(raw.get("period_config"), interval, fix, problems)
    elif kind == "monthly":
        text = _every(interval, "month")
    elif kind == "yearly":
        text = _every(interval, "year")
    elif kind == "hourly":
        problems.append(
            say(
                "hourly is too often for a card: at most {max} times a week; {fix}",
                max=bounds.MAX_TIMES_PER_WEEK,
                fix=fix,
            )
        )
    else:
        problems.append(
            say(
                'period_type "{kind}" is not one Evenly knows; {fix}',
                kind=printable(str(kind), max_chars=30),
                fix=fix,
            )
        )
    return _app_entry(where, name, text, problems, skip)


__all__ = [
    "ESTIMATED_MINUTES",
    "Chore",
    "ChoreImport",
    "ChoreImportError",
    "Format",
    "HouseholdCards",
    "Problem",
    "Skipped",
    "cadence_words",
    "catalog_match",
    "match_key",
    "read_chores",
]
