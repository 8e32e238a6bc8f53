"""Writes about households: create, invite, join, leave, and each member's own details."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from evenly.accounts.models import User
from evenly.core import bounds
from evenly.core.model import FairnessBasis
from evenly.households.history import Kind, change, history_record, member_changes_record
from evenly.households.hooks import member_leave_hooks, member_rename_hooks
from evenly.households.models import MAX_MEMBERS, Household, Invitation, Member
from evenly.pages.words import problem_sentence

INVITATION_LIFETIME = timedelta(days=7)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def household_changed(*, household_id: int) -> None:
    """Mark that the household's data changed (one UPDATE, no read), so that its members'
    open pages refresh themselves (``evenly.web.live``). Called once per form sent on a
    household page, and by background jobs that change a household."""
    Household.objects.filter(pk=household_id).update(revision=F("revision") + 1)


def time_zone_check(name: str) -> str:
    """The time zone name, or a ValidationError saying what to write instead."""
    if name not in zoneinfo.available_timezones():
        raise ValidationError(
            f'"{name}" is not a time zone Evenly knows; choose one such as "Europe/London".'
        )
    return name


def household_name_check(name: str) -> str:
    """The household's name, tidied, or a ValidationError naming the problem."""
    name = " ".join(name.split())
    problem = bounds.text_problem(
        name, what=bounds.THE_HOUSEHOLD_NAME, max_chars=bounds.MAX_HOUSEHOLD_NAME_CHARS
    )
    if problem:
        raise ValidationError({"name": problem_sentence(problem)})
    return name


def display_name_check(household: Household | None, name: str, exclude: int | None = None) -> str:
    """A display name, tidied; refused when it is empty, too long, holds control characters,
    or is another member's name written with other capitals or spaces ("Robin", "robin ")."""
    name = " ".join(name.split())
    problem = bounds.text_problem(name, what=bounds.YOUR_NAME, max_chars=bounds.MAX_NAME_CHARS)
    if problem:
        raise ValidationError({"display_name": problem_sentence(problem)})
    if household is not None:
        others = household.members.all()
        if exclude is not None:
            others = others.exclude(pk=exclude)
        key = bounds.name_key(name)
        if any(bounds.name_key(n) == key for n in others.values_list("display_name", flat=True)):
            raise ValidationError({"display_name": _("Someone in this household has that name.")})
    return name


def member_numbers_check(
    *, paid_hours: Decimal, personal_time_goal_minutes: int, share: Decimal | None
) -> dict[str, str]:
    """Field errors for a member's numbers, each naming its bound (empty when all is well)."""
    errors = {}
    problem = bounds.PAID_HOURS.check(paid_hours)
    if problem:
        errors["paid_hours"] = problem_sentence(problem)
    problem = bounds.PERSONAL_MINUTES.check(personal_time_goal_minutes)
    if problem:
        errors["personal_time_goal_minutes"] = problem_sentence(problem)
    problem = None if share is None else bounds.SHARE.check(share)
    if problem:
        errors["share"] = problem_sentence(problem)
    return errors


def household_numbers_check(
    *, tolerance_minutes: int = 0, drift_weeks: int = bounds.MIN_DRIFT_WEEKS
) -> dict[str, str]:
    """Field errors for the household's numbers, each naming its bound (empty when all is well)."""
    errors = {}
    problem = bounds.TOLERANCE_MINUTES.check(tolerance_minutes)
    if problem:
        errors["tolerance_minutes"] = problem_sentence(problem)
    problem = bounds.DRIFT_WEEKS.check(drift_weeks)
    if problem:
        errors["drift_weeks"] = problem_sentence(problem)
    return errors


@transaction.atomic
def household_create(
    *, user: User, name: str, time_zone: str, fairness: str, display_name: str
) -> Household:
    """A new household with its creator as the first member."""
    time_zone_check(time_zone)
    name = household_name_check(name)
    display_name = display_name_check(None, display_name)
    household = Household.objects.create(name=name, time_zone=time_zone, fairness=fairness)
    member = Member.objects.create(household=household, user=user, display_name=display_name)
    history_record(
        household=household, actor=member, kind=Kind.HOUSEHOLD_CREATED, subject=household.name
    )
    return household


