"""The written notice of investigation to a subject (the Regulation 17 notice
of PCR/CMR 2020; Regulation 15 or 16 under the 2012 rules, conduct.regimes)
and the subject's response."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.regimes import investigation_notice_name
from referrals.audit import ReferralsAction
from referrals.models import Notice, NoticeResponse, Severity, Subject
from referrals.permissions import require_case_access
from referrals.services import clocks
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    lock_case,
)
from referrals.services.investigations.investigation import (
    investigation_of,
    subject_under_investigation,
)

NOTICE_NEEDS_SEVERITY = (
    "Assess every allegation against {person} as misconduct or gross misconduct "
    "before serving the notice."
)


@transaction.atomic
def notice_serve(
    *, actor: User | None, subject: Subject, served_on: dt.date, content: str
) -> Notice:
    """Serve the written notice of investigation on a subject."""
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "serve a notice")
    investigation = investigation_of(case)
    subject = subject_under_investigation(subject)
    severities = list(subject.allegations.values_list("severity", flat=True))
    if not severities or any(
        severity not in {Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT}
        for severity in severities
    ):
        raise ApplicationError(
            NOTICE_NEEDS_SEVERITY.format(person=subject.person), rule="notice.severity"
        )
    if not content.strip():
        raise ApplicationError("Enter what the notice says.", rule="notice.content")
    check_not_future(served_on, "The date served")
    check_not_before(
        served_on, investigation.opened_on, "The date served", "the investigation"
    )
    severity = (
        Severity.GROSS_MISCONDUCT
        if Severity.GROSS_MISCONDUCT in severities
        else Severity.MISCONDUCT
    )
    notice = Notice.objects.create(
        subject=subject,
        title=investigation_notice_name(case.regime, schedule_3=case.is_schedule_3),
        served_on=served_on,
        served_by=actor,
        severity=severity,
        content=content.strip(),
    )
    clocks.on_notice_served(
        case=case,
        notice=notice,
        owner=investigation.investigator or actor,
        actor=actor,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.NOTICE_SERVED,
        target=notice,
        new={
            "subject": subject.pk,
            "title": notice.title,
            "served_on": served_on,
            "severity": severity,
        },
    )
    return notice


@transaction.atomic
def notice_response_record(
    *,
    actor: User | None,
    notice: Notice,
    kind: str,
    received_on: dt.date,
    content: str = "",
) -> NoticeResponse:
    """The subject's written response or statement (PCR r18)."""
    case = lock_case(notice.subject.case_id)
    require_case_access(actor, case, "record a response")
    if kind not in NoticeResponse.Kind.values:
        raise ApplicationError(f"Unknown response {kind!r}.", rule="response.kind")
    if kind != NoticeResponse.Kind.NO_RESPONSE and not content.strip():
        raise ApplicationError("Enter the response.", rule="response.content")
    check_not_future(received_on, "The date received")
    check_not_before(received_on, notice.served_on, "The date received", "the notice")
    response = NoticeResponse.objects.create(
        notice=notice, kind=kind, received_on=received_on, content=content.strip()
    )
    if kind != NoticeResponse.Kind.NO_RESPONSE:
        clocks.on_notice_response(
            case=case, subject=notice.subject, received_on=received_on, actor=actor
        )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.NOTICE_RESPONSE_RECORDED,
        target=response,
        new={"notice": notice.pk, "kind": kind, "received_on": received_on},
    )
    return response
