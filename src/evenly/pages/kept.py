"""Parts of a page kept rendered between requests: a hundred-card deal or week is most of its
page's cost, and it changes only when the household does. A part is kept under a key that
names everything it shows (the household's revision, which moves with every form sent to the
household, every API write and every background job that changes it; the day; the reader; the
language), for a short while at most, and only pages asked for with GET read or keep one (a
POST's own answer is drawn before its revision moves).

A kept part holds no one's CSRF token: it is rendered with a mark where each form's token goes,
and every page puts its own reader's token in."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# How long a part is kept: only a change made outside the web and the API (the command line,
# the admin) waits this long to show.
KEPT_SECONDS = 60
_TOKEN_MARK = "evenly-csrf-token-of-this-page"
_SAFE_METHODS = ("GET", "HEAD")


def revision_key(what: str, household: Any, *parts: object) -> str:
    """The key of ``what`` kept for ``household`` as it stands now, and for ``parts`` (the
    reader, the day, the language, ...). The household's creation instant stands beside its id
    (SQLite gives the ids of rows rolled back again; a creation instant is never given twice),
    and its revision moves with every change to it, so nothing kept outlives what it shows."""
    head = (what, household.pk, household.created_at.timestamp(), household.revision)
    return ":".join(str(p) for p in (*head, *parts))


def _with_token(request: HttpRequest, html: str) -> SafeString:
    # Only the token input's exact markup is replaced: text typed by someone is escaped, so it
    # can never hold the quote marks around the mark.
    return mark_safe(html.replace(f'value="{_TOKEN_MARK}"', f'value="{get_token(request)}"'))


def kept_part(request: HttpRequest, key: str) -> SafeString | None:
    """The part kept under ``key``, with this reader's CSRF token; None when none is."""
    if request.method not in _SAFE_METHODS:
        return None
    html = cache.get(f"evenly:part:{key}")
    return None if html is None else _with_token(request, html)


def keep_part(request: HttpRequest, key: str, template: str, context: dict[str, Any]) -> SafeString:
    """``template`` rendered with ``context`` (its forms' tokens marked), kept under ``key``
    when the request is a GET, and returned with this reader's CSRF token."""
    html = render_to_string(template, {**context, "csrf_token": _TOKEN_MARK})
    if request.method in _SAFE_METHODS:
        cache.set(f"evenly:part:{key}", html, KEPT_SECONDS)
    return _with_token(request, html)
