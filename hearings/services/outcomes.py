"""Findings per allegation, the outcome per subject (PCR r42) and concluding
the subject's proceedings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.regimes import Regime, written_warning_barred_by_final_warning
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.models import Finding, FindingResult, Outcome, OutcomeKind, Proceeding
from hearings.rules import (
    CASE_TO_ANSWER,
    DISMISSALS_2012,
    SEVERE_2020,
    finding_exceeds_case,
    most_serious_finding,
    proceeding_allowed_outcomes,
)
from hearings.services import clocks
from hearings.services.common import (
    current_outcome,
    lock_for_subject,
    lock_proceeding,
    require_appropriate_authority,
    require_staff,
)
from hearings.services.lists import list_consequences
from hearings.services.proceedings import is_former_officer_role
from referrals.models import Allegation, ProceedingsForm, Subject
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
)

FINDINGS_BEFORE_HELD = "Findings are recorded once the {form} has been held."
FINDINGS_ALREADY_RECORDED = "Findings for this {form} are already recorded."
FINDING_MISSING = "Give a finding for every allegation (missing: {summary})."
ALLEGATION_NOT_BEFORE_PROCEEDINGS = (
    "Allegation {allegation} is not before these proceedings (it has no case to "
    "answer, or belongs to someone else)."
)
UNKNOWN_FINDING = "Unknown finding {result!r}."
FINDING_EXCEEDS_CASE = (
    "Gross misconduct cannot be found on an allegation with a case to answer for "
    "misconduct only ({summary})."
)
NO_FINDINGS = "Record the findings before the outcome."
REPORT_BEFORE_OUTCOME = "Record the outcome before its report."
REPORT_ALREADY_RECORDED = "The outcome report was already given on {on:%d %b %Y}."
OUTCOME_ALREADY_RECORDED = "{person} already has an outcome ({outcome})."
LEFT_BEFORE_HELD = (
    "{person} left on {left:%d %b %Y}, before the {form} was held: only gross "
    "misconduct proceedings against a former officer can reach an outcome. "
    "Withdraw these proceedings."
)
WOULD_HAVE_BEEN_DISMISSED_SERVING = (
    "{person} is a serving officer: a finding that they would have been dismissed "
    "is only for former officers."
)
SEVERE_OUTCOME_NEEDS_GROUNDS = (
    "Reduction in rank or dismissal for misconduct needs a final written warning in "
    "force at the severity assessment (PCR r42(5)) or findings on more than one "
    "separate incident (r42(6))."
)
DISMISSAL_NEEDS_WARNING_2012 = (
    "Dismissal for misconduct under the 2012 rules needs a final written warning "
    "in force at the severity assessment (PCR 2012 r35(5))."
)
REDUCED_BEFORE = (
    "The officer has been reduced in rank before, so reduction in rank may not "
    "be imposed at an accelerated hearing (PCR r62(7))."
)
WARNING_ALREADY_IN_FORCE = (
    "A final written warning was in force, so another cannot be given at an "
    "accelerated hearing (PCR r62(3))."
)
WRITTEN_WARNING_UNDER_FINAL = (
    "A final written warning was in force at the severity assessment, so a "
    "written warning may not be given (PCR r42(7))."
)
EXTENSION_NEEDS_WARNING = (
    "A final written warning can only be extended where one is in force "
    "(PCR 2012 r55(3))."
)
RETURN_ONLY_ACCELERATED = (
    "Only an accelerated hearing returns a case to the appropriate authority "
    "(PCR r62(8)(b), 2012 r55(6)(b))."
)
RETURN_NEEDS_FINDINGS = "Record the findings before returning the case."
RETURN_NOT_FOR_GROSS_MISCONDUCT = (
    "The hearing found gross misconduct: it must impose disciplinary action "
    "(PCR r62(1)); a case is returned only on a finding short of gross "
    "misconduct (r62(8)(b), 2012 r55(6)(b))."
)
RETURN_AFTER_OUTCOME = (
    "{person} already has an outcome ({outcome}): the case can no longer be returned."
)
GROSS_MISCONDUCT_AFTER_RETURN = (
    "The accelerated hearing found that the conduct was not gross misconduct "
    "and returned the case (PCR r62(8)(b)): these proceedings decide "
    "misconduct only ({summary})."
)
OUTCOME_NOT_AVAILABLE = (
    "{outcome} is not available at a {form} on a finding of {finding}; "
    "choose from: {options}."
)


def _form_label(form: str) -> str:
    return ProceedingsForm(form).label.lower()


def before_proceedings(subject: Subject) -> list[Allegation]:
    """The allegations with a case to answer: what the proceedings decide."""
    return list(subject.allegations.filter(determination__in=CASE_TO_ANSWER))


def check_findings(subject: Subject, results: Mapping[int, str]) -> list[Allegation]:
    """One valid finding for each allegation before the proceedings, and none
    more serious than the case to answer."""
    allegations = before_proceedings(subject)
    returned = Proceeding.objects.filter(
        subject=subject, status=Proceeding.Status.RETURNED
    ).exists()
    known = {allegation.pk for allegation in allegations}
    for allegation_id in results:
        if allegation_id not in known:
            raise ApplicationError(
                ALLEGATION_NOT_BEFORE_PROCEEDINGS.format(allegation=allegation_id),
                rule="finding.allegation",
            )
    for allegation in allegations:
        result = results.get(allegation.pk)
        if result is None:
            raise ApplicationError(
                FINDING_MISSING.format(summary=allegation.summary[:60]),
                rule="finding.missing",
            )
        if result not in FindingResult.values:
            raise ApplicationError(
                UNKNOWN_FINDING.format(result=result), rule="finding.result"
            )
        if finding_exceeds_case(result, allegation.determination):
            raise ApplicationError(
                FINDING_EXCEEDS_CASE.format(summary=allegation.summary[:60]),
                rule="finding.exceeds_case",
            )
        if returned and result == FindingResult.PROVEN_GROSS_MISCONDUCT:
            raise ApplicationError(
                GROSS_MISCONDUCT_AFTER_RETURN.format(summary=allegation.summary[:60]),
                rule="finding.returned",
            )
    return allegations


def current_findings(proceeding: Proceeding) -> dict[int, str]:
    return dict(
        Finding.objects.filter(proceeding=proceeding, is_current=True).values_list(
            "allegation_id", "result"
        )
    )


def check_outcome(
    *,
    subject: Subject,
    proceeding: Proceeding,
    findings: Mapping[int, str],
    kind: str,
    regime: str,
) -> None:
    """Refuse an outcome the regulations do not allow here, saying why: the
    regulation that rules it out where one does, otherwise what is allowed."""
    allowed = proceeding_allowed_outcomes(proceeding, findings, regime)
    if kind in allowed:
        return
    if kind == OutcomeKind.WOULD_HAVE_BEEN_DISMISSED and not proceeding.former_officer:
        raise ApplicationError(
            WOULD_HAVE_BEEN_DISMISSED_SERVING.format(person=subject.person),
            rule="outcome.former_officer",
        )
    finding = most_serious_finding(list(findings.values()))
    refusal = _outcome_refusal(
        kind=kind,
        finding=finding,
        form=proceeding.form,
        regime=regime,
        fww_in_force=proceeding.final_written_warning_in_force,
        reduced_before=proceeding.previously_reduced_in_rank,
    )
    if refusal is not None and not proceeding.former_officer:
        message, rule = refusal
        raise ApplicationError(message, rule=rule)
    label = OutcomeKind(kind).label if kind in OutcomeKind.values else repr(kind)
    raise ApplicationError(
        OUTCOME_NOT_AVAILABLE.format(
            outcome=label,
            form=_form_label(proceeding.form),
            finding=FindingResult(finding).label.lower(),
            options=", ".join(
                OutcomeKind(option).label.lower() for option in sorted(allowed)
            ),
        ),
        rule="outcome.r42",
    )


def _outcome_refusal(  # noqa: PLR0911 - one return per regulation
    *,
    kind: str,
    finding: str,
    form: str,
    regime: str,
    fww_in_force: bool,
    reduced_before: bool,
) -> tuple[str, str] | None:
    """The message and rule of the one regulation that refuses ``kind`` here,
    where one does (otherwise the refusal lists what the table allows)."""
    misconduct = finding == FindingResult.PROVEN_MISCONDUCT
    if regime == Regime.R2020:
        if (
            kind in SEVERE_2020
            and misconduct
            and form == ProceedingsForm.MISCONDUCT_HEARING
        ):
            return SEVERE_OUTCOME_NEEDS_GROUNDS, "outcome.r42_5_6"
        if (
            kind == OutcomeKind.FINAL_WRITTEN_WARNING
            and fww_in_force
            and form == ProceedingsForm.ACCELERATED_HEARING
        ):
            return WARNING_ALREADY_IN_FORCE, "outcome.r62_3"
        if (
            kind == OutcomeKind.REDUCTION_IN_RANK
            and reduced_before
            and form == ProceedingsForm.ACCELERATED_HEARING
        ):
            return REDUCED_BEFORE, "outcome.r62_7"
        if (
            kind == OutcomeKind.WRITTEN_WARNING
            and fww_in_force
            and written_warning_barred_by_final_warning()
        ):
            return WRITTEN_WARNING_UNDER_FINAL, "outcome.r42_7"
        return None
    if (
        kind in DISMISSALS_2012
        and misconduct
        and form != ProceedingsForm.ACCELERATED_HEARING
    ):
        return DISMISSAL_NEEDS_WARNING_2012, "outcome.r35_5"
    if kind == OutcomeKind.FINAL_WRITTEN_WARNING_EXTENDED and not fww_in_force:
        return EXTENSION_NEEDS_WARNING, "outcome.r55_3"
    return None


@transaction.atomic
def findings_record(
    *,
    actor: User | None,
    proceeding: Proceeding,
    results: Mapping[int, str],
    recorded_on: dt.date,
    rationale: str,
) -> list[Finding]:
    """Record the finding on each allegation once the proceedings are held."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record findings")
    rationale = check_rationale(rationale)
    if proceeding.status != Proceeding.Status.HELD:
        raise ApplicationError(
            FINDINGS_BEFORE_HELD.format(form=_form_label(proceeding.form)),
            rule="finding.stage",
        )
    if Finding.objects.filter(proceeding=proceeding, is_current=True).exists():
        raise ApplicationError(
            FINDINGS_ALREADY_RECORDED.format(form=_form_label(proceeding.form)),
            rule="finding.once",
        )
    allegations = check_findings(subject, results)
    check_not_future(recorded_on, "The date of the findings")
    check_not_before(recorded_on, proceeding.held_on, "The findings", "the hearing")
    findings = [
        Finding.objects.create(
            proceeding=proceeding,
            allegation=allegation,
            result=results[allegation.pk],
            recorded_on=recorded_on,
            recorded_by=actor,
        )
        for allegation in allegations
    ]
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_FINDINGS_RECORDED,
        target=proceeding,
        new={
            "findings": {str(f.allegation_id): f.result for f in findings},
            "recorded_on": recorded_on,
        },
        rationale=rationale,
    )
    return findings


