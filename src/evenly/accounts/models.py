"""People who sign in. An account is an email and a password, nothing more: never a gender."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from evenly.core.bounds import MAX_API_TOKEN_NAME_CHARS

if TYPE_CHECKING:

    class _AbstractUser(AbstractUser):
        # Django's own hash of the session, which django-stubs leaves out (it is private).
        def _get_session_auth_hash(self, secret: str | None = None) -> str: ...

        class Meta:
            abstract = True
else:
    _AbstractUser = AbstractUser


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An account needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        # Whoever runs createsuperuser owns the address they typed.
        extra.setdefault("email_verified_at", timezone.now())
        return self.create_user(email, password, **extra)


class User(_AbstractUser):
    # No username and no names: an account is an email. Django removes a parent's field set to
    # None, which django-stubs cannot express.
    username = first_name = last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    # When the person opened the link mailed to this address; until then Evenly mails it
    # nothing but that link (see ``accounts.services.may_email``).
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # "Sign out everywhere" adds one to this; every session signed in before then no longer
    # matches the session hash below, so Django ends it on its next request.
    session_epoch = models.PositiveIntegerField(default=0)
    # The language Evenly writes to this person in when no page is open (reminder emails and
    # pushes): the one they last chose, signed up or signed in with. Empty: the site's default.
    language = models.CharField(max_length=16, blank=True, default="")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Accounts are made by email, so the manager is not django-stubs' username-based one.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash of the password, plus the session epoch once it has moved: a new
        password or "Sign out everywhere" each end the sessions signed in before. (At epoch 0
        the hash is Django's own, so sessions from before this field stay signed in.)"""
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "evenly.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class RateCounter(models.Model):
    """How often one key (an action and a hashed address or id) was used in one time window."""

    key = models.CharField(max_length=80)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_once")
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["window_start"])]


class ApiToken(models.Model):
    """A personal access token for the JSON API: a key a person gives a script or an app.

    Only a hash of the secret is kept. ``prefix`` (random, shown in the token itself) finds the
    row; the SHA-256 of the whole token is then compared in constant time. The secret is shown
    once, when the token is made, and cannot be shown again.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=MAX_API_TOKEN_NAME_CHARS)
    can_write = models.BooleanField(default=False)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_live(self, now: datetime) -> bool:
        """Not revoked and not past its expiry."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
