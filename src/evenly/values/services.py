"""Writes about values, the mission statement, shared goals and outside pressure. Every rule
about who may do what lives here.

A member's values card and their notes of outside pressure are private until they share
them. A function given someone else's private object refuses; the views only ever pass objects
the access helpers let the member see (``values.access``).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evenly.core import bounds
from evenly.core.values import BY_KEY, OWN_WORDS_MAX, split_own_words, value_for
from evenly.households.models import Household, Member
from evenly.households.private import everyone_answered
from evenly.pages.words import problem_sentence
from evenly.values.models import (
    Goal,
    Milestone,
    MissionAgreement,
    MissionVersion,
    OutsidePressure,
    PressureAgreement,
    ValuePick,
    ValuesCard,
)

PICKS_MAX = 12
TEXT_LIMIT = 1000
FEELING_LIMIT = 500
TITLE_LIMIT = 120
WHO_LIMIT = 80


def _text(
    errors: dict[str, str],
    field: str,
    value: str,
    *,
    limit: int = TEXT_LIMIT,
    missing: str = "",
) -> str:
    """``value`` stripped; a message in ``errors`` when it is required (``missing`` says what
    to write) and empty, or longer than ``limit``."""
    value = value.strip()
    if missing and not value:
        errors[field] = missing
    elif len(value) > limit:
        errors[field] = _("Please keep it to %(limit)s characters (it has %(n)s).") % {
            "limit": f"{limit:,}",
            "n": f"{len(value):,}",
        }
    return value


def _current_ids(household: Household) -> set[int]:
    return set(household.members.current().values_list("pk", flat=True))


def _a_current_member(household: Household, member: Member | None) -> bool:
    return member is not None and member.household_id == household.pk and member.is_active


# --- values ---------------------------------------------------------------------------------


def everyone_shared_values(*, household: Household) -> bool:
    """Whether every current member has shared their values card."""
    shared = set(
        ValuesCard.objects.for_household(household)
        .filter(shared_at__isnull=False)
        .values_list("member_id", flat=True)
    )
    return everyone_answered(members=_current_ids(household), answered=shared)


@transaction.atomic
def values_save(
    *, member: Member, keys: Collection[str], own_words: str = "", stand_for: str = ""
) -> ValuesCard:
    """Save the member's values: keys of values on the list, others in their own words (one
    per line or separated by commas) and what they want the partnership to stand for."""
    errors: dict[str, str] = {}
    chosen = list(dict.fromkeys(keys))
    if any(k not in BY_KEY for k in chosen):
        errors["picks"] = _("Choose values from the list, or write them in your own words.")
    own: list[str] = []
    for words in split_own_words(own_words):
        known = value_for(words)
        if known is not None:  # "honesty" written out is the list's Honesty
            if known.key not in chosen:
                chosen.append(known.key)
        elif len(words) > OWN_WORDS_MAX:
            errors["own_words"] = _(
                "Keep each value to %(max)s characters: “%(start)s…” is longer. "
                "Separate values with commas or new lines."
            ) % {"max": OWN_WORDS_MAX, "start": words[:30]}
        else:
            own.append(words)
    total = len(chosen) + len(own)
    if not errors:
        if total == 0:
            errors["picks"] = _("Choose at least one value, or write one in your own words.")
        elif total > PICKS_MAX:
            errors["picks"] = _(
                "Choose at most %(max)s values (you have %(n)s): the ones that matter most to you."
            ) % {"max": PICKS_MAX, "n": total}
    stand_for = _text(errors, "stand_for", stand_for)
    if errors:
        raise ValidationError(errors)
    card, _created = ValuesCard.objects.select_for_update().get_or_create(
        member=member, defaults={"household": member.household}
    )
    card.stand_for = stand_for
    card.save()
    card.picks.all().delete()
    ValuePick.objects.bulk_create(
        [ValuePick(card=card, key=k) for k in chosen] + [ValuePick(card=card, own=w) for w in own]
    )
    return card


@transaction.atomic
def values_share(*, member: Member) -> ValuesCard:
    """Share the member's values with the household. They may keep editing them after."""
    card = ValuesCard.objects.select_for_update().filter(member=member).first()
    if card is None or not card.picks.exists():
        raise ValidationError(_("Choose your values and save them first; then share them."))
    if not card.is_shared:
        card.shared_at = timezone.now()
        card.save(update_fields=["shared_at"])
    return card


