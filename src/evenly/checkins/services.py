"""Writes of the check-in. Every rule about who may do what, and when, lives here.

Items are private to their author until shared. A function that acts on someone else's item
is only ever given items the access helper let the member see (``checkins.access``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from evenly.cards.models import Card
from evenly.cards.services import card_owner_rule_set, card_save
from evenly.checkins.models import (
    Action,
    Checkin,
    CheckinClose,
    CheckinPlan,
    DealChange,
    Item,
    Paraphrase,
    Response,
)
from evenly.core import bounds
from evenly.core.checkin import next_opening
from evenly.core.feelings import INTENSITIES, feeling_family
from evenly.deals.models import Deal
from evenly.deals.services import deal_propose_start
from evenly.households.models import Household, Member
from evenly.pages.words import problem_sentence

APPRECIATIONS_WANTED = 3
TEXT_LIMIT = 2000


# --- schedule and the current check-in ---------------------------------------------------


@transaction.atomic
def checkin_plan_set(*, household: Household, weekday: int, at: time) -> CheckinPlan:
    """Choose the weekday and time. A check-in not yet open moves to the new time."""
    if not 0 <= weekday <= 6:
        raise ValidationError({"weekday": gettext("Choose a day of the week.")})
    plan, _ = CheckinPlan.objects.update_or_create(
        household=household, defaults={"weekday": weekday, "at": at}
    )
    now = timezone.now()
    waiting = household.checkins.filter(closed_at__isnull=True, opens_at__gt=now).first()
    if waiting is not None and waiting.started_early_by_id is None:
        waiting.opens_at = _next_opening(household, plan, now)
        waiting.save(update_fields=["opens_at"])
    checkin_next_ready(household=household)
    return plan


def _next_opening(household: Household, plan: CheckinPlan, now: datetime) -> datetime:
    last = household.checkins.filter(closed_at__isnull=False).order_by("-opens_at").first()
    return next_opening(
        weekday=plan.weekday,
        at=plan.at,
        zone=household.zone,
        now=now,
        last_opened=last.opens_at if last else None,
    )


def checkin_current(*, household: Household) -> Checkin | None:
    """The check-in being prepared or held: the one not yet closed (read only)."""
    return household.checkins.filter(closed_at__isnull=True).first()


def checkin_next_ready(*, household: Household) -> Checkin | None:
    """Make the next check-in ready for preparation when the household has a schedule and no
    check-in is open; called when the schedule is set and when a check-in closes (so pages
    only read it)."""
    current = checkin_current(household=household)
    if current is not None:
        return current
    plan = CheckinPlan.objects.for_household(household).first()
    if plan is None:
        return None
    try:
        with transaction.atomic():
            return Checkin.objects.create(
                household=household, opens_at=_next_opening(household, plan, timezone.now())
            )
    except IntegrityError:  # another request made it a moment ago
        return household.checkins.get(closed_at__isnull=True)


@transaction.atomic
def checkin_start(*, member: Member) -> Checkin:
    """Open the check-in now: the one being prepared, or a new one if there is none."""
    household = member.household
    Household.objects.select_for_update().get(pk=household.pk)
    if household.members.current().count() < 2:
        raise ValidationError(gettext("A check-in needs two of you: invite your partner first."))
    now = timezone.now()
    current = household.checkins.filter(closed_at__isnull=True).first()
    if current is None:
        return Checkin.objects.create(household=household, opens_at=now, started_early_by=member)
    if current.opens_at > now:
        current.opens_at = now
        current.started_early_by = member
        current.save(update_fields=["opens_at", "started_early_by"])
    return current


@transaction.atomic
def checkin_close(*, member: Member, checkin: Checkin) -> Checkin:
    """The member is done. When every current member is, the check-in closes."""
    checkin = Checkin.objects.select_for_update().get(pk=checkin.pk)
    if checkin.is_closed:
        raise ValidationError(gettext("This check-in is already closed."))
    if not checkin.is_open():
        raise ValidationError(gettext("This check-in has not started yet."))
    CheckinClose.objects.get_or_create(checkin=checkin, member=member)
    members = set(checkin.household.members.current().values_list("pk", flat=True))
    done = set(checkin.closes.values_list("member_id", flat=True))
    if members <= done:
        checkin.closed_at = timezone.now()
        checkin.save(update_fields=["closed_at"])
        checkin_next_ready(household=checkin.household)
    return checkin


@transaction.atomic
def checkin_reopen_vote(*, member: Member, checkin: Checkin) -> None:
    """Take back one's own "we're done" while the others have not all said it."""
    if checkin.is_closed:
        raise ValidationError(gettext("This check-in is already closed."))
    CheckinClose.objects.filter(checkin=checkin, member=member).delete()


