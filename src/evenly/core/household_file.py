"""The household file: a TOML description of a household, read and checked in full.

Every problem is reported at once, each naming the file, where in it (member or card), the
field, what is wrong and what to write instead. Nothing here raises a traceback for bad input:
callers catch :class:`HouseholdFileError`.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

from evenly.core import bounds
from evenly.core.bounds import (
    MAX_CARD_NAME_CHARS,
    MAX_CARDS,
    MAX_FILE_BYTES,
    MAX_HOUSEHOLD_NAME_CHARS,
    MAX_MEMBERS,
    MAX_NAME_CHARS,
    MAX_NESTING_DEPTH,
    MAX_REPORTED_PROBLEMS,
    MAX_STANDARD_CHARS,
    Bound,
    name_key,
    text_problem,
)
from evenly.core.bounds import (
    MAX_PAID_HOURS as MAX_PAID_HOURS,  # re-exported: it used to be defined here
)
from evenly.core.bounds import (
    MAX_PERSONAL_HOURS as MAX_PERSONAL_HOURS,
)
from evenly.core.cadence import Cadence, CadenceError, parse_cadence
from evenly.core.catalog import CatalogCard, catalog_cards, load_catalog
from evenly.core.model import (
    DEFAULT_TOLERANCE_MINUTES,
    WAKING_HOURS_PER_WEEK,
    FairnessBasis,
    Household,
    Member,
    Preference,
    Rating,
    Responsibility,
)
from evenly.core.units import number_text

SHARE_SUM_SLACK = Fraction(1, 10**6)

_TOP_FIELDS = (
    "name",
    "fairness",
    "tolerance_minutes",
    "count_personal_time",
    "members",
    "responsibilities",
)
_MEMBER_FIELDS = ("name", "paid_hours", "share", "personal_hours", "capacity")
_CARD_FIELDS = (
    "name",
    "catalog",
    "category",
    "cadence",
    "minutes",
    "mental_minutes",
    "standard",
    "owner",
    "rotate",
    "current",
    "ratings",
)
_RATING_FIELDS = ("preference", "minutes")
_PREFERENCES = tuple(p.value for p in Preference)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a household file."""

    where: str  # "member \"Sam\"", "card \"Laundry\"", or "" for the file itself
    field: str
    message: str

    def describe(self, source: str) -> str:
        """One line: the file, where in it, the field and the message, safe for a terminal."""
        parts = [source]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field {self.field}")
        return printable(", ".join(parts) + ": " + self.message)


def printable(text: str, *, max_chars: int = 400) -> str:
    """``text`` on one line with control and invisible characters escaped (a file's keys and
    values reach the terminal through messages) and cut to ``max_chars``."""
    if len(text) > max_chars:
        text = text[:max_chars] + "..."
    return "".join(
        ch if ch.isprintable() or ch == "\u200d" else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def _shown(value: object) -> str:
    """A value from the file, as a message quotes it: repr, cut short."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**18:
        return "a number far too large"
    if isinstance(value, dict | list) and len(value) > 3:
        return f"a {'table' if isinstance(value, dict) else 'list'} of {len(value)} items"
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # a huge int or a deeply nested value
        return "a value Evenly cannot show"
    return text if len(text) <= 60 else text[:57] + "..."


class HouseholdFileError(ValueError):
    """A household file that cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(p.describe(source) for p in self.problems))


def _too_big(size: int | None = None) -> Problem:
    """The file is over the bound: ``size`` bytes when known, else simply too large."""
    what = f"is {size:,} bytes" if size is not None else f"is over {MAX_FILE_BYTES:,} bytes"
    return Problem("", "", f"{what}; a household file is at most {MAX_FILE_BYTES:,} bytes")


def read_bounded(stream: BinaryIO, *, source: str) -> str:
    """Read UTF-8 text from ``stream``, at most :data:`~evenly.core.bounds.MAX_FILE_BYTES`.

    Reads one byte more than the bound to tell a file at the bound from a larger one, so a
    huge input (a pipe, a device) is never read whole. Raises :class:`HouseholdFileError`.
    """
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise HouseholdFileError(source, [_too_big()])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HouseholdFileError(source, [Problem("", "", "is not UTF-8 text")]) from None


