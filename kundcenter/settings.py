"""Kundcenter settings: one module, driven by the environment.

Every variable read here is documented in README.md ("Configuration"). The defaults
give the embedded run (SQLite under var/, no other service) used by `make run`.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KUNDCENTER_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (Docker/K8s secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


DEBUG = env_bool("DEBUG", False)
# Under pytest the fast hasher, in-memory mail and a test media folder are used.
TESTING = env_bool("KUNDCENTER_TESTING", "pytest" in sys.modules)


def _local_secret_key() -> str:
    """The embedded install's own random key, made once and kept in var/secret_key."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Without SECRET_KEY this host makes its own key: fine for the embedded run, an error in
# `check --deploy` (kundcenter.E004), since every host must share one.
SECRET_KEY_GENERATED = not env_secret("SECRET_KEY")
SECRET_KEY = env_secret("SECRET_KEY") or _local_secret_key()
# Earlier keys, comma-separated, after a rotation: sessions and reset links signed with
# them stay valid, and the processing log still finds entries hashed with them.
SECRET_KEY_FALLBACKS = [
    key.strip() for key in env_secret("SECRET_KEY_FALLBACKS").split(",") if key.strip()
]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # For the API documentation page: its Swagger UI template and the scripts and styles
    # it loads from our own static files (the CSP forbids a CDN).
    "ninja",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kundcenter.accounts",
    "kundcenter.tickets",
    "kundcenter.sla",
    "kundcenter.api",
    "kundcenter.outbox",
    "kundcenter.mail",
    "kundcenter.notices",
    "kundcenter.webhooks",
    "kundcenter.knowledge",
    "kundcenter.academy",
    "kundcenter.catalog",
    "kundcenter.privacy",
    "kundcenter.reports",
    "kundcenter.ops",
    "kundcenter.demo",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (kundcenter.ops.logs).
    "kundcenter.ops.logs.RequestIdMiddleware",
    # Request latency for /metrics; removes itself unless METRICS_ENABLED.
    "kundcenter.ops.metrics.MetricsMiddleware",
    # What can wait (delivering the outbox) runs after the response has been sent.
    "kundcenter.lib.after_response.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A logged-in session is saved (its idle period started again) at most every
    # SESSION_REFRESH_SECONDS, not at every request.
    "kundcenter.accounts.middleware.SessionRefreshMiddleware",
    # A logged-in person's @cached_page answered again while nothing it shows changed
    # (kundcenter.lib.page_cache); after the refresh, before everything a page renders.
    "kundcenter.lib.page_cache.PageCacheMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API's 405 as a problem document like its other errors.
    "kundcenter.api.problems.MethodNotAllowedMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user as verified when the session passed the second factor (django-otp's
    # OTPMiddleware, checked once per session refresh instead of at every request).
    "kundcenter.accounts.middleware.CachedOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After OTPMiddleware and HtmxMiddleware: a session still owing its second factor
    # reaches only the verification or set-up page (kundcenter.accounts.two_factor).
    "kundcenter.accounts.middleware.TwoFactorMiddleware",
    "kundcenter.accounts.middleware.StaffSessionMiddleware",
    "kundcenter.privacy.middleware.ProcessingLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kundcenter.urls"
WSGI_APPLICATION = "kundcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kundcenter" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kundcenter.accounts.context_processors.site",
                "kundcenter.sla.context_processors.support_hours",
            ],
        },
    },
]

# Django's renderer, with the plainest widgets written in Python (same HTML, less work).
FORM_RENDERER = "kundcenter.lib.forms.FastWidgetRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kundcenter.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend plus PRAGMA optimize before a connection closes, as SQLite
    # recommends (kundcenter/lib/sqlite3/base.py).
    DATABASES["default"]["ENGINE"] = "kundcenter.lib.sqlite3"
    # Tests use an in-memory database, as with Django's own engine name (pytest-django
    # recognises only that name and would otherwise name a file per xdist worker).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    # WAL and a busy timeout let the dev server, a worker and a seeding command share
    # one file without "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# Prepared statements on PostgreSQL (psycopg's automatic preparing, which needs server-side
# binding): a statement a connection runs more than DATABASE_PREPARE_THRESHOLD times is
# parsed and, after PostgreSQL's five trial plans, planned once for the connection's life.
# Planning the ticket page's ten-table read cost more than running it. With
# DATABASE_CONN_MAX_AGE 0 a connection rarely lives long enough to use them; "off" for a
# transaction-pooling PgBouncer older than 1.21.
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and env_str("DATABASE_PREPARE_THRESHOLD").strip().lower() != "off"
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=env_int("DATABASE_PREPARE_THRESHOLD", 2),
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2 for new and changed passwords; the others only verify (and upgrade) old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user of each request by a prepared statement.
    "kundcenter.accounts.sessions.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kundcenter" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise looks for STATIC_ROOT at start-up; before any collectstatic it is empty.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "kundcenter" / "static"]
