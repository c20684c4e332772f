from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from conduct.calendar_data import england_and_wales_holidays
from conduct.deadline_rules import RULES_2020
from conduct.deadlines import RuleNotComputable, compute_due
from conduct.models import DeadlineRule
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db
HOLIDAYS = frozenset(england_and_wales_holidays(2008, 2040))
D = dt.date


def rule(code: str, regime: str = "2020") -> DeadlineRule:
    return DeadlineRule.objects.get(code=code, regime=regime)


def test_every_shipped_rule_is_loaded_for_both_regimes() -> None:
    assert DeadlineRule.objects.filter(regime="2020").count() == len(RULES_2020)
    assert DeadlineRule.objects.filter(regime="2012").count() == len(RULES_2020)


def test_every_active_rule_computes_a_date() -> None:
    for deadline_rule in DeadlineRule.objects.filter(is_active=True):
        due = compute_due(deadline_rule, D(2023, 3, 1), HOLIDAYS)
        assert due.due_on >= D(2023, 3, 1), deadline_rule.code


def test_unverified_rules_are_marked_for_local_policy() -> None:
    assert rule("meeting_timing").verified is False
    assert rule("pat_appeal_notice").verified is False
    assert rule("referral_response").verified is True
    assert rule("notice_response").verified is False  # PCR r18 not read
    assert rule("notice_response", "2012").verified is False
    # The lists come from the Police Act 1996 whatever the conduct rules.
    assert rule("barred_list_report", "2012").verified is True


def test_a_rule_without_a_period_ships_inactive_and_refuses_to_compute() -> None:
    hearing_notice = rule("hearing_notice")
    assert hearing_notice.is_active is False
    with pytest.raises(RuleNotComputable, match="needs a number of working days"):
        compute_due(hearing_notice, D(2023, 3, 1), HOLIDAYS)
    hearing_notice.is_active = True
    with pytest.raises(ValidationError):
        hearing_notice.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        hearing_notice.save()


def test_an_upside_down_p3_window_is_refused_by_the_database() -> None:
    window = rule("accelerated_hearing_window")
    window.max_working_days = 5
    with pytest.raises(IntegrityError), transaction.atomic():
        window.save()


@dataclass(frozen=True)
class ShippedRule:
    """A shipped rule, the date it starts from, and the date it is due."""

    code: str
    anchor: dt.date
    expected: dt.date


@parametrize_rows(
    [
        # Regulation 17 notice served Friday 16 Dec 2022: 10 WD (P1).
        ShippedRule(
            code="notice_response", anchor=D(2022, 12, 16), expected=D(2023, 1, 4)
        ),
        # Dismissal on Tuesday 2 May 2023: barred-list report, 5 WD (P2).
        ShippedRule(
            code="barred_list_report", anchor=D(2023, 5, 2), expected=D(2023, 5, 9)
        ),
        # Accelerated hearing notice Monday 12 Dec 2022: latest date (P3).
        ShippedRule(
            code="accelerated_hearing_window",
            anchor=D(2022, 12, 12),
            expected=D(2023, 1, 5),
        ),
        # Allegation came to attention 1 Dec 2020: first progress report (P4).
        ShippedRule(
            code="progress_report", anchor=D(2020, 12, 1), expected=D(2021, 11, 30)
        ),
        ShippedRule(
            code="hearing_outcome_publication",
            anchor=D(2023, 1, 10),
            expected=D(2023, 2, 7),
        ),
        ShippedRule(
            code="barred_list_review_gross_misconduct",
            anchor=D(2022, 11, 17),
            expected=D(2027, 11, 16),
        ),
    ]
)
def test_shipped_rules_compute_their_dates(
    code: str, anchor: dt.date, expected: dt.date
) -> None:
    assert compute_due(rule(code), anchor, HOLIDAYS).due_on == expected


def test_the_progress_report_repeats_every_six_months() -> None:
    progress = rule("progress_report")
    assert compute_due(progress, D(2020, 12, 1), HOLIDAYS, period=2).due_on == D(
        2022, 5, 31
    )


def test_p3_gives_the_window() -> None:
    due = compute_due(rule("accelerated_hearing_window"), D(2022, 12, 12), HOLIDAYS)
    assert (due.earliest_on, due.latest_on) == (D(2022, 12, 28), D(2023, 1, 5))


def test_reloading_keeps_local_edits() -> None:
    DeadlineRule.objects.filter(code="meeting_timing", regime="2020").update(
        working_days=25
    )
    DeadlineRule.objects.filter(code="rprp_account", regime="2012").delete()
    out = StringIO()
    call_command("load_deadline_rules", stdout=out)
    assert "1 added" in out.getvalue()
    assert rule("meeting_timing").working_days == 25
