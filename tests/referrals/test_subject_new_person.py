"""Recording a person not yet known and adding them as a subject, all or
nothing, without making a second record of someone already recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conduct.exceptions import ApplicationError, NotPermitted
from conduct.models import AuditEvent, Force, Person, PersonRole, User
from referrals.models import Case
from referrals.services.cases import case_close, case_create, subject_add_new_person
from tests.factories.people import make_person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(caseworker: User, northamptonshire: Force) -> Case:
    return case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/NEW/0001",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2024, 3, 4),
        summary="Conduct at a football match.",
    )


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
    case: Case, caseworker: User
) -> None:
    make_person_with_role(
        force=case.force, given_names="Kim", family_name="Holt", identifier="NS4410"
    )
    people = Person.objects.count()
    with pytest.raises(ApplicationError, match="already has NS4410 for Kim Holt"):
        _new(case, caseworker)
    assert Person.objects.count() == people


def test_the_same_number_in_another_force_is_someone_else(
    case: Case, caseworker: User, nottinghamshire: Force
) -> None:
    make_person_with_role(force=nottinghamshire, identifier="NS4410")
    assert _new(case, caseworker).role.force == case.force


def test_nothing_is_recorded_when_the_case_refuses_the_subject(
    case: Case, caseworker: User, supervisor: User
) -> None:
    case_close(
        actor=supervisor,
        case=case,
        closed_on=dt.date(2024, 3, 5),
        rationale="Recorded in error.",
    )
    people, events = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ApplicationError):
        _new(case, caseworker)
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_a_manager_may_not_record_people(case: Case, manager: User) -> None:
    with pytest.raises(NotPermitted):
        _new(case, manager)
    assert not Person.objects.filter(family_name="Ashworth").exists()
