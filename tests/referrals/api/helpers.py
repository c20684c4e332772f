"""Small helpers for driving the endpoints as a client would: a token
client, the case's ETag, a POST with its headers, a lifecycle step, and the
checks every action shares (404 out of scope, 403 for a manager, 412 on a
stale and 428 on a missing If-Match, each writing nothing)."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from conduct.models import User
from conduct.services.tokens import api_token_create
from referrals.models import Case
from tests.assertions import api_refused, nothing_written

PROBLEM = "application/problem+json"
CASES = "/api/v1/cases/"


def token_client(user: User) -> APIClient:
    """A client that sends a fresh token of ``user`` on every request."""
    _, plaintext = api_token_create(actor=None, user=user, name="Tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


def case_url(case_id: int) -> str:
    return f"{CASES}{case_id}/"


def case_etag(case: Case | int, *, behind: int = 0) -> str:
    """The case's ETag as it stands (``behind`` versions ago), from the
    database."""
    pk = case.pk if isinstance(case, Case) else case
    version = Case.objects.values_list("version", flat=True).get(pk=pk)
    return f'"case-{pk}-v{version - behind}"'


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


def out_of_scope(client: APIClient, url: str, body: Any, *, case: Case) -> None:
    """An action on a case the caller may not see is 404 (whatever the
    If-Match), and writes nothing."""
    with nothing_written(case):
        api_refused(post(client, url, body, etag=case_etag(case)), 404)


def read_only(client: APIClient, url: str, body: Any, *, case: Case) -> None:
    """The caller reads the case, but its action is 403 (rule ``role``) and
    writes nothing."""
    assert client.get(case_url(case.pk)).status_code == 200
    with nothing_written(case):
        response = post(client, url, body, etag=case_etag(case))
        api_refused(response, 403, rule="role")


def if_match_required(client: APIClient, url: str, body: Any, *, case: Case) -> None:
    """The action is 412 (rule ``case.version``) on a stale If-Match and 428
    without one, and writes nothing."""
    with nothing_written(case):
        stale = post(client, url, body, etag=case_etag(case, behind=1))
        api_refused(stale, 412, rule="case.version")
        api_refused(post(client, url, body), 428)
