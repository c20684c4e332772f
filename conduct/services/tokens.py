"""Personal API tokens: creating one (the secret is shown once) and revoking it."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from conduct.audit import CoreAction
from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import ApiToken, IdempotencyKey, Role, User
from conduct.models.tokens import (
    KEY_PREFIX_LENGTH,
    TOKEN_NAME_MAX_LENGTH,
    TOKEN_PREFIX,
)
from conduct.services.audit import audit_record

#: Longest lifetime a token may be given (a year): tokens are personal and
#: should be renewed, not kept for ever.
MAX_TOKEN_DAYS = 365
DEFAULT_TOKEN_DAYS = 90

NAME_REQUIRED = "Enter a name that says where the token is used."
NAME_TOO_LONG = f"The name must be {TOKEN_NAME_MAX_LENGTH} characters or fewer."
LIFETIME_OUT_OF_RANGE = (
    f"A token must expire after 1 to {MAX_TOKEN_DAYS} days, not {{days}}."
)
USER_INACTIVE = "{username} is not active: they cannot have a token."
ONLY_ADMINISTRATORS_ISSUE_FOR_OTHERS = (
    "Only a system administrator can create a token for someone else."
)
ONLY_OWNER_OR_ADMINISTRATOR_REVOKES = (
    "Only the token's owner or a system administrator can revoke a token."
)
ALREADY_REVOKED = "This token was already revoked."


def api_token_hash(plaintext: str) -> str:
    """The stored form of a token: hex SHA-256 of the whole plaintext.

    A plain fast hash is enough because the secret carries 256 random bits; a
    slow password hash would only make every API request slower.
    """
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _is_administrator(user: User) -> bool:
    return user.role == Role.SYSTEM_ADMINISTRATOR


@transaction.atomic
def api_token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    expires_in_days: int = DEFAULT_TOKEN_DAYS,
) -> tuple[ApiToken, str]:
    """Issue a token for ``user``; returns it and the plaintext, shown only now.

    ``actor`` is None for the operator's management command.
    """
    if actor is not None and actor.pk != user.pk and not _is_administrator(actor):
        raise NotPermitted(ONLY_ADMINISTRATORS_ISSUE_FOR_OTHERS, rule="api_token.owner")
    name = name.strip()
    if not name:
        raise ApplicationError(NAME_REQUIRED, rule="api_token.name")
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ApplicationError(NAME_TOO_LONG, rule="api_token.name")
    if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise ApplicationError(
            LIFETIME_OUT_OF_RANGE.format(days=expires_in_days),
            rule="api_token.lifetime",
        )
    if not user.is_active:
        raise ApplicationError(
            USER_INACTIVE.format(username=user.username),
            rule="api_token.inactive_user",
        )
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_prefix=plaintext[:KEY_PREFIX_LENGTH],
        key_hash=api_token_hash(plaintext),
        created_at=now,
        expires_at=now + dt.timedelta(days=expires_in_days),
    )
    audit_record(
        actor=actor,
        action=CoreAction.API_TOKEN_CREATED,
        target=token,
        case_id=None,
        new={
            "user": user.pk,
            "name": token.name,
            "key_prefix": token.key_prefix,
            "expires_at": token.expires_at,
        },
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke ``token`` at once; requests already using it are refused from now."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if actor is not None and actor.pk != token.user_id and not _is_administrator(actor):
        raise NotPermitted(ONLY_OWNER_OR_ADMINISTRATOR_REVOKES, rule="api_token.owner")
    if token.revoked_at is not None:
        raise ApplicationError(ALREADY_REVOKED, rule="api_token.revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=CoreAction.API_TOKEN_REVOKED,
        target=token,
        case_id=None,
        old={"revoked_at": None},
        new={"revoked_at": token.revoked_at, "key_prefix": token.key_prefix},
    )
    return token


def idempotency_keys_purge(*, now: dt.datetime | None = None) -> int:
    """Delete stored POST outcomes past their lifetime (a periodic task);
    returns how many went."""
    cutoff = (now or timezone.now()) - IdempotencyKey.LIFETIME
    deleted, _ = IdempotencyKey.objects.filter(created_at__lte=cutoff).delete()
    return deleted
