"""Reminder writes: a member's preferences, their push devices, unsubscribing, and the job that
plans and sends reminders.

The job (``reminders_run``) is safe to run as often as one likes, and by several workers at once:

1. **Planning** makes rows for what is due *now* and only for each member's current local day:
   their digest at their time, the weekly check-in reminder and nudges for what is overdue (each
   from the Needs-you registry). A reminder's moment inside quiet hours waits until they end (if
   that is still the same day). Past days get nothing, and a moment more than
   ``REMINDER_LATE_HOURS`` gone is not caught up. Beyond the member's cap a day, rows are made
   as dropped, so they are never sent later. Each row's key is unique: planning twice makes one.
   When the member's time zone (their own, or their household's) changed since the job last
   looked, it looks at once: a day whose moment has already passed in the new zone, and whose
   reminders were not planned yet, gets them on this run (or when quiet hours now end, that
   day), however long ago the moment was; a local day already reminded gets nothing again.
2. **Sending** claims rows with a conditional UPDATE (pending to claimed, by this run's id): a
   row claimed by one worker is skipped by every other. Right before sending it checks the thing
   still waits (a card done meanwhile: dropped), sends, and marks it sent only after success;
   a failure goes back to pending with one attempt more, and fails after
   ``REMINDER_ATTEMPTS``. A row whose worker died after claiming is never sent again: at most
   once, never twice.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Case, CharField, Count, F, Q, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evenly.accounts.services import language_of, may_email
from evenly.core import bounds
from evenly.core.reminder_times import Quiet, digest_due, local_day, next_allowed
from evenly.households.models import Member
from evenly.households.services import time_zone_check
from evenly.pages.needs import Need, needs_for
from evenly.pages.words import problem_sentence
from evenly.reminders.models import (
    KIND_PHRASES,
    Channel,
    Kind,
    Preference,
    PushSubscription,
    Reminder,
    Status,
    quiet_of,
    zone_of,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
BATCH = 500
LATE = timedelta(hours=bounds.REMINDER_LATE_HOURS)
# After a failed try, the next one waits this long times the attempts so far.
RETRY_AFTER = timedelta(minutes=5)
UNSUBSCRIBE_SALT = "evenly.reminders.unsubscribe"
# The push services of the browsers (Chrome and Android, Firefox, Safari and iOS, Edge). Evenly
# posts to a device's address, so an address anywhere else (a machine inside the network) is
# refused rather than called.
PUSH_SERVICES = (
    "fcm.googleapis.com",
    "android.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
)


def _chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- preferences --------------------------------------------------------------------------


def preference_of(member: Member) -> Preference:
    """The member's preferences: their saved row, or the defaults (not saved)."""
    try:
        return member.reminder_preference
    except Preference.DoesNotExist:
        return Preference(member=member)


def preference_problem(
    *,
    reminded: bool,
    digest_at: time,
    quiet_start: time,
    quiet_end: time,
    per_day: int,
) -> dict[str, str]:
    """What is wrong with these settings, by field (empty: nothing). ``reminded``: any kind of
    reminder is on (they all come at the reminder time, which must lie outside quiet hours)."""
    problems: dict[str, str] = {}
    if problem := bounds.REMINDERS_PER_DAY.check(per_day):
        problems["per_day"] = problem_sentence(problem)
    if reminded and Quiet(quiet_start, quiet_end).covers(digest_at):
        problems["digest_at"] = _(
            "%(at)s falls in your quiet hours (%(start)s to %(end)s), when nothing is sent; "
            "choose a time outside them."
        ) % {
            "at": f"{digest_at:%H:%M}",
            "start": f"{quiet_start:%H:%M}",
            "end": f"{quiet_end:%H:%M}",
        }
    return problems


