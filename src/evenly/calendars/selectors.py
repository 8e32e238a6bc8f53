"""Reads for calendar feeds: finding a feed by its token, and the feed itself as iCalendar.

A feed holds household text only: card names, whose card or turn it is, the card's agreed
minutes (a member's own estimate only in their own feed), who did an occurrence and on which
day or that it was skipped, the household's name. Never a rating, a standard a member wrote, a
check-in, a skip's reason or a private note.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from icalendar import Calendar, Event

from evenly.accounts.services import language_of
from evenly.calendars.models import Feed
from evenly.calendars.tokens import token_hash, tokens_from
from evenly.cards.models import Rating
from evenly.core.units import duration_text
from evenly.deals.models import Deal
from evenly.households.models import Household, HouseholdEvent, Member
from evenly.week.models import Away, Cover, LogEntry, OccurrenceChange
from evenly.week.selectors import Due, due_for, schedule

FEED_WEEKS = 8  # how far ahead a feed reaches, from today
# How far back: a calendar app drops what a feed no longer holds, and what was done or skipped
# lately should show as such (last Tuesday's card marked done, not gone or looking open).
FEED_PAST_DAYS = 7
DONE_MARK = "\N{CHECK MARK} "  # starts the title of an occurrence done
REFRESH = timedelta(hours=1)  # how often a calendar app is asked to fetch it again
# The right-hand side of every UID: the same whatever host name serves the feed, so a feed
# fetched through another address does not duplicate every event.
UID_DOMAIN = "evenly.invalid"
PRODID = "-//Evenly//Household calendar//EN"


def feed_by_token(token: str) -> Feed | None:
    """The feed with this token, if it works: its member has not left the household."""
    if not token or len(token) > 100:
        return None
    feed = (
        Feed.objects.filter(token_hash=token_hash(token))
        .select_related("member__user", "household")
        .first()
    )
    if feed is None or not feed.member.is_active:
        return None
    return feed


def token_of(feed: Feed) -> str | None:
    """The feed's token, to show its member again; None when the key it was made under is no
    longer among the server's keys (the link still works, but only replacing it shows one)."""
    for token in tokens_from(feed.seed):
        if token_hash(token) == feed.token_hash:
            return token
    return None


def feeds_of(member: Member) -> dict[str, Feed]:
    """The member's feeds by kind."""
    return {f.kind: f for f in Feed.objects.filter(member=member)}


def window(household: Household, today: date | None = None) -> tuple[date, date]:
    today = today or household.today()
    return today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=7 * FEED_WEEKS - 1)


def changed_at(feed: Feed, *, today: date) -> datetime:
    """When what the feed shows last changed, at the latest: the start of ``today`` in the
    household (the window moves daily), or a later change to the household's cards, deal,
    members, covers, time away, estimates, log, skips or moves. Errs late, never early."""
    household = feed.household
    midnight = datetime.combine(today, time(0), tzinfo=household.zone)
    stamps = [midnight, feed.created_at]
    for rows, field in (
        (HouseholdEvent.objects.filter(household=household), "at"),
        (Deal.objects.filter(household=household), "activated_at"),
        (Member.objects.filter(household=household), "joined_at"),
        (Member.objects.filter(household=household), "left_at"),
        (Cover.objects.for_household(household), "created_at"),
        (Away.objects.for_household(household), "created_at"),
        (LogEntry.objects.for_household(household), "created_at"),
        (Rating.objects.for_household(household), "updated_at"),
        (OccurrenceChange.objects.for_household(household), "created_at"),
    ):
        latest = rows.aggregate(latest=Max(field))["latest"]
        if latest is not None:
            stamps.append(latest)
    return max(s.astimezone(UTC) for s in stamps).replace(microsecond=0)


# Bump when the way a plan is written as iCalendar changes: it is part of every ETag.
FORMAT = 2


