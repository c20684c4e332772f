"""Appeals replace the current outcome and keep the history."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.exceptions import ApplicationError, InvalidTransition
from conduct.models import Force, User
from hearings.models import Appeal, Finding, ListReport, Outcome, Proceeding
from hearings.selectors.proceedings import current_outcome_for, outcome_history
from hearings.services.appeals import appeal_decide, appeal_lodge, appeal_withdraw
from hearings.services.outcomes import findings_record, outcome_record
from referrals.models import Subject
from tests.hearings.conftest import (
    MISCONDUCT,
    held_proceeding,
    one_audit_event,
    subject_with_case_to_answer,
)

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2023, 9, 4)
LODGED_ON = dt.date(2023, 9, 12)


def decided(
    supervisor: User,
    force: Force,
    *,
    form: str = "misconduct_hearing",
    finding: str = "proven_gross_misconduct",
    kind: str = "dismissal_without_notice",
) -> tuple[Subject, Proceeding, Outcome]:
    results = (
        (MISCONDUCT,)
        if form == "misconduct_meeting"
        else ("case_to_answer_gross_misconduct",)
    )
    subject = subject_with_case_to_answer(
        supervisor=supervisor, force=force, results=results
    )
    proceeding = held_proceeding(supervisor=supervisor, subject=subject, form=form)
    allegation = subject.allegations.get()
    findings_record(
        actor=supervisor,
        proceeding=proceeding,
        results={allegation.pk: finding},
        recorded_on=HELD_ON,
        rationale="Findings.",
    )
    outcome = outcome_record(
        actor=supervisor,
        proceeding=proceeding,
        kind=kind,
        decided_on=HELD_ON,
        reasons="Reasons.",
    )
    return subject, proceeding, outcome


def lodge(supervisor: User, subject: Subject) -> Appeal:
    return appeal_lodge(
        actor=supervisor, subject=subject, lodged_on=LODGED_ON, grounds="Unfair."
    )


def test_a_hearing_outcome_goes_to_the_tribunal(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, outcome = decided(supervisor, northamptonshire)
    with one_audit_event():
        appeal = lodge(supervisor, subject)
    assert appeal.kind == Appeal.Kind.POLICE_APPEALS_TRIBUNAL
    assert appeal.outcome == outcome
    subject.refresh_from_db()
    assert subject.status == Subject.Status.UNDER_APPEAL
    with pytest.raises(InvalidTransition, match="under appeal cannot become under"):
        lodge(supervisor, subject)


def test_a_meeting_outcome_goes_to_an_appeal_meeting(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, _ = decided(
        supervisor,
        northamptonshire,
        form="misconduct_meeting",
        finding="proven_misconduct",
        kind="final_written_warning",
    )
    appeal = lodge(supervisor, subject)
    assert appeal.kind == Appeal.Kind.APPEAL_MEETING


def test_no_action_cannot_be_appealed(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, _ = decided(
        supervisor, northamptonshire, finding="not_proven", kind="no_action"
    )
    with pytest.raises(ApplicationError, match="nothing to appeal"):
        lodge(supervisor, subject)


def test_a_dismissed_appeal_keeps_the_outcome(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, outcome = decided(supervisor, northamptonshire)
    appeal = lodge(supervisor, subject)
    with pytest.raises(ApplicationError, match="leaves the outcome as it is"):
        appeal_decide(
            actor=supervisor,
            appeal=appeal,
            result="dismissed",
            decided_on=dt.date(2024, 1, 10),
            reasons="No merit.",
            substituted_outcome="final_written_warning",
        )
    with one_audit_event():
        appeal_decide(
            actor=supervisor,
            appeal=appeal,
            result="dismissed",
            decided_on=dt.date(2024, 1, 10),
            reasons="No merit.",
        )
    appeal.refresh_from_db()
    subject.refresh_from_db()
    assert appeal.status == Appeal.Status.DISMISSED
    assert subject.status == Subject.Status.OUTCOME_DECIDED
    assert current_outcome_for(subject) == outcome
    with pytest.raises(InvalidTransition, match="dismissed cannot become allowed"):
        appeal_decide(
            actor=supervisor,
            appeal=appeal,
            result="allowed",
            decided_on=dt.date(2024, 1, 11),
            reasons="Changed mind.",
            substituted_outcome="final_written_warning",
        )


def test_an_allowed_appeal_replaces_the_outcome_and_keeps_history(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, original = decided(supervisor, northamptonshire)
    barred = ListReport.objects.get(subject=subject, kind="barred")
    appeal = lodge(supervisor, subject)
    with one_audit_event():
        appeal_decide(
            actor=supervisor,
            appeal=appeal,
            result="allowed",
            decided_on=dt.date(2024, 1, 10),
            reasons="Dismissal was unreasonable.",
            substituted_outcome="final_written_warning",
        )
    original.refresh_from_db()
    current = current_outcome_for(subject)
    assert current is not None
    assert current.kind == "final_written_warning"
    assert current.appeal == appeal
    assert original.is_current is False
    assert original.superseded_by == current
    assert [o.kind for o in outcome_history(subject)] == [
        "dismissal_without_notice",
        "final_written_warning",
    ]
    # The barred list entry is followed by a further report (s88F).
    barred.refresh_from_db()
    further = ListReport.objects.get(subject=subject, kind="barred_further")
    assert barred.superseded_by == further
    assert further.previous_report == barred
    subject.refresh_from_db()
    assert subject.status == Subject.Status.OUTCOME_DECIDED


def test_the_substituted_outcome_must_fit_r42(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, _ = decided(supervisor, northamptonshire)
    appeal = lodge(supervisor, subject)
    with pytest.raises(ApplicationError, match="Written warning is not available"):
        appeal_decide(
            actor=supervisor,
            appeal=appeal,
            result="allowed",
            decided_on=dt.date(2024, 1, 10),
            reasons="Too harsh.",
            substituted_outcome="written_warning",
        )
    with pytest.raises(ApplicationError, match="Say which outcome"):
        appeal_decide(
            actor=supervisor,
            appeal=appeal,
            result="allowed",
            decided_on=dt.date(2024, 1, 10),
            reasons="Too harsh.",
        )


def test_an_appeal_cannot_make_the_outcome_more_severe(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, _ = decided(supervisor, northamptonshire, kind="final_written_warning")
    appeal = lodge(supervisor, subject)
    with pytest.raises(ApplicationError, match="cannot make the outcome more severe"):
        appeal_decide(
            actor=supervisor,
            appeal=appeal,
            result="allowed",
            decided_on=dt.date(2024, 1, 10),
            reasons="Worse.",
            substituted_outcome="dismissal_without_notice",
        )


def test_an_appeal_can_substitute_findings(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, proceeding, _ = decided(supervisor, northamptonshire)
    allegation = subject.allegations.get()
    appeal = lodge(supervisor, subject)
    appeal_decide(
        actor=supervisor,
        appeal=appeal,
        result="allowed",
        decided_on=dt.date(2024, 1, 10),
        reasons="Finding unsafe.",
        substituted_outcome="no_action",
        substituted_findings={allegation.pk: "not_proven"},
    )
    findings = list(Finding.objects.filter(proceeding=proceeding).order_by("id"))
    assert [(f.result, f.is_current) for f in findings] == [
        ("proven_gross_misconduct", False),
        ("not_proven", True),
    ]
    assert findings[1].appeal == appeal


def test_a_withdrawn_appeal_returns_to_the_outcome(
    supervisor: User, northamptonshire: Force
) -> None:
    subject, _, outcome = decided(supervisor, northamptonshire)
    appeal = lodge(supervisor, subject)
    with one_audit_event():
        appeal_withdraw(
            actor=supervisor,
            appeal=appeal,
            withdrawn_on=dt.date(2023, 10, 1),
            rationale="Officer withdrew.",
        )
    subject.refresh_from_db()
    assert subject.status == Subject.Status.OUTCOME_DECIDED
    assert current_outcome_for(subject) == outcome