@transaction.atomic
def preference_save(
    *,
    member: Member,
    digest: bool,
    digest_at: time,
    time_zone: str,
    checkin: bool,
    nudges: bool,
    quiet_start: time,
    quiet_end: time,
    per_day: int,
    by_email: bool,
    by_push: bool,
) -> Preference:
    """Save the member's reminder settings. Today's reminders are planned again under the new
    settings (their keys keep anything already sent from going twice)."""
    problems = preference_problem(
        reminded=digest or checkin or nudges,
        digest_at=digest_at,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        per_day=per_day,
    )
    if time_zone:
        try:
            time_zone_check(time_zone)
        except ValidationError as error:
            problems["time_zone"] = " ".join(error.messages)
    if problems:
        raise ValidationError(problems)
    pref, _ = Preference.objects.update_or_create(
        member=member,
        defaults={
            "digest": digest,
            "digest_at": digest_at.replace(second=0, microsecond=0),
            "time_zone": time_zone if time_zone != member.household.time_zone else "",
            "checkin": checkin,
            "nudges": nudges,
            "quiet_start": quiet_start.replace(second=0, microsecond=0),
            "quiet_end": quiet_end.replace(second=0, microsecond=0),
            "per_day": per_day,
            "by_email": by_email,
            "by_push": by_push,
            "planned_on": None,
            "next_at": None,
        },
    )
    return pref


def unsubscribe_token(*, member: Member, kind: str) -> str:
    """A signed token that turns off one kind of reminder for one member, without signing in."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"m": member.pk, "k": kind})


def unsubscribe_read(token: str) -> tuple[Member, str] | None:
    """The member and kind a token names, or None for a bad token or a member who is gone."""
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    member_id = data.get("m")
    if not isinstance(member_id, int):
        return None
    member = Member.objects.select_related("household").filter(pk=member_id).first()
    if member is None or member.left_at is not None or member.user_id is None:
        return None  # a member who left has nothing left to unsubscribe from
    return member, str(data["k"])


@transaction.atomic
def unsubscribe(*, member: Member, kind: str) -> Preference:
    """Turn off one kind of reminder (what the link in every email does); pending ones of that
    kind are dropped."""
    pref, _ = Preference.objects.get_or_create(member=member)
    setattr(
        pref,
        {Kind.DIGEST: "digest", Kind.CHECKIN: "checkin", Kind.NUDGE: "nudges"}[Kind(kind)],
        False,
    )
    pref.save()
    Reminder.objects.filter(member=member, kind=kind, status=Status.PENDING).update(
        status=Status.DROPPED
    )
    return pref


# --- push devices -------------------------------------------------------------------------


@transaction.atomic
def push_subscribe(*, member: Member, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Remember a phone or browser for this member's reminders (the same endpoint again only
    renews its keys; an endpoint is one device, so it moves to this member)."""
    host = urlsplit(endpoint).hostname or ""
    if not endpoint.startswith("https://") or not any(
        host == known or host.endswith("." + known) for known in PUSH_SERVICES
    ):
        raise ValidationError(_("That is not the address of a push service browsers use."))
    if not p256dh or not auth:
        raise ValidationError(_("The browser did not give the keys push needs; try again."))
    existing = PushSubscription.objects.filter(endpoint=endpoint).first()
    if existing is None and member.push_subscriptions.count() >= bounds.MAX_PUSH_DEVICES:
        raise ValidationError(
            _("Reminders go to at most %(n)s phones or browsers; remove one first.")
            % {"n": bounds.MAX_PUSH_DEVICES}
        )
    sub, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"member": member, "p256dh": p256dh, "auth": auth}
    )
    Preference.objects.filter(member=member).update(planned_on=None, next_at=None)
    return sub


def push_unsubscribe(*, subscription: PushSubscription) -> None:
    subscription.delete()


def reminders_member_left(member: Member) -> None:
    """A member left (registered with ``evenly.households.hooks``; deleting an account leaves
    every household first): their reminders, settings and devices go with them."""
    Reminder.objects.filter(member=member).delete()
    PushSubscription.objects.filter(member=member).delete()
    Preference.objects.filter(member=member).delete()


# --- planning -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """A reminder the job makes now (or would make, in a dry run)."""

    member: Member
    kind: str
    channel: str
    key: str
    local_date: date
    due_at: datetime
    subject: str
    need_key: str = ""
    url: str = ""
    status: str = Status.PENDING

    def row(self) -> Reminder:
        return Reminder(
            member=self.member,
            kind=self.kind,
            channel=self.channel,
            key=self.key,
            local_date=self.local_date,
            due_at=self.due_at,
            subject=self.subject[:200],
            need_key=self.need_key[:200],
            url=self.url[:500],
            status=self.status,
        )


@dataclass
class Plan:
    """What planning found: the rows to make, and when to look at each member seen next
    (their day planned, or not yet due)."""

    rows: list[Planned] = field(default_factory=list)
    # member id -> (their preferences, the local date now planned or None, when to look next,
    # the time zone it was reckoned in)
    looked: dict[int, tuple[Preference, date | None, datetime, str]] = field(default_factory=dict)


