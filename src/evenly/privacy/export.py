""" "Download my data": one JSON document of everything a person entered or that is about them.

Driven by the registry: a row is exported when it is about one of the person's memberships (its
``about`` lookups or a PERSONAL field's owner), and a text field of that row only when it is
HOUSEHOLD or SYSTEM text, or PERSONAL text this person wrote. A partner's words in the same row
(their stance on the person's pressure, say) and a partner's private rows are never selected.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from evenly.accounts.models import User
from evenly.households.models import Member
from evenly.privacy.registry import PERSONAL, REGISTRY, installed

FORMAT = "evenly-person"
VERSION = 1


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _row(obj: models.Model, label: str, member: Member) -> dict[str, Any]:
    texts = REGISTRY[label].fields
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in texts:
            text = texts[f.name]
            if text.kind == PERSONAL and not _owned_by(obj, text.owner, member):
                continue  # someone else's words in this row
        if f.is_relation:
            out[f.name] = getattr(obj, f.attname)
        else:
            out[f.name] = _value(getattr(obj, f.attname))
    return out


def _owned_by(obj: models.Model, owner: str, member: Member) -> bool:
    return type(obj)._default_manager.filter(pk=obj.pk, **{owner: member}).exists()


def _rows_for(label: str, member: Member) -> list[dict[str, Any]]:
    entry = REGISTRY[label]
    model = apps.get_model(label)
    lookups = set(entry.about) | {t.owner for t in entry.fields.values() if t.kind == PERSONAL}
    if not lookups:
        return []
    q = Q()
    for lookup in lookups:
        q |= Q(pk=member.pk) if lookup == "self" else Q(**{lookup: member})
    rows = model._default_manager.filter(q).distinct().order_by("pk")
    return [_row(obj, label, member) for obj in rows]


def person_export(*, user: User) -> dict[str, Any]:
    """Everything this person entered or that is about them, in every household they are or
    were in. Reads only."""
    memberships = []
    for member in Member.objects.filter(user=user).select_related("household").order_by("pk"):
        data: dict[str, Any] = {
            "household": {"id": member.household_id, "name": member.household.name},
        }
        for label, entry in installed().items():
            if entry.exported:
                data[label] = _rows_for(label, member)
        memberships.append(data)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _value(dt.datetime.now(dt.UTC)),
        "account": {
            "email": user.email,
            "date_joined": _value(user.date_joined),
            "last_login": _value(user.last_login),
            "language": user.language,
        },
        "memberships": memberships,
    }
