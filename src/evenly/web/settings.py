"""Evenly's one settings module. Everything a deployment changes comes from the environment.

Local development: ``DEBUG=1`` (``make run`` sets it). Production: ``DEBUG`` off, and the app
refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import to_language

REPO_DIR = Path(__file__).resolve().parents[3]
APP_DIR = Path(__file__).resolve().parents[1]


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off; got {value!r}")


def _env_list(name: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]


DEBUG = _env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Old keys, comma separated, still accepted for sessions and reset links while a new SECRET_KEY
# takes over; drop them once those have expired (a day for reset links, two weeks for sessions).
SECRET_KEY_FALLBACKS = _env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "evenly-local-development-only-never-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]
else:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or shorter than 50 characters. Set it in the environment, "
            "e.g. SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is empty. Set it to the host names Evenly answers on, comma "
            "separated (e.g. ALLOWED_HOSTS=evenly.example.org), or set DEBUG=1 locally."
        )
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

# Evenly's apps first: their translations win over Django's own where both say the same English
# ("Save" is "Speichern" here, not the admin's "Sichern"), and their templates over the admin's.
INSTALLED_APPS = [
    "evenly.web",
    "evenly.accounts",
    "evenly.households",
    "evenly.cards",
    "evenly.deals",
    "evenly.week",
    "evenly.insight",
    "evenly.perception",
    "evenly.felt",
    "evenly.checkins",
    "evenly.growth",
    "evenly.values",
    "evenly.calendars",
    "evenly.reminders",
    "evenly.privacy",
    "evenly.transfer",
    "evenly.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # The JSON API's docs page: Swagger UI from our own static files, not a CDN (the CSP).
    "ninja",
]

MIDDLEWARE = [
    # Outermost, so that every response passes it (redirects to HTTPS and static files too):
    # Permissions-Policy everywhere, Cache-Control on a signed-in person's pages.
    "evenly.web.middleware.PrivacyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out gzip-compressed (static files are compressed ahead by whitenoise, which
    # answers them above). Placed here, outside everything that reads or writes a page's body.
    # Compressing a page that holds a secret beside text an attacker chooses can leak the secret
    # through the compressed size (BREACH). Why it is safe here:
    # - the CSRF token in pages is masked afresh for each response (Django salts it with a new
    #   random mask every time it is rendered), so no two responses carry the same token bytes
    #   to guess against; the session id travels in a cookie, never in the body;
    # - pages reflect no attacker-chosen input next to a secret: search words and form values
    #   come back only to the person who sent them, in their own signed-in session, and every
    #   state-changing request needs POST with that CSRF token (a cross-site attacker can make
    #   the victim send GETs, which only read, but cannot read the answers' sizes to a secret
    #   that stays the same from one response to the next);
    # - one-time secrets (invitation links, two-step keys, recovery codes) are shown once, on
    #   the answer to a POST, and never again.
    # Keep it that way: never put a long-lived secret in a page that echoes a query parameter.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the language switch's cookie, else the browser's Accept-Language,
    # else English. After the session (it may read it), before CommonMiddleware (which may
    # redirect, in that language).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Adds request.user.is_verified(): whether this session passed two-step sign-in.
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a login unless its view says otherwise (@login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A page live.js fetches again leaves the flash messages for the next real page.
    "evenly.web.live.LiveRefreshKeepsMessagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After an htmx change inside a household, the page's "Needs you" count fetches itself.
    "evenly.web.middleware.HtmxChangedMiddleware",
    # A form sent to a household's page moves its revision: the others' open pages refresh.
    "evenly.web.live.HouseholdRevisionMiddleware",
    # Last, so that it sees the result of authentication.
    "axes.middleware.AxesMiddleware",
]

# Background and scheduled work (django-tasks): tasks are rows in this database, run by
# ``manage.py worker`` (which also enqueues the periodic ones, see evenly.web.periodic).
# No other service is needed; ``make run`` starts the worker beside the web server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Kept parts of pages (evenly.pages.kept) and the Needs-you count live in each web process's
# memory: their keys carry the household's revision, which is in the database, so processes
# never disagree and nothing needs sharing. Django's default of 300 entries is a handful of
# households; a part is 5-100 kB, so 3,000 entries stay under about 100 MB a process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("KEPT_PARTS_PER_PROCESS", "3000"))},
    }
}

ROOT_URLCONF = "evenly.web.urls"
WSGI_APPLICATION = "evenly.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [APP_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                # The chosen colour theme (Light, Dark, Like my device), for <html data-theme>.
                "evenly.web.views.theme_context",
            ],
            # Every template writes a duration with {{ minutes|hm }}, without {% load %}.
            "builtins": [
                "evenly.pages.templatetags.durations",
                "evenly.pages.templatetags.words",
                # {{ a_date|day:"l j M" }}: Django's date filter, remembered for calendar days.
                "evenly.pages.templatetags.days",
            ],
        },
    }
]
# Every form field renders through one template in the page kit (pages/field.html).
FORM_RENDERER = "evenly.pages.forms.FormRenderer"

# SQLite (WAL, durable commits) under var/ unless DATABASE_URL names another database.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Reusing connections saves a round trip per request; 0 closes each one (the tests do, so
    # that no live-server connection outlives the test database).
    conn_max_age = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=conn_max_age)}
else:
    SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", REPO_DIR / "var" / "evenly.sqlite3"))
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets readers run beside a writer; synchronous=FULL makes each commit
                # survive a power cut; IMMEDIATE takes the write lock up front, so two writers
                # queue instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling: after AXES_FAILURE_LIMIT failures for one email from one address, that
# pair waits out the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Django's login form posts the email as "username"; axes must read that field.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Behind a reverse proxy, how many proxies of our own stand in front of Evenly (0: none, the
# client is REMOTE_ADDR and X-Forwarded-For is ignored). Lockouts and rate limits key on the
# address evenly.accounts.client_ip.client_ip finds from it.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "evenly.accounts.client_ip.client_ip"

# Rate limits (per hour) on what sends mail or joins households, counted in the database so
# every web worker shares them. Over a limit the page answers 429 and sends nothing.
RATE_LIMIT_WINDOW = timedelta(minutes=int(os.environ.get("RATE_LIMIT_WINDOW_MINUTES", "60")))
# fields.W161 warns when a time field's fixed default lies within 10 s of the current clock
# time: the quiet hours' defaults (22:00, 07:00) are meant to be fixed, so at those moments every
# command printed a false warning (and tests reading a command's output failed).
SILENCED_SYSTEM_CHECKS = ["fields.W161"]

RATE_LIMITS = {
    # mails to one address (password reset, sign-up, a new confirmation link), per window
    "mail_per_address": int(os.environ.get("RATE_LIMIT_MAIL_PER_ADDRESS", "3")),
    "reset_per_ip": int(os.environ.get("RATE_LIMIT_RESET_PER_IP", "10")),
    "signup_per_ip": int(os.environ.get("RATE_LIMIT_SIGNUP_PER_IP", "10")),
    "join_per_ip": int(os.environ.get("RATE_LIMIT_JOIN_PER_IP", "20")),
    "join_per_user": int(os.environ.get("RATE_LIMIT_JOIN_PER_USER", "10")),
    # households made from a file (each reads and checks up to 20 MB), per account
    "import_per_user": int(os.environ.get("RATE_LIMIT_IMPORT_PER_USER", "20")),
    # requests to the JSON API with one personal access token, per window
    "api_per_token": int(os.environ.get("RATE_LIMIT_API_PER_TOKEN", "1000")),
}
# Two-step sign-in (django-otp): the name an authenticator app shows beside the account, and
# a doubling wait (1 s, 2 s, 4 s, ...) after each wrong code of one device.
OTP_TOTP_ISSUER = "Evenly"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Failed attempts are purged on the next write once the cool-off has passed; successful
# sign-ins are not logged at all (they would keep every email and address forever).
AXES_DISABLE_ACCESS_LOG = True

# "Try the demo" on the landing page signs a visitor in as the demo's Robin, only while the demo
# household exists (``evenly demo``). On by default in development (DEBUG) only: on a public
# server anyone could then read and change the demo household, so it stays off unless
# DEMO_SIGN_IN=1 says the server is a public demo.
DEMO_SIGN_IN = _env_bool("DEMO_SIGN_IN", DEBUG)

# Languages: each app keeps its own translations in <app>/locale/<lang>/LC_MESSAGES/django.po
# (compiled to .mo by `manage.py compile_translations`, which `make` runs); core's sentences are
# in core/locale. The languages offered are the ones those folders hold, so a third language
# needs only its .po files (its name comes from Django's list of languages).
LANGUAGE_CODE = "en"


def _languages() -> list[tuple[str, str]]:
    codes = {to_language(po.parts[-3]) for po in APP_DIR.glob("*/locale/*/LC_MESSAGES/django.po")}
    named = {code: LANG_INFO.get(code, {}).get("name_local", code) for code in codes | {"en"}}
    return [("en", named["en"]), *sorted((c, n) for c, n in named.items() if c != "en")]


LANGUAGES = _languages()
# evenly.pages and evenly.core are no installed apps, so their catalogs are named here.
LOCALE_PATHS = [APP_DIR / "pages" / "locale", APP_DIR / "core" / "locale"]
# The switch's choice, for a year, never readable by scripts.
LANGUAGE_COOKIE_NAME = "evenly_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = REPO_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (tests, a quick start) whitenoise serves straight from the apps.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Mail goes out by SMTP once EMAIL_HOST is set (with the EMAIL_* settings below), and never in
# development (DEBUG): until then it is printed on the console. EMAIL_BACKEND overrides both.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST") and not DEBUG
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))  # seconds, so a stuck server never hangs
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Evenly <evenly@localhost>")
# The address the site answers on, for links in reminder emails and push notifications.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Web push (reminders on a phone): a VAPID key pair, made by `python manage.py vapid_keys`.
# Without them, push is not offered. VAPID_SUBJECT is a mailto: or https: contact for push
# services.
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "")
# Where to report a security problem (/.well-known/security.txt): an address or an https URL.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "")

# Security headers. The CSP allows scripts only from this site or with the page's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preload lets the domain's owner submit it to browsers' HSTS list; it submits nothing.
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if _env_bool("BEHIND_TLS_PROXY", False):
    # A reverse proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