def digest_subject(needs: Sequence[Need]) -> str:
    """The digest's subject in the active language: "3 things wait on you today (1 overdue)"."""
    n = len(needs)
    overdue = sum(1 for need in needs if need.overdue)
    said = ngettext("%(n)d thing waits on you today", "%(n)d things wait on you today", n) % {
        "n": n
    }
    return said + (_(" (%(n)d overdue)") % {"n": overdue} if overdue else "")


def _candidates(pref: Preference, needs: Sequence[Need]) -> list[tuple[str, str, str, str]]:
    """(kind, need key, subject, url) in order of importance: the digest, then the check-in,
    then nudges, so the cap keeps what matters most."""
    out: list[tuple[str, str, str, str]] = []
    if pref.digest and needs:
        out.append((Kind.DIGEST, "", digest_subject(needs), ""))
    if pref.checkin:
        out += [(Kind.CHECKIN, n.key, n.title, n.url) for n in needs if n.kind == "checkin"]
    if pref.nudges:
        out += [
            (Kind.NUDGE, n.key, _("Overdue: %(title)s") % {"title": n.title}, n.url)
            for n in needs
            if n.overdue and n.kind != "checkin"
        ]
    return out


def _channels(member: Member, pref: Preference, has_push: bool) -> list[str]:
    out: list[str] = []
    if pref.by_email and member.user is not None and may_email(member.user):
        out.append(Channel.EMAIL)
    if pref.by_push and has_push:
        out.append(Channel.PUSH)
    return out


def _key(kind: str, member: Member, today: date, need_key: str, channel: str) -> str:
    what = today.isoformat() if kind == Kind.DIGEST else need_key
    return f"{kind}:{member.pk}:{what}:{channel}"


@dataclass(frozen=True)
class _Due:
    member: Member
    pref: Preference
    today: date
    send_at: datetime | None  # None: the day is planned with nothing to send (late, no way)
    channels: list[str]


def zone_moved(pref: Preference, zone: ZoneInfo) -> bool:
    """Whether the member's zone (``zone``: their own, else their household's) is another than
    the one the job last reckoned their day in."""
    return bool(pref.planned_zone) and pref.planned_zone != zone.key


def after_move(*, pref: Preference, zone: ZoneInfo, now: datetime) -> datetime | None:
    """When today's reminders go once a change of zone has put their moment in the past: at
    ``now``, or when quiet hours (read in the new zone) end, if that is still today; None: not
    today."""
    at = next_allowed(now, zone, quiet_of(pref))
    return at if local_day(at, zone) == local_day(now, zone) else None


def _when(
    member: Member, pref: Preference, has_push: bool, now: datetime
) -> tuple[_Due | None, datetime]:
    """Whether the member's reminders of today are due at ``now`` (None: not yet, or already
    planned), and when the job need look at them next."""
    zone = zone_of(member, pref)
    today = local_day(now, zone)
    tomorrow = digest_due(zone, today + timedelta(days=1), pref.digest_at)
    if pref.planned_on == today:
        return None, tomorrow
    at = next_allowed(digest_due(zone, today, pref.digest_at), zone, quiet_of(pref))
    if local_day(at, zone) != today:  # the quiet hours last beyond the day: nothing today
        return _Due(member, pref, today, None, []), tomorrow
    if at > now:
        return None, at
    channels = _channels(member, pref, has_push)
    if zone_moved(pref, zone):
        # Today's moment in the new zone has passed: the job was not down, the moment moved.
        # The keys keep a local day already reminded in the old zone from getting them twice.
        moved = after_move(pref=pref, zone=zone, now=now)
        if moved is None:
            return _Due(member, pref, today, None, []), tomorrow
        return _Due(member, pref, today, moved if channels else None, channels), tomorrow
    late = now - at > LATE  # the job was down: no catching up a stale day
    return _Due(member, pref, today, None if late or not channels else at, channels), tomorrow


