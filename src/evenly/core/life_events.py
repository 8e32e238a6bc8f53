"""Life events: what a new baby, a new job or an illness changes, how to undo it, and the re-deal.

Pure functions over :class:`~evenly.core.model.Household`. An event is applied from a template
(:data:`TEMPLATES`) and concrete options; it adds cards, pauses cards (takes them out of the
household for a while), and changes a member's paid hours or capacity. :func:`event_apply`
returns the changed household and an :class:`EventChange` that records exactly what changed, so
that :func:`event_end` can put it back. :func:`event_redeal` applies an event to a household with
a deal in force (cards with ``current`` owners) and asks the engine for the re-deal that moves
the fewest minutes, with the difference (:class:`RedealDiff`).

Templates with ``temporary`` have an end by default (an illness, a move). The others are lasting
unless the household gives ``until``. A new baby is lasting: the newborn's cards stay, while a
parental leave (the member's paid hours or capacity) usually has an end; ``event_end(...,
keep_added=True)`` ends that part and keeps the baby's cards (``EventChange.cards_last`` says
which events mean it so). Without ``keep_added``, :func:`event_end` undoes the whole event.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypedDict, Unpack

from evenly.core import bounds
from evenly.core.bounds import MAX_PAID_HOURS as MAX_PAID_HOURS  # re-exported for older imports
from evenly.core.cadence import parse_cadence
from evenly.core.catalog import load_catalog
from evenly.core.deal import Deal, Owner, deal_from_solution, propose_deal
from evenly.core.engine import Solution
from evenly.core.figures import ROTATION, build_instance, figures_of, target_coefficients
from evenly.core.localized import card_text
from evenly.core.model import Household, Member, Preference, Rating, Responsibility
from evenly.core.reasons import format_minutes
from evenly.core.units import number_text
from evenly.core.words import Words, say, say_in, say_n

OPTIONS = ("member", "paid_hours", "capacity", "until", "starts")


class LifeEventError(ValueError):
    """Options an event cannot use; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class CardSpec:
    """A card an event adds. ``{member}`` in the name or standard stands for the member's name."""

    name: str
    category: str
    cadence: str
    minutes: Fraction  # per occurrence
    mental_minutes: Fraction  # per week
    standard: str = ""
    catalog_key: str | None = None
    # The member the event concerns rates it "cannot" (nobody looks after themselves when ill).
    not_for_member: bool = False

    def card(self, member: str | None, members: Sequence[str]) -> Responsibility:
        """The card for this household: every member rates it "fine" to begin with."""
        ratings = {
            m: Rating(Preference.CANNOT if self.not_for_member and m == member else Preference.FINE)
            for m in members
        }
        return Responsibility(
            name=self.name.format(member=member),
            category=self.category,
            cadence=parse_cadence(self.cadence),
            minutes=self.minutes,
            mental_minutes=self.mental_minutes,
            standard=self.standard.format(member=member),
            catalog_key=self.catalog_key,
            ratings=ratings,
        )


class _CardChanges(TypedDict, total=False):
    """The fields of a catalog card an event may change."""

    name: str
    category: str
    cadence: str
    minutes: Fraction
    mental_minutes: Fraction
    standard: str
    not_for_member: bool


def _catalog(key: str, **changes: Unpack[_CardChanges]) -> CardSpec:
    """A catalog card as an event adds it, with some of its fields changed."""
    c = load_catalog()[key]
    spec = CardSpec(
        name=c.name,
        category=c.category,
        cadence=c.cadence.text,
        minutes=c.minutes,
        mental_minutes=c.mental_minutes,
        standard=c.standard,
        catalog_key=c.key,
    )
    return replace(spec, **changes)


