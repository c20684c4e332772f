"""Settings for the test suite: PostgreSQL always (DATABASE_URL or embedded)."""

from __future__ import annotations

from .base import *
from .base import VAR_DIR, broker_settings, database_settings, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0c2e4a6b8d0f1e3c5a7b9d1f3e5c7a9b2d4f6a8c0e2"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_settings(embedded_fallback=True)}
# REDIS_URL when set (the broker tests need it); otherwise the filesystem transport.
CELERY_BROKER_URL, CELERY_BROKER_TRANSPORT_OPTIONS = broker_settings(
    env.redis_url("REDIS_URL"), embedded_fallback=True
)
# Unit tests run tasks in-process; the broker tests start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The broker tests point a worker subprocess at files to count what it sent.
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"
