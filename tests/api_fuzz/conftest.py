"""Fixtures for the schemathesis run: a gunicorn server on the test
database, the data, and the persona whose token the requests carry.

The operations run persona by persona (``persona`` is module-scoped, so
pytest groups the tests by it): the database is emptied and loaded afresh
for each, so every persona meets the same data whatever ran before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pytest_django import DjangoDbBlocker

from conduct.models import User
from conduct.services.tokens import api_token_create
from tests.api_fuzz.aim import Aim
from tests.api_fuzz.data import load_fuzz_data, reset_database
from tests.api_fuzz.server import Server, start_server

#: Demo usernames: a PSD caseworker in Northamptonshire (reference cases A
#: and C, and the fresh case) and an IOPC investigator (the cases referred
#: to the IOPC: B, C and the fresh case).
PERSONAS = ("caseworker", "iopc.investigator")


@dataclass(frozen=True)
class Persona:
    user: User
    token: str


@pytest.fixture(scope="module")
def fuzz_database(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    """Database access for the whole module, committed as it goes (the
    server is another process); afterwards every table is emptied and what
    the data migrations load is put back, as other tests expect."""
    with django_db_blocker.unblock():
        yield
        reset_database()


@pytest.fixture(scope="module")
def server(
    fuzz_database: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("api-fuzz") / "gunicorn.log"
    running = start_server(log)
    yield running
    running.stop()


@pytest.fixture(scope="module", params=PERSONAS)
def persona(request: pytest.FixtureRequest, fuzz_database: None) -> Persona:
    reset_database()
    load_fuzz_data()
    user = User.objects.get(username=request.param)
    _, token = api_token_create(actor=None, user=user, name="schemathesis")
    return Persona(user=user, token=token)


@pytest.fixture
def aim(persona: Persona) -> Aim:
    return Aim(user=persona.user)
