"""A generated case's investigation (referrals.services.investigations):
opened, the written notices (PCR r17) and the responses to them (r18),
progress reports while it runs (hearings.dataset.progress), the report
(r21), and the case-to-answer decision on each subject (r23)."""

from __future__ import annotations

import datetime as dt

from conduct.models import PersonRole
from conduct.regimes import investigation_notice_name
from conduct.transitions import transition
from hearings.dataset.progress import Investigated, progress_reports
from hearings.dataset.subjects import FAMILY, GIVEN, SubjectState, move
from hearings.dataset.writer import CaseWriter, later, pick
from referrals.audit import ReferralsAction
from referrals.models import (
    IOPC_MODES,
    DeterminationResult,
    InvestigationMode,
    ReferralsClock,
    Severity,
    Subject,
)

TERMS = "As the allegations."
RPRP = Subject.Status.REFLECTIVE_PRACTICE
MANAGEMENT = Subject.Status.MANAGEMENT_ACTION


def investigate(
    writer: CaseWriter,
    subjects: list[SubjectState],
    assessed_on: dt.date,
    mode: str,
    force_id: int,
) -> tuple[dt.date, dt.date | None]:
    """Open the investigation, serve notices, send progress reports, report,
    determine; returns the last day something happened and the day the
    investigation reports (None: not opened by today)."""
    rng, rows = writer.rng, writer.rows
    opened_on = later(rng, assessed_on, 1, 20)
    if not writer.done(opened_on):
        return assessed_on, None
    independent = mode == InvestigationMode.INDEPENDENT
    # Four in five investigations finish within 12 months (IOPC 2018/19).
    takes = int(rng.lognormvariate(5.3, 0.55))
    submitted_on = opened_on + dt.timedelta(days=takes)
    reported = writer.done(submitted_on)
    investigation = rows.ids.next("referrals_investigation")
    investigator = (
        writer.actors.iopc_investigator if independent else writer.actors.caseworker
    )
    at = writer.at(opened_on)
    body = "iopc" if independent else "force"
    investigator_name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    rows.add(
        "referrals_investigation", id=investigation, created_at=at, updated_at=at,
        case_id=writer.case_id, investigating_body=body,
        investigator_name=investigator_name, investigator_id=investigator,
        terms_of_reference=TERMS, opened_on=opened_on,
        status="reported" if reported else "open",
    )  # fmt: skip
    active = [s for s in subjects if s.status == Subject.Status.RECORDED]
    for subject in active:
        transition(subject, Subject.Status.UNDER_INVESTIGATION)
    writer.audit(
        ReferralsAction.INVESTIGATION_OPENED, target="referrals.Investigation",
        target_id=investigation, on=opened_on, actor=writer.actors.caseworker,
        new={"opened_on": opened_on, "subjects": [s.id for s in active]},
    )  # fmt: skip
    for subject in active:
        _notice(writer, subject, opened_on, submitted_on)
    progress_reports(
        writer,
        Investigated(
            investigator_name=investigator_name, body=body, opened_on=opened_on,
            terms_of_reference=TERMS, reported_on=submitted_on,
            iopc=mode in IOPC_MODES,
            subjects=[(s.id, s.name, s.notices) for s in subjects],
        ),
        force_id=force_id,
    )  # fmt: skip
    if not reported:
        return opened_on, submitted_on
    report = rows.add(
        "referrals_investigationreport", created_at=writer.at(submitted_on),
        updated_at=writer.at(submitted_on), investigation_id=investigation,
        submitted_on=submitted_on, submitted_by_id=investigator,
        summary="The investigation's findings on each allegation.",
    )  # fmt: skip
    for subject in active:
        transition(subject, Subject.Status.REPORTED)
        rows.add("referrals_reportopinion", report_id=report, subject_id=subject.id,
                 opinion=DeterminationResult.CASE_TO_ANSWER_MISCONDUCT)  # fmt: skip
    writer.audit(
        ReferralsAction.INVESTIGATION_REPORTED, target="referrals.InvestigationReport",
        target_id=report, on=submitted_on, actor=investigator,
        new={"submitted_on": submitted_on, "subjects": [s.id for s in active]},
    )  # fmt: skip
    last = submitted_on
    for subject in active:
        last = max(last, _determine(writer, subject, submitted_on, mode))
    return last, submitted_on


