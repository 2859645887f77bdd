"""Django's settings for the portal, read from the environment that :mod:`.environment` describes.

Secure by default: DEBUG is off everywhere (tests too), passwords are hashed with Argon2,
logins are throttled (django-axes), cookies are ``HttpOnly`` and ``SameSite=Lax`` (and
``Secure`` with ``REPORT_PORTAL_TLS=1``, behind the TLS proxy the README describes), and every
page carries a Content-Security-Policy allowing only the portal's own files.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from toolkit.portal import environment as env

ROOT = Path(os.environ.get(env.ROOT) or Path.cwd()).resolve()
"""The project folder holding ``editions/`` (``--root``)."""
OPEN_EDITION = os.environ.get(env.YEAR, "")
"""The edition ``compile portal serve YEAR`` opened: uploads go to it."""
PORTAL_FOLDER = ROOT / "portal"
UPLOADS = PORTAL_FOLDER / "uploads"
MAIL_FOLDER = PORTAL_FOLDER / "mail"
PORTAL_FOLDER.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The signing key: from the environment, or made once and kept (0600) beside the database."""
    if key := os.environ.get("REPORT_PORTAL_SECRET_KEY"):
        return key
    path = PORTAL_FOLDER / "secret_key"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        key = secrets.token_urlsafe(50)
        file.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = False
TLS = os.environ.get(env.TLS) == "1"
ALLOWED_HOSTS = [h for h in os.environ.get(env.HOSTS, "").split(",") if h] or ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS.append("testserver")  # Django's test client
BASE_URL = os.environ.get(env.BASE_URL, "http://127.0.0.1:8800")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks_db",
    "toolkit.portal.core",
    "toolkit.portal.submissions",
    "toolkit.portal.review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toolkit.portal.urls"
WSGI_APPLICATION = "toolkit.portal.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "toolkit.portal.core.context.portal",
            ]
        },
    }
]


def _database() -> dict:
    url = os.environ.get(env.DATABASE)
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # WAL lets readers go on while one process writes; IMMEDIATE takes the write lock at BEGIN,
    # so that two processes never deadlock upgrading a read lock; a busy timeout waits for it.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": PORTAL_FOLDER / "portal.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": os.environ.get("REPORT_PORTAL_TEST_SQLITE") or None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "portal/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600
"""An invitation link is valid 7 days (and once: setting the password spends it)."""

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = TLS
SESSION_COOKIE_AGE = 12 * 3600
if TLS:  # behind the TLS proxy (README: nginx or Caddy), which sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    CSRF_TRUSTED_ORIGINS = [BASE_URL]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [Path(__file__).resolve().parent / "static"]
"""Vendored libraries (``static/vendor/``, each with its licence): served by the portal itself, no CDN."""
WHITENOISE_USE_FINDERS = True  # the package's own static files, without a collectstatic step
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": UPLOADS,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("REPORT_PORTAL_STORAGE") == "s3":  # several machines: uploads in S3-compatible storage
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"default_acl": "private", "querystring_auth": True, "file_overwrite": False},
    }

MAX_UPLOAD_BYTES = int(os.environ.get("REPORT_PORTAL_MAX_UPLOAD", 30 * 1024 * 1024))
"""The largest file accepted, before it is even stored (the library bounds what it unpacks)."""
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o600

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

DEFAULT_FROM_EMAIL = os.environ.get("REPORT_PORTAL_FROM", "案例征集编辑部 <cases@localhost>")
if smtp := os.environ.get(env.SMTP):
    _host, _, _port = smtp.rpartition(":")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _host,
                "port": int(_port),
                "username": os.environ.get("REPORT_PORTAL_SMTP_USER", ""),
                "password": os.environ.get("REPORT_PORTAL_SMTP_PASSWORD", ""),
                "use_tls": os.environ.get("REPORT_PORTAL_SMTP_TLS") == "1",
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(MAIL_FOLDER)},
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING"},
        "django_tasks_db": {"handlers": ["stderr"], "level": "WARNING"},
        "toolkit.portal": {"handlers": ["stderr"], "level": "INFO"},
    },
}
