"""The API object: its authentication, its problems, and the routers of every resource.

A new resource is a module in ``evenly.api.routers`` with a ``router`` (a ninja ``Router``),
added to ``ROUTERS`` below; its operations must each have a sample in
``tests/web/api/test_walk.py`` (the test fails on an operation without one).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from evenly.api.auth import BearerToken, SessionCsrf, TooMany
from evenly.api.problems import PROBLEM_JSON, field_errors, problem
from evenly.api.routers import (
    balance,
    cards,
    checkins,
    deals,
    felt,
    households,
    ledger,
    lens,
    me,
    needs,
    personal,
    ratings,
    week,
)
from evenly.api.schemas import FieldError

logger = logging.getLogger(__name__)

DESCRIPTION = """Evenly's JSON API. Send a personal access token (Account → API tokens, or
`python manage.py api_token EMAIL --name NAME`) as `Authorization: Bearer <token>`; the pages'
own scripts use the session and send the CSRF token (`X-CSRFToken`) with every write.

Every error is `application/problem+json` (RFC 9457); a refused input lists each field that
failed in `errors`. Lists come in pages (`limit`, `offset`; `count` and `next`). Another
household's id answers 404. Writes that set a state (PUT) may be retried safely; a POST sent
with an `Idempotency-Key` header is answered once: a retry with the same key gets the same
answer and writes nothing again."""


class EvenlyApi(NinjaAPI):
    """The schema says what the API answers: every error as ``application/problem+json``
    (ninja would write ``application/json`` for every response)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in schema["paths"].values():
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_JSON: content["application/json"]}
        return schema


api = EvenlyApi(
    title="Evenly",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[BearerToken(), SessionCsrf()],
    # Swagger UI from the project's own static files ("ninja" is an installed app), so the
    # docs page works under the site's CSP, which loads no script from elsewhere.
    docs=Swagger(settings={"persistAuthorization": False}),
)

ROUTERS: list[tuple[str, Router]] = [
    ("", me.router),
    ("", households.router),
    ("", cards.router),
    ("", ratings.router),
    ("", deals.router),
    ("", balance.router),
    ("", checkins.router),
    ("", personal.router),
    ("", needs.router),
    ("", week.router),
    ("", ledger.router),
    ("", felt.router),
    ("", lens.router),
]
for prefix, router in ROUTERS:
    api.add_router(prefix, router)


def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        # ("body", "payload", "name") -> "name"; ("query", "limit") -> "limit"
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in {"body", "query", "path", "header", "cookie", "form"}:
            loc = loc[1:]
            if loc and loc[0] in {"payload", "query"} and len(loc) > 1:
                loc = loc[1:]
        errors.append(FieldError(field=".".join(loc) or None, message=str(error.get("msg", ""))))
    return problem(422, _("Some of what was sent cannot be used."), errors=errors)


def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return problem(422, _("Some of what was sent cannot be used."), errors=field_errors(exc))


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, _("Not found, or not yours to see."))


def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = str(exc) if str(exc) != "Unauthorized" else ""
    return problem(
        401,
        detail or _("Send a token as “Authorization: Bearer …”, or sign in."),
        headers={"WWW-Authenticate": 'Bearer realm="Evenly"'},
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    headers = {}
    if isinstance(exc, TooMany):
        headers["Retry-After"] = str(exc.retry_after)
    return problem(exc.status_code, str(exc), headers=headers)


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API request failed: %s %s", request.method, request.path, exc_info=exc)
    return problem(500, _("Something went wrong on our side; nothing was changed."))


# ninja's annotation asks for handlers of the class or an instance; each gets an instance.
api.add_exception_handler(NinjaValidationError, _validation)  # type: ignore[arg-type]
api.add_exception_handler(DjangoValidationError, _refused)  # type: ignore[arg-type]
api.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]
api.add_exception_handler(AuthenticationError, _unauthorized)  # type: ignore[arg-type]
api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
api.add_exception_handler(Exception, _server_error)  # type: ignore[arg-type]