# --- the mission statement ------------------------------------------------------------------


@transaction.atomic
def mission_save(*, member: Member, text: str) -> MissionVersion:
    """Save a new version of the mission statement. It needs everyone's agreement again."""
    household = member.household
    Household.objects.select_for_update().get(pk=household.pk)
    if not everyone_shared_values(household=household):
        raise ValidationError(
            _("The mission statement is written once everyone has shared their values.")
        )
    errors: dict[str, str] = {}
    text = _text(errors, "text", text, missing=_("Write the mission statement, in your own words."))
    if errors:
        raise ValidationError(errors)
    latest = MissionVersion.objects.for_household(household).first()
    if latest is not None and latest.text == text:
        raise ValidationError(
            {
                "text": _("That is version %(n)s as it is: change something to save it.")
                % {"n": latest.number}
            }
        )
    return MissionVersion.objects.create(
        household=household,
        number=(latest.number if latest else 0) + 1,
        text=text,
        author=member,
    )


@transaction.atomic
def mission_agree(*, member: Member, version: MissionVersion) -> MissionVersion:
    """The member agrees with ``version``, which must be the newest."""
    if version.household_id != member.household_id:
        raise ValidationError(_("That statement belongs to another household."))
    latest = MissionVersion.objects.for_household(version.household_id).first()
    if latest is not None and latest.pk != version.pk:
        raise ValidationError(
            _(
                "Version %(n)s has been saved since: read it, and agree with that one "
                "if it says what you want."
            )
            % {"n": latest.number}
        )
    MissionAgreement.objects.get_or_create(version=version, member=member)
    return version


# --- shared goals ---------------------------------------------------------------------------


def _date_check(
    errors: dict[str, str], field: str, value: date | None, before: date | None, today: date
) -> None:
    """A new or changed date may not be in the past; one left as it was may."""
    problem = None if value is None else bounds.date_check(value)
    if problem:
        errors[field] = problem_sentence(problem)
    elif value is not None and value != before and value < today:
        errors[field] = _("Choose today or a later day, or leave it empty.")


def _not_archived(goal: Goal) -> None:
    if goal.is_archived:
        raise ValidationError(_("This goal is archived: bring it back first to change it."))


@transaction.atomic
def goal_save(
    *,
    member: Member,
    goal: Goal | None,
    title: str,
    owners: Collection[Member],
    why: str = "",
    target_on: date | None = None,
) -> Goal:
    """Add a shared goal (``goal`` None) or change one."""
    household = member.household
    if goal is not None:
        if goal.household_id != household.pk:
            raise ValidationError(_("That goal belongs to another household."))
        _not_archived(goal)
    errors: dict[str, str] = {}
    title = _text(errors, "title", title, limit=TITLE_LIMIT, missing=_("Give the goal a name."))
    why = _text(errors, "why", why)
    _date_check(errors, "target_on", target_on, goal.target_on if goal else None, household.today())
    owners = list(owners)
    if not owners:
        errors["owners"] = _("Choose who looks after it: one of you, or more.")
    elif not all(_a_current_member(household, m) for m in owners):
        errors["owners"] = _("Choose members of this household.")
    if errors:
        raise ValidationError(errors)
    if goal is None:
        goal = Goal.objects.create(
            household=household, title=title, why=why, target_on=target_on, created_by=member
        )
    else:
        goal.title, goal.why, goal.target_on = title, why, target_on
        goal.save(update_fields=["title", "why", "target_on"])
    goal.owners.set(owners)
    return goal


@transaction.atomic
def goal_reached(*, member: Member, goal: Goal, reached: bool = True) -> Goal:
    """Mark the goal reached (or not reached after all)."""
    _not_archived(goal)
    if reached and goal.is_reached:
        raise ValidationError(_("This goal is reached already."))
    goal.reached_at = timezone.now() if reached else None
    goal.save(update_fields=["reached_at"])
    return goal


