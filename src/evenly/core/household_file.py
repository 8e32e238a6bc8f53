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
from typing import Any

from evenly.core.cadence import CadenceError, parse_cadence
from evenly.core.catalog import CatalogCard, catalog_cards, load_catalog
from evenly.core.model import (
    DEFAULT_TOLERANCE_MINUTES,
    MAX_MEMBERS,
    WAKING_HOURS_PER_WEEK,
    FairnessBasis,
    Household,
    Member,
    Preference,
    Rating,
    Responsibility,
)

MAX_PAID_HOURS = 100
SHARE_SUM_SLACK = Fraction(1, 10**6)

MAX_PERSONAL_HOURS = 100

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
        parts = [source]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts) + ": " + self.message


class HouseholdFileError(ValueError):
    """A household file that cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(p.describe(source) for p in self.problems))


def load_household(path: str | Path) -> Household:
    """Read and check a household file. Raises :class:`HouseholdFileError` on any problem."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HouseholdFileError(
            source, [Problem("", "", "no such file; create one with `evenly new FILE`")]
        ) from None
    except IsADirectoryError:
        raise HouseholdFileError(source, [Problem("", "", "is a folder, not a file")]) from None
    except UnicodeDecodeError:
        raise HouseholdFileError(source, [Problem("", "", "is not UTF-8 text")]) from None
    except OSError as err:
        raise HouseholdFileError(
            source, [Problem("", "", f"cannot be read: {err.strerror}")]
        ) from None
    return parse_household(text, source=source)


