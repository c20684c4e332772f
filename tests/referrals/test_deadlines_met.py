"""Meeting a clock: met on time or late, against the clock's own due date
(after any extension and any pause for criminal proceedings), and a clock
met while it is paused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from conduct.models import User
from hearings.models import HearingsClock
from referrals.models import Case, Deadline
from referrals.services.clocks import deadline_open, deadlines_meet
from referrals.services.criminal import criminal_sub_judice_set
from referrals.services.deadlines import deadline_extend
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


def test_a_clock_met_on_its_due_date_is_met_on_time(case: Case) -> None:
    referral_response(case)
    met = meet(case, D(2023, 3, 22))
    assert (met.status, met.met_on, met.met_late) == ("met", D(2023, 3, 22), False)


def test_a_clock_met_one_working_day_after_its_due_date_is_met_late(
    case: Case,
) -> None:
    referral_response(case)
    met = meet(case, D(2023, 3, 23))
    assert (met.status, met.met_on, met.met_late) == ("met", D(2023, 3, 23), True)
    # Met late is still met: the clock stops, and the event says so.
    assert met.events.latest("id").kind == "met"


def test_an_extended_clock_is_met_on_time_by_its_new_due_date(
    case: Case, supervisor: User
) -> None:
    """PCR r31(1): the chair may extend the response period; a response
    inside the extension is on time though after the first due date."""
    deadline = referral_response(case)
    deadline_extend(
        actor=supervisor,
        deadline=deadline,
        new_due_on=D(2023, 3, 29),
        reason="Exceptional circumstances: the officer is in hospital.",
    )
    assert meet(case, D(2023, 3, 29)).met_late is False


def test_the_database_keeps_met_late_in_step_with_the_dates(case: Case) -> None:
    referral_response(case)
    late = meet(case, D(2023, 3, 23))
    with transaction.atomic():
        running = deadline_open(
            case=case,
            rule_code=HearingsClock.WITNESS_LISTS,
            anchor_event="proceeding.response",
            anchor_on=D(2023, 3, 23),
        )
    assert running is not None
    inconsistent: list[tuple[int, dict[str, Any]]] = [
        (late.pk, {"met_late": False}),
        (late.pk, {"met_on": D(2023, 3, 22)}),
        (running.pk, {"met_late": True}),
    ]
    for pk, values in inconsistent:
        with pytest.raises(IntegrityError), transaction.atomic():
            Deadline.objects.filter(pk=pk).update(**values)


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
    assert met.met_late is False
    assert list(met.events.values_list("kind", flat=True)) == [
        "opened",
        "paused",
        "resumed",
        "met",
    ]
