"""Subjects of a case and the people behind them: naming a person already
recorded, recording a new one with the role they held, and a further role."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError, StaleVersion
from conduct.models import (
    STAFF_ROLES,
    Force,
    Person,
    PersonRole,
    User,
)
from conduct.services.people import person_create, person_role_add
from referrals.audit import ReferralsAction
from referrals.models import Case, Subject
from referrals.permissions import require_case_access, require_role
from referrals.selectors.cases import person_version
from referrals.services.common import (
    case_changed,
    check_case_open,
    check_not_future,
    lock_case,
)

#: Who may record people and their roles: PSD and IOPC staff.
PEOPLE_RECORDERS = STAFF_ROLES


ROLE_NOT_THE_PERSONS = "That role belongs to someone else."


@transaction.atomic
def subject_add(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    role: PersonRole,
    appropriate_authority: Force | None = None,
) -> Subject:
    """Add a person to the case as a subject, in the role they held at the time."""
    case = lock_case(case)
    require_case_access(actor, case, "add a subject")
    check_case_open(case)
    if role.person_id != person.pk:
        raise ApplicationError(ROLE_NOT_THE_PERSONS, rule="subject.role")
    if case.subjects.filter(person=person).exists():
        raise ApplicationError(
            f"{person} is already a subject of this case.", rule="subject.unique"
        )
    subject = Subject.objects.create(
        case=case,
        person=person,
        role=role,
        appropriate_authority=appropriate_authority or role.force,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.SUBJECT_ADDED,
        target=subject,
        new={
            "person": person.pk,
            "role": role.pk,
            "appropriate_authority": subject.appropriate_authority.code,
            "status": subject.status,
        },
    )
    return subject


PERSON_ALREADY_RECORDED = (
    "{person} ({born}) is already recorded: add them with "
    "\u201cAdd a subject\u201d instead."
)
IDENTIFIER_IN_USE = (
    "{force} already has {identifier} for {person}: add them with "
    "\u201cAdd a subject\u201d, or check the number."
)
ROLE_ALREADY_HELD = (
    "{person} already holds a current {kind} role in {force} (since "
    "{since:%d %b %Y}): record an employment event on it instead."
)
ROLE_BEFORE_BIRTH = "The role cannot start before the person was born."


def _check_not_recorded(
    *, given_names: str, family_name: str, date_of_birth: dt.date | None
) -> None:
    """Refuse someone who looks already recorded: the same name and date of
    birth. One person across cases is what the integrity view relies on."""
    if date_of_birth is None:
        return
    same = (
        Person.objects.filter(
            given_names__iexact=given_names.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=date_of_birth,
        )
        .order_by("id")
        .first()
    )
    if same is not None:
        raise ApplicationError(
            PERSON_ALREADY_RECORDED.format(
                person=same, born=f"born {date_of_birth:%d %b %Y}"
            ),
            rule="person.duplicate",
        )


def _check_identifier_free(*, force: Force, identifier: str) -> None:
    """Refuse a collar, warrant or staff number a current role in the force
    already carries. The force's row is locked (FOR NO KEY UPDATE, which does
    not block rows that refer to the force) so two recordings in one force
    check and insert one after the other."""
    if not identifier.strip():
        return
    Force.objects.select_for_update(no_key=True).filter(pk=force.pk).exists()
    taken = (
        PersonRole.objects.filter(
            force=force, identifier__iexact=identifier.strip(), ended_on=None
        )
        .select_related("person")
        .first()
    )
    if taken is not None:
        raise ApplicationError(
            IDENTIFIER_IN_USE.format(
                force=force.name, identifier=identifier.strip(), person=taken.person
            ),
            rule="person_role.identifier",
        )


def _check_role_dates(*, started_on: dt.date, date_of_birth: dt.date | None) -> None:
    check_not_future(started_on, "The date the role started")
    if date_of_birth is not None:
        check_not_future(date_of_birth, "The date of birth")
        if started_on < date_of_birth:
            raise ApplicationError(ROLE_BEFORE_BIRTH, rule="person_role.started_on")


@transaction.atomic
def subject_add_new_person(
    *,
    actor: User | None,
    case: Case,
    given_names: str,
    family_name: str,
    date_of_birth: dt.date | None,
    kind: str,
    force: Force,
    started_on: dt.date,
    rank: str = "",
    identifier: str = "",
    job_title: str = "",
    appropriate_authority: Force | None = None,
) -> Subject:
    """Record a person not yet known (with the role they held at the time)
    and add them to the case as a subject, all or nothing. Refuses someone
    who looks already recorded (the same name and date of birth, or the same
    collar or staff number in the same force): they are one person across
    cases, which the integrity view relies on."""
    case = lock_case(case)
    require_role(actor, PEOPLE_RECORDERS, "record a person")
    require_case_access(actor, case, "add a subject")
    check_case_open(case)
    _check_role_dates(started_on=started_on, date_of_birth=date_of_birth)
    _check_not_recorded(
        given_names=given_names, family_name=family_name, date_of_birth=date_of_birth
    )
    _check_identifier_free(force=force, identifier=identifier)
    person = person_create(
        actor=actor,
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
    )
    role = person_role_add(
        actor=actor,
        person=person,
        kind=kind,
        force=force,
        started_on=started_on,
        rank=rank.strip(),
        identifier=identifier.strip(),
        job_title=job_title.strip(),
    )
    return subject_add(
        actor=actor,
        case=case,
        person=person,
        role=role,
        appropriate_authority=appropriate_authority,
    )


@transaction.atomic
def person_role_record(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    force: Force,
    started_on: dt.date,
    rank: str = "",
    identifier: str = "",
    job_title: str = "",
    expected_version: int | None = None,
) -> PersonRole:
    """A further role for a person already recorded: a member of police
    staff who is also a special constable holds both at once. Refuses a
    second current role of the same kind in the same force (that is an
    employment event on the first) and a number already in use; with
    ``expected_version``, a caller whose copy of the person is stale
    (checked under the person's row lock). The caller finds the person in
    its scope (``visible_people``)."""
    require_role(actor, PEOPLE_RECORDERS, "record a role")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None:
        current = person_version(person)
        if current != expected_version:
            raise StaleVersion(
                current=current, expected=expected_version, what="person"
            )
    _check_role_dates(started_on=started_on, date_of_birth=person.date_of_birth)
    held = (
        PersonRole.objects.filter(person=person, kind=kind, force=force, ended_on=None)
        .order_by("started_on")
        .first()
    )
    if held is not None:
        raise ApplicationError(
            ROLE_ALREADY_HELD.format(
                person=person,
                kind=held.get_kind_display().lower(),
                force=force.name,
                since=held.started_on,
            ),
            rule="person_role.duplicate",
        )
    _check_identifier_free(force=force, identifier=identifier)
    return person_role_add(
        actor=actor,
        person=person,
        kind=kind,
        force=force,
        started_on=started_on,
        rank=rank.strip(),
        identifier=identifier.strip(),
        job_title=job_title.strip(),
    )
