"""Every error the API gives is RFC 9457 problem+json, with the right status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from conduct.api.throttling import ApiRateThrottle
from conduct.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.conduct.api.urls")]

PROBLEM = "application/problem+json"
NOTES = "/api/v1/test/notes/"


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    """The problem body, after checking the envelope every problem shares."""
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"] == f"https://conduct.invalid/problems/{slug}"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


@pytest.fixture
def client(caseworker: User, bearer_client: Callable[[User], APIClient]) -> APIClient:
    return bearer_client(caseworker)


def test_malformed_json_is_400(client: APIClient) -> None:
    response = client.generic(
        "POST", NOTES, '{"text": "a",', content_type="application/json"
    )
    body = problem(response, 400, "malformed-body")
    assert body["detail"].startswith("JSON parse error")
    assert body["instance"] == NOTES


def test_a_body_that_is_not_an_object_is_400(client: APIClient) -> None:
    response = client.post(NOTES, ["text"], format="json")
    body = problem(response, 400, "malformed-body")
    assert body["errors"] == {"non_field_errors": ["Expected a JSON object."]}


def test_unknown_fields_are_400_and_listed(client: APIClient) -> None:
    response = client.post(
        NOTES, {"text": "a", "txet": "b", "colour": "red"}, format="json"
    )
    body = problem(response, 400, "unknown-fields")
    assert body["errors"] == {"colour": ["Unknown field."], "txet": ["Unknown field."]}
    assert body["detail"] == "This endpoint does not accept: colour, txet."


def test_invalid_values_are_422_with_errors_per_field(client: APIClient) -> None:
    response = client.post(NOTES, {"text": "", "count": "many"}, format="json")
    body = problem(response, 422, "invalid-values")
    assert body["errors"] == {
        "count": ["A valid integer is required."],
        "text": ["This field may not be blank."],
    }
    assert body["detail"] == "2 fields have invalid values."


def test_a_missing_field_is_422(client: APIClient) -> None:
    body = problem(client.post(NOTES, {}, format="json"), 422, "invalid-values")
    assert body["errors"] == {"text": ["This field is required."]}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/no-such-thing/"),
        ("post", "/api/v1/no-such-thing/"),
        ("delete", "/api/v1/me/extra/"),
        ("get", "/api/v2/me/"),
        ("get", "/api/"),
    ],
)
def test_unknown_addresses_under_api_are_404_problems(
    api_client: APIClient, method: str, path: str
) -> None:
    """Even unauthenticated, and for unsafe methods without a CSRF token."""
    response = getattr(api_client, method)(path)
    body = problem(response, 404, "not-found")
    assert body["instance"] == path
    assert "<html" not in response.content.decode()


def test_a_missing_slash_is_a_404_that_says_so(client: APIClient) -> None:
    body = problem(client.get("/api/v1/me"), 404, "not-found")
    assert "Did you mean /api/v1/me/ (with a slash)?" in body["detail"]


def test_pages_outside_the_api_keep_html_404s(client: APIClient) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_method_not_allowed_is_405_with_allow(client: APIClient) -> None:
    response = client.delete("/api/v1/me/")
    problem(response, 405, "method-not-allowed")
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_body_that_is_not_json_is_415(client: APIClient) -> None:
    response = client.generic("POST", NOTES, "text=a", content_type="text/plain")
    body = problem(response, 415, "unsupported-media-type")
    assert "text/plain" in body["detail"]


def test_form_bodies_are_415_too(client: APIClient) -> None:
    response = client.post(NOTES, {"text": "a"}, format="multipart")
    problem(response, 415, "unsupported-media-type")


def test_an_unsatisfiable_accept_is_406(client: APIClient) -> None:
    response = client.get("/api/v1/me/", HTTP_ACCEPT="text/html")
    problem(response, 406, "not-acceptable")


def test_throttled_requests_are_429_with_retry_after(
    client: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ApiRateThrottle.THROTTLE_RATES, "api", "2/minute")
    assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    response = client.get("/api/v1/me/")
    body = problem(response, 429, "throttled")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Expected available in" in body["detail"]


def test_each_token_has_its_own_budget(
    caseworker: User,
    bearer_client: Callable[[User], APIClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(ApiRateThrottle.THROTTLE_RATES, "api", "1/minute")
    first, second = bearer_client(caseworker), bearer_client(caseworker)
    assert first.get("/api/v1/me/").status_code == 200
    assert first.get("/api/v1/me/").status_code == 429
    assert second.get("/api/v1/me/").status_code == 200


def test_sessions_are_limited_per_user(
    caseworker: User, supervisor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ApiRateThrottle.THROTTLE_RATES, "api", "1/minute")
    browser, other_tab, colleague = APIClient(), APIClient(), APIClient()
    browser.force_login(caseworker)
    other_tab.force_login(caseworker)
    colleague.force_login(supervisor)
    assert browser.get("/api/v1/me/").status_code == 200
    assert other_tab.get("/api/v1/me/").status_code == 429
    assert colleague.get("/api/v1/me/").status_code == 200


def test_a_domain_refusal_is_409_naming_the_rule(client: APIClient) -> None:
    body = problem(client.get("/api/v1/test/raise/refused/"), 409, "refused")
    assert body["rule"] == "case.closed"
    assert body["detail"] == "A closed case cannot be closed."


def test_not_permitted_is_403_naming_the_rule(client: APIClient) -> None:
    body = problem(
        client.get("/api/v1/test/raise/not-permitted/"), 403, "not-permitted"
    )
    assert body["rule"] == "role"


def test_a_stale_version_from_a_service_is_412(client: APIClient) -> None:
    body = problem(client.get("/api/v1/test/raise/stale/"), 412, "precondition-failed")
    assert body["rule"] == "case.version"
    assert "version 7" in body["detail"]


def test_a_django_validation_error_is_422(client: APIClient) -> None:
    body = problem(
        client.get("/api/v1/test/raise/django-validation/"), 422, "invalid-values"
    )
    assert body["errors"] == {"closed_on": ["Enter a valid date."]}


def test_a_crash_is_a_500_problem_without_internals(client: APIClient) -> None:
    client.raise_request_exception = False
    response = client.get("/api/v1/test/raise/crash/")
    problem(response, 500, "server-error")
    text = response.content.decode()
    assert "secret internals" not in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text
