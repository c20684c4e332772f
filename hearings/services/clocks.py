"""The statutory clocks that proceedings, outcomes, appeals and list reports
start and stop (domain.md section 5); the steps themselves, and the referrals
stage's events, are in referrals.services.clocks. Steps of the hearings
services: they run inside the caller's transaction, which writes the one
audit event."""

from __future__ import annotations

import datetime as dt

from conduct.models import User
from hearings.models import (
    Appeal,
    HearingsClock,
    ListReport,
    Outcome,
    Proceeding,
    UpheldObjection,
)
from referrals.models import Case, Deadline, ProceedingsForm, Subject
from referrals.services.clocks import (
    deadline_key,
    deadline_move,
    deadline_open,
    deadlines_cancel_for,
    deadlines_meet,
)

ACCELERATED = ProceedingsForm.ACCELERATED_HEARING
#: Clocks that belong to one set of proceedings.
PROCEEDING_CLOCKS = (
    HearingsClock.REFERRAL_RESPONSE,
    HearingsClock.PRE_HEARING_DATE,
    HearingsClock.WITNESS_LISTS,
    HearingsClock.MEETING_TIMING,
    HearingsClock.ACCELERATED_HEARING_WINDOW,
    HearingsClock.ACCELERATED_NOTICE_RESPONSE,
    HearingsClock.OUTCOME_REPORT,
    HearingsClock.ACCELERATED_OUTCOME_REPORT,
)
APPEAL_CLOCKS = (
    HearingsClock.MEETING_APPEAL,
    HearingsClock.PAT_APPEAL_NOTICE,
    HearingsClock.PAT_RESPONDENT_PAPERS,
)
LIST_REPORT_RULES = {
    ListReport.Kind.BARRED: HearingsClock.BARRED_LIST_REPORT,
    ListReport.Kind.ADVISORY: HearingsClock.ADVISORY_LIST_REPORT,
    ListReport.Kind.ADVISORY_REMOVAL: HearingsClock.ADVISORY_LIST_FURTHER_REPORT,
}
#: The anchor event of an accelerated hearing's window re-set after an upheld
#: objection (PCR r52(1A)), as against the notice's (r52(1)).
OBJECTION_UPHELD = "proceeding.objection_upheld"
#: A list report's clock is keyed with the report: ``r<id>`` (its due date is
#: read back by hearings.selectors.proceedings.list_reports_with_due_on).
LIST_REPORT_KEY_PREFIX = "r"


def _proceeding_key(
    proceeding: Proceeding, objection: UpheldObjection | None = None
) -> str:
    """What a proceeding's clocks add to their key: the proceeding, and for
    a window re-set after an upheld objection, the objection."""
    key = f"p{proceeding.pk}"
    return key if objection is None else f"{key}o{objection.pk}"


def hearing_window(proceeding: Proceeding, *, lock: bool = False) -> Deadline | None:
    """The accelerated hearing's window in force, as its clock holds it
    (first day ``earliest_on``, last day ``due_on``, after any pause): the
    one the latest upheld objection re-set (PCR r52(1A); ``anchor_event``
    ``OBJECTION_UPHELD``), else the one the regulation 51(1) notice opened
    (r52(1)); running, paused or met. None before the notice, once
    cancelled, or where the rule is switched off locally: then no window is
    held to."""
    keys = [
        deadline_key(
            HearingsClock.ACCELERATED_HEARING_WINDOW,
            subject_id=proceeding.subject_id,
            key_extra=_proceeding_key(proceeding, objection),
        )
        for objection in [None, *proceeding.objections.all()]
    ]
    windows = Deadline.objects.filter(
        subject_id=proceeding.subject_id,
        key__in=keys,
        status__in=[*Deadline.RUNNING, Deadline.Status.PAUSED, Deadline.Status.MET],
    )
    if lock:
        windows = windows.select_for_update(of=("self",))
    return windows.select_related("rule").order_by("-id").first()


def _open(
    *,
    case: Case,
    subject: Subject,
    proceeding: Proceeding,
    code: HearingsClock,
    event: str,
    on: dt.date,
    actor: User | None,
    objection: UpheldObjection | None = None,
) -> None:
    deadline_open(
        case=case,
        rule_code=code,
        anchor_event=event,
        anchor_on=on,
        subject=subject,
        owner=actor,
        actor=actor,
        key_extra=_proceeding_key(proceeding, objection),
    )


