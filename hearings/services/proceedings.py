"""Referral to misconduct proceedings and their course: notice, panel,
scheduling, adjournment, the subject's response, holding and withdrawal."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import PersonRole, User
from conduct.regimes import FORMER_OFFICER_REGIME_FROM, Regime
from conduct.services.audit import audit_record
from conduct.transitions import transition
from hearings.models import (
    Adjournment,
    FormerOfficerCondition,
    ListReport,
    PanelMember,
    PanelRole,
    Proceeding,
    ReferralNotice,
)
from hearings.rules import CASE_TO_ANSWER, panel_missing, panel_requirements
from hearings.services import clocks
from hearings.services.common import (
    lock_for_subject,
    lock_proceeding,
    require_appropriate_authority,
    require_staff,
)
from hearings.services.lists import active_entry, further_report_create
from referrals.models import (
    Allegation,
    Case,
    DeterminationResult,
    ProceedingsForm,
    Recommendation,
    Subject,
)
from referrals.selectors.criminal import proceedings_paused
from referrals.services.common import (
    check_case_open,
    check_not_before,
    check_not_future,
    check_rationale,
    touch_case,
)

PROCEEDINGS_PAUSED = (
    "Misconduct proceedings on this case are paused while criminal proceedings "
    "could be prejudiced (PCR r10(3)): resume them first."
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
DIRECTED_FORM = "The IOPC directed a {form}: refer {person} to that."
FORMER_OFFICER_GROSS_MISCONDUCT_ONLY = (
    "{person} has left ({left:%d %b %Y}): a former officer can face only gross "
    "misconduct proceedings (a misconduct hearing or an accelerated hearing)."
)
FORMER_OFFICER_REGIME_NOT_IN_FORCE = (
    "Proceedings against former officers exist only from 15 Dec 2017."
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
NOTICE_CONTENT_REQUIRED = "Enter the content of the notice."
NOT_BEFORE_REFERRAL = "the referral"
PANEL_NEEDS_DATE = "Schedule the {form} first: the panel depends on its date."
PANEL_ROLE_NOT_FOR = "A {form} on {on:%d %b %Y} has no {role}; it needs: {needed}."
PANEL_ROLE_FULL = "The {role} is already appointed ({count} needed)."
PANEL_NAME_REQUIRED = "Enter the panel member's name."
PANEL_DOES_NOT_FIT_DATE = (
    "The panel does not fit a {form} on {on:%d %b %Y} ({role} is not a role "
    "then): change the panel first."
)
PANEL_INCOMPLETE = "The panel is incomplete for {on:%d %b %Y}: still needed {needed}."
NOTICE_NOT_SERVED = "Serve the notice of referral before holding the {form}."
RESPONSE_AFTER_HELD = "The subject's response is recorded before proceedings are held."
PROCEEDING_CLOSED = "The {form} is {status}: it can no longer change."


def _form_label(form: str) -> str:
    return ProceedingsForm(form).label.lower()


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
                form=_form_label(direction.proceedings_form), person=subject.person
            ),
            rule="proceeding.directed",
        )


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
    active = (
        Proceeding.objects.filter(subject=subject)
        .exclude(status=Proceeding.Status.WITHDRAWN)
        .first()
    )
    if active is not None:
        raise ApplicationError(
            ALREADY_REFERRED.format(
                person=subject.person, form=_form_label(active.form)
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
        if referred_on < FORMER_OFFICER_REGIME_FROM:
            raise ApplicationError(
                FORMER_OFFICER_REGIME_NOT_IN_FORCE, rule="proceeding.former_officer"
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
        special_conditions_certified_on=special_conditions_certified_on,
        special_conditions_certified_by=certified_by,
        former_officer=former,
        former_officer_condition=former_officer_condition if former else "",
        condition_c_determined_on=condition_c_determined_on if former else None,
        is_public=is_public,
    )
    subject.save(update_fields=["status", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.referred",
        target=proceeding,
        case_id=case.pk,
        old={"subject_status": old_status},
        new={
            "subject": subject.pk,
            "subject_status": subject.status,
            "form": form,
            "referred_on": referred_on,
            "final_written_warning_in_force": final_written_warning_in_force,
            "separate_incidents": separate_incidents,
            "special_conditions_certified_on": special_conditions_certified_on,
            "special_conditions_certified_by": certified_by,
            "former_officer_condition": proceeding.former_officer_condition,
            "is_public": is_public,
        },
        rationale=rationale,
    )
    return proceeding


def notice_title(*, form: str, regime: str) -> str:
    """The notice of referral's name: PCR 2020 r30, or r51 for an accelerated
    hearing. Earlier rules' numbering is not verified, so no number is given."""
    accelerated = form == ProceedingsForm.ACCELERATED_HEARING
    if regime == Regime.R2020:
        return "Regulation 51 notice" if accelerated else "Regulation 30 notice"
    return (
        "Notice of referral to accelerated hearing"
        if accelerated
        else ("Notice of referral to misconduct proceedings")
    )


