"""What schemathesis (tests/api_fuzz) found DRF letting through, now refused
or documented: pagination parameters, numbers sent as text, empty or repeated
query parameters, a replay without If-Match, and schema gaps (unknown body
fields, the Idempotency-Key format, nullable counts of the due-date answer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from conduct.api.pagination import PAGE_SIZE_INVALID
from conduct.api.serializers import EMPTY_PARAMETER, GIVEN_TWICE, NOT_TEXT
from conduct.models import User
from referrals.models import Case, IOPCReferral

pytestmark = pytest.mark.django_db

Client = Callable[[User], APIClient]
PROBLEM = "application/problem+json"
FORCES = "/api/v1/reference/forces/"
DUE_DATE = "/api/v1/calendar/due-date/"


def errors_of(response: Any, status: int) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    errors: dict[str, list[str]] = response.json()["errors"]
    return errors


@pytest.mark.parametrize("page_size", ["abc", "0", "-3", "2.5", ""])
def test_a_page_size_that_is_no_whole_number_from_1_is_422(
    bearer_client: Client, caseworker: User, page_size: str
) -> None:
    response = bearer_client(caseworker).get(f"{FORCES}?page_size={page_size}")

    assert errors_of(response, 422) == {"page_size": [PAGE_SIZE_INVALID]}


def test_a_page_size_given_twice_is_422(
    bearer_client: Client, caseworker: User
) -> None:
    response = bearer_client(caseworker).get(f"{FORCES}?page_size=2&page_size=3")

    assert errors_of(response, 422) == {"page_size": [PAGE_SIZE_INVALID]}


@pytest.mark.parametrize("query", ["cursor=", "cursor=cD1iZWRz&cursor=cD1iZWRz"])
def test_an_empty_or_repeated_cursor_is_404_like_a_forged_one(
    bearer_client: Client, caseworker: User, query: str
) -> None:
    response = bearer_client(caseworker).get(f"{FORCES}?{query}")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_a_number_where_text_is_expected_is_422(
    bearer_client: Client, caseworker: User
) -> None:
    body = {
        "force": "nhants",
        "reference": 42,
        "trigger": "recordable_conduct_matter",
        "came_to_attention_on": "2024-03-01",
        "summary": "Conduct matter.",
    }

    response = bearer_client(caseworker).post("/api/v1/cases/", body, format="json")

    assert errors_of(response, 422) == {"reference": [NOT_TEXT]}
    assert not Case.objects.exists()


def test_an_empty_query_parameter_is_422_not_left_out(
    bearer_client: Client, caseworker: User
) -> None:
    client = bearer_client(caseworker)

    due = client.get(f"{DUE_DATE}?from=2022-12-16&pattern=P1&working_days=")
    days = client.get("/api/v1/reference/non-working-days/?to=")

    assert errors_of(due, 422) == {"working_days": [EMPTY_PARAMETER]}
    assert errors_of(days, 422) == {"to": [EMPTY_PARAMETER]}


def test_a_query_parameter_given_twice_is_422(
    bearer_client: Client, caseworker: User
) -> None:
    response = bearer_client(caseworker).get(
        f"{DUE_DATE}?from=2022-12-16&pattern=P1&working_days=5&working_days=10"
    )

    assert errors_of(response, 422) == {"working_days": [GIVEN_TWICE]}


def test_an_empty_case_list_filter_is_400(
    bearer_client: Client, caseworker: User
) -> None:
    response = bearer_client(caseworker).get("/api/v1/cases/?updated_since=")

    assert errors_of(response, 400) == {"updated_since": [EMPTY_PARAMETER]}
    assert response.json()["rule"] == "filter.value"


def test_a_retry_without_if_match_is_428_not_a_replay(
    bearer_client: Client, caseworker: User, case: Case
) -> None:
    client = bearer_client(caseworker)
    url = f"/api/v1/cases/{case.pk}/referral/"
    body = {"factors": ["voluntary"], "referred_on": "2024-03-07"}
    etag = f'"case-{case.pk}-v{case.version}"'
    first = client.post(
        url, body, format="json", headers={"If-Match": etag, "Idempotency-Key": "k1"}
    )
    assert first.status_code == 201, first.content

    again = client.post(url, body, format="json", headers={"Idempotency-Key": "k1"})

    assert again.status_code == 428
    assert again["Content-Type"] == PROBLEM
    assert IOPCReferral.objects.filter(case=case).count() == 1


def test_a_due_date_by_pattern_gives_null_for_the_counts_of_other_patterns(
    bearer_client: Client, caseworker: User
) -> None:
    response = bearer_client(caseworker).get(
        f"{DUE_DATE}?from=2022-12-16&pattern=P1&working_days=10"
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["working_days"] == 10
    assert answer["months"] is None
    assert answer["calendar_days"] is None
    assert dt.date.fromisoformat(answer["due_on"]) == dt.date(2023, 1, 4)


@pytest.fixture
def schema(caseworker: User, bearer_client: Client) -> dict[str, Any]:
    response = bearer_client(caseworker).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    loaded: dict[str, Any] = response.json()
    return loaded


def test_the_schema_says_what_the_api_refuses(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    cases = schema["paths"]["/api/v1/cases/"]
    parameters = {p["name"]: p["schema"] for p in cases["get"]["parameters"]}
    create = {p["name"]: p["schema"] for p in cases["post"]["parameters"]}
    forces = schema["paths"][FORCES]["get"]

    assert components["CaseCreateInputRequest"]["additionalProperties"] is False
    assert create["Idempotency-Key"]["pattern"] == "^[\\x21-\\x7e]{1,255}$"
    assert parameters["force"]["minLength"] == 1
    assert parameters["cursor"]["minLength"] == 1
    assert parameters["page_size"] == {"type": "integer", "minimum": 1}
    assert {"404", "422"} <= set(forces["responses"])
    assert components["DueDate"]["properties"]["months"]["nullable"] is True
