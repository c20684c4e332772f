"""Small helpers for driving the case endpoints as a client would."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

PROBLEM = "application/problem+json"
CASES = "/api/v1/cases/"


def case_url(case_id: int) -> str:
    return f"{CASES}{case_id}/"


def current_etag(client: APIClient, case_id: int) -> str:
    """The case's ETag, as a client gets it: GET the case."""
    response = client.get(case_url(case_id))
    assert response.status_code == 200, response.content
    etag: str = response["ETag"]
    return etag


def post(
    client: APIClient,
    url: str,
    body: Any,
    *,
    etag: str | None = None,
    key: str | None = None,
) -> Any:
    headers: dict[str, str] = {}
    if etag is not None:
        headers["If-Match"] = etag
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(url, body, format="json", headers=headers)


def step(
    client: APIClient, url: str, body: Any, *, case_id: int, status: int = 201
) -> dict[str, Any]:
    """POST a lifecycle step with the case's current ETag; assert it worked
    and that the answer carries the case's next ETag."""
    etag = current_etag(client, case_id)
    response = post(client, url, body, etag=etag)
    assert response.status_code == status, response.content
    data: dict[str, Any] = response.json()
    assert response["ETag"] == f'"case-{case_id}-v{data["case"]["version"]}"'
    assert response["ETag"] != etag
    return data
