"""The request a signed-in page gets, for type checking, and where a request may send someone next.

Every view runs behind Django's LoginRequiredMiddleware unless it is marked
``login_not_required``, so a view that is not marked sees an account in ``request.user``,
never AnonymousUser. django-htmx adds ``request.htmx`` to every request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from evenly.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """Only an annotation: views receive Django's own HttpRequest, shaped like this."""

    user: User
    htmx: HtmxDetails


def safe_next(request: HttpRequest, url: str | None) -> str:
    """``url`` if it is an address on this site (never an open redirect), else an empty string."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""
