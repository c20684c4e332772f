"""An objection to the person conducting or chairing an accelerated hearing,
upheld (PCR r51(2C), (2K)): recorded, and the hearing's window re-set to 10
to 15 working days after the person is replaced (r52(1A))."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from hearings.audit import HearingsAction
from hearings.models import Proceeding, UpheldObjection
from hearings.services import clocks
from hearings.services.common import lock_proceeding, require_appropriate_authority
from hearings.services.proceedings.checks import check_not_closed, check_not_paused
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
)

OBJECTION_ONLY_ACCELERATED = (
    "Only an accelerated hearing's window is re-set after an upheld objection "
    "(PCR r52(1A))."
)
OBJECTED_TO_REQUIRED = "Enter the name of the person objected to."
OBJECTION_NEEDS_NOTICE = (
    "Serve the regulation 51 notice first: it names the person conducting the "
    "hearing, to whom the officer may object (PCR r51(2C))."
)


@transaction.atomic
def proceeding_objection_record(
    *,
    actor: User | None,
    proceeding: Proceeding,
    objected_to: str,
    upheld_on: dt.date,
    replaced_on: dt.date,
    reason: str,
) -> UpheldObjection:
    """The appropriate authority upheld the officer's objection to
    ``objected_to`` on ``upheld_on`` and replaced them on ``replaced_on``:
    the accelerated hearing's window is re-set to 10 to 15 working days
    after the replacement (PCR r52(1A))."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_appropriate_authority(actor, case, subject, "record an upheld objection")
    check_not_closed(proceeding)
    check_not_paused(case)
    if not proceeding.is_accelerated:
        raise ApplicationError(OBJECTION_ONLY_ACCELERATED, rule="objection.form")
    objected_to = objected_to.strip()
    if not objected_to:
        raise ApplicationError(OBJECTED_TO_REQUIRED, rule="objection.objected_to")
    reason = check_rationale(reason)
    notice = proceeding.notices.order_by("served_on", "id").first()
    if notice is None:
        raise ApplicationError(OBJECTION_NEEDS_NOTICE, rule="proceeding.notice")
    check_not_future(upheld_on, "The date the objection was upheld")
    check_not_before(
        upheld_on, notice.served_on, "The date the objection was upheld", "the notice"
    )
    check_not_future(replaced_on, "The date the person was replaced")
    check_not_before(
        replaced_on,
        upheld_on,
        "The date the person was replaced",
        "the objection was upheld",
    )
    objection = UpheldObjection.objects.create(
        proceeding=proceeding,
        objected_to=objected_to,
        upheld_on=upheld_on,
        replaced_on=replaced_on,
        reason=reason,
        recorded_by=actor,
    )
    clocks.on_objection_upheld(
        case=case, proceeding=proceeding, objection=objection, actor=actor
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_OBJECTION_UPHELD,
        target=objection,
        new={
            "proceeding": proceeding.pk,
            "objected_to": objected_to,
            "upheld_on": upheld_on,
            "replaced_on": replaced_on,
        },
        rationale=reason,
    )
    return objection
