"""Writes of the perception check: start this month's round, answer it, close it early."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evenly.core import bounds
from evenly.core.felt import month_of
from evenly.households.models import Member
from evenly.households.private import everyone_answered
from evenly.perception.models import Estimate, Round

PERIOD = timedelta(days=28)  # the 4 weeks a round looks back on, the opening day included
SHARE_HELP = format_lazy(_("A whole number from 0 to {max}."), max=bounds.MAX_PERCENT)


@transaction.atomic
def round_start(*, member: Member) -> tuple[Round, bool]:
    """This month's round (household time zone), and whether this call opened it.

    Idempotent: a second start in the same month returns the round already there. Opening a
    new round closes any earlier one still open, so there is one open round at a time.
    """
    household = member.household
    today = household.today()
    month = month_of(today)
    existing = Round.objects.for_household(household).filter(month=month).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            new = Round.objects.create(
                household=household,
                month=month,
                period_start=today - PERIOD + timedelta(days=1),
                period_end=today,
                opened_by=member,
            )
    except IntegrityError:  # someone else started it a moment ago
        return Round.objects.for_household(household).get(month=month), False
    Round.objects.for_household(household).filter(closed_at__isnull=True).exclude(pk=new.pk).update(
        closed_at=timezone.now()
    )
    return new, True


def _share_check(home_share: int, mental_share: int) -> None:
    errors = {}
    for field, value in (("home_share", home_share), ("mental_share", mental_share)):
        if not 0 <= value <= bounds.MAX_PERCENT:
            errors[field] = SHARE_HELP
    if errors:
        raise ValidationError(errors)


def answer_problem(*, member: Member, round: Round) -> str | None:
    """Why ``member`` cannot answer ``round`` now, or None when they can."""
    if round.household_id != member.household_id:
        return gettext("That check belongs to another household.")
    if not round.is_open:
        return gettext("This check is closed; its results are below.")
    if round.estimates.filter(member=member).exists():
        return gettext("You have already answered this check.")
    return None


@transaction.atomic
def estimate_submit(
    *, member: Member, round: Round, home_share: int, mental_share: int
) -> Estimate:
    """Record the member's estimates; the last current member to answer closes the round."""
    _share_check(home_share, mental_share)
    # Lock the round so two last answers cannot both miss closing it.
    locked = Round.objects.select_for_update().get(pk=round.pk)
    problem = answer_problem(member=member, round=locked)
    if problem:
        raise ValidationError(problem)
    try:
        with transaction.atomic():
            estimate = Estimate.objects.create(
                round=locked,
                member=member,
                home_share=home_share,
                mental_share=mental_share,
            )
    except IntegrityError:
        raise ValidationError(gettext("You have already answered this check.")) from None
    current = set(member.household.members.current().values_list("pk", flat=True))
    answered = set(locked.estimates.values_list("member_id", flat=True))
    if everyone_answered(members=current, answered=answered):
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
    round.closed_at = locked.closed_at
    return estimate


@transaction.atomic
def round_close(*, member: Member, round: Round) -> Round:
    """Close the round early and show everyone the results; it needs at least one answer."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.household_id != member.household_id:
        raise ValidationError(gettext("That check belongs to another household."))
    if not locked.is_open:
        raise ValidationError(gettext("This check is already closed."))
    if not locked.estimates.exists():
        raise ValidationError(
            gettext("Nobody has answered yet: the check can close after one answer.")
        )
    locked.closed_at = timezone.now()
    locked.closed_by = member
    locked.save(update_fields=["closed_at", "closed_by"])
    return locked
