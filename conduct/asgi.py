"""ASGI entry point, for servers that prefer it; the product is served over WSGI."""

from __future__ import annotations

from conduct.startup import configure_or_exit

configure_or_exit("conduct.settings.production")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
