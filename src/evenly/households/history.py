"""The household's history: one service writes an event, one function says it in words.

Every service that changes the shared record (deals, cards, members and their names, paid hours
and shares, invitations, settings, handovers and life changes) calls ``history_record`` inside
its own transaction, so an event exists exactly when the change does. Events hold household text
only: display names, card names, deal versions, life changes' titles and settings. Never a
rating, a check-in item, a private note, or a reason that quotes a rating.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evenly.core.life_events import format_date
from evenly.households.models import Household, HouseholdEvent, Member
from evenly.pages.words import in_language

Kind = HouseholdEvent.Kind


def change(field: str, old: object, new: object) -> dict[str, str]:
    """One changed field for an event's detail, both values written as text."""
    return {"field": field, "old": _text(old), "new": _text(new)}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"  # stored; shown as stored
    if value is None:
        return ""  # shown as "not set"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # 37.50 hours read 37.5
    return str(value)


def member_changes_record(
    *,
    member: Member,
    actor: Member | None,
    was: Mapping[str, Any],
) -> list[HouseholdEvent]:
    """Record what changed of a member's name, paid hours and share (``was`` holds the values
    before, by field), one event each, under the member's name as it is now."""
    kinds = {
        "display_name": Kind.MEMBER_RENAMED,
        "paid_hours": Kind.PAID_HOURS_CHANGED,
        "share": Kind.SHARE_CHANGED,
    }
    return [
        history_record(
            household=member.household,
            actor=actor,
            kind=kind,
            subject=member.display_name,
            detail={"changes": [change(field, was[field], getattr(member, field))]},
        )
        for field, kind in kinds.items()
        if field in was and _text(was[field]) != _text(getattr(member, field))
    ]


def history_record(
    *,
    household: Household,
    actor: Member | None,
    kind: str,
    subject: str = "",
    detail: Mapping[str, Any] | None = None,
) -> HouseholdEvent:
    """Write one event. Call it inside the transaction of the change it records."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown history kind: {kind!r}")
    return HouseholdEvent.objects.create(
        household=household,
        actor=actor,
        actor_name=actor.display_name if actor is not None else "",
        kind=kind,
        subject=subject[:120],
        detail=dict(detail or {}),
    )


def _changes(detail: Mapping[str, Any]) -> str:
    parts = []
    for c in detail.get("changes", []):
        if c.get("old") == c.get("new") or (not c.get("old") and not c.get("new")):
            parts.append(gettext("changed {field}").format(field=c["field"]))
        else:
            parts.append(f"{c['field']} {c['old']} → {c['new']}")
    return ", ".join(parts)


def _names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return gettext("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


# Events that read as one fixed sentence: {who} is the actor, {s} the subject, {changes} the
# fields that changed. The others are worded in ``event_sentence`` from their detail.
_SENTENCES: dict[str, Any] = {
    Kind.HOUSEHOLD_CREATED: _("{who} created the household {s}"),
    Kind.SETTINGS_CHANGED: _("{who} changed the household settings: {changes}"),
    Kind.MEMBER_JOINED: _("{who} joined the household"),
    Kind.MEMBER_LEFT: _("{who} left the household"),
    Kind.INVITATION_CREATED: _("{who} made an invitation link"),
    Kind.INVITATION_REVOKED: _("{who} revoked an invitation link"),
    Kind.CARD_ADDED: _("{who} added {s}"),
    Kind.CARD_EDITED: _("{who} edited {s}: {changes}"),
    Kind.CARD_REMOVED: _("{who} removed {s}"),
    Kind.DEAL_PROPOSED: _("{who} proposed deal {s}"),
    Kind.DEAL_ACCEPTED: _("{who} accepted deal {s}"),
    Kind.DEAL_ACTIVE: _("Deal {s} became the active deal"),
}


def event_sentence(event: HouseholdEvent) -> str:
    """The event in plain words: "Sam accepted deal version 3"."""
    who = event.actor_name or "Evenly"
    sentence: str
    s = event.subject
    d = event.detail or {}
    k = event.kind
    if k in _SENTENCES:
        sentence = str(_SENTENCES[k])
        changes = _changes(d) if "{changes}" in sentence else ""
        return sentence.format(who=who, s=s, changes=changes)
    if k == Kind.FAIRNESS_CHANGED:
        c = (d.get("changes") or [{}])[0]
        return gettext("{who} changed the fairness rule from {old} to {new}").format(
            who=who, old=c.get("old", "?"), new=c.get("new", "?")
        )
    if k == Kind.CARD_HOLDER_CHANGED:
        to = d.get("to")
        if to == "locked":
            return gettext("{who} locked {s} to {holder}").format(
                who=who, s=s, holder=d.get("holder", "")
            )
        if to == "turns":
            return gettext("{who} shared {s} in turns between {names}").format(
                who=who, s=s, names=_names(d.get("holders", []))
            )
        return gettext("{who} let the deal decide who holds {s}").format(who=who, s=s)
    if k in (Kind.MEMBER_RENAMED, Kind.PAID_HOURS_CHANGED, Kind.SHARE_CHANGED):
        c = (d.get("changes") or [{}])[0]
        old, new = c.get("old") or gettext("not set"), c.get("new") or gettext("not set")
        if k == Kind.MEMBER_RENAMED:
            return gettext("{old} is now called {new}").format(old=old, new=new)
        if k == Kind.PAID_HOURS_CHANGED:
            return gettext("{who} changed {s}'s paid work from {old} to {new} hours a week").format(
                who=who, s=s, old=old, new=new
            )
        return gettext("{who} changed {s}'s share from {old} to {new}").format(
            who=who, s=s, old=old, new=new
        )
    if k in (Kind.HANDOVER_STARTED, Kind.HANDOVER_ENDED):
        return _handover_sentence(event, who=who)
    if k in (Kind.LIFE_CHANGE_STARTED, Kind.LIFE_CHANGE_ENDED):
        # A life change's title is its template's Words (said in the reader's language), or
        # the English kept as the subject.
        title = in_language(d["title_words"], s) if d.get("title_words") else s
        if k == Kind.LIFE_CHANGE_STARTED:
            return gettext("{who} made the life change “{title}”").format(who=who, title=title)
        if event.actor_name:
            return gettext("{who} ended the life change “{title}”").format(who=who, title=title)
        return gettext("The life change “{title}” came to its end").format(title=title)
    if k == Kind.DEAL_WITHDRAWN:
        why = d.get("why")
        if why:
            return gettext("Deal {s} was withdrawn ({why})").format(s=s, why=why)
        return gettext("Deal {s} was withdrawn").format(s=s)
    return f"{who}: {event.get_kind_display().lower()} {s}".strip()


def _handover_sentence(event: HouseholdEvent, *, who: str) -> str:
    d, s = event.detail or {}, event.subject
    if event.kind == Kind.HANDOVER_STARTED:
        until = in_language(format_date(date.fromisoformat(d["until"])))
        return gettext("{who} handed {s} to {to} until {until}").format(
            who=who, s=s, to=d.get("to", ""), until=until
        )
    if d.get("cancelled") and event.actor_name:
        return gettext("{who} cancelled the handover of {s}").format(who=who, s=s)
    if d.get("cancelled"):
        return gettext(
            "The handover of {s} was called off: another proposal replaced its deal"
        ).format(s=s)
    if event.actor_name:
        return gettext("{who} ended the handover of {s} early").format(who=who, s=s)
    return gettext("The handover of {s} came to its end").format(s=s)
