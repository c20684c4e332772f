"""The personas of the reference cases (those of the demo walks, with the
same roles and forces) and token clients for them."""

from __future__ import annotations

import pytest

from conduct.models import Force, Role, User
from hearings.demo.reference_cases import DemoActors
from tests.factories.conduct import UserFactory
from tests.referrals.api.conftest import (  # noqa: F401 - fixtures
    _fresh_rate_limits,
    bearer_client,
)


@pytest.fixture
def actors(db: None) -> DemoActors:
    def psd(role: str, code: str) -> User:
        return UserFactory.create(role=role, forces=[Force.objects.get(code=code)])

    return DemoActors(
        caseworker=psd(Role.PSD_CASEWORKER, "nhants"),
        supervisor=psd(Role.PSD_SUPERVISOR, "nhants"),
        iopc_investigator=UserFactory.create(role=Role.IOPC_INVESTIGATOR),
        iopc_supervisor=UserFactory.create(role=Role.IOPC_SUPERVISOR),
        notts_caseworker=psd(Role.PSD_CASEWORKER, "notts"),
        notts_supervisor=psd(Role.PSD_SUPERVISOR, "notts"),
        met_supervisor=psd(Role.PSD_SUPERVISOR, "met"),
    )
