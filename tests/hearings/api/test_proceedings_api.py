"""Proceedings over the API as a client written from the schema alone sees
them: every value the schema allows is accepted, anything else is refused
with the field's error."""

from __future__ import annotations

from typing import Any

import pytest

from conduct.models import Force, User
from hearings.models import Proceeding
from referrals.models import Subject
from tests.hearings.conftest import subject_with_case_to_answer
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import PROBLEM, current_etag, post

pytestmark = pytest.mark.django_db

REFER = {
    "form": "misconduct_hearing",
    "referred_on": "2023-07-03",
    "rationale": "The evidence supports a hearing.",
}


@pytest.fixture
def subject(supervisor: User, northamptonshire: Force) -> Subject:
    return subject_with_case_to_answer(supervisor=supervisor, force=northamptonshire)


def refer(client: Any, subject: Subject, **extra: Any) -> Any:
    return post(
        client,
        f"/api/v1/subjects/{subject.pk}/proceedings/",
        REFER | extra,
        etag=current_etag(client, subject.case_id),
    )


@pytest.mark.parametrize("condition", ["A", "d", "ab"])
def test_a_former_officer_condition_outside_the_enum_is_422_on_its_field(
    bearer_client: Client, supervisor: User, subject: Subject, condition: str
) -> None:
    response = refer(
        bearer_client(supervisor), subject, former_officer_condition=condition
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    errors = response.json()["errors"]
    assert list(errors) == ["former_officer_condition"]
    assert f'"{condition}" is not a condition' in errors["former_officer_condition"][0]
    assert not Proceeding.objects.filter(subject=subject).exists()


def test_a_serving_officer_is_referred_with_a_blank_condition(
    bearer_client: Client, supervisor: User, subject: Subject
) -> None:
    response = refer(bearer_client(supervisor), subject, former_officer_condition="")
    assert response.status_code == 201, response.content
    assert response.json()["proceeding"]["former_officer_condition"] == ""


def test_the_schema_names_the_former_officer_conditions(
    bearer_client: Client, supervisor: User
) -> None:
    schema = bearer_client(supervisor).get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    assert components["FormerOfficerConditionOrBlank"]["enum"] == ["", "a", "b", "c"]
    reference = {"$ref": "#/components/schemas/FormerOfficerConditionOrBlank"}
    field = components["ProceedingReferInputRequest"]["properties"][
        "former_officer_condition"
    ]
    assert field["allOf"] == [reference]
    assert components["Proceeding"]["properties"]["former_officer_condition"] == (
        reference
    )
