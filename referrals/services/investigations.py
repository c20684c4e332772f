"""The investigation: opening it, notices, responses, interviews, suspension
and the report (evidence is in referrals.services.evidence)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Exists, OuterRef

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.regimes import investigation_notice_name
from conduct.services.audit import audit_record
from conduct.transitions import transition
from referrals.models import (
    Allegation,
    Case,
    DeterminationResult,
    Interview,
    Investigation,
    InvestigationMode,
    InvestigationReport,
    IOPCReferral,
    Notice,
    NoticeResponse,
    ReportOpinion,
    Severity,
    Subject,
    Suspension,
)
from referrals.permissions import require_case_access
from referrals.services.common import (
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
    touch_case,
)
from referrals.services.deadlines import (
    deadline_open,
    deadlines_cancel_for,
    deadlines_meet,
)

AWAITING_IOPC = "The case is awaiting the IOPC's decision on the referral."
IOPC_MUST_INVESTIGATE = "In an independent investigation the IOPC investigates."
FORCE_MUST_INVESTIGATE = "In a {mode} investigation the force investigates."
ALREADY_OPEN = "This case already has an investigation (opened {on:%d %b %Y})."
NO_SUBJECTS = "Add a subject with at least one allegation before investigating."
NO_INVESTIGATION = "Open the investigation first."
NOT_UNDER_INVESTIGATION = "{person} is not under investigation (they are {status})."
NOTICE_NEEDS_SEVERITY = (
    "Assess every allegation against {person} as misconduct or gross misconduct "
    "before serving the notice."
)
INTERVIEW_BEFORE_NOTICE = (
    "{person} cannot be interviewed before the written notice is served (PCR r20(2))."
)
ALTERNATIVE_BEFORE_PROPOSED = "The alternative date must be after the proposed date."
INTERVIEW_ALREADY_HELD = "This interview was already recorded as held."
OPINION_MISSING = "Give the investigator's opinion for {person}."


def _investigation(case: Case) -> Investigation:
    investigation = Investigation.objects.select_for_update().filter(case=case).first()
    if investigation is None:
        raise ApplicationError(NO_INVESTIGATION, rule="investigation.missing")
    return investigation


def _subject_under_investigation(subject: Subject) -> Subject:
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
    # PCR r19 / CMR r13: 12 months from when the matter came to attention (or
    # the complaint was made), then every 6 months until the report.
    deadline_open(
        case=case,
        rule_code="progress_report",
        anchor_event="case.came_to_attention",
        anchor_on=case.complaint_made_on or case.came_to_attention_on,
        owner=investigator or actor,
        actor=actor,
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="investigation.opened",
        target=investigation,
        case_id=case.pk,
        new={
            "investigating_body": investigating_body,
            "investigator_name": investigation.investigator_name,
            "opened_on": opened_on,
            "subjects": [subject.pk for subject in subjects],
        },
    )
    return investigation


@transaction.atomic
def notice_serve(
    *, actor: User | None, subject: Subject, served_on: dt.date, content: str
) -> Notice:
    """Serve the written notice of investigation on a subject."""
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "serve a notice")
    investigation = _investigation(case)
    subject = _subject_under_investigation(subject)
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
    # PCR r18: the subject's response within 10 working days (P1).
    deadline_open(
        case=case,
        rule_code="notice_response",
        anchor_event="notice.served",
        anchor_on=served_on,
        subject=subject,
        owner=investigation.investigator or actor,
        actor=actor,
        key_extra=str(notice.pk),
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="notice.served",
        target=notice,
        case_id=case.pk,
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
        deadlines_meet(
            case=case,
            rule_codes=["notice_response"],
            subject=notice.subject,
            met_on=received_on,
            actor=actor,
        )
    touch_case(case)
    audit_record(
        actor=actor,
        action="notice.response_recorded",
        target=response,
        case_id=case.pk,
        new={"notice": notice.pk, "kind": kind, "received_on": received_on},
    )
    return response


@transaction.atomic
def interview_schedule(
    *,
    actor: User | None,
    subject: Subject,
    proposed_on: dt.date,
    alternative_on: dt.date | None = None,
) -> Interview:
    """Fix an interview date; the subject may propose an alternative (PCR r20)."""
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "schedule an interview")
    subject = _subject_under_investigation(subject)
    first_notice = subject.notices.order_by("served_on").first()
    if first_notice is None:
        raise ApplicationError(
            INTERVIEW_BEFORE_NOTICE.format(person=subject.person),
            rule="interview.before_notice",
        )
    check_not_before(proposed_on, first_notice.served_on, "The interview", "the notice")
    if alternative_on is not None and alternative_on <= proposed_on:
        raise ApplicationError(
            ALTERNATIVE_BEFORE_PROPOSED, rule="interview.alternative"
        )
    interview = Interview.objects.create(
        subject=subject, proposed_on=proposed_on, alternative_on=alternative_on
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="interview.scheduled",
        target=interview,
        case_id=case.pk,
        new={"proposed_on": proposed_on, "alternative_on": alternative_on},
    )
    return interview


@transaction.atomic
def interview_record(
    *,
    actor: User | None,
    interview: Interview,
    held_on: dt.date,
    attended: bool,
    no_comment: bool = False,
    notes: str = "",
) -> Interview:
    case = lock_case(interview.subject.case_id)
    require_case_access(actor, case, "record an interview")
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.held_on is not None:
        raise ApplicationError(INTERVIEW_ALREADY_HELD, rule="interview.held")
    check_not_future(held_on, "The interview date")
    check_not_before(held_on, interview.proposed_on, "The interview", "the date fixed")
    if no_comment and not attended:
        raise ApplicationError(
            "A no-comment interview needs the subject to attend.",
            rule="interview.no_comment",
        )
    interview.held_on = held_on
    interview.attended = attended
    interview.no_comment = no_comment
    interview.notes = notes
    interview.save(
        update_fields=["held_on", "attended", "no_comment", "notes", "updated_at"]
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="interview.recorded",
        target=interview,
        case_id=case.pk,
        new={"held_on": held_on, "attended": attended, "no_comment": no_comment},
    )
    return interview


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
        action="suspension.started",
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
        action="suspension.ended",
        target=suspension,
        case_id=case.pk,
        new={"ended_on": ended_on},
    )
    return suspension


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
    investigation = _investigation(case)
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
    # The investigation is complete: no further progress reports are due.
    deadlines_cancel_for(
        case=case,
        rule_codes=["progress_report"],
        reason="The investigation has reported.",
        actor=actor,
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="investigation.reported",
        target=investigation,
        case_id=case.pk,
        old={"status": old},
        new={
            "status": new,
            "submitted_on": submitted_on,
            "opinions": {str(s.pk): opinions[s.pk] for s in subjects},
        },
    )
    return report
