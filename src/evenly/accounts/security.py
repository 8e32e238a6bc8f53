"""Two-step sign-in and "Sign out everywhere": the writes and reads behind them.

Two-step sign-in uses django-otp: one authenticator-app device (TOTP) per person, confirmed
with a code before it counts, and one static device holding the recovery codes. A recovery code
is stored only as a keyed hash (HMAC with the site's secret key), so the database alone never
reveals one; each works once (django-otp deletes it when it is used).
"""

from __future__ import annotations

import secrets
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils.crypto import salted_hmac
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from evenly.accounts.models import User
from evenly.core.bounds import RECOVERY_CODES

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# No 0/o, 1/l/i: a code copied from paper is read back without guessing.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10  # about 49 bits each, written as two groups of five


# --- reads --------------------------------------------------------------------------------


def two_step_device(*, user: User, confirmed: bool = True) -> TOTPDevice | None:
    """The person's authenticator-app device: the confirmed one, or the one being set up."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def recovery_codes_left(*, user: User) -> int:
    left: int = StaticToken.objects.filter(device__user=user).count()
    return left


def secret_in_groups(device: TOTPDevice) -> str:
    """The device's secret as an authenticator app wants it typed: base32 in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_hash(code: str) -> str:
    """What is stored for a recovery code: a keyed hash of its letters and digits, lower case
    (so "ABCDE-FGHJK", "abcde fghjk" and "abcdefghjk" are the same code). 16 hex characters,
    the width of django-otp's token column."""
    plain = "".join(ch for ch in code.lower() if ch.isalnum())
    return salted_hmac("evenly.accounts.recovery_code", plain, algorithm="sha256").hexdigest()[:16]


@dataclass(frozen=True)
class CodeCheck:
    """The answer to one code: accepted (by which device), or refused; ``wait_until`` is set
    when the device refuses to check any code yet after earlier wrong ones."""

    device: Device | None
    recovery: bool = False
    wait_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def _is_app_code(code: str) -> bool:
    digits = code.replace(" ", "")
    return len(digits) == 6 and digits.isascii() and digits.isdigit()


# --- writes -------------------------------------------------------------------------------


@transaction.atomic
def two_step_begin(*, user: User) -> TOTPDevice:
    """Start setting up an authenticator app: a fresh secret, not active until confirmed. A
    half-finished earlier set-up is replaced. (The pages offer this only while it is off.)"""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def two_step_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn on two-step sign-in once the app shows the right code; None if the code is wrong.
    Returns the new recovery codes, the only time they are ever shown."""
    if device.user_id != user.pk or device.confirmed or two_step_device(user=user) is not None:
        return None  # already on: a new phone means turning it off first (password and code)
    if not _is_app_code(code) or not device.verify_token(code.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_new(user=user)


@transaction.atomic
def recovery_codes_new(*, user: User) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Only their hashes are kept."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    for _ in range(RECOVERY_CODES):
        plain = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{plain[:5]}-{plain[5:]}")
        device.token_set.create(token=recovery_hash(plain))
    return codes


@transaction.atomic
def two_step_off(*, user: User) -> None:
    """Turn off two-step sign-in: the app's secret and every recovery code are deleted."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_step_check(*, user: User, code: str) -> CodeCheck:
    """Check a code from the authenticator app (six digits) or a recovery code. A wrong code
    makes the device wait before the next (1 s, 2 s, 4 s, ...: django-otp's throttling); a
    recovery code that works is used up."""
    code = code.strip()
    if not code:
        return CodeCheck(None)
    device: Device | None
    if _is_app_code(code):
        device = two_step_device(user=user)
        token = code.replace(" ", "")
    else:
        device = StaticDevice.objects.filter(user=user).first()
        token = recovery_hash(code)
    if device is None:
        return CodeCheck(None)
    allowed, why = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(None, wait_until=(why or {}).get("locked_until"))
    with transaction.atomic():
        if device.verify_token(token):
            return CodeCheck(device, recovery=isinstance(device, StaticDevice))
    return CodeCheck(None)


@transaction.atomic
def sessions_end_all(*, user: User) -> None:
    """End every signed-in session of this person, on every device: their session hash no
    longer matches, so Django signs each one out at its next request."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