WHITENOISE_USE_FINDERS = True
# Uploaded files: on this host's disk (MEDIA_ROOT), or with MEDIA_STORAGE=s3 in an
# S3-compatible bucket (AWS S3, MinIO, Ceph, Scaleway …) through django-storages, so any
# number of web hosts and workers share them. Either way they are served only through
# the access-checked views, never by a public URL from the bucket.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_secret("S3_ACCESS_KEY_ID"),
            "secret_key": env_secret("S3_SECRET_ACCESS_KEY"),
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    _MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, got {MEDIA_STORAGE!r}")
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {"BACKEND": "kundcenter.ops.storage.StaticFiles"},
}

# Uploaded files are never served as public static URLs: attachment views stream them
# after an access check.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_FILES = env_int("ATTACHMENT_MAX_FILES", 5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Mail
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kundcenter <support@kundcenter.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REDIS_URL = env_str("REDIS_URL")

# The vendor: names and contact details are settings, not code.
VENDOR_NAME = env_str("VENDOR_NAME", "Exempel Software AB")
VENDOR_SUPPORT_EMAIL = env_str("VENDOR_SUPPORT_EMAIL", "support@kundcenter.example")
VENDOR_SUPPORT_PHONE = env_str("VENDOR_SUPPORT_PHONE", "08-123 456 00")
VENDOR_BILLING_EMAIL = env_str("VENDOR_BILLING_EMAIL", "ekonomi@kundcenter.example")

# Inbound e-mail (kundcenter.mail): the IMAP mailbox the poller reads, and our own
# address (mail from it is never answered, so two systems cannot loop).
IMAP_HOST = env_str("IMAP_HOST")
IMAP_PORT = env_int("IMAP_PORT", 0)  # 0: the default port of IMAP_SECURITY (993 or 143)
IMAP_USER = env_str("IMAP_USER")
IMAP_PASSWORD = env_secret("IMAP_PASSWORD")
IMAP_SECURITY = env_str("IMAP_SECURITY", "ssl")  # ssl | starttls | none
IMAP_FOLDER = env_str("IMAP_FOLDER", "INBOX")
IMAP_PROCESSED_FOLDER = env_str("IMAP_PROCESSED_FOLDER")  # empty: flag, do not move
SUPPORT_ADDRESS = env_str("SUPPORT_ADDRESS", VENDOR_SUPPORT_EMAIL)
MAIL_REFUSAL_INTERVAL_HOURS = env_int("MAIL_REFUSAL_INTERVAL_HOURS", 24)
# On: mail acts as a registered person only if our mail server's Authentication-Results
# header shows DMARC, or SPF or DKIM aligned with the sender's domain, passing. Set
# MAIL_AUTHSERV_ID to the id our server writes in that header so that no other counts.
MAIL_REQUIRE_AUTHENTICATION = env_bool("MAIL_REQUIRE_AUTHENTICATION", False)
MAIL_AUTHSERV_ID = env_str("MAIL_AUTHSERV_ID")
# The HTTP mail gate (kundcenter.mail.gate): the MTA's client, contrib/kundcenter-mailgate,
# posts each message with this bearer token. Empty: the gate is off (it answers 404).
MAIL_GATE_TOKEN = env_secret("MAIL_GATE_TOKEN")
# The largest message the gate takes; read as a stream, so Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE (for forms) does not apply. Keep it at or above the MTA's
# message_size_limit, or the MTA accepts mail that the gate then bounces.
MAIL_GATE_MAX_BYTES = env_int("MAIL_GATE_MAX_BYTES", 35 * 1024 * 1024)