@transaction.atomic
def outcome_record(
    *,
    actor: User | None,
    proceeding: Proceeding,
    kind: str,
    decided_on: dt.date,
    reasons: str,
) -> Outcome:
    """Record the outcome for the subject (PCR r42) and, in the same
    transaction, any barred or advisory list report it requires."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the outcome")
    reasons = check_rationale(reasons)
    findings = current_findings(proceeding)
    if not findings:
        raise ApplicationError(NO_FINDINGS, rule="outcome.findings")
    existing = Outcome.objects.filter(subject=subject, is_current=True).first()
    if existing is not None:
        raise ApplicationError(
            OUTCOME_ALREADY_RECORDED.format(
                person=subject.person, outcome=existing.get_kind_display().lower()
            ),
            rule="outcome.once",
        )
    role = subject.role
    assert proceeding.held_on is not None
    if (
        is_former_officer_role(role)
        and role.ended_on is not None
        and role.ended_on < proceeding.held_on
        and not proceeding.former_officer
    ):
        raise ApplicationError(
            LEFT_BEFORE_HELD.format(
                person=subject.person,
                left=role.ended_on,
                form=_form_label(proceeding.form),
            ),
            rule="outcome.former_officer",
        )
    check_outcome(
        subject=subject,
        proceeding=proceeding,
        findings=findings,
        kind=kind,
        regime=case.regime,
    )
    check_not_future(decided_on, "The outcome date")
    check_not_before(decided_on, proceeding.held_on, "The outcome", "the hearing")
    old, new = transition(subject, Subject.Status.OUTCOME_DECIDED)
    subject.save(update_fields=["status", "updated_at"])
    outcome = Outcome.objects.create(
        subject=subject,
        proceeding=proceeding,
        kind=kind,
        decided_on=decided_on,
        decided_by=actor,
        reasons=reasons,
    )
    reports = list_consequences(subject=subject, new=outcome, old=None)
    clocks.on_outcome(case=case, proceeding=proceeding, outcome=outcome, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.SUBJECT_OUTCOME_RECORDED,
        target=outcome,
        old={"subject_status": old},
        new={
            "subject": subject.pk,
            "subject_status": new,
            "kind": kind,
            "decided_on": decided_on,
            "list_reports": {str(r.pk): r.kind for r in reports},
        },
        rationale=reasons,
    )
    return outcome


@transaction.atomic
def proceeding_return(
    *,
    actor: User | None,
    proceeding: Proceeding,
    returned_on: dt.date,
    rationale: str,
) -> Proceeding:
    """An accelerated hearing that finds the conduct short of gross
    misconduct returns the case to the appropriate authority instead of
    dismissing it (PCR r62(8)(b); PCR 2012 r55(6)(b)): no outcome here, and
    the subject is referred again under Part 4, to a misconduct meeting or,
    with a final written warning in force, a misconduct hearing
    (``proceeding_refer``). ``returned_on`` is the day the chair's report
    returning it reached the authority (meeting the report's clock, r63(1))."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_appropriate_authority(actor, case, subject, "return the case")
    rationale = check_rationale(rationale)
    if not proceeding.is_accelerated:
        raise ApplicationError(RETURN_ONLY_ACCELERATED, rule="proceeding.r62_8")
    old, new = transition(proceeding, Proceeding.Status.RETURNED)
    findings = current_findings(proceeding)
    if not findings:
        raise ApplicationError(RETURN_NEEDS_FINDINGS, rule="proceeding.r62_8")
    finding = most_serious_finding(list(findings.values()))
    if finding == FindingResult.PROVEN_GROSS_MISCONDUCT:
        raise ApplicationError(RETURN_NOT_FOR_GROSS_MISCONDUCT, rule="proceeding.r62_8")
    existing = Outcome.objects.filter(subject=subject, is_current=True).first()
    if existing is not None:
        raise ApplicationError(
            RETURN_AFTER_OUTCOME.format(
                person=subject.person, outcome=existing.get_kind_display().lower()
            ),
            rule="proceeding.r62_8",
        )
    assert proceeding.held_on is not None
    check_not_future(returned_on, "The date returned")
    check_not_before(
        returned_on, proceeding.held_on, "The date returned", "the hearing"
    )
    proceeding.returned_on = returned_on
    proceeding.save(update_fields=["status", "returned_on", "updated_at"])
    clocks.on_returned(
        case=case, proceeding=proceeding, returned_on=returned_on, actor=actor
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_RETURNED,
        target=proceeding,
        old={"status": old},
        new={"status": new, "returned_on": returned_on, "finding": finding},
        rationale=rationale,
    )
    return proceeding


@transaction.atomic
def outcome_report_record(
    *,
    actor: User | None,
    proceeding: Proceeding,
    received_on: dt.date,
    given_on: dt.date,
) -> Outcome:
    """The chair's report reached the appropriate authority (meeting its
    clock, PCR r43(1), r63(1)) and was given to the officer (r43(2)), which
    opens the appeal window: 7 working days for a meeting (r45(3)(a)), the
    tribunal's notice otherwise."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the outcome report")
    outcome = Outcome.objects.filter(
        subject=subject, proceeding=proceeding, is_current=True, appeal__isnull=True
    ).first()
    if outcome is None:
        raise ApplicationError(REPORT_BEFORE_OUTCOME, rule="outcome_report.outcome")
    if outcome.report_given_on is not None:
        raise ApplicationError(
            REPORT_ALREADY_RECORDED.format(on=outcome.report_given_on),
            rule="outcome_report.once",
        )
    assert proceeding.held_on is not None
    check_not_future(given_on, "The date given to the officer")
    check_not_before(received_on, proceeding.held_on, "The report", "the hearing")
    check_not_before(
        given_on, received_on, "The date given to the officer", "the report"
    )
    outcome.report_received_on = received_on
    outcome.report_given_on = given_on
    outcome.save(update_fields=["report_received_on", "report_given_on", "updated_at"])
    clocks.on_outcome_report(
        case=case, proceeding=proceeding, outcome=outcome, actor=actor
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.OUTCOME_REPORT_RECORDED,
        target=outcome,
        new={"report_received_on": received_on, "report_given_on": given_on},
    )
    return outcome


@transaction.atomic
def subject_conclude(
    *, actor: User | None, subject: Subject, concluded_on: dt.date
) -> Subject:
    """The subject's proceedings are over (no appeal, or appeals decided)."""
    case, subject = lock_for_subject(subject)
    require_appropriate_authority(actor, case, subject, "conclude proceedings")
    outcome = current_outcome(subject)
    old, new = transition(subject, Subject.Status.CONCLUDED)
    check_not_future(concluded_on, "The date concluded")
    check_not_before(concluded_on, outcome.decided_on, "Concluded on", "the outcome")
    subject.save(update_fields=["status", "updated_at"])
    clocks.on_concluded(case=case, subject=subject, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.SUBJECT_CONCLUDED,
        target=subject,
        old={"status": old},
        new={"status": new, "concluded_on": concluded_on, "outcome": outcome.kind},
    )
    return subject
