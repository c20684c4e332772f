"""A step that loses a race PostgreSQL settles (a deadlock, a serialization
failure) is refused with a message and rolled back, never a server error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError, connection

from conduct.exceptions import ApplicationError
from conduct.models import AuditEvent, User
from referrals.models import Case
from referrals.services.cases import case_party_add
from referrals.services.common import run_step
from tests.builders import Build

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(build: Build) -> Case:
    return build.case(
        on=dt.date(2024, 3, 4),
        trigger=Case.Trigger.PUBLIC_COMPLAINT,
        summary="A complaint about a stop and search.",
    )


def _lose_a_race(code: str) -> None:
    """What PostgreSQL sends the transaction it picks to end."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = '{code}'; "
            "END $$;"
        )


@pytest.mark.parametrize("code", ["40P01", "40001", "55P03"])
def test_a_lost_race_is_refused_and_nothing_is_kept(
    case: Case, caseworker: User, code: str
) -> None:
    version, events = case.version, AuditEvent.objects.count()

    def step(locked: Case) -> None:
        case_party_add(
            actor=caseworker, case=locked, kind="complainant", name="Alex Doe"
        )
        _lose_a_race(code)

    with pytest.raises(ApplicationError) as refused:
        run_step(case.pk, expected_version=version, step=step)
    assert refused.value.rule == "case.concurrent"
    assert "try again" in refused.value.message
    case.refresh_from_db()
    assert case.version == version
    assert not case.parties.exists()
    assert AuditEvent.objects.count() == events


def test_any_other_database_error_is_not_dressed_up(case: Case) -> None:
    with pytest.raises(OperationalError):
        run_step(
            case.pk,
            expected_version=case.version,
            step=lambda locked: _lose_a_race("57014"),  # query cancelled
        )
