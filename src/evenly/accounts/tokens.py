"""Personal access tokens for the JSON API: making, revoking, listing and checking them.

A token reads ``evn_<prefix>_<secret>``. The prefix is random and stored as it is, to find the
row; of the whole token only its SHA-256 is stored, compared in constant time. A stolen copy of
the database therefore holds no usable token. SHA-256 rather than a slow password hash: the
secret is 32 random bytes, which no one guesses, and a slow hash would cost every API call.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from evenly.accounts.models import ApiToken, User
from evenly.core import bounds

PREFIX = "evn"
_PREFIX_BYTES = 6  # 8 characters of URL-safe base64
_SECRET_BYTES = 32


@dataclass(frozen=True)
class NewToken:
    """A token just made: the row, and the secret, which is shown this once and never again."""

    token: ApiToken
    secret: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _name_check(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the app that uses it.")})
    problem = bounds.text_problem(name, what="name", max_chars=bounds.MAX_API_TOKEN_NAME_CHARS)
    if problem:
        raise ValidationError(
            {
                "name": _(
                    "A token's name has at most %(max)s characters: letters, digits and spaces."
                )
                % {"max": bounds.MAX_API_TOKEN_NAME_CHARS}
            }
        )
    return name


def tokens_live(*, user: User, now: datetime | None = None) -> QuerySet[ApiToken]:
    """The person's tokens that still work: neither revoked nor expired."""
    now = now or timezone.now()
    return user.api_tokens.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def tokens_dead(*, user: User, now: datetime | None = None) -> QuerySet[ApiToken]:
    """The person's tokens that no longer work, revoked or expired, newest first: the ones they
    may remove from their list."""
    now = now or timezone.now()
    return user.api_tokens.filter(Q(revoked_at__isnull=False) | Q(expires_at__lte=now)).order_by(
        "-created_at", "-pk"
    )


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """Every token of the person, newest first, revoked and expired ones too (the page says
    which)."""
    return user.api_tokens.order_by("-created_at", "-pk")


@transaction.atomic
def token_create(
    *, user: User, name: str, can_write: bool = False, expires_days: int | None = None
) -> NewToken:
    """A new token for ``user``; its secret is in the answer and nowhere else.

    ``expires_days``: the token stops working that many days from now (1 to
    :data:`bounds.MAX_API_TOKEN_DAYS`); None: it works until revoked.
    """
    errors: dict[str, str] = {}
    try:
        name = _name_check(name)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if expires_days is not None and not 1 <= expires_days <= bounds.MAX_API_TOKEN_DAYS:
        errors["expires_days"] = _(
            "A token expires after 1 to %(max)s days, or never (leave it empty)."
        ) % {"max": bounds.MAX_API_TOKEN_DAYS}
    if errors:
        raise ValidationError(errors)
    # Lock the person's row: two tokens made at once still count against one limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if tokens_live(user=user).count() >= bounds.MAX_API_TOKENS:
        raise ValidationError(
            _("You have %(n)s tokens that work; revoke one before making another.")
            % {"n": bounds.MAX_API_TOKENS}
        )
    now = timezone.now()
    prefix = secrets.token_urlsafe(_PREFIX_BYTES).replace("-", "x").replace("_", "y")
    secret = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(_SECRET_BYTES)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        can_write=can_write,
        prefix=prefix,
        secret_hash=_hash(secret),
        created_at=now,
        expires_at=now + timedelta(days=expires_days) if expires_days else None,
    )
    return NewToken(token=token, secret=secret)


def token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens; it stops working at once. Revoking twice is harmless.

    Another person's token is not found (the page answers 404)."""
    token = user.api_tokens.get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def tokens_remove_dead(*, user: User, now: datetime | None = None) -> int:
    """Remove every revoked and expired token of ``user`` from their list; how many went.

    A token that still works is never removed here (revoking it is the way): only what
    :func:`tokens_dead` finds at ``now`` goes, and only the person's own."""
    removed, _by_model = tokens_dead(user=user, now=now).delete()
    return removed


@transaction.atomic
def token_remove_dead(*, user: User, token_id: int, now: datetime | None = None) -> ApiToken:
    """Remove one revoked or expired token of ``user`` from their list; the removed row.

    Another person's token, a token that still works or one already gone is not found
    (``ApiToken.DoesNotExist``; the page answers 404)."""
    token = tokens_dead(user=user, now=now).select_for_update().get(pk=token_id)
    token.delete()
    return token


def token_find(secret: str) -> ApiToken | None:
    """The live token this secret belongs to, with its user, or None.

    The prefix finds at most one row; the hash of the whole secret must then match
    (``hmac.compare_digest``: how much of it matched does not show in the time taken)."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or len(secret) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    if not token.is_live(timezone.now()) or not token.user.is_active:
        return None
    return token


def token_used(*, token: ApiToken) -> None:
    """Note that the token was just used, at most once per
    :data:`bounds.API_TOKEN_LAST_USED_MINUTES`: the Account page shows a time to the minutes,
    and a client that polls every few seconds then writes this row rarely. The only write an API
    read makes besides the rate counter (see tests/web/test_get_never_writes.py)."""
    now = timezone.now()
    stale = now - timedelta(minutes=bounds.API_TOKEN_LAST_USED_MINUTES)
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now)
    token.last_used_at = now


def tokens_delete_of(user: User) -> None:
    """An account is deleted: its tokens go first (registered with ``on_account_delete``; the
    database would cascade too, this makes it explicit and immediate)."""
    ApiToken.objects.filter(user=user).delete()
