"""Settings, read from the environment with safe defaults for the embedded (SQLite) mode.

Environment variables:
  OGOP_DATA_DIR     folder for the SQLite database, uploads and the generated secret key (./var)
  DATABASE_URL      e.g. postgres://user@host:5432/ogop; default: SQLite under OGOP_DATA_DIR
  OGOP_POSTGRES_JIT "1" to leave PostgreSQL's JIT compiler on (off by default: see below)
  SECRET_KEY        required in production; the embedded mode generates one under OGOP_DATA_DIR
  DEBUG             "1"/"true" to turn on Django's debug mode (off by default)
  ALLOWED_HOSTS     comma-separated host names (localhost and 127.0.0.1 by default)
  OGOP_TIME_ZONE    the programme's time zone (Asia/Thimphu by default)
  OGOP_HTTPS        "1" when served over HTTPS (behind a TLS proxy): secure cookies, HSTS,
                    redirect to HTTPS (see docs/deploy.md)
  OGOP_MEDIA_ACCEL  "x-accel" or "x-sendfile" to have the web server send uploaded photos
                    once the platform has allowed them (off: the platform sends them)
  OGOP_S3_BUCKET    keep uploaded files in this bucket of an S3-compatible object store instead
                    of under OGOP_DATA_DIR; OGOP_S3_* below the Content-Security-Policy say how
  EMAIL_HOST        the SMTP server that sends mail (password reset links); unset, mail is
                    printed to the server's console instead (the demo)
  EMAIL_PORT        its port (587)
  EMAIL_HOST_USER, EMAIL_HOST_PASSWORD   the account to send with, if the server asks for one
  EMAIL_USE_TLS     "1" (the default) for STARTTLS; EMAIL_USE_SSL "1" for TLS from the start
  DEFAULT_FROM_EMAIL  the sender of the platform's mail (OGOP Platform <noreply@localhost>)
  OGOP_RESET_LIMIT  password reset links one address, or one client, may ask for within
                    OGOP_LOCKOUT_MINUTES (5)
  OGOP_MERCHANT_QR_SCHEME_ID  the merchant QR scheme of the counters of fairs in ngultrum;
                    OGOP_MERCHANT_QR_* below the upload limits say the rest
"""

