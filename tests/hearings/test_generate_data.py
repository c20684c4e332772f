"""`manage.py generate_data`: generated cases satisfy what a case made through
the services satisfies, the same seed gives the same rows, and a rerun with a
prefix already loaded adds nothing. What the services write beside the main
path (pauses, suspensions, transfers, progress reports, appeals, people in
more than one case) is checked in test_generated_cases.py."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from conduct.calendar import due_p1
from conduct.deadlines import compute_due
from conduct.models import AuditEvent, NonWorkingDay
from conduct.regimes import regime_for
from hearings.management.commands.generate_data import generate
from hearings.models import Finding, Outcome, Proceeding
from referrals.models import Case, Deadline, Determination, DeterminationResult, Subject

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 10)
#: A few hundred: enough for every kind of row to appear.
CASES = 300
AFTER_DETERMINATION = {
    Subject.Status.CASE_TO_ANSWER,
    Subject.Status.NO_CASE_TO_ANSWER,
    Subject.Status.REFERRED_TO_PROCEEDINGS,
    Subject.Status.OUTCOME_DECIDED,
    Subject.Status.UNDER_APPEAL,
    Subject.Status.CONCLUDED,
}
IN_PROCEEDINGS = {
    Subject.Status.REFERRED_TO_PROCEEDINGS,
    Subject.Status.OUTCOME_DECIDED,
    Subject.Status.UNDER_APPEAL,
    Subject.Status.CONCLUDED,
}
DECIDED = {
    Subject.Status.OUTCOME_DECIDED,
    Subject.Status.UNDER_APPEAL,
    Subject.Status.CONCLUDED,
}


def load(prefix: str, seed: int = 11) -> dict[str, int] | None:
    counts = generate(cases=CASES, seed=seed, prefix=prefix, today=TODAY, batch=64)
    # Foreign keys are deferred to a commit the test never makes: check now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return counts


def digest(prefix: str) -> str:
    """A hash of the generated rows by their natural keys (not their ids)."""
    queries = [
        """SELECT substr(c.reference, length(%(p)s) + 1), c.trigger,
                  c.came_to_attention_on, c.complaint_made_on, c.regime, c.status,
                  c.closed_on, f.code
             FROM referrals_case c JOIN conduct_force f ON f.id = c.force_id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1""",
        """SELECT substr(c.reference, length(%(p)s) + 1), p.given_names,
                  p.family_name, p.date_of_birth, s.status, a.summary, a.severity,
                  a.determination, a.occurred_on
             FROM referrals_case c JOIN referrals_subject s ON s.case_id = c.id
             JOIN conduct_person p ON p.id = s.person_id
             JOIN referrals_allegation a ON a.subject_id = s.id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1, s.id, a.id""",
        """SELECT substr(c.reference, length(%(p)s) + 1), r.code, d.anchor_on,
                  d.period, d.due_on, d.status, d.met_on
             FROM referrals_deadline d JOIN referrals_case c ON c.id = d.case_id
             JOIN conduct_deadlinerule r ON r.id = d.rule_id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1, d.id""",
        """SELECT substr(c.reference, length(%(p)s) + 1), o.kind, o.decided_on,
                  o.is_current, pr.form, pr.status
             FROM hearings_outcome o JOIN referrals_subject s ON s.id = o.subject_id
             JOIN hearings_proceeding pr ON pr.id = o.proceeding_id
             JOIN referrals_case c ON c.id = s.case_id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1, o.id""",
        """SELECT substr(c.reference, length(%(p)s) + 1), e.action, e.occurred_at,
                  e.object_type
             FROM conduct_auditevent e JOIN referrals_case c ON c.id = e.case_id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1, e.id""",
        """SELECT substr(c.reference, length(%(p)s) + 1), p.started_on, p.ended_on
             FROM referrals_subjudiceperiod p JOIN referrals_case c ON c.id = p.case_id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1, p.id""",
        """SELECT substr(c.reference, length(%(p)s) + 1), r.period, r.status,
                  r.due_on, r.sent_on, r.addressees
             FROM referrals_progressreport r JOIN referrals_case c ON c.id = r.case_id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1, r.id""",
        """SELECT substr(c.reference, length(%(p)s) + 1), u.kind, u.started_on,
                  u.ended_on, f.code
             FROM referrals_suspension u JOIN referrals_subject s ON s.id = u.subject_id
             JOIN referrals_case c ON c.id = s.case_id
             JOIN conduct_force f ON f.id = s.appropriate_authority_id
            WHERE c.reference LIKE %(p)s || '/%%' ORDER BY 1, u.id""",
    ]
    hash_ = hashlib.sha256()
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query, {"p": prefix})
            for row in cursor.fetchall():
                hash_.update(repr(row).encode())
    return hash_.hexdigest()


def test_every_generated_subject_is_where_the_transition_tables_lead() -> None:
    load("T1")
    subjects = Subject.objects.filter(case__reference__startswith="T1/")
    statuses = set(subjects.values_list("status", flat=True))
    # Every stage is represented in a dataset this size.
    assert {
        Subject.Status.UNDER_INVESTIGATION,
        Subject.Status.REFERRED_TO_PROCEEDINGS,
        Subject.Status.CONCLUDED,
        Subject.Status.NO_FURTHER_ACTION,
    } <= statuses
    for subject in subjects.prefetch_related("allegations", "outcomes"):
        events = AuditEvent.objects.filter(
            object_type="referrals.Subject", object_id=str(subject.pk)
        ).order_by("occurred_at", "id")
        walked = Subject.Status.RECORDED
        for event in events:
            old = event.old_values.get("status", walked)
            new = event.new_values.get("status")
            assert new in Subject.TRANSITIONS[old] or new == old, (subject, old, new)
            walked = new
        if subject.status in AFTER_DETERMINATION:
            assert Determination.objects.filter(subject=subject).exists()
        if subject.status in IN_PROCEEDINGS:
            assert any(
                allegation.determination != DeterminationResult.NO_CASE_TO_ANSWER
                for allegation in subject.allegations.all()
            )
            assert Proceeding.objects.filter(subject=subject).exists()
        current = [outcome for outcome in subject.outcomes.all() if outcome.is_current]
        if subject.status in DECIDED:
            assert len(current) == 1, subject
            assert Finding.objects.filter(proceeding=current[0].proceeding).exists()
        elif subject.status != Subject.Status.NO_FURTHER_ACTION:
            assert current == []


def test_concluded_subjects_have_an_outcome_with_findings() -> None:
    load("T1")
    concluded = Subject.objects.filter(
        case__reference__startswith="T1/", status=Subject.Status.CONCLUDED
    )
    assert concluded.exists()
    for subject in concluded:
        outcome = Outcome.objects.get(subject=subject, is_current=True)
        assert Finding.objects.filter(proceeding=outcome.proceeding_id).exists()


def test_regime_follows_the_date_the_matter_came_to_attention() -> None:
    load("T1")
    cases = Case.objects.filter(reference__startswith="T1/")
    assert set(cases.values_list("regime", flat=True)) == {"2012", "2020"}
    for case in cases:
        assert case.regime == regime_for(
            case.complaint_made_on or case.came_to_attention_on
        )


def test_deadlines_agree_with_their_rules_and_today() -> None:
    load("T1")
    holidays = frozenset(NonWorkingDay.objects.values_list("date", flat=True))
    deadlines = Deadline.objects.filter(case__reference__startswith="T1/")
    assert deadlines.count() > CASES
    for deadline in deadlines.select_related("rule", "case"):
        assert deadline.rule.regime == deadline.case.regime
        due = compute_due(
            deadline.rule, deadline.anchor_on, holidays, period=deadline.period
        )
        due_on, earliest_on = due.due_on, due.earliest_on
        if paused := deadline.paused_working_days:
            # Resumed after a pause: moved on by the working days paused.
            due_on = due_p1(due_on, paused, holidays)
            earliest_on = earliest_on and due_p1(earliest_on, paused, holidays)
        assert (deadline.due_on, deadline.earliest_on) == (due_on, earliest_on)
        assert (deadline.status == Deadline.Status.MET) == (deadline.met_on is not None)
        assert (deadline.status == Deadline.Status.PAUSED) == (
            deadline.paused_on is not None
        )
        if deadline.status == Deadline.Status.OPEN:
            assert deadline.due_on >= TODAY
        if deadline.status == Deadline.Status.MISSED:
            assert deadline.due_on < TODAY
        if deadline.met_on is not None:
            assert deadline.met_late == (deadline.met_on > deadline.due_on)
        assert deadline.events.filter(kind="opened").count() == 1
    assert {"open", "missed", "met", "cancelled", "paused"} <= set(
        deadlines.values_list("status", flat=True)
    )


def test_the_same_seed_gives_the_same_rows() -> None:
    load("T1", seed=11)
    load("T2", seed=11)
    load("T3", seed=12)

    assert digest("T1") == digest("T2")
    assert digest("T1") != digest("T3")


def test_a_rerun_with_the_same_prefix_adds_nothing() -> None:
    load("T1")
    before = AuditEvent.objects.count(), Case.objects.count()

    out = StringIO()
    call_command(
        "generate_data", "--cases", "5", "--prefix", "T1", "--today", "2026-12-10",
        stdout=out,
    )  # fmt: skip

    assert "already loaded: nothing added" in out.getvalue()
    assert (AuditEvent.objects.count(), Case.objects.count()) == before


@override_settings(DEBUG=True, DEMO_PASSWORD="demo-password-for-tests")
def test_demo_cases_give_every_demo_force_live_work_once() -> None:
    call_command("load_demo_users", stdout=StringIO())
    out = StringIO()
    call_command("generate_data", "--demo", "--today", "2026-12-10", stdout=out)
    again = StringIO()
    call_command("generate_data", "--demo", "--today", "2026-12-10", stdout=again)

    assert "Generated 300 cases (prefix DEMO" in out.getvalue()
    assert "already loaded: nothing added" in again.getvalue()
    assert Case.objects.filter(reference__startswith="DEMO/").count() == 300
    running = Deadline.objects.filter(
        case__reference__startswith="DEMO/", status__in=Deadline.RUNNING
    )
    week = dt.timedelta(days=7)
    for code in ("nhants", "notts", "met"):
        mine = running.filter(case__force__code=code)
        assert mine.filter(due_on__lt=TODAY).exists()
        assert mine.filter(due_on__gte=TODAY, due_on__lt=TODAY + week).exists()
        assert mine.filter(due_on__gte=TODAY + week, due_on__lt=TODAY + 2 * week)
    # Acted on by the demo users, as the reference cases are.
    assert not AuditEvent.objects.filter(
        case_id__in=Case.objects.filter(reference__startswith="DEMO/").values("pk"),
        actor__isnull=True,
        action="case.created",
    ).exists()