def _notice(
    writer: CaseWriter,
    subject: SubjectState,
    opened_on: dt.date,
    submitted_on: dt.date,
) -> None:
    """The written notice (PCR r17) and the response it asks for (r18)."""
    rng, rows = writer.rng, writer.rows
    served_on = later(rng, opened_on, 3, 30)
    if not writer.done(served_on) or served_on >= submitted_on:
        return
    severities = [severity for _, severity in subject.allegations]
    if not any(
        s in {Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT} for s in severities
    ):
        return
    severity = (
        Severity.GROSS_MISCONDUCT
        if Severity.GROSS_MISCONDUCT in severities
        else Severity.MISCONDUCT
    )
    title = investigation_notice_name(writer.regime, schedule_3=writer.schedule_3)
    subject.notices.append((title, served_on))
    at = writer.at(served_on)
    notice = rows.add(
        "referrals_notice", created_at=at, updated_at=at, subject_id=subject.id,
        title=title, served_on=served_on, served_by_id=writer.actors.caseworker,
        severity=severity, content="The conduct, the Standards, the investigator.",
    )  # fmt: skip
    writer.audit(
        ReferralsAction.NOTICE_SERVED, target="referrals.Notice", target_id=notice,
        on=served_on, actor=writer.actors.caseworker,
        new={"subject": subject.id, "title": title, "served_on": served_on,
             "severity": severity},
    )  # fmt: skip
    received_on = later(rng, served_on, 2, 18)
    responds = rng.random() < 0.88 and writer.done(received_on)
    writer.clock(
        ReferralsClock.NOTICE_RESPONSE, anchor_event="notice.served",
        anchor_on=served_on, subject_id=subject.id, key_extra=str(notice),
        met_on=received_on if responds else None,
    )  # fmt: skip
    if responds:
        response = rows.add(
            "referrals_noticeresponse", created_at=writer.at(received_on),
            updated_at=writer.at(received_on), notice_id=notice,
            kind="written_response", received_on=received_on,
            content="The subject's account.",
        )  # fmt: skip
        writer.audit(
            ReferralsAction.NOTICE_RESPONSE_RECORDED,
            target="referrals.NoticeResponse", target_id=response, on=received_on,
            actor=writer.actors.caseworker,
            new={"notice": notice, "kind": "written_response",
                 "received_on": received_on},
        )  # fmt: skip


CASE_TO_ANSWER_ODDS: dict[str, tuple[tuple[str, int], ...]] = {
    Severity.GROSS_MISCONDUCT: (
        (DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT, 60),
        (DeterminationResult.CASE_TO_ANSWER_MISCONDUCT, 15),
        (DeterminationResult.NO_CASE_TO_ANSWER, 25),
    ),
    Severity.MISCONDUCT: (
        (DeterminationResult.CASE_TO_ANSWER_MISCONDUCT, 62),
        (DeterminationResult.NO_CASE_TO_ANSWER, 38),
    ),
}


def _determine(
    writer: CaseWriter, subject: SubjectState, reported_on: dt.date, mode: str
) -> dt.date:
    """Case to answer per allegation (PCR r23), then, with none, reflective
    practice or no further action."""
    rng, rows = writer.rng, writer.rows
    decided_on = later(rng, reported_on, 7, 60)
    if not writer.done(decided_on):
        return reported_on
    iopc = mode in IOPC_MODES
    actor = writer.actors.iopc_supervisor if iopc else writer.actors.supervisor
    subject.results = {
        allegation: pick(
            rng,
            CASE_TO_ANSWER_ODDS.get(
                severity, ((DeterminationResult.NO_CASE_TO_ANSWER, 1),)
            ),
        )
        for allegation, severity in subject.allegations
    }
    any_case = any(
        result != DeterminationResult.NO_CASE_TO_ANSWER
        for result in subject.results.values()
    )
    old, _ = transition(
        subject,
        Subject.Status.CASE_TO_ANSWER if any_case else Subject.Status.NO_CASE_TO_ANSWER,
    )
    subject.decided_on = decided_on
    results = {str(key): value for key, value in subject.results.items()}
    at = writer.at(decided_on)
    rows.add(
        "referrals_determination", created_at=at, updated_at=at,
        subject_id=subject.id, body="iopc" if iopc else "appropriate_authority",
        decided_by_id=actor, decided_on=decided_on, results=results,
        rationale="On the report and the evidence.",
    )  # fmt: skip
    writer.audit(
        ReferralsAction.SUBJECT_DETERMINED, target="referrals.Subject",
        target_id=subject.id, on=decided_on, actor=actor, old={"status": old},
        new={"status": subject.status, "results": results},
        rationale="On the report and the evidence.",
    )  # fmt: skip
    staff = subject.kind == PersonRole.Kind.POLICE_STAFF
    if any_case and not staff:
        return decided_on
    finished_on = later(rng, decided_on, 3, 30)
    if not writer.done(finished_on):
        return decided_on
    if any_case:
        # Police staff are outside the Conduct Regulations: the force's own
        # procedure (management action, or reflective practice under 2020).
        to, action = (
            (RPRP, ReferralsAction.SUBJECT_REFLECTIVE_PRACTICE)
            if writer.regime == "2020"
            else (MANAGEMENT, ReferralsAction.SUBJECT_MANAGEMENT_ACTION)
        )  # fmt: skip
    elif writer.regime == "2020" and rng.random() < 0.4:
        to, action = (
            Subject.Status.REFLECTIVE_PRACTICE,
            ReferralsAction.SUBJECT_REFLECTIVE_PRACTICE,
        )
    else:
        to, action = (
            Subject.Status.NO_FURTHER_ACTION,
            ReferralsAction.SUBJECT_NO_FURTHER_ACTION,
        )
    move(writer, subject, to, action, finished_on)  # fmt: skip
    return finished_on
