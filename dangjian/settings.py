"""Settings for dangjian: one file, every knob from the environment (see README)."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from dangjian.lib.env import env_bool, env_int, env_list, env_networks, env_str, secret_key
from dangjian.study import rules as study_rules

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DANGJIAN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DANGJIAN_DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dangjian.orgs",
    "dangjian.notices",
    "dangjian.originality",
    "dangjian.study",
    "dangjian.orglife",
    "dangjian.work",
    "dangjian.assess",
    "dangjian.honors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dangjian.lib.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "dangjian.lib.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "dangjian.lib.navigation.navigation",
                "dangjian.orgs.context_processors.user_roles",
                "dangjian.notices.views.unread",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangjian.sqlite3'}"),
        conn_max_age=env_int("DANGJIAN_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while pages read; IMMEDIATE avoids
    # "database is locked" when a read transaction later wants to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# The originality index (textreuse): beside the SQLite database in its own file, or in its
# own schema of the PostgreSQL database. It is derived data: originality_reindex rebuilds it.
_default_index = (
    env_str("DATABASE_URL")
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else str(VAR_DIR / "originality-index.sqlite3")
)
DANGJIAN_ORIGINALITY_INDEX = env_str("DANGJIAN_ORIGINALITY_INDEX", _default_index)
DANGJIAN_ORIGINALITY_SCHEMA = env_str("DANGJIAN_ORIGINALITY_SCHEMA", "textreuse")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# Idle sessions end after DANGJIAN_SESSION_MINUTES; each request extends the session
# (the row is rewritten at most once a minute: dangjian/lib/sessions.py).
SESSION_ENGINE = "dangjian.lib.sessions"
SESSION_COOKIE_AGE = env_int("DANGJIAN_SESSION_MINUTES", 120, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DANGJIAN_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere (behaviour lives in static/js); inline style attributes stay
# allowed for progress bars' widths. Swagger UI (the API docs) runs from 'self' too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_SSL_REDIRECT = env_bool("DANGJIAN_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DANGJIAN_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DANGJIAN_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DANGJIAN_HSTS_PRELOAD", False)
# Reverse proxies (addresses or networks) whose X-Forwarded-For / X-Forwarded-Proto are believed.
# Without one, those headers come from the client and are ignored.
DANGJIAN_TRUSTED_PROXIES = env_networks("DANGJIAN_TRUSTED_PROXIES")
if DANGJIAN_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login throttling: a lock-out after DANGJIAN_LOGIN_FAILURES wrong passwords in a row.
AXES_FAILURE_LIMIT = env_int("DANGJIAN_LOGIN_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("DANGJIAN_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "dangjian.lib.client_ip.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "dangjian" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "dangjian" / "static"]
STATIC_ROOT = Path(env_str("DANGJIAN_STATIC_ROOT", str(BASE_DIR / "staticfiles")))

# "Already registered" answers about ID-card numbers per user per hour (an oracle otherwise;
# dangjian.orgs.rules.ID_CARD_HITS_PER_HOUR explains the default).
DANGJIAN_ID_CARD_HITS_PER_HOUR = env_int("DANGJIAN_ID_CARD_HITS_PER_HOUR", 5, minimum=1)

# Originality checks per user per hour (dangjian.originality.rules.CHECKS_PER_HOUR explains
# the default); a run of probing checks is refused whatever this says.
DANGJIAN_ORIGINALITY_CHECKS_PER_HOUR = env_int(
    "DANGJIAN_ORIGINALITY_CHECKS_PER_HOUR", 60, minimum=1
)

# Uploads: a file larger than this is refused by the form, not read into memory.
DANGJIAN_UPLOAD_MAX_BYTES = env_int("DANGJIAN_UPLOAD_MAX_MB", 10, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = DANGJIAN_UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = DANGJIAN_UPLOAD_MAX_BYTES

# The cache holds the counters of API throttles and of the public evaluation's per-address
# limits. Django's per-process memory cache by default (development, tests); in production
# DANGJIAN_CACHE=database shares them between gunicorn workers through a table
# (`manage.py createcachetable`) — no extra service.
if env_str("DANGJIAN_CACHE") == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dangjian_cache",
        }
    }

# Background work: the database backend + `manage.py db_worker` in production; tests and
# the demo run tasks immediately (DANGJIAN_TASKS=immediate).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_str("DANGJIAN_TASKS", "database") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DANGJIAN_LOG_LEVEL", "WARNING")},
}

# HTTP API (/api/v1/): Django REST framework, schema by drf-spectacular (see dangjian/api.py).
DANGJIAN_API_MAX_BODY_BYTES = env_int("DANGJIAN_API_MAX_BODY_KB", 2048, minimum=64) * 1024
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dangjian.lib.api.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "dangjian.lib.api.PageNumberPagination",
    "DEFAULT_PARSER_CLASSES": ["dangjian.lib.api.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dangjian.lib.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("DANGJIAN_API_RATE", "1200/hour")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    # Several study models have a "kind": each choice set keeps a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "NoteKindEnum": "dangjian.study.models.Note.Kind",
        "ReadingKindEnum": "dangjian.study.models.Reading.Kind",
        "EventKindEnum": "dangjian.study.models.StudyEvent.Kind",
    },
    "TITLE": "dangjian API",
    "DESCRIPTION": "党建 platform HTTP API. Authenticate with `Authorization: Bearer <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Notices (通知): in the app always; by e-mail too when DANGJIAN_NOTICE_EMAIL=1, through
# Django's mail settings (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS, DEFAULT_FROM_EMAIL). Links in e-mails start with DANGJIAN_SITE_URL.
DANGJIAN_NOTICE_EMAIL = env_bool("DANGJIAN_NOTICE_EMAIL", False)
# Study notes whose 总文字复制比 reaches this percentage are flagged for the reviewer.
DANGJIAN_STUDY_FLAG_PERCENT = env_int(
    "DANGJIAN_STUDY_FLAG_PERCENT", study_rules.FLAG_PERCENT_DEFAULT, minimum=1
)
DANGJIAN_SITE_URL = env_str("DANGJIAN_SITE_URL", "http://127.0.0.1:8000")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "dangjian@localhost")
