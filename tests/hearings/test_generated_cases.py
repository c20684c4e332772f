"""`manage.py generate_data` beside the main path: progress reports; outcomes
and findings substituted on appeal. Each is checked against what the
services write, and each appears in a few hundred cases."""

from __future__ import annotations

from collections import defaultdict

import pytest

from conduct.models import AuditEvent
from hearings.models import Appeal, Finding, Outcome
from hearings.rules import appeal_worsens
from referrals.models import (
    Deadline,
    ProgressReport,
    Subject,
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
