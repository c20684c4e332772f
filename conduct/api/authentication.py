"""``Authorization: Bearer cnd_…`` with a personal API token.

The token is looked up by the SHA-256 of what the client sent (a unique
index), so the secret itself is never compared character by character in the
database or in Python: timing reveals at most a prefix of a hash, which does
not help to guess a 256-bit secret. The stored hash is then compared with
``hmac.compare_digest`` as well.

Browser users keep Django's session (``SessionAuthentication``, with CSRF on
unsafe methods); this class comes first in DEFAULT_AUTHENTICATION_CLASSES so
that an unauthenticated request gets 401 with ``WWW-Authenticate: Bearer``.
"""

from __future__ import annotations

import datetime as dt
import hmac
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from conduct.api.exceptions import InvalidToken, bearer_challenge

if TYPE_CHECKING:
    from conduct.models import ApiToken, User

#: ``last_used_at`` is written at most this often per token, so a busy client
#: costs one UPDATE a minute rather than one per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)

MALFORMED_HEADER = "Send the header as: Authorization: Bearer <token>."
UNKNOWN_TOKEN = "The token is not valid."  # noqa: S105 - a message, not a secret
REVOKED_TOKEN = "The token has been revoked."  # noqa: S105
EXPIRED_TOKEN = "The token has expired."  # noqa: S105
INACTIVE_USER = "The token's user is not active."


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # not ours: let the session have a go
        if len(parts) != 2:  # noqa: PLR2004 - "Bearer" and the token
            raise InvalidToken(MALFORMED_HEADER)
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise InvalidToken(MALFORMED_HEADER) from None
        return self.authenticate_token(key)

    def authenticate_token(self, key: str) -> tuple[User, ApiToken]:
        from conduct.models import ApiToken
        from conduct.models.tokens import TOKEN_PREFIX
        from conduct.services.tokens import api_token_hash

        if not key.startswith(TOKEN_PREFIX):
            raise InvalidToken(UNKNOWN_TOKEN)
        digest = api_token_hash(key)
        token = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
        if token is None or not hmac.compare_digest(token.key_hash, digest):
            raise InvalidToken(UNKNOWN_TOKEN)
        now = timezone.now()
        if token.revoked_at is not None:
            raise InvalidToken(REVOKED_TOKEN)
        if token.expires_at <= now:
            raise InvalidToken(EXPIRED_TOKEN)
        if not token.user.is_active:
            raise InvalidToken(INACTIVE_USER)
        self._touch(token, now)
        return token.user, token

    @staticmethod
    def _touch(token: ApiToken, now: dt.datetime) -> None:
        """Record use, at most once a minute, in one conditional UPDATE."""
        if (
            token.last_used_at is not None
            and now - token.last_used_at < LAST_USED_RESOLUTION
        ):
            return
        from conduct.models import ApiToken

        stale = Q(last_used_at__isnull=True) | Q(
            last_used_at__lt=now - LAST_USED_RESOLUTION
        )
        ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

    def authenticate_header(self, request: Request) -> str:
        return bearer_challenge()
