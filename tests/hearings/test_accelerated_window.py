"""PCR r52(1): an accelerated misconduct hearing is fixed for, and held on, a
day "not less than 10 and not more than 15 working days after the date on
which notice is given under regulation 51(1)", read from the window's clock
(so a pause for criminal proceedings moves it); a date outside is refused
with the rule and the window's days, and holding it inside meets the clock
on time."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import User
from hearings.models import Proceeding
from hearings.services.proceedings import proceeding_hold, proceeding_schedule
from hearings.services.proceedings.checks import OUTSIDE_HEARING_WINDOW
from referrals.models import Deadline
from referrals.services.criminal import criminal_sub_judice_set
from referrals.services.deadlines import deadline_cancel
from tests.assertions import one_audit_event, refused
from tests.builders import Build

pytestmark = pytest.mark.django_db
D = dt.date

#: The window of a notice served on Monday 3 July 2023.
FIRST, LAST = D(2023, 7, 17), D(2023, 7, 24)
OUTSIDE = OUTSIDE_HEARING_WINDOW.format(first="17 July 2023", last="24 July 2023")
THE_DAY_BEFORE_IT_OPENS = D(2023, 7, 14)
FIVE_DAYS_AFTER_IT_CLOSES = D(2023, 7, 29)


def accelerated(build: Build) -> Proceeding:
    """An accelerated hearing whose regulation 51 notice was served on Mon
    3 Jul 2023: its window runs from Mon 17 Jul (10 working days after) to
    Mon 24 Jul (15)."""
    return build.served(form="accelerated_hearing")


def window_of(proceeding: Proceeding) -> Deadline:
    return Deadline.objects.get(
        subject=proceeding.subject_id, rule__code="accelerated_hearing_window"
    )


@pytest.mark.parametrize(
    "on",
    [THE_DAY_BEFORE_IT_OPENS, FIVE_DAYS_AFTER_IT_CLOSES],
    ids=["the-day-before-it-opens", "five-days-after-it-closes"],
)
def test_fixing_an_accelerated_hearing_outside_its_r52_1_window_is_refused(
    build: Build, supervisor: User, on: dt.date
) -> None:
    proceeding = accelerated(build)
    with refused(OUTSIDE, rule="proceeding.r52_1", case=proceeding.subject.case_id):
        proceeding_schedule(actor=supervisor, proceeding=proceeding, scheduled_for=on)
    assert Proceeding.objects.get(pk=proceeding.pk).scheduled_for is None


@pytest.mark.parametrize(
    "on",
    [THE_DAY_BEFORE_IT_OPENS, FIVE_DAYS_AFTER_IT_CLOSES],
    ids=["the-day-before-it-opens", "five-days-after-it-closes"],
)
def test_holding_an_accelerated_hearing_outside_its_r52_1_window_is_refused(
    build: Build, supervisor: User, on: dt.date
) -> None:
    """Fixed inside the window, but held outside it: refused, and the
    window's clock is not met."""
    proceeding = build.scheduled(accelerated(build), hearing_on=FIRST, panel="full")
    with refused(OUTSIDE, rule="proceeding.r52_1", case=proceeding.subject.case_id):
        proceeding_hold(actor=supervisor, proceeding=proceeding, held_on=on)
    assert window_of(proceeding).status == Deadline.Status.OPEN


@pytest.mark.parametrize("on", [FIRST, LAST], ids=["first-day", "last-day"])
def test_an_accelerated_hearing_held_in_its_r52_1_window_meets_it_on_time(
    build: Build, supervisor: User, on: dt.date
) -> None:
    proceeding = build.scheduled(accelerated(build), hearing_on=on, panel="full")
    with one_audit_event("proceeding.held"):
        proceeding_hold(actor=supervisor, proceeding=proceeding, held_on=on)
    window = window_of(proceeding)
    assert (window.status, window.met_on, window.met_late) == ("met", on, False)


def test_a_pause_for_criminal_proceedings_moves_the_r52_1_window_held_to(
    build: Build, supervisor: User
) -> None:
    """PCR r10(3): paused Wed 5 to Tue 11 Jul, 5 working days, the window
    moves from 17-24 Jul to Mon 24-Mon 31 Jul; the old first day is refused
    and the new last day accepted."""
    proceeding = accelerated(build)
    case = proceeding.subject.case
    for paused, on in ((True, D(2023, 7, 5)), (False, D(2023, 7, 12))):
        criminal_sub_judice_set(
            actor=supervisor, case=case, paused=paused, rationale="Charged.", on=on
        )
    moved = OUTSIDE_HEARING_WINDOW.format(first="24 July 2023", last="31 July 2023")
    with refused(moved, rule="proceeding.r52_1", case=case):
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=FIRST
        )
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=D(2023, 7, 31)
    )


def test_a_window_clock_cancelled_with_a_reason_is_no_longer_held_to(
    build: Build, supervisor: User
) -> None:
    """The periods may be shortened by agreement (PCR r48): the appropriate
    authority records it by cancelling the window's clock, with its reason,
    and the hearing is then fixed without it."""
    proceeding = accelerated(build)
    shorter = D(2023, 7, 10)
    with refused(OUTSIDE, rule="proceeding.r52_1", case=proceeding.subject.case_id):
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=shorter
        )
    deadline_cancel(
        actor=supervisor,
        deadline=window_of(proceeding),
        reason="The officer, the chief constable and the AA agreed a shorter "
        "period (PCR r48).",
    )
    proceeding_schedule(actor=supervisor, proceeding=proceeding, scheduled_for=shorter)
