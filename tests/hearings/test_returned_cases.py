"""An accelerated hearing that finds the conduct short of gross misconduct
may return the case to the appropriate authority instead of dismissing it
(PCR 2020 r62(8)(b); PCR 2012 r55(6)(b): "return the case to the appropriate
authority to deal with in accordance with Part 4 at a misconduct meeting or,
if the officer concerned had a final written warning in force at the date of
the assessment of conduct, a misconduct hearing")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conduct.models import User
from hearings.models import HearingsClock, Proceeding
from hearings.services import outcomes as svc
from hearings.services.outcomes import findings_record, outcome_record
from hearings.services.proceedings import proceeding_refer
from hearings.services.proceedings import referral as referral_svc
from referrals.models import Deadline, Subject
from tests.assertions import nothing_written, one_audit_event, refused
from tests.builders import Build

pytestmark = pytest.mark.django_db


def accelerated_found(build: Build, findings: str, **referral: Any) -> Proceeding:
    """An accelerated hearing held, ``findings`` on its one allegation (a case
    to answer for gross misconduct)."""
    return build.found(form="accelerated_hearing", findings=findings, **referral)


def give_back(supervisor: User, proceeding: Proceeding, **overrides: Any) -> Proceeding:
    assert proceeding.held_on is not None
    arguments: dict[str, Any] = {
        "actor": supervisor,
        "proceeding": proceeding,
        "returned_on": proceeding.held_on + dt.timedelta(days=2),
        "rationale": "Misconduct, not gross misconduct: dealt with at a meeting.",
    }
    return svc.proceeding_return(**(arguments | overrides))


def refer_again(supervisor: User, subject: Subject, form: str, **extra: Any) -> Any:
    returned = Proceeding.objects.get(subject=subject, status="returned")
    assert returned.returned_on is not None
    return proceeding_refer(
        actor=supervisor,
        subject=subject,
        form=form,
        referred_on=returned.returned_on,
        rationale="Returned by the accelerated hearing.",
        **extra,
    )


def test_a_misconduct_finding_returns_the_case_to_a_meeting_r62_8_b(
    build: Build, supervisor: User
) -> None:
    """PCR r62(8)(b): the accelerated hearing's proceeding ends as returned,
    its report's clock met; the subject stays referred and goes to a
    misconduct meeting, where gross misconduct can no longer be found."""
    proceeding = accelerated_found(build, "proven_misconduct")
    assert proceeding.held_on is not None
    with one_audit_event("proceeding.returned"):
        returned = give_back(supervisor, proceeding)
    assert returned.status == Proceeding.Status.RETURNED
    assert returned.returned_on == proceeding.held_on + dt.timedelta(days=2)
    report = Deadline.objects.get(
        subject=proceeding.subject, rule__code=HearingsClock.ACCELERATED_OUTCOME_REPORT
    )
    assert (report.status, report.met_on) == ("met", returned.returned_on)
    subject = Subject.objects.get(pk=proceeding.subject_id)
    assert subject.status == Subject.Status.REFERRED_TO_PROCEEDINGS

    meeting = refer_again(supervisor, subject, "misconduct_meeting")
    held_on = returned.returned_on + dt.timedelta(days=21)
    served = build.served(meeting, served_on=meeting.referred_on)
    meeting = build.held(build.scheduled(served, hearing_on=held_on, panel="full"))
    allegation = subject.allegations.get()
    with refused(rule="finding.returned"):
        findings_record(
            actor=supervisor,
            proceeding=meeting,
            results={allegation.pk: "proven_gross_misconduct"},
            recorded_on=held_on,
            rationale="The chair's findings.",
        )
    findings_record(
        actor=supervisor,
        proceeding=meeting,
        results={allegation.pk: "proven_misconduct"},
        recorded_on=held_on,
        rationale="The chair's findings.",
    )
    outcome = outcome_record(
        actor=supervisor,
        proceeding=meeting,
        kind="written_warning",
        decided_on=held_on,
        reasons="The chair's reasons.",
    )
    assert outcome.proceeding_id == meeting.pk
    assert Proceeding.objects.filter(subject=subject).count() == 2


@pytest.mark.parametrize("form", ["accelerated_hearing", "misconduct_hearing"])
def test_a_returned_case_goes_to_a_meeting_without_a_warning_in_force_r55_6_b(
    build: Build, supervisor: User, form: str
) -> None:
    """PCR 2012 r55(6)(b) (r62(8)(b) to the same effect): a meeting, or a
    hearing only where a final written warning was in force."""
    proceeding = accelerated_found(build, "proven_misconduct")
    give_back(supervisor, proceeding)
    extra: dict[str, Any] = {}
    if form == "accelerated_hearing":
        extra = {
            "special_conditions_certified_on": proceeding.held_on,
            "special_conditions_certified_by": "Deputy Chief Constable",
        }
    with (
        refused(referral_svc.RETURNED_CASE_FORM, rule="proceeding.r62_8"),
        nothing_written(),
    ):
        refer_again(supervisor, proceeding.subject, form, **extra)


def test_a_returned_case_goes_to_a_hearing_with_a_warning_in_force_r55_6_b(
    build: Build, supervisor: User
) -> None:
    proceeding = accelerated_found(build, "proven_misconduct")
    give_back(supervisor, proceeding)
    hearing = refer_again(
        supervisor,
        proceeding.subject,
        "misconduct_hearing",
        final_written_warning_in_force=True,
    )
    assert hearing.form == "misconduct_hearing"


def test_only_an_accelerated_hearing_short_of_gross_misconduct_returns_r62_8(
    build: Build, supervisor: User
) -> None:
    """A hearing cannot return a case; gross misconduct found at an
    accelerated hearing must be dealt with there (r62(1)); an outcome already
    recorded cannot be undone by a return."""
    hearing = build.found(findings="proven_misconduct")
    with refused(svc.RETURN_ONLY_ACCELERATED, rule="proceeding.r62_8"):
        give_back(supervisor, hearing)

    gross = accelerated_found(build, "proven_gross_misconduct")
    with refused(svc.RETURN_NOT_FOR_GROSS_MISCONDUCT, rule="proceeding.r62_8"):
        give_back(supervisor, gross)

    decided = accelerated_found(build, "proven_misconduct")
    assert decided.held_on is not None
    outcome_record(
        actor=supervisor,
        proceeding=decided,
        kind="no_action",
        decided_on=decided.held_on,
        reasons="The case is dismissed (r62(8)(a)).",
    )
    with refused(rule="proceeding.r62_8"), nothing_written():
        give_back(supervisor, decided)


def test_a_return_waits_for_the_findings_and_the_hearing(
    build: Build, supervisor: User
) -> None:
    held = build.held(form="accelerated_hearing")
    with refused(svc.RETURN_NEEDS_FINDINGS, rule="proceeding.r62_8"):
        give_back(supervisor, held)
    found = accelerated_found(build, "proven_misconduct")
    assert found.held_on is not None
    with refused(rule="date.order"):
        give_back(supervisor, found, returned_on=found.held_on - dt.timedelta(days=1))
