"""The household document: a whole household as one JSON file, checked in full before use.

``evenly.transfer`` writes it (Household → Export, ``manage.py export_household``) and reads it
back into a new household. Everything a file may hold is checked here, in pure Python, before a
row is written: its size and nesting, every count, text length, number, date and choice, and
every reference inside it (a member key, a card name). Each problem names its place in the
document as a path (``cards[3].minutes``) and what is wrong, and every problem is listed at once
(up to :data:`~evenly.core.bounds.MAX_REPORTED_PROBLEMS`).

Members are referenced by a key that is stable within one file (``m1``, ``m2``…); cards by
their name, which is unique in a household.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from evenly.core import bounds
from evenly.core.bounds import (
    MAX_CARD_NAME_CHARS,
    MAX_CARDS,
    MAX_DOCUMENT_DEALS,
    MAX_DOCUMENT_DEPTH,
    MAX_DOCUMENT_ITEMS,
    MAX_DOCUMENT_MEMBERS,
    MAX_DOCUMENT_ROWS,
    MAX_DOCUMENT_TEXT_CHARS,
    MAX_HOUSEHOLD_DOCUMENT_BYTES,
    MAX_HOUSEHOLD_NAME_CHARS,
    MAX_MEMBERS,
    MAX_NAME_CHARS,
    MAX_REPORTED_PROBLEMS,
    MAX_STORED_STANDARD_CHARS,
    name_key,
    text_problem,
)
from evenly.core.cadence import CadenceError, parse_cadence
from evenly.core.felt import CSI4_ITEMS, SCALES
from evenly.core.model import FairnessBasis, Preference
from evenly.core.values import VALUES
from evenly.core.words import Words, say

FORMAT = "evenly-household"
VERSION = 1

PREFERENCES = tuple(p.value for p in Preference)
FAIRNESS = tuple(f.value for f in FairnessBasis)
DEAL_STATUSES = ("proposed", "active", "superseded", "withdrawn")
ENTRY_KINDS = ("did", "noticed", "planned")
AWAY_REASONS = ("travel", "illness", "other")
CHANGE_KINDS = ("skipped", "moved")
VALUE_KEYS = tuple(v.key for v in VALUES)
_MEMBER_KEY = re.compile(r"m[1-9][0-9]{0,3}")
THE_TEXT = say("The text")  # what a problem with a category or a title names


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a document: where (a path such as ``cards[2].name``) and what."""

    path: str
    message: Words


