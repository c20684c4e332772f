"""Employment events that reach into cases: a transfer moves the appropriate
authority (reference case C); a resignation or retirement while a matter is
outstanding needs an advisory list report (PA96 s88I) and turns a gross
misconduct hearing already referred into former-officer proceedings (PCR r4,
Condition A), or, for leaving on or after 28 May 2025, leaves it waiting for
the appropriate authority's Part 3A determination (PCR r21A(1)(d), inserted
by SI 2025/558)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from conduct.exceptions import ApplicationError
from conduct.models import PSD_ROLES, EmploymentEvent, Force, PersonRole, User
from conduct.regimes import LISTS_FROM, part_3a_applies
from conduct.services.audit import audit_record
from conduct.services.people import apply_employment_event
from hearings.audit import HearingsAction
from hearings.models import ListReport
from hearings.selectors.proceedings import active_proceeding_for
from hearings.services.lists import active_entry, advisory_report_create
from hearings.services.proceedings.former_officers import (
    convert_to_former_officer,
    hearing_left_before,
    part_3a_await,
)
from referrals.models import Case, Subject
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
    awaiting_part_3a: list[int] = []
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
            hearing = None
            if in_role:
                subject.role.refresh_from_db()
                hearing = hearing_left_before(subject)
            if hearing is not None and part_3a_applies(occurred_on):
                # PCR r21A(1)(d) (SI 2025/558): the appropriate authority
                # determines whether the hearing goes on against them.
                part_3a_await(proceeding=hearing, left_by=event)
                awaiting_part_3a.append(hearing.pk)
            elif hearing is not None and convert_to_former_officer(
                hearing,
                came_to_attention_on=case.came_to_attention_on,
                left_on=occurred_on,
            ):
                converted.append(hearing.pk)
            # PA96 s88I; nothing to report before the lists began (BL Regs r1).
            if (
                ceases_to_serve
                and occurred_on >= LISTS_FROM
                and active_entry(subject, ListReport.Kind.ADVISORY) is None
            ):
                reports.append(
                    advisory_report_create(
                        subject=subject,
                        left_by=kind,
                        left_on=occurred_on,
                        proceeding=active_proceeding_for(subject),
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
            "proceedings_awaiting_part_3a": awaiting_part_3a,
            "list_reports": {str(r.pk): r.kind for r in reports},
        },
    )
    return event
