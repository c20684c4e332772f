"""Fixtures for the case endpoints: token clients, people a caseworker may
name as subjects, and a case under investigation with a notice served.

The personas come from tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from conduct.models import Force, Person, PersonRole, User
from referrals.models import Notice
from tests.builders import Build
from tests.factories.people import make_person_with_role
from tests.referrals.api.helpers import token_client

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
    return token_client


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


@pytest.fixture
def notice(build: Build, officer: tuple[Person, PersonRole]) -> Notice:
    """The written notice served on ``officer``, the one subject of a
    Northamptonshire conduct matter (NH/2024/0042, came to attention on 1
    March 2024) with one allegation under Standard 1, assessed as misconduct
    on 4 March, under a force investigation opened on 5 March; served on 6
    March (which opened the response clock)."""
    _, role = officer
    return build.noticed(
        on=dt.date(2024, 3, 1),
        reference="NH/2024/0042",
        role=role,
        severity="misconduct",
        assessed_on=dt.date(2024, 3, 4),
        opened_on=dt.date(2024, 3, 5),
        served_on=dt.date(2024, 3, 6),
        content="You are under investigation for possible misconduct.",
    )
