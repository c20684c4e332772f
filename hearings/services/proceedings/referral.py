"""Referral of a subject to misconduct proceedings: the form (meeting, hearing
or accelerated hearing), its grounds, and the former officer conditions (PCR
r4, r12)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import PersonRole, User
from conduct.regimes import FORMER_OFFICER_REGIME_FROM
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.models import FormerOfficerCondition, Proceeding
from hearings.rules import CASE_TO_ANSWER
from hearings.selectors.proceedings import active_proceeding_for
from hearings.services.common import lock_for_subject, require_appropriate_authority
from hearings.services.proceedings.checks import form_label
from referrals.models import (
    Allegation,
    DeterminationResult,
    ProceedingsForm,
    Recommendation,
    Subject,
)
from referrals.services.common import (
    case_changed,
    check_case_open,
    check_not_before,
    check_not_future,
    check_rationale,
)

UNKNOWN_FORM = "Choose a misconduct meeting, misconduct hearing or accelerated hearing."
ALREADY_REFERRED = "{person} is already referred to a {form}."
NOT_A_POLICE_OFFICER = (
    "{person} was police staff or a volunteer in this role: the Conduct "
    "Regulations apply only to police officers and special constables."
)
NO_CASE_TO_ANSWER = "{person} has no allegation with a case to answer."
MEETING_NOT_FOR_GROSS_MISCONDUCT = (
    "A misconduct meeting deals only with misconduct: gross misconduct goes to a "
    "misconduct hearing or an accelerated hearing."
)
HEARING_NEEDS_GROUNDS = (
    "A misconduct hearing for misconduct alone needs a final written warning in "
    "force or more than one separate incident; otherwise hold a misconduct meeting."
)
SEPARATE_INCIDENTS_NEED_ALLEGATIONS = (
    "Separate incidents need more than one allegation with a case to answer."
)
ACCELERATED_ONLY_FOR_GROSS_MISCONDUCT = (
    "An accelerated hearing is only for a case to answer for gross misconduct "
    "(PCR r49)."
)
ACCELERATED_NEEDS_CERTIFICATE = (
    "An accelerated hearing needs the special conditions certified (PCR r49): give "
    "the date and who certified them."
)
CERTIFICATE_ONLY_FOR_ACCELERATED = (
    "A special conditions certificate belongs only to an accelerated hearing."
)
RETURNED_CASE_FORM = (
    "The accelerated hearing returned this case to the appropriate authority: "
    "it goes to a misconduct meeting or, where a final written warning was in "
    "force at the severity assessment, a misconduct hearing (PCR r62(8)(b), "
    "2012 r55(6)(b))."
)
DIRECTED_FORM = "The IOPC directed a {form}: refer {person} to that."
FORMER_OFFICER_GROSS_MISCONDUCT_ONLY = (
    "{person} has left ({left:%d %b %Y}): a former officer can face only gross "
    "misconduct proceedings (a misconduct hearing or an accelerated hearing)."
)
FORMER_OFFICER_REGIME_NOT_IN_FORCE = (
    "{person} left on {left:%d %b %Y}: proceedings against former officers are "
    "only for those who left on or after 15 Dec 2017 (SI 2017/1134 r2)."
)
FORMER_OFFICER_CONDITION_REQUIRED = (
    "{person} has left: record which condition (A, B or C) brings them within the "
    "regulations (PCR r4)."
)
CONDITION_A_FACTS = (
    "Condition A applies only if {person} left on or after the day the matter came "
    "to attention ({attention:%d %b %Y}); they left on {left:%d %b %Y}."
)
CONDITION_B_FACTS = (
    "Condition B applies only if the matter came to attention within 12 months "
    "after {person} left ({left:%d %b %Y}); it came to attention on "
    "{attention:%d %b %Y}."
)
CONDITION_C_FACTS = (
    "Condition C applies only where the matter came to attention more than 12 "
    "months after {person} left ({left:%d %b %Y})."
)
CONDITION_C_NEEDS_DETERMINATION = (
    "Condition C needs the date of the Director General's special determination."
)
CONDITION_FOR_SERVING_OFFICER = (
    "{person} is still serving: a former-officer condition does not apply."
)
MEETING_IN_PRIVATE = "A misconduct meeting is held in private."


def is_former_officer_role(role: PersonRole) -> bool:
    """Left the police (not merely moved to another force)."""
    return (
        role.ended_on is not None
        and role.end_reason != PersonRole.EndReason.TRANSFERRED
    )


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def former_officer_condition_for(
    *, came_to_attention_on: dt.date, left_on: dt.date
) -> str:
    """The condition that the dates alone point to (C still needs the DG)."""
    if came_to_attention_on <= left_on:
        return FormerOfficerCondition.A
    if came_to_attention_on <= _one_year_after(left_on):
        return FormerOfficerCondition.B
    return FormerOfficerCondition.C


def _check_condition(
    *,
    subject: Subject,
    condition: str,
    came_to_attention_on: dt.date,
    left_on: dt.date,
    condition_c_determined_on: dt.date | None,
) -> None:
    person = subject.person
    if condition not in FormerOfficerCondition.values:
        raise ApplicationError(
            FORMER_OFFICER_CONDITION_REQUIRED.format(person=person),
            rule="proceeding.former_officer_condition",
        )
    facts = former_officer_condition_for(
        came_to_attention_on=came_to_attention_on, left_on=left_on
    )
    if condition != facts:
        message = {
            FormerOfficerCondition.A: CONDITION_A_FACTS,
            FormerOfficerCondition.B: CONDITION_B_FACTS,
            FormerOfficerCondition.C: CONDITION_C_FACTS,
        }[FormerOfficerCondition(condition)]
        raise ApplicationError(
            message.format(person=person, left=left_on, attention=came_to_attention_on),
            rule="proceeding.former_officer_condition",
        )
    if condition == FormerOfficerCondition.C:
        if condition_c_determined_on is None:
            raise ApplicationError(
                CONDITION_C_NEEDS_DETERMINATION, rule="proceeding.condition_c"
            )
        check_not_future(condition_c_determined_on, "The special determination")


def _case_to_answer(subject: Subject) -> list[Allegation]:
    return list(subject.allegations.filter(determination__in=CASE_TO_ANSWER))


def _check_form(
    *,
    subject: Subject,
    form: str,
    allegations: list[Allegation],
    final_written_warning_in_force: bool,
    separate_incidents: bool,
    certified: bool,
) -> None:
    gross = any(
        a.determination == DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT
        for a in allegations
    )
    if Proceeding.objects.filter(
        subject=subject, status=Proceeding.Status.RETURNED
    ).exists():
        _check_returned_form(form, final_written_warning_in_force)
        gross = False  # the hearing found it short of gross misconduct
    if separate_incidents and len(allegations) < 2:  # noqa: PLR2004
        raise ApplicationError(
            SEPARATE_INCIDENTS_NEED_ALLEGATIONS, rule="proceeding.separate_incidents"
        )
    if form == ProceedingsForm.MISCONDUCT_MEETING and gross:
        raise ApplicationError(MEETING_NOT_FOR_GROSS_MISCONDUCT, rule="proceeding.form")
    if form == ProceedingsForm.MISCONDUCT_HEARING and not (
        gross or final_written_warning_in_force or separate_incidents
    ):
        raise ApplicationError(HEARING_NEEDS_GROUNDS, rule="proceeding.form")
    if form == ProceedingsForm.ACCELERATED_HEARING:
        if not gross:
            raise ApplicationError(
                ACCELERATED_ONLY_FOR_GROSS_MISCONDUCT, rule="proceeding.form"
            )
        if not certified:
            raise ApplicationError(
                ACCELERATED_NEEDS_CERTIFICATE, rule="proceeding.certificate"
            )
    elif certified:
        raise ApplicationError(
            CERTIFICATE_ONLY_FOR_ACCELERATED, rule="proceeding.certificate"
        )
    direction = (
        Recommendation.objects.filter(
            subject=subject, kind=Recommendation.Kind.DIRECTION
        )
        .order_by("-made_on", "-id")
        .first()
    )
    if direction is not None and direction.proceedings_form != form:
        raise ApplicationError(
            DIRECTED_FORM.format(
                form=form_label(direction.proceedings_form), person=subject.person
            ),
            rule="proceeding.directed",
        )


def _check_returned_form(form: str, final_written_warning_in_force: bool) -> None:
    """A case an accelerated hearing returned goes "to a misconduct meeting
    or, if the officer concerned had a final written warning in force at the
    date of the assessment of conduct, a misconduct hearing" (PCR 2012
    r55(6)(b); PCR 2020 r62(8)(b) to the same effect)."""
    allowed = {ProceedingsForm.MISCONDUCT_MEETING}
    if final_written_warning_in_force:
        allowed.add(ProceedingsForm.MISCONDUCT_HEARING)
    if form not in allowed:
        raise ApplicationError(RETURNED_CASE_FORM, rule="proceeding.r62_8")


@transaction.atomic
def proceeding_refer(  # noqa: PLR0912 - one branch per regulation
    *,
    actor: User | None,
    subject: Subject,
    form: str,
    referred_on: dt.date,
    rationale: str,
    final_written_warning_in_force: bool = False,
    separate_incidents: bool = False,
    previously_reduced_in_rank: bool = False,
    is_public: bool = False,
    special_conditions_certified_on: dt.date | None = None,
    special_conditions_certified_by: str = "",
    former_officer_condition: str = "",
    condition_c_determined_on: dt.date | None = None,
) -> Proceeding:
    """Refer a subject with a case to answer to misconduct proceedings
    (PCR r23(c)); the forum must fit the case to answer, the subject's record
    and whether they still serve."""
    case, subject = lock_for_subject(subject)
    require_appropriate_authority(actor, case, subject, "refer to proceedings")
    check_case_open(case)
    rationale = check_rationale(rationale)
    if form not in ProceedingsForm.values:
        raise ApplicationError(UNKNOWN_FORM, rule="proceeding.form")
    active = active_proceeding_for(subject)
    if active is not None:
        raise ApplicationError(
            ALREADY_REFERRED.format(
                person=subject.person, form=form_label(active.form)
            ),
            rule="proceeding.active",
        )
    # A subject whose earlier proceedings were withdrawn is already referred.
    old_status = str(subject.status)
    if subject.status != Subject.Status.REFERRED_TO_PROCEEDINGS:
        transition(subject, Subject.Status.REFERRED_TO_PROCEEDINGS)
    role = subject.role
    if not role.is_police_officer:
        raise ApplicationError(
            NOT_A_POLICE_OFFICER.format(person=subject.person),
            rule="proceeding.police_officer",
        )
    allegations = _case_to_answer(subject)
    if not allegations:
        raise ApplicationError(
            NO_CASE_TO_ANSWER.format(person=subject.person), rule="proceeding.case"
        )
    certified_by = special_conditions_certified_by.strip()
    certified = special_conditions_certified_on is not None or bool(certified_by)
    if form == ProceedingsForm.ACCELERATED_HEARING and (
        special_conditions_certified_on is None or not certified_by
    ):
        raise ApplicationError(
            ACCELERATED_NEEDS_CERTIFICATE, rule="proceeding.certificate"
        )
    _check_form(
        subject=subject,
        form=form,
        allegations=allegations,
        final_written_warning_in_force=final_written_warning_in_force,
        separate_incidents=separate_incidents,
        certified=certified,
    )
    former = is_former_officer_role(role)
    if former:
        assert role.ended_on is not None
        gross = any(
            a.determination == DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT
            for a in allegations
        )
        if not gross or form == ProceedingsForm.MISCONDUCT_MEETING:
            raise ApplicationError(
                FORMER_OFFICER_GROSS_MISCONDUCT_ONLY.format(
                    person=subject.person, left=role.ended_on
                ),
                rule="proceeding.former_officer",
            )
        if role.ended_on < FORMER_OFFICER_REGIME_FROM:
            raise ApplicationError(
                FORMER_OFFICER_REGIME_NOT_IN_FORCE.format(
                    person=subject.person, left=role.ended_on
                ),
                rule="proceeding.former_officer",
            )
        _check_condition(
            subject=subject,
            condition=former_officer_condition,
            came_to_attention_on=case.came_to_attention_on,
            left_on=role.ended_on,
            condition_c_determined_on=condition_c_determined_on,
        )
    elif former_officer_condition or condition_c_determined_on is not None:
        raise ApplicationError(
            CONDITION_FOR_SERVING_OFFICER.format(person=subject.person),
            rule="proceeding.former_officer",
        )
    if is_public and form == ProceedingsForm.MISCONDUCT_MEETING:
        raise ApplicationError(MEETING_IN_PRIVATE, rule="proceeding.public")
    check_not_future(referred_on, "The referral date")
    last_determination = subject.determinations.order_by("-decided_on").first()
    if last_determination is not None:
        check_not_before(
            referred_on,
            last_determination.decided_on,
            "The referral date",
            "the case-to-answer decision",
        )
    if special_conditions_certified_on is not None:
        check_not_future(special_conditions_certified_on, "The certificate date")
        check_not_before(
            referred_on,
            special_conditions_certified_on,
            "The referral date",
            "the certificate",
        )
    proceeding = Proceeding.objects.create(
        subject=subject,
        form=form,
        referred_on=referred_on,
        referred_by=actor,
        final_written_warning_in_force=final_written_warning_in_force,
        separate_incidents=separate_incidents,
        previously_reduced_in_rank=previously_reduced_in_rank,
        special_conditions_certified_on=special_conditions_certified_on,
        special_conditions_certified_by=certified_by,
        former_officer=former,
        former_officer_condition=former_officer_condition if former else "",
        condition_c_determined_on=condition_c_determined_on if former else None,
        is_public=is_public,
    )
    subject.save(update_fields=["status", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_REFERRED,
        target=proceeding,
        old={"subject_status": old_status},
        new={
            "subject": subject.pk,
            "subject_status": subject.status,
            "form": form,
            "referred_on": referred_on,
            "final_written_warning_in_force": final_written_warning_in_force,
            "separate_incidents": separate_incidents,
            "previously_reduced_in_rank": previously_reduced_in_rank,
            "special_conditions_certified_on": special_conditions_certified_on,
            "special_conditions_certified_by": certified_by,
            "former_officer_condition": proceeding.former_officer_condition,
            "is_public": is_public,
        },
        rationale=rationale,
    )
    return proceeding
