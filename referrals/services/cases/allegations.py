"""Allegations against a subject and their severity assessments (CMR r19, PCR r14)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import IOPC_ROLES, PSD_SUPERVISORS, Standard, User
from referrals.audit import ReferralsAction
from referrals.models import (
    IOPC_MODES,
    Allegation,
    IOPCReferral,
    Severity,
    SeverityAssessment,
    Subject,
)
from referrals.permissions import (
    require_case_access,
    require_member_of_appropriate_authority,
    require_role,
)
from referrals.services.common import (
    case_changed,
    check_case_open,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
)

ALLEGATION_NEEDS_STANDARD = "Choose at least one Standard of Professional Behaviour."
SUBJECT_NOT_OPEN_FOR_ALLEGATIONS = (
    "Allegations can be added only before the investigation report "
    "(the subject is {status})."
)
IOPC_ASSESSMENT_NEEDS_MODE = (
    "The IOPC assesses severity only in directed or independent investigations."
)


@transaction.atomic
def allegation_add(
    *,
    actor: User | None,
    subject: Subject,
    summary: str,
    standards: Iterable[Standard],
    occurred_on: dt.date | None = None,
) -> Allegation:
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "add an allegation")
    check_case_open(case)
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    if subject.status not in {
        Subject.Status.RECORDED,
        Subject.Status.UNDER_INVESTIGATION,
    }:
        raise ApplicationError(
            SUBJECT_NOT_OPEN_FOR_ALLEGATIONS.format(
                status=subject.get_status_display().lower()
            ),
            rule="allegation.stage",
        )
    standard_list = list(standards)
    if not standard_list:
        raise ApplicationError(ALLEGATION_NEEDS_STANDARD, rule="allegation.standards")
    if not summary.strip():
        raise ApplicationError("Describe the allegation.", rule="allegation.summary")
    if occurred_on is not None:
        check_not_future(occurred_on, "The date of the conduct")
    allegation = Allegation.objects.create(
        subject=subject, summary=summary.strip(), occurred_on=occurred_on
    )
    allegation.standards.set(standard_list)
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.ALLEGATION_ADDED,
        target=allegation,
        new={
            "subject": subject.pk,
            "summary": allegation.summary,
            "standards": sorted(standard.number for standard in standard_list),
        },
    )
    return allegation


@transaction.atomic
def severity_assess(
    *,
    actor: User | None,
    allegation: Allegation,
    severity: str,
    assessed_on: dt.date,
    body: str,
    rationale: str,
) -> SeverityAssessment:
    """Assess (or revise, CMR r19) the severity of an allegation."""
    case = lock_case(allegation.subject.case_id)
    require_case_access(actor, case, "assess severity")
    check_case_open(case)
    rationale = check_rationale(rationale)
    if severity not in Severity.values:
        raise ApplicationError(f"Unknown severity {severity!r}.", rule="severity")
    check_not_future(assessed_on, "The assessment date")
    check_not_before(
        assessed_on, case.came_to_attention_on, "The assessment date", "the case date"
    )
    if body == SeverityAssessment.Body.IOPC:
        referral = IOPCReferral.objects.filter(case=case).first()
        if referral is None or referral.mode not in IOPC_MODES:
            raise ApplicationError(IOPC_ASSESSMENT_NEEDS_MODE, rule="severity.iopc")
        require_role(
            actor,
            IOPC_ROLES,
            "assess severity for the IOPC",
        )
    elif body == SeverityAssessment.Body.APPROPRIATE_AUTHORITY:
        require_role(
            actor,
            PSD_SUPERVISORS,
            "assess severity for the appropriate authority",
        )
    else:
        raise ApplicationError(f"Unknown body {body!r}.", rule="severity.body")
    allegation = (
        Allegation.objects.select_for_update(of=("self",))
        .select_related("subject__person", "subject__appropriate_authority")
        .get(pk=allegation.pk)
    )
    if body == SeverityAssessment.Body.APPROPRIATE_AUTHORITY:
        require_member_of_appropriate_authority(
            actor, allegation.subject, "assess severity for the appropriate authority"
        )
    if allegation.determination:
        raise ApplicationError(
            "Severity cannot change after the case-to-answer decision.",
            rule="severity.after_determination",
        )
    old = allegation.severity
    assessment = SeverityAssessment.objects.create(
        allegation=allegation,
        severity=severity,
        assessed_on=assessed_on,
        assessed_by=actor,
        body=body,
        rationale=rationale,
    )
    allegation.severity = severity
    allegation.save(update_fields=["severity", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.ALLEGATION_SEVERITY_ASSESSED,
        target=allegation,
        old={"severity": old},
        new={"severity": severity, "body": body, "assessed_on": assessed_on},
        rationale=rationale,
    )
    return assessment