class DocumentError(ValueError):
    """A household document that cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{p.path or '(file)'}: {p.message}" for p in self.problems))


def parse_document(raw: bytes) -> Any:
    """The JSON in ``raw``, after the size and nesting bounds. Raises :class:`DocumentError`."""
    if len(raw) > MAX_HOUSEHOLD_DOCUMENT_BYTES:
        raise too_big()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError([Problem("", say("the file is not UTF-8 text"))]) from None
    # Depth is measured on the text before parsing: a deeply nested file never reaches the
    # parser's recursion.
    if _text_depth(text) > MAX_DOCUMENT_DEPTH:
        raise DocumentError(
            [
                Problem(
                    "",
                    say(
                        "the file nests objects and lists more than {max} deep",
                        max=MAX_DOCUMENT_DEPTH,
                    ),
                )
            ]
        )
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as err:
        line = getattr(err, "lineno", None)
        return_problem = (
            say("the file is not JSON (line {line})", line=line)
            if isinstance(line, int)
            else say("the file is not JSON")
        )
        raise DocumentError([Problem("", return_problem)]) from None


def too_big() -> DocumentError:
    """The error for a file over the size bound (callers refuse it before reading it whole)."""
    return DocumentError(
        [
            Problem(
                "",
                say(
                    "the file is larger than {max} bytes, the most a household file may have",
                    max=MAX_HOUSEHOLD_DOCUMENT_BYTES,
                ),
            )
        ]
    )


def _no_constant(name: str) -> object:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _text_depth(text: str) -> int:
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


class _Checker:
    """Walks a document and collects problems; each ``field`` check returns the value or None."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.members: dict[str, bool] = {}  # key -> current (has not left)
        self.cards: set[str] = set()

    def add(self, path: str, message: Words) -> None:
        self.problems.append(Problem(path, message))

    # --- fields ------------------------------------------------------------------------
    def obj(self, path: str, value: object) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, say("must be an object"))
            return None
        return value

    def items(self, path: str, value: object, most: int) -> list[Any]:
        if not isinstance(value, list):
            self.add(path, say("must be a list"))
            return []
        if len(value) > most:
            self.add(path, say("has {n} items; at most {max}", n=len(value), max=most))
            return []
        return value

    def text(
        self, o: Mapping[str, Any], path: str, key: str, *, most: int, blank: bool = True
    ) -> str | None:
        value = o.get(key, "" if blank else None)
        if not isinstance(value, str):
            self.add(f"{path}.{key}", say("must be text"))
            return None
        if len(value) > most:
            self.add(
                f"{path}.{key}",
                say("has {n} characters; at most {max}", n=len(value), max=most),
            )
            return None
        if not blank and not value.strip():
            self.add(f"{path}.{key}", say("cannot be empty"))
            return None
        if any((ord(ch) < 32 and ch not in "\t\n\r") or ch == "\x7f" for ch in value):
            self.add(f"{path}.{key}", say("contains a control character"))
            return None
        return value

    def name(
        self, o: Mapping[str, Any], path: str, key: str, *, most: int, what: str = THE_TEXT
    ) -> str | None:
        """One line of text a person reads (a name, a title): not empty, no control characters."""
        value = o.get(key)
        if not isinstance(value, str):
            self.add(f"{path}.{key}", say("must be text"))
            return None
        problem = text_problem(value, what=what, max_chars=most)
        if problem:
            self.add(f"{path}.{key}", problem)
            return None
        return value

    def choice(self, o: Mapping[str, Any], path: str, key: str, options: Sequence[str]) -> None:
        value = o.get(key)
        if value not in options:
            self.add(
                f"{path}.{key}",
                say("must be one of {options}", options=", ".join(options)),
            )

    def flag(self, o: Mapping[str, Any], path: str, key: str) -> None:
        if not isinstance(o.get(key, False), bool):
            self.add(f"{path}.{key}", say("must be true or false"))

    def integer(
        self, o: Mapping[str, Any], path: str, key: str, low: int, high: int, *, null: bool = False
    ) -> int | None:
        value = o.get(key)
        if value is None and null:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.add(
                f"{path}.{key}",
                say("must be a whole number from {low} to {high}", low=low, high=high),
            )
            return None
        return value

    def number(
        self,
        o: Mapping[str, Any],
        path: str,
        key: str,
        low: Decimal,
        high: Decimal,
        *,
        places: int = 2,
        null: bool = False,
    ) -> None:
        """A decimal written as text ("12.5"): exact, never a float."""
        value = o.get(key)
        if value is None and null:
            return
        problem = say(
            'must be a number written as text, such as "{example}", from {low} to {high}',
            example="12.5",
            low=str(low),
            high=str(high),
        )
        if not isinstance(value, str) or len(value) > 20:
            self.add(f"{path}.{key}", problem)
            return
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.add(f"{path}.{key}", problem)
            return
        if not number.is_finite() or not low <= number <= high:
            self.add(f"{path}.{key}", problem)
        elif -number.as_tuple().exponent > places:  # type: ignore[operator]
            self.add(f"{path}.{key}", say("has more than {n} decimal places", n=places))

    def when(
        self,
        o: Mapping[str, Any],
        path: str,
        key: str,
        kind: type[date | datetime | time],
        *,
        null: bool = True,
    ) -> None:
        value = o.get(key)
        if value is None and null:
            return
        parse: Callable[[str], object] = kind.fromisoformat
        try:
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            parsed = parse(value)
            if isinstance(parsed, date) and not bounds.MIN_YEAR <= parsed.year <= bounds.MAX_YEAR:
                raise ValueError
            if isinstance(parsed, datetime) and parsed.tzinfo is None:
                raise ValueError
        except ValueError:
            example = {
                date: "2026-03-01",
                datetime: "2026-03-01T09:30:00+00:00",
                time: "07:30",
            }[kind]
            self.add(
                f"{path}.{key}",
                say("must be a date or time such as {example}", example=example),
            )

    def member(
        self, o: Mapping[str, Any], path: str, key: str, *, null: bool = False
    ) -> str | None:
        value = o.get(key)
        if value is None and null:
            return None
        if not isinstance(value, str) or value not in self.members:
            self.add(f"{path}.{key}", say("must be the key of a member in this file"))
            return None
        return value

    def member_list(self, o: Mapping[str, Any], path: str, key: str) -> list[str]:
        out: list[str] = []
        for i, value in enumerate(self.items(f"{path}.{key}", o.get(key, []), MAX_MEMBERS * 4)):
            if not isinstance(value, str) or value not in self.members:
                self.add(f"{path}.{key}[{i}]", say("must be the key of a member in this file"))
            elif value in out:
                self.add(f"{path}.{key}[{i}]", say("names a member twice"))
            else:
                out.append(value)
        return out

    def card(self, o: Mapping[str, Any], path: str, key: str, *, null: bool = False) -> None:
        value = o.get(key)
        if value is None and null:
            return
        if not isinstance(value, str) or value not in self.cards:
            self.add(f"{path}.{key}", say("must be the name of a card in this file"))

    def once(self, seen: set[object], key: object, path: str, what: Words) -> None:
        if key in seen:
            self.add(path, what)
        seen.add(key)