@transaction.atomic
def goal_archive(*, member: Member, goal: Goal, archived: bool = True) -> Goal:
    """Put the goal away (or bring it back). An archived goal keeps its milestones."""
    goal.archived_at = timezone.now() if archived else None
    goal.save(update_fields=["archived_at"])
    return goal


@transaction.atomic
def goal_delete(*, member: Member, goal: Goal) -> None:
    if goal.household_id != member.household_id:
        raise ValidationError(_("That goal belongs to another household."))
    goal.delete()


@transaction.atomic
def milestone_save(
    *,
    member: Member,
    goal: Goal,
    milestone: Milestone | None,
    title: str,
    owner: Member | None,
    due_on: date | None = None,
) -> Milestone:
    """Add a milestone to ``goal`` (``milestone`` None) or change one of its milestones."""
    household = member.household
    if goal.household_id != household.pk or (milestone and milestone.goal_id != goal.pk):
        raise ValidationError(_("That goal belongs to another household."))
    _not_archived(goal)
    errors: dict[str, str] = {}
    title = _text(
        errors, "title", title, limit=TITLE_LIMIT, missing=_("Write the milestone: one step.")
    )
    if not _a_current_member(household, owner):
        errors["owner"] = _("Choose who sees this step through.")
    _date_check(
        errors, "due_on", due_on, milestone.due_on if milestone else None, household.today()
    )
    if errors:
        raise ValidationError(errors)
    assert owner is not None
    if milestone is None:
        return Milestone.objects.create(goal=goal, title=title, owner=owner, due_on=due_on)
    milestone.title, milestone.owner, milestone.due_on = title, owner, due_on
    milestone.save(update_fields=["title", "owner", "due_on"])
    return milestone


@transaction.atomic
def milestone_done(*, member: Member, milestone: Milestone, done: bool = True) -> Milestone:
    """Tick a milestone (or untick it). Anyone in the household may."""
    _not_archived(milestone.goal)
    if done and milestone.is_done:
        return milestone
    milestone.done_at = timezone.now() if done else None
    milestone.done_by = member if done else None
    milestone.save(update_fields=["done_at", "done_by"])
    return milestone


@transaction.atomic
def milestone_delete(*, member: Member, milestone: Milestone) -> None:
    _not_archived(milestone.goal)
    milestone.delete()


# --- outside pressure -----------------------------------------------------------------------

SOURCES = dict(OutsidePressure.Source.choices)
PARTS = dict(PressureAgreement.Part.choices)


ONLY_THE_AUTHOR = {
    "change": gettext_lazy("Only the person who wrote it can change it."),
    "share": gettext_lazy("Only the person who wrote it can share it."),
    "remove": gettext_lazy("Only the person who wrote it can remove it."),
}


def _own(member: Member, pressure: OutsidePressure, action: str) -> None:
    if pressure.author_id != member.pk:
        raise ValidationError(ONLY_THE_AUTHOR[action])


def _shared(pressure: OutsidePressure) -> None:
    if not pressure.is_shared:
        raise ValidationError(_("Share it with the household first."))


def _open(pressure: OutsidePressure) -> None:
    if pressure.is_resolved:
        raise ValidationError(_("This is resolved. Mark it as open again to change it."))


@transaction.atomic
def pressure_save(
    *,
    member: Member,
    pressure: OutsidePressure | None,
    source: str,
    expectation: str,
    who: str = "",
    feeling: str = "",
) -> OutsidePressure:
    """Note an expectation from outside (``pressure`` None), private until shared, or change
    one's own note."""
    if pressure is not None:
        _own(member, pressure, "change")
    errors: dict[str, str] = {}
    if source not in SOURCES:
        errors["source"] = _("Choose where it comes from.")
    who = _text(errors, "who", who, limit=WHO_LIMIT)
    expectation = _text(
        errors,
        "expectation",
        expectation,
        missing=_("Write what is expected of you, or of you both."),
    )
    feeling = _text(errors, "feeling", feeling, limit=FEELING_LIMIT)
    if errors:
        raise ValidationError(errors)
    fields = {"source": source, "who": who, "expectation": expectation, "feeling": feeling}
    if pressure is None:
        return OutsidePressure.objects.create(household=member.household, author=member, **fields)
    for name, value in fields.items():
        setattr(pressure, name, value)
    pressure.save()
    return pressure


