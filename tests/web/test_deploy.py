"""Production settings, checked the way a deployment runs them: in a fresh process."""

from __future__ import annotations

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Everything a deployment might set; each test starts from none of them.
DEPLOY_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SQLITE_PATH",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_TLS_PROXY",
    "EMAIL_BACKEND",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY_FALLBACKS",
    "SECURITY_CONTACT",
)


def secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(60))


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in DEPLOY_VARIABLES}
    environ |= {"SQLITE_PATH": str(tmp_path / "db.sqlite3"), **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run(tmp_path, "manage.py", *args, **env)


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    """The error a failing start ends with (after the traceback)."""
    lines = result.stderr.strip().splitlines()
    return lines[-1] if lines else ""


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = manage(tmp_path, "check", DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in last_line(result)
    assert "SECRET_KEY" in last_line(result)
    short = manage(tmp_path, "check", DEBUG="0", ALLOWED_HOSTS="example.org", SECRET_KEY="x" * 20)
    assert short.returncode != 0
    assert "SECRET_KEY" in last_line(short)
    # Without DEBUG at all, the same: production is the default.
    unset = manage(tmp_path, "check", ALLOWED_HOSTS="example.org")
    assert unset.returncode != 0
    assert "SECRET_KEY" in last_line(unset)


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    result = manage(tmp_path, "check", DEBUG="0", SECRET_KEY=secret_key())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in last_line(result)
    assert "ALLOWED_HOSTS" in last_line(result)


def test_a_typo_in_debug_is_an_error_not_debug_mode(tmp_path: Path) -> None:
    result = manage(tmp_path, "check", DEBUG="ture", SECRET_KEY=secret_key())
    assert result.returncode != 0
    assert "DEBUG" in last_line(result)


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_migrations_match_the_models(tmp_path: Path) -> None:
    result = manage(tmp_path, "makemigrations", "--check", "--dry-run", DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


SHOW_SETTINGS = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evenly.web.settings")
from django.conf import settings
names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "EMAIL_BACKEND", "PASSWORD_HASHERS",
    "SECRET_KEY_FALLBACKS",
]
print(json.dumps({n: getattr(settings, n) for n in names}))
"""


def show_settings(tmp_path: Path, **env: str) -> dict[str, object]:
    result = run(tmp_path, "-c", SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_production_settings_are_secure(tmp_path: Path) -> None:
    prod = show_settings(tmp_path, DEBUG="0", SECRET_KEY=secret_key(), ALLOWED_HOSTS="example.org")
    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert isinstance(prod["SECURE_HSTS_SECONDS"], int) and prod["SECURE_HSTS_SECONDS"] > 0
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SECURE_REFERRER_POLICY"]
    assert prod["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert prod["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")  # type: ignore[index]


@pytest.mark.parametrize("debug", ["", "0"])
def test_debug_is_off_unless_asked_for(tmp_path: Path, debug: str) -> None:
    shown = show_settings(
        tmp_path, DEBUG=debug, SECRET_KEY=secret_key(), ALLOWED_HOSTS="example.org"
    )
    assert shown["DEBUG"] is False


def test_development_settings_need_no_secrets(tmp_path: Path) -> None:
    dev = show_settings(tmp_path, DEBUG="1")
    assert dev["DEBUG"] is True
    assert dev["SECURE_HSTS_SECONDS"] == 0
    assert dev["SESSION_COOKIE_SECURE"] is False


SHOW_HEADERS = """
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evenly.web.settings")
import django
django.setup()
from django.test import Client
r = Client().get("/.well-known/security.txt", secure=True, HTTP_HOST="example.org")
plain = Client().get("/login/", HTTP_HOST="example.org")  # redirected to https
print(json.dumps({"status": r.status_code, **dict(r.headers),
                  "redirect": [plain.status_code, plain.get("Permissions-Policy", "")]}))
"""


def test_production_responses_carry_a_permissions_policy(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        "-c",
        SHOW_HEADERS,
        DEBUG="0",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    headers = json.loads(result.stdout)
    assert headers["status"] == 200
    policy = headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in policy
    assert "Strict-Transport-Security" in headers
    assert headers["redirect"] == [301, policy]


def test_an_old_secret_key_can_be_kept_while_a_new_one_takes_over(tmp_path: Path) -> None:
    old, older = secret_key(), secret_key()
    shown = show_settings(
        tmp_path,
        DEBUG="0",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="example.org",
        SECRET_KEY_FALLBACKS=f"{old},{older}",
    )
    assert shown["SECRET_KEY_FALLBACKS"] == [old, older]