def document_problems(data: object) -> list[Problem]:
    """Every problem with a parsed document, in document order; empty when it can be used."""
    c = _Checker()
    doc = c.obj("", data)
    if doc is None:
        return c.problems
    if doc.get("format") != FORMAT:
        c.add("format", say('must be "{format}"', format=FORMAT))
    if doc.get("version") != VERSION:
        c.add(
            "version",
            say("this Evenly reads version {version} of the household file", version=VERSION),
        )
    if c.problems:  # another kind of file: the rest would only be noise
        return c.problems
    # No database keeps a NUL character in text, wherever it hides (a deal's certificate too).
    for path in _nul_paths(doc, ""):
        c.add(path, say("contains a NUL character"))
    _household(c, doc.get("household"))
    _members(c, doc.get("members"))
    _cards(c, doc.get("cards"))
    _deals(c, doc.get("deals", []))
    _ledger(c, doc)
    _values(c, doc.get("values", {}))
    _goals(c, doc.get("goals", []))
    _felt(c, doc.get("how_it_feels", {}))
    return c.problems


def checked(data: object) -> Mapping[str, Any]:
    """``data`` when it is a usable document. Raises :class:`DocumentError` listing every
    problem (at most :data:`~evenly.core.bounds.MAX_REPORTED_PROBLEMS`)."""
    problems = document_problems(data)
    if problems:
        shown = problems[:MAX_REPORTED_PROBLEMS]
        if len(problems) > len(shown):
            shown.append(Problem("", say("{n} more problems follow", n=len(problems) - len(shown))))
        raise DocumentError(shown)
    assert isinstance(data, dict)
    return data


def _nul_paths(value: object, path: str) -> list[str]:
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_paths(v, f"{path}[{i}]")]
    if isinstance(value, dict):
        found = []
        for k, v in value.items():
            here = f"{path}.{k}" if path else str(k)
            found += [here] if "\x00" in str(k) else _nul_paths(v, here)
        return found
    return []


def _household(c: _Checker, value: object) -> None:
    h = c.obj("household", value)
    if h is None:
        return
    c.name(h, "household", "name", most=MAX_HOUSEHOLD_NAME_CHARS, what=bounds.THE_NAME)
    zone = h.get("time_zone")
    if not isinstance(zone, str) or zone not in zoneinfo.available_timezones():
        c.add("household.time_zone", say("must be a time zone such as Europe/Berlin"))
    c.choice(h, "household", "fairness", FAIRNESS)
    c.integer(h, "household", "tolerance_minutes", 0, bounds.MAX_TOLERANCE_MINUTES)
    c.integer(h, "household", "drift_weeks", bounds.MIN_DRIFT_WEEKS, bounds.MAX_DRIFT_WEEKS)
    c.flag(h, "household", "count_personal_time")
    c.when(h, "household", "created_at", datetime, null=False)


