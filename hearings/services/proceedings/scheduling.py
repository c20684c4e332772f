"""The date of a meeting or hearing: scheduling, adjournment, papers to the
chair and the pre-hearing (PCR r32)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.models import Adjournment, Proceeding
from hearings.services import clocks
from hearings.services.common import lock_proceeding, require_staff
from hearings.services.proceedings.checks import (
    NOT_BEFORE_REFERRAL,
    check_in_hearing_window,
    check_not_awaiting_part_3a,
    check_not_closed,
    check_not_paused,
)
from hearings.services.proceedings.panel import check_panel_fits
from referrals.models import ProceedingsForm
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
)


@transaction.atomic
def proceeding_schedule(
    *, actor: User | None, proceeding: Proceeding, scheduled_for: dt.date
) -> Proceeding:
    """Set (or, after an adjournment, reset) the date of the proceedings; an
    accelerated hearing's inside its window (PCR r52(1))."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "schedule proceedings")
    check_not_before(
        scheduled_for, proceeding.referred_on, "The date", NOT_BEFORE_REFERRAL
    )
    check_not_paused(case)
    check_not_awaiting_part_3a(proceeding, subject)
    check_in_hearing_window(proceeding, scheduled_for)
    old, new = transition(proceeding, Proceeding.Status.SCHEDULED)
    check_panel_fits(proceeding, scheduled_for)
    old_date = proceeding.scheduled_for
    proceeding.scheduled_for = scheduled_for
    proceeding.save(update_fields=["status", "scheduled_for", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_SCHEDULED,
        target=proceeding,
        old={"status": old, "scheduled_for": old_date},
        new={"status": new, "scheduled_for": scheduled_for},
    )
    return proceeding


@transaction.atomic
def proceeding_adjourn(
    *,
    actor: User | None,
    proceeding: Proceeding,
    adjourned_on: dt.date,
    reason: str,
) -> Adjournment:
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "adjourn proceedings")
    reason = check_rationale(reason)
    old, new = transition(proceeding, Proceeding.Status.ADJOURNED)
    assert proceeding.scheduled_for is not None
    check_not_future(adjourned_on, "The adjournment date")
    check_not_before(
        adjourned_on, proceeding.referred_on, "The adjournment date", "the referral"
    )
    adjournment = Adjournment.objects.create(
        proceeding=proceeding,
        adjourned_on=adjourned_on,
        was_scheduled_for=proceeding.scheduled_for,
        reason=reason,
        recorded_by=actor,
    )
    proceeding.scheduled_for = None
    proceeding.save(update_fields=["status", "scheduled_for", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_ADJOURNED,
        target=proceeding,
        old={"status": old, "scheduled_for": adjournment.was_scheduled_for},
        new={"status": new, "adjourned_on": adjourned_on},
        rationale=reason,
    )
    return adjournment


PRE_HEARING_ONLY_FOR_HEARINGS = (
    "Papers go to a chair and a pre-hearing is fixed only for a misconduct "
    "hearing (PCR r32-r33)."
)
PAPERS_NOT_SUPPLIED = "Record when the papers went to the chair first (PCR r32(6))."


@transaction.atomic
def proceeding_papers_to_chair(
    *, actor: User | None, proceeding: Proceeding, supplied_on: dt.date
) -> Proceeding:
    """The documents go to the chair (PCR r32(6)); the chair must then fix a
    pre-hearing within 15 working days (r33(1))."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the papers sent to the chair")
    check_not_closed(proceeding)
    if proceeding.form != ProceedingsForm.MISCONDUCT_HEARING:
        raise ApplicationError(PRE_HEARING_ONLY_FOR_HEARINGS, rule="pre_hearing.form")
    check_not_future(supplied_on, "The date supplied")
    check_not_before(supplied_on, proceeding.referred_on, "The date", "the referral")
    old = proceeding.papers_to_chair_on
    proceeding.papers_to_chair_on = supplied_on
    proceeding.save(update_fields=["papers_to_chair_on", "updated_at"])
    clocks.on_papers_to_chair(
        case=case, proceeding=proceeding, supplied_on=supplied_on, actor=actor
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_PAPERS_TO_CHAIR,
        target=proceeding,
        old={"papers_to_chair_on": old},
        new={"papers_to_chair_on": supplied_on},
    )
    return proceeding


@transaction.atomic
def proceeding_pre_hearing_set(
    *, actor: User | None, proceeding: Proceeding, pre_hearing_on: dt.date
) -> Proceeding:
    """The chair fixes the pre-hearing (PCR r33(1)); a date after the 15
    working days still stands but leaves the clock met late, for the record."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the pre-hearing date")
    check_not_closed(proceeding)
    if proceeding.papers_to_chair_on is None:
        raise ApplicationError(PAPERS_NOT_SUPPLIED, rule="pre_hearing.papers")
    check_not_before(
        pre_hearing_on,
        proceeding.papers_to_chair_on,
        "The pre-hearing",
        "the papers going to the chair",
    )
    old = proceeding.pre_hearing_on
    proceeding.pre_hearing_on = pre_hearing_on
    proceeding.save(update_fields=["pre_hearing_on", "updated_at"])
    clocks.on_pre_hearing_set(
        case=case, proceeding=proceeding, on=pre_hearing_on, actor=actor
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_PRE_HEARING_SET,
        target=proceeding,
        old={"pre_hearing_on": old},
        new={"pre_hearing_on": pre_hearing_on},
    )
    return proceeding
