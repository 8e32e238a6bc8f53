"""Writes about cards and ratings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evenly.cards.models import Card, PreferenceChoice, Rating, weekdays_to_bits
from evenly.cards.selectors import chores_preview, timing_problem_text
from evenly.cards.to_core import decimal
from evenly.core import bounds
from evenly.core.cadence import CadenceError, parse_cadence
from evenly.core.catalog import load_catalog
from evenly.core.decks import DeckError, NoShape, TwoShapes, UnknownDeck, deck_cards
from evenly.core.localized import card_text
from evenly.core.schedule import Timing, timing_problem
from evenly.households.history import Kind, change, history_record
from evenly.households.models import Household, Member
from evenly.pages.words import error_text, in_language, problem_sentence


def minutes_problem(minutes: Decimal) -> str | None:
    """Why ``minutes`` each time cannot be, or None: more than 0, at most a whole day."""
    problem = bounds.MINUTES.check(minutes)
    if problem:
        return problem_sentence(problem)
    if minutes <= 0:
        return _("Minutes each time must be more than 0 and at most %(limit)s.") % {
            "limit": in_language(bounds.MINUTES.describe)
        }
    return None


def card_fields_check(*, cadence: str, minutes: Decimal, mental_minutes: Decimal) -> dict[str, str]:
    """Field errors for a card's numbers and cadence (empty when all is well)."""
    errors: dict[str, str] = {}
    try:
        parsed = parse_cadence(cadence)
    except (CadenceError, ValueError, ArithmeticError) as error:
        errors["cadence"] = error_text(error) or _('Evenly cannot read that; try "3 per week".')
    else:
        if parsed.per_week > bounds.MAX_OCCURRENCES_PER_WEEK:
            errors["cadence"] = _("That is %(n)s times a week; at most %(max)s times a week.") % {
                "n": f"{float(parsed.per_week):g}",
                "max": bounds.MAX_TIMES_PER_WEEK,
            }
    problem = minutes_problem(minutes)
    if problem:
        errors["minutes"] = problem
    problem = bounds.MENTAL_MINUTES.check(mental_minutes)
    if problem:
        errors["mental_minutes"] = problem_sentence(problem)
    return errors


def cards_room_check(*, household: Household, adding: int = 1) -> None:
    """Refuse a card beyond :data:`bounds.MAX_CARDS` in one household."""
    if household.cards.count() + adding > bounds.MAX_CARDS:
        raise ValidationError(_("A household has at most %(n)s cards.") % {"n": bounds.MAX_CARDS})


