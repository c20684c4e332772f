"""Employment events that reach into cases: a transfer moves the appropriate
authority (reference case C); a resignation or retirement while a matter is
outstanding needs an advisory list report (PA96 s88I) and turns proceedings
already brought into former-officer proceedings (PCR r4, Condition A)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from conduct.exceptions import ApplicationError
from conduct.models import PSD_ROLES, EmploymentEvent, Force, PersonRole, User
from conduct.regimes import LISTS_FROM
from conduct.services.audit import audit_record
from conduct.services.people import apply_employment_event
from hearings.audit import HearingsAction
from hearings.models import FormerOfficerCondition, ListReport, Proceeding
from hearings.selectors.proceedings import active_proceeding_for
from hearings.services.lists import active_entry, advisory_report_create
from hearings.services.proceedings import former_officer_condition_for
from referrals.models import Case, DeterminationResult, ProceedingsForm, Subject
from referrals.permissions import require_role
from referrals.services.common import check_not_future, lock_case, touch_case

NOT_YOUR_FORCE = "You do not work for {force}, where this role is held."
UNKNOWN_KIND = "Choose joined, transferred, resigned, retired or dismissed."

#: Subjects still on their way through the case. The advisory list applies
#: until proceedings conclude, and not where it was decided that none would
#: be brought (s88I(2): no case to answer, management action, RPRP, NFA).
OPEN_STATUSES = frozenset(
    {
        Subject.Status.RECORDED,
        Subject.Status.UNDER_INVESTIGATION,
        Subject.Status.REPORTED,
        Subject.Status.CASE_TO_ANSWER,
        Subject.Status.REFERRED_TO_PROCEEDINGS,
    }
)
#: Final statuses: a transfer leaves these subjects as they were.
FINISHED_STATUSES = frozenset(
    {
        Subject.Status.REFLECTIVE_PRACTICE,
        Subject.Status.MANAGEMENT_ACTION,
        Subject.Status.NO_FURTHER_ACTION,
        Subject.Status.CONCLUDED,
    }
)
LEAVING = frozenset({EmploymentEvent.Kind.RESIGNED, EmploymentEvent.Kind.RETIRED})
#: The audit action of each kind of employment event.
EMPLOYMENT_ACTIONS: dict[str, HearingsAction] = {
    EmploymentEvent.Kind.JOINED: HearingsAction.PERSON_JOINED,
    EmploymentEvent.Kind.TRANSFERRED: HearingsAction.PERSON_TRANSFERRED,
    EmploymentEvent.Kind.RESIGNED: HearingsAction.PERSON_RESIGNED,
    EmploymentEvent.Kind.RETIRED: HearingsAction.PERSON_RETIRED,
    EmploymentEvent.Kind.DISMISSED: HearingsAction.PERSON_DISMISSED,
}


def _convert_to_former_officer(
    *, subject: Subject, case: Case, left_on: dt.date
) -> Proceeding | None:
    """Gross misconduct proceedings already brought continue against the
    former officer; misconduct-only proceedings cannot (they are left for the
    appropriate authority to withdraw)."""
    proceeding = (
        Proceeding.objects.select_for_update()
        .filter(subject=subject)
        .exclude(status__in=Proceeding.CLOSED_STATUSES)
        .first()
    )
    if proceeding is None or proceeding.former_officer:
        return None
    gross = subject.allegations.filter(
        determination=DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT
    ).exists()
    if not gross or proceeding.form == ProceedingsForm.MISCONDUCT_MEETING:
        return None
    condition = former_officer_condition_for(
        came_to_attention_on=case.came_to_attention_on, left_on=left_on
    )
    if condition != FormerOfficerCondition.A:
        return None
    proceeding.former_officer = True
    proceeding.former_officer_condition = condition
    proceeding.save(
        update_fields=["former_officer", "former_officer_condition", "updated_at"]
    )
    return proceeding


def still_serving_elsewhere(role: PersonRole, *, after: dt.date) -> bool:
    """Whether the person holds another role that goes on after ``after``."""
    return (
        PersonRole.objects.filter(person_id=role.person_id, started_on__lte=after)
        .exclude(pk=role.pk)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=after))
        .exists()
    )


@transaction.atomic
def employment_event_record(
    *,
    actor: User | None,
    role: PersonRole,
    kind: str,
    occurred_on: dt.date,
    to_force: Force | None = None,
    new_identifier: str = "",
    notes: str = "",
) -> EmploymentEvent:
    """Record a transfer, resignation, retirement or dismissal and carry it
    through every open case on which the person is a subject in that role;
    an advisory list report follows when the person no longer serves in any
    role."""
    require_role(actor, PSD_ROLES, "record an employment event")
    if kind not in EMPLOYMENT_ACTIONS:
        raise ApplicationError(UNKNOWN_KIND, rule="employment_event.kind")
    if actor is not None and not actor.memberships.filter(force=role.force).exists():
        raise ApplicationError(
            NOT_YOUR_FORCE.format(force=role.force), rule="employment.force"
        )
    check_not_future(occurred_on, "The date")
    # PA96 s88I(1)(a): the person "ceases to be a person serving with the
    # police" only when no other role goes on; then every open case on which
    # they are a subject, in any role, may need an advisory report.
    ceases_to_serve = kind in LEAVING and not still_serving_elsewhere(
        role, after=occurred_on
    )
    # The role is the person's, so the person's subjects include its own.
    affected = Q(person_id=role.person_id) if ceases_to_serve else Q(role=role)
    # Lock the affected cases first, in id order, as every service does.
    case_ids = sorted(
        set(
            Subject.objects.filter(affected, case__status=Case.Status.OPEN).values_list(
                "case_id", flat=True
            )
        )
    )
    cases = {case_id: lock_case(case_id) for case_id in case_ids}
    subjects = list(
        Subject.objects.select_for_update(of=("self",))
        .select_related("person", "case", "appropriate_authority")
        .filter(affected, case_id__in=case_ids)
        .order_by("id")
    )
    old_force = role.force
    event, new_role = apply_employment_event(
        role=role,
        kind=kind,
        occurred_on=occurred_on,
        to_force=to_force,
        new_identifier=new_identifier,
        notes=notes,
    )
    moved: list[int] = []
    reports: list[ListReport] = []
    converted: list[int] = []
    for subject in subjects:
        case = cases[subject.case_id]
        in_role = subject.role_id == role.pk
        if in_role and new_role is not None and subject.status not in FINISHED_STATUSES:
            # Reference case C: the new force becomes the appropriate
            # authority and the case stays one case.
            if subject.appropriate_authority_id == old_force.pk:
                subject.appropriate_authority = new_role.force
            subject.role = new_role
            subject.save(update_fields=["appropriate_authority", "role", "updated_at"])
            moved.append(subject.pk)
        elif kind in LEAVING and subject.status in OPEN_STATUSES:
            proceeding = None
            if in_role:
                subject.role.refresh_from_db()
                proceeding = _convert_to_former_officer(
                    subject=subject, case=case, left_on=occurred_on
                )
            if proceeding is not None:
                converted.append(proceeding.pk)
            # PA96 s88I; nothing to report before the lists began (BL Regs r1).
            if (
                ceases_to_serve
                and occurred_on >= LISTS_FROM
                and active_entry(subject, ListReport.Kind.ADVISORY) is None
            ):
                if proceeding is None:
                    proceeding = active_proceeding_for(subject)
                reports.append(
                    advisory_report_create(
                        subject=subject,
                        left_by=kind,
                        left_on=occurred_on,
                        proceeding=proceeding,
                    )
                )
    for case in cases.values():
        touch_case(case)
    audit_record(
        actor=actor,
        action=EMPLOYMENT_ACTIONS[kind],
        target=event,
        # One event for the call: it belongs to a case only when it touched one.
        case_id=case_ids[0] if len(case_ids) == 1 else None,
        old={"role": role.pk, "force": old_force.code},
        new={
            "kind": kind,
            "occurred_on": occurred_on,
            "to_force": to_force.code if to_force else None,
            "new_role": new_role.pk if new_role else None,
            "cases": case_ids,
            "subjects_moved": moved,
            "proceedings_now_former_officer": converted,
            "list_reports": {str(r.pk): r.kind for r in reports},
        },
    )
    return event