# Sessions and cookies
# Django's database sessions, read by a prepared statement (kundcenter.accounts.sessions).
SESSION_ENGINE = "kundcenter.accounts.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Staff can open every customer's data: their sessions end sooner when idle.
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 2 * 60 * 60)
# A read saves nothing: a logged-in session starts its idle period again at most this often
# (kundcenter.accounts.middleware.SessionRefreshMiddleware), and the second factor is
# checked again as often.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 5 * 60)
# Kept pages (kundcenter.lib.page_cache): a logged-in person's page marked @cached_page is
# answered again from this process's memory while its session and the data are unchanged,
# for at most this many seconds (what changes with the clock alone, such as "support open
# now", shows within it); 0 switches it off. At most PAGE_CACHE_ENTRIES pages per process.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30)
PAGE_CACHE_ENTRIES = env_int("PAGE_CACHE_ENTRIES", 1000)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The language cookie (set by the language switch) is as well kept as the session's:
# https only in production, out of reach of scripts, not sent by other sites' requests.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Marks the header as fit for the browsers' preload lists; being listed still takes a
# submission by the vendor. `check --deploy` asks for it and for the subdomains flag.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Usually a proxy in front terminates TLS and redirects http to https itself; Django then
# must not redirect too (it cannot see https without SECURE_PROXY_SSL_HEADER), so its
# deployment warning about the redirect is silenced unless the redirect is switched on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
# Only behind a proxy that sets this header (and strips it from clients), e.g.
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO: then requests count as https.
if env_str("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (env_str("SECURE_PROXY_SSL_HEADER"), "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp): only our own scripts, styles and files. Inline
# <script> and event-handler attributes are refused (kundcenter.js does that work); style
# attributes are allowed (templates use a few for layout) but <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one address from
# one IP address, that pair is locked out for AXES_COOLOFF_HOURS, even with the right
# password. A successful login clears the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(hours=float(env_str("AXES_COOLOFF_HOURS", "0.5") or 0.5))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kundcenter.accounts.security.lockout_response"
AXES_USERNAME_CALLABLE = "kundcenter.accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "kundcenter.lib.ratelimit.client_ip"
AXES_VERBOSE = False

# Two-factor authentication (django-otp): a TOTP app, with one-time backup codes. Staff
# must use it; customers may switch it on (kundcenter.accounts.two_factor).
OTP_TOTP_ISSUER = f"{VENDOR_NAME} Kundcenter"
# Keep the drift of a phone's clock (last_t also keeps a used code from working again).
OTP_TOTP_SYNC = True
# After n wrong codes in a row the next try waits 2^(n-1) seconds (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The device admin shows no secret keys or QR codes of existing devices.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Rate limits (kundcenter.lib.ratelimit) on registration, password reset, login and the
# ticket form. They count in Django's cache: in Redis (CACHE_URL, by default REDIS_URL)
# so every server process counts together; without Redis in this process's memory (the
# embedded default serves from one process).
CACHE_URL = env_str("CACHE_URL", "" if TESTING else REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "kundcenter",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
# API calls each token may make per minute (kundcenter.api.auth); more get 429 with
# Retry-After. Counted in the same cache as the rate limits above. 0 switches it off
# (the default in tests, which switch it on themselves).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 0 if TESTING else 120)
# How long the first answer to a create with an Idempotency-Key is kept (hours).
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24)
# The request header (META name) holding the client's address when a proxy sits in front,
# e.g. HTTP_X_REAL_IP; empty: the connection's address (REMOTE_ADDR).
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")

TICKETS_PER_PAGE = env_int("TICKETS_PER_PAGE", 25)
# Collision warning on the agent ticket page: the page polls this often, and a colleague
# counts as present for this long after their last poll.
PRESENCE_POLL_SECONDS = env_int("PRESENCE_POLL_SECONDS", 12)
PRESENCE_STALE_SECONDS = env_int("PRESENCE_STALE_SECONDS", 40)
PRESENCE_CLEANUP_INTERVAL_SECONDS = env_int("PRESENCE_CLEANUP_INTERVAL_SECONDS", 3600)
# The manager's overview lists tickets whose next deadline falls within this many business
# hours (1–40; the page's ?hours= overrides it).
DASHBOARD_DUE_SOON_HOURS = env_int("DASHBOARD_DUE_SOON_HOURS", 4)
# A customer's reply within this many days of closing reopens the ticket (0: never).
TICKET_REOPEN_DAYS = env_int("TICKET_REOPEN_DAYS", 14)
# The customer-satisfaction survey of a resolved ticket can be answered this long.
SURVEY_LINK_DAYS = env_int("SURVEY_LINK_DAYS", 30)

# While a customer is overdue, may its SuperUsers still register a level 1 software bug
# (service cannot start)? DOMAIN.md leaves it to the vendor; off unless switched on.
OVERDUE_ALLOWS_LEVEL1_BUGS = env_bool("OVERDUE_ALLOWS_LEVEL1_BUGS", False)

