"""Settings for `make run` on a developer's machine: embedded defaults allowed."""

from __future__ import annotations

from .base import *
from .base import broker_settings, database_settings, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A throwaway key for this machine only; production refuses to start without one.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="local-only-insecure-key-7d1f0c9a4b2e8f6a3c5d7e9b1a2c4e6f8a0b2d4c6e8f",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
DATABASES = {"default": database_settings(embedded_fallback=True)}
CELERY_BROKER_URL, CELERY_BROKER_TRANSPORT_OPTIONS = broker_settings(
    env.redis_url("REDIS_URL"), embedded_fallback=True
)
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Serve app and project static files straight from their folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# make run: list reports go to a made-up College address through the console
# email backend, so the demo shows them sent rather than pending for ever.
COLLEGE_REPORT_EMAIL = env.str(
    "DJANGO_COLLEGE_REPORT_EMAIL", default="college-reports@example.invalid"
)
