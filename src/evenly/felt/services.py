"""Writes of the monthly check: turn it on or off, answer (or change) this month's answer, and
what happens to a member's answers when they leave or delete their account."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evenly.accounts.models import User
from evenly.core.felt import Answer, answer_problems, month_of
from evenly.felt.models import FeltAnswer, FeltCheck, FeltMonth
from evenly.households.models import Household, Member
from evenly.households.private import everyone_answered

SCALE_HELP = _("Choose one of 1 to 7.")
CSI_HELP = _("Choose one of the answers.")


def is_on(household: Household) -> bool:
    """Whether the household answers the monthly check."""
    return FeltCheck.objects.filter(household=household).exists()


@transaction.atomic
def felt_turn_on(*, member: Member) -> bool:
    """Turn the check on for the whole household; False when it already was."""
    _check, created = FeltCheck.objects.get_or_create(
        household=member.household, defaults={"turned_on_by": member}
    )
    return created


@transaction.atomic
def felt_turn_off(*, member: Member) -> bool:
    """Turn the check off for the household; answers already given stay. False when it was
    off."""
    deleted, _ = FeltCheck.objects.filter(household=member.household).delete()
    return deleted > 0


def _all_answered(household: Household, month: date) -> bool:
    """Whether every current member has answered ``month``."""
    current = household.members.current().values_list("pk", flat=True)
    answered = (
        FeltAnswer.objects.for_household(household)
        .filter(month=month)
        .values_list("member_id", flat=True)
    )
    return everyone_answered(members=current, answered=answered)


def _month_is_open(household: Household, month: date) -> bool:
    """Whether ``month``'s answers are open: recorded as opened, or every current member has
    answered it now."""
    if FeltMonth.objects.for_household(household).filter(month=month).exists():
        return True
    return _all_answered(household, month)


def _open_if_complete(household: Household, month: date) -> bool:
    if not _all_answered(household, month):
        return False
    FeltMonth.objects.get_or_create(household=household, month=month)
    return True


@transaction.atomic
def felt_answer(*, member: Member, answer: Answer) -> tuple[FeltAnswer, bool]:
    """Record ``member``'s answer for this month (the household's time zone), and whether the
    month is now open to everyone.

    A second answer in the same month changes the first, as long as the month is not open:
    once everyone has answered, everyone has seen the answers, and they stay as they were.
    """
    problems = answer_problems(answer)
    if problems:
        raise ValidationError(
            {name: (CSI_HELP if name.startswith("csi_") else SCALE_HELP) for name in problems}
        )
    household = member.household
    # Lock the setting row: answers of one household are recorded one after the other, so the
    # last two answers of a month cannot both miss opening it.
    check = FeltCheck.objects.select_for_update().filter(household=household).first()
    if check is None:
        raise ValidationError(gettext("The monthly check is off in this household."))
    if member.left_at is not None:
        raise ValidationError(gettext("You are no longer a member of this household."))
    month = month_of(household.today())
    if _month_is_open(household, month):
        raise ValidationError(
            gettext(
                "Everyone has answered this month's check, so the answers are open and can "
                "no longer change. Next month's check opens on the 1st."
            )
        )
    values = asdict(answer)
    row = FeltAnswer.objects.filter(member=member, month=month).first()
    if row is None:
        row = FeltAnswer.objects.create(household=household, member=member, month=month, **values)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.changed_at = timezone.now()
        row.save(update_fields=[*values, "changed_at"])
    return row, _open_if_complete(household, month)


def felt_member_left(member: Member) -> None:
    """A member left (``households.hooks``): their answers to months still sealed go with them,
    and this month opens if everyone still here has answered."""
    FeltAnswer.objects.filter(member=member).exclude(
        month__in=FeltMonth.objects.filter(household_id=member.household_id).values("month")
    ).delete()
    household = member.household
    if household.members.current().exists() and is_on(household):
        _open_if_complete(household, month_of(household.today()))


def felt_account_deleted(user: User) -> None:
    """An account is deleted (``accounts.services.on_account_delete``): every answer its
    person gave, in every household, goes, opened months too. The household's trend then
    counts the others' answers only."""
    FeltAnswer.objects.filter(member__user=user).delete()
