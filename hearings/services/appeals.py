"""Appeals: to an appeal meeting after a misconduct meeting (PCR r45), to a
Police Appeals Tribunal after a hearing or an accelerated hearing (PAT Rules
2020). An allowed appeal replaces the current outcome (and, if it says so,
the findings) while keeping the replaced rows as history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.models import Appeal, Finding, Outcome, OutcomeKind, Proceeding
from hearings.rules import NOT_APPEALABLE, appeal_worsens
from hearings.services import clocks
from hearings.services.common import (
    current_outcome,
    lock_for_subject,
    require_staff,
)
from hearings.services.lists import list_consequences
from hearings.services.outcomes import check_findings, check_outcome, current_findings
from referrals.models import Case, ProceedingsForm, Subject
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
)

NOTHING_TO_APPEAL = "{outcome} is not disciplinary action: there is nothing to appeal."
GROUNDS_REQUIRED = "Give the grounds of appeal."
NOTICE_RECEIVED_REQUIRED = (
    "Give the date the appropriate authority received its copy of the notice of "
    "appeal: the respondent's papers are due from it (PAT Rules r13(3))."
)
NOTICE_RECEIVED_ONLY_FOR_TRIBUNAL = (
    "Only an appeal to a Police Appeals Tribunal has a notice of appeal copied to "
    "the respondent."
)
UNKNOWN_RESULT = "Decide the appeal as dismissed or allowed."
DISMISSED_KEEPS_OUTCOME = "A dismissed appeal leaves the outcome as it is."
ALLOWED_NEEDS_OUTCOME = "Say which outcome the appeal substitutes."
SUBSTITUTE_SAME = "The substituted outcome is the same as the current one."
APPEAL_CANNOT_WORSEN = (
    "An appeal brought by the officer cannot make the outcome more severe "
    "({current} to {substituted})."
)


def appeal_kind_for(form: str) -> str:
    if form == ProceedingsForm.MISCONDUCT_MEETING:
        return Appeal.Kind.APPEAL_MEETING
    return Appeal.Kind.POLICE_APPEALS_TRIBUNAL


def _lock_appeal(appeal: Appeal) -> tuple[Case, Subject, Appeal]:
    subject = Subject.objects.only("case_id").get(pk=appeal.subject_id)
    case, subject = lock_for_subject(subject)
    return case, subject, Appeal.objects.select_for_update().get(pk=appeal.pk)


@transaction.atomic
def appeal_lodge(
    *,
    actor: User | None,
    subject: Subject,
    lodged_on: dt.date,
    grounds: str,
    notice_received_on: dt.date | None = None,
) -> Appeal:
    """The subject appeals against the current outcome; the forum follows from
    the proceedings (a former officer may appeal a "would have been dismissed"
    finding to the tribunal). A tribunal appeal needs the day the appropriate
    authority, the respondent, received its copy of the notice."""
    case, subject = lock_for_subject(subject)
    require_staff(actor, case, "record an appeal")
    outcome = current_outcome(subject)
    if outcome.kind in NOT_APPEALABLE:
        raise ApplicationError(
            NOTHING_TO_APPEAL.format(outcome=outcome.get_kind_display()),
            rule="appeal.outcome",
        )
    if not grounds.strip():
        raise ApplicationError(GROUNDS_REQUIRED, rule="appeal.grounds")
    old, new = transition(subject, Subject.Status.UNDER_APPEAL)
    check_not_future(lodged_on, "The date lodged")
    check_not_before(lodged_on, outcome.decided_on, "The appeal", "the outcome")
    proceeding = Proceeding.objects.get(pk=outcome.proceeding_id)
    kind = appeal_kind_for(proceeding.form)
    _check_notice_received(kind, lodged_on, notice_received_on)
    subject.save(update_fields=["status", "updated_at"])
    appeal = Appeal.objects.create(
        subject=subject,
        outcome=outcome,
        kind=kind,
        lodged_on=lodged_on,
        notice_received_on=notice_received_on,
        grounds=grounds.strip(),
        recorded_by=actor,
    )
    clocks.on_appeal_lodged(case=case, appeal=appeal, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.APPEAL_LODGED,
        target=appeal,
        old={"subject_status": old},
        new={
            "subject_status": new,
            "kind": appeal.kind,
            "outcome": outcome.pk,
            "lodged_on": lodged_on,
            "notice_received_on": notice_received_on,
        },
    )
    return appeal


def _check_notice_received(
    kind: str, lodged_on: dt.date, notice_received_on: dt.date | None
) -> None:
    rule = "appeal.notice_received_on"
    if kind != Appeal.Kind.POLICE_APPEALS_TRIBUNAL:
        if notice_received_on is not None:
            raise ApplicationError(NOTICE_RECEIVED_ONLY_FOR_TRIBUNAL, rule=rule)
        return
    if notice_received_on is None:
        raise ApplicationError(NOTICE_RECEIVED_REQUIRED, rule=rule)
    check_not_future(notice_received_on, "The date the notice was received")
    check_not_before(
        notice_received_on, lodged_on, "The date the notice was received", "the appeal"
    )


def _substitute_findings(
    *,
    actor: User | None,
    appeal: Appeal,
    proceeding: Proceeding,
    subject: Subject,
    results: Mapping[int, str],
    decided_on: dt.date,
) -> dict[int, str]:
    allegations = check_findings(subject, results)
    Finding.objects.filter(proceeding=proceeding, is_current=True).update(
        is_current=False
    )
    for allegation in allegations:
        Finding.objects.create(
            proceeding=proceeding,
            allegation=allegation,
            result=results[allegation.pk],
            recorded_on=decided_on,
            recorded_by=actor,
            appeal=appeal,
        )
    return {allegation.pk: results[allegation.pk] for allegation in allegations}


@transaction.atomic
def appeal_decide(
    *,
    actor: User | None,
    appeal: Appeal,
    result: str,
    decided_on: dt.date,
    reasons: str,
    substituted_outcome: str = "",
    substituted_findings: Mapping[int, str] | None = None,
) -> Appeal:
    """Record the appeal's result. Allowed: the substituted outcome (checked
    against PCR r42 for the original forum) becomes current and the old one is
    kept, superseded; list reports follow the change."""
    case, subject, appeal = _lock_appeal(appeal)
    require_staff(actor, case, "record the appeal decision")
    reasons = check_rationale(reasons)
    if result not in {Appeal.Status.DISMISSED, Appeal.Status.ALLOWED}:
        raise ApplicationError(UNKNOWN_RESULT, rule="appeal.result")
    old_appeal, new_appeal = transition(appeal, result)
    check_not_future(decided_on, "The decision date")
    check_not_before(decided_on, appeal.lodged_on, "The decision", "the appeal")
    current = current_outcome(subject)
    substitute: Outcome | None = None
    reports = []
    if result == Appeal.Status.DISMISSED:
        if substituted_outcome or substituted_findings:
            raise ApplicationError(DISMISSED_KEEPS_OUTCOME, rule="appeal.result")
    else:
        if not substituted_outcome:
            raise ApplicationError(ALLOWED_NEEDS_OUTCOME, rule="appeal.outcome")
        proceeding = Proceeding.objects.select_for_update().get(
            pk=current.proceeding_id
        )
        if substituted_findings is not None:
            check_findings(subject, substituted_findings)
            findings = dict(substituted_findings)
        else:
            findings = current_findings(proceeding)
        check_outcome(
            subject=subject,
            proceeding=proceeding,
            findings=findings,
            kind=substituted_outcome,
            regime=case.regime,
        )
        if substituted_outcome == current.kind and substituted_findings is None:
            raise ApplicationError(SUBSTITUTE_SAME, rule="appeal.outcome")
        # The officer appeals; the result cannot leave them worse off
        # (PA96 Sch 6; PCR r47 - exact wording UNVERIFIED).
        if appeal_worsens(current.kind, substituted_outcome):
            raise ApplicationError(
                APPEAL_CANNOT_WORSEN.format(
                    current=current.get_kind_display().lower(),
                    substituted=OutcomeKind(substituted_outcome).label.lower(),
                ),
                rule="appeal.worsen",
            )
        if substituted_findings is not None:
            _substitute_findings(
                actor=actor,
                appeal=appeal,
                proceeding=proceeding,
                subject=subject,
                results=substituted_findings,
                decided_on=decided_on,
            )
        current.is_current = False
        current.save(update_fields=["is_current", "updated_at"])
        substitute = Outcome.objects.create(
            subject=subject,
            proceeding=proceeding,
            kind=substituted_outcome,
            decided_on=decided_on,
            decided_by=actor,
            reasons=reasons,
            appeal=appeal,
        )
        current.superseded_by = substitute
        current.save(update_fields=["superseded_by", "updated_at"])
        reports = list_consequences(subject=subject, new=substitute, old=current)
    appeal.decided_on = decided_on
    appeal.decision_reasons = reasons
    appeal.save(
        update_fields=["status", "decided_on", "decision_reasons", "updated_at"]
    )
    old_status, new_status = transition(subject, Subject.Status.OUTCOME_DECIDED)
    subject.save(update_fields=["status", "updated_at"])
    clocks.on_appeal_closed(case=case, appeal=appeal, on=decided_on, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.APPEAL_DECIDED,
        target=appeal,
        old={
            "status": old_appeal,
            "subject_status": old_status,
            "outcome": current.kind,
        },
        new={
            "status": new_appeal,
            "subject_status": new_status,
            "outcome": substitute.kind if substitute else current.kind,
            "list_reports": {str(r.pk): r.kind for r in reports},
        },
        rationale=reasons,
    )
    return appeal


@transaction.atomic
def appeal_withdraw(
    *, actor: User | None, appeal: Appeal, withdrawn_on: dt.date, rationale: str
) -> Appeal:
    case, subject, appeal = _lock_appeal(appeal)
    require_staff(actor, case, "record that an appeal was withdrawn")
    rationale = check_rationale(rationale)
    old, new = transition(appeal, Appeal.Status.WITHDRAWN)
    check_not_future(withdrawn_on, "The date withdrawn")
    check_not_before(withdrawn_on, appeal.lodged_on, "Withdrawn on", "the appeal")
    appeal.decided_on = withdrawn_on
    appeal.save(update_fields=["status", "decided_on", "updated_at"])
    transition(subject, Subject.Status.OUTCOME_DECIDED)
    subject.save(update_fields=["status", "updated_at"])
    clocks.on_appeal_closed(case=case, appeal=appeal, on=withdrawn_on, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.APPEAL_WITHDRAWN,
        target=appeal,
        old={"status": old},
        new={"status": new, "withdrawn_on": withdrawn_on},
        rationale=rationale,
    )
    return appeal
