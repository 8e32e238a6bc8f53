"""Feed tokens: random, looked up by their hash, shown again to their member only.

A feed's token is ``HMAC(SECRET_KEY, seed)`` for a random ``seed`` kept on the row; the row
also keeps ``sha256(token)``, the only thing a request is matched against. So the member's own
Calendar page can show the link again (a person subscribes on a phone and a laptop), while a
backup of the database alone holds no working link. If the secret key changes, a link keeps
working (its hash is stored) and is still shown while the old key is listed in
``SECRET_KEY_FALLBACKS``; once it is gone, the page offers to replace the link instead.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "evenly.calendars.feed"


def new_seed() -> str:
    return secrets.token_urlsafe(32)


def token_from(seed: str, *, secret: str | None = None) -> str:
    """The token of ``seed`` under the server's key (or ``secret``, an older one)."""
    digest = salted_hmac(_SALT, seed, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def tokens_from(seed: str) -> list[str]:
    """The token of ``seed`` under the current key and every fallback key, in that order."""
    return [
        token_from(seed, secret=key)
        for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