# --- preparation: private items -----------------------------------------------------------


def _not_closed(checkin: Checkin) -> None:
    if checkin.is_closed:
        raise ValidationError(gettext("This check-in is closed; what was said stays as it was."))


def _text(value: str, field: str, label: str, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: gettext("Please write %(what)s.") % {"what": label}})
    if len(value) > TEXT_LIMIT:
        raise ValidationError(
            {field: gettext("Please keep it under %(n)s characters.") % {"n": TEXT_LIMIT}}
        )
    return value


def _feeling(value: str) -> str:
    value = value.strip().lower()
    if feeling_family(value) is None:
        raise ValidationError({"feeling": gettext("Choose a feeling from the list.")})
    return value


class ItemFields(TypedDict, total=False):
    """What a person writes in an item; which fields count depends on its kind."""

    text: str
    about: Member | None
    feeling: str
    intensity: int | None
    when: str
    need: str
    request: str


def item_fields_check(
    *,
    household: Household,
    author: Member,
    kind: str,
    text: str = "",
    about: Member | None = None,
    feeling: str = "",
    intensity: int | None = None,
    when: str = "",
    need: str = "",
    request: str = "",
) -> dict[str, object]:
    """The item's fields, cleaned, or a ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    clean: dict[str, object] = {
        "kind": kind,
        "text": "",
        "about": None,
        "feeling": "",
        "intensity": None,
        "when": "",
        "need": "",
        "request": "",
    }

    def take(field: str, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        try:
            clean[field] = fn(*args, **kwargs)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})

    if kind == Item.Kind.APPRECIATION:
        take("text", _text, text, "text", gettext("what you appreciate"))
        if about is not None:
            if about.household_id != household.pk or not about.is_active or about == author:
                errors["about"] = gettext("Choose another member of this household.")
            clean["about"] = about
    elif kind == Item.Kind.WENT_WELL:
        take("text", _text, text, "text", gettext("what went well"))
    elif kind == Item.Kind.FEELING:
        take("feeling", _feeling, feeling)
        if intensity not in INTENSITIES:
            errors["intensity"] = gettext("Choose how strongly: a little, quite or very.")
        clean["intensity"] = intensity
        take("text", _text, text, "text", "", required=False)
    elif kind == Item.Kind.CONCERN:
        take("feeling", _feeling, feeling)
        take("when", _text, when, "when", gettext("when you feel it: what happens"))
        take("need", _text, need, "need", gettext("what you need"))
        take("request", _text, request, "request", gettext("what you would like to ask for"))
    else:
        errors["kind"] = gettext("Unknown kind of item.")
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def item_add(*, member: Member, checkin: Checkin, kind: str, **fields: Unpack[ItemFields]) -> Item:
    """Prepare an item, private to ``member`` until they share it. One concern each."""
    _not_closed(checkin)
    clean = item_fields_check(household=checkin.household, author=member, kind=kind, **fields)
    if clean["kind"] == Item.Kind.CONCERN:
        # Serialise per member so two quick saves cannot both pass the one-concern rule.
        Member.objects.select_for_update().get(pk=member.pk)
        if checkin.items.filter(author=member, kind=Item.Kind.CONCERN).exists():
            raise ValidationError(
                gettext(
                    "One concern each keeps a check-in kind: edit the one you have, or keep "
                    "this one for next week."
                )
            )
    return Item.objects.create(checkin=checkin, author=member, **clean)


_OWN_ONLY = {
    "change": gettext_lazy("Only the person who wrote it can change it."),
    "remove": gettext_lazy("Only the person who wrote it can remove it."),
    "share": gettext_lazy("Only the person who wrote it can share it."),
    "make private": gettext_lazy("Only the person who wrote it can make private it."),
}


def _own(member: Member, item: Item, action: str) -> None:
    if item.author_id != member.pk:
        raise ValidationError(_OWN_ONLY[action])


def _discussed(item: Item) -> bool:
    return (
        item.paraphrases.exists()
        or item.responses.exists()
        or item.actions.exists()
        or item.changes.exists()
    )


@transaction.atomic
def item_update(*, member: Member, item: Item, **fields: Unpack[ItemFields]) -> Item:
    _own(member, item, "change")
    _not_closed(item.checkin)
    if item.is_shared and _discussed(item):
        raise ValidationError(
            gettext("Your partner has already answered this; it stays as it was said.")
        )
    clean = item_fields_check(
        household=item.checkin.household, author=member, kind=item.kind, **fields
    )
    for field, value in clean.items():
        setattr(item, field, value)
    item.save()
    return item


@transaction.atomic
def item_delete(*, member: Member, item: Item) -> None:
    _own(member, item, "remove")
    _not_closed(item.checkin)
    if item.is_shared and _discussed(item):
        raise ValidationError(
            gettext("Your partner has already answered this; it stays as it was said.")
        )
    item.delete()


@transaction.atomic
def item_share(*, member: Member, item: Item) -> Item:
    _own(member, item, "share")
    _not_closed(item.checkin)
    if not item.is_shared:
        item.shared_at = timezone.now()
        item.save(update_fields=["shared_at"])
    return item


@transaction.atomic
def items_share_kind(*, member: Member, checkin: Checkin, kind: str) -> int:
    """Share all of the member's prepared items of one kind; returns how many."""
    _not_closed(checkin)
    if kind not in Item.Kind.values:
        raise ValidationError(gettext("Unknown kind of item."))
    return checkin.items.filter(author=member, kind=kind, shared_at__isnull=True).update(
        shared_at=timezone.now()
    )


