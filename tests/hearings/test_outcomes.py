"""Findings per allegation, outcomes per subject (PCR r42), conclusion, and
the list reports outcomes create."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial

import pytest

from conduct.exceptions import ApplicationError, InvalidTransition
from conduct.models import Force, User
from conduct.services.people import apply_employment_event
from hearings.models import Finding, ListReport, Outcome, Proceeding
from hearings.services import outcomes as svc
from hearings.services.outcomes import findings_record, outcome_record, subject_conclude
from referrals.models import Subject
from tests.assertions import one_audit_event, refused
from tests.builders import GROSS, MISCONDUCT, NO_CASE, Build

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2023, 9, 4)
#: A case that came to attention then is under the 2012 rules.
RULES_2012_DAY = dt.date(2019, 3, 1)


def record_findings(
    supervisor: User, proceeding: Proceeding, *results: str
) -> list[Finding]:
    allegations = list(
        proceeding.subject.allegations.exclude(determination=NO_CASE).order_by("id")
    )
    return findings_record(
        actor=supervisor,
        proceeding=proceeding,
        results={a.pk: r for a, r in zip(allegations, results, strict=True)},
        recorded_on=HELD_ON,
        rationale="The panel's findings.",
    )


def decide(supervisor: User, proceeding: Proceeding, kind: str) -> Outcome:
    return outcome_record(
        actor=supervisor,
        proceeding=proceeding,
        kind=kind,
        decided_on=HELD_ON,
        reasons="The panel's reasons.",
    )


def misconduct_proven_under_a_warning(build: Build) -> Proceeding:
    """A hearing for misconduct with a final written warning in force, the
    misconduct proven: dismissal is open to it."""
    return build.found(
        results=(MISCONDUCT,),
        final_written_warning_in_force=True,
        findings="proven_misconduct",
    )


def test_findings_wait_for_the_hearing(build: Build, supervisor: User) -> None:
    proceeding = build.referred()
    with pytest.raises(ApplicationError, match="once the misconduct hearing has been"):
        record_findings(supervisor, proceeding, "proven_gross_misconduct")


def test_a_finding_is_needed_for_every_allegation_before_the_hearing(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(GROSS, MISCONDUCT))
    proceeding = build.held(subject=subject)
    first = subject.allegations.order_by("id").first()
    assert first is not None
    with pytest.raises(ApplicationError, match="Give a finding for every allegation"):
        findings_record(
            actor=supervisor,
            proceeding=proceeding,
            results={first.pk: "not_proven"},
            recorded_on=HELD_ON,
            rationale="Partial.",
        )
    with pytest.raises(ApplicationError, match="is not before these proceedings"):
        findings_record(
            actor=supervisor,
            proceeding=proceeding,
            results={first.pk: "not_proven", 999_999: "not_proven"},
            recorded_on=HELD_ON,
            rationale="Stray.",
        )


def test_an_allegation_with_no_case_to_answer_is_not_before_the_hearing(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(GROSS, NO_CASE))
    proceeding = build.held(subject=subject)
    findings = record_findings(supervisor, proceeding, "proven_gross_misconduct")
    assert len(findings) == 1


def test_gross_misconduct_cannot_be_found_on_a_misconduct_case(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(GROSS, MISCONDUCT))
    proceeding = build.held(subject=subject)
    with pytest.raises(ApplicationError, match="misconduct only"):
        record_findings(
            supervisor, proceeding, "proven_gross_misconduct", "proven_gross_misconduct"
        )


def test_findings_are_recorded_once(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer()
    proceeding = build.held(subject=subject)
    with one_audit_event():
        record_findings(supervisor, proceeding, "not_proven")
    with pytest.raises(ApplicationError, match="already recorded"):
        record_findings(supervisor, proceeding, "not_proven")


def test_the_outcome_needs_findings(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer()
    proceeding = build.held(subject=subject)
    with pytest.raises(ApplicationError, match=re.escape(svc.NO_FINDINGS)):
        decide(supervisor, proceeding, "final_written_warning")


def test_a_gross_misconduct_outcome_moves_the_subject_on(
    build: Build, supervisor: User
) -> None:
    proceeding = build.found(findings="proven_gross_misconduct")
    subject = proceeding.subject
    with one_audit_event():
        outcome = decide(supervisor, proceeding, "final_written_warning")
    subject.refresh_from_db()
    assert subject.status == Subject.Status.OUTCOME_DECIDED
    assert outcome.is_current is True
    assert not ListReport.objects.filter(subject=subject).exists()
    with pytest.raises(ApplicationError, match="already has an outcome"):
        decide(supervisor, proceeding, "reduction_in_rank")
    with one_audit_event():
        subject_conclude(
            actor=supervisor, subject=subject, concluded_on=dt.date(2023, 10, 2)
        )
    subject.refresh_from_db()
    assert subject.status == Subject.Status.CONCLUDED
    with pytest.raises(InvalidTransition, match="concluded cannot become concluded"):
        subject_conclude(
            actor=supervisor, subject=subject, concluded_on=dt.date(2023, 10, 3)
        )


def test_it_refuses_an_outcome_outside_the_table(
    build: Build, supervisor: User
) -> None:
    proceeding = build.found(findings="proven_gross_misconduct")
    subject = proceeding.subject
    with pytest.raises(ApplicationError, match="Written warning is not available"):
        decide(supervisor, proceeding, "written_warning")
    subject.refresh_from_db()
    assert subject.status == Subject.Status.REFERRED_TO_PROCEEDINGS


def test_would_have_been_dismissed_is_refused_for_a_serving_officer(
    build: Build, supervisor: User
) -> None:
    proceeding = build.found(findings="proven_gross_misconduct")
    with pytest.raises(ApplicationError, match="is a serving officer"):
        decide(supervisor, proceeding, "would_have_been_dismissed")


def test_nothing_proven_limits_the_outcome(build: Build, supervisor: User) -> None:
    proceeding = build.found(findings="not_proven")
    with pytest.raises(ApplicationError, match=r"not available .* not proven"):
        decide(supervisor, proceeding, "final_written_warning")
    assert decide(supervisor, proceeding, "refer_to_rprp").kind == "refer_to_rprp"


def test_a_meeting_gives_warnings_only(build: Build, supervisor: User) -> None:
    proceeding = build.found(
        results=(MISCONDUCT,), form="misconduct_meeting", findings="proven_misconduct"
    )
    with pytest.raises(ApplicationError, match="Dismissal without notice is not"):
        decide(supervisor, proceeding, "dismissal_without_notice")
    assert decide(supervisor, proceeding, "written_warning").kind == "written_warning"


def test_dismissal_for_misconduct_needs_r42_5_or_6(
    build: Build, supervisor: User
) -> None:
    proceeding = build.found(
        results=(MISCONDUCT, MISCONDUCT),
        separate_incidents=True,
        findings=("proven_misconduct", "not_proven"),
    )
    with pytest.raises(
        ApplicationError, match=re.escape(svc.SEVERE_OUTCOME_NEEDS_GROUNDS)
    ):
        decide(supervisor, proceeding, "reduction_in_rank")


def test_dismissal_for_misconduct_with_a_warning_in_force(
    build: Build, supervisor: User
) -> None:
    proceeding = misconduct_proven_under_a_warning(build)
    subject = proceeding.subject
    outcome = decide(supervisor, proceeding, "dismissal_without_notice")
    report = ListReport.objects.get(subject=subject)
    assert report.kind == ListReport.Kind.BARRED
    assert report.event_on == outcome.decided_on


def test_dismissal_creates_a_barred_list_report_with_its_content(
    build: Build, supervisor: User, northamptonshire: Force
) -> None:
    proceeding = build.found(findings="proven_gross_misconduct")
    subject = proceeding.subject
    decide(supervisor, proceeding, "dismissal_without_notice")
    report = ListReport.objects.get(subject=subject)
    assert report.status == ListReport.Status.PENDING
    assert report.relevant_authority == northamptonshire
    content = report.content
    assert content["full_name"] == subject.person.full_name
    assert content["force"] == "Northamptonshire Police"
    assert content["date_of_birth"] == "1985-03-14"
    assert content["status"] == "officer"
    assert content["rank"] == "Police Constable"
    assert content["identifier"] == "1234"
    assert content["standards_breached"] == ["1. Honesty and Integrity"]
    assert "proven: gross misconduct" in content["conduct"][0]
    assert content["date_of_event"] == "2023-09-04"
    assert content["prior_advisory_report"] is None


def test_a_barred_list_report_without_a_date_of_birth_is_refused(
    build: Build, supervisor: User
) -> None:
    proceeding = build.found(
        role=build.role(date_of_birth=None), findings="proven_gross_misconduct"
    )
    subject = proceeding.subject
    with pytest.raises(ApplicationError, match="date of birth missing"):
        decide(supervisor, proceeding, "dismissal_without_notice")
    # The whole outcome is refused, not half-recorded.
    assert not Outcome.objects.filter(subject=subject).exists()
    subject.refresh_from_db()
    assert subject.status == Subject.Status.REFERRED_TO_PROCEEDINGS


def test_a_barred_list_report_needs_a_warrant_number(
    build: Build, supervisor: User
) -> None:
    proceeding = build.found(
        role=build.role(identifier=""), findings="proven_gross_misconduct"
    )
    with pytest.raises(ApplicationError, match="warrant or identifying number"):
        decide(supervisor, proceeding, "dismissal_without_notice")


def test_a_person_who_left_before_a_misconduct_hearing_gets_no_outcome(
    build: Build, supervisor: User
) -> None:
    proceeding = misconduct_proven_under_a_warning(build)
    subject = proceeding.subject
    apply_employment_event(
        role=subject.role, kind="resigned", occurred_on=dt.date(2023, 8, 1)
    )
    with pytest.raises(
        ApplicationError, match="before the misconduct hearing was held"
    ):
        decide(supervisor, proceeding, "final_written_warning")


def test_an_accelerated_hearing_refuses_a_second_final_written_warning_r62_3(
    build: Build, supervisor: User
) -> None:
    """PCR 2020 r62(3): a final written warning "must not be given" where one
    was in force; the refusal names the rule."""
    proceeding = build.found(
        form="accelerated_hearing",
        final_written_warning_in_force=True,
        findings="proven_gross_misconduct",
    )
    with refused(svc.WARNING_ALREADY_IN_FORCE, rule="outcome.r62_3"):
        decide(supervisor, proceeding, "final_written_warning")
    assert decide(supervisor, proceeding, "reduction_in_rank").kind == (
        "reduction_in_rank"
    )


def test_a_2012_hearing_refuses_dismissal_for_misconduct_without_a_warning_r35_5(
    build: Build, supervisor: User
) -> None:
    """PCR 2012 r35(5): no dismissal for misconduct unless a final written
    warning was in force on the date of the assessment (here a hearing for
    gross misconduct found misconduct only)."""
    proceeding = build.found(
        on=RULES_2012_DAY, results=(GROSS,), findings="proven_misconduct"
    )
    assert proceeding.subject.case.regime == "2012"
    with refused(svc.DISMISSAL_NEEDS_WARNING_2012, rule="outcome.r35_5"):
        decide(supervisor, proceeding, "dismissal_with_notice")
    outcome = decide(supervisor, proceeding, "finding_no_further_action")
    assert outcome.get_kind_display() == "Finding of misconduct, no further action"


def test_a_2012_hearing_dismissal_with_notice_is_reported_to_the_barred_list(
    build: Build, supervisor: User
) -> None:
    """PA96 s88A: any dismissal is reported, with notice (PCR 2012 r35(4)) as
    well as without."""
    proceeding = build.found(on=RULES_2012_DAY, findings="proven_gross_misconduct")
    decide(supervisor, proceeding, "dismissal_with_notice")
    report = ListReport.objects.get(subject=proceeding.subject)
    assert report.kind == ListReport.Kind.BARRED


def test_a_2012_case_is_refused_a_reduction_in_rank(
    build: Build, supervisor: User
) -> None:
    """PCR 2012 r35(3): no reduction in rank under the 2012 rules."""
    proceeding = build.found(on=RULES_2012_DAY, findings="proven_gross_misconduct")
    with refused(containing="Reduction in rank is not available", rule="outcome.r42"):
        decide(supervisor, proceeding, "reduction_in_rank")


def test_a_dismissal_before_the_lists_began_is_not_reported(
    build: Build, supervisor: User
) -> None:
    """BL Regs 2017 r1: the barred list starts on 15 December 2017; a
    dismissal decided before it makes no report."""
    proceeding = build.found(on=dt.date(2016, 3, 1), findings="proven_gross_misconduct")
    outcome_record(
        actor=supervisor,
        proceeding=proceeding,
        kind="dismissal_without_notice",
        decided_on=dt.date(2017, 12, 14),
        reasons="The panel's reasons.",
    )
    assert not ListReport.objects.filter(subject=proceeding.subject).exists()


def test_the_outcome_report_is_recorded_once_after_the_outcome(
    build: Build, supervisor: User
) -> None:
    """PCR r43(2): the report goes to the officer after the outcome, once;
    the officer cannot have it before the authority did."""
    proceeding = build.found(findings="proven_gross_misconduct")
    report = partial(svc.outcome_report_record, actor=supervisor, proceeding=proceeding)
    with refused(svc.REPORT_BEFORE_OUTCOME, rule="outcome_report.outcome"):
        report(received_on=HELD_ON, given_on=HELD_ON)
    decide(supervisor, proceeding, "final_written_warning")
    with refused(rule="date.order"):
        report(received_on=HELD_ON, given_on=HELD_ON - dt.timedelta(days=1))
    with one_audit_event("outcome.report_recorded"):
        outcome = report(received_on=HELD_ON, given_on=dt.date(2023, 9, 6))
    assert (outcome.report_received_on, outcome.report_given_on) == (
        HELD_ON,
        dt.date(2023, 9, 6),
    )
    with refused(
        svc.REPORT_ALREADY_RECORDED.format(on=dt.date(2023, 9, 6)),
        rule="outcome_report.once",
    ):
        report(received_on=HELD_ON, given_on=HELD_ON)


def test_an_accelerated_hearing_refuses_a_second_reduction_in_rank_r62_7(
    build: Build, supervisor: User
) -> None:
    """PCR r62(7): recorded at referral, the earlier reduction in rank bars
    another at the accelerated hearing, and the refusal names the rule."""
    proceeding = build.found(
        form="accelerated_hearing",
        previously_reduced_in_rank=True,
        findings="proven_gross_misconduct",
    )
    assert proceeding.previously_reduced_in_rank
    with refused(svc.REDUCED_BEFORE, rule="outcome.r62_7"):
        decide(supervisor, proceeding, "reduction_in_rank")
    assert decide(supervisor, proceeding, "final_written_warning").kind == (
        "final_written_warning"
    )


def test_a_written_warning_under_a_final_written_warning_is_refused_r42_7(
    build: Build, supervisor: User
) -> None:
    """PCR 2020 r42(7) (first words read; a setting while the rest is unread):
    the refusal names the rule, and a final written warning is still open."""
    proceeding = misconduct_proven_under_a_warning(build)
    with refused(svc.WRITTEN_WARNING_UNDER_FINAL, rule="outcome.r42_7"):
        decide(supervisor, proceeding, "written_warning")
    assert decide(supervisor, proceeding, "final_written_warning").kind == (
        "final_written_warning"
    )