def on_notice_served(
    *, case: Case, proceeding: Proceeding, served_on: dt.date, actor: User | None
) -> None:
    """Notice of referral (PCR r30) or accelerated notice (r51) served."""
    if proceeding.form == ACCELERATED:
        codes = [
            HearingsClock.ACCELERATED_NOTICE_RESPONSE,
            HearingsClock.ACCELERATED_HEARING_WINDOW,
        ]
    elif proceeding.form == ProceedingsForm.MISCONDUCT_MEETING:
        codes = [HearingsClock.REFERRAL_RESPONSE, HearingsClock.MEETING_TIMING]
    else:
        codes = [HearingsClock.REFERRAL_RESPONSE]
    for code in codes:
        _open(
            case=case,
            subject=proceeding.subject,
            proceeding=proceeding,
            code=code,
            event="proceeding.notice_served",
            on=served_on,
            actor=actor,
        )


def on_objection_upheld(
    *,
    case: Case,
    proceeding: Proceeding,
    objection: UpheldObjection,
    actor: User | None,
) -> None:
    """PCR r52(1A): after an upheld objection to the person conducting or
    chairing, the hearing is held 10 to 15 working days after the day that
    person is replaced. The window in force stops (cancelled, with the
    reason) and a new one opens from ``replaced_on``."""
    window = hearing_window(proceeding, lock=True)
    if window is not None and window.status != Deadline.Status.MET:
        deadline_move(
            window,
            Deadline.Status.CANCELLED,
            actor=actor,
            reason=f"Re-set: the objection to {objection.objected_to} was upheld "
            "(PCR r52(1A)).",
        )
    _open(
        case=case,
        subject=proceeding.subject,
        proceeding=proceeding,
        code=HearingsClock.ACCELERATED_HEARING_WINDOW,
        event=OBJECTION_UPHELD,
        on=objection.replaced_on,
        actor=actor,
        objection=objection,
    )


def on_response(
    *, case: Case, proceeding: Proceeding, received_on: dt.date, actor: User | None
) -> None:
    """The subject's response (PCR r31(2)) meets its clock and starts the
    exchange of witness lists (r31(4))."""
    subject = proceeding.subject
    deadlines_meet(
        case=case,
        rule_codes=[
            HearingsClock.REFERRAL_RESPONSE,
            HearingsClock.ACCELERATED_NOTICE_RESPONSE,
        ],
        subject=subject,
        met_on=received_on,
        actor=actor,
    )
    if proceeding.form != ACCELERATED:
        _open(
            case=case,
            subject=subject,
            proceeding=proceeding,
            code=HearingsClock.WITNESS_LISTS,
            event="proceeding.response",
            on=received_on,
            actor=actor,
        )


def on_papers_to_chair(
    *, case: Case, proceeding: Proceeding, supplied_on: dt.date, actor: User | None
) -> None:
    """PCR r33(1): the chair fixes a pre-hearing within 15 working days."""
    _open(
        case=case,
        subject=proceeding.subject,
        proceeding=proceeding,
        code=HearingsClock.PRE_HEARING_DATE,
        event="proceeding.papers_to_chair",
        on=supplied_on,
        actor=actor,
    )


def on_pre_hearing_set(
    *, case: Case, proceeding: Proceeding, on: dt.date, actor: User | None
) -> None:
    deadlines_meet(
        case=case,
        rule_codes=[HearingsClock.PRE_HEARING_DATE],
        subject=proceeding.subject,
        met_on=on,
        actor=actor,
    )


def on_held(
    *, case: Case, proceeding: Proceeding, held_on: dt.date, actor: User | None
) -> None:
    """Holding the meeting or hearing meets the clocks for holding it; the
    chair's report is then due within 5 working days (PCR r43, r63)."""
    deadlines_meet(
        case=case,
        rule_codes=[
            HearingsClock.MEETING_TIMING,
            HearingsClock.ACCELERATED_HEARING_WINDOW,
        ],
        subject=proceeding.subject,
        met_on=held_on,
        actor=actor,
    )
    code = (
        HearingsClock.ACCELERATED_OUTCOME_REPORT
        if proceeding.form == ACCELERATED
        else (HearingsClock.OUTCOME_REPORT)
    )
    _open(
        case=case,
        subject=proceeding.subject,
        proceeding=proceeding,
        code=code,
        event="proceeding.held",
        on=held_on,
        actor=actor,
    )


