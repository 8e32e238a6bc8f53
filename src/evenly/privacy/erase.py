"""Erase what a person typed when they delete their account, driven by the registry."""

from __future__ import annotations

from django.apps import apps
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q

from evenly.accounts.models import User
from evenly.deals.services import deal_reasons_forget
from evenly.households.models import Member
from evenly.privacy.registry import PERSONAL, installed
from evenly.values.models import MissionVersion
from evenly.week.models import LogEntry

OTHER_WORK = "Other work"


@transaction.atomic
def erase_person(user: User) -> None:
    """Blank every PERSONAL text field this person wrote, in every household they were ever in
    (including ones they left), rewrite deal reasons that speak of them, remove their lone
    mission drafts and their login records. Minutes, dates and the display name stay."""
    members = list(Member.objects.filter(user=user))
    for member in members:
        _erase_member(member)
    _erase_login_records(user)


def _erase_member(member: Member) -> None:
    # Log entries first: their title becomes the card's name again (household text).
    for entry in LogEntry.objects.filter(member=member).select_related("card"):
        entry.title = entry.card.name if entry.card is not None else OTHER_WORK
        entry.save(update_fields=["title"])
    for label, model_entry in installed().items():
        model = apps.get_model(label)
        by_owner: dict[str, list[str]] = {}
        for name, text in model_entry.fields.items():
            if text.kind == PERSONAL and not (model is LogEntry and name == "title"):
                by_owner.setdefault(text.owner, []).append(name)
        for owner, names in by_owner.items():
            rows = model._default_manager.filter(**{owner: member})
            if model_entry.delete_rows:
                rows.delete()
            else:
                rows.update(**dict.fromkeys(names, ""))
    # A mission draft nobody else agreed with was only this member's words.
    (
        MissionVersion.objects.filter(author=member)
        .annotate(others=Count("agreements", filter=~Q(agreements__member=member)))
        .filter(others=0)
        .delete()
    )
    deal_reasons_forget(member=member)


def _erase_login_records(user: User) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for log_model in (AccessAttempt, AccessLog, AccessFailureLog):
        log_model.objects.filter(username__iexact=user.email).delete()
    AdminLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
