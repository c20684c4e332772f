"""WSGI entry point: ``gunicorn conduct.wsgi:application``."""

from __future__ import annotations

from conduct.startup import configure_or_exit

configure_or_exit("conduct.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