# Logs: time, level, logger and request id on every line (kundcenter.ops.logs); one JSON
# object per line with LOG_FORMAT=json. A worker (`celery … worker`) logs every finished
# task; the embedded run does not (one line per task would drown its console).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
_IS_WORKER = "worker" in sys.argv[1:4]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kundcenter.ops.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "kundcenter.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "celery.app.trace": {
            "level": env_str("CELERY_TASK_LOG_LEVEL", "INFO" if _IS_WORKER else "WARNING")
        },
    },
}
# Celery keeps Django's logging set-up (its own would drop the request-id format).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Prometheus metrics at /metrics (kundcenter.ops.metrics): off unless switched on; with a
# token the scraper must send it as a bearer token.
METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
METRICS_TOKEN = env_secret("METRICS_TOKEN")

# Error reports to Sentry (or a Sentry-compatible service such as GlitchTip): off unless
# SENTRY_DSN is set. No personal data is sent (send_default_pii off: no user, cookies,
# IP address or request body), since the reports leave the vendor's systems.
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN and not TESTING:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )

# The health endpoint (/health/, kundcenter.ops.health) fails when the oldest outbox row
# has waited this long, or the SLA sweep last finished this long ago.
HEALTH_OUTBOX_MAX_AGE_SECONDS = env_int("HEALTH_OUTBOX_MAX_AGE_SECONDS", 900)
HEALTH_SWEEP_MAX_AGE_SECONDS = env_int(
    "HEALTH_SWEEP_MAX_AGE_SECONDS", max(600, 5 * env_int("SLA_SWEEP_INTERVAL_SECONDS", 60))
)

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests that are about lockout and rate limits switch these on themselves
    # (tests/security_login); elsewhere logins and posts must never be refused for volume.
    AXES_ENABLED = False
    RATELIMIT_ENABLED = False
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "test-media")))
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

# --- Background tasks and notification e-mail -------------------------------------------
# With REDIS_URL, tasks go through Redis to workers (`celery -A kundcenter worker`) and one
# beat process runs the periodic jobs (`celery -A kundcenter beat`). Without it (the
# embedded default) every task runs in-process when it is queued, and
# `manage.py run_scheduler` runs the periodic jobs. Tests always run tasks in-process;
# tests/tasks starts a real worker itself.
_TASK_BROKER = "" if TESTING else REDIS_URL
CELERY_BROKER_URL = _TASK_BROKER or "memory://localhost/"
CELERY_RESULT_BACKEND = _TASK_BROKER or None
CELERY_TASK_ALWAYS_EAGER = not _TASK_BROKER
# A failing task is an error in tests; a running site logs it and carries on.
CELERY_TASK_EAGER_PROPAGATES = TESTING
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = TIME_ZONE
# A worker that dies while sending hands the mail back to the queue instead of losing it.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request hands its outbox rows to the broker after commit; with Redis down it must not
# wait for it (the rows are stored, and the periodic job delivers them later).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 10}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Beat (`celery -A kundcenter beat`) remembers the last runs here, not in the working directory.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
SLA_SWEEP_INTERVAL_SECONDS = env_int("SLA_SWEEP_INTERVAL_SECONDS", 60)
# How often the specialists of a team without mail per new ticket (Team.new_ticket_mail)
# get the digest of the tickets registered for it since the last one.
TEAM_DIGEST_INTERVAL_SECONDS = env_int("TEAM_DIGEST_INTERVAL_SECONDS", 60 * 60)
IMAP_POLL_INTERVAL_SECONDS = env_int("IMAP_POLL_INTERVAL_SECONDS", 60)

