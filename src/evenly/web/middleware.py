"""Headers every response carries: no caching of a signed-in person's pages, and a
Permissions-Policy that turns off the browser features Evenly never uses."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac

# Features Evenly never uses; the empty list "()" denies them to every origin, itself included.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def session_tag(request: HttpRequest) -> str:
    """An opaque tag of this sign-in (person and session), sent with every signed-in page as
    ``Evenly-Session``. The service worker (sw.js) drops the week page it kept, and the ticks
    waiting to be sent, when the tag it sees changes: someone signed out, or in as another."""
    user = getattr(request, "user", None)
    key = request.session.session_key if hasattr(request, "session") else None
    return salted_hmac("evenly.web.session-tag", f"{getattr(user, 'pk', '')}:{key}").hexdigest()[
        :20
    ]


class PrivacyHeadersMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person (static
    files aside: whitenoise answers those before this runs), so that no shared cache or
    back button keeps a household's private pages; ``Permissions-Policy`` on everything."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and not request.path.startswith(self.static_prefix):
            # The service worker keeps this week's page only for the session that saw it.
            response.headers["Evenly-Session"] = session_tag(request)
            # Replace whatever a view said: nothing a signed-in person sees may be stored.
            if "Cache-Control" in response.headers:
                del response.headers["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True, no_cache=True)
            response.headers.setdefault("Pragma", "no-cache")
        return response


# The event an htmx change of a household's data fires on the page (``HX-Trigger``): the
# "Needs you" count on the tab listens for it and fetches itself again (base.html).
CHANGED_EVENT = "evenly:changed"


class HtmxChangedMiddleware:
    """After an htmx POST inside a household (``/h/<id>/…``) that succeeded, tell the page
    that something changed, so that what it shows outside the swapped part (the count on the
    "Needs you" tab) follows: a card ticked in place lowers the count without a reload."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.headers.get("HX-Request") == "true"
            and request.path.startswith("/h/")
            and response.status_code < 400
        ):
            before = response.headers.get("HX-Trigger", "")
            if not before:
                response.headers["HX-Trigger"] = CHANGED_EVENT
            elif not before.lstrip().startswith("{") and CHANGED_EVENT not in before:
                response.headers["HX-Trigger"] = f"{before}, {CHANGED_EVENT}"
        return response