@dataclass(frozen=True, slots=True)
class EventTemplate:
    """What a kind of life event does to a household, before it is given concrete options."""

    key: str
    title: str
    description: str  # one plain sentence of what it changes
    temporary: bool  # whether it has an end by default
    adds: tuple[CardSpec, ...] = ()
    pauses: tuple[str, ...] = ()  # catalog keys of cards taken out for the period
    pauses_named: str = ""  # and cards whose name matches this (case-insensitive) pattern
    paid_hours: str = ""  # "given": set to the paid_hours option; "none": set to 0
    capacity: Fraction | None = None  # the member's capacity unless the option gives one
    options: tuple[str, ...] = ("until", "starts")  # the options it takes
    required: tuple[str, ...] = ()
    cards_last: bool = False  # the cards it adds stay when its temporary part ends

    def pauses_card(self, card: Responsibility) -> bool:
        """Whether the event takes this card out of the household."""
        if card.catalog_key is not None and card.catalog_key in self.pauses:
            return True
        return bool(self.pauses_named) and re.search(self.pauses_named, card.name, re.I) is not None


_F = Fraction

TEMPLATES: Mapping[str, EventTemplate] = MappingProxyType(
    {
        t.key: t
        for t in (
            EventTemplate(
                key="new-baby",
                title=say("A new baby"),
                description=say(
                    "Adds the care of a newborn (night feeds, nappies, bottles, bedtime "
                    "and check-ups) and, for a member on parental leave, can change their "
                    "paid hours or capacity."
                ),
                temporary=False,
                adds=(
                    # The same cards as the baby deck's: one card per piece of work.
                    _catalog("night-feeds"),
                    _catalog("nappies"),
                    _catalog("bottles-baby-food"),
                    _catalog("bedtime-routine"),
                    _catalog("kids-doctor-visits"),
                ),
                paid_hours="given",
                options=("member", "paid_hours", "capacity", "until", "starts"),
                cards_last=True,
            ),
            EventTemplate(
                key="new-job",
                title=say("A new job"),
                description=say(
                    "Changes a member's paid hours to those of the new job, which moves "
                    "the targets under total-work and free-time."
                ),
                temporary=False,
                paid_hours="given",
                options=("member", "paid_hours", "until", "starts"),
                required=("member", "paid_hours"),
            ),
            EventTemplate(
                key="job-loss",
                title=say("Losing a job"),
                description=say(
                    "Sets a member's paid hours to 0, which moves the targets under "
                    "total-work and free-time."
                ),
                temporary=False,
                paid_hours="none",
                options=("member", "until", "starts"),
                required=("member",),
            ),
            EventTemplate(
                key="illness",
                title=say("An illness"),
                description=say(
                    "A member carries only part of their usual share (a quarter unless "
                    "given) while the others look after them."
                ),
                temporary=True,
                adds=(
                    _catalog(
                        "caring-when-ill",
                        name="Looking after {member}",
                        cadence="daily",
                        minutes=_F(30),
                        mental_minutes=_F(15),
                        standard="{member} gets meals, medicines and rest, and appointments "
                        "are kept",
                        not_for_member=True,
                    ),
                ),
                capacity=_F(1, 4),
                options=("member", "capacity", "until", "starts"),
                required=("member",),
            ),
            EventTemplate(
                key="caring-for-parent",
                title=say("Caring for a parent"),
                description=say(
                    "Adds the care of a member's parent (visits, appointments and "
                    "errands) and can lower that member's capacity."
                ),
                temporary=False,
                adds=(
                    _catalog("elderly-parent-care", name="Caring for {member}'s parent"),
                    CardSpec(
                        "{member}'s parent: appointments and medicines",
                        "Health & appointments",
                        "weekly",
                        _F(60),
                        _F(20),
                        "Appointments booked and attended, prescriptions collected and taken",
                    ),
                    CardSpec(
                        "{member}'s parent: shopping and errands",
                        "Family & social",
                        "weekly",
                        _F(60),
                        _F(10),
                        "Shopping delivered and errands run before anything runs out",
                    ),
                ),
                options=("member", "capacity", "until", "starts"),
                required=("member",),
            ),
            EventTemplate(
                key="moving",
                title=say("Moving home"),
                description=say(
                    "Adds packing and the move's admin, and pauses the garden and home "
                    "projects until the move is done."
                ),
                temporary=True,
                adds=(
                    CardSpec(
                        "Packing and unpacking",
                        "Home & garden",
                        "3 per week",
                        _F(90),
                        _F(20),
                        "Boxes packed room by room and labelled, and unpacked within a month",
                    ),
                    CardSpec(
                        "Moving admin",
                        "Money & admin",
                        "weekly",
                        _F(60),
                        _F(45),
                        "Movers booked, address changed everywhere, utilities moved on the day",
                    ),
                ),
                pauses=("lawn-mowing", "garden-upkeep", "raking-leaves", "home-projects"),
                pauses_named=r"\b(garden|gardening|lawns?|hedges?|allotment)\b",
            ),
            EventTemplate(
                key="new-pet",
                title=say("A new pet"),
                description=say(
                    "Adds the everyday care of a pet: feeding, food and supplies, vet "
                    "visits, grooming and medicines."
                ),
                temporary=False,
                adds=(
                    _catalog("pet-feeding"),
                    _catalog("pet-supplies"),
                    _catalog("vet-visits"),
                    _catalog("pet-grooming"),
                ),
                cards_last=True,
            ),
            EventTemplate(
                key="school-start",
                title=say("Starting school"),
                description=say(
                    "Adds the school run both ways, school emails and forms, and homework help."
                ),
                temporary=False,
                adds=(
                    _catalog("school-drop-off"),
                    _catalog("school-pick-up"),
                    _catalog("school-communication"),
                    _catalog("homework-help"),
                ),
                cards_last=True,
            ),
        )
    }
)

