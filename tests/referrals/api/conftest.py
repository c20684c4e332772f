"""Fixtures for the case endpoints: token clients and people a caseworker
may name as subjects.

The personas come from tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from conduct.models import Force, Person, PersonRole, User
from conduct.services.tokens import api_token_create
from tests.factories.people import make_person_with_role

Client = Callable[[User], APIClient]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bearer_client() -> Client:
    """A client that sends a fresh token of ``user`` on every request."""

    def make(user: User) -> APIClient:
        _, plaintext = api_token_create(actor=None, user=user, name="Tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
        return client

    return make


@pytest.fixture
def officer(northamptonshire: Force) -> tuple[Person, PersonRole]:
    """A Northamptonshire detective constable (visible to its PSD)."""
    return make_person_with_role(
        force=northamptonshire,
        given_names="Dana",
        family_name="Whitlow",
        rank="Detective Constable",
        identifier="NH101",
        started_on=dt.date(2008, 9, 1),
    )
