"""An officer who resigns or retires before the hearing they were referred
to: the proceedings continue against the former officer (PCR r4,
Condition A), or, when they leave on or after 28 May 2025, the appropriate
authority first determines whether they do (PCR Part 3A, inserted by
SI 2025/558: r21A(1)(d)).

Only r21A(1)(d) was read. The rest of Part 3A (r21A-r21G, and Schedule 1's
modifications of it for former officers) and SI 2025/558's transitional
provisions were not, so the first day of leaving it covers is the setting
PART_3A_FROM (``conduct.regimes.part_3a_applies``) and the determination is
held as its outcome only: the proceedings continue, or they do not.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import EmploymentEvent, User
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.models import (
    FormerOfficerCondition,
    ListReport,
    Part3ADetermination,
    Proceeding,
)
from hearings.services.common import lock_proceeding, require_appropriate_authority
from hearings.services.proceedings.checks import check_not_closed, form_label
from hearings.services.proceedings.holding import close_without_proceedings, withdraw
from hearings.services.proceedings.referral import (
    CONDITION_A_FACTS,
    former_officer_condition_for,
)
from referrals.models import DeterminationResult, Subject
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
)

NO_PART_3A_DETERMINATION = (
    "{person} did not resign or retire before this {form} after being referred "
    "to it: there is no Part 3A determination to make (PCR r21A(1)(d))."
)
ADVISORY_REMOVAL_PART_3A = (
    "The appropriate authority determined under PCR Part 3A that the "
    "proceedings do not continue against the former officer: they are "
    "withdrawn (PA96 s88L(1)(b))."
)


def hearing_left_before(subject: Subject) -> Proceeding | None:
    """The subject's hearing not yet held, locked, that an officer who
    resigns or retires leaves behind: a misconduct hearing or an accelerated
    hearing on a case to answer for gross misconduct, not yet a former
    officer's (PCR r21A(1)(d); r4). None for a meeting or misconduct alone,
    which a former officer cannot face (left for the appropriate authority to
    withdraw)."""
    proceeding = (
        Proceeding.objects.select_for_update()
        .filter(subject=subject, status__in=Proceeding.OPEN_STATUSES)
        .first()
    )
    if proceeding is None or proceeding.former_officer or proceeding.is_meeting:
        return None
    gross = subject.allegations.filter(
        determination=DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT
    ).exists()
    return proceeding if gross else None


def convert_to_former_officer(
    proceeding: Proceeding, *, came_to_attention_on: dt.date, left_on: dt.date
) -> bool:
    """The locked ``proceeding`` continues against the former officer under
    Condition A (PCR r4(2): they left after the matter came to attention,
    as anyone referred before leaving did); False, with nothing changed,
    where the dates point to another condition."""
    condition = former_officer_condition_for(
        came_to_attention_on=came_to_attention_on, left_on=left_on
    )
    if condition != FormerOfficerCondition.A:
        return False
    proceeding.former_officer = True
    proceeding.former_officer_condition = condition
    proceeding.save(
        update_fields=["former_officer", "former_officer_condition", "updated_at"]
    )
    return True


def part_3a_await(
    *, proceeding: Proceeding, left_by: EmploymentEvent
) -> Part3ADetermination:
    """The locked ``proceeding`` waits for the appropriate authority's Part 3A
    determination after ``left_by`` (PCR r21A(1)(d)). A step of the
    employment event's service, which writes the one audit event."""
    return Part3ADetermination.objects.create(proceeding=proceeding, left_by=left_by)


@transaction.atomic
def proceeding_part_3a_determine(
    *,
    actor: User | None,
    proceeding: Proceeding,
    decided_on: dt.date,
    continues: bool,
    rationale: str,
) -> Proceeding:
    """The appropriate authority's determination under PCR Part 3A for an
    officer who resigned or retired before the hearing (r21A(1)(d), inserted
    by SI 2025/558): the proceedings continue against the former officer
    (Condition A, PCR r4), or they do not, and are withdrawn with the
    subject's path closed without proceedings; the advisory list entry made
    when the person left then goes by a further report (PA96 s88L(1)(b)),
    while proceedings that continue leave it standing until their outcome
    (s88L(1)(c), or s88L(5) once barred)."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_appropriate_authority(
        actor, case, subject, "make the Part 3A determination"
    )
    rationale = check_rationale(rationale)
    determination = (
        Part3ADetermination.objects.select_for_update()
        .select_related("left_by")
        .filter(proceeding=proceeding)
        .first()
    )
    if determination is None:
        raise ApplicationError(
            NO_PART_3A_DETERMINATION.format(
                person=subject.person, form=form_label(proceeding.form)
            ),
            rule="proceeding.part_3a",
        )
    check_not_closed(proceeding)
    old, new = transition(
        determination,
        Part3ADetermination.Status.CONTINUED
        if continues
        else Part3ADetermination.Status.DISCONTINUED,
    )
    left_on = determination.left_by.occurred_on
    check_not_future(decided_on, "The decision date")
    check_not_before(
        decided_on, left_on, "The decision date", "the resignation or retirement"
    )
    old_status, old_subject_status = str(proceeding.status), str(subject.status)
    reports: list[ListReport] = []
    if continues:
        if not convert_to_former_officer(
            proceeding, came_to_attention_on=case.came_to_attention_on, left_on=left_on
        ):
            raise ApplicationError(
                CONDITION_A_FACTS.format(
                    person=subject.person,
                    left=left_on,
                    attention=case.came_to_attention_on,
                ),
                rule="proceeding.former_officer_condition",
            )
    else:
        withdraw(case, proceeding, withdrawn_on=decided_on, actor=actor)
        _, _, reports = close_without_proceedings(
            subject, decided_on=decided_on, reason=ADVISORY_REMOVAL_PART_3A
        )
    determination.decided_on = decided_on
    determination.decided_by = actor
    determination.rationale = rationale
    determination.save(
        update_fields=["status", "decided_on", "decided_by", "rationale", "updated_at"]
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_PART_3A_DETERMINED,
        target=proceeding,
        old={
            "part_3a": old,
            "status": old_status,
            "subject_status": old_subject_status,
        },
        new={
            "part_3a": new,
            "decided_on": decided_on,
            "status": proceeding.status,
            "subject_status": subject.status,
            "former_officer_condition": proceeding.former_officer_condition,
            "list_reports": {str(r.pk): r.kind for r in reports},
        },
        rationale=rationale,
    )
    return proceeding
