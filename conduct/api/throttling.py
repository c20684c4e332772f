"""Rate limiting: one budget per API token, or per user for browser sessions.

The counters live in the default cache (Redis in production, so every
gunicorn worker shares them; per-process memory locally and in tests). The
rate is ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]``, read from
``DJANGO_API_RATE``. A refused request gets a 429 problem with Retry-After.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:
    # Imported by rest_framework.views itself (settings): no runtime import.
    from rest_framework.views import APIView

    from conduct.models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    """Counts requests per token: two tokens of one user (say, two systems)
    have separate budgets; a signed-in browser counts per user; anonymous
    requests (refused anyway) per client address."""

    scope = "api"

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        from conduct.models import ApiToken

        token: ApiToken | None = (
            request.auth if isinstance(request.auth, ApiToken) else None
        )
        if token is not None:
            ident = f"token:{token.pk}"
        elif request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"anon:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
