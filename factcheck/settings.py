"""Settings for factcheck, driven by environment variables.

SQLite by default (zero set-up); DATABASE_URL for PostgreSQL; CELERY_BROKER_URL for Redis.
DEBUG=0 switches on production hardening (`manage.py check --deploy` is clean in that mode).
"""

from __future__ import annotations

import ipaddress
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

# Lets the admin and querysets be subscripted with their model types at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off (got {raw!r})")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer (got {raw!r})") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number (got {raw!r})") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    # Development only: a fresh key per process is fine (sessions do not survive a restart).
    SECRET_KEY = "dev-" + get_random_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "axes",
    "csp",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # After CORS, so its 400s carry the CORS headers too.
    "claims.api.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Serves collected static files behind gunicorn (runserver serves them itself in development).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "factcheck.urls"

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
                "claims.public.context.organisation",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 0))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait up to 20 s for another writer instead of failing at once ("database is locked"), and
    # take the write lock when a transaction begins: a transaction that read first and then
    # writes cannot wait for the lock (SQLite refuses at once), so two editors saving the same
    # claim, or two ingests, would fail instead of queueing. PostgreSQL is left as it is.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    # Tests use a file (one per test process), not memory: a Celery worker started by a test
    # must see the test's database.
    DATABASES["default"]["TEST"] = {
        "NAME": env_str("SQLITE_TEST_NAME")
        or str(Path(tempfile.gettempdir()) / f"factcheck-test-{os.getpid()}.sqlite3")
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default random_page_cost (4) prices a page read as if from a spinning disk,
    # so with every page in memory it read all 75k public claims through their status index and
    # tested each one's document instead of asking the search index for a common word's matches
    # ("funding": 45 ms against 14 ms; a lookup's candidates 36 against 12 ms). 1.1 is the usual
    # setting for SSD or cached storage; it is set per connection, so the rest of the server is
    # left alone. PG_RANDOM_PAGE_COST="" keeps the server's own setting.
    _page_cost = os.environ.get("PG_RANDOM_PAGE_COST", "1.1")
    if _page_cost != "":
        _cost = env_float("PG_RANDOM_PAGE_COST", 1.1)
        if not 0 < _cost <= 100:
            raise ImproperlyConfigured(
                f"PG_RANDOM_PAGE_COST must be a number above 0 and at most 100 (got {_page_cost!r})"
            )
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c random_page_cost={_cost:g}".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "factcheck.login_protection.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- factcheck -------------------------------------------------------------------------------
SPACY_MODEL = env_str("SPACY_MODEL")
if SPACY_MODEL:
    os.environ.setdefault("SPACY_MODEL", SPACY_MODEL)
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 5 * 1024 * 1024)
# Processes that parse the pieces of one long text (over 100k characters) at once; 0: the CPUs
# this process may use, at most 4; 1: never fork. Read by claims/extraction/pipeline.py, which has
# no Django: checked here so that a bad value stops the start.
PARSE_PROCESSES = env_int("PARSE_PROCESSES", 0)
# The public address of the site. Unset, links are built from the request being served (and from
# http://127.0.0.1:8000 in commands); set it to the address readers use.
SITE_URL = env_str("SITE_URL").rstrip("/")
PUBLISHER_NAME = env_str("PUBLISHER_NAME", "factcheck desk")
# The organisation's own site; the fact-check site's address when unset.
PUBLISHER_URL = env_str("PUBLISHER_URL")

# --- fetching from the web: `ingest https://...`, "Add by URL" and followed sources ------------
# Every request: this many seconds at most (connect and read together).
FETCH_TIMEOUT_SECONDS = env_float("FETCH_TIMEOUT_SECONDS", 10.0)
# Politeness: at least this many seconds between two requests to one host (or robots.txt's
# Crawl-delay when longer), per process; 0 turns the limit off (benchmarks against 127.0.0.1).
FETCH_HOST_DELAY_SECONDS = env_float("FETCH_HOST_DELAY_SECONDS", 1.0)
# How long a host's robots.txt is remembered.
FETCH_ROBOTS_CACHE_SECONDS = env_int("FETCH_ROBOTS_CACHE_SECONDS", 3600)
# Server-side request forgery: addresses that resolve to private, loopback, link-local, multicast
# or reserved networks are refused, except these networks (comma-separated, e.g. 10.1.0.0/16).
FETCH_ALLOW_PRIVATE_HOSTS = env_list("FETCH_ALLOW_PRIVATE_HOSTS", [])
for _network in FETCH_ALLOW_PRIVATE_HOSTS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"FETCH_ALLOW_PRIVATE_HOSTS: {_network!r} is not an IP address or network (write 10.1.0.0/16)"
        ) from None
