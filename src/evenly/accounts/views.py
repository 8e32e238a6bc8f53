from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from evenly.accounts.forms import AccountDeleteForm, LoginForm, SignUpForm
from evenly.accounts.services import account_create, account_delete
from evenly.accounts.views_security import TwoStepLoginMixin, security_context
from evenly.households.selectors import households_of


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = account_create(
            email=form.cleaned_data["email"], password=form.cleaned_data["password"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        nxt = request.POST.get("next", "")
        if nxt.startswith("/join/"):
            return redirect(nxt)
        return redirect("household_create")
    return render(
        request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )


class EvenlyLoginView(TwoStepLoginMixin, LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


login_view = login_not_required(EvenlyLoginView.as_view())


@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "households": households_of(user=request.user),
            **security_context(request.user),  # type: ignore[arg-type]
        },
    )


@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)  # type: ignore[arg-type]
        logout(request)
        messages.success(request, "Your account is deleted.")
        return redirect("login")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "households": households_of(user=request.user)},
    )
