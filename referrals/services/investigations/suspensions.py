"""Suspension or restricted duties of a subject during the investigation, and
their end."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.services.audit import audit_record
from referrals.audit import ReferralsAction
from referrals.models import Subject, Suspension
from referrals.permissions import require_case_access
from referrals.services.common import (
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
    touch_case,
)


@transaction.atomic
def suspension_start(
    *,
    actor: User | None,
    subject: Subject,
    kind: str,
    started_on: dt.date,
    reason: str,
) -> Suspension:
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "suspend or restrict a subject")
    reason = check_rationale(reason)
    if kind not in Suspension.Kind.values:
        raise ApplicationError(f"Unknown kind {kind!r}.", rule="suspension.kind")
    if subject.suspensions.filter(kind=kind, ended_on__isnull=True).exists():
        raise ApplicationError(
            f"{subject.person} is already on {Suspension.Kind(kind).label.lower()}.",
            rule="suspension.open",
        )
    check_not_future(started_on, "The start date")
    suspension = Suspension.objects.create(
        subject=subject, kind=kind, started_on=started_on, reason=reason
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action=ReferralsAction.SUSPENSION_STARTED,
        target=suspension,
        case_id=case.pk,
        new={"kind": kind, "started_on": started_on},
        rationale=reason,
    )
    return suspension


@transaction.atomic
def suspension_end(
    *, actor: User | None, suspension: Suspension, ended_on: dt.date
) -> Suspension:
    case = lock_case(suspension.subject.case_id)
    require_case_access(actor, case, "end a suspension")
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.ended_on is not None:
        raise ApplicationError("This has already ended.", rule="suspension.ended")
    check_not_before(ended_on, suspension.started_on, "The end date", "the start date")
    suspension.ended_on = ended_on
    suspension.save(update_fields=["ended_on", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action=ReferralsAction.SUSPENSION_ENDED,
        target=suspension,
        case_id=case.pk,
        new={"ended_on": ended_on},
    )
    return suspension
