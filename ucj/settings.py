"""Django settings for UCJ.

One environment variable chooses the database: UCJ_DATABASE_URL (default: a SQLite file
under var/ in WAL mode; postgres://... for PostgreSQL).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("UCJ_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("UCJ_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("UCJ_SECRET_KEY", "ucj-development-only-not-secret")
ALLOWED_HOSTS = [h for h in os.environ.get("UCJ_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]

# The province this installation serves (Kemendagri code); region scope is inside it.
UCJ_PROVINCE_CODE = os.environ.get("UCJ_PROVINCE_CODE", "61")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "ucj.core",
    "ucj.identity",
    "ucj.accounts",
    "ucj.regions",
    "ucj.registry",
    "ucj.membership",
    "ucj.coverage",
    "ucj.premiums",
    "ucj.budget",
    "ucj.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ucj.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ucj.core.middleware.LoginRequiredExceptApiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ucj.core.context_processors.permissions",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=0)
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ucj" / "locale"]
TIME_ZONE = "Asia/Pontianak"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "ucj" / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

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
