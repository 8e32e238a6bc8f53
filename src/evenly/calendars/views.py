"""The Calendar page (make, show, replace or revoke one's feed links) and the feed itself.
Thin views: the rules live in services and selectors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from evenly.calendars import selectors, services
from evenly.calendars.models import Feed
from evenly.households.access import member_for
from evenly.pages import household_page
from evenly.week.selectors import active_deal

# A Last-Modified this close to now is weak (RFC 9110, 8.8.2.2): a change later in the same
# second would carry the same date, so If-Modified-Since alone cannot be trusted against it.
FRESH = timedelta(seconds=2)


@dataclass(frozen=True)
class FeedLink:
    kind: str
    title: str
    about: str
    exists: bool
    url: str  # empty when there is no link, or it cannot be shown again
    path: str  # the same, without scheme and host (the page's own <link> stays on its site)
    webcal: str
    phrase: str  # the calendar inside a sentence


ABOUT = {
    Feed.Kind.MINE: gettext_lazy(
        "Your cards, your turns and what you cover, for the coming 8 weeks."
    ),
    Feed.Kind.HOUSEHOLD: gettext_lazy(
        "Everyone's cards for the coming 8 weeks, each saying whose it is."
    ),
}
# The calendars as words inside a sentence ("your link for your cards is ready").
PHRASES = {
    Feed.Kind.MINE: gettext_lazy("your cards"),
    Feed.Kind.HOUSEHOLD: gettext_lazy("the whole household"),
}


def _links(request: HttpRequest, feeds: dict[str, Feed]) -> list[FeedLink]:
    out = []
    for kind, label in Feed.Kind.choices:
        feed = feeds.get(kind)
        token = selectors.token_of(feed) if feed is not None else None
        path = reverse("calendar_feed", args=[token]) if token is not None else ""
        url = request.build_absolute_uri(path) if path else ""
        out.append(
            FeedLink(
                kind=kind,
                title=str(label),
                about=str(ABOUT[Feed.Kind(kind)]),
                phrase=str(PHRASES[Feed.Kind(kind)]),
                exists=feed is not None,
                url=url,
                path=path,
                webcal="webcal://" + url.split("://", 1)[1] if url else "",
            )
        )
    return out


@require_http_methods(["GET"])
def calendar(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    context = {
        "links": _links(request, selectors.feeds_of(member)),
        "has_deal": active_deal(household=member.household) is not None,
    }
    return household_page(request, member, "calendars/calendar.html", context, tab="week")


def _kind(request: HttpRequest) -> str | None:
    kind = request.POST.get("kind", "")
    return kind if kind in Feed.Kind.values else None


@require_POST
def feed_new(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    kind = _kind(request)
    if kind is None:
        messages.error(request, _("Choose which calendar: your cards or the whole household."))
        return redirect("calendar", household_id)
    replaced = kind in selectors.feeds_of(member)
    services.feed_create(member=member, kind=kind)
    label = PHRASES[Feed.Kind(kind)]
    if replaced:
        messages.success(
            request,
            _("A new link for %(what)s is ready. The old one no longer works.") % {"what": label},
        )
    else:
        messages.success(
            request, _("Your link for %(what)s is ready: copy it below.") % {"what": label}
        )
    return redirect("calendar", household_id)


@require_POST
def feed_revoke(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    kind = _kind(request)
    if kind is None:
        messages.error(request, _("Choose which calendar: your cards or the whole household."))
        return redirect("calendar", household_id)
    if services.feed_revoke(member=member, kind=kind):
        messages.success(
            request,
            _("The link for %(what)s no longer works. Calendars subscribed to it stop updating.")
            % {"what": PHRASES[Feed.Kind(kind)]},
        )
    return redirect("calendar", household_id)


@login_not_required
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed, for a calendar app: no sign-in, 404 for an unknown, replaced or revoked token
    or a member who has left. Reads only: nothing is recorded about the fetch."""
    found = selectors.feed_by_token(token)
    if found is None:
        raise Http404
    link = request.build_absolute_uri(reverse("week", args=[found.household_id]))
    plan = selectors.feed_plan(found, link=link)
    # Last-Modified is never older than the hour: a change the feed's own date cannot see (an
    # undone cover is deleted, not dated) reaches a client that sends only If-Modified-Since
    # within the hour. The ETag, a hash of all the body is written from, sees every change.
    now = timezone.now()
    last_modified = max(plan.stamp, now.replace(minute=0, second=0, microsecond=0))
    modified = int(last_modified.timestamp())
    weak = now - last_modified < FRESH
    unchanged = get_conditional_response(
        request, etag=plan.etag, last_modified=None if weak else modified
    )
    if unchanged is not None:
        response = unchanged
    else:
        # Written out only now: a calendar app that has it already costs no iCalendar.
        response = HttpResponse(selectors.render(plan), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="evenly.ics"'
    response["ETag"] = plan.etag
    response["Last-Modified"] = http_date(modified)
    # Written in its member's language, whatever the calendar app asked for.
    response["Content-Language"] = selectors.feed_language(found)
    # The address is the key: no shared cache keeps it, every fetch asks again.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
