"""The investigation itself: opening it (by the force or the IOPC, as the
mode of investigation says), the written notice of investigation to each
subject (the Regulation 17 notice of PCR/CMR 2020; Regulation 15 or 16 under
the 2012 rules, conduct.regimes) with the subject's response, and the
investigator's report with an opinion per subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Exists, OuterRef

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.regimes import investigation_notice_name
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import (
    Allegation,
    Case,
    DeterminationResult,
    Investigation,
    InvestigationMode,
    InvestigationReport,
    IOPCReferral,
    Notice,
    NoticeResponse,
    ReportOpinion,
    Severity,
    Subject,
)
from referrals.permissions import require_case_access
from referrals.services import clocks
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    lock_case,
)

AWAITING_IOPC = "The case is awaiting the IOPC's decision on the referral."
IOPC_MUST_INVESTIGATE = "In an independent investigation the IOPC investigates."
FORCE_MUST_INVESTIGATE = "In a {mode} investigation the force investigates."
ALREADY_OPEN = "This case already has an investigation (opened {on:%d %b %Y})."
NO_SUBJECTS = "Add a subject with at least one allegation before investigating."
NO_INVESTIGATION = "Open the investigation first."
NOT_UNDER_INVESTIGATION = "{person} is not under investigation (they are {status})."


OPINION_MISSING = "Give the investigator's opinion for {person}."


def investigation_of(case: Case) -> Investigation:
    investigation = Investigation.objects.select_for_update().filter(case=case).first()
    if investigation is None:
        raise ApplicationError(NO_INVESTIGATION, rule="investigation.missing")
    return investigation


def subject_under_investigation(subject: Subject) -> Subject:
    subject = (
        Subject.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=subject.pk)
    )
    if subject.status != Subject.Status.UNDER_INVESTIGATION:
        raise ApplicationError(
            NOT_UNDER_INVESTIGATION.format(
                person=subject.person, status=subject.get_status_display().lower()
            ),
            rule="subject.stage",
        )
    return subject


@transaction.atomic
def investigation_open(
    *,
    actor: User | None,
    case: Case,
    investigating_body: str,
    investigator_name: str,
    terms_of_reference: str,
    opened_on: dt.date,
    investigator: User | None = None,
) -> Investigation:
    """Open the investigation; every recorded subject comes under it."""
    case = lock_case(case)
    require_case_access(actor, case, "open an investigation")
    existing = Investigation.objects.filter(case=case).first()
    if existing is not None:
        raise ApplicationError(
            ALREADY_OPEN.format(on=existing.opened_on), rule="investigation.once"
        )
    referral = IOPCReferral.objects.filter(case=case).first()
    if referral is not None:
        if referral.status == IOPCReferral.Status.REFERRED:
            raise ApplicationError(AWAITING_IOPC, rule="investigation.awaiting_iopc")
        if (
            referral.mode == InvestigationMode.INDEPENDENT
            and investigating_body != Investigation.Body.IOPC
        ):
            raise ApplicationError(IOPC_MUST_INVESTIGATE, rule="investigation.body")
        if (
            referral.mode != InvestigationMode.INDEPENDENT
            and investigating_body == Investigation.Body.IOPC
        ):
            raise ApplicationError(
                FORCE_MUST_INVESTIGATE.format(
                    mode=InvestigationMode(referral.mode).label.lower()
                ),
                rule="investigation.body",
            )
    elif investigating_body != Investigation.Body.FORCE:
        raise ApplicationError(
            "The IOPC investigates only cases referred to it.",
            rule="investigation.body",
        )
    if not investigator_name.strip() or not terms_of_reference.strip():
        raise ApplicationError(
            "Name the investigator and give the terms of reference.",
            rule="investigation.details",
        )
    check_not_future(opened_on, "The opening date")
    check_not_before(opened_on, case.came_to_attention_on, "Opened on", "the case date")
    subjects = list(
        Subject.objects.select_for_update()
        .filter(case=case, status=Subject.Status.RECORDED)
        .filter(Exists(Allegation.objects.filter(subject_id=OuterRef("pk"))))
    )
    if not subjects:
        raise ApplicationError(NO_SUBJECTS, rule="investigation.subjects")
    investigation = Investigation.objects.create(
        case=case,
        investigating_body=investigating_body,
        investigator_name=investigator_name.strip(),
        investigator=investigator,
        terms_of_reference=terms_of_reference.strip(),
        opened_on=opened_on,
    )
    for subject in subjects:
        transition(subject, Subject.Status.UNDER_INVESTIGATION)
        subject.save(update_fields=["status", "updated_at"])
    clocks.on_investigation_opened(case=case, owner=investigator or actor, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.INVESTIGATION_OPENED,
        target=investigation,
        new={
            "investigating_body": investigating_body,
            "investigator_name": investigation.investigator_name,
            "opened_on": opened_on,
            "subjects": [subject.pk for subject in subjects],
        },
    )
    return investigation


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


@transaction.atomic
def report_submit(
    *,
    actor: User | None,
    case: Case,
    submitted_on: dt.date,
    summary: str,
    opinions: Mapping[int, str],
) -> InvestigationReport:
    """Submit the investigation report with an opinion per subject (PCR r21)."""
    case = lock_case(case)
    require_case_access(actor, case, "submit the investigation report")
    investigation = investigation_of(case)
    subjects: Iterable[Subject] = list(
        Subject.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(case=case, status=Subject.Status.UNDER_INVESTIGATION)
    )
    for subject in subjects:
        if opinions.get(subject.pk) not in DeterminationResult.values:
            raise ApplicationError(
                OPINION_MISSING.format(person=subject.person), rule="report.opinion"
            )
    if not summary.strip():
        raise ApplicationError("Enter the report's summary.", rule="report.summary")
    check_not_future(submitted_on, "The report date")
    check_not_before(
        submitted_on, investigation.opened_on, "The report date", "the investigation"
    )
    old, new = transition(investigation, Investigation.Status.REPORTED)
    investigation.save(update_fields=["status", "updated_at"])
    report = InvestigationReport.objects.create(
        investigation=investigation,
        submitted_on=submitted_on,
        submitted_by=actor,
        summary=summary.strip(),
    )
    for subject in subjects:
        ReportOpinion.objects.create(
            report=report, subject=subject, opinion=opinions[subject.pk]
        )
        transition(subject, Subject.Status.REPORTED)
        subject.save(update_fields=["status", "updated_at"])
    clocks.on_investigation_reported(case=case, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.INVESTIGATION_REPORTED,
        target=investigation,
        old={"status": old},
        new={
            "status": new,
            "submitted_on": submitted_on,
            "opinions": {str(s.pk): opinions[s.pk] for s in subjects},
        },
    )
    return report
