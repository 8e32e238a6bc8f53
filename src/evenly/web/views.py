from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from evenly.accounts.models import User
from evenly.accounts.services import language_choose
from evenly.demo import DEMO_EMAILS
from evenly.households.selectors import households_of
from evenly.web.sample import sample_deal


@login_not_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """A person's start page: their household's week, or the way to create or join one.
    Signed out: the landing page, with a sample deal worked out by the real engine."""
    if not request.user.is_authenticated:
        context = {"sample": sample_deal(get_language()), "demo": demo_user() is not None}
        return render(request, "landing.html", context)
    households = households_of(user=request.user)
    if len(households) == 1:
        return redirect("week", households[0].pk)
    return render(request, "home.html", {"households": households})


def demo_user() -> User | None:
    """The demo's Robin, when "Try the demo" may sign a visitor in (``DEMO_SIGN_IN``, on in
    development only) and the demo household exists; else None."""
    if not settings.DEMO_SIGN_IN:
        return None
    robin = User.objects.filter(email=DEMO_EMAILS[0], is_active=True).first()
    if robin is None or not households_of(user=robin):
        return None
    return robin


@login_not_required
@require_POST
def demo_sign_in(request: HttpRequest) -> HttpResponse:
    """ "Try the demo": sign in as the demo's Robin (a POST, so a link cannot do it)."""
    if request.user.is_authenticated:  # already someone: never swap accounts underneath them
        return redirect("home")
    robin = demo_user()
    if robin is None:
        messages.info(request, gettext("The demo is not open on this server."))
        return redirect("home")
    login(request, robin, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("home")


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


# What the service worker keeps for offline use from its first visit: the app's shell. Static
# names are fingerprinted in production (ManifestStaticFilesStorage), so the list, and with it
# the cache's version, changes whenever one of them does.
SHELL_FILES = (
    "evenly/evenly.css",
    "vendor/htmx.min.js",
    "evenly/live.js",
    "evenly/week.js",
    "evenly/shell.js",
    "evenly/offline.js",
    "evenly/favicon.svg",
    "evenly/icon-192.png",
)


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
    return {
        "theme": theme_of(request),
        "theme_choices": THEME_CHOICES,
        "language_choices": settings.LANGUAGES,
    }


THEME_CHOICES = (
    ("light", gettext_lazy("Light")),
    ("dark", gettext_lazy("Dark")),
    ("auto", gettext_lazy("Like my device")),
)


@login_not_required
@require_http_methods(["GET"])
def service_worker(request: HttpRequest) -> HttpResponse:
    """Evenly's one service worker, served from the site's root so that its scope is the whole
    site: reminders pushed to this device, and this week's page kept for offline use."""
    shell = [static(name) for name in SHELL_FILES]
    offline = reverse("offline")
    version = hashlib.sha256(json.dumps([shell, offline]).encode()).hexdigest()[:12]
    context = {
        "version": version,
        "shell": json.dumps(shell),
        "offline_url": json.dumps(offline),
        # Not static(""): the manifest storage refuses a name it has no entry for.
        "static_prefix": json.dumps("/" + settings.STATIC_URL.lstrip("/")),
        "icon": json.dumps(static("evenly/icon-192.png")),
    }
    response = render(request, "sw.js", context, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_http_methods(["GET"])
def offline(request: HttpRequest) -> HttpResponse:
    """The page a navigation shows when the network is gone (the service worker keeps it). It
    is the same for everyone: rendered as for a visitor, so it names nobody."""
    return render(request, "offline.html", {"user": AnonymousUser()})


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


def _back(request: HttpRequest) -> str:
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return back


@login_not_required
@require_http_methods(["POST"])
def language(request: HttpRequest) -> HttpResponse:
    """Choose the language of every page (a cookie, for this browser); back to the page the
    choice was made on. Without a choice, the browser's Accept-Language decides."""
    chosen = request.POST.get("language", "")
    response = redirect(_back(request))
    if chosen not in dict(settings.LANGUAGES):
        names = ", ".join(str(name) for _code, name in settings.LANGUAGES)
        messages.error(
            request,
            gettext("Evenly speaks %(languages)s; choose one of them.") % {"languages": names},
        )
        return response
    if request.user.is_authenticated:  # reminders and pushes come in it too
        language_choose(user=request.user, language=chosen)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        chosen,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response
