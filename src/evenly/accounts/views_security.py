"""Pages of two-step sign-in and "Sign out everywhere".

Signing in with two steps: the password step (``TwoStepLoginMixin`` on the login view) does not
sign a person with an authenticator app in. It keeps only a note in the session (who, until
when, where to go next) and sends them to the code page. Nobody is signed in until the code is
right, so every other page still asks them to log in; the note expires after
``TWO_STEP_MINUTES`` or ``TWO_STEP_TRIES`` wrong codes, and then the password is asked again
(where axes throttles it).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from evenly.accounts.forms_security import AppCodeForm, CodeForm, PasswordForm, TurnOffForm
from evenly.accounts.http import AuthenticatedHttpRequest, safe_next
from evenly.accounts.models import User
from evenly.accounts.security import (
    recovery_codes_left,
    recovery_codes_new,
    secret_in_groups,
    sessions_end_all,
    two_step_begin,
    two_step_check,
    two_step_confirm,
    two_step_device,
    two_step_off,
)
from evenly.accounts.services import language_choose
from evenly.core.bounds import TWO_STEP_MINUTES, TWO_STEP_TRIES

if TYPE_CHECKING:
    from django.contrib.auth.views import LoginView

    _LoginView = LoginView  # the mixin's methods call the login view's own
else:
    _LoginView = object

PENDING = "evenly_two_step"  # the session note between the password and the code


def security_context(user: User) -> dict[str, Any]:
    """What the Account page shows about two-step sign-in."""
    return {
        "two_step_on": two_step_device(user=user) is not None,
        "recovery_left": recovery_codes_left(user=user),
    }


def _wait_text(until: datetime | None) -> str:
    """After wrong codes django-otp makes each next try wait (1 s, 2 s, 4 s, ...)."""
    seconds = 1
    if until is not None:
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong codes: wait {seconds} {unit}, then try again."


# --- signing in ---------------------------------------------------------------------------


class TwoStepLoginMixin(_LoginView):
    """On the login view: a right password of a person with an authenticator app leads to the
    code page instead of signing them in."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not user.language:  # accounts from before languages: the one they sign in with
            language_choose(user=user, language=translation.get_language())
        if two_step_device(user=user) is None:
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
            "until": (timezone.now() + timedelta(minutes=TWO_STEP_MINUTES)).timestamp(),
            "next": self.get_success_url(),
            "tries": 0,
        }
        return redirect("login_two_step")


def _pending(request: HttpRequest) -> tuple[dict[str, Any], User] | None:
    """The valid half-finished sign-in of this session, or None (an expired one is dropped)."""
    note = request.session.get(PENDING)
    if not isinstance(note, dict):
        return None
    user_pk: Any = note.get("user")  # whatever the session holds: a wrong one finds nobody
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or timezone.now().timestamp() > float(note.get("until", 0)):
        request.session.pop(PENDING, None)
        return None
    return note, user


@login_not_required
@require_http_methods(["GET", "POST"])
def login_two_step(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    pending = _pending(request)
    if pending is None:
        # Not a redirect to the login page: this page is public, and says why it stopped.
        return render(
            request, "accounts/login_two_step.html", {"expired": True, "minutes": TWO_STEP_MINUTES}
        )
    note, user = pending
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = two_step_check(user=user, code=form.cleaned_data["code"])
        if check.ok:
            request.session.pop(PENDING, None)
            login(request, user, backend=note["backend"])
            otp_login(request, check.device)
            if check.recovery:
                left = recovery_codes_left(user=user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code; it will not work again. %(left)s left. "
                        "Make new ones under Account → Two-step sign-in if you are running low."
                    )
                    % {"left": left},
                )
            return redirect(safe_next(request, str(note.get("next") or "")) or "/")
        if check.wait_until is not None:
            form.add_error("code", _wait_text(check.wait_until))
        else:
            note["tries"] = int(note.get("tries", 0)) + 1
            left = TWO_STEP_TRIES - note["tries"]
            if left <= 0:
                request.session.pop(PENDING, None)
                messages.error(
                    request,
                    _("%(n)s wrong codes. Please log in again with your password.")
                    % {"n": TWO_STEP_TRIES},
                )
                return redirect("login")
            request.session[PENDING] = note
            form.add_error(
                "code",
                ngettext(
                    "That code is not right. %(left)s try left before you need your password "
                    "again.",
                    "That code is not right. %(left)s tries left before you need your password "
                    "again.",
                    left,
                )
                % {"left": left},
            )
    return render(request, "accounts/login_two_step.html", {"form": form})


# --- setting it up and changing it --------------------------------------------------------


@require_http_methods(["GET"])
def two_step(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/two_step.html", security_context(request.user))


@require_http_methods(["POST"])
def two_step_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    if two_step_device(user=user) is not None:
        # Pairing another phone without the password would let a stolen session lock its
        # owner out; turning it off asks for the password and a code first.
        messages.info(
            request, _("Two-step sign-in is on already. To use a new phone, turn it off first.")
        )
        return redirect("two_step")
    two_step_begin(user=user)
    return redirect("two_step_setup")


@require_http_methods(["GET", "POST"])
def two_step_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    device = two_step_device(user=user, confirmed=False)
    if device is None or two_step_device(user=user) is not None:
        return redirect("two_step")
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, why = device.verify_is_allowed()
        codes = None
        if allowed:
            codes = two_step_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, _("Two-step sign-in is on."))
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        if not allowed:
            form.add_error("code", _wait_text((why or {}).get("locked_until")))
        else:
            form.add_error(
                "code",
                "That code is not right. Check that the app shows Evenly and your email, and "
                "type the code it shows now.",
            )
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2)
    return render(
        request,
        "accounts/two_step_setup.html",
        {"form": form, "qr": qr, "secret": secret_in_groups(device)},
    )


@require_http_methods(["GET", "POST"])
def two_step_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    if two_step_device(user=user) is None:
        return redirect("two_step")
    form = PasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        codes = recovery_codes_new(user=user)
        messages.success(request, _("New recovery codes made; the old ones no longer work."))
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return render(request, "accounts/two_step_codes.html", {"form": form})


@require_http_methods(["GET", "POST"])
def two_step_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    if two_step_device(user=user) is None:
        return redirect("two_step")
    form = TurnOffForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        check = two_step_check(user=user, code=form.cleaned_data["code"])
        if check.ok:
            two_step_off(user=user)
            messages.success(
                request, _("Two-step sign-in is off. Your password alone signs you in.")
            )
            return redirect("two_step")
        if check.wait_until is not None:
            form.add_error("code", _wait_text(check.wait_until))
        else:
            form.add_error("code", "That code is not right.")
    return render(request, "accounts/two_step_off.html", {"form": form})


# --- sign out everywhere ------------------------------------------------------------------


@require_http_methods(["POST"])
def sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    sessions_end_all(user=request.user)
    logout(request)
    messages.success(
        request,
        _("You are signed out everywhere, here too. Log in again on each device you use."),
    )
    return redirect("login")