def _members(c: _Checker, value: object) -> None:
    names: set[object] = set()
    you = 0
    current = 0
    for i, item in enumerate(c.items("members", value, MAX_DOCUMENT_MEMBERS)):
        path = f"members[{i}]"
        m = c.obj(path, item)
        if m is None:
            continue
        key = m.get("key")
        if not isinstance(key, str) or not _MEMBER_KEY.fullmatch(key):
            c.add(f"{path}.key", say('must be a member key such as "m1"'))
        elif key in c.members:
            c.add(f"{path}.key", say("is used by two members"))
        name = c.name(m, path, "display_name", most=MAX_NAME_CHARS, what=bounds.THE_NAME)
        if name is not None:
            c.once(names, name_key(name), f"{path}.display_name", say("is used by two members"))
        c.flag(m, path, "you")
        c.number(m, path, "paid_hours", Decimal(0), Decimal(bounds.MAX_PAID_HOURS))
        c.integer(m, path, "personal_time_goal_minutes", 0, bounds.MAX_PERSONAL_MINUTES)
        c.number(m, path, "share", Decimal(0), Decimal(1), places=4, null=True)
        c.number(m, path, "capacity", Decimal(0), Decimal(1), places=3)
        c.when(m, path, "joined_at", datetime, null=False)
        c.when(m, path, "left_at", datetime)
        gone = m.get("left_at") is not None
        if m.get("you") is True:
            you += 1
            if gone:
                c.add(f"{path}.you", say("the member who exported the file has not left"))
        if not gone:
            current += 1
        if isinstance(key, str) and _MEMBER_KEY.fullmatch(key):
            c.members.setdefault(key, not gone)
    if value is not None and isinstance(value, list) and you != 1:
        c.add("members", say('exactly one member must be marked "you": true'))
    if current > MAX_MEMBERS:
        c.add(
            "members",
            say(
                "{n} members have not left; a household has at most {max}",
                n=current,
                max=MAX_MEMBERS,
            ),
        )


def _cards(c: _Checker, value: object) -> None:
    rows = c.items("cards", value, MAX_CARDS)
    # Names first: deals, the ledger and the schedule refer to cards by name.
    keys: set[object] = set()
    for i, item in enumerate(rows):
        if isinstance(item, dict):
            name = c.name(
                item, f"cards[{i}]", "name", most=MAX_CARD_NAME_CHARS, what=bounds.THE_NAME
            )
            if name is not None:
                c.once(keys, name_key(name), f"cards[{i}].name", say("is used by two cards"))
                c.cards.add(name)
    for i, item in enumerate(rows):
        path = f"cards[{i}]"
        card = c.obj(path, item)
        if card is None:
            continue
        c.text(card, path, "catalog_key", most=60)
        c.name(card, path, "category", most=60)
        cadence = c.text(card, path, "cadence", most=40, blank=False)
        if cadence is not None:
            try:
                parse_cadence(cadence, clamp=True)
            except CadenceError as err:
                c.add(
                    f"{path}.cadence",
                    err.args[0]
                    if isinstance(err.args[0], Words)
                    else say("is not a cadence Evenly reads, such as weekly or 3 per week"),
                )
        c.number(card, path, "minutes", Decimal(0), Decimal(bounds.MAX_MINUTES))
        c.number(card, path, "mental_minutes", Decimal(0), Decimal(bounds.MAX_MENTAL_MINUTES))
        c.text(card, path, "standard", most=MAX_STORED_STANDARD_CHARS)
        c.member(card, path, "locked_to", null=True)
        rotation = c.member_list(card, path, "rotation")
        if rotation and card.get("locked_to") is not None:
            c.add(f"{path}.rotation", say("a card is either locked to someone or rotated"))
        c.flag(card, path, "paused")
        c.flag(card, path, "any_day")
        days = c.items(f"{path}.weekdays", card.get("weekdays", []), 7)
        if any(not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 6 for d in days):
            c.add(f"{path}.weekdays", say("must list days of the week from 0 (Monday) to 6"))
        elif len(set(days)) != len(days):
            c.add(f"{path}.weekdays", say("names a day twice"))
        c.integer(card, path, "month_day", bounds.MIN_MONTH_DAY, bounds.MAX_MONTH_DAY, null=True)
        c.when(card, path, "at", time)
        c.integer(card, path, "schedule_salt", 0, bounds.MAX_ID, null=True)
        c.when(card, path, "created_at", datetime, null=False)
        seen: set[object] = set()
        for j, r in enumerate(c.items(f"{path}.ratings", card.get("ratings", []), MAX_MEMBERS * 4)):
            rpath = f"{path}.ratings[{j}]"
            rating = c.obj(rpath, r)
            if rating is None:
                continue
            who = c.member(rating, rpath, "member")
            if who is not None:
                c.once(seen, who, f"{rpath}.member", say("rates this card twice"))
            c.choice(rating, rpath, "preference", PREFERENCES)
            c.number(rating, rpath, "minutes", Decimal(0), Decimal(bounds.MAX_MINUTES), null=True)
            c.text(rating, rpath, "standard", most=MAX_STORED_STANDARD_CHARS)