if FETCH_TIMEOUT_SECONDS <= 0:
    raise ImproperlyConfigured(f"FETCH_TIMEOUT_SECONDS must be more than 0 (got {FETCH_TIMEOUT_SECONDS})")
if FETCH_HOST_DELAY_SECONDS < 0:
    raise ImproperlyConfigured(f"FETCH_HOST_DELAY_SECONDS must be 0 or more (got {FETCH_HOST_DELAY_SECONDS})")
# Celery beat looks for due followed sources this often (each source has its own interval).
SOURCES_POLL_SECONDS = env_int("SOURCES_POLL_SECONDS", 60)
if SOURCES_POLL_SECONDS < 1:
    raise ImproperlyConfigured(f"SOURCES_POLL_SECONDS must be 1 or more (got {SOURCES_POLL_SECONDS})")

# --- background work ---------------------------------------------------------------------------
# Without a broker, tasks run in-process (the embedded default of `make run`).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One queue name per deployment (tests use their own so they never meet another worker).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "factcheck")
# A message whose worker died unacknowledged goes back to the queue after this many seconds.
# Keep it above the longest task: a slower task would be delivered twice (it is idempotent,
# so that costs only time).
_visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": max(1, min(10, _visibility_timeout // 4)),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# `celery -A factcheck beat` polls the followed sources that are due.
CELERY_BEAT_SCHEDULE = {
    "poll-followed-sources": {
        "task": "claims.tasks.sources_poll_due",
        "schedule": float(SOURCES_POLL_SECONDS),
    }
}

# --- cache -----------------------------------------------------------------------------------
# Public API pages are cached briefly; a shared Redis cache lets every web worker see editors'
# changes at once (CACHE_URL=redis://host:6379/1). Without it, each process keeps its own.
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "factcheck"}
}
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 30)
# How long a list's row count is remembered (emptied, like the cache, by every public change).
API_COUNT_CACHE_SECONDS = env_int("API_COUNT_CACHE_SECONDS", 30)

# --- API -------------------------------------------------------------------------------------
API_NUM_PROXIES = env_int("API_NUM_PROXIES", 0)
if API_NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"API_NUM_PROXIES must be 0 or more (got {API_NUM_PROXIES})")
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The API is public and read-only: a session (staff using the browsable API) is the only sign-in;
    # HTTP Basic is not offered, so a stray Authorization header never turns a public read into a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "120/min")},
    # Proxies in front of the app: the client is the address they add to X-Forwarded-For.
    # With 0 the header is ignored (the connection's address counts), so a client cannot pick
    # a new identity per request; unset, DRF would trust whatever the client sends.
    "NUM_PROXIES": API_NUM_PROXIES,
    # Every error body is a JSON object (DRF gives a list for a bare message).
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    # Page numbers with ?page_size= up to 100; every list has an ordering ending in a unique key.
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.PublicPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # drf-spectacular's, without security: the API is anonymous, so Swagger shows no padlocks.
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.PublicAutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck public API",
    "DESCRIPTION": "Reviewed claims and quotes from the news, with every source they appear in. "
    "Read-only and public: no login or key; only reviewed claims (corroborated, conflicting or "
    "single source) appear.",
    # No security schemes and no top-level requirement (operations have none: PublicAutoSchema).
    "SECURITY": [],
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "SpeakerKindEnum": "claims.models.Speaker.Kind",
        "ClaimStatusEnum": "claims.models.Claim.Status",
    },
}
# Swagger UI and Redoc assets are served from the sidecar package (no CDN needed at run time).
INSTALLED_APPS.append("drf_spectacular_sidecar")
SPECTACULAR_SETTINGS.update(
    {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR"}
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# --- access: admin login lockout, Content-Security-Policy --------------------------------------
# django-axes: after AXES_FAILURE_LIMIT wrong passwords, the address and the user name are both
# refused for AXES_COOLOFF_MINUTES (0: until `manage.py axes_reset`); a failed try during the
# lockout starts it again. Attempts are kept in the database, so every worker sees them.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured(f"AXES_FAILURE_LIMIT must be 1 or more (got {AXES_FAILURE_LIMIT})")
_axes_cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=_axes_cooloff_minutes) if _axes_cooloff_minutes > 0 else None
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# The client's address as the API throttle sees it (API_NUM_PROXIES), not the proxy's.
AXES_CLIENT_IP_CALLABLE = "factcheck.login_protection.client_ip"

# django-csp. Scripts only from this site (Swagger UI's start-up script is a file too:
# claims/api/docs.py), or inline with the request's nonce. Inline styles are allowed: the
# public pages and the admin's own pages carry a <style> block, and Redoc and Swagger UI set
# styles from script. Images may be data: URLs (Swagger UI's icons); Redoc searches in a blob:
# worker. Nothing may frame a page (as X-Frame-Options: DENY).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- production hardening ----------------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