def _members(now: datetime) -> Iterable[Member]:
    """Current members the job should look at now: whose next moment has come, who have no
    settings yet (the defaults) or changed them, or whose time zone (their own, or else their
    household's) is not the one the job last reckoned their day in."""
    zone = Case(
        When(reminder_preference__time_zone="", then=F("household__time_zone")),
        default=F("reminder_preference__time_zone"),
        output_field=CharField(),
    )
    return (
        Member.objects.current()
        .filter(user__isnull=False)
        .alias(zone=zone)
        .filter(
            Q(reminder_preference__isnull=True)
            | Q(reminder_preference__next_at__isnull=True)
            | Q(reminder_preference__next_at__lte=now)
            | ~Q(reminder_preference__planned_zone=F("zone"))
        )
        .select_related("household", "user", "reminder_preference")
        .annotate(push_count=Count("push_subscriptions"))
        .order_by("pk")
    )


def plan(*, now: datetime, needs: Callable[..., list[Need]] = needs_for) -> Plan:
    """What is due at ``now`` and not yet planned, without writing anything."""
    result = Plan()
    due: list[_Due] = []
    for member in _members(now):
        pref = preference_of(member)
        when, next_at = _when(member, pref, bool(getattr(member, "push_count", 0)), now)
        zone = zone_of(member, pref).key
        result.looked[member.pk] = (pref, when.today if when else pref.planned_on, next_at, zone)
        if when is not None and when.send_at is not None:
            due.append(when)
    if not due:
        return result
    existing: dict[int, dict[str, str]] = defaultdict(dict)  # member -> key -> channel
    counted: dict[tuple[int, str], int] = defaultdict(int)  # (member, channel) -> today's count
    for chunk in _chunks(due):
        rows = Reminder.objects.filter(
            member__in=[d.member.pk for d in chunk],
            local_date__gte=min(d.today for d in chunk),
        ).values_list("member_id", "key", "channel", "local_date", "status")
        today_of = {d.member.pk: d.today for d in chunk}
        for member_id, key, channel, on, status in rows:
            if on != today_of[member_id]:
                continue
            existing[member_id][key] = channel
            if status != Status.DROPPED:
                counted[(member_id, channel)] += 1
    for d in due:
        assert d.send_at is not None
        try:
            # The subjects in the member's own language (the Reminders page lists them).
            with translation.override(language_of(d.member.user) if d.member.user else None):
                waiting = needs(d.member, today=d.today)
                wanted = _candidates(d.pref, waiting)
        except Exception as error:  # one app's trouble must not stop everyone's reminders
            log.warning("Needs of member %s unread: %s", d.member.pk, type(error).__name__)
            del result.looked[d.member.pk]  # looked at again next time
            continue
        for channel in d.channels:
            count = counted[(d.member.pk, channel)]
            for kind, need_key, subject, url in wanted:
                key = _key(kind, d.member, d.today, need_key, channel)
                if key in existing[d.member.pk]:
                    continue
                status = Status.PENDING if count < d.pref.per_day else Status.DROPPED
                count += status == Status.PENDING
                result.rows.append(
                    Planned(
                        d.member,
                        kind,
                        channel,
                        key,
                        d.today,
                        d.send_at,
                        subject,
                        need_key,
                        url,
                        status,
                    )
                )
    return result


def reminders_plan(*, now: datetime) -> Plan:
    """Plan what is due at ``now``: make its rows (once, whoever else runs) and note each
    member's day as planned."""
    found = plan(now=now)
    Reminder.objects.bulk_create(
        [p.row() for p in found.rows], batch_size=BATCH, ignore_conflicts=True
    )
    saved: list[Preference] = []
    fresh: list[Preference] = []
    for pref, planned_on, next_at, zone in found.looked.values():
        pref.planned_on, pref.next_at, pref.planned_zone = planned_on, next_at, zone
        (saved if pref.pk else fresh).append(pref)
    # Only these fields: a person saving their settings meanwhile keeps them.
    Preference.objects.bulk_update(
        saved, ["planned_on", "next_at", "planned_zone"], batch_size=BATCH
    )
    Preference.objects.bulk_create(fresh, batch_size=BATCH, ignore_conflicts=True)
    return found


# --- sending ------------------------------------------------------------------------------