@transaction.atomic
def item_unshare(*, member: Member, item: Item) -> Item:
    """Make a shared item private again, as long as nobody has answered it yet."""
    _own(member, item, "make private")
    _not_closed(item.checkin)
    if _discussed(item):
        raise ValidationError(gettext("Your partner has already answered this; it stays shared."))
    item.shared_at = None
    item.save(update_fields=["shared_at"])
    return item


# --- together: paraphrase until heard, then respond ---------------------------------------


def _in_conversation(member: Member, concern: Item) -> None:
    if concern.kind != Item.Kind.CONCERN or not concern.is_shared:
        raise ValidationError(gettext("Only a shared concern is talked through."))
    if not concern.checkin.is_open():
        raise ValidationError(gettext("The check-in is not open."))


def stage_of(last: Paraphrase | None, responded: bool) -> str:
    """Where the conversation about a concern stands, from its latest paraphrase and whether
    the listener has responded: ``paraphrase`` (waiting for the listener), ``answer`` (waiting
    for the speaker), ``respond``, or ``done``."""
    if last is None or last.verdict == Paraphrase.Verdict.NOT_QUITE:
        return "paraphrase"
    if not last.verdict:
        return "answer"
    return "done" if responded else "respond"


def concern_stage(concern: Item) -> str:
    """The stage of ``concern`` (see :func:`stage_of`), read from the database."""
    last = concern.paraphrases.order_by("-created_at", "-id").first()
    return stage_of(last, concern.responses.exists())


