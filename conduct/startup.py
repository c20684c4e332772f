"""Load settings once at process start and turn configuration errors into one line.

manage.py, the WSGI/ASGI entry points and the Celery app call
:func:`configure_or_exit` before anything else, so that a missing secret or a
malformed DATABASE_URL stops the process with a message naming the variable
rather than a traceback.
"""

from __future__ import annotations

import os
import sys

from conduct.env import ConfigurationError


def configure_or_exit(default_settings_module: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module)
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the settings module to load
    except ConfigurationError as exc:
        module = os.environ["DJANGO_SETTINGS_MODULE"]
        sys.stderr.write(f"configuration error ({module}): {exc}\n")
        sys.stderr.flush()
        raise SystemExit(2) from None
