"""API credentials and the replay store of idempotent API requests."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

#: Every token starts with this, so a leaked one is easy to recognise (secret
#: scanners, logs) and a malformed Authorization header is refused unread.
TOKEN_PREFIX = "cnd_"  # noqa: S105 - a public marker, not a secret
#: Characters of the plaintext kept in clear to tell tokens apart in lists.
KEY_PREFIX_LENGTH = 8
TOKEN_NAME_MAX_LENGTH = 100


class ApiToken(models.Model):
    """A personal bearer token: ``user`` is whom every request made with it acts
    as, with that user's role and forces (a token never grants more).

    Only the SHA-256 of the secret is stored (``key_hash``); the plaintext is
    shown once, when the token is created. ``key_prefix`` is the first eight
    characters of the plaintext, for lists and audit. A token is usable until
    ``expires_at`` unless ``revoked_at`` is set. ``last_used_at`` is refreshed at
    most once a minute. Tokens are created and revoked only through
    ``conduct.services.tokens``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=TOKEN_NAME_MAX_LENGTH)
    key_prefix = models.CharField(max_length=KEY_PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="apitoken_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                name="apitoken_key_hash_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def is_usable(self, now: dt.datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class IdempotencyKey(models.Model):
    """The stored outcome of a POST sent with an ``Idempotency-Key`` header.

    ``user`` sent it with ``key`` (unique per user); ``fingerprint`` is the
    SHA-256 of method, path and body, so reusing a key for a different request
    is refused. ``response_status``/``response_body``/``response_headers`` are
    what the first request answered and what a retry gets back unchanged.
    Only successful (2xx) outcomes are kept; keys expire after ``LIFETIME``
    (replayed by ``conduct.api.concurrency``, purged by
    ``conduct.services.tokens.idempotency_keys_purge``).
    """

    LIFETIME: ClassVar[dt.timedelta] = dt.timedelta(hours=24)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idempotency_keys",
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    # Null only inside the transaction of the first request (the row is
    # inserted first so that a concurrent retry waits on its unique index).
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    response_headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="idempotency_key_unique_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.response_status})"
