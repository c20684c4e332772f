"""The clocks proceedings, outcomes, appeals and list reports start and stop,
and the sub judice pause of proceedings (PCR r10(3))."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.exceptions import ApplicationError
from conduct.models import User
from hearings.models import OutcomeKind
from hearings.services.appeals import appeal_lodge
from hearings.services.outcomes import outcome_report_record, subject_conclude
from hearings.services.proceedings import (
    proceeding_response_record,
    proceeding_schedule,
)
from referrals.models import Deadline
from referrals.services.criminal import criminal_sub_judice_set
from tests.builders import GROSS, MISCONDUCT, Build

pytestmark = pytest.mark.django_db
D = dt.date


def clocks(subject_id: int) -> dict[str, tuple[str, dt.date]]:
    return {
        deadline.rule.code: (deadline.status, deadline.due_on)
        for deadline in Deadline.objects.filter(subject_id=subject_id).select_related(
            "rule"
        )
    }


def test_a_notice_of_referral_starts_the_response_and_the_response_the_witness_lists(
    build: Build, supervisor: User
) -> None:
    proceeding = build.served(referred_on=D(2023, 7, 3))
    subject = proceeding.subject
    # PCR r31(1): 15 working days beginning with Tue 4 Jul 2023.
    assert clocks(subject.pk)["referral_response"] == ("open", D(2023, 7, 24))
    proceeding_response_record(
        actor=supervisor,
        proceeding=proceeding,
        received_on=D(2023, 7, 20),
        accepts_conduct=False,
        account="I deny it.",
    )
    after = clocks(subject.pk)
    assert after["referral_response"][0] == "met"
    # PCR r31(4): 3 working days after the response.
    assert after["witness_lists"] == ("open", D(2023, 7, 25))


def test_the_appeal_window_opens_when_the_report_is_given_to_the_officer(
    build: Build, supervisor: User
) -> None:
    """PCR r43(1): the chair's report within 5 working days of the hearing,
    met when the appropriate authority receives it, not by the decision;
    r43(2): the report then goes to the officer, and the appeal window runs
    from that day (the tribunal's notice here, 10 WD, unverified)."""
    proceeding = build.held(held_on=D(2023, 9, 4))
    subject = proceeding.subject
    # 5 working days beginning with the first working day after Mon 4 Sep.
    assert clocks(subject.pk)["outcome_report"] == ("open", D(2023, 9, 11))
    build.decided(
        build.found(proceeding, findings="proven_gross_misconduct"),
        outcome=OutcomeKind.FINAL_WRITTEN_WARNING,
        decided_on=D(2023, 9, 6),
    )
    after = clocks(subject.pk)
    assert after["outcome_report"][0] == "open"
    assert "pat_appeal_notice" not in after
    outcome_report_record(
        actor=supervisor,
        proceeding=proceeding,
        received_on=D(2023, 9, 8),
        given_on=D(2023, 9, 11),
    )
    after = clocks(subject.pk)
    assert after["outcome_report"][0] == "met"
    assert after["pat_appeal_notice"] == ("open", D(2023, 9, 25))


def test_the_respondents_papers_run_from_its_copy_of_the_notice_r13_3(
    build: Build, supervisor: User
) -> None:
    """PAT Rules 2020 r13(3): 15 working days from the respondent's receipt
    of its copy of the notice of appeal, not from the appeal's lodging."""
    outcome = build.decided(
        findings="proven_gross_misconduct",
        outcome=OutcomeKind.FINAL_WRITTEN_WARNING,
        decided_on=D(2023, 9, 6),
    )
    appeal_lodge(
        actor=supervisor,
        subject=outcome.subject,
        lodged_on=D(2023, 9, 15),
        notice_received_on=D(2023, 9, 18),
        grounds="Severity.",
    )
    # Beginning with Tue 19 Sep, the first working day after Mon 18 Sep.
    assert clocks(outcome.subject_id)["pat_respondent_papers"] == (
        "open",
        D(2023, 10, 9),
    )


def test_concluding_without_an_appeal_closes_the_window(
    build: Build, supervisor: User
) -> None:
    outcome = build.decided(
        results=(MISCONDUCT,),
        form="misconduct_meeting",
        held_on=D(2023, 9, 4),
        findings="proven_misconduct",
        outcome=OutcomeKind.WRITTEN_WARNING,
        decided_on=D(2023, 9, 5),
    )
    subject = outcome.subject
    outcome_report_record(
        actor=supervisor,
        proceeding=outcome.proceeding,
        received_on=D(2023, 9, 5),
        given_on=D(2023, 9, 7),
    )
    # PCR r45(3)(a): 7 working days beginning with Fri 8 Sep, the first
    # working day after the report was given.
    assert clocks(subject.pk)["meeting_appeal"] == ("open", D(2023, 9, 18))
    subject_conclude(actor=supervisor, subject=subject, concluded_on=D(2023, 9, 20))
    assert clocks(subject.pk)["meeting_appeal"][0] == "cancelled"


def test_a_dismissal_starts_the_barred_list_report_clock(build: Build) -> None:
    subject = build.decided(
        held_on=D(2023, 9, 4),
        findings="proven_gross_misconduct",
        outcome=OutcomeKind.DISMISSAL_WITHOUT_NOTICE,
        decided_on=D(2023, 9, 5),
    ).subject
    # BL Regs r3(1): 5 working days beginning with Tue 5 Sep 2023 (P2).
    assert clocks(subject.pk)["barred_list_report"] == ("open", D(2023, 9, 11))


def test_proceedings_cannot_be_scheduled_while_paused(
    build: Build, supervisor: User
) -> None:
    proceeding = build.served(results=(GROSS,), referred_on=D(2023, 7, 3))
    subject = proceeding.subject
    build.paused(subject.case, paused_on=D(2023, 7, 5))
    assert clocks(subject.pk)["referral_response"][0] == "paused"
    with pytest.raises(ApplicationError, match="paused while criminal proceedings"):
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=D(2023, 9, 4)
        )
    criminal_sub_judice_set(
        actor=supervisor,
        case=subject.case,
        paused=False,
        rationale="Acquitted.",
        on=D(2023, 7, 12),
    )
    # Paused Wed 5 to Tue 11 Jul: 5 working days added to Mon 24 Jul.
    assert clocks(subject.pk)["referral_response"] == ("open", D(2023, 7, 31))
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=D(2023, 9, 4)
    )


