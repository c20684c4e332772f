"""Every shipped deadline rule belongs to exactly one app's enumeration, and
a clock can be opened only under a shipped code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from conduct.deadline_rules import SHIPPED_CODES, DeadlineRuleCode
from hearings.models import HearingsClock
from referrals.models import Case, Deadline, ReferralsClock
from referrals.services.clocks import deadline_open
from tests.builders import Build

APP_CLOCKS = (ReferralsClock, HearingsClock)


def test_every_shipped_rule_belongs_to_exactly_one_app() -> None:
    owned = [clock.value for clocks in APP_CLOCKS for clock in clocks]
    assert len(owned) == len(set(owned)), "a code is owned by two apps"
    assert set(owned) == SHIPPED_CODES


@pytest.mark.django_db
def test_a_code_no_rule_was_shipped_under_is_refused_and_opens_nothing(
    build: Build,
) -> None:
    class Misspelt(DeadlineRuleCode):
        NOTICE_REPSONSE = "notice_repsonse"

    case = build.case(
        on=dt.date(2024, 3, 1),
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        summary="A matter for the clock tests.",
    )
    with transaction.atomic(), pytest.raises(ValueError, match="'notice_repsonse'"):
        deadline_open(
            case=case,
            rule_code=Misspelt.NOTICE_REPSONSE,
            anchor_event="test",
            anchor_on=dt.date(2024, 3, 4),
        )
    assert not Deadline.objects.filter(case=case).exists()