def load_household(path: str | Path) -> Household:
    """Read and check a household file. Raises :class:`HouseholdFileError` on any problem.

    A file over :data:`~evenly.core.bounds.MAX_FILE_BYTES` is refused before it is read.
    """
    path = Path(path)
    source = str(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise HouseholdFileError(source, [_too_big(size)])
        with path.open("rb") as stream:
            text = read_bounded(stream, source=source)
    except FileNotFoundError:
        raise HouseholdFileError(
            source, [Problem("", "", "no such file; create one with `evenly new FILE`")]
        ) from None
    except IsADirectoryError:
        raise HouseholdFileError(source, [Problem("", "", "is a folder, not a file")]) from None
    except OSError as err:
        raise HouseholdFileError(
            source, [Problem("", "", f"cannot be read: {err.strerror}")]
        ) from None
    except HouseholdFileError:
        raise
    except ValueError:  # a NUL character in the file's name
        raise HouseholdFileError(source, [Problem("", "", "is not a usable file name")]) from None
    return parse_household(text, source=source)


def parse_household(text: str, *, source: str = "<household>") -> Household:
    """Parse household TOML text. Raises :class:`HouseholdFileError` on any problem.

    Text over :data:`~evenly.core.bounds.MAX_FILE_BYTES` is refused before parsing; TOML
    nested deeper than :data:`~evenly.core.bounds.MAX_NESTING_DEPTH` and integers too long to
    convert are refused as problems, never raised.
    """
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise HouseholdFileError(source, [_too_big(len(text.encode("utf-8", "surrogatepass")))])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise HouseholdFileError(
            source, [Problem("", "", f"is not valid TOML: {printable(str(err))}")]
        ) from None
    except RecursionError:
        raise HouseholdFileError(source, [_too_deep()]) from None
    except ValueError as err:  # an integer with thousands of digits, beyond int()'s limit
        raise HouseholdFileError(
            source, [Problem("", "", f"holds a value Evenly cannot read: {printable(str(err))}")]
        ) from None
    return household_from_data(data, source=source)


def _too_deep() -> Problem:
    return Problem(
        "",
        "",
        f"nests tables or lists more than {MAX_NESTING_DEPTH} deep; a household file needs 5",
    )


def nesting_depth(data: object, *, limit: int = MAX_NESTING_DEPTH) -> int:
    """How deeply lists and tables nest in ``data`` (a scalar is 0), walked without recursion;
    the walk stops as soon as the depth passes ``limit`` (a hostile file need not be read to
    its bottom), so any answer above ``limit`` means "too deep"."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Iterable[object] = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def household_from_data(data: Mapping[str, Any], *, source: str = "<household>") -> Household:
    """Build a household from already-parsed data, checking everything."""
    if nesting_depth(data) > MAX_NESTING_DEPTH:
        raise HouseholdFileError(source, [_too_deep()])
    reader = _Reader()
    household = reader.household(data)
    if reader.problems or household is None:
        raise HouseholdFileError(source, reader.problems)
    return household


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f'"{v}"' for v in values)


@dataclass(frozen=True, slots=True)
class _CardSource:
    """Where a card's fields come from: the card's own table, else the catalog card it names."""

    item: Mapping[str, Any]
    base: CatalogCard | None

    @property
    def key(self) -> object:
        """The catalog key as written (None when the card names no catalog card)."""
        return self.item.get("catalog")

    def field(self, field_name: str) -> object:
        if field_name in self.item:
            return self.item[field_name]
        if self.base is None:
            return None
        return {
            "category": self.base.category,
            "cadence": self.base.cadence.text,
            "minutes": self.base.minutes,
            "mental_minutes": self.base.mental_minutes,
            "standard": self.base.standard,
        }[field_name]


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.extra = 0  # problems beyond those reported
        self.count = 0  # every problem found, reported or not

    def add(self, where: str, field: str, message: str) -> None:
        self.count += 1
        if len(self.problems) == MAX_REPORTED_PROBLEMS:
            self.problems.append(
                Problem("", "", f"more problems follow; fix these {MAX_REPORTED_PROBLEMS} first")
            )
        if len(self.problems) <= MAX_REPORTED_PROBLEMS:
            self.problems.append(Problem(where, field, message))
        else:
            self.extra += 1

    def unknown_fields(self, where: str, raw: Mapping[str, Any], known: Sequence[str]) -> None:
        for key in raw:
            if key not in known:
                self.add(
                    where,
                    key,
                    f"is not a field Evenly knows{_suggest(key, known)}; "
                    f"the fields here are {', '.join(known)}",
                )

    def number(
        self,
        where: str,
        field: str,
        value: object,
        *,
        bound: Bound,
        strict: bool = False,
        example: str,
    ) -> Fraction | None:
        """The number in ``value`` when it lies within ``bound`` (above its low end if
        ``strict``), else None with a problem naming the bound."""
        if not _is_number(value):
            self.add(
                where, field, f"must be a number, such as {field} = {example}; got {_shown(value)}"
            )
            return None
        assert isinstance(value, int | float)
        if value != value or value in (float("inf"), float("-inf")):
            self.add(where, field, f"must be a finite number, such as {field} = {example}")
            return None
        # Compared before any conversion: a 4,000-digit integer is refused, not computed with.
        low, high = bound.low, bound.high
        low_ok = value > low if strict else value >= low
        if not low_ok:
            word = "more than" if strict else "at least"
            self.add(where, field, f"must be {word} {number_text(low)}; got {_shown(value)}")
            return None
        if value > high:
            self.add(where, field, f"must be at most {bound.describe}; got {_shown(value)}")
            return None
        return Fraction(str(value))

    def text(
        self, where: str, field: str, value: object, *, example: str, max_chars: int
    ) -> str | None:
        """Non-empty one-line text of at most ``max_chars``, stripped; else None and a problem."""
        if not isinstance(value, str) or not value.strip():
            self.add(where, field, f'must be non-empty text, such as {field} = "{example}"')
            return None
        problem = text_problem(value.strip(), what="it", max_chars=max_chars)
        if problem is not None:
            self.add(where, field, problem)
            return None
        return value.strip()

    # -- the household -------------------------------------------------------------------

    def household(self, data: Mapping[str, Any]) -> Household | None:
        self.unknown_fields("", data, _TOP_FIELDS)
        name = self.text(
            "",
            "name",
            data.get("name"),
            example="Robin & Sam",
            max_chars=MAX_HOUSEHOLD_NAME_CHARS,
        )

        fairness_raw = data.get("fairness", FairnessBasis.EQUAL.value)
        choices = [b.value for b in FairnessBasis]
        fairness: FairnessBasis | None = None
        if isinstance(fairness_raw, str) and fairness_raw in choices:
            fairness = FairnessBasis(fairness_raw)
        else:
            hint = _suggest(fairness_raw, choices) if isinstance(fairness_raw, str) else ""
            self.add(
                "",
                "fairness",
                f"must be one of {_quoted(choices)}; got {_shown(fairness_raw)}{hint}",
            )

        tolerance = self.number(
            "",
            "tolerance_minutes",
            data.get("tolerance_minutes", DEFAULT_TOLERANCE_MINUTES),
            bound=bounds.TOLERANCE_MINUTES,
            example="15",
        )

        count_personal_time = data.get("count_personal_time", False)
        if not isinstance(count_personal_time, bool):
            self.add(
                "",
                "count_personal_time",
                f"must be true or false, such as count_personal_time = true; "
                f"got {_shown(count_personal_time)}",
            )
            count_personal_time = False

        members = self.members(data.get("members"), fairness)
        names = [m.name for m in members] if members is not None else None
        if members is not None and fairness is not None:
            self.targets_possible(members, fairness, count_personal_time)
        cards = self.cards(data.get("responsibilities", []), names)

        if None in (name, fairness, tolerance, members, cards):
            return None
        assert name is not None and fairness is not None and tolerance is not None
        assert members is not None and cards is not None
        if self.problems:
            return None
        return Household(
            name=name,
            members=tuple(members),
            responsibilities=tuple(cards),
            fairness=fairness,
            tolerance_minutes=tolerance,
            count_personal_time=count_personal_time,
        )

    def targets_possible(
        self, members: Sequence[Member], fairness: FairnessBasis, count_personal_time: bool
    ) -> None:
        """Report what stops the fairness rule from setting targets (as target_coefficients)."""
        if all(m.capacity == 0 for m in members):
            self.add(
                "",
                "capacity",
                "every member's capacity is 0, so nobody is left to carry the home work; "
                "give at least one member a capacity above 0",
            )
        if fairness is FairnessBasis.FREE_TIME and count_personal_time:
            waking = Fraction(WAKING_HOURS_PER_WEEK)
            if all(m.paid_hours + m.personal_hours >= waking for m in members):
                self.add(
                    "",
                    "count_personal_time",
                    f'fairness = "free-time" needs some free time, but every member\'s paid '
                    f"and personal hours fill the {WAKING_HOURS_PER_WEEK}-hour waking week; "
                    "lower some personal_hours or set count_personal_time = false",
                )

    def members(self, raw: object, fairness: FairnessBasis | None) -> list[Member] | None:
        if not isinstance(raw, list) or not raw:
            self.add(
                "",
                "members",
                'needs at least one member: add a [[members]] table with name = "Robin"',
            )
            return None
        if len(raw) > MAX_MEMBERS:
            self.add(
                "", "members", f"has {len(raw)} members; a household has 1 to {MAX_MEMBERS} members"
            )
            return None
        members: list[Member] = []
        seen: set[str] = set()
        ok = True
        for index, item in enumerate(raw, start=1):
            where = f"member {index}"
            if not isinstance(item, dict):
                self.add(where, "", "must be a [[members]] table")
                ok = False
                continue
            name = self.text(
                where, "name", item.get("name"), example="Robin", max_chars=MAX_NAME_CHARS
            )
            if name is not None:
                where = f'member "{name}"'
                if name_key(name) in seen:
                    self.add(
                        where,
                        "name",
                        "is used twice (names that differ only in capitals or spaces are "
                        "the same name); give each member a different name",
                    )
                    ok = False
                seen.add(name_key(name))
            self.unknown_fields(where, item, _MEMBER_FIELDS)
            paid = self.number(
                where,
                "paid_hours",
                item.get("paid_hours", 0),
                bound=bounds.PAID_HOURS,
                example="38",
            )
            personal = self.number(
                where,
                "personal_hours",
                item.get("personal_hours", 0),
                bound=bounds.PERSONAL_HOURS,
                example="4",
            )
            capacity = self.number(
                where,
                "capacity",
                item.get("capacity", 1),
                bound=bounds.CAPACITY,
                example="0.5",
            )
            share: Fraction | None = None
            if fairness is FairnessBasis.CUSTOM:
                if "share" not in item:
                    self.add(
                        where, "share", 'is needed with fairness = "custom", such as share = 0.5'
                    )
                    ok = False
                else:
                    share = self.number(
                        where,
                        "share",
                        item["share"],
                        bound=bounds.SHARE,
                        example="0.5",
                    )
                    if share is None:
                        ok = False
                    else:
                        # 1/3 written as 0.3333333 still means a third.
                        share = share.limit_denominator(10_000)
            if name is None or paid is None or personal is None or capacity is None:
                ok = False
                continue
            paid = Fraction(round(paid * 60), 60)  # to the minute
            personal = Fraction(round(personal * 60), 60)
            members.append(
                Member(
                    name=name,
                    paid_hours=paid,
                    share=share,
                    personal_hours=personal,
                    # 0.3333333 still means a third, as for shares.
                    capacity=capacity.limit_denominator(10_000),
                )
            )
        if not ok:
            return None
        if fairness is FairnessBasis.CUSTOM:
            total = sum((m.share or Fraction(0) for m in members), Fraction(0))
            if abs(total - 1) > SHARE_SUM_SLACK:
                listed = " + ".join(f"{float(m.share or 0):g}" for m in members)
                self.add(
                    "",
                    "share",
                    f"the members' shares must add up to 1; {listed} = {float(total):g}",
                )
                return None
            if all(m.share == 0 for m in members):
                self.add("", "share", "at least one member needs a share above 0")
                return None
        return members

    def cards(self, raw: object, members: list[str] | None) -> list[Responsibility] | None:
        if not isinstance(raw, list):
            self.add("", "responsibilities", "must be a list of [[responsibilities]] tables")
            return None
        if len(raw) > MAX_CARDS:
            self.add(
                "",
                "responsibilities",
                f"has {len(raw)} cards; a household has at most {MAX_CARDS}",
            )
            return None
        catalog = load_catalog()
        cards: list[Responsibility] = []
        seen: set[str] = set()
        ok = True
        for index, item in enumerate(raw, start=1):
            card = self.card(index, item, catalog, members, seen)
            if card is None:
                ok = False
            else:
                cards.append(card)
        return cards if ok else None

    def card(
        self,
        index: int,
        item: object,
        catalog: Mapping[str, CatalogCard],
        members: list[str] | None,
        seen: set[str],
    ) -> Responsibility | None:
        where = f"card {index}"
        if not isinstance(item, dict):
            self.add(where, "", "must be a [[responsibilities]] table")
            return None
        before = self.count
        base = self.catalog_card(where, item.get("catalog"), catalog)
        name_raw = item.get("name", base.name if base else None)
        name = self.text(where, "name", name_raw, example="Laundry", max_chars=MAX_CARD_NAME_CHARS)
        if name is not None:
            where = f'card "{name}"'
            self.unique_name(where, name, seen)
        self.unknown_fields(where, item, _CARD_FIELDS)
        source = _CardSource(item, base)
        category = self.card_category(where, source)
        cadence = self.card_cadence(where, source)
        minutes = self.card_minutes(where, source)
        mental = self.card_mental_minutes(where, source)
        standard = self.card_standard(where, source)
        owner, rotate, current = self.card_assignment(where, item, members)
        ratings = self.ratings(where, item.get("ratings", {}), members)

        if self.count > before:
            return None
        assert name is not None and category is not None and cadence is not None
        assert minutes is not None and mental is not None and ratings is not None
        card = Responsibility(
            name=name,
            category=category,
            cadence=cadence,
            minutes=minutes,
            mental_minutes=mental,
            standard=standard,
            catalog_key=base.key if base else None,
            owner=owner,
            rotate=rotate,
            current=current,
            ratings=ratings,
        )
        self.feasibility(where, card, members or [])
        return card if self.count == before else None

    def catalog_card(
        self, where: str, key: object, catalog: Mapping[str, CatalogCard]
    ) -> CatalogCard | None:
        """The catalog card a card names with ``catalog = "<key>"``, if it names a real one."""
        if key is None:
            return None
        if not isinstance(key, str) or key not in catalog:
            hint = _suggest(key, catalog) if isinstance(key, str) else ""
            self.add(
                where,
                "catalog",
                f"{_shown(key)} is not a catalog key{hint}; `evenly catalog` lists them",
            )
            return None
        return catalog[key]

    def unique_name(self, where: str, name: str, seen: set[str]) -> None:
        if name_key(name) in seen:
            self.add(
                where,
                "name",
                "is used by two cards (names that differ only in capitals or spaces are "
                "the same name); card names must be unique",
            )
        seen.add(name_key(name))

    def required(self, where: str, source: _CardSource, field_name: str, example: str) -> object:
        """A field every card needs, from the card or its catalog card; a problem if absent."""
        value = source.field(field_name)
        if value is None and field_name in source.item:  # given, but empty (data, not TOML)
            self.add(
                where,
                field_name,
                f"is empty: write {field_name} = {example}"
                + (", or leave it out to use the catalog card's" if source.key else ""),
            )
        # A mistyped catalog key already says what is wrong; no need to list what it lacks.
        elif value is None and source.key is None:
            self.add(
                where,
                field_name,
                f"is missing: write {field_name} = {example}, "
                'or name a catalog card with catalog = "<key>"',
            )
        return value

    def card_category(self, where: str, source: _CardSource) -> str | None:
        category_raw = self.required(where, source, "category", '"Laundry & clothes"')
        if category_raw is None:
            return None
        return self.text(
            where,
            "category",
            category_raw,
            example="Laundry & clothes",
            max_chars=MAX_CARD_NAME_CHARS,
        )

    def card_cadence(self, where: str, source: _CardSource) -> Cadence | None:
        cadence_raw = self.required(where, source, "cadence", '"weekly"')
        if cadence_raw is None:
            return None
        try:
            return parse_cadence(cadence_raw)
        except CadenceError as err:
            self.add(where, "cadence", str(err))
            return None

    def card_minutes(self, where: str, source: _CardSource) -> Fraction | None:
        minutes_raw = self.required(where, source, "minutes", "30")
        if minutes_raw is None:
            return None
        if isinstance(minutes_raw, Fraction):
            return minutes_raw
        return self.number(
            where, "minutes", minutes_raw, bound=bounds.MINUTES, strict=True, example="30"
        )

    def card_mental_minutes(self, where: str, source: _CardSource) -> Fraction | None:
        mental_raw = source.field("mental_minutes")
        if mental_raw is None:
            return Fraction(0)
        if isinstance(mental_raw, Fraction):
            return mental_raw
        return self.number(
            where, "mental_minutes", mental_raw, bound=bounds.MENTAL_MINUTES, example="10"
        )

    def card_standard(self, where: str, source: _CardSource) -> str:
        standard_raw = source.field("standard")
        if standard_raw is None:
            return ""
        if not isinstance(standard_raw, str):
            self.add(where, "standard", 'must be text, such as standard = "Put away the same day"')
            return ""
        standard = standard_raw.strip()
        problem = standard and text_problem(standard, what="it", max_chars=MAX_STANDARD_CHARS)
        if problem:
            self.add(where, "standard", problem)
        return standard

    def member_name(
        self, where: str, field_name: str, value: object, members: list[str] | None
    ) -> str | None:
        """``value`` when it names a member (any name while the members are unreadable)."""
        known = set(members or [])
        if not isinstance(value, str) or (members is not None and value not in known):
            self.add(
                where,
                field_name,
                f"{_shown(value)} is not a member"
                f"{_suggest(value, known) if isinstance(value, str) else ''}; "
                f"members are {_quoted(members or [])}",
            )
            return None
        return value

    def card_assignment(
        self, where: str, item: Mapping[str, Any], members: list[str] | None
    ) -> tuple[str | None, tuple[str, ...], str | None]:
        """The card's owner, rotation and current holder."""
        owner = current = None
        if "owner" in item:
            owner = self.member_name(where, "owner", item["owner"], members)
        if "current" in item:
            current = self.member_name(where, "current", item["current"], members)
        rotate: tuple[str, ...] = ()
        if "rotate" in item:
            rotate = self.card_rotation(where, item["rotate"], members)
            if "owner" in item:
                self.add(
                    where,
                    "rotate",
                    "a card is either locked to an owner or rotated, not both; remove one",
                )
            if "current" in item:
                self.add(
                    where,
                    "current",
                    "a rotation has no single current owner; remove current from this card",
                )
        return owner, rotate, current

    def card_rotation(
        self, where: str, raw_rotate: object, members: list[str] | None
    ) -> tuple[str, ...]:
        if not isinstance(raw_rotate, list) or not 2 <= len(raw_rotate) <= MAX_MEMBERS:
            self.add(
                where,
                "rotate",
                f'must list two to {MAX_MEMBERS} members, such as rotate = ["Robin", "Sam"]',
            )
            return ()
        names = [self.member_name(where, "rotate", v, members) for v in raw_rotate]
        if not all(n is not None for n in names):
            return ()
        if len(set(names)) != len(names):
            self.add(where, "rotate", "names a member twice")
        return tuple(n for n in names if n is not None)

    def ratings(
        self, where: str, raw: object, members: list[str] | None
    ) -> dict[str, Rating] | None:
        if not isinstance(raw, dict):
            self.add(where, "ratings", "must be tables such as [responsibilities.ratings.Robin]")
            return None
        if len(raw) > MAX_MEMBERS:
            self.add(
                where, "ratings", f"rates {len(raw)} people; a household has at most {MAX_MEMBERS}"
            )
            return None
        ratings: dict[str, Rating] = {}
        for who, rating in raw.items():
            if members is not None and who not in members:
                self.add(
                    where,
                    f"ratings.{who}",
                    f'"{who}" is not a member{_suggest(who, members)}; '
                    f"members are {_quoted(members)}",
                )
                continue
            field_where = f"ratings.{who}"
            if not isinstance(rating, dict):
                self.add(where, field_where, 'must be a table with preference = "fine"')
                continue
            for key in rating:
                if key not in _RATING_FIELDS:
                    self.add(
                        where,
                        f"{field_where}.{key}",
                        f"is not a rating field{_suggest(key, _RATING_FIELDS)}; "
                        "a rating has preference and minutes",
                    )
            pref_raw = rating.get("preference", Preference.FINE.value)
            preference = None
            if isinstance(pref_raw, str) and pref_raw.strip().lower() in _PREFERENCES:
                preference = Preference(pref_raw.strip().lower())
            else:
                hint = _suggest(pref_raw, _PREFERENCES) if isinstance(pref_raw, str) else ""
                self.add(
                    where,
                    f"{field_where}.preference",
                    f"must be one of {_quoted(_PREFERENCES)}; got {_shown(pref_raw)}{hint}",
                )
            own = None
            if "minutes" in rating:
                own = self.number(
                    where,
                    f"{field_where}.minutes",
                    rating["minutes"],
                    bound=bounds.MINUTES,
                    strict=True,
                    example="40",
                )
            if preference is not None and ("minutes" not in rating or own is not None):
                ratings[who] = Rating(preference=preference, minutes=own)
        return ratings

    def feasibility(self, where: str, card: Responsibility, members: list[str]) -> None:
        def cannot(who: str) -> bool:
            return card.rating(who).preference is Preference.CANNOT

        if card.owner is not None and cannot(card.owner):
            self.add(
                where,
                "owner",
                f"locks the card to {card.owner}, who rated it cannot; "
                f"remove the lock or change {card.owner}'s rating",
            )
        elif card.rotate:
            blocked = [m for m in card.rotate if cannot(m)]
            if blocked:
                self.add(
                    where,
                    "rotate",
                    f"includes {_quoted(blocked)}, who rated it cannot; "
                    "take them out of the rotation or change the rating",
                )
        elif members and all(cannot(m) for m in members):
            self.add(
                where,
                "ratings",
                "nobody can do this card (every member rated it cannot); "
                "change one rating, lock it to someone, or remove the card",
            )


def starter_household(
    *,
    name: str,
    members: Sequence[str],
    fairness: FairnessBasis = FairnessBasis.EQUAL,
    categories: Sequence[str] = (),
) -> str:
    """A household file from the catalog for the given members, every card rated "fine".

    The text is valid as it stands; the household then edits ratings and removes cards that
    do not apply to them.
    """
    import tomli_w

    def value(v: object) -> str:
        return tomli_w.dumps({"v": v}).split("=", 1)[1].strip()

    def key(name: str) -> str:
        return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else value(name)

    lines = [
        "# An Evenly household file. Rate every card for every member:",
        "#   preference = enjoy | like | fine | dislike | hate | cannot",
        "#   minutes = your own estimate per occurrence (optional)",
        "# Remove cards that do not apply, add your own, then run `evenly deal` on this file.",
        f"name = {value(name)}",
        f"fairness = {value(fairness.value)}  # equal | total-work | free-time | custom",
        "tolerance_minutes = 15",
        "",
    ]
    for member in members:
        lines += ["[[members]]", f"name = {value(member)}", "paid_hours = 0"]
        if fairness is FairnessBasis.CUSTOM:
            lines.append(f"share = {value(round(1 / len(members), 6))}")
        lines.append("")
    wanted = {c.casefold() for c in categories}
    for card in catalog_cards():
        if wanted and card.category.casefold() not in wanted:
            continue
        lines += [
            "[[responsibilities]]",
            f"name = {value(card.name)}",
            f"catalog = {value(card.key)}",
            f"# {card.category}; {card.cadence}, {float(card.minutes):g} min"
            f" + {float(card.mental_minutes):g} min a week of noticing and planning",
        ]
        for member in members:
            lines += [
                f"  [responsibilities.ratings.{key(member)}]",
                '  preference = "fine"',
            ]
        lines.append("")
    return "\n".join(lines)