@dataclass(frozen=True)
class EventPlan:
    """One VEVENT, as plain values."""

    uid: str
    summary: str
    description: str
    url: str
    start: date | datetime  # a date: all day
    end: date | datetime
    transparent: bool  # makes nobody busy


@dataclass(frozen=True)
class FeedPlan:
    """Everything a feed's body is written from, and nothing else: its ETag hashes this (with
    FORMAT), so a calendar app that already has the feed gets its 304 without the iCalendar
    being written, which is most of a feed's cost (benchmarks/results/calendar.md)."""

    name: str
    about: str  # the calendar's description
    time_zone: str
    stamp: datetime  # DTSTAMP of every event: when what the feed shows last changed
    events: tuple[EventPlan, ...]

    @property
    def etag(self) -> str:
        digest = hashlib.sha256(f"{FORMAT}|{self!r}".encode()).hexdigest()
        return f'"{digest[:32]}"'


@dataclass(frozen=True)
class FeedBody:
    ical: bytes
    etag: str
    last_modified: datetime


def _minutes(value: Decimal) -> int:
    return max(1, math.ceil(value))


# The feed's sentences, looked up in its language once per feed rather than once per event:
# a household's feed has hundreds of events, and even its 304 builds every one.
_SENTENCES = {
    "day": gettext_noop("D j M"),  # the date format of a done occurrence
    "done_by": gettext_noop("Done by %(name)s on %(day)s."),
    "you_did": gettext_noop("You did this on %(day)s."),
    "did_for_you": gettext_noop("%(name)s did this for you on %(day)s."),
    "skipped": gettext_noop("Skipped."),
    "skipped_title": gettext_noop("Skipped: %(event)s"),
    "nobody": gettext_noop("nobody yet"),
    "covers": gettext_noop("%(name)s covers for %(owner)s."),
    "turn": gettext_noop("%(name)s's turn."),
    "your_turn": gettext_noop("Your turn."),
    "card_of": gettext_noop("%(name)s's card."),
    "about": gettext_noop("About %(time)s."),
    "this_week": gettext_noop("This week in Evenly: %(link)s"),
}


def _words() -> dict[str, str]:
    """The sentences in the active language."""
    return {key: _(msgid) for key, msgid in _SENTENCES.items()}


def _state(due: Due, *, feed: Feed, everyone: bool, words: dict[str, str]) -> str:
    """What became of the occurrence, read from the week's own ``Due`` (done is a completion,
    skipped a skip, as the week page reads them): who did it and on which day, or that it was
    skipped; empty while it is open. Said as the week page says it to the feed's member: in
    their own feed "you", or who did it for them; in the household's, who did it, as the
    ledger shows everyone. A skip's reason is its author's words and stays out of a calendar
    app's copy, which nobody can erase."""
    entry = due.entry
    if entry is not None:
        day = date_format(entry.done_on, words["day"])
        if everyone:
            return words["done_by"] % {"name": entry.member.display_name, "day": day}
        if entry.member_id == feed.member_id:
            return words["you_did"] % {"day": day}
        return words["did_for_you"] % {"name": entry.member.display_name, "day": day}
    if due.skipped:
        return words["skipped"]
    return ""