def parse_household(text: str, *, source: str = "<household>") -> Household:
    """Parse household TOML text. Raises :class:`HouseholdFileError` on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise HouseholdFileError(source, [Problem("", "", f"is not valid TOML: {err}")]) from None
    return household_from_data(data, source=source)


def household_from_data(data: Mapping[str, Any], *, source: str = "<household>") -> Household:
    """Build a household from already-parsed data, checking everything."""
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


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(where, field, message))

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
        minimum: Fraction,
        strict: bool = False,
        maximum: Fraction | None = None,
        example: str,
    ) -> Fraction | None:
        if not _is_number(value):
            self.add(where, field, f"must be a number, such as {field} = {example}; got {value!r}")
            return None
        assert isinstance(value, int | float)
        if value != value or value in (float("inf"), float("-inf")):
            self.add(where, field, f"must be a finite number, such as {field} = {example}")
            return None
        number = Fraction(str(value))
        low_ok = number > minimum if strict else number >= minimum
        if not low_ok:
            bound = "more than" if strict else "at least"
            self.add(where, field, f"must be {bound} {minimum}; got {value}")
            return None
        if maximum is not None and number > maximum:
            self.add(where, field, f"must be at most {maximum}; got {value}")
            return None
        return number

    def text(self, where: str, field: str, value: object, *, example: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.add(where, field, f'must be non-empty text, such as {field} = "{example}"')
            return None
        return value.strip()

    # -- the household -------------------------------------------------------------------

    def household(self, data: Mapping[str, Any]) -> Household | None:
        self.unknown_fields("", data, _TOP_FIELDS)
        name = self.text("", "name", data.get("name"), example="Robin & Sam")

        fairness_raw = data.get("fairness", FairnessBasis.EQUAL.value)
        choices = [b.value for b in FairnessBasis]
        fairness: FairnessBasis | None = None
        if isinstance(fairness_raw, str) and fairness_raw in choices:
            fairness = FairnessBasis(fairness_raw)
        else:
            hint = _suggest(fairness_raw, choices) if isinstance(fairness_raw, str) else ""
            self.add(
                "", "fairness", f"must be one of {_quoted(choices)}; got {fairness_raw!r}{hint}"
            )

        tolerance = self.number(
            "",
            "tolerance_minutes",
            data.get("tolerance_minutes", DEFAULT_TOLERANCE_MINUTES),
            minimum=Fraction(0),
            example="15",
        )

        count_personal_time = data.get("count_personal_time", False)
        if not isinstance(count_personal_time, bool):
            self.add(
                "",
                "count_personal_time",
                f"must be true or false, such as count_personal_time = true; "
                f"got {count_personal_time!r}",
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
            self.add("", "members", f"has {len(raw)} members; Evenly deals for 1 to {MAX_MEMBERS}")
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
            name = self.text(where, "name", item.get("name"), example="Robin")
            if name is not None:
                where = f'member "{name}"'
                if name in seen:
                    self.add(where, "name", "is used twice; give each member a different name")
                    ok = False
                seen.add(name)
            self.unknown_fields(where, item, _MEMBER_FIELDS)
            paid = self.number(
                where,
                "paid_hours",
                item.get("paid_hours", 0),
                minimum=Fraction(0),
                maximum=Fraction(MAX_PAID_HOURS),
                example="38",
            )
            personal = self.number(
                where,
                "personal_hours",
                item.get("personal_hours", 0),
                minimum=Fraction(0),
                maximum=Fraction(MAX_PERSONAL_HOURS),
                example="4",
            )
            capacity = self.number(
                where,
                "capacity",
                item.get("capacity", 1),
                minimum=Fraction(0),
                maximum=Fraction(1),
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
                        minimum=Fraction(0),
                        maximum=Fraction(1),
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
        before = len(self.problems)

        base: CatalogCard | None = None
        key = item.get("catalog")
        if key is not None:
            if not isinstance(key, str) or key not in catalog:
                hint = _suggest(key, catalog) if isinstance(key, str) else ""
                self.add(
                    where,
                    "catalog",
                    f"{key!r} is not a catalog key{hint}; `evenly catalog` lists them",
                )
            else:
                base = catalog[key]

        name_raw = item.get("name", base.name if base else None)
        name = self.text(where, "name", name_raw, example="Laundry")
        if name is not None:
            where = f'card "{name}"'
            if name in seen:
                self.add(where, "name", "is used by two cards; card names must be unique")
            seen.add(name)
        self.unknown_fields(where, item, _CARD_FIELDS)

        def field(field_name: str) -> object:
            if field_name in item:
                return item[field_name]
            if base is None:
                return None
            return {
                "category": base.category,
                "cadence": base.cadence.text,
                "minutes": base.minutes,
                "mental_minutes": base.mental_minutes,
                "standard": base.standard,
            }[field_name]

        def required(field_name: str, example: str) -> object:
            value = field(field_name)
            if value is None and field_name in item:  # given, but empty (data, not TOML)
                self.add(
                    where,
                    field_name,
                    f"is empty: write {field_name} = {example}"
                    + (", or leave it out to use the catalog card's" if key else ""),
                )
            # A mistyped catalog key already says what is wrong; no need to list what it lacks.
            elif value is None and key is None:
                self.add(
                    where,
                    field_name,
                    f"is missing: write {field_name} = {example}, "
                    'or name a catalog card with catalog = "<key>"',
                )
            return value

        category_raw = required("category", '"Laundry & clothes"')
        category = None
        if category_raw is not None:
            category = self.text(where, "category", category_raw, example="Laundry & clothes")

        cadence = None
        cadence_raw = required("cadence", '"weekly"')
        if cadence_raw is not None:
            try:
                cadence = parse_cadence(cadence_raw)  # type: ignore[arg-type]
            except CadenceError as err:
                self.add(where, "cadence", str(err))

        minutes = None
        minutes_raw = required("minutes", "30")
        if minutes_raw is not None:
            if isinstance(minutes_raw, Fraction):
                minutes = minutes_raw
            else:
                minutes = self.number(
                    where, "minutes", minutes_raw, minimum=Fraction(0), strict=True, example="30"
                )
        mental_raw = field("mental_minutes")
        mental: Fraction | None = Fraction(0)
        if mental_raw is not None and not isinstance(mental_raw, Fraction):
            mental = self.number(
                where, "mental_minutes", mental_raw, minimum=Fraction(0), example="10"
            )
        elif isinstance(mental_raw, Fraction):
            mental = mental_raw
        standard_raw = field("standard")
        standard = ""
        if standard_raw is not None:
            if isinstance(standard_raw, str):
                standard = standard_raw.strip()
            else:
                self.add(
                    where, "standard", 'must be text, such as standard = "Put away the same day"'
                )

        known = set(members or [])

        def member_name(field_name: str, value: object) -> str | None:
            if not isinstance(value, str) or (members is not None and value not in known):
                self.add(
                    where,
                    field_name,
                    f"{value!r} is not a member{_suggest(str(value), known)}; "
                    f"members are {_quoted(members or [])}",
                )
                return None
            return value

        owner = member_name("owner", item["owner"]) if "owner" in item else None
        current = member_name("current", item["current"]) if "current" in item else None
        rotate: tuple[str, ...] = ()
        if "rotate" in item:
            raw_rotate = item["rotate"]
            if not isinstance(raw_rotate, list) or len(raw_rotate) < 2:
                self.add(
                    where,
                    "rotate",
                    'must list two or more members, such as rotate = ["Robin", "Sam"]',
                )
            else:
                names = [member_name("rotate", v) for v in raw_rotate]
                if all(n is not None for n in names):
                    if len(set(names)) != len(names):
                        self.add(where, "rotate", "names a member twice")
                    rotate = tuple(n for n in names if n is not None)
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

        ratings = self.ratings(where, item.get("ratings", {}), members)

        if len(self.problems) > before:
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
        return card if len(self.problems) == before else None

    def ratings(
        self, where: str, raw: object, members: list[str] | None
    ) -> dict[str, Rating] | None:
        if not isinstance(raw, dict):
            self.add(where, "ratings", "must be tables such as [responsibilities.ratings.Robin]")
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
                    f"must be one of {_quoted(_PREFERENCES)}; got {pref_raw!r}{hint}",
                )
            own = None
            if "minutes" in rating:
                own = self.number(
                    where,
                    f"{field_where}.minutes",
                    rating["minutes"],
                    minimum=Fraction(0),
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
