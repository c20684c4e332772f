"""A user's actions on one deadline: extending it (where its rule allows,
by the role the rule names) and cancelling one that no longer applies.

How the lifecycle opens, meets, pauses and resumes clocks, and which event
starts which, is in referrals.services.clocks.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import IOPC_SUPERVISORS, PSD_SUPERVISORS, DeadlineRule, Role, User
from referrals.audit import ReferralsAction
from referrals.models import Case, Deadline
from referrals.permissions import require_case_access, require_role
from referrals.services.clocks import deadline_move
from referrals.services.common import (
    case_changed,
    check_rationale,
    lock_case,
)

#: Who may stop a clock that no longer applies: a PSD or IOPC supervisor.
CANCEL_ROLES = PSD_SUPERVISORS | IOPC_SUPERVISORS
NOT_EXTENDABLE = "{title} cannot be extended ({source})."
EXTENSION_NOT_LATER = "The new due date must be after {due_on:%d %b %Y}."
EXTENSION_WRONG_ROLE = "{title} can be extended only by: {by}."
NOT_RUNNING = "This deadline is {status}: it cannot be {verb}."


def _extension_roles(rule: DeadlineRule) -> frozenset[str]:
    """Who may record an extension: the decision-makers, and the investigators
    where the investigator may extend (PCR r18)."""
    roles = set(CANCEL_ROLES)
    if "investigator" in rule.extendable_by.lower():
        roles |= {Role.PSD_CASEWORKER, Role.IOPC_INVESTIGATOR}
    return frozenset(roles)


def _lock_deadline(deadline: Deadline) -> tuple[Case, Deadline]:
    case = lock_case(deadline.case_id)
    locked = (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("rule")
        .get(pk=deadline.pk)
    )
    return case, locked


@transaction.atomic
def deadline_extend(
    *,
    actor: User | None,
    deadline: Deadline,
    new_due_on: dt.date,
    reason: str,
) -> Deadline:
    """Extend a clock whose rule allows it, by the role the rule names."""
    case, deadline = _lock_deadline(deadline)
    require_case_access(actor, case, "extend a deadline")
    reason = check_rationale(reason)
    rule = deadline.rule
    if not rule.extendable:
        raise ApplicationError(
            NOT_EXTENDABLE.format(title=rule.title, source=rule.source),
            rule="deadline.not_extendable",
        )
    require_role(actor, _extension_roles(rule), "extend this deadline")
    if new_due_on <= deadline.due_on:
        raise ApplicationError(
            EXTENSION_NOT_LATER.format(due_on=deadline.due_on),
            rule="deadline.extension_date",
        )
    if deadline.status not in Deadline.RUNNING:
        raise ApplicationError(
            NOT_RUNNING.format(
                status=deadline.get_status_display().lower(), verb="extended"
            ),
            rule="deadline.not_running",
        )
    old_due = deadline.due_on
    old, new = deadline_move(
        deadline,
        Deadline.Status.EXTENDED,
        actor=actor,
        reason=reason,
        due_on=new_due_on,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.DEADLINE_EXTENDED,
        target=deadline,
        old={"status": old, "due_on": old_due},
        new={"status": new, "due_on": new_due_on},
        rationale=reason,
    )
    return deadline


@transaction.atomic
def deadline_cancel(*, actor: User | None, deadline: Deadline, reason: str) -> Deadline:
    """Stop a clock that no longer applies (e.g. proceedings withdrawn)."""
    case, deadline = _lock_deadline(deadline)
    require_case_access(actor, case, "cancel a deadline")
    require_role(actor, CANCEL_ROLES, "cancel a deadline")
    reason = check_rationale(reason)
    old, new = deadline_move(
        deadline, Deadline.Status.CANCELLED, actor=actor, reason=reason
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.DEADLINE_CANCELLED,
        target=deadline,
        old={"status": old},
        new={"status": new},
        rationale=reason,
    )
    return deadline