def _event(
    due: Due, *, feed: Feed, zone: ZoneInfo, link: str, everyone: bool, words: dict[str, str]
) -> EventPlan:
    card = due.card
    holder = due.holder
    minutes = card.minutes if everyone else due.minutes  # an estimate stays its member's own
    suffix = "" if everyone else f"-m{feed.member_id}"
    who = holder.display_name if holder is not None else words["nobody"]
    state = _state(due, feed=feed, everyone=everyone, words=words)
    lines = [state] if state else []
    if due.cover is not None and due.owner is not None and holder is not None:
        lines.append(
            words["covers"] % {"name": holder.display_name, "owner": due.owner.display_name}
        )
    elif holder is not None and due.is_rotation:
        lines.append(
            words["turn"] % {"name": holder.display_name} if everyone else words["your_turn"]
        )
    elif holder is not None and everyone:
        lines.append(words["card_of"] % {"name": holder.display_name})
    lines.append(words["about"] % {"time": duration_text(_minutes(minutes))})
    if link:
        lines.append(words["this_week"] % {"link": link})
    start: date | datetime = due.on
    end: date | datetime = due.on + timedelta(days=1)
    if due.at is not None:
        start = datetime.combine(due.on, due.at, tzinfo=zone)
        end = start + timedelta(minutes=_minutes(minutes))
    summary = f"{card.name} ({who})" if everyone else card.name
    if due.done:
        summary = DONE_MARK + summary
    elif due.skipped:
        summary = words["skipped_title"] % {"event": summary}
    return EventPlan(
        # Named by the day the schedule gave it: a moved occurrence keeps its UID (the calendar
        # app moves the event), and never shares one with the card's own occurrence that day.
        uid=f"h{feed.household_id}-card{card.pk}-{due.due_on:%Y%m%d}{suffix}@{UID_DOMAIN}",
        summary=summary,
        description="\n".join(lines),
        url=link,
        start=start,
        end=end,
        # An all-day card makes nobody busy, nor does one done or skipped.
        transparent=due.at is None or not due.open,
    )


def _dues(feed: Feed, start: date, end: date) -> list[Due]:
    household = feed.household
    if feed.kind == Feed.Kind.HOUSEHOLD:
        return schedule(household=household, start=start, end=end)
    return due_for(household=household, member=feed.member, start=start, end=end)


def calendar_name(feed: Feed) -> str:
    if feed.kind == Feed.Kind.HOUSEHOLD:
        return f"{feed.household.name} (Evenly)"
    return _("%(name)s's cards (Evenly)") % {"name": feed.member.display_name}


def feed_language(feed: Feed) -> str:
    """The language a feed is written in: its member's own, as Evenly writes to them when no
    page is open (a calendar app fetches it, not their browser)."""
    user = feed.member.user
    return language_of(user) if user is not None else settings.LANGUAGE_CODE


def feed_plan(feed: Feed, *, today: date | None = None, link: str = "") -> FeedPlan:
    """What the feed holds: one event per occurrence from FEED_PAST_DAYS before ``today`` to
    FEED_WEEKS weeks on, all-day unless the card has a time of day (then in the household's
    time zone), in its member's language. ``link`` is the week page's address, given to every
    event."""
    household = feed.household
    today = today or household.today()
    start, end = window(household, today)
    everyone = feed.kind == Feed.Kind.HOUSEHOLD
    zone = household.zone
    with translation.override(feed_language(feed)):
        words = _words()
        return FeedPlan(
            name=calendar_name(feed),
            about=_("What is due in the household, from Evenly."),
            time_zone=household.time_zone,
            stamp=changed_at(feed, today=today),
            events=tuple(
                _event(due, feed=feed, zone=zone, link=link, everyone=everyone, words=words)
                for due in _dues(feed, start, end)
            ),
        )


def render(plan: FeedPlan) -> bytes:
    """The plan as iCalendar (RFC 5545): VEVENTs, with the VTIMEZONE of any timed one."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", plan.name)
    cal.add("x-wr-calname", plan.name)
    cal.add("x-wr-caldesc", plan.about)
    cal.add("x-wr-timezone", plan.time_zone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    for e in plan.events:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", plan.stamp)
        event.add("summary", e.summary)
        event.add("description", e.description)
        if e.url:
            event.add("url", e.url)
        event.add("dtstart", e.start)
        event.add("dtend", e.end)
        if e.transparent:
            event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    cal.add_missing_timezones()
    body: bytes = cal.to_ical()
    return body


def feed_body(feed: Feed, *, today: date | None = None, link: str = "") -> FeedBody:
    """The feed written out, with its ETag and the date it last changed."""
    plan = feed_plan(feed, today=today, link=link)
    return FeedBody(ical=render(plan), etag=plan.etag, last_modified=plan.stamp)