def test_withdrawn_proceedings_close_the_subject_and_remove_the_advisory_entry(
    build: Build, supervisor: User
) -> None:
    from hearings.models import ListReport
    from hearings.services.employment import employment_event_record
    from hearings.services.proceedings import (
        proceeding_withdraw,
        subject_close_without_proceedings,
    )
    from referrals.models import Subject

    proceeding = build.referred(
        results=(MISCONDUCT,), form="misconduct_meeting", referred_on=D(2023, 7, 3)
    )
    subject = proceeding.subject
    with pytest.raises(ApplicationError, match="Withdraw"):
        subject_close_without_proceedings(
            actor=supervisor, subject=subject, decided_on=D(2023, 7, 4), rationale="x"
        )
    employment_event_record(
        actor=supervisor, role=subject.role, kind="resigned", occurred_on=D(2023, 7, 10)
    )
    advisory = ListReport.objects.get(subject=subject, kind="advisory")
    # BL Regs r12(1): 5 WD beginning with the resignation (P2).
    assert clocks(subject.pk)["advisory_list_report"] == ("open", D(2023, 7, 14))
    proceeding.refresh_from_db()
    proceeding_withdraw(
        actor=supervisor,
        proceeding=proceeding,
        withdrawn_on=D(2023, 7, 11),
        rationale="A former officer cannot face a misconduct meeting.",
    )
    subject_close_without_proceedings(
        actor=supervisor,
        subject=subject,
        decided_on=D(2023, 7, 12),
        rationale="No proceedings can be brought.",
    )
    subject.refresh_from_db()
    assert subject.status == Subject.Status.NO_FURTHER_ACTION
    removal = ListReport.objects.get(subject=subject, kind="advisory_removal")
    assert removal.previous_report == advisory
    assert clocks(subject.pk)["advisory_list_further_report"][0] == "open"


def test_papers_to_the_chair_start_the_pre_hearing_clock(
    build: Build, supervisor: User
) -> None:
    from hearings.services.proceedings import (
        proceeding_papers_to_chair,
        proceeding_pre_hearing_set,
    )

    proceeding = build.referred(referred_on=D(2023, 7, 3))
    subject = proceeding.subject
    with pytest.raises(ApplicationError, match="papers went to the chair first"):
        proceeding_pre_hearing_set(
            actor=supervisor, proceeding=proceeding, pre_hearing_on=D(2023, 8, 1)
        )
    proceeding_papers_to_chair(
        actor=supervisor, proceeding=proceeding, supplied_on=D(2023, 8, 11)
    )
    # PCR r33(1): 15 WD beginning with Mon 14 Aug, skipping the 28 Aug holiday.
    assert clocks(subject.pk)["pre_hearing_date"] == ("open", D(2023, 9, 4))
    proceeding_pre_hearing_set(
        actor=supervisor, proceeding=proceeding, pre_hearing_on=D(2023, 8, 30)
    )
    assert clocks(subject.pk)["pre_hearing_date"] == ("met", D(2023, 9, 4))