def _fairness_words(value: str) -> str:
    try:
        return FairnessBasis(value).description
    except ValueError:
        return value


@transaction.atomic
def household_update(
    *,
    household: Household,
    name: str,
    time_zone: str,
    fairness: str,
    tolerance_minutes: int,
    drift_weeks: int = 3,
    actor: Member | None = None,
) -> Household:
    time_zone_check(time_zone)
    errors = household_numbers_check(tolerance_minutes=tolerance_minutes, drift_weeks=drift_weeks)
    if errors:
        raise ValidationError(errors)
    name = household_name_check(name)
    before = Household.objects.get(pk=household.pk) if household.pk else household
    changes = [
        change(label, old, new)
        for label, old, new in [
            ("name", before.name, name),
            ("time zone", before.time_zone, time_zone),
            ("tolerance minutes", before.tolerance_minutes, tolerance_minutes),
            ("drift weeks", before.drift_weeks, drift_weeks),
        ]
        if str(old) != str(new)
    ]
    if changes:
        history_record(
            household=household,
            actor=actor,
            kind=Kind.SETTINGS_CHANGED,
            detail={"changes": changes},
        )
    if before.fairness != fairness:
        history_record(
            household=household,
            actor=actor,
            kind=Kind.FAIRNESS_CHANGED,
            detail={
                "changes": [
                    change(
                        "fairness rule",
                        _fairness_words(before.fairness),
                        _fairness_words(fairness),
                    )
                ]
            },
        )
    household.drift_weeks = drift_weeks
    household.name = name
    household.time_zone = time_zone
    household.fairness = fairness
    household.tolerance_minutes = tolerance_minutes
    household.save()
    return household


@transaction.atomic
def household_personal_time_set(
    *, household: Household, count: bool, actor: Member | None = None
) -> Household:
    """Whether the fairness rule counts each member's goal for time of their own like paid
    work (the free-time and total-work bases)."""
    if household.count_personal_time != count:
        history_record(
            household=household,
            actor=actor,
            kind=Kind.SETTINGS_CHANGED,
            detail={
                "changes": [
                    change("counting time of one's own", household.count_personal_time, count)
                ]
            },
        )
    household.count_personal_time = count
    household.save(update_fields=["count_personal_time"])
    return household


@transaction.atomic
def member_update(
    *,
    member: Member,
    display_name: str,
    paid_hours: Decimal,
    personal_time_goal_minutes: int,
    share: Decimal | None,
) -> Member:
    """A member's own details. Display names are unique within the household, members who
    left included. A new name is followed, in the same transaction, by what other apps keep
    under the member's name (``hooks.on_member_rename``: the deals' certificates)."""
    errors = member_numbers_check(
        paid_hours=paid_hours, personal_time_goal_minutes=personal_time_goal_minutes, share=share
    )
    if errors:
        raise ValidationError(errors)
    # Held while the name changes, as a proposal holds it while it is kept: a deal kept at the
    # same moment is renamed below or kept after, under the new name (one the worker worked out
    # under the old name is then refused as the household having changed), never left behind.
    Household.objects.select_for_update().get(pk=member.household_id)
    before = Member.objects.values("display_name", "paid_hours", "share").get(pk=member.pk)
    was = before["display_name"]
    display_name = display_name_check(member.household, display_name, exclude=member.pk)
    member.display_name = display_name
    member.paid_hours = paid_hours
    member.personal_time_goal_minutes = personal_time_goal_minutes
    member.share = share
    member.save()
    member_changes_record(member=member, actor=member, was=before)
    if display_name != was:
        for follow in member_rename_hooks():
            follow(member, was)
    return member


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # shown once; only its hash is stored


