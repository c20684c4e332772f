"""The case record: recording it, its parties and IOPC reference, restriction
to named users, closing and reopening."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import PSD_ROLES, PSD_SUPERVISORS, Force, User
from conduct.regimes import regime_for
from conduct.services.audit import audit_record
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import Case, CaseParty, Subject
from referrals.permissions import require_case_access, require_role
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
)

#: Who may restrict a case to named users: a PSD supervisor.
RESTRICT_ROLES = PSD_SUPERVISORS


IOPC_REFERENCE_PATTERN = re.compile(r"^\d{4}/\d{6}$")
IOPC_REFERENCE_WARNING = (
    "IOPC references usually look like 2016/077885 (year, slash, six digits)."
)
REFERENCE_REQUIRED = "Enter the force's reference for this case."
REFERENCE_TAKEN = "{force} already has a case with reference {reference}."
SUMMARY_REQUIRED = "Enter a summary of the matter."
COMPLAINT_DATE_REQUIRED = "Enter the date the complaint was made."


SUBJECTS_STILL_OPEN = "{count} subject(s) have not reached a final outcome."


def iopc_reference_warning(reference: str) -> str | None:
    """A soft warning (never a refusal) for an unusual IOPC reference."""
    if reference and not IOPC_REFERENCE_PATTERN.match(reference):
        return IOPC_REFERENCE_WARNING
    return None


#: Who records a new case: PSD staff (the IOPC acts on referred cases).
RECORDING_ROLES = PSD_ROLES


def may_record_cases(user: User | None) -> bool:
    """Whether ``user``'s role may record a case (the rule ``case_create``
    applies), for interfaces deciding what to offer."""
    return user is not None and user.role in RECORDING_ROLES


@transaction.atomic
def case_create(
    *,
    actor: User | None,
    force: Force,
    reference: str,
    trigger: str,
    came_to_attention_on: dt.date,
    summary: str,
    complaint_made_on: dt.date | None = None,
    iopc_reference: str = "",
) -> Case:
    """Record a complaint, conduct matter or DSI matter; fix its regime."""
    require_role(actor, RECORDING_ROLES, "record a case")
    if actor is not None and not actor.memberships.filter(force=force).exists():
        raise ApplicationError(
            f"You do not work for {force}.", rule="case.force_membership"
        )
    reference = reference.strip()
    if not reference:
        raise ApplicationError(REFERENCE_REQUIRED, rule="case.reference")
    if not summary.strip():
        raise ApplicationError(SUMMARY_REQUIRED, rule="case.summary")
    if trigger not in Case.Trigger.values:
        raise ApplicationError(f"Unknown trigger {trigger!r}.", rule="case.trigger")
    check_not_future(came_to_attention_on, "The date it came to attention")
    if trigger == Case.Trigger.PUBLIC_COMPLAINT:
        if complaint_made_on is None:
            raise ApplicationError(COMPLAINT_DATE_REQUIRED, rule="case.complaint_date")
        check_not_future(complaint_made_on, "The date the complaint was made")
    if Case.objects.filter(force=force, reference=reference).exists():
        raise ApplicationError(
            REFERENCE_TAKEN.format(force=force, reference=reference),
            rule="case.reference_unique",
        )
    # A complaint falls under the rules in force when it was made (PCR r3).
    regime_date = complaint_made_on or came_to_attention_on
    case = Case.objects.create(
        force=force,
        reference=reference,
        trigger=trigger,
        came_to_attention_on=came_to_attention_on,
        complaint_made_on=complaint_made_on,
        summary=summary.strip(),
        iopc_reference=iopc_reference.strip(),
        regime=regime_for(regime_date).value,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=ReferralsAction.CASE_CREATED,
        target=case,
        case_id=case.pk,
        new={
            "reference": reference,
            "force": force.code,
            "trigger": trigger,
            "came_to_attention_on": came_to_attention_on,
            "regime": case.regime,
        },
    )
    return case


@transaction.atomic
def case_party_add(
    *, actor: User | None, case: Case, kind: str, name: str, contact: str = ""
) -> CaseParty:
    case = lock_case(case)
    require_case_access(actor, case, "add a complainant or interested person")
    if kind not in CaseParty.Kind.values or not name.strip():
        raise ApplicationError("Enter the person's name and kind.", rule="party")
    party = CaseParty.objects.create(
        case=case, kind=kind, name=name.strip(), contact=contact
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CASE_PARTY_ADDED,
        target=party,
        new={"kind": kind, "name": party.name},
    )
    return party


@transaction.atomic
def case_iopc_reference_set(
    *, actor: User | None, case: Case, iopc_reference: str
) -> Case:
    case = lock_case(case)
    require_case_access(actor, case, "set the IOPC reference")
    old = case.iopc_reference
    case.iopc_reference = iopc_reference.strip()
    case.save(update_fields=["iopc_reference", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CASE_IOPC_REFERENCE_SET,
        target=case,
        old={"iopc_reference": old},
        new={"iopc_reference": case.iopc_reference},
    )
    return case


@transaction.atomic
def case_restrict(
    *,
    actor: User | None,
    case: Case,
    restricted: bool,
    users: Iterable[User] = (),
    rationale: str,
) -> Case:
    """Restrict a case to named users (or lift the restriction)."""
    case = lock_case(case)
    require_role(actor, RESTRICT_ROLES, "restrict a case")
    require_case_access(actor, case, "restrict a case")
    rationale = check_rationale(rationale)
    named = list(users)
    if restricted and actor is not None and actor not in named:
        named.append(actor)  # never lock yourself out of a case you restrict
    old = {
        "restricted": case.restricted,
        "users": list(case.restricted_to.values_list("pk", flat=True)),
    }
    case.restricted = restricted
    case.save(update_fields=["restricted", "updated_at"])
    case.restricted_to.set(named if restricted else [])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CASE_RESTRICTION_CHANGED,
        target=case,
        old=old,
        new={"restricted": restricted, "users": [user.pk for user in named]},
        rationale=rationale,
    )
    return case


@transaction.atomic
def case_close(
    *, actor: User | None, case: Case, closed_on: dt.date, rationale: str
) -> Case:
    case = lock_case(case)
    require_case_access(actor, case, "close a case")
    rationale = check_rationale(rationale)
    check_not_before(closed_on, case.came_to_attention_on, "Closed on", "the case date")
    final = {
        Subject.Status.REFLECTIVE_PRACTICE,
        Subject.Status.MANAGEMENT_ACTION,
        Subject.Status.NO_FURTHER_ACTION,
        Subject.Status.CONCLUDED,
    }
    open_count = case.subjects.exclude(status__in=final).count()
    if open_count:
        raise ApplicationError(
            SUBJECTS_STILL_OPEN.format(count=open_count), rule="case.open_subjects"
        )
    old, new = transition(case, Case.Status.CLOSED)
    case.closed_on = closed_on
    case.save(update_fields=["status", "closed_on", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CASE_CLOSED,
        target=case,
        old={"status": old},
        new={"status": new, "closed_on": closed_on},
        rationale=rationale,
    )
    return case


@transaction.atomic
def case_reopen(*, actor: User | None, case: Case, rationale: str) -> Case:
    case = lock_case(case)
    require_case_access(actor, case, "reopen a case")
    rationale = check_rationale(rationale)
    old, new = transition(case, Case.Status.OPEN)
    case.closed_on = None
    case.save(update_fields=["status", "closed_on", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CASE_REOPENED,
        target=case,
        old={"status": old},
        new={"status": new},
        rationale=rationale,
    )
    return case