def _check_not_paused(case: Case) -> None:
    """PCR r10(3): no meeting or hearing while criminal proceedings would be
    prejudiced."""
    if proceedings_paused(case):
        raise ApplicationError(PROCEEDINGS_PAUSED, rule="proceeding.sub_judice")


def _check_not_closed(proceeding: Proceeding) -> None:
    if proceeding.status in Proceeding.CLOSED_STATUSES:
        raise ApplicationError(
            PROCEEDING_CLOSED.format(
                form=_form_label(proceeding.form),
                status=proceeding.get_status_display().lower(),
            ),
            rule="proceeding.closed",
        )


@transaction.atomic
def proceeding_notice_serve(
    *, actor: User | None, proceeding: Proceeding, served_on: dt.date, content: str
) -> ReferralNotice:
    """Serve the written notice of referral (PCR r30; r51 accelerated)."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "serve a notice of referral")
    _check_not_closed(proceeding)
    if not content.strip():
        raise ApplicationError(NOTICE_CONTENT_REQUIRED, rule="notice.content")
    check_not_future(served_on, "The service date")
    check_not_before(
        served_on, proceeding.referred_on, "The service date", NOT_BEFORE_REFERRAL
    )
    notice = ReferralNotice.objects.create(
        proceeding=proceeding,
        title=notice_title(form=proceeding.form, regime=case.regime),
        served_on=served_on,
        served_by=actor,
        content=content.strip(),
    )
    clocks.on_notice_served(
        case=case, proceeding=proceeding, served_on=served_on, actor=actor
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.notice_served",
        target=notice,
        case_id=case.pk,
        new={
            "proceeding": proceeding.pk,
            "title": notice.title,
            "served_on": served_on,
        },
    )
    return notice


def _check_panel_fits(proceeding: Proceeding, on: dt.date) -> None:
    required = panel_requirements(proceeding.form, on)
    for member in proceeding.panel.all():
        if member.role not in required:
            raise ApplicationError(
                PANEL_DOES_NOT_FIT_DATE.format(
                    form=_form_label(proceeding.form),
                    on=on,
                    role=PanelRole(member.role).label.lower(),
                ),
                rule="panel.date",
            )


@transaction.atomic
def proceeding_schedule(
    *, actor: User | None, proceeding: Proceeding, scheduled_for: dt.date
) -> Proceeding:
    """Set (or, after an adjournment, reset) the date of the proceedings."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "schedule proceedings")
    check_not_before(
        scheduled_for, proceeding.referred_on, "The date", NOT_BEFORE_REFERRAL
    )
    _check_not_paused(case)
    old, new = transition(proceeding, Proceeding.Status.SCHEDULED)
    _check_panel_fits(proceeding, scheduled_for)
    old_date = proceeding.scheduled_for
    proceeding.scheduled_for = scheduled_for
    proceeding.save(update_fields=["status", "scheduled_for", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.scheduled",
        target=proceeding,
        case_id=case.pk,
        old={"status": old, "scheduled_for": old_date},
        new={"status": new, "scheduled_for": scheduled_for},
    )
    return proceeding


@transaction.atomic
def proceeding_adjourn(
    *,
    actor: User | None,
    proceeding: Proceeding,
    adjourned_on: dt.date,
    reason: str,
) -> Adjournment:
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "adjourn proceedings")
    reason = check_rationale(reason)
    old, new = transition(proceeding, Proceeding.Status.ADJOURNED)
    assert proceeding.scheduled_for is not None
    check_not_future(adjourned_on, "The adjournment date")
    check_not_before(
        adjourned_on, proceeding.referred_on, "The adjournment date", "the referral"
    )
    adjournment = Adjournment.objects.create(
        proceeding=proceeding,
        adjourned_on=adjourned_on,
        was_scheduled_for=proceeding.scheduled_for,
        reason=reason,
        recorded_by=actor,
    )
    proceeding.scheduled_for = None
    proceeding.save(update_fields=["status", "scheduled_for", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.adjourned",
        target=proceeding,
        case_id=case.pk,
        old={"status": old, "scheduled_for": adjournment.was_scheduled_for},
        new={"status": new, "adjourned_on": adjourned_on},
        rationale=reason,
    )
    return adjournment


@transaction.atomic
def panel_member_appoint(
    *, actor: User | None, proceeding: Proceeding, role: str, name: str
) -> PanelMember:
    """Appoint a person to a role the forum has on its scheduled date."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_appropriate_authority(actor, case, subject, "appoint the panel")
    _check_not_closed(proceeding)
    if not name.strip():
        raise ApplicationError(PANEL_NAME_REQUIRED, rule="panel.name")
    if proceeding.scheduled_for is None:
        raise ApplicationError(
            PANEL_NEEDS_DATE.format(form=_form_label(proceeding.form)),
            rule="panel.date",
        )
    required = panel_requirements(proceeding.form, proceeding.scheduled_for)
    if role not in required:
        raise ApplicationError(
            PANEL_ROLE_NOT_FOR.format(
                form=_form_label(proceeding.form),
                on=proceeding.scheduled_for,
                role=PanelRole(role).label.lower()
                if role in PanelRole.values
                else role,
                needed=", ".join(PanelRole(r).label.lower() for r in required),
            ),
            rule="panel.role",
        )
    count = proceeding.panel.filter(role=role).count()
    if count >= required[role]:
        raise ApplicationError(
            PANEL_ROLE_FULL.format(
                role=PanelRole(role).label.lower(), count=required[role]
            ),
            rule="panel.full",
        )
    member = PanelMember.objects.create(
        proceeding=proceeding, role=role, name=name.strip()
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.panel_member_appointed",
        target=member,
        case_id=case.pk,
        new={"proceeding": proceeding.pk, "role": role, "name": member.name},
    )
    return member


@transaction.atomic
def panel_member_remove(
    *, actor: User | None, member: PanelMember, rationale: str
) -> None:
    """Stand a panel member down (e.g. after a successful objection)."""
    case, subject, proceeding = lock_proceeding(member.proceeding)
    require_appropriate_authority(actor, case, subject, "change the panel")
    _check_not_closed(proceeding)
    rationale = check_rationale(rationale)
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    audit_record(
        actor=actor,
        action="proceeding.panel_member_removed",
        target=member,
        case_id=case.pk,
        old={"proceeding": proceeding.pk, "role": member.role, "name": member.name},
        rationale=rationale,
    )
    member.delete()
    touch_case(case)


@transaction.atomic
def proceeding_response_record(
    *,
    actor: User | None,
    proceeding: Proceeding,
    received_on: dt.date,
    accepts_conduct: bool,
    account: str = "",
) -> Proceeding:
    """The subject's response to the notice: accepts or denies the conduct,
    with their account (PCR r31)."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the subject's response")
    _check_not_closed(proceeding)
    check_not_future(received_on, "The date received")
    check_not_before(received_on, proceeding.referred_on, "The date", "the referral")
    old = {
        "accepts_conduct": proceeding.accepts_conduct,
        "response_received_on": proceeding.response_received_on,
    }
    proceeding.accepts_conduct = accepts_conduct
    proceeding.subject_account = account.strip()
    proceeding.response_received_on = received_on
    proceeding.save(
        update_fields=[
            "accepts_conduct",
            "subject_account",
            "response_received_on",
            "updated_at",
        ]
    )
    clocks.on_response(
        case=case, proceeding=proceeding, received_on=received_on, actor=actor
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.response_recorded",
        target=proceeding,
        case_id=case.pk,
        old=old,
        new={"accepts_conduct": accepts_conduct, "response_received_on": received_on},
    )
    return proceeding


