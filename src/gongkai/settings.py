"""Django settings for gongkai.

Every deployment knob is an environment variable named ``GONGKAI_*`` (see README, "Configuration").
Per-agency policy (contact details, templates, the holiday calendar) lives in the database instead.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets ModelAdmin[Model], QuerySet[Model] etc. be subscripted at run time, as the type hints do.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR") or Path.cwd() / "var").resolve()

DEBUG = _env_bool("GONGKAI_DEBUG", False)

_secret = os.environ.get("GONGKAI_SECRET_KEY", "")
if not _secret:
    if not DEBUG and os.environ.get("GONGKAI_REQUIRE_SECRET") == "1":
        raise ImproperlyConfigured("GONGKAI_SECRET_KEY must be set in production")
    # A stable per-installation key, generated once into the data directory by `gongkai init` or
    # `gongkai demo` (gongkai.core.install.data_dir_create), so that sessions survive restarts of a demo or
    # development install without anybody having to invent a secret. Settings never write anything: a
    # command run elsewhere (say with the current directory /, whose ./var exists) leaves no stray file.
    _key_file = DATA_DIR / "secret_key"
    if _key_file.exists():
        _secret = _key_file.read_text(encoding="utf-8").strip()
    else:  # before `gongkai init`: a key for this process only (init keeps the one it runs with)
        from django.core.management.utils import get_random_secret_key

        _secret = get_random_secret_key()
SECRET_KEY = _secret

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GONGKAI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "treebeard",
    "ninja",
    "axes",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "gongkai.core",
    "gongkai.orgs",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.publications",
    "gongkai.reports",
    "gongkai.gazette",
    "gongkai.supervision",
    "gongkai.search",
    "gongkai.pages",
    "gongkai.api",
    "gongkai.jobs",
    "gongkai.demo",
    "gongkai.portal",
]

MIDDLEWARE = [
    # Outermost, so that it sees the final response (cookies included): saves anonymous public pages for
    # the page cache (gongkai.portal.page_http; served before Django by the WSGI wrapper in gongkai.wsgi).
    "gongkai.portal.page_http.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view reads the body: 413 for oversized requests; no-store and session lifetimes.
    "gongkai.portal.security.RequestSizeLimitMiddleware",
    "gongkai.portal.security.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns django-ratelimit's Ratelimited exception into the Chinese 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: refuses credentials from a locked-out account or address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gongkai.portal.context.site",
            ],
        },
    },
]


def _database_config() -> dict[str, object]:
    url = os.environ.get("GONGKAI_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Persistent connections: opening one and running the PRAGMAs cost more than a page's queries.
        config["CONN_MAX_AGE"] = 600
        config["OPTIONS"] = {
            # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN so
            # concurrent writers queue (busy timeout) instead of failing with "database is locked".
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=20000; PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["TEST"] = {"NAME": os.environ.get("GONGKAI_TEST_SQLITE_NAME") or None}
    return config


DATABASES = {"default": _database_config()}

# One cache shared by every web process and the worker (rate-limit counters, later cached pages): the
# database cache needs no extra service (`gongkai init` and the test runner create its table).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gongkai_cache",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
    },
    # Rate-limit counters (django-ratelimit): one SQLite file per host (diskcache), shared by every web
    # worker and thread there, incremented atomically in about 50 µs instead of a read and a write in the
    # main database on every limited request. GONGKAI_RATE_CACHE=database keeps them in the database cache
    # instead, for several web hosts behind one address that must share one count.
    "counters": {
        "BACKEND": "gongkai.core.rate_cache.CounterCache",
        "LOCATION": str(DATA_DIR / "counters"),
        "TIMEOUT": 3600,
        "OPTIONS": {"size_limit": 2**28, "sqlite_synchronous": 0},
    },
}
# The site's fixed chrome (navigation, footer) rendered once per process and language: the {% cache %}
# fragments of portal/base.html. It holds only settings and translations, which change with a restart.
CACHES["chrome"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chrome"}
RATELIMIT_USE_CACHE = "default" if os.environ.get("GONGKAI_RATE_CACHE") == "database" else "counters"

# Background work (django-tasks with its database backend): the outbox, reminders, erasure, report
# builds are tasks with retries; `gongkai worker` runs them and `gongkai serve` supervises it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The page cache (docs/deploy.md, "Page cache"): anonymous public pages saved as files under
# GONGKAI_PAGE_CACHE_DIR (default DATA_DIR/pages), served by `gongkai serve` before Django and by nginx in
# the production recipe; dropped after each change by the outbox.
GONGKAI_PAGE_CACHE = _env_bool("GONGKAI_PAGE_CACHE", True)
GONGKAI_PAGE_CACHE_DIR = os.environ.get("GONGKAI_PAGE_CACHE_DIR", "")
# How often the worker enqueues the deadline-reminder sweep and the retention erasure (seconds).
GONGKAI_WORKER_SWEEP_SECONDS = int(os.environ.get("GONGKAI_WORKER_SWEEP_SECONDS", "600"))


def _email_config(url: str) -> dict[str, object]:
    """``GONGKAI_EMAIL_URL``: ``smtp://user:password@host:port`` (``smtp+tls://`` for STARTTLS,
    ``smtps://`` for implicit TLS). Unset: no mail is sent, reminders show in the inbox only."""
    from urllib.parse import unquote, urlsplit

    if not url:
        dummy = "django.core.mail.backends.dummy.EmailBackend"
        return {"EMAIL_BACKEND": dummy, "GONGKAI_MAIL_ENABLED": False}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured("GONGKAI_EMAIL_URL must look like smtp://user:password@host:port")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_TIMEOUT": 20,
        "GONGKAI_MAIL_ENABLED": True,
    }


