"""Writes to accounts: sign up, confirm an address, delete; and who Evenly may mail."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from evenly.accounts.models import User

# What happens to a person's data when they delete their account is decided by the apps above
# accounts (households: leave every household; privacy: erase what they typed). They register
# here at start-up, so accounts never imports them. Called in registration order, inside the
# deletion's transaction, before the user row goes.
_ON_DELETE: list[Callable[[User], None]] = []


def on_account_delete(callback: Callable[[User], None]) -> None:
    """Register ``callback(user)`` to run when an account is deleted (once per callback)."""
    if callback not in _ON_DELETE:
        _ON_DELETE.append(callback)


def account_create(
    *, email: str, password: str, verified: bool = False, language: str = ""
) -> User:
    """A new account; the email is stored in lower case so sign-in ignores case.

    ``verified`` says the address is known to belong to the person (the demo, an operator);
    an account made through the sign-up page starts unverified.
    """
    return User.objects.create_user(
        email=email.strip().lower(),
        password=password,
        email_verified_at=timezone.now() if verified else None,
        language=language if language in dict(settings.LANGUAGES) else "",
    )


def language_choose(*, user: User, language: str) -> None:
    """Remember the language to write to ``user`` in (reminders, pushes); one Evenly does not
    speak is ignored."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def language_of(user: User) -> str:
    """The language to write to ``user`` in when no page is open."""
    return user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def may_email(user: User) -> bool:
    """The one rule for mail beyond the confirmation link: only to a confirmed address of an
    active account. An address someone typed in without owning it gets nothing else."""
    return bool(user.is_active and user.email_verified_at is not None)


class _VerifyTokens(PasswordResetTokenGenerator):
    """Signed, expiring (PASSWORD_RESET_TIMEOUT) and single use: the token covers the
    verification time, which opening the link sets."""

    key_salt = "evenly.accounts.verify-email"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.email}{user.email_verified_at}{timestamp}"


verify_tokens = _VerifyTokens()


def _safe_next(nxt: str) -> str:
    """Only invitation links are followed after sign-up: never an open redirect."""
    return nxt if nxt.startswith("/join/") and "//" not in nxt else ""


def verify_link(*, request: HttpRequest, user: User, nxt: str = "") -> str:
    path = reverse(
        "verify_email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": verify_tokens.make_token(user),
        },
    )
    nxt = _safe_next(nxt)
    if nxt:
        path += "?" + urlencode({"next": nxt})
    return request.build_absolute_uri(path)


def _send(*, to: str, template: str, context: dict[str, object]) -> None:
    subject, _, body = render_to_string(template, context).partition("\n")
    send_mail(subject.strip(), body.lstrip("\n"), settings.DEFAULT_FROM_EMAIL, [to])


def verification_send(*, request: HttpRequest, user: User, nxt: str = "") -> None:
    _send(
        to=user.email,
        template="accounts/mail/verify.txt",
        context={"link": verify_link(request=request, user=user, nxt=nxt)},
    )


@transaction.atomic
def signup_request(*, request: HttpRequest, email: str, password: str, nxt: str = "") -> None:
    """Sign-up answers the same whether or not the address has an account.

    A new address gets an unverified account and a confirmation link; an address that has an
    account already gets a note to its owner, and nothing changes.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        make_password(password)  # the same slow hash as a new account: timing tells nothing
        _send(
            to=existing.email,
            template="accounts/mail/signup_exists.txt",
            context={
                "login": request.build_absolute_uri(reverse("login")),
                "reset": request.build_absolute_uri(reverse("password_reset")),
            },
        )
        return
    user = account_create(email=email, password=password, language=translation.get_language())
    verification_send(request=request, user=user, nxt=nxt)


def email_verify(*, user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account: run every registered hook (erase what the person typed, leave every
    household), then delete the user.

    What stays behind is what the household shares: the cards, the deals it agreed and the
    record of work done, under the member's display name. See ``evenly.privacy.registry``.
    """
    for callback in _ON_DELETE:
        callback(user)
    user.delete()
