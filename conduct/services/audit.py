"""Writing the audit trail: one event per change, inside the service's transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Mapping
from typing import Any

from django.db import connection, models

from conduct.audit import AuditAction
from conduct.models import AuditEvent, User


def _plain(value: Any) -> Any:  # noqa: PLR0911 - one return per kind of value
    """A JSON-safe copy of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    case_id: int | None,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    rationale: str = "",
) -> AuditEvent:
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit_record needs an AuditAction member, not {action!r}")
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=target._meta.label,
        object_id=str(target.pk),
        case_id=case_id,
        old_values=_plain(dict(old or {})),
        new_values=_plain(dict(new or {})),
        rationale=rationale,
    )
