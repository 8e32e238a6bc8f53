from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.households.selectors import households_of


@require_http_methods(["GET"])
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A person's start page: their household's week, or the way to create or join one."""
    households = households_of(user=request.user)
    if len(households) == 1:
        return redirect("week", households[0].pk)
    return render(request, "home.html", {"households": households})


def security_contact() -> str:
    """SECURITY_CONTACT as a URI (mailto: for a bare address); else the sender's address."""
    contact = settings.SECURITY_CONTACT.strip() or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    if ":" not in contact:
        contact = f"mailto:{contact}"
    return contact


@login_not_required
@require_http_methods(["GET"])
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): whom to tell about a security problem."""
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    body = (
        f"Contact: {security_contact()}\n"
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        "Preferred-Languages: en\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
