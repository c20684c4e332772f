"""Fixtures for the API tests: clients, tokens and a case to change.

The personas come from tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from conduct.models import Force, User
from conduct.services.tokens import api_token_create
from referrals.models import Case
from referrals.services.cases import case_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def bearer_client() -> Callable[[User], APIClient]:
    """A client that sends a fresh token of ``user`` on every request."""

    def make(user: User) -> APIClient:
        _, plaintext = api_token_create(actor=None, user=user, name="Tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
        return client

    return make


@pytest.fixture
def case(caseworker: User, northamptonshire: Force) -> Case:
    return case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/2024/0042",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2024, 3, 1),
        summary="Conduct matter.",
    )
