"""Recording a person not yet known and adding them as a subject, all or
nothing, without making a second record of someone already recorded; and a
further role for a person already recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from conduct.exceptions import ApplicationError, NotPermitted, StaleVersion
from conduct.models import AuditEvent, Force, Person, PersonRole, User
from referrals.models import Case
from referrals.services.cases import (
    person_role_record,
    subject_add_new_person,
)
from tests.assertions import refused
from tests.builders import Build
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(build: Build) -> Case:
    return build.case(on=dt.date(2024, 3, 4), summary="Conduct at a football match.")


def _new(case: Case, actor: User, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "given_names": "Robin",
        "family_name": "Ashworth",
        "date_of_birth": dt.date(1988, 6, 2),
        "kind": PersonRole.Kind.POLICE_OFFICER,
        "force": case.force,
        "started_on": dt.date(2012, 9, 3),
        "rank": "Police Sergeant",
        "identifier": "NS4410",
        **changes,
    }
    return subject_add_new_person(actor=actor, case=case, **values)


def test_it_records_the_person_the_role_and_the_subject(
    case: Case, caseworker: User
) -> None:
    subject = _new(case, caseworker)
    assert subject.person.full_name == "Robin Ashworth"
    assert (subject.role.rank, subject.role.identifier) == ("Police Sergeant", "NS4410")
    assert subject.appropriate_authority == case.force
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[
        -3:
    ]
    assert actions == ["person.created", "person_role.added", "subject.added"]


def test_a_collar_number_in_use_in_the_force_is_refused(
    build: Build, case: Case, caseworker: User
) -> None:
    build.role(given_names="Kim", family_name="Holt", identifier="NS4410")
    with refused(containing="already has NS4410 for Kim Holt", case=case):
        _new(case, caseworker)


def test_the_same_number_in_another_force_is_someone_else(
    build: Build, case: Case, caseworker: User, nottinghamshire: Force
) -> None:
    build.role(force=nottinghamshire, identifier="NS4410")
    assert _new(case, caseworker).role.force == case.force


def test_nothing_is_recorded_when_the_case_refuses_the_subject(
    build: Build, case: Case, caseworker: User
) -> None:
    build.closed(case, closed_on=dt.date(2024, 3, 5))
    with refused(case=case):
        _new(case, caseworker)


def test_a_manager_may_not_record_people(case: Case, manager: User) -> None:
    with pytest.raises(NotPermitted):
        _new(case, manager)
    assert not Person.objects.filter(family_name="Ashworth").exists()


def test_a_role_cannot_start_before_the_person_was_born(
    case: Case, caseworker: User
) -> None:
    with pytest.raises(ApplicationError, match="before the person was born") as error:
        _new(case, caseworker, started_on=dt.date(1980, 1, 1))
    assert error.value.rule == "person_role.started_on"
    assert not Person.objects.filter(family_name="Ashworth").exists()


def test_a_further_role_is_recorded_beside_the_first(
    case: Case, caseworker: User
) -> None:
    """A special constable who is also police staff holds both at once."""
    subject = _new(
        case,
        caseworker,
        kind=PersonRole.Kind.SPECIAL_CONSTABLE,
        rank="Special Constable",
        identifier="SC2042",
    )
    staff = person_role_record(
        actor=caseworker,
        person=subject.person,
        kind=PersonRole.Kind.POLICE_STAFF,
        force=case.force,
        started_on=dt.date(2013, 4, 1),
        identifier=" S7781 ",
        job_title=" Safety training instructor ",
    )
    assert (staff.identifier, staff.job_title) == (
        "S7781",
        "Safety training instructor",
    )
    kinds = set(
        PersonRole.objects.filter(person=subject.person, ended_on=None).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"special_constable", "police_staff"}
    assert staff.employment_events.get().kind == "joined"
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    assert (last.action, last.actor_id) == ("person_role.added", caseworker.pk)


def test_a_second_current_role_of_the_same_kind_in_a_force_is_refused(
    case: Case, caseworker: User
) -> None:
    subject = _new(case, caseworker)
    roles = PersonRole.objects.count()
    with pytest.raises(
        ApplicationError, match="already holds a current police officer"
    ):
        person_role_record(
            actor=caseworker,
            person=subject.person,
            kind=PersonRole.Kind.POLICE_OFFICER,
            force=case.force,
            started_on=dt.date(2015, 1, 1),
        )
    assert PersonRole.objects.count() == roles


@dataclass(frozen=True)
class RoleRefusal:
    """A further role refused: what differs from a good one, and the rule."""

    changes: dict[str, Any]
    rule: str


@parametrize_rows(
    [
        RoleRefusal(changes={"identifier": "NS4410"}, rule="person_role.identifier"),
        RoleRefusal(
            changes={"started_on": dt.date(1980, 1, 1)}, rule="person_role.started_on"
        ),
        RoleRefusal(changes={"started_on": dt.date(2999, 1, 1)}, rule="date.future"),
    ]
)
def test_a_further_role_is_checked_like_the_first(
    case: Case, caseworker: User, changes: dict[str, Any], rule: str
) -> None:
    subject = _new(case, caseworker)
    roles = PersonRole.objects.count()
    with pytest.raises(ApplicationError) as error:
        person_role_record(
            actor=caseworker,
            person=subject.person,
            **{
                "kind": PersonRole.Kind.POLICE_STAFF,
                "force": case.force,
                "started_on": dt.date(2014, 1, 1),
                **changes,
            },
        )
    assert error.value.rule == rule
    assert PersonRole.objects.count() == roles


def test_a_manager_may_not_record_a_role(
    case: Case, caseworker: User, manager: User
) -> None:
    subject = _new(case, caseworker)
    with pytest.raises(NotPermitted):
        person_role_record(
            actor=manager,
            person=subject.person,
            kind=PersonRole.Kind.POLICE_STAFF,
            force=case.force,
            started_on=dt.date(2014, 1, 1),
        )


def test_a_stale_copy_of_the_person_records_no_role(
    case: Case, caseworker: User
) -> None:
    """Two clients read the person at version 1; the second to write is
    refused under the person's row lock, and nothing of it is kept."""
    subject = _new(case, caseworker)
    staff: dict[str, Any] = {
        "kind": PersonRole.Kind.POLICE_STAFF,
        "force": case.force,
        "started_on": dt.date(2014, 1, 1),
    }
    person_role_record(
        actor=caseworker, person=subject.person, expected_version=1, **staff
    )
    with pytest.raises(StaleVersion, match="This person has changed"):
        person_role_record(
            actor=caseworker,
            person=subject.person,
            expected_version=1,
            **{**staff, "kind": PersonRole.Kind.VOLUNTEER},
        )
    assert PersonRole.objects.filter(person=subject.person).count() == 2
