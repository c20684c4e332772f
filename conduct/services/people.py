"""People, their roles in forces, and employment events."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.audit import CoreAction
from conduct.exceptions import ApplicationError
from conduct.models import EmploymentEvent, Force, Person, PersonRole, User
from conduct.services.audit import audit_record

ROLE_ALREADY_ENDED = "This role ended on {ended_on:%d %b %Y}: it cannot change again."
EVENT_BEFORE_ROLE = (
    "{kind} on {on:%d %b %Y} is before the role started ({start:%d %b %Y})."
)
TRANSFER_NEEDS_FORCE = "Say which force the person transferred to."
TRANSFER_TO_SAME_FORCE = "A transfer must be to a different force."
NAME_REQUIRED = "Enter the person's given names and family name."


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    given_names: str,
    family_name: str,
    date_of_birth: dt.date | None = None,
) -> Person:
    if not given_names.strip() or not family_name.strip():
        raise ApplicationError(NAME_REQUIRED, rule="person.name")
    person = Person.objects.create(
        given_names=given_names.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
    )
    audit_record(
        actor=actor,
        action=CoreAction.PERSON_CREATED,
        target=person,
        case_id=None,
        new={"name": person.full_name, "date_of_birth": date_of_birth},
    )
    return person


@transaction.atomic
def person_role_add(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    force: Force,
    started_on: dt.date,
    rank: str = "",
    identifier: str = "",
    job_title: str = "",
) -> PersonRole:
    """A new role (officer, special, staff, volunteer) in a force, from a date."""
    if kind not in PersonRole.Kind.values:
        raise ApplicationError(f"Unknown role {kind!r}.", rule="person_role.kind")
    role = PersonRole.objects.create(
        person=person,
        kind=kind,
        force=force,
        started_on=started_on,
        rank=rank,
        identifier=identifier,
        job_title=job_title,
    )
    EmploymentEvent.objects.create(
        person=person,
        role=role,
        kind=EmploymentEvent.Kind.JOINED,
        occurred_on=started_on,
    )
    audit_record(
        actor=actor,
        action=CoreAction.PERSON_ROLE_ADDED,
        target=role,
        case_id=None,
        new={
            "person": person.pk,
            "kind": kind,
            "force": force.code,
            "from": started_on,
        },
    )
    return role


def apply_employment_event(
    *,
    role: PersonRole,
    kind: str,
    occurred_on: dt.date,
    to_force: Force | None = None,
    new_identifier: str = "",
    notes: str = "",
) -> tuple[EmploymentEvent, PersonRole | None]:
    """End (or move) a role; return the event and, for a transfer, the new role.

    No audit row: callers are services that write their own, once.
    """
    role = PersonRole.objects.select_for_update().get(pk=role.pk)
    if role.ended_on is not None:
        raise ApplicationError(
            ROLE_ALREADY_ENDED.format(ended_on=role.ended_on), rule="person_role.ended"
        )
    if occurred_on < role.started_on:
        raise ApplicationError(
            EVENT_BEFORE_ROLE.format(
                kind=EmploymentEvent.Kind(kind).label,
                on=occurred_on,
                start=role.started_on,
            ),
            rule="employment_event.date",
        )
    new_role = None
    if kind == EmploymentEvent.Kind.TRANSFERRED:
        if to_force is None:
            raise ApplicationError(TRANSFER_NEEDS_FORCE, rule="employment_event.force")
        if to_force.pk == role.force_id:
            raise ApplicationError(
                TRANSFER_TO_SAME_FORCE, rule="employment_event.force"
            )
    elif kind not in {
        EmploymentEvent.Kind.RESIGNED,
        EmploymentEvent.Kind.RETIRED,
        EmploymentEvent.Kind.DISMISSED,
    }:
        raise ApplicationError(
            f"{kind!r} is not an event that ends a role.", rule="employment_event.kind"
        )
    role.ended_on = occurred_on
    role.end_reason = kind
    role.save(update_fields=["ended_on", "end_reason", "updated_at"])
    event = EmploymentEvent.objects.create(
        person_id=role.person_id,
        role=role,
        kind=kind,
        occurred_on=occurred_on,
        to_force=to_force,
        notes=notes,
    )
    if to_force is not None:
        new_role = PersonRole.objects.create(
            person_id=role.person_id,
            kind=role.kind,
            force=to_force,
            rank=role.rank,
            identifier=new_identifier,
            job_title=role.job_title,
            started_on=occurred_on,
        )
    return event, new_role
