"""The dashboard over the API: the same figures as the page, its filters
refused with the errors per parameter."""

from __future__ import annotations

from typing import Any

import pytest

from conduct.models import User
from tests.builders import Build
from tests.referrals.api.conftest import Client

pytestmark = pytest.mark.django_db

ALL_OF_IT = {"period_start": "2023-01-01"}


def test_the_api_answers_the_same_figures_and_refuses_bad_filters(
    build: Build, bearer_client: Client, manager: User
) -> None:
    build.case()
    client = bearer_client(manager)
    answer = client.get("/api/v1/dashboards/", ALL_OF_IT)
    assert answer.status_code == 200, answer.content
    body: dict[str, Any] = answer.json()
    tables = {table["key"]: table for table in body["tables"]}
    total = next(r for r in tables["open_cases"]["rows"] if r["key"] == "total")
    assert total["values"][-1] == 1
    refused = client.get("/api/v1/dashboards/", {"mode": "sideways"})
    assert refused.status_code == 422
    assert "mode" in refused.json()["errors"]
    unknown = client.get("/api/v1/dashboards/", {"stauts": "open"})
    assert unknown.status_code == 400
    assert unknown.json()["rule"] == "filter.unknown"


def test_an_empty_value_is_refused_not_read_as_no_filter(
    bearer_client: Client, manager: User
) -> None:
    answer = bearer_client(manager).get("/api/v1/dashboards/", {"trigger": ""})
    assert answer.status_code == 422
    assert answer.json()["errors"] == {
        "trigger": ["Give a value, or leave the parameter out."]
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("caseworker", (200, 1)),
        ("outsider", (200, 0)),
        ("iopc_investigator", (200, 0)),
        ("manager", (200, 1)),
        ("administrator", (403, None)),
    ],
)
def test_each_persona_reads_the_figures_of_the_cases_they_may_see(
    build: Build,
    bearer_client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    expected: tuple[int, int | None],
) -> None:
    """A Northamptonshire case not referred to the IOPC: its own force's
    users count it, Nottinghamshire's and the IOPC's do not, an
    administrator reads no figures at all."""
    status, open_cases = expected
    build.case()
    user = request.getfixturevalue(persona)
    answer = bearer_client(user).get("/api/v1/dashboards/", ALL_OF_IT)
    assert answer.status_code == status, answer.content
    if open_cases is not None:
        tables = {table["key"]: table for table in answer.json()["tables"]}
        total = next(r for r in tables["open_cases"]["rows"] if r["key"] == "total")
        assert total["values"][-1] == open_cases


def test_the_annual_return_answers_the_pages_figures(
    build: Build, bearer_client: Client, manager: User
) -> None:
    """A 2020-rules hearing finalised on 4 September 2023 is in the year to
    31 March 2024: the API counts it as the printable page does."""
    outcome = build.decided()
    client = bearer_client(manager)
    answer = client.get("/api/v1/dashboards/annual-return/", {"year": "2024"})
    assert answer.status_code == 200, answer.content
    body: dict[str, Any] = answer.json()
    assert body["year"] == 2024
    assert (body["period_start"], body["period_end"]) == ("2023-04-01", "2024-03-31")
    assert body["individuals"] == 1
    tables = {table["key"]: table for table in body["tables"]}
    route = tables["return_route"]
    row = next(r for r in route["rows"] if r["key"] == outcome.subject.case.trigger)
    assert row["values"][route["columns"].index("Police officers") - 1] == 1
    earlier = client.get("/api/v1/dashboards/annual-return/", {"year": "2023"})
    assert earlier.json()["individuals"] == 0


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"year": "2090"}, 422, "year"),
        ({"year": "twenty"}, 422, "year"),
        ({"year": ""}, 422, "year"),
        ({"force": "ZZ"}, 422, "force"),
        ({"period_start": "2023-01-01"}, 400, "period_start"),
    ],
)
def test_the_annual_return_refuses_what_it_cannot_read(
    bearer_client: Client,
    manager: User,
    query: dict[str, str],
    status: int,
    field: str,
) -> None:
    answer = bearer_client(manager).get("/api/v1/dashboards/annual-return/", query)
    assert answer.status_code == status, answer.content
    assert field in answer.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("caseworker", (200, 1)),
        ("outsider", (200, 0)),
        ("manager", (200, 1)),
        ("administrator", (403, None)),
    ],
)
def test_each_persona_reads_the_return_of_the_cases_they_may_see(
    build: Build,
    bearer_client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    expected: tuple[int, int | None],
) -> None:
    status, individuals = expected
    build.decided()
    user = request.getfixturevalue(persona)
    answer = bearer_client(user).get(
        "/api/v1/dashboards/annual-return/", {"year": "2024"}
    )
    assert answer.status_code == status, answer.content
    if individuals is not None:
        assert answer.json()["individuals"] == individuals
