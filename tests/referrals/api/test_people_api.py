"""Recording people over the API: a subject not yet recorded (the person,
their role and the subject, all or nothing) and a further role of a person
(with the person's ETag). The same services as the browser's steps."""

from __future__ import annotations

from typing import Any

import pytest

from conduct.models import AuditEvent, Force, Person, PersonRole, User
from tests.assertions import api_refused
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import CASES, PROBLEM, case_url, current_etag, post

pytestmark = pytest.mark.django_db

NEW_PERSON: dict[str, Any] = {
    "given_names": "Robin",
    "family_name": "Ashworth",
    "date_of_birth": "1988-06-02",
    "kind": "police_officer",
    "force": "nhants",
    "started_on": "2012-09-03",
    "rank": "Police Sergeant",
    "identifier": "NS4410",
}


@pytest.fixture
def case_id(bearer_client: Client, caseworker: User) -> int:
    response = post(
        bearer_client(caseworker),
        CASES,
        {
            "force": "nhants",
            "reference": "NH/PEOPLE/1",
            "trigger": "recordable_conduct_matter",
            "came_to_attention_on": "2024-03-04",
            "summary": "Conduct at a football match.",
        },
    )
    assert response.status_code == 201, response.content
    case_id: int = response.json()["id"]
    return case_id


def add_new(client: Any, case_id: int, **changes: Any) -> Any:
    return post(
        client,
        f"{case_url(case_id)}subjects/new-person/",
        {**NEW_PERSON, **changes},
        etag=current_etag(client, case_id),
    )


def test_a_new_person_becomes_a_subject(
    bearer_client: Client, caseworker: User, case_id: int
) -> None:
    client = bearer_client(caseworker)
    response = add_new(client, case_id, job_title=" Custody sergeant ")
    assert response.status_code == 201, response.content
    subject = response.json()["subject"]
    role = PersonRole.objects.get(pk=subject["role"]["id"])
    assert role.job_title == "Custody sergeant"
    assert subject["person"]["name"] == "Robin Ashworth"
    assert (subject["role"]["kind"], subject["role"]["identifier"]) == (
        "police_officer",
        "NS4410",
    )
    assert subject["appropriate_authority"] == "nhants"
    assert response["ETag"] == current_etag(client, case_id)
    actions = AuditEvent.objects.order_by("-id").values_list("action", flat=True)[:3]
    assert list(actions) == ["subject.added", "person_role.added", "person.created"]


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"identifier": "ns4410 ", "given_names": "Kim"}, "person_role.identifier"),
        ({"identifier": ""}, "person.duplicate"),
        (
            {"started_on": "1980-01-01", "identifier": "X1"},
            "person_role.started_on",
        ),
    ],
)
def test_someone_already_recorded_is_refused_and_nothing_is_written(
    bearer_client: Client,
    caseworker: User,
    case_id: int,
    changes: dict[str, Any],
    rule: str,
) -> None:
    client = bearer_client(caseworker)
    if rule != "person_role.started_on":
        assert add_new(client, case_id).status_code == 201
    people = Person.objects.count()
    response = add_new(client, case_id, **changes)
    assert response.status_code == 409, response.content
    assert response["Content-Type"] == PROBLEM
    assert response.json()["rule"] == rule
    assert Person.objects.count() == people


@pytest.mark.parametrize(
    ("body", "field", "status", "problem"),
    [
        # A value the endpoint understands but refuses: 422.
        ({**NEW_PERSON, "kind": "inspector"}, "kind", 422, "invalid-values"),
        ({**NEW_PERSON, "force": "atlantis"}, "force", 422, "invalid-values"),
        (
            {key: v for key, v in NEW_PERSON.items() if key != "family_name"},
            "family_name",
            422,
            "invalid-values",
        ),
        # A field the endpoint does not accept is the wrong shape: 400.
        ({**NEW_PERSON, "nickname": "Rob"}, "nickname", 400, "unknown-fields"),
    ],
)
def test_a_malformed_new_person_is_refused_by_field(
    *,
    bearer_client: Client,
    caseworker: User,
    case_id: int,
    body: dict[str, Any],
    field: str,
    status: int,
    problem: str,
) -> None:
    client = bearer_client(caseworker)
    people = Person.objects.count()
    response = post(
        client,
        f"{case_url(case_id)}subjects/new-person/",
        body,
        etag=current_etag(client, case_id),
    )
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    problem_details = response.json()
    assert problem_details["type"].endswith(f"/problems/{problem}")
    assert list(problem_details["errors"]) == [field]
    assert Person.objects.count() == people