@transaction.atomic
def pressure_share(*, member: Member, pressure: OutsidePressure) -> OutsidePressure:
    _own(member, pressure, "share")
    if not pressure.is_shared:
        pressure.shared_at = timezone.now()
        pressure.save(update_fields=["shared_at"])
    return pressure


@transaction.atomic
def pressure_delete(*, member: Member, pressure: OutsidePressure) -> None:
    _own(member, pressure, "remove")
    pressure.delete()


@transaction.atomic
def pressure_write(
    *, member: Member, pressure: OutsidePressure, part: str, text: str
) -> OutsidePressure:
    """Write the household's joint stance or its reply. A change needs everyone's agreement
    again; the same words saved again change nothing."""
    if part not in PARTS:
        raise ValidationError(_("Choose the stance or the reply."))
    _shared(pressure)
    _open(pressure)
    pressure = OutsidePressure.objects.select_for_update().get(pk=pressure.pk)
    errors: dict[str, str] = {}
    missing = (
        "Write where you stand on it, together."
        if part == PressureAgreement.Part.STANCE
        else "Write the reply you would give."
    )
    text = _text(errors, "text", text, missing=missing)
    if errors:
        raise ValidationError(errors)
    if getattr(pressure, part) == text:
        return pressure
    setattr(pressure, part, text)
    setattr(pressure, f"{part}_by", member)
    setattr(pressure, f"{part}_at", timezone.now())
    pressure.save(update_fields=[part, f"{part}_by", f"{part}_at", "updated_at"])
    pressure.agreements.filter(part=part).delete()
    return pressure


@transaction.atomic
def pressure_agree(*, member: Member, pressure: OutsidePressure, part: str) -> OutsidePressure:
    """The member agrees with the stance or reply as it is now."""
    if part not in PARTS:
        raise ValidationError(_("Choose the stance or the reply."))
    _shared(pressure)
    _open(pressure)
    pressure = OutsidePressure.objects.select_for_update().get(pk=pressure.pk)
    if not getattr(pressure, part):
        if part == PressureAgreement.Part.STANCE:
            raise ValidationError(_("There is no stance yet."))
        raise ValidationError(_("There is no reply yet."))
    PressureAgreement.objects.get_or_create(pressure=pressure, part=part, member=member)
    return pressure


@transaction.atomic
def pressure_for_checkin(
    *, member: Member, pressure: OutsidePressure, bring: bool = True
) -> OutsidePressure:
    """Bring it to the next check-in (or not after all)."""
    _shared(pressure)
    _open(pressure)
    pressure.for_checkin = bring
    pressure.save(update_fields=["for_checkin", "updated_at"])
    return pressure


@transaction.atomic
def pressure_resolve(
    *, member: Member, pressure: OutsidePressure, resolved: bool = True
) -> OutsidePressure:
    """Mark it resolved (or open again). A resolved pressure is no longer brought to the
    check-in."""
    if resolved and pressure.is_resolved:
        raise ValidationError(_("This is resolved already."))
    pressure.resolved_at = timezone.now() if resolved else None
    pressure.resolved_by = member if resolved else None
    if resolved:
        pressure.for_checkin = False
    pressure.save(update_fields=["resolved_at", "resolved_by", "for_checkin", "updated_at"])
    return pressure


def values_member_left(member: Member) -> None:
    """A member left (registered with ``evenly.households.hooks``): the outside pressures and
    values cards they never shared go with them."""
    OutsidePressure.objects.filter(author=member, shared_at__isnull=True).delete()
    ValuesCard.objects.filter(member=member, shared_at__isnull=True).delete()