# What a required option is, for the message that asks for it.
_NEEDS = {
    "member": "the member it concerns, such as member = {example}",
    "paid_hours": "their paid hours a week from now on, such as paid_hours = 20",
}


@dataclass(frozen=True, slots=True)
class EventChange:
    """What applying one event changed, exactly: enough to describe it and to undo it."""

    key: str
    title: str
    member: str | None
    until: datetime.date | None
    added: tuple[Responsibility, ...]  # cards the event added
    paused: tuple[Responsibility, ...]  # cards it took out, as they were (owner, current, locks)
    paid_hours: Mapping[str, tuple[Fraction, Fraction]]  # member -> (before, after)
    capacity: Mapping[str, tuple[Fraction, Fraction]]  # member -> (before, after)
    starts: datetime.date | None = None
    already: tuple[str, ...] = ()  # cards it would add that the household already had
    paused_at: tuple[int, ...] = ()  # where each paused card stood among the household's cards
    cards_last: bool = False  # the added cards outlast the event's temporary part

    def describe(self) -> list[Words]:
        """What the event changes, one plain line each (Words: each a whole sentence)."""
        until = format_date(self.until) if self.until else None
        lines: list[Words] = []
        if self.starts:
            lines.append(say("Starts on {day}", day=format_date(self.starts)))
        if self.added:
            names = ", ".join(c.name for c in self.added)
            n = len(self.added)
            if until is not None and not self.cards_last:
                lines.append(
                    say_n(
                        "Adds {count} card until {until}: {names}",
                        "Adds {count} cards until {until}: {names}",
                        n,
                        until=until,
                        names=names,
                    )
                )
            else:
                lines.append(
                    say_n(
                        "Adds {count} card: {names}", "Adds {count} cards: {names}", n, names=names
                    )
                )
        if self.already:
            lines.append(
                say_n(
                    "Keeps {count} card the household already has: {names}",
                    "Keeps {count} cards the household already has: {names}",
                    len(self.already),
                    names=", ".join(self.already),
                )
            )
        if self.paused:
            names = ", ".join(c.name for c in self.paused)
            n = len(self.paused)
            if until is not None:
                lines.append(
                    say_n(
                        "Pauses {count} card until {until}: {names}",
                        "Pauses {count} cards until {until}: {names}",
                        n,
                        until=until,
                        names=names,
                    )
                )
            else:
                lines.append(
                    say_n(
                        "Pauses {count} card: {names}",
                        "Pauses {count} cards: {names}",
                        n,
                        names=names,
                    )
                )
        for name, (before, after) in self.paid_hours.items():
            hours = {"name": name, "before": number_text(before), "after": number_text(after)}
            if until is not None:
                lines.append(
                    say(
                        "{name}'s paid hours: {before} → {after} a week until {until}",
                        **hours,
                        until=until,
                    )
                )
            else:
                lines.append(say("{name}'s paid hours: {before} → {after} a week", **hours))
        for name, (_, after) in self.capacity.items():
            share = capacity_phrase(after)
            if until is not None:
                lines.append(
                    say(
                        "{name} can carry {share} of their usual share until {until}",
                        name=name,
                        share=share,
                        until=until,
                    )
                )
            else:
                lines.append(
                    say("{name} can carry {share} of their usual share", name=name, share=share)
                )
        if not lines:
            lines.append(say("Changes nothing in the household"))
        return lines


