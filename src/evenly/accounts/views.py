from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evenly.accounts.client_ip import client_ip
from evenly.accounts.forms import AccountDeleteForm, LoginForm, ResetForm, SignUpForm
from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.accounts.models import User
from evenly.accounts.ratelimit import rate_check, too_many
from evenly.accounts.selectors import household_links_of
from evenly.accounts.services import (
    account_delete,
    email_verify,
    signup_request,
    verification_send,
    verify_tokens,
)
from evenly.accounts.views_security import TwoStepLoginMixin, security_context


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        blocked = rate_check(
            hits=[("signup_per_ip", client_ip(request)), ("mail_per_address", email)]
        )
        if blocked is not None:
            return too_many(request, blocked)
        signup_request(
            request=request,
            email=email,
            password=form.cleaned_data["password"],
            nxt=request.POST.get("next", ""),
        )
        return redirect("signup_sent")
    return render(
        request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )


class EvenlyLoginView(TwoStepLoginMixin, LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


login_view = login_not_required(EvenlyLoginView.as_view())


@require_http_methods(["GET"])
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "households": household_links_of(request.user),
            **security_context(request.user),
        },
    )


# Signing out leaves nothing of the person on the device: the service worker's copy of this
# week, the ticks waiting to be sent (storage), and the browser's cache. "storage" also
# unregisters the service worker and with it this device's push subscription: reminders stop
# coming to a device that signed out (the server forgets the subscription at the next send,
# when the push service answers that it is gone). The next page registers the worker again.
CLEAR_SITE_DATA = '"cache", "storage"'


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


@require_http_methods(["GET", "POST"])
def account_delete_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        response = redirect("login")
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "households": household_links_of(request.user)},
    )


# --- sign-up, password reset and address confirmation (abuse limits) -----------------------


@login_not_required
@require_http_methods(["GET"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


class EvenlyPasswordResetView(PasswordResetView):
    form_class = ResetForm

    def form_valid(self, form: ResetForm) -> HttpResponse:
        email = str(form.cleaned_data["email"]).strip().lower()
        blocked = rate_check(
            hits=[("reset_per_ip", client_ip(self.request)), ("mail_per_address", email)]
        )
        if blocked is not None:
            return too_many(self.request, blocked)
        return super().form_valid(form)


password_reset_view = login_not_required(EvenlyPasswordResetView.as_view())


def _user_from(uidb64: str) -> User | None:
    try:
        return User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The mailed link: GET shows one button (mail scanners that open links change nothing);
    POST confirms the address, signs the person in and goes on where they were going."""
    user = _user_from(uidb64)
    if user is None or not verify_tokens.check_token(user, token):
        return render(request, "accounts/verify_invalid.html", status=410)
    if user.email_verified_at is not None:  # confirmed some other way: nothing to do
        return render(request, "accounts/verify_invalid.html", {"confirmed": True})
    nxt = request.GET.get("next", "")
    nxt = nxt if nxt.startswith("/join/") and "//" not in nxt else ""
    if request.method == "POST":
        email_verify(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your address is confirmed. Welcome to Evenly."))
        if nxt:
            return redirect(nxt)
        if household_links_of(user):
            return redirect("home")
        return redirect("household_create")
    return render(request, "accounts/verify.html", {"email": user.email, "confirming": True})


@require_http_methods(["POST"])
def verify_resend(request: AuthenticatedHttpRequest) -> HttpResponse:
    user: User = request.user
    if user.email_verified_at is not None:
        messages.success(request, _("Your address is confirmed already."))
        return redirect("home")
    blocked = rate_check(hits=[("mail_per_address", user.email)])
    if blocked is not None:
        return too_many(request, blocked)
    verification_send(request=request, user=user)
    messages.success(
        request,
        _("A new link is on its way to %(email)s. It works for a day.") % {"email": user.email},
    )
    return redirect("home")