@transaction.atomic
def proceeding_hold(
    *, actor: User | None, proceeding: Proceeding, held_on: dt.date
) -> Proceeding:
    """Record that the proceedings took place, with a complete panel for the
    date they were held."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record that proceedings were held")
    _check_not_paused(case)
    old, new = transition(proceeding, Proceeding.Status.HELD)
    check_not_future(held_on, "The date held")
    check_not_before(held_on, proceeding.referred_on, "The date held", "the referral")
    if not proceeding.notices.exists():
        raise ApplicationError(
            NOTICE_NOT_SERVED.format(form=_form_label(proceeding.form)),
            rule="proceeding.notice",
        )
    _check_panel_fits(proceeding, held_on)
    missing = panel_missing(
        proceeding.form,
        held_on,
        list(proceeding.panel.values_list("role", flat=True)),
    )
    if missing:
        raise ApplicationError(
            PANEL_INCOMPLETE.format(
                on=held_on,
                needed=", ".join(
                    f"{count} {PanelRole(role).label.lower()}"
                    for role, count in missing.items()
                ),
            ),
            rule="panel.incomplete",
        )
    proceeding.held_on = held_on
    proceeding.save(update_fields=["status", "held_on", "updated_at"])
    clocks.on_held(case=case, proceeding=proceeding, held_on=held_on, actor=actor)
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.held",
        target=proceeding,
        case_id=case.pk,
        old={"status": old},
        new={"status": new, "held_on": held_on},
    )
    return proceeding


@transaction.atomic
def proceeding_withdraw(
    *,
    actor: User | None,
    proceeding: Proceeding,
    withdrawn_on: dt.date,
    rationale: str,
) -> Proceeding:
    """Withdraw proceedings; the subject stays referred and may be referred
    again (for example to a different forum)."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_appropriate_authority(actor, case, subject, "withdraw proceedings")
    rationale = check_rationale(rationale)
    old, new = transition(proceeding, Proceeding.Status.WITHDRAWN)
    check_not_future(withdrawn_on, "The withdrawal date")
    check_not_before(
        withdrawn_on, proceeding.referred_on, "The withdrawal date", "the referral"
    )
    proceeding.withdrawn_on = withdrawn_on
    proceeding.save(update_fields=["status", "withdrawn_on", "updated_at"])
    clocks.on_withdrawn(case=case, proceeding=proceeding, actor=actor)
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.withdrawn",
        target=proceeding,
        case_id=case.pk,
        old={"status": old},
        new={"status": new, "withdrawn_on": withdrawn_on},
        rationale=rationale,
    )
    return proceeding