# ---------------------------------------------------------------- roles


@pytest.fixture
def person_id(bearer_client: Client, caseworker: User, case_id: int) -> int:
    response = add_new(bearer_client(caseworker), case_id)
    assert response.status_code == 201, response.content
    person_id: int = response.json()["subject"]["person"]["id"]
    return person_id


STAFF = {
    "kind": "police_staff",
    "force": "nhants",
    "started_on": "2014-01-06",
    "identifier": "S100",
    "job_title": "Custody detention officer",
}


def roles_url(person_id: int) -> str:
    return f"/api/v1/people/{person_id}/roles/"


def test_a_further_role_is_recorded_with_the_persons_etag(
    bearer_client: Client, caseworker: User, person_id: int
) -> None:
    client = bearer_client(caseworker)
    got = client.get(roles_url(person_id))
    assert got.status_code == 200
    assert got["ETag"] == f'"person-{person_id}-v1"'
    assert [r["kind"] for r in got.json()["roles"]] == ["police_officer"]

    response = post(client, roles_url(person_id), STAFF, etag=got["ETag"])
    assert response.status_code == 201, response.content
    assert response["ETag"] == f'"person-{person_id}-v2"'
    body = response.json()
    assert body["role"]["job_title"] == "Custody detention officer"
    assert [r["kind"] for r in body["person"]["roles"]] == [
        "police_officer",
        "police_staff",
    ]
    assert PersonRole.objects.filter(person_id=person_id, ended_on=None).count() == 2

    # The ETag the client held is stale now: a second write is 412.
    stale = post(
        client, roles_url(person_id), {**STAFF, "force": "notts"}, etag=got["ETag"]
    )
    assert stale.status_code == 412, stale.content
    assert PersonRole.objects.filter(person_id=person_id).count() == 2


def test_a_retried_role_is_recorded_once(
    bearer_client: Client, caseworker: User, person_id: int
) -> None:
    client = bearer_client(caseworker)
    etag = client.get(roles_url(person_id))["ETag"]
    first = post(client, roles_url(person_id), STAFF, etag=etag, key="role-1")
    again = post(client, roles_url(person_id), STAFF, etag=etag, key="role-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert (
        PersonRole.objects.filter(person_id=person_id, kind="police_staff").count() == 1
    )


def test_a_second_current_role_of_a_kind_in_a_force_is_409(
    bearer_client: Client, caseworker: User, person_id: int
) -> None:
    client = bearer_client(caseworker)
    response = post(
        client,
        roles_url(person_id),
        {"kind": "police_officer", "force": "nhants", "started_on": "2015-01-01"},
        etag=client.get(roles_url(person_id))["ETag"],
    )
    api_refused(response, 409, rule="person_role.duplicate")
    assert PersonRole.objects.filter(person_id=person_id).count() == 1


def test_a_person_out_of_sight_is_404(
    bearer_client: Client,
    outsider: User,
    iopc_investigator: User,
    person_id: int,
    nottinghamshire: Force,
) -> None:
    for user in (outsider, iopc_investigator):
        client = bearer_client(user)
        assert client.get(roles_url(person_id)).status_code == 404
        response = post(
            client, roles_url(person_id), STAFF, etag=f'"person-{person_id}-v1"'
        )
        assert response.status_code == 404, response.content
    assert PersonRole.objects.filter(person_id=person_id).count() == 1
