"""Who calls the API: a personal access token (``Authorization: Bearer evn_...``) or the
signed-in session of the pages' own scripts.

- A token that is unknown, revoked or expired: 401. A read-only token on a write: 403.
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
        if request.method not in SAFE_METHODS and not found.can_write:
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
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(
                403, _("The CSRF token is missing or wrong: send it as the X-CSRFToken header.")
            )
        return user


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token the request came with, if any (None for the session)."""
    token = getattr(request, "api_token", None)
    return token if isinstance(token, ApiToken) else None
