"""Employment events carried through open cases: transfers move the
appropriate authority; leaving creates advisory list reports (s88I)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conduct.exceptions import NotPermitted
from conduct.models import EmploymentEvent, Force, PersonRole, User
from hearings.models import ListReport, Proceeding
from hearings.services.employment import UNKNOWN_KIND, employment_event_record
from hearings.services.proceedings import proceeding_refer
from referrals.models import Subject
from referrals.services.determinations import subject_no_further_action
from tests.assertions import one_audit_event, refused
from tests.builders import NO_CASE, Build

pytestmark = pytest.mark.django_db

LEFT_ON = dt.date(2023, 7, 31)


def record(
    actor: User,
    subject: Subject,
    kind: str = "resigned",
    occurred_on: dt.date = LEFT_ON,
    **more: Any,
) -> EmploymentEvent:
    """``actor`` records that the subject's role ended (or moved) by
    ``kind``: an employment event."""
    return employment_event_record(
        actor=actor, role=subject.role, kind=kind, occurred_on=occurred_on, **more
    )


def test_a_transfer_moves_the_appropriate_authority(
    build: Build, supervisor: User, met_supervisor: User, met: Force
) -> None:
    subject = build.case_to_answer()
    old_role = subject.role
    with one_audit_event():
        event = record(
            supervisor,
            subject,
            "transferred",
            dt.date(2023, 6, 20),
            to_force=met,
            new_identifier="MP4321",
        )
    assert event.kind == EmploymentEvent.Kind.TRANSFERRED
    subject.refresh_from_db()
    old_role.refresh_from_db()
    assert subject.appropriate_authority == met
    assert subject.role.force == met
    assert subject.role.identifier == "MP4321"
    assert old_role.ended_on == dt.date(2023, 6, 20)
    assert not ListReport.objects.filter(subject=subject).exists()

    def refer(actor: User) -> Proceeding:
        return proceeding_refer(
            actor=actor,
            subject=subject,
            form="misconduct_hearing",
            referred_on=dt.date(2023, 7, 3),
            rationale="Case to answer.",
        )

    # The decision now belongs to the new force.
    with refused(
        containing="Metropolitan Police Service, the",
        error=NotPermitted,
        case=subject.case,
    ):
        refer(supervisor)
    assert refer(met_supervisor).former_officer is False


def test_a_transfer_leaves_a_finished_subject_alone(
    build: Build, supervisor: User, northamptonshire: Force, met: Force
) -> None:
    subject = build.case_to_answer(results=(NO_CASE,))
    subject_no_further_action(
        actor=supervisor,
        subject=subject,
        decided_on=dt.date(2023, 6, 16),
        rationale="No case to answer.",
    )
    record(supervisor, subject, "transferred", dt.date(2023, 6, 20), to_force=met)
    subject.refresh_from_db()
    assert subject.appropriate_authority == northamptonshire


def test_resigning_under_investigation_creates_an_advisory_report(
    build: Build, supervisor: User
) -> None:
    proceeding = build.referred()
    subject = proceeding.subject
    with one_audit_event():
        record(supervisor, subject, "retired")
    report = ListReport.objects.get(subject=subject)
    assert report.kind == ListReport.Kind.ADVISORY
    assert report.status == ListReport.Status.PENDING
    assert report.event_on == dt.date(2023, 7, 31)
    content = report.content
    assert content["status"] == "former_officer"
    assert content["date_ceased"] == "2023-07-31"
    assert content["left_by"] == "retired"
    assert content["form_of_proceedings"] == "Misconduct hearing"
    assert content["allegation_summary"].startswith("Allegation 1 against")
    assert content["date_of_birth"] == "1985-03-14"
    # Gross misconduct proceedings continue against the former officer.
    proceeding.refresh_from_db()
    assert proceeding.former_officer is True
    assert proceeding.former_officer_condition == "a"


def test_no_advisory_report_once_no_proceedings_were_decided(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(NO_CASE,))
    assert subject.status == Subject.Status.NO_CASE_TO_ANSWER
    record(supervisor, subject)
    assert not ListReport.objects.filter(subject=subject).exists()


def test_an_advisory_report_without_a_date_of_birth_refuses_the_event(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(role=build.role(date_of_birth=None))
    with refused(containing="date of birth missing", case=subject.case):
        record(supervisor, subject)
    role = PersonRole.objects.get(pk=subject.role_id)
    assert role.ended_on is None
    assert not Proceeding.objects.filter(subject=subject).exists()


def test_only_the_persons_force_records_the_event(
    build: Build, met_supervisor: User
) -> None:
    subject = build.case_to_answer()
    with refused(containing="You do not work for Northamptonshire", case=subject.case):
        record(met_supervisor, subject)


def test_an_unknown_kind_of_event_is_refused_with_nothing_written(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    events = EmploymentEvent.objects.filter(role=subject.role).count()
    with refused(UNKNOWN_KIND, rule="employment_event.kind", case=subject.case):
        record(supervisor, subject, "seconded")
    assert EmploymentEvent.objects.filter(role=subject.role).count() == events
    assert PersonRole.objects.get(pk=subject.role_id).ended_on is None
