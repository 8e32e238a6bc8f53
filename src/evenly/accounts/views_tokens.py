"""Account → API tokens: the person's tokens for the JSON API, making one, revoking one, and
removing revoked and expired ones from the list.

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
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from evenly.accounts.forms import ApiTokenForm
from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.accounts.models import ApiToken
from evenly.accounts.tokens import (
    NewToken,
    token_create,
    token_remove_dead,
    token_revoke,
    tokens_dead,
    tokens_live,
    tokens_of,
    tokens_remove_dead,
)
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
    now = timezone.now()
    tokens = list(tokens_of(user=request.user))
    # A token that works may be revoked; one that no longer does, removed from the list (and
    # "Remove revoked and expired tokens…" shows only when there is one).
    live = set(tokens_live(user=request.user, now=now).values_list("pk", flat=True))
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "live": live,
            "dead": any(token.pk not in live for token in tokens),
            "new": new,
            "max_tokens": bounds.MAX_API_TOKENS,
            "docs_url": "/api/v1/docs",
            "now": now,
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


@require_http_methods(["GET", "POST"])
def api_tokens_remove(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Remove every revoked and expired token from the list, after a confirmation that names
    them. Live tokens stay (revoking is the way for them)."""
    if request.method == "POST":
        removed = tokens_remove_dead(user=request.user)
        if removed:
            messages.success(
                request,
                ngettext(
                    "Removed %(n)d revoked or expired token from the list.",
                    "Removed %(n)d revoked or expired tokens from the list.",
                    removed,
                )
                % {"n": removed},
            )
        else:
            messages.info(request, _("There were no revoked or expired tokens to remove."))
        return redirect("api_tokens")
    return render(
        request,
        "accounts/api_tokens_remove.html",
        {"tokens": list(tokens_dead(user=request.user)), "one": None},
    )


@require_http_methods(["GET", "POST"])
def api_token_remove(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    """Remove one revoked or expired token from the list, after a confirmation. Another
    person's token, or one that still works, is not found here."""
    token = tokens_dead(user=request.user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        try:
            token_remove_dead(user=request.user, token_id=token.pk)
        except ApiToken.DoesNotExist:
            raise Http404 from None  # removed meanwhile, by another tab
        messages.success(request, _("Removed “%(name)s” from the list.") % {"name": token.name})
        return redirect("api_tokens")
    return render(request, "accounts/api_tokens_remove.html", {"tokens": [token], "one": token})
