"""Django settings for UCJ.

One environment variable chooses the database: UCJ_DATABASE_URL (default: a SQLite file
under var/ in WAL mode; postgres://... for PostgreSQL).
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("UCJ_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("UCJ_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("UCJ_SECRET_KEY", "ucj-development-only-not-secret")
if not DEBUG and (SECRET_KEY.startswith("ucj-development") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "UCJ_SECRET_KEY must be set to a random value of 50+ characters when UCJ_DEBUG=0, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'")
ALLOWED_HOSTS = [h for h in os.environ.get("UCJ_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]

# The province this installation serves (Kemendagri code); region scope is inside it.
UCJ_PROVINCE_CODE = os.environ.get("UCJ_PROVINCE_CODE", "61")

INSTALLED_APPS = [
    "ucj.core.admin_site.UcjAdminConfig",  # Django's admin, superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own form templates, found by the project's template engine (FORM_RENDERER).
    "django.forms",
    "axes",
    "django_tasks_db",
    "ucj.core",
    "ucj.identity",
    "ucj.accounts",
    "ucj.regions",
    "ucj.registry",
    "ucj.membership",
    "ucj.coverage",
    "ucj.monitoring",
    "ucj.premiums",
    "ucj.budget",
    "ucj.decrees",
    "ucj.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the application server itself, compressed, with far-future
    # caching for the hashed names collectstatic writes (docs/operations.md).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "ucj.core.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ucj.core.middleware.ChosenLanguageMiddleware",
    "ucj.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ucj.core.middleware.LoginRequiredExceptApiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ucj.urls"
WSGI_APPLICATION = "ucj.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ucj" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ucj.core.context_processors.permissions",
                "ucj.core.context_processors.queue_badges",
            ],
        },
    },
]

# Forms render through the project's templates, so ucj/templates/django/forms/ can put an
# error summary on top of every form and a checkbox before its label (docs/forms.md).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def _database_from_url(url: str) -> dict:
    # Keeping a connection open between requests saves 2-4 ms of PostgreSQL connection
    # set-up per page (bench/load.py); health checks drop one the server has closed.
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("UCJ_CONN_MAX_AGE", "0")),
                                   conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while the task worker writes; IMMEDIATE
        # transactions avoid "database is locked" upgrades mid-transaction.
        config["OPTIONS"] = {
            # A page cache of 256 MB keeps the registry's indexes in memory while a
            # million-row list is written (the default 2 MB makes that 5x slower).
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                             "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        # A file (not memory) so that a worker process in the browser tests can share it;
        # one per test process, so parallel runs do not meet.
        config["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    return config


DATABASE_URL = os.environ.get("UCJ_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ucj.sqlite3'}"
DATABASES = {"default": _database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ucj" / "locale"]
TIME_ZONE = "Asia/Pontianak"  # WIB: every time shown, on pages and in workbooks
FORMAT_MODULE_PATH = ["ucj.core.formats"]  # one date format per language (see there)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "ucj" / "static"]
STATIC_ROOT = VAR_DIR / "static"
# After `ucj collectstatic` (scripts/serve.sh runs it when DEBUG is off) static files have
# content-hashed names, served pre-compressed and cached for a year; without it (tests,
# development) WhiteNoise serves them from the apps' folders.
UCJ_COLLECTED_STATIC = os.environ.get("UCJ_COLLECTED_STATIC", "0") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "ucj.core.staticfiles.HashedStaticFiles"
                    if UCJ_COLLECTED_STATIC
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not UCJ_COLLECTED_STATIC
if not UCJ_COLLECTED_STATIC:  # nothing collected yet: STATIC_ROOT may well not exist
    warnings.filterwarnings("ignore", message="No directory at: ")
MEDIA_ROOT = VAR_DIR / "media"

# --- Security (docs/security.md) -------------------------------------------------------
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
# from one IP address, that pair is locked for AXES_COOLOFF_TIME; the login page says
# until when. A locked login is in the audit trail; province staff unlock in the admin
# ("Access attempts") or with `ucj axes_reset_username USERNAME`.
AUTHENTICATION_BACKENDS = [
    "ucj.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("UCJ_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("UCJ_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ucj.accounts.views.locked_out"
# Behind N reverse proxies set UCJ_PROXY_COUNT=N: the client address (for the lockout and
# the audit trail) is then the one the outermost proxy appended to X-Forwarded-For.
UCJ_PROXY_COUNT = int(os.environ.get("UCJ_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "ucj.core.security.client_ip"

# Sessions: a working day, then log in again; cookies not readable by scripts, sent only
# to this site (Lax) and, outside development, only over HTTPS.
SESSION_COOKIE_AGE = int(os.environ.get("UCJ_SESSION_HOURS", "9")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx requests read it; the session cookie is the secret
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("UCJ_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# `make run` serves plain http on 127.0.0.1 with DEBUG off (UCJ_LOCAL_HTTP=1): browsers drop
# Secure cookies over http (no sign-in would hold), and HSTS or a redirect to https would
# point at a TLS server that is not there. Never set it on a server others reach.
UCJ_LOCAL_HTTP = os.environ.get("UCJ_LOCAL_HTTP", "0") == "1"
if not DEBUG and not UCJ_LOCAL_HTTP:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("UCJ_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("UCJ_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("UCJ_HSTS_PRELOAD", "1") == "1"
    # Django redirects http:// to https:// itself unless the proxy in front does
    # (UCJ_SSL_REDIRECT=0). A TLS-terminating proxy must then send X-Forwarded-Proto
    # (UCJ_BEHIND_TLS_PROXY=1), or Django would think every request came over http.
    SECURE_SSL_REDIRECT = os.environ.get("UCJ_SSL_REDIRECT", "1") == "1"
    if os.environ.get("UCJ_BEHIND_TLS_PROXY", "0") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content security policy (Django's own middleware): scripts only from this site or
# inline with the page's nonce (<script nonce="{{ csp_nonce }}">); no eval (Vega runs its
# expressions with vega-interpreter, see ucj/static/ucj/charts.js); no plugins, no
# framing, forms post only here. Styles allow inline: vega-embed and htmx add <style>
# elements and SVG style attributes, which carry no script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Largest worker list accepted by upload (a 1,000,000-row CSV is about 110 MB).
UCJ_MAX_UPLOAD_MB = int(os.environ.get("UCJ_MAX_UPLOAD_MB", "200"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The first handler stops storing an upload once it passes UCJ_MAX_UPLOAD_MB (the forms
# and API then refuse it with a message); the others are Django's defaults.
FILE_UPLOAD_HANDLERS = [
    "ucj.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
