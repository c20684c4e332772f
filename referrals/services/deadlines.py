"""Statutory clocks on cases: opened and met by lifecycle events, extended,
paused for criminal proceedings and resumed with the paused days added back.

``deadline_open``, ``deadlines_meet``, ``deadlines_pause`` and
``deadlines_resume`` are steps of other services: they run inside the caller's
transaction and leave the audit event to it (one per service call), recording
each clock's own history in DeadlineEvent. ``deadline_extend`` and
``deadline_cancel`` are services in their own right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from conduct.calendar import due_p1, working_days_between
from conduct.deadlines import compute_due
from conduct.exceptions import ApplicationError
from conduct.models import DeadlineRule, Role, User
from conduct.selectors.calendar import non_working_days_from
from conduct.services.audit import audit_record
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import Case, Deadline, DeadlineEvent, Subject
from referrals.permissions import require_case_access, require_role
from referrals.services.common import check_rationale, lock_case, touch_case

#: Who may stop a clock that no longer applies: a PSD or IOPC supervisor.
CANCEL_ROLES = frozenset({Role.PSD_SUPERVISOR, Role.IOPC_SUPERVISOR})
NOT_EXTENDABLE = "{title} cannot be extended ({source})."
EXTENSION_NOT_LATER = "The new due date must be after {due_on:%d %b %Y}."
EXTENSION_WRONG_ROLE = "{title} can be extended only by: {by}."
NOT_RUNNING = "This deadline is {status}: it cannot be {verb}."


def deadline_open(
    *,
    case: Case,
    rule_code: str,
    anchor_event: str,
    anchor_on: dt.date,
    subject: Subject | None = None,
    owner: User | None = None,
    period: int = 1,
    actor: User | None = None,
    key_extra: str = "",
) -> Deadline | None:
    """Start the clock ``rule_code`` for the case's regime; None when the regime
    has no such rule or the rule is switched off locally. Opening the same clock
    twice returns the existing one."""
    rule = DeadlineRule.objects.filter(
        regime=case.regime, code=rule_code, is_active=True
    ).first()
    if rule is None:
        return None
    key = ":".join(
        part
        for part in (
            rule_code,
            str(subject.pk) if subject else "",
            key_extra,
            str(period),
        )
        if part
    )
    existing = Deadline.objects.filter(case=case, key=key).first()
    if existing is not None:
        return existing
    due = compute_due(rule, anchor_on, non_working_days_from(anchor_on), period=period)
    deadline = Deadline.objects.create(
        case=case,
        subject=subject,
        rule=rule,
        key=key,
        title=rule.title,
        anchor_event=anchor_event,
        anchor_on=anchor_on,
        period=period,
        due_on=due.due_on,
        earliest_on=due.earliest_on,
        acting_party=rule.who_acts,
        owner=owner if owner is not None else case.created_by,
        check_local_policy=not rule.verified,
    )
    DeadlineEvent.objects.create(
        deadline=deadline,
        kind=DeadlineEvent.Kind.OPENED,
        actor=actor,
        new_due_on=deadline.due_on,
    )
    return deadline


def deadlines_meet(
    *,
    case: Case,
    rule_codes: Iterable[str],
    met_on: dt.date,
    subject: Subject | None = None,
    actor: User | None = None,
) -> list[Deadline]:
    """Record that the event meeting these clocks happened on ``met_on``."""
    query = Deadline.objects.select_for_update().filter(
        case=case,
        rule__code__in=list(rule_codes),
        status__in=[*Deadline.RUNNING, Deadline.Status.PAUSED],
    )
    if subject is not None:
        query = query.filter(subject=subject)
    met = []
    for deadline in query:
        if deadline.status == Deadline.Status.PAUSED:
            # A paused clock can still be met: resume it first, then meet it.
            transition(deadline, Deadline.Status.OPEN)
        transition(deadline, Deadline.Status.MET)
        deadline.met_on = met_on
        deadline.save(update_fields=["status", "met_on", "updated_at"])
        DeadlineEvent.objects.create(
            deadline=deadline,
            kind=DeadlineEvent.Kind.MET,
            actor=actor,
            old_due_on=deadline.due_on,
        )
        met.append(deadline)
    return met


def deadlines_cancel_for(
    *,
    case: Case,
    rule_codes: Iterable[str],
    reason: str,
    actor: User | None = None,
) -> int:
    """Stop clocks the case no longer needs (e.g. progress reports once the
    investigation has reported)."""
    count = 0
    for deadline in Deadline.objects.select_for_update().filter(
        case=case,
        rule__code__in=list(rule_codes),
        status__in=[*Deadline.RUNNING, Deadline.Status.PAUSED],
    ):
        transition(deadline, Deadline.Status.CANCELLED)
        deadline.save(update_fields=["status", "updated_at"])
        DeadlineEvent.objects.create(
            deadline=deadline,
            kind=DeadlineEvent.Kind.CANCELLED,
            actor=actor,
            old_due_on=deadline.due_on,
            reason=reason,
        )
        count += 1
    return count


def deadlines_pause(*, case: Case, on: dt.date, actor: User | None) -> int:
    """Stop the clocks of ``case`` whose rule pauses for criminal proceedings
    (the proceedings clocks, as shipped), from ``on``."""
    count = 0
    for deadline in Deadline.objects.select_for_update(of=("self",)).filter(
        case=case,
        status__in=Deadline.RUNNING,
        rule__paused_by_criminal_proceedings=True,
    ):
        transition(deadline, Deadline.Status.PAUSED)
        deadline.paused_on = on
        deadline.save(update_fields=["status", "paused_on", "updated_at"])
        DeadlineEvent.objects.create(
            deadline=deadline,
            kind=DeadlineEvent.Kind.PAUSED,
            actor=actor,
            old_due_on=deadline.due_on,
        )
        count += 1
    return count


def deadlines_resume(*, case: Case, on: dt.date, actor: User | None) -> int:
    """Restart paused clocks, adding back the working days they were paused."""
    count = 0
    for deadline in Deadline.objects.select_for_update().filter(
        case=case, status=Deadline.Status.PAUSED
    ):
        assert deadline.paused_on is not None
        holidays = non_working_days_from(deadline.paused_on)
        # Working days from the pause up to the day before it ended.
        paused = working_days_between(
            deadline.paused_on - dt.timedelta(days=1),
            on - dt.timedelta(days=1),
            holidays,
        )
        old_due = deadline.due_on
        if paused:
            deadline.due_on = due_p1(old_due, paused, non_working_days_from(old_due))
        transition(deadline, Deadline.Status.OPEN)
        deadline.paused_working_days += paused
        deadline.paused_on = None
        deadline.save(
            update_fields=[
                "status",
                "due_on",
                "paused_on",
                "paused_working_days",
                "updated_at",
            ]
        )
        DeadlineEvent.objects.create(
            deadline=deadline,
            kind=DeadlineEvent.Kind.RESUMED,
            actor=actor,
            old_due_on=old_due,
            new_due_on=deadline.due_on,
            reason=f"{paused} working days paused for criminal proceedings.",
        )
        count += 1
    return count


def _extension_roles(rule: DeadlineRule) -> frozenset[str]:
    """Who may record an extension: the decision-makers, and the investigators
    where the investigator may extend (PCR r18)."""
    roles = {Role.PSD_SUPERVISOR, Role.IOPC_SUPERVISOR}
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
    old, new = transition(deadline, Deadline.Status.EXTENDED)
    deadline.due_on = new_due_on
    deadline.save(update_fields=["status", "due_on", "updated_at"])
    DeadlineEvent.objects.create(
        deadline=deadline,
        kind=DeadlineEvent.Kind.EXTENDED,
        actor=actor,
        old_due_on=old_due,
        new_due_on=new_due_on,
        reason=reason,
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action=ReferralsAction.DEADLINE_EXTENDED,
        target=deadline,
        case_id=case.pk,
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
    old, new = transition(deadline, Deadline.Status.CANCELLED)
    deadline.save(update_fields=["status", "updated_at"])
    DeadlineEvent.objects.create(
        deadline=deadline,
        kind=DeadlineEvent.Kind.CANCELLED,
        actor=actor,
        old_due_on=deadline.due_on,
        reason=reason,
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action=ReferralsAction.DEADLINE_CANCELLED,
        target=deadline,
        case_id=case.pk,
        old={"status": old},
        new={"status": new},
        rationale=reason,
    )
    return deadline
