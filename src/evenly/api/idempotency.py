"""A POST sent again with the same ``Idempotency-Key`` header gets the first answer again, and
writes nothing the second time: a client whose connection dropped may simply retry.

PUT and DELETE need no key: setting the same state twice changes nothing, and a second DELETE
finds nothing (404). Only successful answers are kept (a refusal may be retried once fixed),
for :data:`bounds.IDEMPOTENCY_HOURS`, per person. A POST that only reads (``auth.reads_only``)
keeps nothing: asking again is as harmless as the first time, and its answer may be private.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from evenly.accounts.models import User
from evenly.accounts.tokens import token_find
from evenly.api.auth import csrf_missing, may_send, writes
from evenly.api.models import IdempotentReply
from evenly.api.problems import problem
from evenly.api.schemas import FieldError
from evenly.core import bounds

HEADER = "Idempotency-Key"


def _caller(request: HttpRequest) -> User | None:
    """Who sends the request, if the frame will let them (token first, then the session); None:
    the frame answers itself, 401, or 403 for a read-only token or a session without the CSRF
    token. A kept answer goes to no one the request itself would be refused to."""
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        token = token_find(auth[7:].strip())
        return token.user if token is not None and may_send(request, token) else None
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_active or csrf_missing(request):
        return None
    return user


def _key_problem(key: str) -> bool:
    return not 1 <= len(key) <= bounds.MAX_IDEMPOTENCY_KEY_CHARS or not all(
        "!" <= ch <= "~" for ch in key
    )


def idempotent(request: HttpRequest, run: Callable[[], HttpResponse]) -> HttpResponse:
    """Run a POST once per key: a retry with the same key gets the kept answer."""
    key = request.headers.get(HEADER, "")
    if request.method != "POST" or not key or not writes(request):
        return run()
    if _key_problem(key):
        message = _(
            "An Idempotency-Key is 1 to %(n)s letters, digits or signs, without spaces."
        ) % {"n": bounds.MAX_IDEMPOTENCY_KEY_CHARS}
        return problem(422, message, errors=[FieldError(field=HEADER, message=message)])
    user = _caller(request)
    if user is None:
        return run()
    since = timezone.now() - timedelta(hours=bounds.IDEMPOTENCY_HOURS)
    kept = IdempotentReply.objects.filter(user=user, key=key, created_at__gte=since).first()
    if kept is not None:
        if (kept.method, kept.path) != (request.method, request.path):
            message = _("This Idempotency-Key was sent with another request; use a new one.")
            return problem(422, message, errors=[FieldError(field=HEADER, message=message)])
        response = HttpResponse(kept.body, status=kept.status, content_type="application/json")
        response["Idempotent-Replayed"] = "true"
        return response
    response = run()
    if 200 <= response.status_code < 300:
        with transaction.atomic():
            IdempotentReply.objects.filter(created_at__lt=since).delete()
            IdempotentReply.objects.filter(user=user, key=key).delete()  # an expired one
            try:
                with transaction.atomic():
                    IdempotentReply.objects.create(
                        user=user,
                        key=key,
                        method=request.method,
                        path=request.path[:300],
                        status=response.status_code,
                        body=response.content.decode(),
                    )
            except IntegrityError:  # the same key at the same moment: the first one is kept
                pass
    return response
