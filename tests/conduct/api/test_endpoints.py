"""The core's own endpoints: /api/v1/ itself, /me/ and the reference lists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from conduct.models import Force, User
from tests.referrals.api.helpers import walk

pytestmark = pytest.mark.django_db

FORCES = "/api/v1/reference/forces/"
STANDARDS = "/api/v1/reference/standards/"


@pytest.mark.parametrize(
    ("persona", "forces", "is_iopc"),
    [
        ("caseworker", ["nhants"], False),
        ("manager", ["nhants", "notts"], False),
        ("iopc_investigator", [], True),
        ("administrator", [], False),
    ],
)
def test_me_describes_the_tokens_user(
    request: pytest.FixtureRequest,
    bearer_client: Callable[[User], APIClient],
    persona: str,
    forces: list[str],
    is_iopc: bool,
) -> None:
    user: User = request.getfixturevalue(persona)
    response = bearer_client(user).get("/api/v1/me/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "username": user.username,
        "name": user.get_full_name(),
        "role": user.role,
        "role_display": user.get_role_display(),
        "forces": forces,
        "is_iopc": is_iopc,
    }


def test_the_root_links_to_what_a_client_starts_from(
    caseworker: User, bearer_client: Callable[[User], APIClient]
) -> None:
    client = bearer_client(caseworker)
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    links = response.json()
    assert links["cases"] == "http://testserver/api/v1/cases/"
    assert links["schema"] == "http://testserver/api/v1/schema/"
    assert links["docs"] == "http://testserver/api/v1/docs/"
    # The pages are for a signed-in browser; the calculator needs a question.
    answers = {"docs": 302, "redoc": 302, "due_date": 422}
    for name, url in links.items():
        assert client.get(url).status_code == answers.get(name, 200), name


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/me/", FORCES, STANDARDS])
def test_every_endpoint_refuses_anonymous_callers(
    api_client: APIClient, path: str
) -> None:
    response = api_client.get(path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_forces_are_listed_by_code_across_pages(
    bearer_client: Callable[[User], APIClient], caseworker: User
) -> None:
    Force.objects.filter(code="btp").update(is_active=False)
    client = bearer_client(caseworker)
    rows = walk(client, FORCES + "?page_size=7")
    expected = list(
        Force.objects.filter(is_active=True)
        .order_by("code")
        .values("code", "name", "kind", "country")
    )
    assert len(expected) > 7
    assert rows == expected
    assert "btp" not in {row["code"] for row in rows}


def test_the_first_page_links_forward_only(
    bearer_client: Callable[[User], APIClient], caseworker: User
) -> None:
    client = bearer_client(caseworker)
    first = client.get(FORCES + "?page_size=2").json()
    assert first["previous"] is None
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert second["previous"] is not None
    assert second["results"][0]["code"] > first["results"][1]["code"]


def test_page_size_has_a_default_and_a_ceiling(
    bearer_client: Callable[[User], APIClient], caseworker: User
) -> None:
    client = bearer_client(caseworker)
    assert len(client.get(FORCES).json()["results"]) == min(
        50, Force.objects.filter(is_active=True).count()
    )
    assert len(client.get(FORCES + "?page_size=9999").json()["results"]) == min(
        200, Force.objects.filter(is_active=True).count()
    )


def test_a_forged_cursor_is_a_404_problem(
    bearer_client: Callable[[User], APIClient], caseworker: User
) -> None:
    response = bearer_client(caseworker).get(FORCES + "?cursor=bm9uc2Vuc2U")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_standards_are_listed_by_number(
    bearer_client: Callable[[User], APIClient], iopc_investigator: User
) -> None:
    rows = walk(bearer_client(iopc_investigator), STANDARDS)
    assert [row["number"] for row in rows] == list(range(1, 11))
    assert set(rows[0]) == {"number", "title", "description", "heading_unverified"}


@pytest.mark.parametrize("page_size", [1, 5, 40])
def test_the_forces_list_costs_the_same_queries_at_any_page_size(
    bearer_client: Callable[[User], APIClient],
    caseworker: User,
    django_assert_num_queries: DjangoAssertNumQueries,
    page_size: int,
) -> None:
    """The token with its user, then one query for the page: nothing per row."""
    client = bearer_client(caseworker)
    client.get(FORCES)  # the first use records last_used_at
    with django_assert_num_queries(2):
        response = client.get(f"{FORCES}?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_a_token_request_costs_one_query_for_credentials(
    bearer_client: Callable[[User], APIClient],
    caseworker: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = bearer_client(caseworker)
    client.get(STANDARDS)  # records last use
    with django_assert_num_queries(2):
        response = client.get(STANDARDS + "?page_size=10")
    assert len(response.json()["results"]) == 10


def test_me_costs_two_queries_with_a_token(
    bearer_client: Callable[[User], APIClient],
    manager: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    client = bearer_client(manager)
    client.get("/api/v1/me/")
    with django_assert_num_queries(2):
        assert client.get("/api/v1/me/").json()["forces"] == ["nhants", "notts"]