def _deals(c: _Checker, value: object) -> None:
    versions: set[object] = set()
    active = 0
    for i, item in enumerate(c.items("deals", value, MAX_DOCUMENT_DEALS)):
        path = f"deals[{i}]"
        deal = c.obj(path, item)
        if deal is None:
            continue
        version = c.integer(deal, path, "version", 1, 10**6)
        if version is not None:
            c.once(versions, version, f"{path}.version", say("is used by two deals"))
        c.choice(deal, path, "status", DEAL_STATUSES)
        active += deal.get("status") == "active"
        c.member(deal, path, "proposed_by", null=True)
        c.choice(deal, path, "fairness", FAIRNESS)
        c.when(deal, path, "created_at", datetime, null=False)
        c.when(deal, path, "activated_at", datetime)
        if not isinstance(deal.get("certificate"), dict):
            c.add(f"{path}.certificate", say("must be an object"))
        for j, item2 in enumerate(c.items(f"{path}.cards", deal.get("cards"), MAX_CARDS)):
            cpath = f"{path}.cards[{j}]"
            dc = c.obj(cpath, item2)
            if dc is None:
                continue
            c.card(dc, cpath, "card", null=True)
            c.name(dc, cpath, "name", most=MAX_CARD_NAME_CHARS, what=bounds.THE_NAME)
            c.name(dc, cpath, "category", most=60)
            c.text(dc, cpath, "cadence", most=40, blank=False)
            c.member(dc, cpath, "owner", null=True)
            c.member_list(dc, cpath, "rotation")
            c.text(dc, cpath, "reason", most=MAX_DOCUMENT_TEXT_CHARS)
            words = dc.get("reason_words")
            if words is not None and not isinstance(words, dict):
                c.add(f"{cpath}.reason_words", say("must be an object"))
            c.flag(dc, cpath, "locked")
        accepted: set[object] = set()
        for j, a in enumerate(c.items(f"{path}.accepted_by", deal.get("accepted_by", []), 32)):
            apath = f"{path}.accepted_by[{j}]"
            acc = c.obj(apath, a)
            if acc is None:
                continue
            who = c.member(acc, apath, "member")
            if who is not None:
                c.once(accepted, who, f"{apath}.member", say("accepts the deal twice"))
            c.when(acc, apath, "at", datetime, null=False)
    if active > 1:
        c.add("deals", say("only one deal can be in force"))


