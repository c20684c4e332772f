"""The sub judice pause: misconduct proceedings paused while criminal
proceedings could be prejudiced, and resumed (PCR r10(3), r49(3))."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import PSD_SUPERVISORS, User
from referrals.audit import ReferralsAction
from referrals.models import Case, SubJudicePeriod
from referrals.permissions import require_case_access, require_role
from referrals.services.clocks import deadlines_pause, deadlines_resume
from referrals.services.common import (
    case_changed,
    check_case_open,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
)

ALREADY_PAUSED = "Misconduct proceedings are already paused (since {on:%d %b %Y})."
NOT_PAUSED = "Misconduct proceedings are not paused, so they cannot be resumed."
PAUSE_OVERLAPS = (
    "The pause cannot start on {value:%d %b %Y}: the previous pause ran until "
    "{ended:%d %b %Y}."
)

DECIDERS = PSD_SUPERVISORS


@transaction.atomic
def criminal_sub_judice_set(
    *,
    actor: User | None,
    case: Case,
    paused: bool,
    rationale: str,
    on: dt.date,
) -> SubJudicePeriod:
    """Pause misconduct proceedings because they would prejudice criminal
    proceedings (PCR r10(3)), or resume them (PCR r49(3)). A decision of the
    appropriate authority; each pause is one dated SubJudicePeriod."""
    case = lock_case(case)
    require_role(actor, DECIDERS, "pause or resume misconduct proceedings")
    require_case_access(actor, case, "pause or resume misconduct proceedings")
    rationale = check_rationale(rationale)
    check_not_future(on, "The date")
    current = (
        SubJudicePeriod.objects.select_for_update()
        .filter(case=case, ended_on__isnull=True)
        .first()
    )
    if paused:
        check_case_open(case)
        if current is not None:
            raise ApplicationError(
                ALREADY_PAUSED.format(on=current.started_on), rule="sub_judice.paused"
            )
        check_not_before(on, case.came_to_attention_on, "The pause", "the case date")
        previous = (
            SubJudicePeriod.objects.filter(case=case).order_by("-ended_on").first()
        )
        if previous is not None and previous.ended_on and on < previous.ended_on:
            raise ApplicationError(
                PAUSE_OVERLAPS.format(value=on, ended=previous.ended_on),
                rule="sub_judice.overlap",
            )
        period = SubJudicePeriod.objects.create(
            case=case, started_on=on, started_by=actor, start_rationale=rationale
        )
        clocks = deadlines_pause(case=case, on=on, actor=actor)
        action = ReferralsAction.CASE_MISCONDUCT_PAUSED
        old_values: dict[str, object] = {"misconduct_paused": False}
    else:
        if current is None:
            raise ApplicationError(NOT_PAUSED, rule="sub_judice.not_paused")
        check_not_before(on, current.started_on, "The resumption", "the pause")
        period = current
        period.ended_on = on
        period.ended_by = actor
        period.end_rationale = rationale
        period.save(
            update_fields=["ended_on", "ended_by", "end_rationale", "updated_at"]
        )
        clocks = deadlines_resume(case=case, on=on, actor=actor)
        action = ReferralsAction.CASE_MISCONDUCT_RESUMED
        old_values = {"misconduct_paused": True, "started_on": period.started_on}
    case_changed(
        case,
        actor=actor,
        action=action,
        target=period,
        old=old_values,
        new={"misconduct_paused": paused, "on": on, "deadlines": clocks},
        rationale=rationale,
    )
    return period