_email = _email_config(os.environ.get("GONGKAI_EMAIL_URL", ""))
EMAIL_BACKEND = str(_email["EMAIL_BACKEND"])
EMAIL_HOST = str(_email.get("EMAIL_HOST", "localhost"))
EMAIL_PORT = int(_email.get("EMAIL_PORT", 25))  # type: ignore[call-overload]
EMAIL_HOST_USER = str(_email.get("EMAIL_HOST_USER", ""))
EMAIL_HOST_PASSWORD = str(_email.get("EMAIL_HOST_PASSWORD", ""))
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = 20
GONGKAI_MAIL_ENABLED = bool(_email["GONGKAI_MAIL_ENABLED"])
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "noreply@localhost")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("GONGKAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:staff_home"
LOGOUT_REDIRECT_URL = "portal:home"

# ---------------------------------------------------------------- security (README, "Deployment")
# GONGKAI_HTTPS=1: the site is served over HTTPS by a reverse proxy that terminates TLS and sets
# X-Forwarded-Proto (and overwrites any X-Forwarded-For/-Proto the client sent). Turns on HSTS, secure
# cookies, the redirect to https and trusts the proxy's headers for the scheme and the client address.
GONGKAI_HTTPS = _env_bool("GONGKAI_HTTPS", False)
# Reverse proxies in front of the application: the client address is the entry that many places from the
# right of X-Forwarded-For (the rate limits and the login lockout count per address). 0 = REMOTE_ADDR.
GONGKAI_PROXY_COUNT = int(os.environ.get("GONGKAI_PROXY_COUNT", "1" if GONGKAI_HTTPS else "0"))
if GONGKAI_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]  # the local health probe speaks plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("GONGKAI_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "gongkai.portal.errors.csrf_failure"  # a Chinese 403 in the portal's layout
# Staff sessions last a working day; anonymous sessions (the tracker's list, the receipt's query code)
# expire soon after their last change (gongkai.portal.security.SessionPolicyMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_HOURS", "8")) * 3600
GONGKAI_ANONYMOUS_SESSION_SECONDS = int(os.environ.get("GONGKAI_ANONYMOUS_SESSION_MINUTES", "30")) * 60

# Content-Security-Policy (django-csp 4): scripts and styles only from our own static files, no inline
# script or style, nothing framed, forms post only to us. data: images for the API docs' icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login lockout (django-axes): after this many failed logins for one username from one address, that
# pair is locked for the cool-off period; every attempt during the lockout extends it. Audited once.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GONGKAI_AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai.portal.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "gongkai.core.net.client_address"
AXES_CLIENT_STR_CALLABLE = "gongkai.portal.security.lockout_log_label"  # no usernames or addresses in logs
AXES_VERBOSE = False