PROCEEDINGS_STILL_ACTIVE = (
    "Withdraw {person}'s {form} before closing the case for them without an outcome."
)
ADVISORY_REMOVAL_NO_PROCEEDINGS = (
    "Proceedings were withdrawn and will not be brought (PA96 s88L(2))."
)


@transaction.atomic
def subject_close_without_proceedings(
    *, actor: User | None, subject: Subject, decided_on: dt.date, rationale: str
) -> Subject:
    """After proceedings are withdrawn for good, close the subject's path with
    no further action; an advisory list entry is then removed by a further
    report (PA96 s88L)."""
    case, subject = lock_for_subject(subject)
    require_appropriate_authority(actor, case, subject, "close without proceedings")
    rationale = check_rationale(rationale)
    active = (
        Proceeding.objects.filter(subject=subject)
        .exclude(status=Proceeding.Status.WITHDRAWN)
        .first()
    )
    if active is not None:
        raise ApplicationError(
            PROCEEDINGS_STILL_ACTIVE.format(
                person=subject.person, form=_form_label(active.form)
            ),
            rule="subject.proceedings_active",
        )
    check_not_future(decided_on, "The decision date")
    old, new = transition(subject, Subject.Status.NO_FURTHER_ACTION)
    subject.save(update_fields=["status", "updated_at"])
    reports = []
    advisory = active_entry(subject, ListReport.Kind.ADVISORY)
    if advisory is not None:
        reports.append(
            further_report_create(
                previous=advisory,
                kind=ListReport.Kind.ADVISORY_REMOVAL,
                event_on=decided_on,
                reason=ADVISORY_REMOVAL_NO_PROCEEDINGS,
            )
        )
    touch_case(case)
    audit_record(
        actor=actor,
        action="subject.closed_without_proceedings",
        target=subject,
        case_id=case.pk,
        old={"status": old},
        new={
            "status": new,
            "decided_on": decided_on,
            "list_reports": {str(r.pk): r.kind for r in reports},
        },
        rationale=rationale,
    )
    return subject


