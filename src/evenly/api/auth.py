"""Who calls the API: a personal access token (``Authorization: Bearer evn_...``) or the
signed-in session of the pages' own scripts.

- A token that is unknown, revoked or expired: 401. A read-only token on a write: 403.
- A POST that only reads (``reads_only``: asked for by POST so that nothing fetches it
  unasked, but it changes nothing) counts as a read: a read-only token may send it.
- Each token's requests are counted (``RATE_LIMITS["api_per_token"]`` per window): past the
  limit, 429 with ``Retry-After``.
- A session call that writes needs the CSRF token as the pages send it (``X-CSRFToken``), or
  403; a token call needs none (no browser sends a bearer token by itself).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from evenly.accounts.models import ApiToken, User
from evenly.accounts.ratelimit import rate_hit
from evenly.accounts.tokens import token_find, token_used

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The URL names of the POSTs that write nothing (see ``reads_only``).
READ_ONLY_POSTS: set[str] = set()


def reads_only(url_name: str) -> str:
    """Declare the POST named ``url_name`` a read: ``@router.post(..., url_name=reads_only(...))``.

    The frame then treats it as a GET: a read-only token may send it, it moves no household's
    revision, and it keeps no answer for an ``Idempotency-Key`` (asking again writes nothing
    either). The operation must write nothing: the walk test holds it to that."""
    READ_ONLY_POSTS.add(url_name)
    return url_name


def writes(request: HttpRequest) -> bool:
    """Whether the request may change anything: any method but a read's, except a POST
    declared ``reads_only``."""
    if request.method in SAFE_METHODS:
        return False
    match = getattr(request, "resolver_match", None)
    return not (
        request.method == "POST" and match is not None and match.url_name in READ_ONLY_POSTS
    )


def may_send(request: HttpRequest, token: ApiToken) -> bool:
    """Whether ``token`` may send ``request``: a read-only token may not write (403). Asked
    before anything answers, a kept answer too (``evenly.api.idempotency``)."""
    return token.can_write or not writes(request)


def csrf_missing(request: HttpRequest) -> bool:
    """Whether a session call that writes lacks the CSRF token the pages send (403). Asked
    before anything answers, a kept answer too (``evenly.api.idempotency``)."""
    return request.method not in SAFE_METHODS and check_csrf(request) is not None


class TooMany(HttpError):
    def __init__(self, retry_minutes: int) -> None:
        super().__init__(
            429,
            _("Too many requests with this token. Try again in %(n)s minutes.")
            % {"n": retry_minutes},
        )
        self.retry_after = retry_minutes * 60


class BearerToken(HttpBearer):
    """A personal access token (see ``evenly.accounts.tokens``)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_find(token.strip())
        if found is None:
            # Not on to the session: a client that sent a token wants to hear it failed.
            raise AuthenticationError(
                401, _("The token is unknown, revoked or expired. Make a new one under Account.")
            )
        if not may_send(request, found):
            raise HttpError(
                403, _("This token may only read. Make a read-and-change token to write.")
            )
        blocked = rate_hit(limit="api_per_token", subject=str(found.pk))
        if blocked is not None:
            raise TooMany(blocked.retry_minutes)
        token_used(token=found)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


class SessionCsrf(AuthBase):
    """The browser session of a signed-in person; writes need the CSRF token."""

    openapi_type = "apiKey"
    openapi_in = "cookie"
    openapi_name = "sessionid"
    # Tells the docs page to send the CSRF token with its "Try it out" requests.
    csrf = True

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", AnonymousUser())
        if not user.is_authenticated or not user.is_active:
            return None
        if csrf_missing(request):
            raise HttpError(
                403, _("The CSRF token is missing or wrong: send it as the X-CSRFToken header.")
            )
        return user


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token the request came with, if any (None for the session)."""
    token = getattr(request, "api_token", None)
    return token if isinstance(token, ApiToken) else None
