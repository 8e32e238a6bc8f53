"""The request a signed-in page gets, for type checking.

Every view runs behind Django's LoginRequiredMiddleware unless it is marked
``login_not_required``, so a view that is not marked sees an account in ``request.user``,
never AnonymousUser. django-htmx adds ``request.htmx`` to every request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from evenly.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """Only an annotation: views receive Django's own HttpRequest, shaped like this."""

    user: User
    htmx: HtmxDetails
