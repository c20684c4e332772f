"""Settings shared by every environment.

Everything that varies between deployments comes from the environment through
:class:`conduct.env.Env` (DJANGO_ prefix, plus DATABASE_URL and REDIS_URL).
No secret has a default here: local and test settings supply throwaway values,
production requires real ones.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import django_stubs_ext
from celery.schedules import crontab

from conduct.env import Env

# Lets generic Django classes be subscripted at run time (Form[User] etc.).
django_stubs_ext.monkeypatch()

env = Env()

# GENERAL
# ------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parents[2]
# Runtime state for make run: embedded database, broker folders, uploads.
VAR_DIR = Path(env.str("DJANGO_VAR_DIR", default=str(BASE_DIR / "var"))).resolve()
DEBUG = False
# https://docs.djangoproject.com/en/5.2/ref/settings/#time-zone
# Statutory dates are England & Wales dates: Europe/London, whatever the server.
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
USE_I18N = False
USE_TZ = True
SITE_NAME = "Conduct case management"
ROOT_URLCONF = "conduct.urls"
WSGI_APPLICATION = "conduct.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "conduct.apps.ConductConfig",
    "referrals.apps.ReferralsConfig",
    "hearings.apps.HearingsConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "csp",
    "django_htmx",
]

# AUTHENTICATION
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/auth/customizing/#substituting-a-custom-user-model
AUTH_USER_MODEL = "conduct.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response Django renders (policy below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.htmx: views answer an htmx request with the fragment it swaps.
    "django_htmx.middleware.HtmxMiddleware",
    # Tags every row-history event written by a request with its user and URL.
    "pghistory.middleware.HistoryMiddleware",
]

# SESSIONS AND SECURITY HEADERS
# ------------------------------------------------------------------------------
# Sessions expire after a working shift of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env.int(
    "DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60, minimum=60
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# CONTENT SECURITY POLICY
# ------------------------------------------------------------------------------
# https://django-csp.readthedocs.io/en/latest/configuration.html
# Scripts, styles and images come from this site only: templates have no inline
# <script>, no <style> and no style="" attribute (tests/test_frontend.py checks),
# and the GOV.UK and MoJ Frontend files are served from static/build/. Django's
# admin needs no exception: its scripts are files and its data travels in
# data- attributes.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conduct.context_processors.service",
            ],
        },
    }
]

# STATIC AND MEDIA FILES
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence and documents: never served by URL, only by permission-checked views.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# EVIDENCE UPLOADS (referrals.uploads)
# ------------------------------------------------------------------------------
# Size and type are checked on the content (libmagic), never on the file's name
# or the type the client claims. Sizes are in megabytes of 1,048,576 bytes.
EVIDENCE_MAX_UPLOAD_SIZE = (
    env.int("DJANGO_EVIDENCE_MAX_UPLOAD_MB", default=50, minimum=1, maximum=2048)
    * 1024
    * 1024
)
EVIDENCE_ALLOWED_TYPES: list[str] = env.list(
    "DJANGO_EVIDENCE_ALLOWED_TYPES",
    default=[
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/tiff",
        "text/plain",
        "text/csv",
        "message/rfc822",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "audio/mpeg",
        "audio/x-wav",
        "video/mp4",
    ],
)
# The virus scanner: a dotted path to a class with scan(file) (see
# referrals.uploads.EvidenceScanner). The default records files as not scanned.
EVIDENCE_SCANNER = env.str(
    "DJANGO_EVIDENCE_SCANNER", default="referrals.uploads.NotScanned"
)

# EMAIL
# ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Conduct case management <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# CACHE
# ------------------------------------------------------------------------------
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# DJANGO REST FRAMEWORK
# ------------------------------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/ (docs/api.md)
# Requests per API token (or per signed-in user): "<number>/<second|minute|hour|day>".
API_RATE = env.str("DJANGO_API_RATE", default="600/minute")
_rate_count, _, _rate_period = API_RATE.partition("/")
if not _rate_count.isdigit() or _rate_period not in {"second", "minute", "hour", "day"}:
    from conduct.env import ConfigurationError

    raise ConfigurationError(
        "DJANGO_API_RATE", f"must look like 600/minute, not {API_RATE!r}"
    )
REST_FRAMEWORK: dict[str, Any] = {
    # Bearer first: an unauthenticated request gets 401 + WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "conduct.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the schema then offers clients no form or multipart bodies.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "conduct.api.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "conduct.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["conduct.api.throttling.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE},
    "EXCEPTION_HANDLER": "conduct.api.exceptions.problem_exception_handler",
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Conduct case management API",
    "DESCRIPTION": (
        "Case management for police misconduct matters in England & Wales. "
        "Authenticate with a personal token (`Authorization: Bearer cnd_...`). "
        "Errors are RFC 9457 problem details (`application/problem+json`); "
        "writes to a case need `If-Match` with its ETag; POSTs accept an "
        "`Idempotency-Key`; lists are cursor-paginated. See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files, no CDN.
    # The operations' tags, in the order of a case's life (Swagger UI and
    # Redoc list them so), each said in a line; a test checks every tag used
    # is here.
    "TAGS": [
        {
            "name": "cases",
            "description": "Record a case, list and read the cases you may "
            "see and a case's timeline; parties, the IOPC reference, "
            "restriction, closing and reopening.",
        },
        {
            "name": "subjects",
            "description": "The officers and staff a case is about: name "
            "subjects, add allegations and assess their severity, suspend or "
            "restrict duties.",
        },
        {
            "name": "referral",
            "description": "Referral to the IOPC, the IOPC's decision and the "
            "mode of investigation.",
        },
        {
            "name": "investigation",
            "description": "Opening the investigation, notices of "
            "investigation and responses, interviews, progress reports and "
            "the report.",
        },
        {
            "name": "evidence",
            "description": "A case's evidence files: list, add and download.",
        },
        {
            "name": "criminal proceedings",
            "description": "Criminal proceedings against a subject, and "
            "pausing misconduct proceedings while they are sub judice.",
        },
        {
            "name": "determination",
            "description": "Case to answer, IOPC recommendations and "
            "directions, and the outcomes reached without proceedings.",
        },
        {
            "name": "proceedings",
            "description": "Misconduct meetings and hearings, from referral "
            "to holding or withdrawing them.",
        },
        {
            "name": "outcomes",
            "description": "Findings, the disciplinary outcome and concluding "
            "a subject's case.",
        },
        {"name": "appeals", "description": "Appeals against the outcome."},
        {
            "name": "list reports",
            "description": "Barred and advisory list reports to the College of "
            "Policing: due dates, deliveries and re-queueing.",
        },
        {
            "name": "deadlines",
            "description": "A case's statutory clocks: read, extend, cancel.",
        },
        {
            "name": "people",
            "description": "A person across cases: roles and employment events.",
        },
        {
            "name": "reference",
            "description": "Forces, the Standards of Professional Behaviour, "
            "deadline rules and non-working days.",
        },
        {
            "name": "dashboards",
            "description": "The managers' figures over the cases the caller "
            "may see, filtered like the case list.",
        },
        {"name": "calendar", "description": "The due-date calculator."},
        {"name": "me", "description": "Whom the credentials belong to."},
        {
            "name": "api",
            "description": "Where to start: links to the collections, the "
            "schema and its readers.",
        },
    ],
    # Swagger UI: no deep links, whose link inside each operation's button is
    # a control inside a control (axe: nested-interactive); example bodies as
    # plain text, whose highlighting colours fail contrast on its dark box.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# CELERY
# ------------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Effects are recorded in PostgreSQL; nobody waits on a task's return value.
CELERY_TASK_IGNORE_RESULT = True
# A task interrupted by a killed worker is redelivered, not lost: tasks are
# written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Deployments sharing one Redis keep their tasks apart with their own queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("DJANGO_CELERY_QUEUE", default="celery")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "heartbeat": {
        "task": "conduct.tasks.heartbeat",
        "schedule": crontab(minute="*"),
        # /healthz and the beat container's health check read this source.
        "kwargs": {"source": "scheduler"},
    },
    "purge-idempotency-keys": {
        "task": "conduct.tasks.purge_idempotency_keys",
        "schedule": crontab(hour=3, minute=15),
    },
}

# LOGGING
# ------------------------------------------------------------------------------
LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO").upper()
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"pgserver": {"level": "WARNING"}},
}


def broker_settings(
    redis_url: str | None, *, embedded_fallback: bool
) -> tuple[str, dict[str, Any]]:
    """Celery broker URL and transport options.

    REDIS_URL when set; otherwise, where allowed, kombu's filesystem transport
    under var/broker so that make run needs no server.
    """
    if redis_url:
        # A message a killed worker took is redelivered after this long; the
        # workers look for such messages every few seconds.
        visibility = env.int(
            "DJANGO_BROKER_VISIBILITY_TIMEOUT", default=60 * 60, minimum=1
        )
        return redis_url, {
            "visibility_timeout": visibility,
            "unacked_restore_interval": min(10, visibility),
            "unacked_restore_throttle": 1,
        }
    if not embedded_fallback:
        from conduct.env import ConfigurationError

        raise ConfigurationError("REDIS_URL", "is required and is not set")
    from conduct.embedded import filesystem_broker

    return filesystem_broker(VAR_DIR)


def database_settings(*, embedded_fallback: bool) -> dict[str, Any]:
    """The default database: DATABASE_URL, or the embedded server where allowed."""
    configured = env.database("DATABASE_URL")
    if configured is None:
        if not embedded_fallback:
            from conduct.env import ConfigurationError

            raise ConfigurationError("DATABASE_URL", "is required and is not set")
        from conduct.embedded import embedded_postgres_url
        from conduct.env import parse_database_url

        url = embedded_postgres_url(VAR_DIR)
        # Export it so runserver's child, the worker, beat and test subprocesses
        # join the same server instead of starting their own.
        os.environ["DATABASE_URL"] = url
        configured = parse_database_url(url)
    configured["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60, minimum=0)
    configured["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL compiles a plan with JIT once its estimated cost passes
    # jit_above_cost. The dashboard's correlated aggregates pass it and, at
    # 100k cases, spent 1.2 s of a 1.45 s query compiling what then ran in
    # 0.25 s: the product's queries are short, so its sessions run without JIT
    # (unless DATABASE_URL's ?options= says otherwise).
    options = configured.setdefault("OPTIONS", {})
    given = options.get("options", "")
    if "jit" not in given:
        options["options"] = f"{given} -c jit=off".strip()
    return configured


# DEMO
# ------------------------------------------------------------------------------
# Password shared by the demo users of `make run` (generated when unset).
DEMO_PASSWORD = env.str("DJANGO_DEMO_PASSWORD", default="")

# RULES THAT DEPEND ON A DATE NOT READ IN THE PRIMARY TEXT
# ------------------------------------------------------------------------------
# Legally qualified chairs for 2012-rules hearings (SI 2015/626 reg 5, in force
# 1 January 2016 by the secondary sources; its text was not read): hearings
# before this day had a senior officer in the chair.
LEGALLY_QUALIFIED_CHAIRS_FROM = env.date(
    "DJANGO_LEGALLY_QUALIFIED_CHAIRS_FROM", default=dt.date(2016, 1, 1)
)
# PCR 2020 r42(7) as read from its first words and the identical Ministry of
# Defence Police copy (SI 2020/1087 Sch 1 para 41(7), "A written warning must
# not be given where, on the date of the severity assessment ..."): no written
# warning where a final written warning was in force at the severity
# assessment. Its full text was not read, so the rule can be turned off.
OUTCOME_R42_7 = env.bool("DJANGO_OUTCOME_R42_7", default=True)
# PCR Part 3A, inserted by SI 2025/558 (in force 28 May 2025): an officer
# referred to a gross misconduct hearing who resigns or retires before it
# (r21A(1)(d)) waits for the appropriate authority's determination instead of
# facing former-officer proceedings at once. Its transitional provisions were
# not read: leaving on or after this day is taken to be within Part 3A.
PART_3A_FROM = env.date("DJANGO_PART_3A_FROM", default=dt.date(2025, 5, 28))

# DEADLINES AND REMINDERS
# ------------------------------------------------------------------------------
# "Due soon" reminders this many working days before a due date; escalation to
# a supervisor once a deadline is this many working days overdue.
DEADLINE_REMINDER_LEAD_WORKING_DAYS = env.int_list(
    "DJANGO_REMINDER_LEAD_WORKING_DAYS", default=[5, 1]
)
DEADLINE_ESCALATE_AFTER_WORKING_DAYS = env.int(
    "DJANGO_REMINDER_ESCALATE_AFTER_WORKING_DAYS", default=2, minimum=1
)
# Daily at 07:00 Europe/London; DJANGO_DEADLINE_SWEEP_EVERY_SECONDS runs it on
# an interval instead (for tests and for catching up after an outage).
_sweep_every = env.int("DJANGO_DEADLINE_SWEEP_EVERY_SECONDS", default=0, minimum=0)
CELERY_BEAT_SCHEDULE["deadline-sweep"] = {
    "task": "referrals.tasks.sweep_deadlines",
    "schedule": float(_sweep_every) if _sweep_every else crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["reminder-emails"] = {
    # Catches up emails left unsent by a failure or a lost broker message.
    "task": "referrals.tasks.send_reminder_emails",
    "schedule": crontab(minute="*/15"),
}

# COLLEGE OF POLICING: BARRED AND ADVISORY LIST REPORTS
# ------------------------------------------------------------------------------
# How list reports reach the College (PA96 Part 4A; docs/operations.md): "email"
# to DJANGO_COLLEGE_REPORT_EMAIL, or "https" to POST the signed JSON report to
# DJANGO_COLLEGE_REPORT_URL. Left empty, the channel is not configured: reports
# wait as pending, with that error recorded, until it is.
COLLEGE_REPORT_CHANNEL = env.str(
    "DJANGO_COLLEGE_REPORT_CHANNEL", default="email"
).lower()
if COLLEGE_REPORT_CHANNEL not in {"email", "https"}:
    from conduct.env import ConfigurationError

    raise ConfigurationError(
        "DJANGO_COLLEGE_REPORT_CHANNEL",
        f"must be email or https, not {COLLEGE_REPORT_CHANNEL!r}",
    )
COLLEGE_REPORT_EMAIL = env.str("DJANGO_COLLEGE_REPORT_EMAIL", default="")
COLLEGE_REPORT_URL = env.str("DJANGO_COLLEGE_REPORT_URL", default="")
if COLLEGE_REPORT_URL and not COLLEGE_REPORT_URL.startswith("https://"):
    from conduct.env import ConfigurationError

    raise ConfigurationError("DJANGO_COLLEGE_REPORT_URL", "must be an https:// address")
# The shared key that signs each POST (X-Signature: sha256=<HMAC of the body>).
COLLEGE_REPORT_HMAC_SECRET = env.str("DJANGO_COLLEGE_REPORT_HMAC_SECRET", default="")
if COLLEGE_REPORT_HMAC_SECRET and len(COLLEGE_REPORT_HMAC_SECRET) < 32:  # noqa: PLR2004
    from conduct.env import ConfigurationError

    raise ConfigurationError(
        "DJANGO_COLLEGE_REPORT_HMAC_SECRET", "must be at least 32 characters long"
    )
COLLEGE_REPORT_TIMEOUT = env.int(
    "DJANGO_COLLEGE_REPORT_TIMEOUT", default=15, minimum=1, maximum=120
)
# Failed deliveries before a report is marked failed and left for a person.
COLLEGE_REPORT_MAX_ATTEMPTS = env.int(
    "DJANGO_COLLEGE_REPORT_MAX_ATTEMPTS", default=8, minimum=1
)
CELERY_BEAT_SCHEDULE["list-report-dispatch"] = {
    # Re-queues pending reports, so a flushed broker or a lost retry loses none.
    "task": "hearings.tasks.dispatch_pending_list_reports",
    "schedule": crontab(minute="*/15"),
}

# INVESTIGATION PROGRESS REPORTS (PCR r19, CMR r13)
# ------------------------------------------------------------------------------
# Draft a progress report this many calendar days before it is due.
PROGRESS_REPORT_DRAFT_DAYS = env.int(
    "DJANGO_PROGRESS_REPORT_DRAFT_DAYS", default=10, minimum=0
)
CELERY_BEAT_SCHEDULE["progress-report-drafts"] = {
    "task": "referrals.tasks.draft_progress_reports",
    "schedule": crontab(hour=6, minute=30),
}
