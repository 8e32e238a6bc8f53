"""Pages that follow each other: what one partner does shows on the other's open page.

Every household has a ``revision`` counter. ``HouseholdRevisionMiddleware`` moves it once per
form successfully sent to a household page (``/h/<id>/...``, any method but GET/HEAD/OPTIONS);
background jobs that change a household move it too (``households.services.household_changed``).
An open page (``static/evenly/live.js``) asks ``pulse`` for it every few seconds while it is
visible, with ``If-None-Match``: an unchanged household answers ``304`` after one query and no
template; a changed one makes the page fetch itself again and swap its ``data-live`` parts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from django.views.decorators.http import require_GET

from evenly.households.access import member_for
from evenly.households.services import household_changed

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class HouseholdRevisionMiddleware:
    """After a successful non-GET request to a household's URL, move its revision once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method in SAFE_METHODS
            or response.status_code >= 400
            # A signed-out visitor is only sent to log in: nothing of the household changed.
            or not request.user.is_authenticated
        ):
            return response
        match = getattr(request, "resolver_match", None)
        household_id = match.kwargs.get("household_id") if match is not None else None
        if isinstance(household_id, int):
            try:
                household_changed(household_id=household_id)
            except DatabaseError:
                # The change itself is saved: the others' pages only see it on their next load.
                logger.warning("Could not mark household %s as changed.", household_id)
        return response


# The header live.js sends when it fetches an open page again (to swap its data-live parts).
LIVE_HEADER = "X-Evenly-Live"


class LiveRefreshKeepsMessagesMiddleware:
    """A page fetched again by live.js only swaps its ``data-live`` parts, never the flash
    messages: it must not use them up, or the message of the person's own action ("Done:
    Cooking dinner") is lost when the refresh lands between their POST and the page after it.
    Placed after MessageMiddleware, so it runs first on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        storage = getattr(request, "_messages", None)
        if request.headers.get(LIVE_HEADER) == "1" and storage is not None:
            storage.used = False  # what the page showed stays for the next real page
        return response


def etag_of(revision: int) -> str:
    return f'"r{revision}"'


@require_GET
def pulse(request: HttpRequest, household_id: int) -> HttpResponse:
    """The household's revision as an ETag: 304 when the page's copy is current."""
    member = member_for(request, household_id)
    etag = etag_of(member.household.revision)
    asked = parse_etags(request.headers.get("If-None-Match", ""))
    response = (
        HttpResponseNotModified()
        if etag in asked or "*" in asked
        else HttpResponse(str(member.household.revision), content_type="text/plain")
    )
    response.headers["ETag"] = etag
    return response