def on_withdrawn(*, case: Case, proceeding: Proceeding, actor: User | None) -> None:
    deadlines_cancel_for(
        case=case,
        rule_codes=PROCEEDING_CLOCKS,
        reason="The proceedings were withdrawn.",
        subject=proceeding.subject,
        actor=actor,
    )


def on_returned(
    *, case: Case, proceeding: Proceeding, returned_on: dt.date, actor: User | None
) -> None:
    """The accelerated hearing's report returns the case to the appropriate
    authority (PCR r62(8)(b), r63(1)): it meets the report's clock; the case
    goes on under Part 4, whose clocks open when it is referred again."""
    deadlines_meet(
        case=case,
        rule_codes=[HearingsClock.ACCELERATED_OUTCOME_REPORT],
        subject=proceeding.subject,
        met_on=returned_on,
        actor=actor,
    )


def on_outcome(
    *, case: Case, proceeding: Proceeding, outcome: Outcome, actor: User | None
) -> None:
    """The outcome ends the exchange of witness lists; the report and the
    appeal window wait for the report (``on_outcome_report``)."""
    deadlines_meet(
        case=case,
        rule_codes=[HearingsClock.WITNESS_LISTS],
        subject=proceeding.subject,
        met_on=outcome.decided_on,
        actor=actor,
    )


def on_outcome_report(
    *, case: Case, proceeding: Proceeding, outcome: Outcome, actor: User | None
) -> None:
    """The chair's report met its clock the day the appropriate authority
    received it (PCR r43(1), r63(1)); the appeal window opens the day it was
    given to the officer (r43(2)): 7 working days for a meeting (r45(3)(a)),
    the notice of appeal to a Police Appeals Tribunal otherwise."""
    assert outcome.report_received_on is not None
    assert outcome.report_given_on is not None
    subject = proceeding.subject
    deadlines_meet(
        case=case,
        rule_codes=[
            HearingsClock.OUTCOME_REPORT,
            HearingsClock.ACCELERATED_OUTCOME_REPORT,
        ],
        subject=subject,
        met_on=outcome.report_received_on,
        actor=actor,
    )
    code = (
        HearingsClock.MEETING_APPEAL
        if proceeding.form == ProceedingsForm.MISCONDUCT_MEETING
        else HearingsClock.PAT_APPEAL_NOTICE
    )
    _open(
        case=case,
        subject=subject,
        proceeding=proceeding,
        code=code,
        event="outcome.report_given",
        on=outcome.report_given_on,
        actor=actor,
    )


def on_appeal_lodged(*, case: Case, appeal: Appeal, actor: User | None) -> None:
    subject = appeal.subject
    deadlines_meet(
        case=case,
        rule_codes=[HearingsClock.MEETING_APPEAL, HearingsClock.PAT_APPEAL_NOTICE],
        subject=subject,
        met_on=appeal.lodged_on,
        actor=actor,
    )
    if appeal.notice_received_on is not None:
        # PAT Rules 2020 r13(3), 2012 r9(2): from the respondent's receipt of
        # its copy of the notice, not from lodging.
        deadline_open(
            case=case,
            rule_code=HearingsClock.PAT_RESPONDENT_PAPERS,
            anchor_event="appeal.notice_received",
            anchor_on=appeal.notice_received_on,
            subject=subject,
            owner=actor,
            actor=actor,
            key_extra=f"a{appeal.pk}",
        )


def on_appeal_closed(
    *, case: Case, appeal: Appeal, on: dt.date, actor: User | None
) -> None:
    deadlines_meet(
        case=case,
        rule_codes=[HearingsClock.PAT_RESPONDENT_PAPERS],
        subject=appeal.subject,
        met_on=on,
        actor=actor,
    )


def on_concluded(*, case: Case, subject: Subject, actor: User | None) -> None:
    """No appeal came: the appeal windows close with the subject's case."""
    deadlines_cancel_for(
        case=case,
        rule_codes=APPEAL_CLOCKS,
        reason="Concluded without an appeal.",
        subject=subject,
        actor=actor,
    )


def on_list_report(*, report: ListReport) -> None:
    """A report to the College is due within 5 working days beginning with the
    event (BL Regs r3(1), r12(1))."""
    code = LIST_REPORT_RULES.get(ListReport.Kind(report.kind))
    if code is None:
        return
    deadline_open(
        case=report.case,
        rule_code=code,
        anchor_event=f"list_report.{report.kind}",
        anchor_on=report.event_on,
        subject=report.subject,
        key_extra=f"{LIST_REPORT_KEY_PREFIX}{report.pk}",
    )
