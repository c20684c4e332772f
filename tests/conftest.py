"""Shared fixtures: named personas and the broker rule.

Personas (each sees only what its comment says):
- caseworker: PSD caseworker in Northamptonshire; Northamptonshire's cases.
- supervisor: PSD supervisor in Northamptonshire; the same cases, and decides.
- iopc_investigator: IOPC, no force; cases referred to the IOPC.
- iopc_supervisor: IOPC, no force; the same cases, and decides for the
  Director General.
- manager: read-only dashboards for Northamptonshire and Nottinghamshire.
- administrator: system administrator; users and reference data.
- outsider: PSD caseworker in Nottinghamshire; none of Northamptonshire's cases.
- notts_supervisor: PSD supervisor in Nottinghamshire; the outsider's cases.
- met_supervisor: PSD supervisor in the Metropolitan Police Service (``met``).

``build`` makes Northamptonshire cases in any state of their lifecycle,
through the real services, acted by these personas (tests/builders.py).
``pages`` reads pages as these personas (tests/pages.py); ``media`` stores
uploaded files in a folder of the test's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from conduct.models import Force, Role, User
from tests.builders import Build
from tests.factories.conduct import UserFactory
from tests.pages import Pages

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
HAS_REDIS = bool(os.environ.get("REDIS_URL", "").strip())


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and not HAS_REDIS:
        raise pytest.UsageError(
            "CI=true but REDIS_URL is not set: the broker tests must run in CI. "
            "Start Redis and export REDIS_URL (see .ci/run)."
        )


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    if HAS_REDIS:
        return
    skip = pytest.mark.skip(
        reason="needs a real Redis broker: set REDIS_URL (CI always does)"
    )
    for item in items:
        if "broker" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def northamptonshire(db: None) -> Force:
    return Force.objects.get(code="nhants")


@pytest.fixture
def nottinghamshire(db: None) -> Force:
    return Force.objects.get(code="notts")


@pytest.fixture
def caseworker(northamptonshire: Force) -> User:
    return UserFactory.create(role=Role.PSD_CASEWORKER, forces=[northamptonshire])


@pytest.fixture
def supervisor(northamptonshire: Force) -> User:
    return UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[northamptonshire])


@pytest.fixture
def iopc_investigator(db: None) -> User:
    return UserFactory.create(role=Role.IOPC_INVESTIGATOR)


@pytest.fixture
def iopc_supervisor(db: None) -> User:
    return UserFactory.create(role=Role.IOPC_SUPERVISOR)


@pytest.fixture
def manager(northamptonshire: Force, nottinghamshire: Force) -> User:
    return UserFactory.create(
        role=Role.MANAGER, forces=[northamptonshire, nottinghamshire]
    )


@pytest.fixture
def administrator(db: None) -> User:
    return UserFactory.create(role=Role.SYSTEM_ADMINISTRATOR)


@pytest.fixture
def outsider(nottinghamshire: Force) -> User:
    return UserFactory.create(role=Role.PSD_CASEWORKER, forces=[nottinghamshire])


@pytest.fixture
def notts_supervisor(nottinghamshire: Force) -> User:
    return UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[nottinghamshire])


@pytest.fixture
def met(db: None) -> Force:
    return Force.objects.get(code="met")


@pytest.fixture
def met_supervisor(met: Force) -> User:
    return UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[met])


@pytest.fixture
def build(request: pytest.FixtureRequest, northamptonshire: Force) -> Build:
    """Cases built through the services; the personas act when first needed."""
    return Build(force=northamptonshire, persona=request.getfixturevalue)


@pytest.fixture
def pages(
    request: pytest.FixtureRequest,
    client: Client,
    django_assert_max_num_queries: Callable[[int], AbstractContextManager[Any]],
) -> Pages:
    """Pages read as the personas, by their fixture names."""
    return Pages(
        client=client,
        persona=request.getfixturevalue,
        max_queries=django_assert_max_num_queries,
    )


@pytest.fixture
def media(settings: SettingsWrapper, tmp_path: Path) -> Path:
    """Uploaded files go to a folder of this test's own."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root
