from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
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


# The colour theme: "light", "dark", or "auto" (like the device, through prefers-color-scheme).
# A cookie, read on every page, so the first paint is already right (<html data-theme>).
THEME_COOKIE = "evenly_theme"
THEMES = ("auto", "light", "dark")
THEME_MAX_AGE = 365 * 24 * 3600


def theme_of(request: HttpRequest) -> str:
    """The theme this browser chose ("auto" unless it chose one)."""
    chosen = request.COOKIES.get(THEME_COOKIE, "auto")
    return chosen if chosen in THEMES else "auto"


def theme_context(request: HttpRequest) -> dict[str, object]:
    """A context processor: every page paints in the chosen theme from the first byte."""
    return {"theme": theme_of(request), "theme_choices": THEME_CHOICES}


THEME_CHOICES = (
    ("light", gettext_lazy("Light")),
    ("dark", gettext_lazy("Dark")),
    ("auto", gettext_lazy("Like my device")),
)


@login_not_required
@require_http_methods(["POST"])
def theme(request: HttpRequest) -> HttpResponse:
    """Choose Light, Dark or Like my device; back to the page the choice was made on."""
    chosen = request.POST.get("theme", "")
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    response = redirect(back)
    if chosen not in THEMES:
        messages.error(request, gettext("Choose Light, Dark or Like my device."))
        return response
    if chosen == "auto":
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    else:
        response.set_cookie(
            THEME_COOKIE,
            chosen,
            max_age=THEME_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response
