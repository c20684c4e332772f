"""Steps shared by the hearings services: locks and who may decide."""

from __future__ import annotations

from conduct.exceptions import ApplicationError
from conduct.models import PSD_ROLES, PSD_SUPERVISORS, User
from hearings.models import Outcome, Proceeding
from referrals.models import Case, Subject
from referrals.permissions import (
    require_case_access,
    require_member_of_appropriate_authority,
    require_role,
)
from referrals.services.common import lock_case

NO_ACTIVE_PROCEEDING = "{person} has no proceedings in progress."
NO_CURRENT_OUTCOME = "{person} has no outcome yet."


def lock_for_subject(subject: Subject) -> tuple[Case, Subject]:
    """Lock the case, then the subject (always in that order)."""
    case = lock_case(subject.case_id)
    locked = (
        Subject.objects.select_for_update(of=("self",))
        .select_related("person", "role", "appropriate_authority")
        .get(pk=subject.pk)
    )
    return case, locked


def lock_proceeding(proceeding: Proceeding) -> tuple[Case, Subject, Proceeding]:
    subject = Subject.objects.only("case_id").get(pk=proceeding.subject_id)
    case, subject = lock_for_subject(subject)
    locked = Proceeding.objects.select_for_update().get(pk=proceeding.pk)
    return case, subject, locked


def require_staff(actor: User | None, case: Case, action: str) -> None:
    """PSD staff who can see the case (IOPC users do not run proceedings)."""
    require_role(actor, PSD_ROLES, action)
    require_case_access(actor, case, action)


def require_appropriate_authority(
    actor: User | None, case: Case, subject: Subject, action: str
) -> None:
    """A decision for the subject's appropriate authority: a PSD supervisor of
    that force (after a transfer, the new force; reference case C)."""
    require_role(actor, PSD_SUPERVISORS, action)
    require_case_access(actor, case, action)
    require_member_of_appropriate_authority(actor, subject, action)


def active_proceeding(subject: Subject) -> Proceeding:
    proceeding = (
        Proceeding.objects.select_for_update()
        .filter(subject=subject)
        .exclude(status__in=Proceeding.SUPERSEDED_STATUSES)
        .first()
    )
    if proceeding is None:
        raise ApplicationError(
            NO_ACTIVE_PROCEEDING.format(person=subject.person),
            rule="proceeding.missing",
        )
    return proceeding


def current_outcome(subject: Subject) -> Outcome:
    outcome = (
        Outcome.objects.select_for_update()
        .filter(subject=subject, is_current=True)
        .first()
    )
    if outcome is None:
        raise ApplicationError(
            NO_CURRENT_OUTCOME.format(person=subject.person), rule="outcome.missing"
        )
    return outcome