# Rate limits per client address (django-ratelimit), "count/period" with period s, m, h or d. The
# counters live in the shared database cache: under races a count may be off by a few, which is fine for
# a limit (it is not an accounting). Over the limit: the Chinese 429 page.
GONGKAI_RATE_TRACK = os.environ.get("GONGKAI_RATE_TRACK", "30/h")  # tracker queries (POST)
GONGKAI_RATE_APPLY = os.environ.get("GONGKAI_RATE_APPLY", "20/h")  # accepted applications per address
GONGKAI_RATE_APPLY_ATTEMPTS = os.environ.get(
    "GONGKAI_RATE_APPLY_ATTEMPTS", "120/h"
)  # form posts, any outcome
GONGKAI_RATE_SEARCH = os.environ.get("GONGKAI_RATE_SEARCH", "600/h")  # search result pages
GONGKAI_RATE_SUGGEST = os.environ.get("GONGKAI_RATE_SUGGEST", "1800/h")  # search-as-you-type suggestions
GONGKAI_RATE_LOGIN = os.environ.get("GONGKAI_RATE_LOGIN", "100/h")  # login attempts, any username
# The API (JSON 429 with Retry-After): every operation per client address, staff operations per token too.
GONGKAI_RATE_API = os.environ.get("GONGKAI_RATE_API", "300/m")
GONGKAI_RATE_API_TOKEN = os.environ.get("GONGKAI_RATE_API_TOKEN", "600/m")
RATELIMIT_IP_META_KEY = "gongkai.core.net.client_address"
RATELIMIT_VIEW = "gongkai.portal.security.too_many_requests"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit knows only memcached/redis as atomic; the database cache's increment is a read and
    # a write, so concurrent requests may undercount by a few. Acceptable for a limit, and it needs no
    # extra service. Only these two check ids are silenced.
    "django_ratelimit.E003",
    "django_ratelimit.W001",
]
if GONGKAI_HTTPS and not SECURE_HSTS_PRELOAD:
    # Preloading is a commitment the operator makes by submitting the domain to browsers' lists (hard to
    # undo for a whole government domain), so it stays opt-in: GONGKAI_HSTS_PRELOAD=1.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Site identity shown in the portal header and in the government-site meta tags
# (../shared/spec/DOCUMENTS.md §3.3). The 网站标识码 is issued per site and is configuration.
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "")  # default: "{province}政府信息公开平台"
GONGKAI_SITE_ID_CODE = os.environ.get("GONGKAI_SITE_ID_CODE", "0000000000")  # placeholder: see below
# The footer every 政府网站 carries (国办发〔2017〕47号; 国办秘函〔2019〕19号 checks 网站标识 under 功能设计):
# 主办单位, 承办单位, 联系我们, 网站地图, 网站标识码, ICP备案号 and 公安机关备案号. Empty 主办单位 means
# "{province}人民政府办公厅" and empty 承办单位 the 主办单位. The filing numbers are issued to each site:
# the defaults are the demo's placeholders (all zeros), which a deployment replaces with its own.
GONGKAI_SITE_SPONSOR = os.environ.get("GONGKAI_SITE_SPONSOR", "")
GONGKAI_SITE_OPERATOR = os.environ.get("GONGKAI_SITE_OPERATOR", "")
GONGKAI_SITE_CONTACT_EMAIL = os.environ.get("GONGKAI_SITE_CONTACT_EMAIL", "")
GONGKAI_SITE_CONTACT_PHONE = os.environ.get("GONGKAI_SITE_CONTACT_PHONE", "")
GONGKAI_SITE_CONTACT_ADDRESS = os.environ.get("GONGKAI_SITE_CONTACT_ADDRESS", "")
GONGKAI_SITE_ICP = os.environ.get("GONGKAI_SITE_ICP", "")  # unset: 粤ICP备00000000号 (the province's 简称)
GONGKAI_SITE_PSB = os.environ.get("GONGKAI_SITE_PSB", "")  # unset: 粤公网安备00000000000000号

