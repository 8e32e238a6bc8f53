"""Account → API tokens: the person's tokens for the JSON API, making one, revoking one.

A new token's secret is on the page that answers the form, and nowhere else: not in the session,
not in a redirect. The answer is marked ``no-store`` so the browser keeps no copy of it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from evenly.accounts.forms import ApiTokenForm
from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.accounts.models import ApiToken
from evenly.accounts.tokens import NewToken, token_create, token_revoke, tokens_of
from evenly.core import bounds


def _zone_of(request: AuthenticatedHttpRequest) -> str:
    """The time zone the list's times are shown in: the person's first household's (an account
    has none of its own; a time in UTC reads an hour or more off for most households)."""
    first = request.user.memberships.select_related("household").order_by("pk").first()
    return first.household.time_zone if first is not None else "UTC"


def _page(
    request: AuthenticatedHttpRequest,
    form: ApiTokenForm,
    new: NewToken | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": tokens_of(user=request.user),
            "new": new,
            "max_tokens": bounds.MAX_API_TOKENS,
            "docs_url": "/api/v1/docs",
            "now": timezone.now(),
            "zone": _zone_of(request),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            new = token_create(
                user=request.user,
                name=data["name"],
                can_write=data["scope"] == "write",
                expires_days=data["expires_days"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            return _page(request, ApiTokenForm(), new)
    return _page(request, form, status=400)


@require_http_methods(["GET", "POST"])
def api_token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        token_revoke(user=request.user, token_id=token.pk)
        messages.success(
            request, _("Revoked “%(name)s”. It no longer works.") % {"name": token.name}
        )
        return redirect("api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