def _ledger(c: _Checker, doc: Mapping[str, Any]) -> None:
    done: set[object] = set()
    for i, item in enumerate(c.items("ledger", doc.get("ledger", []), MAX_DOCUMENT_ROWS)):
        path = f"ledger[{i}]"
        e = c.obj(path, item)
        if e is None:
            continue
        c.member(e, path, "member")
        c.card(e, path, "card", null=True)
        if "title" in e:
            c.text(e, path, "title", most=120, blank=False)
        c.choice(e, path, "kind", ENTRY_KINDS)
        c.number(e, path, "minutes", Decimal(0), Decimal(bounds.MAX_MENTAL_MINUTES))
        c.when(e, path, "done_on", date, null=False)
        c.when(e, path, "due_on", date)
        c.member(e, path, "covered_for", null=True)
        c.when(e, path, "created_at", datetime, null=False)
        if e.get("kind") == "did" and e.get("card") and e.get("due_on"):
            c.once(
                done,
                (e.get("card"), e.get("due_on")),
                path,
                say("a card's occurrence is done once; this one is in the ledger twice"),
            )
    covered: set[object] = set()
    for i, item in enumerate(c.items("away", doc.get("away", []), MAX_DOCUMENT_ITEMS)):
        path = f"away[{i}]"
        a = c.obj(path, item)
        if a is None:
            continue
        c.member(a, path, "member")
        c.when(a, path, "starts_on", date, null=False)
        c.when(a, path, "ends_on", date, null=False)
        c.choice(a, path, "reason", AWAY_REASONS)
        for j, cv in enumerate(c.items(f"{path}.covers", a.get("covers", []), MAX_DOCUMENT_ITEMS)):
            cpath = f"{path}.covers[{j}]"
            cover = c.obj(cpath, cv)
            if cover is None:
                continue
            c.card(cover, cpath, "card")
            c.when(cover, cpath, "due_on", date, null=False)
            c.member(cover, cpath, "member")
            c.member(cover, cpath, "covered_for")
            c.once(
                covered,
                (cover.get("card"), cover.get("due_on")),
                cpath,
                say("an occurrence is covered once; this one is covered twice"),
            )
    changed: set[object] = set()
    rows = c.items("occurrence_changes", doc.get("occurrence_changes", []), MAX_DOCUMENT_ROWS)
    for i, item in enumerate(rows):
        path = f"occurrence_changes[{i}]"
        ch = c.obj(path, item)
        if ch is None:
            continue
        c.card(ch, path, "card")
        c.when(ch, path, "due_on", date, null=False)
        c.choice(ch, path, "kind", CHANGE_KINDS)
        c.when(ch, path, "to_date", date)
        c.text(ch, path, "reason", most=bounds.MAX_SKIP_REASON_CHARS)
        c.member(ch, path, "by")
        c.member(ch, path, "owner", null=True)
        c.number(ch, path, "minutes", Decimal(0), Decimal(bounds.MAX_MENTAL_MINUTES))
        c.once(
            changed,
            (ch.get("card"), ch.get("due_on")),
            path,
            say("an occurrence is skipped or moved once; this one is changed twice"),
        )
    rows = c.items("personal_time", doc.get("personal_time", []), MAX_DOCUMENT_ROWS)
    for i, item in enumerate(rows):
        path = f"personal_time[{i}]"
        p = c.obj(path, item)
        if p is None:
            continue
        c.member(p, path, "member")
        c.number(p, path, "minutes", Decimal(0), Decimal(bounds.MAX_MINUTES))
        c.when(p, path, "on", date, null=False)
        c.text(p, path, "what", most=120)


