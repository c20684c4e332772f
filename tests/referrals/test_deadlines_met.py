"""Meeting a clock: met on time or late, against the clock's own due date
(after any extension and any pause for criminal proceedings), and a clock
met while it is paused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from conduct.models import User
from hearings.models import HearingsClock
from referrals.models import Case, Deadline
from referrals.services.clocks import deadline_open, deadlines_meet
from referrals.services.criminal import criminal_sub_judice_set
from tests.builders import Build

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(build: Build) -> Case:
    return build.case(on=D(2022, 11, 1))


def referral_response(case: Case) -> Deadline:
    """The subject's response to a notice of referral served on Wednesday
    1 March 2023: 15 working days, due Wednesday 22 March (PCR r31(1))."""
    with transaction.atomic():
        deadline = deadline_open(
            case=case,
            rule_code=HearingsClock.REFERRAL_RESPONSE,
            anchor_event="proceeding.notice_served",
            anchor_on=D(2023, 3, 1),
        )
    assert deadline is not None
    assert deadline.due_on == D(2023, 3, 22)
    return deadline


def meet(case: Case, on: dt.date) -> Deadline:
    with transaction.atomic():
        (met,) = deadlines_meet(
            case=case, rule_codes=[HearingsClock.REFERRAL_RESPONSE], met_on=on
        )
    met.refresh_from_db()
    return met


def test_a_clock_met_while_paused_gets_the_days_paused_first(
    case: Case, supervisor: User
) -> None:
    """PCR r10(3): a response received while proceedings are paused is
    measured against the due date moved by the working days paused up to
    that day, as if the clock had been resumed then."""
    referral_response(case)
    criminal_sub_judice_set(
        actor=supervisor, case=case, paused=True, rationale="Charged.", on=D(2023, 3, 6)
    )
    met = meet(case, D(2023, 3, 24))
    # Paused Mon 6 to Thu 23 Mar, 14 working days: Wed 22 Mar plus 14
    # working days, over Good Friday and Easter Monday, is Thu 13 Apr.
    assert (met.status, met.due_on, met.met_on) == (
        "met",
        D(2023, 4, 13),
        D(2023, 3, 24),
    )
    assert met.paused_working_days == 14
    assert list(met.events.values_list("kind", flat=True)) == [
        "opened",
        "paused",
        "resumed",
        "met",
    ]
