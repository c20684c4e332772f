"""Fixtures for the hearings endpoints. Token clients and rate-limit reset
come from tests/referrals/api (imported, not copied); personas from
tests/conftest.py and tests/hearings/conftest.py."""

from __future__ import annotations

from tests.referrals.api.conftest import (  # noqa: F401 - fixtures
    _fresh_rate_limits,
    bearer_client,
)
