"""Every error of the API as ``application/problem+json`` (RFC 9457).

``type`` is ``about:blank`` (the status says what happened) and ``title`` the status's phrase;
``detail`` says it for a person, in the request's language; a refused input lists each field
that failed in ``errors``: ``[{"field": "name", "message": "..."}]`` (``field`` is null for a
problem of the whole request).
"""

from __future__ import annotations

import json
from http import HTTPStatus

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse

from evenly.api.schemas import FieldError

PROBLEM_JSON = "application/problem+json"


def problem(
    status: int,
    detail: str = "",
    *,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
    }
    if errors is not None:
        body["errors"] = [e.model_dump() for e in errors]
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(error: DjangoValidationError) -> list[FieldError]:
    """A service's or a form's refusal, field by field (``__all__``: the whole request)."""
    if hasattr(error, "error_dict"):
        return [
            FieldError(field=None if field == "__all__" else field, message=message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [FieldError(field=None, message=message) for message in error.messages]