@transaction.atomic
def invitation_create(*, household: Household, member: Member) -> NewInvitation:
    """A single-use link that lets one more person join, valid for seven days."""
    current = household.members.current()
    # A full household may still invite the people its waiting places are kept for.
    if current.count() >= MAX_MEMBERS and not current.filter(user__isnull=True).exists():
        raise ValidationError(_("A household has at most %(n)s members.") % {"n": MAX_MEMBERS})
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        household=household,
        created_by=member,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    history_record(household=household, actor=member, kind=Kind.INVITATION_CREATED)
    return NewInvitation(invitation=invitation, token=token)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: Member | None = None) -> None:
    if invitation.status == "open":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        history_record(household=invitation.household, actor=actor, kind=Kind.INVITATION_REVOKED)


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation the link names, whatever its state; None if the link is wrong."""
    return (
        Invitation.objects.select_related("household", "created_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User, display_name: str) -> Member:
    """Join the household the link invites to. The link then cannot be used again."""
    invitation = invitation_by_token(token=token)
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid. Ask for a new one."))
    # Lock the row so that two people opening the same link cannot both join.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    status = invitation.status
    if status != "open":
        raise ValidationError(f"This invitation has been {status}. Ask for a new one.")
    # Lock the household row too: two different invitations accepted at once would otherwise
    # both count 7 members and both join, making 9.
    household = Household.objects.select_for_update().get(pk=invitation.household_id)
    if household.members.current().filter(user=user).exists():
        raise ValidationError(_("You are already a member of this household."))
    place = waiting_place(household=household, display_name=display_name)
    if place is not None:
        # A household brought in from a file keeps its other members as waiting places: the
        # person who writes that name takes the place, with its share and its history.
        place.user = user
        place.save(update_fields=["user"])
        invitation.used_at = timezone.now()
        invitation.used_by = place
        invitation.save(update_fields=["used_at", "used_by"])
        history_record(household=household, actor=place, kind=Kind.MEMBER_JOINED)
        # Joining is sent to the invitation's URL, not the household's: the pages follow too.
        household_changed(household_id=household.pk)
        return place
    if household.members.current().count() >= MAX_MEMBERS:
        raise ValidationError(_("This household already has %(n)s members.") % {"n": MAX_MEMBERS})
    display_name = display_name_check(household, display_name)
    member = Member.objects.create(household=household, user=user, display_name=display_name)
    invitation.used_at = timezone.now()
    invitation.used_by = member
    invitation.save(update_fields=["used_at", "used_by"])
    history_record(household=household, actor=member, kind=Kind.MEMBER_JOINED)
    household_changed(household_id=household.pk)
    return member


def waiting_place(*, household: Household, display_name: str) -> Member | None:
    """The household's waiting place (a current member without an account, as an imported
    household keeps its members) whose name is ``display_name``, if any."""
    wanted = bounds.name_key(display_name)
    for place in household.members.current().filter(user__isnull=True):
        if bounds.name_key(place.display_name) == wanted:
            return place
    return None


@transaction.atomic
def members_leave_for_deleted_account(user: User) -> None:
    """An account is being deleted: it leaves every household it is still in."""
    for member in user.memberships.current().select_related("household"):
        member_leave(member=member)


@transaction.atomic
def member_leave(*, member: Member) -> None:
    """Leave the household.

    The member's ratings and private entries go; the shared record (cards, agreed deals, work
    done) stays under their display name. A proposal waiting for acceptance is withdrawn,
    since it dealt cards to someone who is gone. The last member to leave takes the household.
    Each app clears what it keeps of the member through the clean-up it registered in
    ``evenly.households.hooks``.
    """
    household = member.household
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    history_record(household=household, actor=member, kind=Kind.MEMBER_LEFT)
    for clean_up in member_leave_hooks():
        clean_up(member)
    if not household.members.current().exists():
        household.delete()
    else:
        # Also when the account is deleted (no household URL): the others' pages follow.
        household_changed(household_id=household.pk)
