"""Deals made before a member changed their name keep the member's figures under the old name
(renaming did not follow them until now), and their reasons say it: give them the member's
present name.

Who each name in a deal's certificate was is read from the deal's own cards: a card's holder
is kept by member id (``owner``, ``rotation`` in turn order) and by name in the certificate's
``deal`` (the same order). A name the cards tie to one member, and that member to that name
alone, becomes the member's present name, in the figures and in the reasons kept as words. A
name the cards cannot tie (a member dealt no card), or a present name the certificate already
holds for someone else, is left as it is.
"""

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from evenly.core.deal import certificate_renamed
from evenly.core.reasons import reason_renamed


def names_now(
    certificate: dict[str, Any],
    cards: list[tuple[str, int | None, list[Any]]],
    present: dict[int, str],
) -> dict[str, str]:
    """Each stale name in the certificate → its member's present name (see the module)."""
    held = certificate.get("deal") or {}
    members_of: dict[str, set[int]] = {}
    for card, owner_id, rotation in cards:
        stored = held.get(card)
        if rotation and isinstance(stored, list) and len(stored) == len(rotation):
            pairs = list(zip(stored, rotation, strict=True))
        elif not rotation and owner_id is not None and isinstance(stored, str):
            pairs = [(stored, owner_id)]
        else:
            continue
        for name, pk in pairs:
            if isinstance(name, str) and isinstance(pk, int):
                members_of.setdefault(name, set()).add(pk)
    names_of: dict[int, list[str]] = {}
    for name, ids in members_of.items():
        if len(ids) == 1:
            names_of.setdefault(next(iter(ids)), []).append(name)
    names = {
        names[0]: present[pk]
        for pk, names in names_of.items()
        if len(names) == 1 and pk in present and present[pk] != names[0]
    }
    stored = set(members_of) | set(certificate.get("members") or {})
    return {old: new for old, new in names.items() if new not in stored or new in names}


def names_follow_members(apps: Apps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    Deal = apps.get_model("deals", "Deal")
    DealCard = apps.get_model("deals", "DealCard")
    Member = apps.get_model("households", "Member")
    for deal in Deal.objects.order_by("pk").iterator():
        cards = list(DealCard.objects.filter(deal_id=deal.pk).order_by("pk"))
        present = dict(
            Member.objects.filter(household_id=deal.household_id).values_list("pk", "display_name")
        )
        names = names_now(
            deal.certificate, [(c.name, c.owner_id, c.rotation) for c in cards], present
        )
        if not names:
            continue
        certificate = certificate_renamed(deal.certificate, names)
        reasons = certificate.get("reasons")
        if isinstance(reasons, dict):
            reasons = certificate["reasons"] = dict(reasons)
        for card in cards:
            if renamed := reason_renamed(card.reason_words, names):
                card.reason_words, card.reason = renamed
                card.save(update_fields=["reason", "reason_words"])
                if isinstance(reasons, dict) and card.name in reasons:
                    reasons[card.name] = card.reason
        deal.certificate = certificate
        deal.save(update_fields=["certificate"])


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0003_deal_solve"),
        ("households", "0005_household_revision"),
    ]

    operations = [migrations.RunPython(names_follow_members, migrations.RunPython.noop)]
