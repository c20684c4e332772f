"""Investigation progress reports (PCR r19; CMR r13): drafted when due, sent
by the right body to the right addressees, each opening the next period."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import AuditEvent, User
from referrals.models import Case, Deadline, ProgressReport
from referrals.services.investigations import report_submit
from referrals.services.progress import (
    DIRECTOR_GENERAL,
    PROGRESS_REQUIRED,
    progress_report_send,
    progress_reports_draft,
)
from referrals.tasks import draft_progress_reports
from tests.assertions import one_audit_event
from tests.builders import Build

pytestmark = pytest.mark.django_db
D = dt.date
CAME_TO_ATTENTION = D(2023, 1, 10)
PCC = "Police and Crime Commissioner for Northamptonshire"
# 12 months beginning with 10 Jan 2023 end on 9 Jan 2024 (PCR r19(1)); the next
# 6 months begin on 10 Jan 2024 and end on 9 Jul 2024, then 10 Jul 2024 to
# 9 Jan 2025 (r19(2)).
FIRST_DUE = D(2024, 1, 9)
SECOND_DUE = D(2024, 7, 9)
THIRD_DUE = D(2025, 1, 9)


@pytest.fixture
def local_case(build: Build) -> Case:
    """An internal conduct matter investigated by the force (PCR r19)."""
    notice = build.noticed(
        on=CAME_TO_ATTENTION,
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        served_on=D(2023, 2, 1),
    )
    return notice.subject.case


def draft(today: dt.date) -> list[ProgressReport]:
    return progress_reports_draft(today=today, within_days=10)


def period(case: Case, number: int) -> Deadline:
    return Deadline.objects.get(case=case, rule__code="progress_report", period=number)


def test_the_first_report_is_drafted_ten_days_before_it_is_due_and_once(
    local_case: Case,
) -> None:
    assert period(local_case, 1).due_on == FIRST_DUE
    assert draft(D(2023, 12, 29)) == []
    (report,) = draft(D(2023, 12, 30))
    assert draft(D(2023, 12, 30)) == []
    assert draft(D(2024, 1, 20)) == []
    assert ProgressReport.objects.filter(case=local_case).count() == 1
    assert (report.period, report.due_on) == (1, FIRST_DUE)
    assert report.status == ProgressReport.Status.DRAFT
    assert report.came_to_attention_on == CAME_TO_ATTENTION
    subject = local_case.subjects.get()
    assert report.notices == [
        {
            "subject": subject.pk,
            "name": subject.person.full_name,
            "notices": [{"title": "Regulation 17 notice", "served_on": "2023-02-01"}],
        }
    ]
    assert "DI Rowe" in report.progress
    assert report.estimated_completion_on is None
    assert report.estimated_report_on is None
    assert (report.delay_reasons, report.planned_steps) == ("", "")
    assert AuditEvent.objects.filter(
        action="progress_report.drafted", object_id=str(report.pk), actor=None
    ).exists()


def test_a_local_internal_matter_reports_to_the_commissioner(
    local_case: Case,
) -> None:
    (report,) = draft(FIRST_DUE)
    assert report.regulation == "PCR r19"
    assert report.sender == ProgressReport.Sender.APPROPRIATE_AUTHORITY
    assert report.sender_name == "Northamptonshire Police (appropriate authority)"
    assert report.addressees == [PCC]


def test_a_local_schedule_3_investigation_also_reports_to_the_director_general(
    build: Build,
) -> None:
    build.investigating(on=CAME_TO_ATTENTION, investigator_name="DS Khan")
    (report,) = draft(FIRST_DUE)
    assert report.regulation == "CMR r13"
    assert report.sender == ProgressReport.Sender.APPROPRIATE_AUTHORITY
    assert report.addressees == [PCC, DIRECTOR_GENERAL]


def test_an_independent_investigation_reports_from_the_iopc(
    build: Build, supervisor: User, iopc_supervisor: User, iopc_investigator: User
) -> None:
    subject = build.assessed(on=CAME_TO_ATTENTION)
    case = build.independent(
        build.referred_to_iopc(subject.case, factors=("serious_corruption",))
    )
    build.investigating(
        subject, investigating_body="iopc", investigator_name="IOPC Lead Investigator"
    )
    (report,) = draft(FIRST_DUE)
    assert report.regulation == "CMR r13"
    assert report.sender == ProgressReport.Sender.IOPC
    assert report.sender_name == DIRECTOR_GENERAL
    assert report.addressees == [PCC, "Chief officer of Northamptonshire Police"]
    # The IOPC sends it: a force supervisor cannot.
    with pytest.raises(NotPermitted):
        progress_report_send(
            actor=supervisor,
            report=report,
            sent_on=D(2024, 1, 8),
            progress="Interviews complete.",
        )
    progress_report_send(
        actor=iopc_supervisor,
        report=report,
        sent_on=D(2024, 1, 8),
        progress="Interviews complete.",
    )
    assert period(case, 2).due_on == SECOND_DUE


def test_sending_meets_the_period_and_opens_the_next_six_months(
    local_case: Case, supervisor: User
) -> None:
    (first,) = draft(D(2023, 12, 30))
    with one_audit_event():
        sent = progress_report_send(
            actor=supervisor,
            report=first,
            sent_on=D(2024, 1, 5),
            progress="Witness statements taken; subject interviewed.",
            estimated_completion_on=D(2024, 5, 31),
            estimated_report_on=D(2024, 6, 28),
            delay_reasons="Awaiting digital forensics.",
            planned_steps="Review the forensic report.",
        )
    assert sent.status == ProgressReport.Status.SENT
    assert (sent.sent_on, sent.sent_by) == (D(2024, 1, 5), supervisor)
    assert sent.estimated_report_on == D(2024, 6, 28)
    met = period(local_case, 1)
    assert (met.status, met.met_on) == (Deadline.Status.MET, D(2024, 1, 5))
    second = period(local_case, 2)
    assert second.status == Deadline.Status.OPEN
    assert second.anchor_on == CAME_TO_ATTENTION
    assert second.due_on == SECOND_DUE
    # The next draft comes ten days before the second period ends.
    assert draft(D(2024, 6, 28)) == []
    (following,) = draft(D(2024, 6, 29))
    assert (following.period, following.due_on) == (2, SECOND_DUE)
    progress_report_send(
        actor=supervisor,
        report=following,
        sent_on=D(2024, 7, 8),
        progress="Forensic report received.",
    )
    assert period(local_case, 3).due_on == THIRD_DUE


def test_only_a_psd_supervisor_sends_a_force_report(
    local_case: Case, caseworker: User, supervisor: User
) -> None:
    (report,) = draft(FIRST_DUE)
    with pytest.raises(NotPermitted):
        progress_report_send(
            actor=caseworker, report=report, sent_on=D(2024, 1, 5), progress="x"
        )
    with pytest.raises(ApplicationError, match=PROGRESS_REQUIRED):
        progress_report_send(
            actor=supervisor, report=report, sent_on=D(2024, 1, 5), progress="  "
        )
    progress_report_send(
        actor=supervisor, report=report, sent_on=D(2024, 1, 5), progress="Going."
    )
    with pytest.raises(ApplicationError, match="was sent on 05 Jan 2024"):
        progress_report_send(
            actor=supervisor, report=report, sent_on=D(2024, 1, 6), progress="Again."
        )
    assert not Deadline.objects.filter(
        case=local_case, rule__code="progress_report", period=3
    ).exists()


def test_no_report_is_drafted_once_the_investigation_has_reported(
    local_case: Case, supervisor: User
) -> None:
    report_submit(
        actor=supervisor,
        case=local_case,
        submitted_on=D(2023, 11, 30),
        summary="Investigation report.",
        opinions={local_case.subjects.get().pk: "case_to_answer_gross_misconduct"},
    )
    assert period(local_case, 1).status == Deadline.Status.CANCELLED
    assert draft(FIRST_DUE) == []


def test_the_daily_task_drafts_overdue_reports(local_case: Case) -> None:
    # The first period ended on 9 Jan 2024, long before the real today.
    assert draft_progress_reports.delay().get() == 1
    assert draft_progress_reports.delay().get() == 0
    assert ProgressReport.objects.get(case=local_case).period == 1