# Whether the 20-working-day fee payment window stops the reply clock: not settled by any text we have
# (国办函〔2020〕109号 beyond 第五条 is [UNCONFIRMED], REGULATIONS.md §3), so it is a setting.
# The clock of record: "today" for every legal date (gongkai.core.clock). Empty = the real local date; the
# demo pins it to a day inside its data (GONGKAI_TODAY=2021-03-15) and tests pin it with time-machine.
# `gongkai demo` writes its day to DATA_DIR/today so that every process serving the demo (web, workers,
# a later `gongkai serve`) agrees; the environment variable wins over the file.
GONGKAI_TODAY = os.environ.get("GONGKAI_TODAY", "").strip() or (
    (DATA_DIR / "today").read_text(encoding="utf-8").strip() if (DATA_DIR / "today").is_file() else ""
)
# 国办函〔2020〕109号 commencement ([UNCONFIRMED] in the spec, REGULATIONS.md §3): no fee before it.
GONGKAI_FEE_COMMENCEMENT = os.environ.get("GONGKAI_FEE_COMMENCEMENT", "2021-01-01")
GONGKAI_FEE_WINDOW_PAUSES_CLOCK = _env_bool("GONGKAI_FEE_WINDOW_PAUSES_CLOCK", True)
# 第三十条 asks for a 合理的补正期限 without a number: the shortest one the platform accepts, in working days.
# 10 is [UNCONFIRMED] local practice (no national text fixes it), hence a setting.
GONGKAI_CORRECTION_MIN_WORKING_DAYS = int(os.environ.get("GONGKAI_CORRECTION_MIN_WORKING_DAYS", "10"))
# 第三十五条 lets the agency ask the applicant for reasons without fixing a time to answer: the 说明理由告知书
# asks for them within this many working days of its date. 15 is [UNCONFIRMED] local practice: a setting.
GONGKAI_REASONS_REPLY_WORKING_DAYS = int(os.environ.get("GONGKAI_REASONS_REPLY_WORKING_DAYS", "15"))
# Annual-report deadlines the spec leaves open (街道; 本政府机关's own report; provincial rules), as
# key=MM-DD pairs over the defaults of REGULATIONS.md §2.3: see gongkai.reports.schedule.
GONGKAI_REPORT_DUE = os.environ.get("GONGKAI_REPORT_DUE", "")

# How long applicants' personal data is kept after a case is finished (years). The retention period of
# 依申请公开 case files is set by archive rules, not by the 条例: [UNCONFIRMED] here, so a setting.
GONGKAI_PERSONAL_DATA_RETENTION_YEARS = int(os.environ.get("GONGKAI_PERSONAL_DATA_RETENTION_YEARS", "5"))
# The secret key of the applicant identity keys (HMAC of the ID number or credit code, used to count
# applications per applicant and month; all that remains of the identity after erasure). Empty: derived
# from SECRET_KEY. Set it (and keep it) in production: changing it splits every applicant's count.
GONGKAI_IDENTITY_PEPPER = os.environ.get("GONGKAI_IDENTITY_PEPPER", "")

# Applicants' attachments (scans of ID documents, letters): per-file size and count limits.
GONGKAI_ATTACHMENT_MAX_MB = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_MB", "10"))
GONGKAI_ATTACHMENT_MAX_FILES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_FILES", "5"))
# Request bodies: a request announcing a larger body than this is refused with 413 before any of it is
# read (gongkai.portal.security.RequestSizeLimitMiddleware). The public default fits the attachments
# above plus the form; signed-in staff upload publication attachments (50 MB each) and get more.
# Non-file fields are capped by Django; files above 2.5 MB are spooled to disk, not held in memory.
GONGKAI_MAX_REQUEST_MB = int(
    os.environ.get(
        "GONGKAI_MAX_REQUEST_MB", str(GONGKAI_ATTACHMENT_MAX_MB * GONGKAI_ATTACHMENT_MAX_FILES + 5)
    )
)
GONGKAI_MAX_STAFF_REQUEST_MB = int(os.environ.get("GONGKAI_MAX_STAFF_REQUEST_MB", "200"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors": {"()": "gongkai.core.logs.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client_errors"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task start and finish is noise; `gongkai worker` reports each task in Chinese.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}
