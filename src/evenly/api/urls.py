"""The API's URLs under /api/v1/, each view wrapped by the frame:

- no page's sign-in redirect (``LoginRequiredMiddleware``): the API answers 401 itself;
- a method the path does not take answers 405 as a problem, with ``Allow``;
- a path the API does not have answers 404 as a problem (the last pattern);
- a POST sent again with the same ``Idempotency-Key`` gets the first answer again
  (``evenly.api.idempotency``);
- a write that succeeded inside a household moves its revision, so the members' open pages
  follow it as they follow a form (``evenly.web.live``); a POST that only reads
  (``auth.reads_only``) moves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _

from evenly.api.auth import writes
from evenly.api.idempotency import idempotent
from evenly.api.main import api
from evenly.api.problems import PROBLEM_JSON, problem
from evenly.households.services import household_changed

View = Callable[..., HttpResponse]


def _framed(view: View) -> View:
    @wraps(view)
    def framed(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = idempotent(request, lambda: view(request, *args, **kwargs))
        except Http404:  # raised outside an operation (ninja's own root): a problem too
            return problem(404, _("The API has no such address. See /api/v1/docs."))
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM_JSON:
            return problem(
                405,
                _("This address does not take %(method)s.") % {"method": request.method},
                headers={"Allow": response.get("Allow", "")},
            )
        household_id = kwargs.get("household_id")
        if writes(request) and response.status_code < 400 and household_id:
            household_changed(household_id=int(household_id))
        return response

    framed.login_required = False  # type: ignore[attr-defined]
    framed.csrf_exempt = True  # type: ignore[attr-defined]
    return framed


def _wrap(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _wrap(pattern.url_patterns)
        else:
            pattern.callback = _framed(pattern.callback)
    return patterns


def _unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(404, _("The API has no such address. See /api/v1/docs."))


_patterns, _app, _namespace = api.urls
_unknown.login_required = False  # type: ignore[attr-defined]
_unknown.csrf_exempt = True  # type: ignore[attr-defined]
urlpatterns = [*_wrap(list(_patterns)), re_path(r"^(?P<rest>.*)$", _unknown, name="unknown")]
app_name = _namespace
