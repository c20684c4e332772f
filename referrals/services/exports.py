"""Recording exports of case data: who took which cases out of the service."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from conduct.models import AuditEvent, User
from conduct.services.audit import audit_record
from referrals.audit import ReferralsAction


@transaction.atomic
def cases_export_record(
    *, actor: User, filters: Mapping[str, str], row_count: int
) -> AuditEvent:
    """One audit event for a CSV export of the case list: the filters it was
    narrowed by and how many cases it holds. The event's target is the user
    who exported (an export changes no case)."""
    return audit_record(
        actor=actor,
        action=ReferralsAction.CASES_EXPORTED,
        target=actor,
        case_id=None,
        new={"filters": dict(filters), "row_count": row_count},
    )
