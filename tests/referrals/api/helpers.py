"""Small helpers for driving the endpoints as a client would: a token
client, the case's ETag, a POST with its headers, a lifecycle step, and the
checks every action shares (404 out of scope, 403 for a manager, 412 on a
stale and 428 on a missing If-Match, each writing nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import pytest
from rest_framework.test import APIClient

from conduct.models import User
from conduct.services.tokens import api_token_create
from referrals.models import Case, Subject
from tests.assertions import api_refused, nothing_written

PROBLEM = "application/problem+json"
API = "/api/v1"
CASES = f"{API}/cases/"


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


def walk(client: APIClient, url: str) -> list[dict[str, Any]]:
    """Every row of a cursor-paginated list, following ``next``."""
    rows: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200
        page = response.json()
        assert set(page) == {"next", "previous", "results"}
        rows.extend(page["results"])
        next_url = page["next"]
    return rows


@dataclass(frozen=True)
class OnSubject:
    """A subject's case the tests act on: :meth:`address` fills an address
    under /api/v1 with the ids :meth:`ids` names (the case's and the
    subject's, and whatever a subclass adds)."""

    case: Case
    subject: Subject

    @property
    def etag(self) -> str:
        return case_etag(self.case)

    def ids(self) -> dict[str, int]:
        return {"case": self.case.pk, "subject": self.subject.pk}

    def address(self, template: str) -> str:
        return API + template.format(**self.ids())


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


#: How an action is refused: ``refusal(client, url, body, case=case)``.
Refusal = Callable[..., None]


def action_refusals(
    *, acting: str, out_of_scope_to: tuple[str, ...] = ("outsider",)
) -> pytest.MarkDecorator:
    """Parametrize a test over the refusals every action on a case gives:
    404 to each persona ``out_of_scope_to``, 403 to the manager who reads
    it, and 412/428 to ``acting`` (who may act) on a stale or missing
    If-Match. The test takes ``persona`` (a fixture's name) and ``refusal``."""
    rows: list[tuple[str, Refusal]] = [
        *((persona, out_of_scope) for persona in out_of_scope_to),
        ("manager", read_only),
        (acting, if_match_required),
    ]
    return pytest.mark.parametrize(
        ("persona", "refusal"),
        rows,
        ids=[f"{persona}-{refusal.__name__}" for persona, refusal in rows],
    )


#: An action on a case: (name, address template, a well-formed body).
Action = tuple[str, str, dict[str, Any]]


class Addressed(Protocol):
    """A case the tests act on, and the addresses of its objects."""

    @property
    def case(self) -> Case: ...

    def address(self, template: str) -> str: ...


def every_action_refused(
    fixture: str,
    actions: list[Action],
    *,
    acting: str,
    out_of_scope_to: tuple[str, ...] = ("outsider",),
    body_for: Callable[[Any, str, dict[str, Any]], dict[str, Any]] | None = None,
) -> Callable[..., None]:
    """The test that each of ``actions`` on the case of ``fixture`` (an
    :class:`Addressed`) is refused to whoever may not take it (see
    :func:`action_refusals`), with the body ``body_for(addressed, name,
    body)`` gives when given. Bind it to a ``test_`` name in the module."""

    @pytest.mark.parametrize("action", actions, ids=[name for name, _, _ in actions])
    @action_refusals(acting=acting, out_of_scope_to=out_of_scope_to)
    def test(
        request: pytest.FixtureRequest, action: Action, persona: str, refusal: Refusal
    ) -> None:
        addressed: Addressed = request.getfixturevalue(fixture)
        name, template, body = action
        if body_for is not None:
            body = body_for(addressed, name, body)
        client = token_client(request.getfixturevalue(persona))
        refusal(client, addressed.address(template), body, case=addressed.case)

    return test
