"""Appeals replace the current outcome and keep the history."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.exceptions import ApplicationError, InvalidTransition
from conduct.models import User
from hearings.models import Appeal, Finding, ListReport, Outcome, Proceeding
from hearings.selectors.proceedings import current_outcome_for, outcome_history
from hearings.services import appeals
from hearings.services.appeals import appeal_decide, appeal_lodge, appeal_withdraw
from referrals.models import Subject
from tests.assertions import one_audit_event, refused
from tests.builders import GROSS, MISCONDUCT, Build

pytestmark = pytest.mark.django_db
LODGED_ON = dt.date(2023, 9, 12)


def decided(
    build: Build,
    *,
    form: str = "misconduct_hearing",
    finding: str = "proven_gross_misconduct",
    kind: str = "dismissal_without_notice",
) -> tuple[Subject, Proceeding, Outcome]:
    """An outcome of ``kind`` on the ``finding``, decided on the day held."""
    results = (MISCONDUCT,) if form == "misconduct_meeting" else (GROSS,)
    outcome = build.decided(form=form, results=results, findings=finding, outcome=kind)
    return outcome.subject, outcome.proceeding, outcome


def lodge(supervisor: User, subject: Subject) -> Appeal:
    """An appeal lodged on LODGED_ON; a tribunal's copy of the notice reaches
    the appropriate authority the same day."""
    outcome = current_outcome_for(subject)
    assert outcome is not None
    tribunal = outcome.proceeding.form != "misconduct_meeting"
    return appeal_lodge(
        actor=supervisor,
        subject=subject,
        lodged_on=LODGED_ON,
        notice_received_on=LODGED_ON if tribunal else None,
        grounds="Unfair.",
    )


def test_a_tribunal_appeal_needs_the_day_the_notice_reached_the_respondent(
    build: Build, supervisor: User
) -> None:
    """PAT Rules 2020 r13(3): the respondent's papers run from its copy of the
    notice, so the day it arrived is asked for; an appeal meeting has none."""
    subject, _, _ = decided(build)
    with refused(
        appeals.NOTICE_RECEIVED_REQUIRED,
        rule="appeal.notice_received_on",
        case=subject.case,
    ):
        appeal_lodge(
            actor=supervisor, subject=subject, lodged_on=LODGED_ON, grounds="Unfair."
        )
    meeting, _, _ = decided(
        build,
        form="misconduct_meeting",
        finding="proven_misconduct",
        kind="final_written_warning",
    )
    with refused(
        appeals.NOTICE_RECEIVED_ONLY_FOR_TRIBUNAL,
        rule="appeal.notice_received_on",
        case=meeting.case,
    ):
        appeal_lodge(
            actor=supervisor,
            subject=meeting,
            lodged_on=LODGED_ON,
            notice_received_on=LODGED_ON,
            grounds="Unfair.",
        )


def test_a_hearing_outcome_goes_to_the_tribunal(build: Build, supervisor: User) -> None:
    subject, _, outcome = decided(build)
    with one_audit_event():
        appeal = lodge(supervisor, subject)
    assert appeal.kind == Appeal.Kind.POLICE_APPEALS_TRIBUNAL
    assert appeal.outcome == outcome
    subject.refresh_from_db()
    assert subject.status == Subject.Status.UNDER_APPEAL
    with pytest.raises(InvalidTransition, match="under appeal cannot become under"):
        lodge(supervisor, subject)


def test_a_meeting_outcome_goes_to_an_appeal_meeting(
    build: Build, supervisor: User
) -> None:
    subject, _, _ = decided(
        build,
        form="misconduct_meeting",
        finding="proven_misconduct",
        kind="final_written_warning",
    )
    appeal = lodge(supervisor, subject)
    assert appeal.kind == Appeal.Kind.APPEAL_MEETING


def test_no_action_cannot_be_appealed(build: Build, supervisor: User) -> None:
    subject, _, _ = decided(build, finding="not_proven", kind="no_action")
    with pytest.raises(ApplicationError, match="nothing to appeal"):
        lodge(supervisor, subject)


def test_a_dismissed_appeal_keeps_the_outcome(build: Build, supervisor: User) -> None:
    subject, _, outcome = decided(build)
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
    build: Build, supervisor: User
) -> None:
    subject, _, original = decided(build)
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


def test_the_substituted_outcome_must_fit_r42(build: Build, supervisor: User) -> None:
    subject, _, _ = decided(build)
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
    build: Build, supervisor: User
) -> None:
    subject, _, _ = decided(build, kind="final_written_warning")
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


def test_an_appeal_can_substitute_findings(build: Build, supervisor: User) -> None:
    subject, proceeding, _ = decided(build)
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
    build: Build, supervisor: User
) -> None:
    subject, _, outcome = decided(build)
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