@transaction.atomic
def paraphrase_add(*, member: Member, concern: Item, text: str) -> Paraphrase:
    """The listener says back what they heard, before responding to it."""
    _in_conversation(member, concern)
    if concern.author_id == member.pk:
        raise ValidationError(gettext("Your partner paraphrases what you said; you confirm it."))
    Item.objects.select_for_update().get(pk=concern.pk)
    if concern_stage(concern) != "paraphrase":
        raise ValidationError(gettext("A paraphrase is waiting for the speaker's answer already."))
    text = _text(text, "text", gettext("what you heard"))
    return Paraphrase.objects.create(concern=concern, listener=member, text=text)


@transaction.atomic
def paraphrase_answer(
    *, member: Member, paraphrase: Paraphrase, verdict: str, missing: str = ""
) -> Paraphrase:
    """The speaker: "Yes, that's it", or "Not quite" and what was missing."""
    concern = paraphrase.concern
    _in_conversation(member, concern)
    if concern.author_id != member.pk:
        raise ValidationError(gettext("Only the person who raised the concern answers this."))
    paraphrase = Paraphrase.objects.select_for_update().get(pk=paraphrase.pk)
    if paraphrase.verdict:
        raise ValidationError(gettext("You have answered this paraphrase already."))
    if verdict not in (Paraphrase.Verdict.YES, Paraphrase.Verdict.NOT_QUITE):
        raise ValidationError({"verdict": gettext("Choose “Yes, that's it” or “Not quite”.")})
    missing = _text(
        missing, "missing", gettext("what was missing"), required=verdict == "not_quite"
    )
    paraphrase.verdict = verdict
    paraphrase.missing = missing if verdict == Paraphrase.Verdict.NOT_QUITE else ""
    paraphrase.answered_at = timezone.now()
    paraphrase.save(update_fields=["verdict", "missing", "answered_at"])
    return paraphrase


@transaction.atomic
def response_add(*, member: Member, concern: Item, text: str) -> Response:
    """Once the speaker feels heard, the listener responds."""
    _in_conversation(member, concern)
    if concern.author_id == member.pk:
        raise ValidationError(gettext("Your partner responds to your concern."))
    if concern_stage(concern) not in ("respond", "done"):
        raise ValidationError(
            gettext("First say back what you heard, until your partner says “Yes, that's it”.")
        )
    text = _text(text, "text", gettext("your response"))
    return Response.objects.create(concern=concern, listener=member, text=text)


# --- what is agreed -----------------------------------------------------------------------


def _open(checkin: Checkin) -> None:
    if not checkin.is_open():
        raise ValidationError(
            gettext("Actions are agreed at an open check-in.")
            if not checkin.is_closed
            else gettext("This check-in is closed.")
        )


def _concern_of(checkin: Checkin, concern: Item | None) -> None:
    if concern is not None and (
        concern.checkin_id != checkin.pk
        or concern.kind != Item.Kind.CONCERN
        or not concern.is_shared
    ):
        raise ValidationError({"concern": gettext("Choose a concern shared at this check-in.")})


@transaction.atomic
def action_add(
    *,
    member: Member,
    checkin: Checkin,
    text: str,
    owner: Member,
    due_on: date,
    concern: Item | None = None,
) -> Action:
    """Agree an action: what, who, by when."""
    _open(checkin)
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = gettext("Please write what will be done.")
    elif len(text) > 200:
        errors["text"] = gettext("Please keep it under 200 characters.")
    if owner.household_id != checkin.household_id or not owner.is_active:
        errors["owner"] = gettext("Choose a member of this household.")
    problem = bounds.date_check(due_on)
    if problem:
        errors["due_on"] = problem_sentence(problem)
    elif due_on < checkin.household.today():
        errors["due_on"] = gettext("Choose today or a later day.")
    try:
        _concern_of(checkin, concern)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return Action.objects.create(
        checkin=checkin,
        household=checkin.household,
        concern=concern,
        text=text,
        owner=owner,
        due_on=due_on,
        created_by=member,
    )