PRE_HEARING_ONLY_FOR_HEARINGS = (
    "Papers go to a chair and a pre-hearing is fixed only for a misconduct "
    "hearing (PCR r32-r33)."
)
PAPERS_NOT_SUPPLIED = "Record when the papers went to the chair first (PCR r32(6))."


@transaction.atomic
def proceeding_papers_to_chair(
    *, actor: User | None, proceeding: Proceeding, supplied_on: dt.date
) -> Proceeding:
    """The documents go to the chair (PCR r32(6)); the chair must then fix a
    pre-hearing within 15 working days (r33(1))."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the papers sent to the chair")
    _check_not_closed(proceeding)
    if proceeding.form != ProceedingsForm.MISCONDUCT_HEARING:
        raise ApplicationError(PRE_HEARING_ONLY_FOR_HEARINGS, rule="pre_hearing.form")
    check_not_future(supplied_on, "The date supplied")
    check_not_before(supplied_on, proceeding.referred_on, "The date", "the referral")
    old = proceeding.papers_to_chair_on
    proceeding.papers_to_chair_on = supplied_on
    proceeding.save(update_fields=["papers_to_chair_on", "updated_at"])
    clocks.on_papers_to_chair(
        case=case, proceeding=proceeding, supplied_on=supplied_on, actor=actor
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.papers_to_chair",
        target=proceeding,
        case_id=case.pk,
        old={"papers_to_chair_on": old},
        new={"papers_to_chair_on": supplied_on},
    )
    return proceeding


@transaction.atomic
def proceeding_pre_hearing_set(
    *, actor: User | None, proceeding: Proceeding, pre_hearing_on: dt.date
) -> Proceeding:
    """The chair fixes the pre-hearing (PCR r33(1)); a date after the 15
    working days still stands but leaves the clock met late, for the record."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the pre-hearing date")
    _check_not_closed(proceeding)
    if proceeding.papers_to_chair_on is None:
        raise ApplicationError(PAPERS_NOT_SUPPLIED, rule="pre_hearing.papers")
    check_not_before(
        pre_hearing_on,
        proceeding.papers_to_chair_on,
        "The pre-hearing",
        "the papers going to the chair",
    )
    old = proceeding.pre_hearing_on
    proceeding.pre_hearing_on = pre_hearing_on
    proceeding.save(update_fields=["pre_hearing_on", "updated_at"])
    clocks.on_pre_hearing_set(
        case=case, proceeding=proceeding, on=pre_hearing_on, actor=actor
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="proceeding.pre_hearing_set",
        target=proceeding,
        case_id=case.pk,
        old={"pre_hearing_on": old},
        new={"pre_hearing_on": pre_hearing_on},
    )
    return proceeding
