"""The shipped deadline rules as the primary texts read in December 2026
have them: what is verified names its citation, what is not says so, and a
2012 case opens no clock the 2012 rules do not have."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps

from conduct.deadline_rules import shipped_rules
from conduct.deadlines import compute_due
from conduct.models import DeadlineRule
from referrals.models import Deadline
from tests.builders import Build

pytestmark = pytest.mark.django_db

AUDIT = importlib.import_module(
    "conduct.migrations.0012_deadline_rules_primary_text_audit"
)


def rule(code: str, regime: str = "2020") -> DeadlineRule:
    return DeadlineRule.objects.get(code=code, regime=regime)


@pytest.mark.parametrize(
    "code", ["progress_report", "rprp_account", "pre_hearing_date"]
)
def test_a_2020_only_rule_is_switched_off_for_2012_cases(code: str) -> None:
    """The 12-month progress report, reflective practice and pre-hearings came
    with the 2020 rules: their 2012 copies ship switched off, saying why."""
    assert rule(code).is_active
    copy = rule(code, "2012")
    assert not copy.is_active
    assert copy.source.startswith("No 2012 basis")


def test_a_2012_investigation_opens_no_progress_report_clock(build: Build) -> None:
    """PCR 2020 r19 / CMR 2020 r13 have no 2012 counterpart."""
    case_2012 = build.investigating(on=dt.date(2019, 3, 1)).case
    case_2020 = build.investigating().case
    assert case_2012.regime == "2012"
    progress = {"rule__code": "progress_report"}
    assert not Deadline.objects.filter(case=case_2012, **progress).exists()
    assert Deadline.objects.filter(case=case_2020, **progress).exists()


def test_the_2012_tribunal_papers_rule_is_verified_by_pat_rules_2012_r9_2() -> None:
    """PAT Rules 2012 r9(2): "before the end of 15 working days beginning with
    the first working day after the day of such receipt"."""
    copy = rule("pat_respondent_papers", "2012")
    assert (copy.verified, copy.source) == (True, "PAT Rules 2012 r9(2)")
    assert (copy.pattern, copy.working_days) == ("P1", 15)


@pytest.mark.parametrize(
    ("code", "source"),
    [
        ("notice_response", "CMR 2020 r20"),
        ("barred_list_review_gross_misconduct", "College of Policing guidance"),
        ("barred_list_review_gross_incompetence", "College of Policing guidance"),
        ("hearing_outcome_publication", "Practice"),
    ],
)
def test_a_rule_not_read_in_the_statute_is_unverified(code: str, source: str) -> None:
    """The notice response (PCR r18 not read; CMR 2020 r20 for complaints and
    conduct matters), the barred-list review periods (guidance, not statute)
    and publishing a hearing's outcome (practice; r36 is the notice before a
    hearing) are shown as "check local policy"."""
    shipped = rule(code)
    assert not shipped.verified
    assert shipped.source.startswith(source)


def test_the_iopc_referral_counts_calendar_days() -> None:
    """CMR r4: "by the end of the day after" the day it becomes clear, a
    calendar day even at a weekend (a working-day count would give Monday)."""
    friday = dt.date(2023, 3, 3)
    due = compute_due(rule("iopc_referral"), friday, frozenset())
    assert due.due_on == dt.date(2023, 3, 4)


def test_the_audit_migration_brings_an_old_database_to_what_ships_now() -> None:
    """A database loaded before the audit, with one rule edited locally: the
    migration corrects the shipped rows and keeps the force's edit."""
    for regime, code, shipped, _corrected in AUDIT.CORRECTIONS:
        DeadlineRule.objects.filter(regime=regime, code=code).update(**shipped)
    DeadlineRule.objects.filter(regime="2012", code="rprp_account").update(
        source="Local policy", is_active=True
    )

    AUDIT.correct(apps, None)

    for regime, values in shipped_rules():
        row = rule(values["code"], regime)
        if (regime, row.code) == ("2012", "rprp_account"):
            assert (row.source, row.is_active) == ("Local policy", True)
            continue
        for field in ("source", "verified", "is_active", "pattern", "notes"):
            assert getattr(row, field) == values[field], (regime, row.code, field)