def absolute(url: str) -> str:
    """An address on this site, whole (for emails and phones)."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


@dataclass(frozen=True)
class Message:
    """What one reminder says: its subject, its link, and for a digest every need."""

    subject: str
    url: str
    needs: tuple[Need, ...] = ()


def still_waits(row: Reminder, needs: Sequence[Need]) -> Message | None:
    """What the reminder says now, or None when nothing of it waits any more (done meanwhile)."""
    if row.kind == Kind.DIGEST:
        if not needs:
            return None
        return Message(digest_subject(needs), needs[0].url, tuple(needs))
    for need in needs:
        if need.key == row.need_key:
            title = need.title
            if row.kind != Kind.CHECKIN:
                title = _("Overdue: %(title)s") % {"title": need.title}
            return Message(title, need.url)
    return None


def _wanted(row: Reminder, pref: Preference) -> bool:
    kind_on = {Kind.DIGEST: pref.digest, Kind.CHECKIN: pref.checkin, Kind.NUDGE: pref.nudges}
    channel_on = {Channel.EMAIL: pref.by_email, Channel.PUSH: pref.by_push}
    return bool(kind_on.get(Kind(row.kind)) and channel_on.get(Channel(row.channel)))


def email_for(row: Reminder, message: Message) -> EmailMultiAlternatives:
    """The email of one reminder: text and HTML, absolute links, and a one-click unsubscribe
    (RFC 8058) from this kind of reminder."""
    member = row.member
    assert member.user is not None
    unsubscribe_url = absolute(
        reverse("reminders_unsubscribe", args=[unsubscribe_token(member=member, kind=row.kind)])
    )
    context = {
        "member": member,
        "household": member.household,
        "kind": row.kind,
        "kind_label": KIND_PHRASES[Kind(row.kind)],
        "subject": message.subject,
        "url": absolute(message.url),
        "needs": [(n, absolute(n.url)) for n in message.needs[: bounds.DIGEST_ITEMS]],
        "more": max(0, len(message.needs) - bounds.DIGEST_ITEMS),
        "preferences_url": absolute(reverse("reminders", args=[member.household_id])),
        "unsubscribe_url": unsubscribe_url,
    }
    mail = EmailMultiAlternatives(
        subject=_("Evenly: %(subject)s") % {"subject": message.subject},
        body=render_to_string("reminders/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    mail.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return mail


class PushGone(Exception):
    """Every device of the member answered that it is gone."""


def push_payload(message: Message) -> str:
    body = message.subject
    if message.needs:
        body += ": " + ", ".join(n.title for n in message.needs[:5])
    return json.dumps({"title": "Evenly", "body": body, "url": absolute(message.url)})


def push_send(*, subscriptions: Sequence[PushSubscription], payload: str) -> int:
    """Send ``payload`` to each device; delete those the push service says are gone (404,
    410). How many took it; an error other than "gone" is raised."""
    import pywebpush

    delivered = 0
    failure: Exception | None = None
    for sub in subscriptions:
        try:
            pywebpush.webpush(
                subscription_info={
                    "endpoint": sub.endpoint,
                    "keys": {"p256dh": sub.p256dh, "auth": sub.auth},
                },
                data=payload,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": vapid_subject()},
                timeout=10,
                ttl=12 * 3600,
            )
            delivered += 1
        except pywebpush.WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                sub.delete()
                continue
            failure = error
    if failure is not None and not delivered:
        raise failure
    return delivered


def vapid_subject() -> str:
    subject: str = settings.VAPID_SUBJECT
    if subject:
        return subject
    from email.utils import parseaddr

    return "mailto:" + (parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "evenly@localhost")


@dataclass
class Outcome:
    planned: int = 0
    sent: int = 0
    dropped: int = 0
    retried: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.planned} planned, {self.sent} sent, {self.dropped} not needed, "
            f"{self.retried} to retry, {self.failed} failed"
        )


def _decide(row: Reminder, now: datetime, needs_of: dict[int, list[Need]]) -> Message | None:
    """What to send for a claimed row, or None to drop it."""
    member = row.member
    if member.left_at is not None or member.user is None:
        return None
    pref = preference_of(member)
    zone = zone_of(member, pref)
    today = local_day(now, zone)
    if row.local_date != today or now - row.due_at > LATE or not _wanted(row, pref):
        return None
    if row.channel == Channel.EMAIL and not may_email(member.user):
        return None
    if member.pk not in needs_of:
        needs_of[member.pk] = needs_for(member, today=today)
    return still_waits(row, needs_of[member.pk])


def _deliver(row: Reminder, message: Message, connection: Any) -> None:
    """Send one reminder; raise on failure."""
    if row.channel == Channel.EMAIL:
        if not connection.send_messages([email_for(row, message)]):
            raise RuntimeError("the mail server took nothing")
        return
    subscriptions = list(row.member.push_subscriptions.all())
    if not subscriptions or not settings.VAPID_PRIVATE_KEY:
        raise PushGone
    if not push_send(subscriptions=subscriptions, payload=push_payload(message)):
        raise PushGone


def reminders_send(*, now: datetime) -> Outcome:
    """Claim the reminders due at ``now``, check each still waits, send, and record it."""
    outcome = Outcome()
    run = secrets.token_hex(16)
    # Too late to be of use (the job was down): never sent.
    outcome.dropped += Reminder.objects.filter(status=Status.PENDING, due_at__lt=now - LATE).update(
        status=Status.DROPPED
    )
    ids = list(
        Reminder.objects.filter(status=Status.PENDING, due_at__lte=now).values_list("pk", flat=True)
    )
    if not ids:
        return outcome
    connection = get_connection(fail_silently=False)
    try:
        connection.open()  # one SMTP session for the run, not one per email
    except Exception as error:  # each email then tries by itself, and is retried
        log.warning("Mail server unreachable: %s", type(error).__name__)
    try:
        _send_chunks(ids, run, now, connection, outcome)
    finally:
        connection.close()
    return outcome


def _send_chunks(
    ids: Sequence[int], run: str, now: datetime, connection: Any, outcome: Outcome
) -> None:
    needs_of: dict[int, list[Need]] = {}
    for chunk in _chunks(ids):
        # The claim: only rows still pending move, so of two workers each row goes to one.
        Reminder.objects.filter(pk__in=chunk, status=Status.PENDING).update(
            status=Status.CLAIMED, claimed_at=now, claimed_by=run
        )
        rows = list(
            Reminder.objects.filter(pk__in=chunk, status=Status.CLAIMED, claimed_by=run)
            .select_related("member__household", "member__user", "member__reminder_preference")
            .prefetch_related("member__push_subscriptions")
        )
        sent: list[int] = []
        dropped: list[int] = []
        for row in rows:
            try:
                # Written in the member's language, whatever the worker's.
                user = row.member.user
                with translation.override(language_of(user) if user else None):
                    message = _decide(row, now, needs_of)
                    if message is None:
                        dropped.append(row.pk)
                        continue
                    _deliver(row, message, connection)
            except PushGone:
                dropped.append(row.pk)
                continue
            except Exception as error:  # the mail server, a push service, an app: try later
                log.warning("Reminder %s not sent: %s", row.pk, type(error).__name__)
                attempts = row.attempts + 1
                failed = attempts >= bounds.REMINDER_ATTEMPTS
                Reminder.objects.filter(pk=row.pk, claimed_by=run).update(
                    status=Status.FAILED if failed else Status.PENDING,
                    attempts=attempts,
                    due_at=row.due_at if failed else now + RETRY_AFTER * attempts,
                    claimed_by="",
                )
                outcome.failed += failed
                outcome.retried += not failed
                continue
            sent.append(row.pk)
        Reminder.objects.filter(pk__in=sent, claimed_by=run).update(status=Status.SENT, sent_at=now)
        Reminder.objects.filter(pk__in=dropped, claimed_by=run).update(status=Status.DROPPED)
        outcome.sent += len(sent)
        outcome.dropped += len(dropped)


def reminders_run(*, now: datetime) -> Outcome:
    """The job: plan what is due at ``now``, then send it. Safe to run again and at once."""
    found = reminders_plan(now=now)
    outcome = reminders_send(now=now)
    outcome.planned = sum(1 for p in found.rows if p.status == Status.PENDING)
    return outcome


@dataclass(frozen=True)
class WouldSend:
    member: Member
    channel: str
    subject: str


def reminders_dry_run(*, now: datetime) -> list[WouldSend]:
    """What ``reminders_run(now=now)`` would send, without writing anything."""
    found = plan(now=now)
    out: list[WouldSend] = []
    needs_of: dict[int, list[Need]] = {}
    candidates = [p.row() for p in found.rows if p.status == Status.PENDING]
    pending = (
        Reminder.objects.filter(status=Status.PENDING, due_at__lte=now, due_at__gte=now - LATE)
        .select_related("member__household", "member__user", "member__reminder_preference")
        .order_by("due_at", "pk")
    )
    for row in [*pending, *candidates]:
        message = _decide(row, now, needs_of)
        if message is not None:
            out.append(WouldSend(row.member, row.channel, message.subject))
    return out
