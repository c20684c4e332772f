"""`manage.py generate_data` beside the main path: criminal proceedings and the
sub judice pause; suspensions, transfers between forces and people who are
subjects of more than one case; progress reports; outcomes and findings
substituted on appeal. Each is checked against what the services write, and
each appears in a few hundred cases."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest
from django.db import connection
from django.db.models import F

from conduct.calendar import working_days_between
from conduct.models import AuditEvent, EmploymentEvent, NonWorkingDay
from hearings.models import Appeal, Finding, Outcome, Proceeding
from hearings.rules import appeal_worsens
from referrals.models import (
    Case,
    CaseForce,
    CriminalProceedings,
    Deadline,
    DeadlineEvent,
    ProgressReport,
    Subject,
    SubJudicePeriod,
    Suspension,
)
from referrals.services.progress import addressing
from tests.hearings.test_generate_data import load

pytestmark = pytest.mark.django_db
PREFIX = "T1"
FINAL = {
    Subject.Status.REFLECTIVE_PRACTICE,
    Subject.Status.MANAGEMENT_ACTION,
    Subject.Status.NO_FURTHER_ACTION,
    Subject.Status.CONCLUDED,
}


def ours() -> dict[str, str]:
    return {"case__reference__startswith": f"{PREFIX}/"}


def audited(action: str, target: object) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_id=str(target)).order_by(
            "occurred_at"
        )
    )


def test_a_few_hundred_cases_have_each_kind_of_row() -> None:
    load(PREFIX)
    periods = SubJudicePeriod.objects.filter(**ours())
    assert periods.filter(ended_on__isnull=True).exists()
    assert periods.filter(ended_on__isnull=False).exists()
    deadlines = Deadline.objects.filter(**ours())
    assert deadlines.filter(status=Deadline.Status.PAUSED).exists()
    assert deadlines.filter(paused_working_days__gt=0).exists()
    criminal = CriminalProceedings.objects.filter(**ours())
    assert {"investigation", "charged", "concluded", "discontinued"} <= set(
        criminal.values_list("status", flat=True)
    )
    suspensions = Suspension.objects.filter(
        subject__case__reference__startswith=f"{PREFIX}/"
    )
    assert suspensions.filter(ended_on__isnull=True).exists()
    assert suspensions.filter(subject__case__status=Case.Status.CLOSED).exists()
    assert suspensions.filter(subject__case__status=Case.Status.OPEN).exists()
    assert {"suspension", "restricted_duties"} <= set(
        suspensions.values_list("kind", flat=True)
    )
    subjects = Subject.objects.filter(**ours())
    assert subjects.exclude(appropriate_authority=F("case__force")).exists()
    people = defaultdict(set)
    for person, case in subjects.values_list("person_id", "case_id"):
        people[person].add(case)
    assert any(len(cases) > 1 for cases in people.values())
    reports = ProgressReport.objects.filter(**ours())
    assert reports.filter(status=ProgressReport.Status.DRAFT).exists()
    assert reports.filter(deadline__met_late=True).exists()
    assert reports.filter(status="sent", deadline__met_late=False).exists()
    outcomes = Outcome.objects.filter(subject__case__reference__startswith=f"{PREFIX}/")
    assert outcomes.filter(is_current=False, superseded_by__isnull=False).exists()
    findings = Finding.objects.filter(
        proceeding__subject__case__reference__startswith=f"{PREFIX}/"
    )
    assert findings.filter(is_current=False).exists()
    assert findings.filter(appeal__isnull=False).exists()


def test_no_proceedings_clock_runs_while_its_case_is_paused() -> None:
    """PCR r10(3): while a case is sub judice its proceedings clocks are
    paused (deadlines_pause), and on resumption moved on by the working days
    paused (deadlines_resume); no meeting or hearing is held meanwhile."""
    load(PREFIX)
    holidays = frozenset(NonWorkingDay.objects.values_list("date", flat=True))
    for period in SubJudicePeriod.objects.filter(**ours()).select_related("case"):
        case = period.case
        assert period.started_on >= case.came_to_attention_on
        assert CriminalProceedings.objects.filter(case=case).exists()
        [paused] = audited("case.misconduct_paused", period.pk)
        resumed = audited("case.misconduct_resumed", period.pk)
        assert len(resumed) == (period.ended_on is not None)
        clocks = Deadline.objects.filter(
            case=case, rule__paused_by_criminal_proceedings=True
        )
        stopped = DeadlineEvent.objects.filter(
            deadline__case=case, kind=DeadlineEvent.Kind.PAUSED
        )
        assert paused.new_values["deadlines"] == stopped.count()
        if period.ended_on is None:
            assert not clocks.filter(status__in=Deadline.RUNNING).exists()
            assert set(
                clocks.filter(status="paused").values_list("paused_on", flat=True)
            ) <= {period.started_on}
            end = dt.date.max
        else:
            days = working_days_between(
                period.started_on - dt.timedelta(days=1),
                period.ended_on - dt.timedelta(days=1),
                holidays,
            )
            for event in DeadlineEvent.objects.filter(
                deadline__case=case, kind=DeadlineEvent.Kind.RESUMED
            ).select_related("deadline"):
                assert event.occurred_at.date() == period.ended_on
                assert event.deadline.paused_working_days == days
            end = period.ended_on
        for proceeding in Proceeding.objects.filter(subject__case=case):
            for day in (proceeding.held_on, proceeding.scheduled_for):
                assert day is None or not period.started_on <= day < end
    # Only a paused case has paused clocks.
    for deadline in Deadline.objects.filter(**ours(), status=Deadline.Status.PAUSED):
        assert deadline.paused_on is not None
        assert SubJudicePeriod.objects.filter(
            case=deadline.case_id, ended_on__isnull=True, started_on=deadline.paused_on
        ).exists()
        assert deadline.rule.paused_by_criminal_proceedings


def test_criminal_proceedings_follow_their_table() -> None:
    load(PREFIX)
    for proceedings in CriminalProceedings.objects.filter(**ours()).prefetch_related(
        "charges", "sentence"
    ):
        assert proceedings.subject.case_id == proceedings.case_id
        charges = list(proceedings.charges.all())
        ended = proceedings.status in {"concluded", "discontinued"}
        assert ended == (proceedings.ended_on is not None)
        if proceedings.status == "investigation":
            assert not charges
        elif proceedings.status != "discontinued":
            assert charges
        if proceedings.status == "concluded":
            assert all(charge.verdict for charge in charges)
            convicted = any(charge.verdict == "convicted" for charge in charges)
            assert convicted == proceedings.sentence.exists()
        assert audited("criminal.opened", proceedings.pk)


def test_suspensions_end_with_the_subject_path_or_run_on() -> None:
    load(PREFIX)
    for suspension in Suspension.objects.filter(
        subject__case__reference__startswith=f"{PREFIX}/"
    ).select_related("subject__case"):
        subject = suspension.subject
        assert suspension.started_on >= subject.case.came_to_attention_on
        assert audited("suspension.started", suspension.pk)
        if suspension.ended_on is None:
            # Still in force: the subject is still on their way through.
            assert subject.status not in FINAL
            assert subject.case.status == Case.Status.OPEN
        else:
            assert suspension.ended_on >= suspension.started_on
            assert audited("suspension.ended", suspension.pk)


def test_a_subject_s_authority_is_the_force_of_their_role() -> None:
    """hearings.services.employment: a transfer ends the role, starts one in
    the new force and makes that force the appropriate authority."""
    load(PREFIX)
    transferred = 0
    for subject in Subject.objects.filter(**ours()).select_related("role", "case"):
        assert subject.role.person_id == subject.person_id
        assert subject.role.force_id == subject.appropriate_authority_id
        if subject.appropriate_authority_id == subject.case.force_id:
            continue
        transferred += 1
        event = EmploymentEvent.objects.select_related("role").get(
            person=subject.person_id, kind="transferred"
        )
        assert event.to_force_id == subject.appropriate_authority_id
        assert event.role.force_id == subject.case.force_id
        assert (event.role.ended_on, event.role.end_reason) == (
            event.occurred_on,
            "transferred",
        )
        assert subject.role.started_on == event.occurred_on
        [audit] = audited("person.transferred", event.pk)
        assert audit.new_values["subjects_moved"] == [subject.pk]
        # The COPY fired the triggers that keep each case's forces: the
        # new force's users see the case.
        assert CaseForce.objects.filter(
            case_id=subject.case_id, force_id=subject.appropriate_authority_id
        ).exists()
    assert transferred
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT force_id, id FROM referrals_case"
            " UNION SELECT appropriate_authority_id, case_id FROM referrals_subject"
        )
        derived = set(cursor.fetchall())
    assert set(CaseForce.objects.values_list("force_id", "case_id")) == derived


def test_a_person_in_two_cases_came_up_again_after_the_first_closed() -> None:
    load(PREFIX)
    by_person = defaultdict(list)
    for subject in Subject.objects.filter(**ours()).select_related("case", "role"):
        by_person[subject.person_id].append(subject)
    again = [subjects for subjects in by_person.values() if len(subjects) > 1]
    assert again
    for subjects in again:
        subjects.sort(key=lambda subject: subject.case.came_to_attention_on)
        for earlier, later in itertools.pairwise(subjects):
            closed_on = earlier.case.closed_on
            assert closed_on is not None
            assert closed_on < later.case.came_to_attention_on
            assert earlier.status in FINAL
            assert later.role.person_id == earlier.person_id


def test_progress_reports_answer_their_period_s_clock() -> None:
    """PCR r19 / CMR r13: one report per period, due when its clock is, sent
    on the day that met the clock, addressed as the sweep addresses it."""
    load(PREFIX)
    for report in ProgressReport.objects.filter(**ours()).select_related(
        "deadline__rule", "case__force", "case__investigation", "case__referral"
    ):
        deadline = report.deadline
        assert deadline.rule.code == "progress_report"
        assert (report.period, report.due_on, report.came_to_attention_on) == (
            deadline.period,
            deadline.due_on,
            deadline.anchor_on,
        )
        assert (
            report.regulation,
            report.sender,
            report.sender_name,
            report.addressees,
        ) == tuple(addressing(report.case))
        assert audited("progress_report.drafted", report.pk)
        if report.sent_on is not None:
            assert report.status == ProgressReport.Status.SENT
            assert deadline.status == Deadline.Status.MET
            assert deadline.met_on == report.sent_on
            [sent] = audited("progress_report.sent", report.pk)
            assert sent.new_values["sent_on"] == report.sent_on.isoformat()
        else:
            assert report.status == ProgressReport.Status.DRAFT
            assert deadline.status != Deadline.Status.MET


def test_an_allowed_appeal_substitutes_as_the_appeal_service_does() -> None:
    load(PREFIX)
    subjects = Subject.objects.filter(**ours(), outcomes__isnull=False).distinct()
    for subject in subjects:
        outcomes = list(subject.outcomes.all())
        assert sum(outcome.is_current for outcome in outcomes) == 1
        for outcome in outcomes:
            if outcome.is_current:
                continue
            substitute = outcome.superseded_by
            assert substitute is not None and substitute.is_current
            assert substitute.appeal is not None
            assert substitute.appeal.status == Appeal.Status.ALLOWED
            assert substitute.appeal.outcome_id == outcome.pk
            assert not appeal_worsens(outcome.kind, substitute.kind)
    findings = Finding.objects.filter(
        proceeding__subject__case__reference__startswith=f"{PREFIX}/"
    )
    current: dict[tuple[int, int], int] = defaultdict(int)
    for finding in findings.select_related("appeal"):
        current[finding.proceeding_id, finding.allegation_id] += finding.is_current
        if finding.appeal is not None:
            assert finding.appeal.status == Appeal.Status.ALLOWED
            assert finding.is_current
        elif not finding.is_current:
            assert findings.filter(
                proceeding=finding.proceeding_id,
                allegation=finding.allegation_id,
                appeal__isnull=False,
            ).exists()
    assert set(current.values()) == {1}
