from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from conduct.celery import app as celery_app
from conduct.models import User
from tests.factories.conduct import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_is_served(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_home_needs_a_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signing_in_shows_name_role_and_force(client: Client, caseworker: User) -> None:
    response = client.post(
        "/accounts/login/",
        {"username": caseworker.username, "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert caseworker.get_full_name() in content
    assert "PSD caseworker" in content
    assert "Northamptonshire Police" in content


def test_an_iopc_user_is_shown_as_iopc(client: Client, iopc_investigator: User) -> None:
    client.force_login(iopc_investigator)
    content = client.get("/").content.decode()
    assert "IOPC investigator" in content
    # The organisation slot of the identity bar names the IOPC, not a force.
    assert re.search(r'id="identity-organisation"[^>]*>\s*IOPC\s*<', content)


def test_a_wrong_password_is_an_error_on_the_form(
    client: Client, caseworker: User
) -> None:
    response = client.post(
        "/accounts/login/", {"username": caseworker.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_healthz_is_ok_when_database_and_broker_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["broker"]["status"] == "ok"


def test_healthz_names_a_broker_that_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 1 of the loopback interface.
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["broker"]
    assert body["checks"]["broker"]["status"] == "down"
    assert "Error" in body["checks"]["broker"]["error"]


def test_healthz_names_a_database_that_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenConnection:
        def cursor(self) -> Any:
            raise OperationalError("connection refused")

    monkeypatch.setattr("conduct.selectors.health.connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


def test_healthz_shows_the_last_scheduler_heartbeat(client: Client) -> None:
    from conduct.tasks import heartbeat

    heartbeat.delay(source="scheduler")  # eager in tests
    body = client.get("/healthz").json()
    assert body["scheduler"]["last_seen_at"] is not None
    assert body["scheduler"]["age_seconds"] < 60


def test_beat_schedules_the_heartbeat_that_healthz_reads() -> None:
    from django.conf import settings

    from conduct.management.commands.heartbeat_check import Command

    entry = settings.CELERY_BEAT_SCHEDULE["heartbeat"]
    parser = Command().create_parser("manage.py", "heartbeat_check")
    assert entry["kwargs"]["source"] == parser.get_default("source") == "scheduler"


def test_old_idempotency_keys_are_purged_on_schedule(caseworker: User) -> None:
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from conduct.models import IdempotencyKey
    from conduct.tasks import purge_idempotency_keys

    entry = settings.CELERY_BEAT_SCHEDULE["purge-idempotency-keys"]
    assert entry["task"] == purge_idempotency_keys.name
    now = timezone.now()
    for key, age in (("old", dt.timedelta(hours=25)), ("new", dt.timedelta(hours=1))):
        IdempotencyKey.objects.create(
            user=caseworker, key=key, fingerprint="f" * 64, created_at=now - age
        )
    assert purge_idempotency_keys.delay().get() == 1  # eager in tests
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