def _values(c: _Checker, value: object) -> None:
    v = c.obj("values", value)
    if v is None:
        return
    mine = v.get("my_card")
    if mine is not None:
        card = c.obj("values.my_card", mine)
        if card is not None:
            path = "values.my_card"
            c.member(card, path, "member")
            c.text(card, path, "stand_for", most=MAX_DOCUMENT_TEXT_CHARS)
            c.when(card, path, "shared_at", datetime)
            keys: set[object] = set()
            for j, p in enumerate(c.items(f"{path}.picks", card.get("picks", []), 60)):
                ppath = f"{path}.picks[{j}]"
                pick = c.obj(ppath, p)
                if pick is None:
                    continue
                key, own = pick.get("key", ""), pick.get("own", "")
                if (key == "") == (own == ""):
                    c.add(ppath, say("a value is a key from the list or the member's own words"))
                elif key:
                    c.choice(pick, ppath, "key", VALUE_KEYS)
                    c.once(keys, key, f"{ppath}.key", say("names a value twice"))
                else:
                    c.text(pick, ppath, "own", most=40)
    numbers: set[object] = set()
    for i, item in enumerate(c.items("values.mission", v.get("mission", []), MAX_DOCUMENT_ITEMS)):
        path = f"values.mission[{i}]"
        m = c.obj(path, item)
        if m is None:
            continue
        number = c.integer(m, path, "number", 1, 10**6)
        if number is not None:
            c.once(numbers, number, f"{path}.number", say("is used by two versions"))
        c.text(m, path, "text", most=MAX_DOCUMENT_TEXT_CHARS, blank=False)
        c.member(m, path, "author", null=True)
        c.when(m, path, "created_at", datetime, null=False)
        _agreements(c, m, path, "agreed_by")


def _agreements(c: _Checker, o: Mapping[str, Any], path: str, key: str) -> None:
    seen: set[object] = set()
    for j, a in enumerate(c.items(f"{path}.{key}", o.get(key, []), 32)):
        apath = f"{path}.{key}[{j}]"
        agreement = c.obj(apath, a)
        if agreement is None:
            continue
        who = c.member(agreement, apath, "member")
        if who is not None:
            c.once(seen, who, f"{apath}.member", say("agrees twice"))
        c.when(agreement, apath, "at", datetime, null=False)


def _felt(c: _Checker, value: object) -> None:
    """How it feels (the monthly check), optional: whether it is on, and answers whose numbers
    lie within the core's bounds, one per member and month. ``open`` marks an answer to a month
    everyone had answered."""
    f = c.obj("how_it_feels", value)
    if f is None:
        return
    c.flag(f, "how_it_feels", "on")
    seen: set[object] = set()
    answers = c.items("how_it_feels.answers", f.get("answers", []), MAX_DOCUMENT_ROWS)
    for i, item in enumerate(answers):
        path = f"how_it_feels.answers[{i}]"
        a = c.obj(path, item)
        if a is None:
            continue
        who = c.member(a, path, "member")
        c.when(a, path, "month", date, null=False)
        c.flag(a, path, "open")
        for name in SCALES:
            c.integer(a, path, name, bounds.FELT_MIN, bounds.FELT_MAX)
        for name, top in CSI4_ITEMS:
            c.integer(a, path, name, 0, top)
        month = a.get("month")
        if who is not None and isinstance(month, str):
            c.once(seen, (who, month[:7]), f"{path}.month", say("answers this month twice"))


def _goals(c: _Checker, value: object) -> None:
    for i, item in enumerate(c.items("goals", value, MAX_DOCUMENT_ITEMS)):
        path = f"goals[{i}]"
        g = c.obj(path, item)
        if g is None:
            continue
        c.name(g, path, "title", most=120)
        c.text(g, path, "why", most=MAX_DOCUMENT_TEXT_CHARS)
        c.when(g, path, "target_on", date)
        c.member_list(g, path, "owners")
        c.member(g, path, "created_by", null=True)
        for key in ("created_at", "reached_at", "archived_at"):
            c.when(g, path, key, datetime, null=key != "created_at")
        steps = c.items(f"{path}.milestones", g.get("milestones", []), MAX_DOCUMENT_ITEMS)
        for j, s in enumerate(steps):
            spath = f"{path}.milestones[{j}]"
            step = c.obj(spath, s)
            if step is None:
                continue
            c.name(step, spath, "title", most=120)
            c.member(step, spath, "owner")
            c.when(step, spath, "due_on", date)
            c.when(step, spath, "done_at", datetime)
            c.member(step, spath, "done_by", null=True)
            c.when(step, spath, "created_at", datetime, null=False)