# Seconds before a silent mail server counts as failed (and the send is retried).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# The outbox (kundcenter.outbox): what a change causes outside its transaction (mail, later
# webhooks) is recorded with it and delivered after commit. The job deliver_outbox, run
# this often, delivers whatever is still waiting (the broker was down, a worker died) and
# what failed, with back-off, for OUTBOX_GIVE_UP_HOURS; given up, a row is listed for staff
# for OUTBOX_KEEP_DAYS, then deleted. A delivery holds its row for OUTBOX_LEASE_SECONDS:
# longer than any delivery takes (a mail server's timeouts), or a slow one could run twice.
OUTBOX_INTERVAL_SECONDS = env_int("OUTBOX_INTERVAL_SECONDS", 30)
OUTBOX_GIVE_UP_HOURS = env_int("OUTBOX_GIVE_UP_HOURS", 48)
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 30)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", max(300, 4 * EMAIL_TIMEOUT))
# Record no consequences at all in this process (benchmark servers set it; load_demo and
# seed_bench suppress their own recording).
OUTBOX_SUPPRESSED = env_bool("OUTBOX_SUPPRESSED", False)
# Record as usual but park the rows, so only this process delivers them, in-process with
# its own mail backend (the servers bench_mail starts, to measure what recording costs).
OUTBOX_KEPT_LOCAL = env_bool("OUTBOX_KEPT_LOCAL", False)
# A bug in a channel (not a mail server failing) fails the test that caused it.
OUTBOX_PROPAGATE_ERRORS = TESTING
# Webhooks (kundcenter.webhooks): seconds before a silent receiver counts as failed (the
# delivery is tried again with the outbox's back-off); an endpoint whose last
# WEBHOOK_PAUSE_AFTER_FAILURES attempts all failed, over at least WEBHOOK_PAUSE_AFTER_HOURS,
# is paused and its owner told. Customers' endpoints may not resolve to loopback, private
# or link-local addresses unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES (tests, a closed network).
# Deliveries (with their bodies, which hold personal data) are deleted after
# WEBHOOK_KEEP_DAYS by the periodic job forget_webhook_deliveries.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
WEBHOOK_PAUSE_AFTER_FAILURES = env_int("WEBHOOK_PAUSE_AFTER_FAILURES", 15)
WEBHOOK_PAUSE_AFTER_HOURS = env_int("WEBHOOK_PAUSE_AFTER_HOURS", 24)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOK_KEEP_DAYS = env_int("WEBHOOK_KEEP_DAYS", 30)
WEBHOOK_CLEANUP_INTERVAL_SECONDS = env_int("WEBHOOK_CLEANUP_INTERVAL_SECONDS", 24 * 60 * 60)
# Our Message-IDs end in this domain, so replies to our mail can be recognised.
EMAIL_MESSAGE_ID_DOMAIN = env_str(
    "EMAIL_MESSAGE_ID_DOMAIN", VENDOR_SUPPORT_EMAIL.rpartition("@")[2] or "kundcenter.example"
)
# SuperUsers are told this many minutes before a support access grant ends.
GRANT_EXPIRY_WARNING_MINUTES = env_int("GRANT_EXPIRY_WARNING_MINUTES", 60)
# Registering mails a confirmation link that works this many days; accounts not confirmed
# by then are deleted by the periodic job delete_unconfirmed_accounts, run this often.
REGISTRATION_CONFIRMATION_DAYS = env_int("REGISTRATION_CONFIRMATION_DAYS", 3)
ACCOUNT_CLEANUP_INTERVAL_SECONDS = env_int("ACCOUNT_CLEANUP_INTERVAL_SECONDS", 3600)
# Expired sessions are deleted by the periodic job clear_expired_sessions, run this often
# (a session can hold personal data, such as the address a registration was sent to).
SESSION_CLEANUP_INTERVAL_SECONDS = env_int("SESSION_CLEANUP_INTERVAL_SECONDS", 3600)
# At most this many registration and password-reset mails go to one address a day (the
# rest are dropped without a word: the answer on the page is the same either way).
ACCOUNT_MAILS_PER_ADDRESS_PER_DAY = env_int("ACCOUNT_MAILS_PER_ADDRESS_PER_DAY", 5)

# Data-subject rights: how long billing records (time entries, accepted cost proposals)
# keep their content after a person is erased (bokföringslagen: 7 years).
PRIVACY_BOOKKEEPING_YEARS = env_int("PRIVACY_BOOKKEEPING_YEARS", 7)
# The processing log stores a person without an account as an HMAC of their e-mail
# address, keyed from SECRET_KEY and this salt (kundcenter.privacy.log.address_key).
# Changing it makes older entries unfindable by address.
# Processing-log entries older than this are deleted by the periodic job
# purge_processing_log, run this often (kundcenter/privacy/retention.py gives the legal
# reasoning for three years). 0: keep the log for ever.
PRIVACY_LOG_RETENTION_DAYS = env_int("PRIVACY_LOG_RETENTION_DAYS", 3 * 365)
PRIVACY_LOG_PURGE_INTERVAL_SECONDS = env_int("PRIVACY_LOG_PURGE_INTERVAL_SECONDS", 24 * 60 * 60)
# Searches that found nothing (knowledge.UnansweredSearch) not searched again for this many
# days are deleted by the periodic job purge_unanswered_searches (0: kept for ever): the
# words are kept without who searched, but a customer may still have typed a name.
UNANSWERED_SEARCH_RETENTION_DAYS = env_int("UNANSWERED_SEARCH_RETENTION_DAYS", 180)
UNANSWERED_SEARCH_PURGE_INTERVAL_SECONDS = env_int(
    "UNANSWERED_SEARCH_PURGE_INTERVAL_SECONDS", 24 * 60 * 60
)
PRIVACY_LOG_KEY_SALT = env_str("PRIVACY_LOG_KEY_SALT", "kundcenter.privacy.log.subject")
