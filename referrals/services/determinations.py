"""Case-to-answer determinations, IOPC recommendations and directions, and the
outcomes reached without proceedings (RPRP, management action, no further action)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import IOPC_SUPERVISORS, PSD_SUPERVISORS, User
from conduct.regimes import Regime
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import (
    IOPC_MODES,
    Allegation,
    DecisionBody,
    Determination,
    DeterminationResult,
    IOPCReferral,
    ProceedingsForm,
    Recommendation,
    Subject,
)
from referrals.permissions import (
    require_case_access,
    require_member_of_appropriate_authority,
    require_role,
)
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
)
from referrals.services.consequences import NoProceedings, no_proceedings_decided

RESULT_MISSING = "Give a determination for every allegation (missing: {summary})."
IOPC_DETERMINES_ONLY_DIRECTED_OR_INDEPENDENT = (
    "The IOPC determines case to answer only in directed or independent "
    "investigations (PRA Sch 3 para 23)."
)
RECOMMENDATION_NEEDS_CASE_TO_ANSWER = (
    "A recommendation or direction to bring proceedings follows a case to answer."
)
DIRECTION_AFTER_RECOMMENDATION = (
    "The IOPC directs proceedings only after recommending them (PRA Sch 3 para 27)."
)
MANAGEMENT_ACTION_2012_ONLY = (
    "Management action is an outcome of the 2012 rules; this case is under the "
    "{regime} rules (use reflective practice instead)."
)
RPRP_2020_ONLY = (
    "The reflective practice review process exists under the 2020 rules; this case "
    "is under the {regime} rules."
)
DIRECTED_PROCEEDINGS = (
    "The IOPC has directed proceedings for {person}: they must be brought."
)


IN_PROCEEDINGS = (
    "{person} has been referred to misconduct proceedings: close them without "
    "proceedings from the proceedings, which checks that none is in progress."
)


def _lock_subject(subject: Subject) -> Subject:
    return (
        Subject.objects.select_for_update(of=("self",))
        .select_related("person", "case")
        .get(pk=subject.pk)
    )


@transaction.atomic
def determination_make(
    *,
    actor: User | None,
    subject: Subject,
    body: str,
    decided_on: dt.date,
    results: Mapping[int, str],
    rationale: str,
) -> Determination:
    """Determine case to answer per allegation (PCR r23), by the appropriate
    authority or by the IOPC in directed and independent investigations."""
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "determine case to answer")
    rationale = check_rationale(rationale)
    if body == DecisionBody.APPROPRIATE_AUTHORITY:
        require_role(actor, PSD_SUPERVISORS, "determine case to answer for the force")
    elif body == DecisionBody.IOPC:
        require_role(actor, IOPC_SUPERVISORS, "determine case to answer for the IOPC")
        referral = IOPCReferral.objects.filter(case=case).first()
        if referral is None or referral.mode not in IOPC_MODES:
            raise ApplicationError(
                IOPC_DETERMINES_ONLY_DIRECTED_OR_INDEPENDENT, rule="determination.body"
            )
    else:
        raise ApplicationError(f"Unknown body {body!r}.", rule="determination.body")
    subject = _lock_subject(subject)
    if body == DecisionBody.APPROPRIATE_AUTHORITY:
        require_member_of_appropriate_authority(
            actor, subject, "determine case to answer for the force"
        )
    allegations = list(Allegation.objects.select_for_update().filter(subject=subject))
    for allegation in allegations:
        if results.get(allegation.pk) not in DeterminationResult.values:
            raise ApplicationError(
                RESULT_MISSING.format(summary=allegation.summary[:60]),
                rule="determination.results",
            )
    report = getattr(getattr(case, "investigation", None), "report", None)
    check_not_future(decided_on, "The decision date")
    if report is not None:
        check_not_before(decided_on, report.submitted_on, "The decision", "the report")
    any_case = any(
        results[allegation.pk] != DeterminationResult.NO_CASE_TO_ANSWER
        for allegation in allegations
    )
    target = (
        Subject.Status.CASE_TO_ANSWER if any_case else Subject.Status.NO_CASE_TO_ANSWER
    )
    old, new = transition(subject, target)
    subject.save(update_fields=["status", "updated_at"])
    for allegation in allegations:
        allegation.determination = results[allegation.pk]
        allegation.save(update_fields=["determination", "updated_at"])
    determination = Determination.objects.create(
        subject=subject,
        body=body,
        decided_by=actor,
        decided_on=decided_on,
        results={str(a.pk): results[a.pk] for a in allegations},
        rationale=rationale,
    )
    # PA96 s88L(1)(a): no case to answer on every allegation means no
    # disciplinary proceedings will be brought.
    consequences = (
        {}
        if any_case
        else no_proceedings_decided(
            NoProceedings(subject=subject, decision=new, decided_on=decided_on)
        )
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.SUBJECT_DETERMINED,
        target=subject,
        old={"status": old},
        new={
            "status": new,
            "body": body,
            "results": determination.results,
            **consequences,
        },
        rationale=rationale,
    )
    return determination


#: The audit action of each kind of IOPC recommendation.
RECOMMENDATION_ACTIONS: dict[str, ReferralsAction] = {
    Recommendation.Kind.RECOMMENDATION: ReferralsAction.SUBJECT_RECOMMENDATION_MADE,
    Recommendation.Kind.DIRECTION: ReferralsAction.SUBJECT_DIRECTION_MADE,
}


@transaction.atomic
def recommendation_make(
    *,
    actor: User | None,
    subject: Subject,
    kind: str,
    proceedings_form: str,
    made_on: dt.date,
    rationale: str,
) -> Recommendation:
    """The IOPC recommends, then if need be directs, proceedings."""
    case = lock_case(subject.case_id)
    require_role(actor, IOPC_SUPERVISORS, "recommend or direct proceedings")
    require_case_access(actor, case, "recommend or direct proceedings")
    rationale = check_rationale(rationale)
    subject = _lock_subject(subject)
    if subject.status != Subject.Status.CASE_TO_ANSWER:
        raise ApplicationError(
            RECOMMENDATION_NEEDS_CASE_TO_ANSWER, rule="recommendation.stage"
        )
    if kind not in Recommendation.Kind.values:
        raise ApplicationError(f"Unknown kind {kind!r}.", rule="recommendation.kind")
    if proceedings_form not in ProceedingsForm.values:
        raise ApplicationError(
            "Choose the form of proceedings.", rule="recommendation.form"
        )
    if (
        kind == Recommendation.Kind.DIRECTION
        and not subject.recommendations.filter(
            kind=Recommendation.Kind.RECOMMENDATION
        ).exists()
    ):
        raise ApplicationError(
            DIRECTION_AFTER_RECOMMENDATION, rule="recommendation.direction"
        )
    check_not_future(made_on, "The date")
    recommendation = Recommendation.objects.create(
        subject=subject,
        kind=kind,
        proceedings_form=proceedings_form,
        made_on=made_on,
        made_by=actor,
        rationale=rationale,
    )
    case_changed(
        case,
        actor=actor,
        action=RECOMMENDATION_ACTIONS[kind],
        target=recommendation,
        new={"subject": subject.pk, "proceedings_form": proceedings_form},
        rationale=rationale,
    )
    return recommendation


def _finish_without_proceedings(
    *,
    actor: User | None,
    subject: Subject,
    to: str,
    action: ReferralsAction,
    decided_on: dt.date,
    rationale: str,
) -> Subject:
    case = lock_case(subject.case_id)
    require_role(actor, PSD_SUPERVISORS, "decide the outcome for the force")
    require_case_access(actor, case, "decide the outcome")
    rationale = check_rationale(rationale)
    subject = _lock_subject(subject)
    require_member_of_appropriate_authority(actor, subject, "decide the outcome")
    if subject.status == Subject.Status.REFERRED_TO_PROCEEDINGS:
        raise ApplicationError(
            IN_PROCEEDINGS.format(person=subject.person), rule="outcome.in_proceedings"
        )
    if to == Subject.Status.MANAGEMENT_ACTION and case.regime != Regime.R2012:
        raise ApplicationError(
            MANAGEMENT_ACTION_2012_ONLY.format(regime=case.regime),
            rule="outcome.management_action",
        )
    if to == Subject.Status.REFLECTIVE_PRACTICE and case.regime != Regime.R2020:
        raise ApplicationError(
            RPRP_2020_ONLY.format(regime=case.regime), rule="outcome.rprp"
        )
    if subject.recommendations.filter(kind=Recommendation.Kind.DIRECTION).exists():
        raise ApplicationError(
            DIRECTED_PROCEEDINGS.format(person=subject.person), rule="outcome.directed"
        )
    check_not_future(decided_on, "The decision date")
    old, new = transition(subject, to)
    subject.save(update_fields=["status", "updated_at"])
    # PA96 s88L(1)(a): each of these determines that no disciplinary
    # proceedings will be brought.
    consequences = no_proceedings_decided(
        NoProceedings(subject=subject, decision=new, decided_on=decided_on)
    )
    case_changed(
        case,
        actor=actor,
        action=action,
        target=subject,
        old={"status": old},
        new={"status": new, "decided_on": decided_on, **consequences},
        rationale=rationale,
    )
    return subject


@transaction.atomic
def subject_management_action(
    *, actor: User | None, subject: Subject, decided_on: dt.date, rationale: str
) -> Subject:
    """Management action instead of proceedings (2012 rules; reference case C)."""
    return _finish_without_proceedings(
        actor=actor,
        subject=subject,
        to=Subject.Status.MANAGEMENT_ACTION,
        action=ReferralsAction.SUBJECT_MANAGEMENT_ACTION,
        decided_on=decided_on,
        rationale=rationale,
    )


@transaction.atomic
def subject_reflective_practice(
    *, actor: User | None, subject: Subject, decided_on: dt.date, rationale: str
) -> Subject:
    """Refer to the reflective practice review process (PCR Part 6)."""
    return _finish_without_proceedings(
        actor=actor,
        subject=subject,
        to=Subject.Status.REFLECTIVE_PRACTICE,
        action=ReferralsAction.SUBJECT_REFLECTIVE_PRACTICE,
        decided_on=decided_on,
        rationale=rationale,
    )


@transaction.atomic
def subject_no_further_action(
    *, actor: User | None, subject: Subject, decided_on: dt.date, rationale: str
) -> Subject:
    return _finish_without_proceedings(
        actor=actor,
        subject=subject,
        to=Subject.Status.NO_FURTHER_ACTION,
        action=ReferralsAction.SUBJECT_NO_FURTHER_ACTION,
        decided_on=decided_on,
        rationale=rationale,
    )