def test_a_barred_list_report_records_when_a_review_may_be_sought(build: Build) -> None:
    from hearings.models import ListReport

    subject = build.decided(
        held_on=D(2023, 9, 4),
        findings="proven_gross_misconduct",
        outcome=OutcomeKind.DISMISSAL_WITHOUT_NOTICE,
        decided_on=D(2023, 9, 5),
    ).subject
    report = ListReport.objects.get(subject=subject, kind="barred")
    # Not before 5 years (gross misconduct): from 5 Sep 2028.
    assert report.review_eligible_on == D(2028, 9, 5)


def test_withdrawing_one_subjects_proceedings_leaves_the_others_clocks(
    build: Build,
) -> None:
    first, second = build.cases_to_answer(2)
    kept = build.served(build.referred(second, referred_on=D(2023, 7, 3)))
    withdrawn = build.served(build.referred(first, referred_on=D(2023, 7, 3)))
    assert clocks(first.pk)["referral_response"][0] == "open"
    build.withdrawn(withdrawn, withdrawn_on=D(2023, 7, 5))
    assert clocks(first.pk)["referral_response"][0] == "cancelled"
    # The other subject's hearing goes on: its clock still runs.
    assert clocks(kept.subject_id)["referral_response"][0] == "open"


def test_concluding_one_subject_leaves_the_others_appeal_window(
    build: Build, supervisor: User
) -> None:
    first, second = build.cases_to_answer(2)
    decided = [
        build.decided(
            build.found(
                build.held(
                    build.scheduled(
                        build.served(
                            build.referred(subject, referred_on=D(2023, 7, 3))
                        ),
                        panel="full",
                    )
                ),
                findings="proven_gross_misconduct",
            ),
            outcome=OutcomeKind.FINAL_WRITTEN_WARNING,
        )
        for subject in (first, second)
    ]
    for outcome in decided:
        outcome_report_record(
            actor=supervisor,
            proceeding=outcome.proceeding,
            received_on=outcome.decided_on,
            given_on=outcome.decided_on,
        )
    assert clocks(second.pk)["pat_appeal_notice"][0] == "open"
    subject_conclude(
        actor=supervisor, subject=first, concluded_on=decided[0].decided_on
    )
    assert clocks(first.pk)["pat_appeal_notice"][0] == "cancelled"
    assert clocks(second.pk)["pat_appeal_notice"][0] == "open"


def test_a_pause_leaves_a_missed_clock_missed(build: Build) -> None:
    """The response to a notice of referral was due on Mon 24 Jul 2023 and
    the sweep marked it missed; charged on 1 Aug, the case pauses without
    error, and the late clock stays late rather than paused."""
    from referrals.services.reminders import deadline_sweep

    proceeding = build.served(results=(GROSS,), referred_on=D(2023, 7, 3))
    subject = proceeding.subject
    deadline_sweep(today=D(2023, 7, 31))
    assert clocks(subject.pk)["referral_response"][0] == "missed"
    build.paused(subject.case, paused_on=D(2023, 8, 1))
    assert clocks(subject.pk)["referral_response"] == ("missed", D(2023, 7, 24))


def test_a_clock_opened_during_a_pause_waits_for_its_end(
    build: Build, supervisor: User
) -> None:
    """Charged on Wed 5 Jul 2023, the case pauses; the notice of referral
    served on Mon 10 Jul opens the response clock paused (PCR r10(3)). On
    Mon 17 Jul the pause ends: the five working days of 10 to 14 Jul are
    added to the due date it would have had."""
    proceeding = build.referred(results=(GROSS,), referred_on=D(2023, 7, 3))
    subject = proceeding.subject
    build.paused(subject.case, paused_on=D(2023, 7, 5))
    build.served(proceeding, served_on=D(2023, 7, 10))
    status, unpaused_due = clocks(subject.pk)["referral_response"]
    assert status == "paused"
    criminal_sub_judice_set(
        actor=supervisor,
        case=subject.case,
        paused=False,
        rationale="Acquitted.",
        on=D(2023, 7, 17),
    )
    assert clocks(subject.pk)["referral_response"] == (
        "open",
        unpaused_due + dt.timedelta(days=7),
    )


def test_a_clock_anchored_before_the_pause_pauses_from_its_start(
    build: Build,
) -> None:
    """The notice of referral was served on Mon 3 Jul 2023 but recorded only
    after the charge of Wed 5 Jul paused the case: its response clock is
    paused from 5 Jul, as it would have been had it been recorded on time."""
    proceeding = build.referred(results=(GROSS,), referred_on=D(2023, 7, 3))
    subject = proceeding.subject
    build.paused(subject.case, paused_on=D(2023, 7, 5))
    build.served(proceeding, served_on=D(2023, 7, 3))
    deadline = Deadline.objects.get(subject=subject, rule__code="referral_response")
    assert (deadline.status, deadline.paused_on) == ("paused", D(2023, 7, 5))