@transaction.atomic
def cards_add_from_catalog(
    *,
    household: Household,
    keys: Iterable[str],
    actor: Member | None = None,
    language: str | None = None,
) -> list[Card]:
    """Add catalog cards by key, worded in ``language`` (English where the catalog has no
    words in it); cards the household already has are left as they are."""
    catalog = load_catalog()
    unknown = [k for k in keys if k not in catalog]
    if unknown:
        raise ValidationError(
            _("Not in the catalog: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    have_keys = set(household.cards.values_list("catalog_key", flat=True))
    have_names = {bounds.name_key(n) for n in household.cards.values_list("name", flat=True)}
    room = bounds.MAX_CARDS - household.cards.count()
    added: list[Card] = []
    for key in keys:
        c = card_text(catalog[key], language)
        if key in have_keys or bounds.name_key(c.name) in have_names:
            continue
        if len(added) >= room:
            raise ValidationError(
                _("A household has at most %(n)s cards.") % {"n": bounds.MAX_CARDS}
            )
        added.append(
            Card.objects.create(
                household=household,
                name=c.name,
                catalog_key=key,
                category=c.category,
                cadence=c.cadence.text,
                minutes=decimal(c.minutes),
                mental_minutes=decimal(c.mental_minutes),
                standard=c.standard,
            )
        )
        have_names.add(bounds.name_key(c.name))
    for card in added:
        history_record(household=household, actor=actor, kind=Kind.CARD_ADDED, subject=card.name)
    return added


def deck_keys(decks: Iterable[str]) -> list[str]:
    """The catalog keys of the starter decks named (a shape and add-ons), or a ValidationError
    that says plainly what was wrong with the choice."""
    try:
        return deck_cards(decks)
    except UnknownDeck as error:
        raise ValidationError(
            _("There is no starter deck called %(names)s.") % {"names": ", ".join(error.keys)}
        ) from None
    except NoShape:
        raise ValidationError(_("Choose your household's shape first.")) from None
    except TwoShapes:
        raise ValidationError(
            _("Choose one shape (a couple or flatmates), then add what else your home has.")
        ) from None
    except DeckError as error:  # pragma: no cover - the data is checked by the core tests
        raise ValidationError(str(error)) from None


@transaction.atomic
def cards_add_deck(
    *,
    household: Household,
    decks: Iterable[str],
    leave_out: Iterable[str] = (),
    actor: Member | None = None,
    language: str | None = None,
) -> list[Card]:
    """Add a starter deck's cards (a shape and any add-ons) in one go, less ``leave_out``.

    Cards the household already has are skipped, so adding the same deck twice adds nothing the
    second time; a failure part-way (the card limit) adds none of them."""
    skip = set(leave_out)
    keys = [k for k in deck_keys(decks) if k not in skip]
    return cards_add_from_catalog(household=household, keys=keys, actor=actor, language=language)


def _name_check(household: Household, name: str, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the card a name.")})
    problem = bounds.text_problem(name, what=bounds.THE_NAME, max_chars=bounds.MAX_CARD_NAME_CHARS)
    if problem:
        raise ValidationError({"name": problem_sentence(problem)})
    others = household.cards.all() if exclude is None else household.cards.exclude(pk=exclude)
    key = bounds.name_key(name)
    if any(bounds.name_key(n) == key for n in others.values_list("name", flat=True)):
        raise ValidationError(
            {"name": _('This household already has a card called "%(name)s".') % {"name": name}}
        )
    return name


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


@transaction.atomic
def card_save(
    *,
    household: Household,
    card: Card | None,
    name: str,
    category: str,
    cadence: str,
    minutes: Decimal,
    mental_minutes: Decimal,
    standard: str,
    actor: Member | None = None,
) -> Card:
    """Create a custom card (``card=None``) or change one; every field is checked first."""
    errors = card_fields_check(cadence=cadence, minutes=minutes, mental_minutes=mental_minutes)
    try:
        name = _name_check(household, name, exclude=card.pk if card else None)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    if card is None:
        cards_room_check(household=household)
    # The stored card, not the instance a form may have changed in memory already.
    before = Card.objects.filter(pk=card.pk).first() if card and card.pk else None
    card = card or Card(household=household)
    card.name = name
    card.category = category.strip() or "Other"
    card.cadence = parse_cadence(cadence).text
    card.minutes = minutes
    card.mental_minutes = mental_minutes
    card.standard = standard.strip()
    card.save()
    if before is None:
        history_record(household=household, actor=actor, kind=Kind.CARD_ADDED, subject=card.name)
    else:
        changes = [
            change(label, old, new)
            for label, old, new in [
                ("name", before.name, card.name),
                ("category", before.category, card.category),
                ("how often", before.cadence, card.cadence),
                ("minutes", _number(before.minutes), _number(card.minutes)),
                ("planning minutes", _number(before.mental_minutes), _number(card.mental_minutes)),
            ]
            if old != new
        ]
        if before.standard != card.standard:
            # Only that it changed: the text itself is on the card.
            changes.append(change("what done means", "", ""))
        if changes:
            history_record(
                household=household,
                actor=actor,
                kind=Kind.CARD_EDITED,
                subject=card.name,
                detail={"changes": changes},
            )
    return card


def timing_label(timing: Timing) -> str:
    """The card's days and time as the card list and history say them."""
    return timing.label() or "spread by Evenly"


@transaction.atomic
def card_timing_set(*, card: Card, timing: Timing, actor: Member | None = None) -> Card:
    """Choose when the card happens: days of the week, a day of the month or any day this week,
    and a time of day; core's rule says which fit the card's cadence."""
    problem = timing_problem(card.cadence, timing)
    if problem:
        raise ValidationError(timing_problem_text(problem))
    before = timing_label(card.timing)
    card.weekdays = weekdays_to_bits(timing.weekdays)
    card.month_day = timing.month_day
    card.at = timing.at
    card.any_day = timing.any_day
    card.save(update_fields=["weekdays", "month_day", "at", "any_day"])
    if (after := timing_label(card.timing)) != before:
        history_record(
            household=card.household,
            actor=actor,
            kind=Kind.CARD_EDITED,
            subject=card.name,
            detail={"changes": [change("when", before, after)]},
        )
    return card


@transaction.atomic
def card_delete(*, card: Card, actor: Member | None = None) -> None:
    history_record(household=card.household, actor=actor, kind=Kind.CARD_REMOVED, subject=card.name)
    card.delete()


@transaction.atomic
def card_owner_rule_set(
    *,
    card: Card,
    locked_to: Member | None,
    rotation: Sequence[Member],
    actor: Member | None = None,
) -> Card:
    """Lock the card to one member, share it in turns, or (neither) let the deal decide."""
    if locked_to is not None and rotation:
        raise ValidationError(_("A card is either locked to one member or shared in turns."))
    if rotation and len(rotation) < 2:
        raise ValidationError(_("Turns need at least two members."))
    members = [locked_to, *rotation] if locked_to else list(rotation)
    if any(m.household_id != card.household_id or not m.is_active for m in members):
        raise ValidationError(_("Only current members of this household can hold the card."))
    before = (card.locked_to_id, sorted(card.rotation.values_list("pk", flat=True)))
    if before != (locked_to.pk if locked_to else None, sorted(m.pk for m in rotation)):
        detail: dict[str, object]
        if locked_to is not None:
            detail = {"to": "locked", "holder": locked_to.display_name}
        elif rotation:
            detail = {"to": "turns", "holders": [m.display_name for m in rotation]}
        else:
            detail = {"to": "deal"}
        history_record(
            household=card.household,
            actor=actor,
            kind=Kind.CARD_HOLDER_CHANGED,
            subject=card.name,
            detail=detail,
        )
    card.locked_to = locked_to
    card.save(update_fields=["locked_to"])
    card.rotation.set(rotation)
    return card


def rating_set(
    *,
    member: Member,
    card: Card,
    preference: str,
    minutes: Decimal | None = None,
    standard: str = "",
) -> Rating:
    """The member's private rating of a card (replaces an earlier one)."""
    if preference not in PreferenceChoice.values:
        raise ValidationError(
            {"preference": _("Choose enjoy, like, fine, dislike, hate or can't.")}
        )
    problem = None if minutes is None else minutes_problem(minutes)
    if problem:
        raise ValidationError({"minutes": problem})
    if card.household_id != member.household_id:
        raise ValidationError(_("That card belongs to another household."))
    rating, _created = Rating.objects.update_or_create(
        card=card,
        member=member,
        defaults={"preference": preference, "minutes": minutes, "standard": standard.strip()},
    )
    return rating


@transaction.atomic
def ratings_rest_fine(*, member: Member) -> int:
    """Rate every card this member has not rated yet as "fine"; returns how many.

    Only the member's own missing ratings are written: a card they rated keeps its rating, and
    nobody else's ratings are read or touched."""
    if not member.is_active:
        raise ValidationError(_("Only a current member of the household can rate its cards."))
    # Lock the member's row: two presses at once (two tabs) then count and write in turn.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    unrated = list(
        Card.objects.filter(household_id=member.household_id)
        .exclude(ratings__member=member)
        .order_by("pk")
    )
    Rating.objects.bulk_create(
        [Rating(card=card, member=member, preference=PreferenceChoice.FINE) for card in unrated],
        ignore_conflicts=True,
    )
    return len(unrated)


@transaction.atomic
def chores_import(*, member: Member, data: bytes, language: str | None = None) -> list[Card]:
    """Add the chores of a file from another app (Donetick, Grocy or CSV) as the household's
    cards, all or none: a file with any problem raises :class:`ChoreImportError` listing every
    one, and nothing is written. Chores the household has already, or that the file repeats,
    are left out. A chore that matches a catalog card takes the card's category, noticing and
    planning time and "done means" (in ``language``), and keeps the file's name, cadence and
    minutes (the catalog's minutes where the file gives none)."""
    if not member.is_active:
        raise ValidationError(_("Only a current member of the household can add cards."))
    household = member.household
    # Two imports at once would each see room for their cards and the other's names as free.
    Household.objects.select_for_update().get(pk=household.pk)
    result = chores_preview(household=household, data=data)
    other = _("Imported")
    added: list[Card] = []
    for chore in result.chores:
        match = card_text(chore.catalog, language) if chore.catalog else None
        added.append(
            Card.objects.create(
                household=household,
                name=chore.name,
                catalog_key=match.key if match else "",
                category=match.category if match else other,
                cadence=chore.cadence.text,
                minutes=decimal(chore.minutes),
                mental_minutes=decimal(match.mental_minutes) if match else Decimal(0),
                standard=match.standard if match else "",
            )
        )
    for card in added:
        history_record(household=household, actor=member, kind=Kind.CARD_ADDED, subject=card.name)
    return added


def cards_member_left(member: Member) -> None:
    """A member left (registered with ``evenly.households.hooks``): their ratings go, and no card
    stays locked to them or keeps them in its rotation."""
    Rating.objects.filter(member=member).delete()
    cards = Card.objects.filter(household_id=member.household_id)
    cards.filter(locked_to=member).update(locked_to=None)
    for card in cards.filter(rotation=member):
        card.rotation.remove(member)
