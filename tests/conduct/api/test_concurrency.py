"""ETag/If-Match on writes to a case, and Idempotency-Key on POSTs."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from conduct.api.concurrency import make_etag, parse_entity_tags
from conduct.models import IdempotencyKey, User
from conduct.services.tokens import idempotency_keys_purge
from referrals.models import Case
from tests.assertions import api_refused
from tests.conduct.api import views
from tests.conduct.api.views import notes_count

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.conduct.api.urls")]

PROBLEM = "application/problem+json"
NOTES = "/api/v1/test/notes/"


def reference_url(case: Case) -> str:
    return f"/api/v1/test/cases/{case.pk}/iopc-reference/"


@pytest.fixture
def client(caseworker: User, bearer_client: Callable[[User], APIClient]) -> APIClient:
    return bearer_client(caseworker)


# ---------------------------------------------------------------- ETags


def test_etags_are_strong_and_name_type_pk_and_version() -> None:
    assert make_etag("case", 42, 7) == '"case-42-v7"'
    assert make_etag("allegation", 9, 7) == '"allegation-9-v7"'


def test_entity_tags_are_parsed_with_their_weakness() -> None:
    assert parse_entity_tags('"a", W/"b" ,*') == ['"a"', 'W/"b"', "*"]


def test_a_write_with_the_current_etag_succeeds_and_gets_the_next_one(
    client: APIClient, case: Case
) -> None:
    response = client.post(
        reference_url(case),
        {"iopc_reference": "2024/012345"},
        format="json",
        HTTP_IF_MATCH=make_etag("case", case.pk, case.version),
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.iopc_reference == "2024/012345"
    assert case.version == 2
    assert response["ETag"] == f'"case-{case.pk}-v2"'


def test_one_of_several_etags_may_match(client: APIClient, case: Case) -> None:
    response = client.post(
        reference_url(case),
        {"iopc_reference": "2024/012345"},
        format="json",
        HTTP_IF_MATCH=f'"case-{case.pk}-v0", "case-{case.pk}-v1"',
    )
    assert response.status_code == 200


def test_a_write_without_if_match_is_428(client: APIClient, case: Case) -> None:
    response = client.post(
        reference_url(case), {"iopc_reference": "2024/012345"}, format="json"
    )
    assert response.status_code == 428
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/problems/precondition-required")
    assert "If-Match" in body["detail"]
    case.refresh_from_db()
    assert case.iopc_reference == ""


def test_if_match_star_is_not_enough(client: APIClient, case: Case) -> None:
    response = client.post(
        reference_url(case),
        {"iopc_reference": "2024/012345"},
        format="json",
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 428


@pytest.mark.parametrize("stale", ['"case-{pk}-v0"', 'W/"case-{pk}-v1"', '"junk"'])
def test_a_write_with_a_stale_or_weak_etag_is_412(
    client: APIClient, case: Case, stale: str
) -> None:
    response = client.post(
        reference_url(case),
        {"iopc_reference": "2024/012345"},
        format="json",
        HTTP_IF_MATCH=stale.format(pk=case.pk),
    )
    assert response.status_code == 412
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/problems/precondition-failed")
    assert body["rule"] == "case.version"
    assert "version 1" in body["detail"]
    case.refresh_from_db()
    assert case.iopc_reference == ""
    assert case.version == 1


def test_the_second_of_two_writes_from_one_copy_is_412(
    client: APIClient, case: Case
) -> None:
    etag = make_etag("case", case.pk, case.version)
    first = client.post(
        reference_url(case),
        {"iopc_reference": "A/1"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    second = client.post(
        reference_url(case),
        {"iopc_reference": "B/2"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert (first.status_code, second.status_code) == (200, 412)
    case.refresh_from_db()
    assert case.iopc_reference == "A/1"


def test_if_match_is_checked_after_access(
    bearer_client: Callable[[User], APIClient], outsider: User, case: Case
) -> None:
    """Someone who cannot see the case learns nothing from its ETag: 404."""
    response = bearer_client(outsider).post(
        reference_url(case), {"iopc_reference": "X"}, format="json"
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- idempotency


def post_note(client: APIClient, body: dict[str, Any], key: str | None) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(NOTES, body, format="json", headers=headers)


def test_a_retried_post_returns_the_first_response_and_acts_once(
    client: APIClient,
) -> None:
    first = post_note(client, {"text": "hello"}, "6f1c1a52-key")
    retry = post_note(client, {"text": "hello"}, "6f1c1a52-key")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Location"] == first["Location"]
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert notes_count("hello") == 1


def test_without_a_key_every_post_acts(client: APIClient) -> None:
    post_note(client, {"text": "hello"}, None)
    post_note(client, {"text": "hello"}, None)
    assert notes_count("hello") == 2
    assert not IdempotencyKey.objects.exists()


def test_the_same_key_with_another_body_is_422(client: APIClient) -> None:
    post_note(client, {"text": "hello"}, "k-1")
    response = post_note(client, {"text": "goodbye"}, "k-1")
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/problems/idempotency-key-reused")
    assert body["rule"] == "idempotency_key.reused"
    assert notes_count("goodbye") == 0


def test_keys_belong_to_their_user(
    client: APIClient, supervisor: User, bearer_client: Callable[[User], APIClient]
) -> None:
    post_note(client, {"text": "hello"}, "shared")
    other = post_note(bearer_client(supervisor), {"text": "hello"}, "shared")
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert notes_count("hello") == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "with space", "naïve"])
def test_a_malformed_key_is_400(client: APIClient, key: str) -> None:
    response = post_note(client, {"text": "hello"}, key)
    api_refused(response, 400, rule="idempotency_key.format")
    assert notes_count("hello") == 0


def test_a_failed_request_keeps_nothing_and_may_be_retried(client: APIClient) -> None:
    invalid = post_note(client, {"text": ""}, "k-2")
    assert invalid.status_code == 422
    refused = post_note(client, {"text": "refuse"}, "k-3")
    assert refused.status_code == 409
    assert notes_count("refuse") == 0  # acted, then undone
    assert not IdempotencyKey.objects.exists()
    assert post_note(client, {"text": "fixed"}, "k-2").status_code == 201
    assert notes_count("fixed") == 1


def test_keys_expire_after_24_hours(client: APIClient) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        post_note(client, {"text": "hello"}, "k-4")
    with time_machine.travel(start + dt.timedelta(hours=23, minutes=59), tick=False):
        assert "Idempotent-Replayed" in post_note(client, {"text": "hello"}, "k-4")
    with time_machine.travel(start + dt.timedelta(hours=24, seconds=1), tick=False):
        again = post_note(client, {"text": "other"}, "k-4")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert notes_count("hello") == notes_count("other") == 1


def test_the_purge_deletes_only_expired_keys(client: APIClient) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        post_note(client, {"text": "old"}, "k-old")
    with time_machine.travel(start + dt.timedelta(hours=12), tick=False):
        post_note(client, {"text": "new"}, "k-new")
    assert idempotency_keys_purge(now=start + dt.timedelta(hours=25)) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["k-new"]


@pytest.fixture
def slow_handler() -> Iterator[threading.Event]:
    """Makes the first request pause after acting, holding its transaction."""
    acted = threading.Event()
    first = threading.Lock()

    def pause() -> None:
        if first.acquire(blocking=False):
            acted.set()
            threading.Event().wait(0.5)

    views.AFTER_ACTING.append(pause)
    yield acted
    views.AFTER_ACTING.remove(pause)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_identical_posts_act_once(
    caseworker: User,
    bearer_client: Callable[[User], APIClient],
    slow_handler: threading.Event,
) -> None:
    """The second arrives while the first holds its key row (uncommitted):
    its insert waits on the unique index, then it replays the first's
    response instead of acting."""
    clients = {"first": bearer_client(caseworker), "second": bearer_client(caseworker)}
    responses: dict[str, Any] = {}

    def send(name: str) -> None:
        try:
            responses[name] = post_note(clients[name], {"text": "race"}, "k-race")
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert slow_handler.wait(timeout=10)
    second = threading.Thread(target=send, args=("second",))
    second.start()
    first.join(timeout=20)
    second.join(timeout=20)
    assert responses["first"].status_code == responses["second"].status_code == 201
    assert responses["second"].json() == responses["first"].json()
    assert responses["second"]["Idempotent-Replayed"] == "true"
    assert notes_count("race") == 1