def format_date(day: datetime.date) -> Words:
    """A date as a person writes it: "12 June 2026" (in German "12. Juni 2026")."""
    return say("{day} {month} {year}", day=day.day, month=_MONTHS[day.month - 1], year=day.year)


def end_words(until: datetime.date, today: datetime.date) -> Words:
    """How the end of something temporary (a handover, a life change with a date) reads on
    ``today``: "until 12 June 2026" before its day, "ends today" on it, and "ended on 12 June
    2026" once the day has passed (and nobody has brought it up to date yet)."""
    if until > today:
        return say("until {day}", day=format_date(until))
    if until == today:
        return say("ends today")
    return say("ended on {day}", day=format_date(until))


_MONTHS = (
    say("January"),
    say("February"),
    say("March"),
    say("April"),
    say("May"),
    say("June"),
    say("July"),
    say("August"),
    say("September"),
    say("October"),
    say("November"),
    say("December"),
)

_CAPACITY_WORDS = {
    Fraction(0): say_in("share", "none"),
    Fraction(1, 4): say_in("share", "a quarter"),
    Fraction(1, 3): say_in("share", "a third"),
    Fraction(1, 2): say_in("share", "half"),
    Fraction(2, 3): say_in("share", "two thirds"),
    Fraction(3, 4): say_in("share", "three quarters"),
    Fraction(1): say_in("share", "all"),
}