@transaction.atomic
def action_done(*, member: Member, action: Action, done: bool = True) -> Action:
    """Mark an action done (or not done after all). Anyone in the household may tick it."""
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])
    return action


@transaction.atomic
def deal_change_propose(
    *,
    member: Member,
    checkin: Checkin,
    kind: str,
    card: Card,
    to_member: Member | None = None,
    standard: str = "",
    concern: Item | None = None,
) -> DealChange:
    """Turn a request into a change to the deal, which everyone then agrees to (or not)."""
    _open(checkin)
    errors: dict[str, str] = {}
    if card.household_id != checkin.household_id:
        errors["card"] = gettext("Choose one of this household's cards.")
    if kind == DealChange.Kind.OWNER:
        if (
            to_member is None
            or to_member.household_id != checkin.household_id
            or not to_member.is_active
        ):
            errors["to_member"] = gettext("Choose who will hold the card.")
        standard = ""
    elif kind == DealChange.Kind.STANDARD:
        standard = standard.strip()
        if not standard:
            errors["standard"] = gettext("Write what “done” will mean for this card.")
        elif len(standard) > 240:
            errors["standard"] = gettext("Please keep it under 240 characters.")
        to_member = None
    else:
        errors["kind"] = gettext("Choose a kind of change.")
    try:
        _concern_of(checkin, concern)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    change = DealChange.objects.create(
        checkin=checkin,
        concern=concern,
        kind=kind,
        card=card,
        to_member=to_member,
        standard=standard,
        proposed_by=member,
    )
    change.agreed_by.add(member)
    return change


@transaction.atomic
def deal_change_agree(*, member: Member, change: DealChange) -> DealChange:
    """The member agrees. When everyone has, the change is made: a new owner becomes a lock on
    the card and a proposed deal (the engine moves as little else as it can), which everyone
    then accepts on the Deal page as usual; a new standard is written on the card."""
    change = DealChange.objects.select_for_update().get(pk=change.pk)
    if change.status != DealChange.Status.PROPOSED:
        raise ValidationError(
            gettext("This change is %(status)s already.")
            % {"status": change.get_status_display().lower()}
        )
    _open(change.checkin)
    change.agreed_by.add(member)
    household = change.checkin.household
    members = set(household.members.current().values_list("pk", flat=True))
    if not members <= set(change.agreed_by.values_list("pk", flat=True)):
        return change
    card = change.card
    if change.kind == DealChange.Kind.OWNER:
        card_owner_rule_set(card=card, locked_to=change.to_member, rotation=[], actor=member)
        # A proposal the engine cannot make (say, ratings missing) undoes the lock with it.
        # A larger household's deal is worked out by the worker; the change keeps its solve.
        made = deal_propose_start(household=household, member=member)
        if isinstance(made, Deal):
            change.deal = made
        else:
            change.solve = made
    else:
        card_save(
            household=household,
            card=card,
            name=card.name,
            category=card.category,
            cadence=card.cadence,
            minutes=card.minutes,
            mental_minutes=card.mental_minutes,
            standard=change.standard,
            actor=member,
        )
    change.status = DealChange.Status.AGREED
    change.save(update_fields=["status", "deal", "solve"])
    return change


@transaction.atomic
def deal_change_decline(*, member: Member, change: DealChange) -> DealChange:
    change = DealChange.objects.select_for_update().get(pk=change.pk)
    if change.status != DealChange.Status.PROPOSED:
        raise ValidationError(
            gettext("This change is %(status)s already.")
            % {"status": change.get_status_display().lower()}
        )
    change.status = DealChange.Status.DECLINED
    change.save(update_fields=["status"])
    return change


def checkins_member_left(member: Member) -> None:
    """A member left (registered with ``evenly.households.hooks``): what they wrote for a
    check-in and never shared was theirs alone, so it goes with them."""
    Item.objects.filter(author=member, shared_at__isnull=True).delete()