import datetime as dt
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("OGOP_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "js_lib_htmx",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ogop.core",
    "ogop.places",
    "ogop.accounts",
    "ogop.producers",
    "ogop.products",
    "ogop.rating",
    "ogop.programme",
    "ogop.fairs",
    "ogop.supply",
    "ogop.outlets",
    "ogop.results",
    "ogop.catalog",
    "ogop.reports",
    "ogop.api",
    "ogop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ogop.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Remembers a language chosen by address (?lang=) in the language cookie, kept pages too.
    "ogop.core.middleware.LanguageChoiceMiddleware",
    # Kept catalog pages for visitors without cookies (but the language one), before the
    # middlewares that would give them the same answer each time (catalog.cache).
    "ogop.catalog.cache.KeptPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ogop.core.middleware.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signs out a session idle too long or too old; renews the idle limit of one in use.
    "ogop.accounts.sessions.SessionIdleMiddleware",
    # Sends a person who still owes their second step (a code, or setting it up) to it.
    "ogop.accounts.two_factor.SecondStepMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ogop.core.middleware.ThaiDigitsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as it asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ogop.urls"
WSGI_APPLICATION = "ogop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["ogop.core.templatetags.ogop"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ogop.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a write commits; IMMEDIATE takes the write lock at the start
    # of a transaction, so concurrent writers wait (busy timeout) instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# A cache the server's worker processes share: files under OGOP_DATA_DIR. The public catalog
# keeps its pages there under the catalog's version (catalog.cache), so that a change made
# through one worker shows in all at once. Entries last ten minutes at most.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "TIMEOUT": 10 * 60,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # The versions of what "default" keeps (core.versions): a few entries that never expire,
    # apart so that culling the kept pages cannot retire everything kept under them.
    "versions": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache-versions"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while the account or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "ogop.accounts.backends.PasswordBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are upgraded to Argon2 at the next login.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages of the interface. Django does not know Dzongkha, so it is described here.
LANG_INFO.setdefault("dz", {"bidi": False, "code": "dz", "name": "Dzongkha", "name_local": "རྫོང་ཁ"})
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("th", _("Thai")), ("dz", _("Dzongkha"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A language chosen (the switchers, `?lang=`) is remembered for a year, then Accept-Language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("OGOP_TIME_ZONE", "Asia/Thimphu")

# Content in three languages; a missing Thai or Dzongkha text falls back to English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "th", "dz")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",)}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files from the installed packages even before `collectstatic` has run.
WHITENOISE_USE_FINDERS = True
# Files browsers ask for at the site's root whatever a page links (/favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "core" / "root"
# Uploads go through the platform, which decides who may see each (an unpublished product's
# photos are not public). It sends the bytes itself, or has the web server send them:
# "x-accel" (nginx's X-Accel-Redirect to the internal location below) or "x-sendfile"
# (Apache's mod_xsendfile, lighttpd); see docs/deploy.md.
OGOP_MEDIA_ACCEL = os.environ.get("OGOP_MEDIA_ACCEL", "").strip().lower()
if OGOP_MEDIA_ACCEL in {"off", "0", "no", "false"}:
    OGOP_MEDIA_ACCEL = ""
if OGOP_MEDIA_ACCEL not in {"", "x-accel", "x-sendfile"}:
    raise ImproperlyConfigured(
        f"OGOP_MEDIA_ACCEL must be x-accel, x-sendfile or off, not {OGOP_MEDIA_ACCEL!r}."
    )
OGOP_MEDIA_ACCEL_LOCATION = os.environ.get("OGOP_MEDIA_ACCEL_LOCATION", "/protected-media/")
# Uploaded photos larger than this are refused.
OGOP_MAX_UPLOAD_BYTES = int(os.environ.get("OGOP_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
# Import files larger than this are refused (split them).
OGOP_MAX_IMPORT_BYTES = int(os.environ.get("OGOP_MAX_IMPORT_BYTES", 50 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The payment QR of fairs in ngultrum (BTN) at the counter: an EMVCo merchant-presented QR
# (docs/fairs.md, "Payment by QR"). These are the scheme's, the same for every fair; each fair
# sets its merchant (id, name, city, category) and may set its own scheme id and acquirer.
#   OGOP_MERCHANT_QR_SCHEME_ID       the scheme's globally unique id (sub-tag 00), e.g. its AID
#   OGOP_MERCHANT_QR_ACQUIRER_ID     the acquirer's id ("": none)
#   OGOP_MERCHANT_QR_TAG             the merchant account information's tag, 26 to 51 (26)
#   OGOP_MERCHANT_QR_ACQUIRER_SUBTAG the acquirer id's sub-tag in it (01)
#   OGOP_MERCHANT_QR_MERCHANT_SUBTAG the merchant id's sub-tag in it (02)
# The tags are checked here, the ids by `ogop check` (fairs/checks.py).
OGOP_MERCHANT_QR_SCHEME_ID = os.environ.get("OGOP_MERCHANT_QR_SCHEME_ID", "").strip()
OGOP_MERCHANT_QR_ACQUIRER_ID = os.environ.get("OGOP_MERCHANT_QR_ACQUIRER_ID", "").strip()


def _qr_tag(name: str, default: str, low: int, high: int) -> str:
    value = os.environ.get(name, default).strip()
    if not (len(value) == 2 and value.isdigit() and low <= int(value) <= high):
        raise ImproperlyConfigured(
            f"{name} must be two digits, {low:02d} to {high}: not {value!r}."
        )
    return value


OGOP_MERCHANT_QR_TAG = _qr_tag("OGOP_MERCHANT_QR_TAG", "26", 26, 51)
OGOP_MERCHANT_QR_ACQUIRER_SUBTAG = _qr_tag("OGOP_MERCHANT_QR_ACQUIRER_SUBTAG", "01", 1, 99)
OGOP_MERCHANT_QR_MERCHANT_SUBTAG = _qr_tag("OGOP_MERCHANT_QR_MERCHANT_SUBTAG", "02", 1, 99)
if OGOP_MERCHANT_QR_ACQUIRER_SUBTAG == OGOP_MERCHANT_QR_MERCHANT_SUBTAG:
    raise ImproperlyConfigured(
        "OGOP_MERCHANT_QR_ACQUIRER_SUBTAG and OGOP_MERCHANT_QR_MERCHANT_SUBTAG must differ."
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# A signed-in session ends after 2 hours without a request, and 12 hours after signing in
# however busy (accounts.sessions); the browser's cookie expires with it.
SESSION_COOKIE_AGE = int(os.environ.get("OGOP_SESSION_SECONDS", 60 * 60 * 12))
OGOP_SESSION_IDLE_SECONDS = int(os.environ.get("OGOP_SESSION_IDLE_SECONDS", 60 * 60 * 2))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
# A refused CSRF check answers in JSON to a JSON endpoint (the fair counter), HTML otherwise.
CSRF_FAILURE_VIEW = "ogop.core.json_errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Served over HTTPS (behind a TLS proxy that sets X-Forwarded-Proto): cookies only over HTTPS,
# browsers told to use HTTPS for a year, plain HTTP redirected.
HTTPS = env_bool("OGOP_HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("OGOP_HSTS_SECONDS", 365 * 24 * 60 * 60))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host[0] != "["]

# Content-Security-Policy: scripts, styles, images and fonts from this site only; no inline
# script, no eval, no framing. Charts are inline SVG drawn by the server; photos come from
# the site's media.
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

# --- Object storage for uploaded files (docs/deploy.md, "Object storage") -------------------
# Unset, uploads stay in MEDIA_ROOT on this machine. With OGOP_S3_BUCKET, they go to that
# bucket of an S3-compatible store (django-storages' S3 backend, boto3), which several app
# servers share. The bucket stays private: pages link /media/… on the platform, which checks
# who asks (core.media), then sends the bytes itself or, with OGOP_S3_SIGNED_URLS, redirects
# to a signed address of the object that works for OGOP_S3_SIGNED_SECONDS.
#   OGOP_S3_BUCKET          the bucket (made beforehand)
#   OGOP_S3_ENDPOINT_URL    the store's address, e.g. https://minio.example.org:9000 (unset: AWS)
#   OGOP_S3_REGION          its region (us-east-1 where the store has none)
#   OGOP_S3_ACCESS_KEY_ID, OGOP_S3_SECRET_ACCESS_KEY   the keys (unset: boto3 looks for its own,
#                           e.g. AWS_ACCESS_KEY_ID or the machine's role)
#   OGOP_S3_PREFIX          a folder inside the bucket for this installation's files ("")
#   OGOP_S3_SIGNED_URLS     "1": redirect to signed addresses; off: the platform sends the bytes
#   OGOP_S3_SIGNED_SECONDS  how long a signed address works (300)


def object_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The STORAGES entry for uploads kept in the bucket `environ` names (OGOP_S3_*)."""
    endpoint = environ.get("OGOP_S3_ENDPOINT_URL", "").strip() or None
    return {
        "BACKEND": "ogop.core.storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": environ["OGOP_S3_BUCKET"].strip(),
            "endpoint_url": endpoint,
            "region_name": environ.get("OGOP_S3_REGION", "").strip() or "us-east-1",
            "access_key": environ.get("OGOP_S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("OGOP_S3_SECRET_ACCESS_KEY") or None,
            "location": environ.get("OGOP_S3_PREFIX", "").strip("/"),
            "default_acl": None,  # private objects: no ACL that would make one public
            "querystring_auth": True,
            "file_overwrite": False,  # a new upload never replaces another's file
            "signature_version": "s3v4",
            # Path-style addresses on a store of our own: every object under its one origin.
            "addressing_style": "path" if endpoint else "virtual",
        },
    }


def object_storage_origins(storage: dict[str, Any]) -> list[str]:
    """Where the signed addresses of the storage's objects point: pages may show photos
    from there."""
    options = storage["OPTIONS"]
    if endpoint := options["endpoint_url"]:
        return ["{0.scheme}://{0.netloc}".format(urlsplit(endpoint))]
    bucket, region = options["bucket_name"], options["region_name"]
    return [f"https://{bucket}.s3.{region}.amazonaws.com", f"https://{bucket}.s3.amazonaws.com"]


OGOP_S3_SIGNED_URLS = env_bool("OGOP_S3_SIGNED_URLS")
OGOP_S3_SIGNED_SECONDS = int(os.environ.get("OGOP_S3_SIGNED_SECONDS", 300))
if os.environ.get("OGOP_S3_BUCKET", "").strip():
    if OGOP_MEDIA_ACCEL:
        raise ImproperlyConfigured(
            "OGOP_MEDIA_ACCEL sends files from this machine's disk; with OGOP_S3_BUCKET the "
            "files are in the bucket: unset OGOP_MEDIA_ACCEL (OGOP_S3_SIGNED_URLS=1 lets the "
            "store send them)."
        )
    STORAGES["default"] = object_storage(os.environ)
    if OGOP_S3_SIGNED_URLS:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += object_storage_origins(
            STORAGES["default"]
        )
# --- End of object storage --------------------------------------------------------------------

# Login throttling: 5 failures for one user name from one address lock that pair for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("OGOP_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("OGOP_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ogop.accounts.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "ogop.accounts.security.client_ip"

# Password reset links: as many requests for one address, or from one client, as failed logins
# lock a user name, within the same time (accounts.password_reset).
OGOP_RESET_LIMIT = int(os.environ.get("OGOP_RESET_LIMIT", 5))

# Two-step sign-in (accounts.two_factor): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = "OGOP Platform"
# Administrators may delete a person's authenticator (a lost phone), not read its secret key.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Mail (password reset links): through the SMTP server EMAIL_HOST names, else printed on the
# server's console, which is enough for the demo and for trying the platform out.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OGOP Platform <noreply@localhost>")
# A reset link works for three days (Django's default), and once.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Background work (django.tasks through the django-tasks backport) ---------------------
# Long work (the registry import) runs as a task, queued in the database and run by
# `ogop worker`; a core Job row holds its progress, so that any server can show it.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose worker has said nothing for this long is marked failed (a worker
# killed mid-way); its writes, in one transaction, were never committed.
OGOP_JOB_STALE_SECONDS = int(os.environ.get("OGOP_JOB_STALE_SECONDS", 120))
# How often a running job writes its progress (seconds at most between two writes).
OGOP_JOB_PROGRESS_SECONDS = float(os.environ.get("OGOP_JOB_PROGRESS_SECONDS", 0.5))
# An export's file is kept this many days for its owner to download, then removed.
OGOP_EXPORT_KEEP_DAYS = int(os.environ.get("OGOP_EXPORT_KEEP_DAYS", 7))
# --- End of background work -----------------------------------------------------------------
# ==== Several machines (docs/deploy.md, "Several machines") =====================================
# Everything that lets several app servers behind a load balancer share one PostgreSQL and one
# cache, and be watched: kept apart here so that one block says what a multi-machine deployment
# sets.
#   OGOP_SITE_NAME    names this installation in the shared cache: the kept pages' and figures'
#                     versions are keyed by it, never by how a server spells its database's host;
#                     installations sharing one Redis need different names ("ogop")
#   OGOP_CACHE_URL    redis://host:6379/0 (or rediss://, unix://): Django's RedisCache, shared
#                     by every server; unset, the file cache under OGOP_DATA_DIR (one machine)
#   OGOP_REPLICA_DATABASE_URL   an optional read replica of DATABASE_URL (core.routing)
#   OGOP_REPLICA_STICKY_SECONDS how long a person's reads stay on the primary after their own
#                     change (15)
#   OGOP_DISABLE_SERVER_SIDE_CURSORS  "1" behind PgBouncer in transaction pooling mode
#   SECRET_KEY        `ogop serve` refuses to start without it (every server needs the same)
OGOP_SITE_NAME = os.environ.get("OGOP_SITE_NAME", "").strip() or "ogop"
# Generated under OGOP_DATA_DIR (the embedded mode, `make run`), not given: `ogop serve` refuses.
OGOP_SECRET_KEY_GENERATED = not os.environ.get("SECRET_KEY")

OGOP_CACHE_URL = os.environ.get("OGOP_CACHE_URL", "").strip()
if OGOP_CACHE_URL:
    if not OGOP_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "OGOP_CACHE_URL must be a Redis address such as redis://127.0.0.1:6379/0, "
            f"not {OGOP_CACHE_URL!r}."
        )
    CACHES = {
        # The kept pages and figures, with the ten minutes the file cache gives them.
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": OGOP_CACHE_URL,
            "TIMEOUT": 10 * 60,
            "KEY_PREFIX": OGOP_SITE_NAME,
        },
        # The versions, which never expire (Redis may still evict one when full: the results
        # kept under it are then retired, never shown stale).
        "versions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": OGOP_CACHE_URL,
            "TIMEOUT": None,
            "KEY_PREFIX": f"{OGOP_SITE_NAME}:versions",
        },
    }

if replica_url := os.environ.get("OGOP_REPLICA_DATABASE_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        replica_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    # Tests read the replica as the primary itself: it has no test database of its own.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ogop.core.routing.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "ogop.core.routing.ReplicaReadsMiddleware",
    )
OGOP_REPLICA_STICKY_SECONDS = int(os.environ.get("OGOP_REPLICA_STICKY_SECONDS", 15))
# Transaction pooling (PgBouncer) cannot keep a named cursor across statements.
for database in DATABASES.values():
    database["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("OGOP_DISABLE_SERVER_SIDE_CURSORS")
    # PostgreSQL's JIT compiler spends seconds compiling the grouped counts of the computed
    # indicators (2.2 s of a 2.4 s query at national scale) to save milliseconds: off, as
    # for any web application's short queries. A pooler that refuses start-up options is
    # told to ignore them, or the database is given `ALTER DATABASE … SET jit = off`.
    if database["ENGINE"] == "django.db.backends.postgresql" and not env_bool("OGOP_POSTGRES_JIT"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()

# First: the request's id for every line logged while serving it (echoed in X-Request-ID);
# then the load balancer's health check, answered before host checks and HTTPS redirects.
MIDDLEWARE = [
    "ogop.core.request_ids.RequestIdMiddleware",
    "ogop.core.health.HealthMiddleware",
    *MIDDLEWARE,
]
LOGGING["filters"] = {"request_id": {"()": "ogop.core.request_ids.RequestIdFilter"}}
LOGGING["formatters"] = {
    "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
}
LOGGING["handlers"] = {
    "console": {
        "class": "logging.StreamHandler",
        "filters": ["request_id"],
        "formatter": "plain",
    }
}
# ==== end of several machines ===================================================================
