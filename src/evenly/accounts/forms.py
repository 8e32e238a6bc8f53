from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from evenly.accounts.forms_security import PasswordForm
from evenly.accounts.models import User
from evenly.accounts.services import may_email
from evenly.core import bounds


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only numbers, not a common password."),
    )

    def clean_email(self) -> str:
        # Whether the address has an account is never said here (see signup_request).
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(
                    password, User(email=cleaned.get("email") or "")
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email and password do not match an account. The password is case-sensitive."
        ),
    }
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class AccountDeleteForm(PasswordForm):
    """Deleting the account asks for the password, like every other grave change."""


class ResetForm(PasswordResetForm):
    """Password reset mails go only where ``may_email`` allows: never an unconfirmed address."""

    def get_users(self, email: str) -> Iterator[User]:
        return (user for user in super().get_users(email) if may_email(user))


class ApiTokenForm(forms.Form):
    """Account → API tokens: a new token's name, what it may do, and when it stops working."""

    name = forms.CharField(
        label=_("Name"),
        max_length=bounds.MAX_API_TOKEN_NAME_CHARS,
        help_text=_("Where it is used, such as “Home Assistant” or “Robin’s phone”."),
    )
    scope = forms.ChoiceField(
        label=_("It may"),
        choices=[
            ("read", _("Read only")),
            ("write", _("Read and change (mark done, edit cards…)")),
        ],
        initial="read",
        widget=forms.RadioSelect,
    )
    expires_days = forms.IntegerField(
        label=_("Expires after (days, optional)"),
        required=False,
        min_value=int(bounds.API_TOKEN_DAYS.low),
        max_value=int(bounds.API_TOKEN_DAYS.high),
        help_text=format_lazy(
            _("1 to {max} days. Empty: it works until you revoke it."),
            max=bounds.MAX_API_TOKEN_DAYS,
        ),
    )
    # The core bound each number field's min and max come from (the page kit's number_bounds
    # does this for the forms above it; accounts sits below the page kit).
    number_bounds: ClassVar[dict[str, bounds.Bound]] = {"expires_days": bounds.API_TOKEN_DAYS}
