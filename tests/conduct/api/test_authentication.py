"""Bearer tokens and sessions on the API: who gets in, and how refusals look."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from conduct.api.authentication import (
    EXPIRED_TOKEN,
    INACTIVE_USER,
    MALFORMED_HEADER,
    REVOKED_TOKEN,
    UNKNOWN_TOKEN,
)
from conduct.models import User
from conduct.services.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
PROBLEM = "application/problem+json"
UPDATE_TOKEN = 'UPDATE "conduct_apitoken"'


def bearer(plaintext: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plaintext}"}


def assert_refused(response: Any, detail: str, *, invalid_token: bool) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 401
    assert body["detail"] == detail
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="api"')
    assert ('error="invalid_token"' in challenge) is invalid_token


def test_a_token_authenticates_as_its_user(
    api_client: APIClient, iopc_investigator: User
) -> None:
    _, plaintext = api_token_create(actor=None, user=iopc_investigator, name="T")
    response = api_client.get(ME, headers=bearer(plaintext))
    assert response.status_code == 200
    assert response.json()["username"] == iopc_investigator.username


def test_no_credentials_is_401_with_a_bearer_challenge(api_client: APIClient) -> None:
    response = api_client.get(ME)
    assert_refused(
        response, "Authentication credentials were not provided.", invalid_token=False
    )
    assert response.json()["type"].endswith("/problems/not-authenticated")


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Bearer", MALFORMED_HEADER),
        ("Bearer a b", MALFORMED_HEADER),
        ("Bearer not-one-of-ours", UNKNOWN_TOKEN),
        ("Bearer cnd_" + "x" * 43, UNKNOWN_TOKEN),
        ("bearer cnd_", UNKNOWN_TOKEN),
    ],
)
def test_bad_bearer_headers_are_401_invalid_token(
    api_client: APIClient, header: str, detail: str
) -> None:
    response = api_client.get(ME, HTTP_AUTHORIZATION=header)
    assert_refused(response, detail, invalid_token=True)
    assert response.json()["type"].endswith("/problems/authentication-failed")


def test_an_expired_token_is_refused(api_client: APIClient, caseworker: User) -> None:
    _, plaintext = api_token_create(
        actor=None, user=caseworker, name="T", expires_in_days=1
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        response = api_client.get(ME, headers=bearer(plaintext))
    assert_refused(response, EXPIRED_TOKEN, invalid_token=True)


def test_a_revoked_token_is_refused(api_client: APIClient, caseworker: User) -> None:
    token, plaintext = api_token_create(actor=None, user=caseworker, name="T")
    assert api_client.get(ME, headers=bearer(plaintext)).status_code == 200
    api_token_revoke(actor=caseworker, token=token)
    assert_refused(
        api_client.get(ME, headers=bearer(plaintext)), REVOKED_TOKEN, invalid_token=True
    )


def test_an_inactive_users_token_is_refused(
    api_client: APIClient, caseworker: User
) -> None:
    _, plaintext = api_token_create(actor=None, user=caseworker, name="T")
    User.objects.filter(pk=caseworker.pk).update(is_active=False)
    assert_refused(
        api_client.get(ME, headers=bearer(plaintext)), INACTIVE_USER, invalid_token=True
    )


def test_a_bad_token_is_refused_even_with_a_session(
    api_client: APIClient, caseworker: User
) -> None:
    api_client.force_login(caseworker)
    response = api_client.get(ME, HTTP_AUTHORIZATION="Bearer cnd_wrong")
    assert_refused(response, UNKNOWN_TOKEN, invalid_token=True)


def test_last_used_is_recorded_at_most_once_a_minute(
    api_client: APIClient, caseworker: User
) -> None:
    token, plaintext = api_token_create(actor=None, user=caseworker, name="T")
    start = dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC)

    def get_at(moment: dt.datetime) -> list[str]:
        with (
            time_machine.travel(moment, tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            assert api_client.get(ME, headers=bearer(plaintext)).status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    first = get_at(start)
    token.refresh_from_db()
    assert token.last_used_at == start
    assert sum(UPDATE_TOKEN in sql for sql in first) == 1

    soon = get_at(start + dt.timedelta(seconds=59))
    token.refresh_from_db()
    assert token.last_used_at == start
    assert not any(UPDATE_TOKEN in sql for sql in soon)
    assert len(soon) == len(first) - 1

    later = get_at(start + dt.timedelta(seconds=61))
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)
    assert sum(UPDATE_TOKEN in sql for sql in later) == 1


def test_a_signed_in_browser_uses_its_session(
    api_client: APIClient, supervisor: User
) -> None:
    api_client.force_login(supervisor)
    response = api_client.get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == supervisor.username


def test_a_session_write_without_csrf_token_is_refused(
    caseworker: User, bearer_client: Callable[[User], APIClient]
) -> None:
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(caseworker)
    response = browser.post(ME, {}, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert "CSRF" in response.json()["detail"]
    # A token needs no CSRF token: it is not sent by the browser on its own.
    assert bearer_client(caseworker).post(ME, {}, format="json").status_code == 405
