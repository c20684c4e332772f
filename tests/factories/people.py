from __future__ import annotations

import datetime as dt
from typing import TypedDict

from conduct.models import Force, Person, PersonRole
from conduct.services.people import person_create, person_role_add


class RoleDetails(TypedDict, total=False):
    """What a caller may say of a new role (and its person): the keyword
    arguments of :func:`make_person_with_role` beyond its force and names."""

    person: Person | None
    family_name: str
    kind: str
    rank: str
    identifier: str
    started_on: dt.date
    date_of_birth: dt.date | None


def make_person_with_role(
    *,
    force: Force,
    person: Person | None = None,
    given_names: str = "Jamie",
    family_name: str = "Carter",
    kind: str = PersonRole.Kind.POLICE_OFFICER,
    rank: str = "Police Constable",
    identifier: str = "1234",
    started_on: dt.date = dt.date(2010, 9, 1),
    date_of_birth: dt.date | None = dt.date(1985, 3, 14),
) -> tuple[Person, PersonRole]:
    """A person and one role, made through the real services; or another
    role of ``person`` (the names and date of birth then go unused)."""
    if person is None:
        person = person_create(
            actor=None,
            given_names=given_names,
            family_name=family_name,
            date_of_birth=date_of_birth,
        )
    role = person_role_add(
        actor=None,
        person=person,
        kind=kind,
        force=force,
        started_on=started_on,
        rank=rank,
        identifier=identifier,
    )
    return person, role