def capacity_phrase(capacity: Fraction) -> str:
    """How much of their usual share a member carries: "a quarter", "half", "35%"."""
    return _CAPACITY_WORDS.get(capacity, f"{float(capacity) * 100:.0f}%")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _suggest(word: str, choices: Sequence[str]) -> str:
    by_case = {c.casefold(): c for c in choices}
    close = [by_case[word.casefold()]] if word.casefold() in by_case else []
    close = close or difflib.get_close_matches(word, list(choices), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _number(value: object) -> Fraction | None:
    """A number of hours or a capacity from a number or text ("20", "0.25", "1/4")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Fraction | int):
        return Fraction(value) if abs(value) < 10**bounds.MAX_INTEGER_DIGITS else None
    if isinstance(value, float | Decimal):
        if not math.isfinite(value) or abs(value) >= 10**bounds.MAX_INTEGER_DIGITS:
            return None  # NaN, infinite, or too large to be hours or a capacity
        return Fraction(str(value))
    if isinstance(value, str):
        # Plain decimals and fractions only, of bounded length: Fraction("1e999999999") would
        # compute a billion-digit number.
        if not _NUMBER_TEXT.fullmatch(value.strip()):
            return None
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            return None
    return None


_DIGITS = f"{{1,{bounds.MAX_INTEGER_DIGITS}}}"
_NUMBER_TEXT = re.compile(
    rf"\d{_DIGITS}(?:\.\d{_DIGITS})?|\.\d{_DIGITS}|\d{_DIGITS}\s*/\s*\d{_DIGITS}"
)


def _shown(value: object) -> str:
    """A value as a message quotes it: repr, cut short."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**18 else "a huge number"
    return text if len(text) <= 60 else text[:57] + "..."


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and len(value) <= 40:
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class _Options:
    member: str | None
    paid_hours: Fraction | None
    capacity: Fraction | None
    until: datetime.date | None
    starts: datetime.date | None


def _template(key: str) -> EventTemplate:
    if key not in TEMPLATES:
        raise LifeEventError(
            [
                f'"{key}" is not a life event{_suggest(key, list(TEMPLATES))}; '
                f"the events are {', '.join(TEMPLATES)}"
            ]
        )
    return TEMPLATES[key]


def _options(template: EventTemplate, household: Household, raw: Mapping[str, object]) -> _Options:
    """Check every option at once; raise :class:`LifeEventError` listing what is wrong."""
    given = {k: v for k, v in raw.items() if v is not None}
    taken = {k: v for k, v in given.items() if k in template.options}
    names = household.member_names
    problems = _option_name_problems(template, given, names)
    member = _member_option(template, given, names, problems)
    paid = _paid_hours_option(taken, problems)
    capacity = _capacity_option(taken, problems)
    until = _date_option("until", taken, problems)
    starts = _date_option("starts", taken, problems)
    if until is not None and starts is not None and until < starts:
        problems.append(
            f"until ({until.isoformat()}) is before starts ({starts.isoformat()}); "
            "an event ends after it starts"
        )
    if problems:
        raise LifeEventError(problems)
    return _Options(member=member, paid_hours=paid, capacity=capacity, until=until, starts=starts)


def _option_name_problems(
    template: EventTemplate, given: Mapping[str, object], names: Sequence[str]
) -> list[str]:
    """Options that do not exist or that this event does not take, and those it needs."""
    problems: list[str] = []
    for name in given:
        if name not in OPTIONS:
            problems.append(
                f'"{name}" is not an option{_suggest(name, OPTIONS)}; '
                f"the options are {', '.join(OPTIONS)}"
            )
        elif name not in template.options:
            problems.append(
                f"{template.key} does not take {name}; it takes {', '.join(template.options)}"
            )
    for name in template.required:
        if name not in given:
            need = _NEEDS[name].format(example=f'"{names[0]}"')
            problems.append(f"{template.key} needs {name}: {need}")
    return problems


def _member_option(
    template: EventTemplate,
    given: Mapping[str, object],
    names: Sequence[str],
    problems: list[str],
) -> str | None:
    if "member" not in template.options:
        return None
    if "member" not in given:
        for name in ("paid_hours", "capacity"):
            if name in given and name in template.options:
                problems.append(f"{name} needs member: say whose {name.replace('_', ' ')} change")
        return None
    value = given["member"]
    if isinstance(value, str) and value in names:
        return value
    hint = _suggest(value, names) if isinstance(value, str) else ""
    listed = ", ".join(f'"{n}"' for n in names)
    problems.append(f"member: {_shown(value)} is not a member{hint}; members are {listed}")
    return None


def _paid_hours_option(taken: Mapping[str, object], problems: list[str]) -> Fraction | None:
    if "paid_hours" not in taken:
        return None
    paid = _number(taken["paid_hours"])
    if paid is None or not 0 <= paid <= MAX_PAID_HOURS:
        problems.append(
            f"paid_hours must be a number of hours a week from 0 to {MAX_PAID_HOURS}, "
            f"such as 20; got {_shown(taken['paid_hours'])}"
        )
        return None
    return Fraction(round(paid * 60), 60)  # to the minute, as in the household file


def _capacity_option(taken: Mapping[str, object], problems: list[str]) -> Fraction | None:
    if "capacity" not in taken:
        return None
    capacity = _number(taken["capacity"])
    if capacity is None or not 0 <= capacity <= 1:
        problems.append(
            "capacity must be a number from 0 (none of their usual share) to 1 (all of "
            f"it), such as 0.25 or 1/4; got {_shown(taken['capacity'])}"
        )
        return None
    return capacity.limit_denominator(10_000)


def _date_option(
    name: str, taken: Mapping[str, object], problems: list[str]
) -> datetime.date | None:
    if name not in taken:
        return None
    day = _date(taken[name])
    if day is None:
        problems.append(
            f"{name} must be a date written YYYY-MM-DD, such as 2026-06-12; "
            f"got {_shown(taken[name])}"
        )
        return None
    if (outside := bounds.date_check(day)) is not None:
        problems.append(f"{name}: {outside}; got {day}")
        return None
    return day


def event_apply(
    household: Household, key: str, *, language: str | None = None, **options: Any
) -> tuple[Household, EventChange]:
    """Apply the life event ``key`` to a household: the changed household and what changed.

    Options (each template takes some; :attr:`EventTemplate.options`): ``member`` (the name of
    the member it concerns), ``paid_hours`` (a week, 0 to 100), ``capacity`` (0 to 1, as a
    number or text such as "1/4"), ``until`` and ``starts`` (dates, or text YYYY-MM-DD). An
    option given as None counts as not given.

    New cards go after the household's own, every member rating them "fine" (an illness's
    "Looking after …" card is "cannot" for the member who is ill, and is only added when someone
    else can do it); a card whose name (or catalog card) the household already has is left as it
    is. A catalog card is named in ``language`` (the household's words from then on). Paused cards
    are taken out of the household. Raises :class:`LifeEventError` listing every problem with
    the options, or when the changed household could not be dealt (every capacity 0).
    """
    template = _template(key)
    opts = _options(template, household, options)
    names = household.member_names
    member = opts.member

    kept_cards: list[Responsibility] = []
    paused: list[Responsibility] = []
    paused_at: list[int] = []
    for position, card in enumerate(household.responsibilities):
        if template.pauses_card(card):
            paused.append(card)
            paused_at.append(position)
        else:
            kept_cards.append(card)
    existing = {c.name for c in household.responsibilities}
    held = {c.catalog_key for c in household.responsibilities if c.catalog_key}
    added: list[Responsibility] = []
    already: list[str] = []
    for spec in template.adds:
        if spec.not_for_member and not any(n != member for n in names):
            continue  # nobody else to do it
        card = spec.card(member, names)
        if spec.catalog_key is not None:  # the catalog's own words, in the language
            english = load_catalog()[spec.catalog_key]
            words = card_text(english, language)
            if spec.name == english.name:
                card = replace(card, name=words.name)
            if spec.standard == english.standard:
                card = replace(card, standard=words.standard)
        if card.name in existing or (spec.catalog_key is not None and spec.catalog_key in held):
            already.append(card.name)
        else:
            added.append(card)
            existing.add(card.name)

    paid_changes: dict[str, tuple[Fraction, Fraction]] = {}
    capacity_changes: dict[str, tuple[Fraction, Fraction]] = {}
    members: list[Member] = []
    for m in household.members:
        if m.name == member:
            paid = {"given": opts.paid_hours, "none": Fraction(0)}.get(template.paid_hours)
            if paid is not None and paid != m.paid_hours:
                paid_changes[m.name] = (m.paid_hours, paid)
                m = replace(m, paid_hours=paid)
            capacity = opts.capacity if opts.capacity is not None else template.capacity
            if capacity is not None and capacity != m.capacity:
                capacity_changes[m.name] = (m.capacity, capacity)
                m = replace(m, capacity=capacity)
        members.append(m)
    if capacity_changes or paid_changes:
        try:
            target_coefficients(
                household.fairness, members, count_personal_time=household.count_personal_time
            )
        except ValueError as err:
            raise LifeEventError([str(err)]) from None

    changed = replace(household, members=tuple(members), responsibilities=(*kept_cards, *added))
    change = EventChange(
        key=template.key,
        title=template.title,
        member=member,
        until=opts.until,
        added=tuple(added),
        paused=tuple(paused),
        paid_hours=paid_changes,
        capacity=capacity_changes,
        starts=opts.starts,
        already=tuple(already),
        paused_at=tuple(paused_at),
        cards_last=template.cards_last,
    )
    return changed, change


def event_end(household: Household, change: EventChange, *, keep_added: bool = False) -> Household:
    """End an event: take out the cards it added, put paused cards back, restore the members.

    Paused cards come back where they stood, as they were, so their owner in the deal in force
    before the event is their ``current`` owner again (references to members who have since left
    are dropped); a paused card whose name the household has reused meanwhile stays out. Paid
    hours and capacity go back to what they were unless the household has changed them since.
    Cards the household added or changed meanwhile are kept. ``keep_added`` keeps the cards the
    event added (the end of a parental leave: the baby's cards stay).

    When the household has not changed meanwhile, ending an event gives back exactly the
    household it was applied to.
    """
    added = set() if keep_added else {c.name for c in change.added}
    cards = [c for c in household.responsibilities if c.name not in added]
    names = set(household.member_names)
    present = {c.name for c in cards}
    for position, card in sorted(zip(change.paused_at, change.paused, strict=True)):
        if card.name in present:
            continue
        cards.insert(min(position, len(cards)), _fit_to_members(card, names))
        present.add(card.name)
    members = []
    for m in household.members:
        if m.name in change.paid_hours:
            before, after = change.paid_hours[m.name]
            if m.paid_hours == after:
                m = replace(m, paid_hours=before)
        if m.name in change.capacity:
            before, after = change.capacity[m.name]
            if m.capacity == after:
                m = replace(m, capacity=before)
        members.append(m)
    return replace(household, members=tuple(members), responsibilities=tuple(cards))


def _fit_to_members(card: Responsibility, names: set[str]) -> Responsibility:
    """The card without references to members who are no longer in the household."""
    rotate = tuple(n for n in card.rotate if n in names)
    return replace(
        card,
        owner=card.owner if card.owner in names else None,
        current=card.current if card.current in names else None,
        rotate=rotate if len(rotate) >= 2 else (),
        ratings={n: r for n, r in card.ratings.items() if n in names},
    )


@dataclass(frozen=True, slots=True)
class RedealDiff:
    """How a re-deal differs from the deal before it."""

    # (card, owner before or None for a card that had none, owner after: None only for a
    # stored deal's card with neither a holder nor turns, which the web's diff may read)
    moves: tuple[tuple[str, Owner | None, Owner | None], ...]
    minutes_delta: Mapping[str, Fraction]  # per member: weekly home minutes after - before

    def summary(self) -> Words:
        """One line: "3 cards move (1 of them new); Robin −2 h a week, Sam +1 h 30"."""
        count = len(self.moves)
        new = sum(1 for _, before, _ in self.moves if before is None)
        if count == 0:
            head = say("No card moves")
        elif not new:
            head = say_n("{count} card moves", "{count} cards move", count)
        elif count == 1:
            head = say("1 card moves (a new one)")
        else:
            head = say_n(
                "{count} cards move ({new} of them new)",
                "{count} cards move ({new} of them new)",
                count,
                new=new,
            )
        parts: list[Words] = []
        for name, delta in self.minutes_delta.items():
            if delta == 0:
                parts.append(say("{name} no change", name=name))
                continue
            sign = "+" if delta > 0 else "\u2212"
            change = Words("{sign}{minutes}", {"sign": sign, "minutes": format_minutes(delta)})
            if parts:
                parts.append(Words("{name} {change}", {"name": name, "change": change}))
            else:  # the first member's change is said "a week"; the others follow it
                parts.append(say("{name} {change} a week", name=name, change=change))
        if not parts:
            return head
        # Punctuation only (no words to translate): the same in every language.
        listed = parts[0]
        for part in parts[1:]:
            listed = Words("{first}, {rest}", {"first": listed, "rest": part})
        return Words("{moves}; {changes}", {"moves": head, "changes": listed})


def redeal_diff(before: Deal | None, after: Deal) -> RedealDiff:
    """The cards whose owner differs between two deals, and each member's change in load.

    Cards are matched by name, in ``after``'s order; a card ``before`` lacks (or every card,
    when ``before`` is None) moves from None. Cards only ``before`` has are not moves (an event
    paused them). Loads are each member's own weekly minutes; a member ``before`` lacks had 0.
    """
    owners: Mapping[str, Owner] = before.owners if before is not None else {}
    moves = tuple(
        (card, owners.get(card), who)
        for card, who in after.owners.items()
        if owners.get(card) != who
    )
    loads = (
        {m.name: m.load_minutes for m in before.certificate.members} if before is not None else {}
    )
    delta = {
        m.name: m.load_minutes - loads.get(m.name, Fraction(0)) for m in after.certificate.members
    }
    return RedealDiff(moves=moves, minutes_delta=delta)


def deal_in_force(household: Household) -> Deal | None:
    """The deal the household's ``current`` owners make, with its figures; None if none.

    Only cards with a current owner and rotations belong to it (a card without a current owner
    is new). Its certificate's "optimal" figures are those of the deal itself, not proven.
    """
    if not household.is_redeal:
        return None
    in_force = replace(
        household,
        responsibilities=tuple(
            c for c in household.responsibilities if c.current is not None or c.rotate
        ),
    )
    inst = build_instance(in_force, canonical=True)
    index = {name: i for i, name in enumerate(inst.members)}
    by_name = {c.name: c for c in in_force.responsibilities}
    owner = tuple(
        ROTATION if by_name[name].rotate else index[by_name[name].current or ""]
        for name in inst.cards
    )
    figures = figures_of(inst, owner)
    solution = Solution(
        instance=inst,
        owner=owner,
        figures=figures,
        optimal_deviation=figures.max_deviation,
        optimal_deviation_proven=False,
        deviation_limit=max(figures.max_deviation, inst.tolerance),
        ef1_possible=None,
        proven_optimal=False,
        solve_ms=0.0,
        phases=("the deal in force",),
    )
    deal = deal_from_solution(solution)
    reasons = {
        card: (
            f"{card} rotates between {', '.join(who)} in the deal in force."
            if isinstance(who, tuple)
            else f"{who} owns {card} in the deal in force."
        )
        for card, who in deal.owners.items()
    }
    return replace(deal, reasons=reasons)


def with_deal_in_force(household: Household, deal: Deal) -> Household:
    """The household with each card's ``current`` owner set from ``deal`` (rotations have none).

    Cards the deal does not cover keep their current owner.
    """
    cards = []
    for card in household.responsibilities:
        who = deal.owners.get(card.name)
        if isinstance(who, str) and not card.rotate:
            card = replace(card, current=who)
        cards.append(card)
    return replace(household, responsibilities=tuple(cards))


def event_redeal(
    household: Household, key: str, **options: Any
) -> tuple[EventChange, Household, Deal, RedealDiff]:
    """Apply an event to a household with a deal in force and propose the re-deal.

    The household's cards carry their ``current`` owners (the deal in force); the engine then
    keeps every card owned and the locks, brings loads as close to the new targets as any deal
    can, and among those moves the fewest minutes of work (README, "How the engine decides").
    Returns what the event changed, the changed household, the proposed deal and its difference
    from the deal in force (from nothing, when no card has a current owner). Raises
    :class:`LifeEventError` for bad options.
    """
    before = deal_in_force(household)
    changed, change = event_apply(household, key, **options)
    deal = propose_deal(changed)
    return change, changed, deal, redeal_diff(before, deal)
