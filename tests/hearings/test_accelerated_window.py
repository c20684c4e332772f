"""PCR r52(1): an accelerated misconduct hearing is fixed for, and held on, a
day "not less than 10 and not more than 15 working days after the date on
which notice is given under regulation 51(1)", read from the window's clock
(so a pause for criminal proceedings moves it); a date outside is refused
with the rule and the window's days, and holding it inside meets the clock
on time. PCR r52(1A): after an upheld objection to the person conducting
it, the window is re-set to the same count after that person is replaced."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from conduct.exceptions import NotPermitted
from conduct.models import User
from hearings.models import Proceeding, UpheldObjection
from hearings.services.clocks import OBJECTION_UPHELD
from hearings.services.proceedings import objections as svc
from hearings.services.proceedings import (
    proceeding_hold,
    proceeding_objection_record,
    proceeding_schedule,
)
from hearings.services.proceedings.checks import (
    OUTSIDE_HEARING_WINDOW,
    OUTSIDE_RESET_WINDOW,
)
from referrals.models import Deadline
from referrals.services.criminal import criminal_sub_judice_set
from referrals.services.deadlines import deadline_cancel
from tests.assertions import one_audit_event, refused
from tests.builders import Build
from tests.rows import parametrize_rows

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
    """The window's clock in force (not a cancelled one)."""
    return Deadline.objects.exclude(status=Deadline.Status.CANCELLED).get(
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


# ------------------------------------------------------------ PCR r52(1A)

#: An objection to the chief constable upheld on Mon 10 Jul 2023, and a
#: replacement on Tue 11 Jul: the window runs again from Tue 25 Jul (10
#: working days after) to Tue 1 Aug (15).
OBJECTION: dict[str, Any] = {
    "objected_to": "Chief Constable",
    "upheld_on": D(2023, 7, 10),
    "replaced_on": D(2023, 7, 11),
    "reason": "The chief constable gave evidence in the criminal trial.",
}
RESET_FIRST, RESET_LAST = D(2023, 7, 25), D(2023, 8, 1)
OUTSIDE_RESET = OUTSIDE_RESET_WINDOW.format(first="25 July 2023", last="1 August 2023")


def object_to(supervisor: User, proceeding: Proceeding, **changes: Any) -> Any:
    return proceeding_objection_record(
        actor=supervisor, proceeding=proceeding, **(OBJECTION | changes)
    )


def test_an_upheld_objection_re_sets_the_window_from_the_replacement_r52_1a(
    build: Build, supervisor: User
) -> None:
    """The window in force is cancelled, saying why, and a new one opens 10
    to 15 working days after the person objected to is replaced; one audit
    event records the objection."""
    proceeding = accelerated(build)
    old = window_of(proceeding)
    with one_audit_event("proceeding.objection_upheld"):
        objection = object_to(supervisor, proceeding)
    assert isinstance(objection, UpheldObjection)
    assert (objection.objected_to, objection.recorded_by) == (
        "Chief Constable",
        supervisor,
    )
    old.refresh_from_db()
    assert old.status == Deadline.Status.CANCELLED
    assert "PCR r52(1A)" in old.events.get(kind="cancelled").reason
    new = window_of(proceeding)
    assert (new.anchor_event, new.anchor_on) == (OBJECTION_UPHELD, D(2023, 7, 11))
    assert (new.earliest_on, new.due_on) == (RESET_FIRST, RESET_LAST)


def test_after_an_upheld_objection_the_hearing_is_held_to_the_new_window_r52_1a(
    build: Build, supervisor: User
) -> None:
    """The first window's first day is now refused, with the rule that
    refused it; held inside the new window, the new clock is met on time."""
    proceeding = accelerated(build)
    object_to(supervisor, proceeding)
    case = proceeding.subject.case_id
    with refused(OUTSIDE_RESET, rule="proceeding.r52_1a", case=case):
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=FIRST
        )
    held = build.held(build.scheduled(proceeding, hearing_on=RESET_LAST, panel="full"))
    window = window_of(held)
    assert (window.status, window.met_on, window.met_late) == (
        "met",
        RESET_LAST,
        False,
    )


@dataclass(frozen=True)
class ObjectionRefusal:
    """What differs from a good objection, and the rule refusing it."""

    changes: dict[str, Any]
    rule: str


@parametrize_rows(
    [
        ObjectionRefusal(changes={"objected_to": "  "}, rule="objection.objected_to"),
        ObjectionRefusal(changes={"reason": " "}, rule="decision.rationale"),
        # Before the notice (Mon 3 Jul) that named the person objected to.
        ObjectionRefusal(changes={"upheld_on": D(2023, 6, 30)}, rule="date.order"),
        ObjectionRefusal(changes={"replaced_on": D(2023, 7, 7)}, rule="date.order"),
        ObjectionRefusal(changes={"replaced_on": D(2099, 1, 5)}, rule="date.future"),
    ]
)
def test_an_objection_is_refused_without_what_r52_1a_needs(
    build: Build, supervisor: User, changes: dict[str, Any], rule: str
) -> None:
    proceeding = accelerated(build)
    with refused(rule=rule, case=proceeding.subject.case_id):
        object_to(supervisor, proceeding, **changes)
    assert window_of(proceeding).anchor_event == "proceeding.notice_served"


def test_only_an_accelerated_hearing_takes_an_objection_r52_1a(
    build: Build, supervisor: User
) -> None:
    proceeding = build.served()
    with refused(
        svc.OBJECTION_ONLY_ACCELERATED,
        rule="objection.form",
        case=proceeding.subject.case_id,
    ):
        object_to(supervisor, proceeding)


def test_an_objection_waits_for_the_regulation_51_notice_r52_1a(
    build: Build, supervisor: User
) -> None:
    proceeding = build.referred(form="accelerated_hearing")
    with refused(svc.OBJECTION_NEEDS_NOTICE, rule="proceeding.notice"):
        object_to(supervisor, proceeding)


def test_the_appropriate_authority_records_an_upheld_objection_r52_1a(
    build: Build, caseworker: User
) -> None:
    proceeding = accelerated(build)
    with pytest.raises(NotPermitted):
        object_to(caseworker, proceeding)
