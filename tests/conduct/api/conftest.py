"""Fixtures for the API tests: clients, tokens and a case to change.

Token clients and the rate-limit reset come from tests/referrals/api
(imported, not copied); the personas from tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from referrals.models import Case
from tests.builders import Build
from tests.referrals.api.conftest import (  # noqa: F401 - fixtures
    _fresh_rate_limits,
    bearer_client,
)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def case(build: Build) -> Case:
    """A Northamptonshire conduct matter (NH/2024/0042), recorded by the
    caseworker, that came to attention on 1 March 2024."""
    return build.case(
        on=dt.date(2024, 3, 1), reference="NH/2024/0042", summary="Conduct matter."
    )
