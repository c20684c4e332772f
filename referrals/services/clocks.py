"""The statutory clocks on cases (domain.md section 5): the steps that open,
meet, pause, resume and cancel them, and which clocks each referrals event
starts or stops (``on_*``; hearings.services.clocks does the same for
proceedings, outcomes, appeals and list reports).

Every step runs inside the calling service's transaction and leaves the audit
event to it (one per service call), recording each clock's own history in
DeadlineEvent. A user's own actions on one deadline (extending or cancelling
it) are services in referrals.services.deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from conduct.calendar import shift_for_pause
from conduct.deadline_rules import SHIPPED_CODES, DeadlineRuleCode
from conduct.deadlines import compute_due
from conduct.models import DeadlineRule, User
from conduct.selectors.calendar import (
    LOOKAHEAD,
    non_working_days_between,
    non_working_days_from,
)
from conduct.transitions import transition
from referrals.models import (
    Case,
    Deadline,
    DeadlineEvent,
    Notice,
    ReferralsClock,
    Subject,
    SubJudicePeriod,
)

NOT_SHIPPED = "{code!r} is not the code of a shipped deadline rule."


# ---------------------------------------------------------------- steps


def deadline_move(
    deadline: Deadline,
    status: str,
    *,
    actor: User | None,
    reason: str = "",
    kind: str | None = None,
    **changes: Any,
) -> tuple[str, str]:
    """Move an open clock to ``status``, set ``changes`` on it, save, and
    record the step in its history: a DeadlineEvent named after the new
    status (``kind`` where it is not: resuming), with the due date before
    and, where ``changes`` sets one, after. Every later step of a clock goes
    through here; returns (old, new) status."""
    old_due_on = deadline.due_on
    old, new = transition(deadline, status)
    for name, value in changes.items():
        setattr(deadline, name, value)
    deadline.save(update_fields=["status", *changes, "updated_at"])
    DeadlineEvent.objects.create(
        deadline=deadline,
        kind=DeadlineEvent.Kind(kind or status),
        actor=actor,
        old_due_on=old_due_on,
        new_due_on=deadline.due_on if "due_on" in changes else None,
        reason=reason,
    )
    return old, new


def deadline_key(
    rule_code: DeadlineRuleCode,
    *,
    subject_id: int | None = None,
    key_extra: str = "",
    period: int = 1,
) -> str:
    """The key naming one clock within its case (``Deadline.key``): the rule,
    the subject, what the caller adds (``key_extra``) and the period."""
    return ":".join(
        part
        for part in (
            rule_code,
            str(subject_id) if subject_id else "",
            key_extra,
            str(period),
        )
        if part
    )


def deadline_open(
    *,
    case: Case,
    rule_code: DeadlineRuleCode,
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
    twice returns the existing one. A code no shipped rule has is a programming
    error, refused (it would otherwise open nothing, silently)."""
    if rule_code not in SHIPPED_CODES:
        raise ValueError(NOT_SHIPPED.format(code=str(rule_code)))
    rule = DeadlineRule.objects.filter(
        regime=case.regime, code=rule_code, is_active=True
    ).first()
    if rule is None:
        return None
    key = deadline_key(
        rule_code,
        subject_id=subject.pk if subject else None,
        key_extra=key_extra,
        period=period,
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
    pause = _running_pause(case) if rule.paused_by_criminal_proceedings else None
    if pause is not None and deadline.due_on >= pause.started_on:
        # Opened while the case is paused for criminal proceedings: the
        # clock does not run until the pause ends (PCR r10(3)), from its
        # anchor or, for an anchor before the pause, from the pause's start
        # (as deadlines_pause would have; a clock already overdue then
        # stays as it is).
        deadline_move(
            deadline,
            Deadline.Status.PAUSED,
            actor=actor,
            paused_on=max(anchor_on, pause.started_on),
        )
    return deadline


def _running_pause(case: Case) -> SubJudicePeriod | None:
    """The pause for criminal proceedings ``case`` is in, if any."""
    return SubJudicePeriod.objects.filter(case=case, ended_on__isnull=True).first()


def deadlines_lock(
    *,
    case: Case,
    rule_codes: Iterable[DeadlineRuleCode],
    subject: Subject | None = None,
) -> list[Deadline]:
    """Lock the clocks of these rules that could still be met (running or
    paused), in the caller's transaction, and return them."""
    query = Deadline.objects.select_for_update().filter(
        case=case,
        rule__code__in=list(rule_codes),
        status__in=[*Deadline.RUNNING, Deadline.Status.PAUSED],
    )
    if subject is not None:
        query = query.filter(subject=subject)
    return list(query.order_by("pk"))


def deadlines_meet(
    *,
    case: Case,
    rule_codes: Iterable[DeadlineRuleCode],
    met_on: dt.date,
    subject: Subject | None = None,
    actor: User | None = None,
) -> list[Deadline]:
    """Record that the event meeting these clocks happened on ``met_on``:
    late when that is after the clock's own due date (after any extension,
    and any pause, which is counted up to ``met_on`` first)."""
    met = []
    for deadline in deadlines_lock(case=case, rule_codes=rule_codes, subject=subject):
        if deadline.status == Deadline.Status.PAUSED:
            # A paused clock can still be met: resume it on the day it is met
            # (its due date moving by the days it was paused), then meet it.
            _resume(deadline, on=met_on, actor=actor)
        deadline_move(
            deadline,
            Deadline.Status.MET,
            actor=actor,
            met_on=met_on,
            met_late=met_on > deadline.due_on,
        )
        met.append(deadline)
    return met


def deadlines_cancel_for(
    *,
    case: Case,
    rule_codes: Iterable[DeadlineRuleCode],
    reason: str,
    subject: Subject | None = None,
    actor: User | None = None,
) -> int:
    """Stop clocks the case no longer needs (e.g. progress reports once the
    investigation has reported); with ``subject``, only that subject's (the
    other subjects' proceedings and appeals go on)."""
    query = Deadline.objects.select_for_update().filter(
        case=case,
        rule__code__in=list(rule_codes),
        status__in=[*Deadline.RUNNING, Deadline.Status.PAUSED],
    )
    if subject is not None:
        query = query.filter(subject=subject)
    count = 0
    for deadline in query:
        deadline_move(deadline, Deadline.Status.CANCELLED, actor=actor, reason=reason)
        count += 1
    return count


def deadlines_pause(*, case: Case, on: dt.date, actor: User | None) -> int:
    """Stop the clocks of ``case`` whose rule pauses for criminal proceedings
    (the proceedings clocks, as shipped), from ``on``. A clock already
    overdue on ``on`` (missed, whether or not the night's sweep has marked
    it) stays as it is: its time ran out before the pause, and pausing it
    would hide that it is late."""
    count = 0
    for deadline in Deadline.objects.select_for_update(of=("self",)).filter(
        case=case,
        status__in=[Deadline.Status.OPEN, Deadline.Status.EXTENDED],
        due_on__gte=on,
        rule__paused_by_criminal_proceedings=True,
    ):
        deadline_move(deadline, Deadline.Status.PAUSED, actor=actor, paused_on=on)
        count += 1
    return count


def deadlines_resume(*, case: Case, on: dt.date, actor: User | None) -> int:
    """Restart paused clocks, adding back the working days they were paused."""
    count = 0
    for deadline in Deadline.objects.select_for_update().filter(
        case=case, status=Deadline.Status.PAUSED
    ):
        _resume(deadline, on=on, actor=actor)
        count += 1
    return count


def _resume(deadline: Deadline, *, on: dt.date, actor: User | None) -> None:
    """Restart one paused clock on ``on``: the working days from the pause up
    to the day before ``on`` are added to its due date and, for a window
    rule, to its first day (the whole window moves, PCR r10(3))."""
    assert deadline.paused_on is not None
    paused_on = deadline.paused_on
    # The calendar from the earliest date counted to beyond the latest the
    # dates can move to: a pause can outlast criminal proceedings of years.
    dates = [paused_on, deadline.due_on, deadline.earliest_on or paused_on]
    holidays = non_working_days_between(
        min(dates), max(*dates, on) + 2 * (on - paused_on) + LOOKAHEAD
    )
    paused, due_on, earliest_on = shift_for_pause(
        deadline.due_on,
        deadline.earliest_on,
        paused_on=paused_on,
        resumed_on=on,
        non_working_days=holidays,
    )
    deadline_move(
        deadline,
        Deadline.Status.OPEN,
        kind=DeadlineEvent.Kind.RESUMED,
        actor=actor,
        reason=f"{paused} working days paused for criminal proceedings.",
        due_on=due_on,
        earliest_on=earliest_on,
        paused_on=None,
        paused_working_days=deadline.paused_working_days + paused,
    )


# ---------------------------------------------------------------- events


def on_investigation_opened(
    *, case: Case, owner: User | None, actor: User | None
) -> None:
    """PCR r19 / CMR r13: a progress report 12 months from when the matter
    came to attention (or the complaint was made), then every 6 months until
    the report."""
    deadline_open(
        case=case,
        rule_code=ReferralsClock.PROGRESS_REPORT,
        anchor_event="case.came_to_attention",
        anchor_on=case.complaint_made_on or case.came_to_attention_on,
        owner=owner,
        actor=actor,
    )


def on_investigation_reported(*, case: Case, actor: User | None) -> None:
    """The investigation is complete: no further progress reports are due."""
    deadlines_cancel_for(
        case=case,
        rule_codes=[ReferralsClock.PROGRESS_REPORT],
        reason="The investigation has reported.",
        actor=actor,
    )


def on_progress_report_sent(
    *,
    case: Case,
    deadline: Deadline,
    sent_on: dt.date,
    investigating: bool,
    actor: User | None,
) -> Deadline | None:
    """A report meets its period's clock; while the investigation goes on
    (and the clock was not cancelled) the next period's clock starts."""
    deadlines_meet(
        case=case,
        rule_codes=[ReferralsClock.PROGRESS_REPORT],
        met_on=sent_on,
        actor=actor,
    )
    if not investigating or deadline.status == Deadline.Status.CANCELLED:
        return None
    return deadline_open(
        case=case,
        rule_code=ReferralsClock.PROGRESS_REPORT,
        anchor_event=deadline.anchor_event,
        anchor_on=deadline.anchor_on,
        period=deadline.period + 1,
        owner=deadline.owner,
        actor=actor,
    )


def on_notice_served(
    *, case: Case, notice: Notice, owner: User | None, actor: User | None
) -> None:
    """PCR r18: the subject's response within 10 working days (P1)."""
    deadline_open(
        case=case,
        rule_code=ReferralsClock.NOTICE_RESPONSE,
        anchor_event="notice.served",
        anchor_on=notice.served_on,
        subject=notice.subject,
        owner=owner,
        actor=actor,
        key_extra=str(notice.pk),
    )


def on_notice_response(
    *, case: Case, subject: Subject, received_on: dt.date, actor: User | None
) -> None:
    """The subject's response meets its clock."""
    deadlines_meet(
        case=case,
        rule_codes=[ReferralsClock.NOTICE_RESPONSE],
        subject=subject,
        met_on=received_on,
        actor=actor,
    )
