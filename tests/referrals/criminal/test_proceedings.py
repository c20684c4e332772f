"""Criminal proceedings: their transition table, opening them on an arrest,
and release before charge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from conduct.exceptions import InvalidTransition, NotPermitted
from conduct.models import User
from conduct.transitions import can_transition, check_transition
from referrals.models import Case, Charge, CriminalProceedings, Plea, Subject, Verdict
from referrals.services import criminal as svc
from referrals.services.common import CASE_CLOSED
from tests.assertions import one_audit_event, refused
from tests.builders import Build
from tests.referrals.criminal import (
    ARRESTED,
    CHARGED,
    PLEADED,
    STARTED,
    Status,
    tomorrow,
)
from tests.rows import RefusedCall, parametrize_rows

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Move:
    """A move of criminal proceedings from one status to another."""

    current: str
    requested: str
    allowed: bool


@parametrize_rows(
    [
        Move(current=Status.INVESTIGATION, requested=Status.CHARGED, allowed=True),
        Move(current=Status.INVESTIGATION, requested=Status.DISCONTINUED, allowed=True),
        Move(current=Status.INVESTIGATION, requested=Status.CONCLUDED, allowed=False),
        Move(current=Status.CHARGED, requested=Status.CONCLUDED, allowed=True),
        Move(current=Status.CHARGED, requested=Status.DISCONTINUED, allowed=True),
        Move(current=Status.CHARGED, requested=Status.INVESTIGATION, allowed=False),
        Move(current=Status.CONCLUDED, requested=Status.CHARGED, allowed=False),
        Move(current=Status.CONCLUDED, requested=Status.DISCONTINUED, allowed=False),
        Move(current=Status.DISCONTINUED, requested=Status.CHARGED, allowed=False),
        Move(
            current=Status.DISCONTINUED, requested=Status.INVESTIGATION, allowed=False
        ),
    ]
)
def test_the_transition_table(current: str, requested: str, allowed: bool) -> None:
    proceedings = CriminalProceedings(status=current)
    assert can_transition(proceedings, requested) is allowed
    if not allowed:
        with pytest.raises(InvalidTransition):
            check_transition(proceedings, requested)


def test_a_concluded_case_cannot_be_concluded_again(
    build: Build, caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    build.pleaded(charge, plea=Plea.NOT_GUILTY, plea_on=PLEADED)
    build.charge_decided(
        charge, verdict=Verdict.ACQUITTED, verdict_on=dt.date(2023, 2, 1)
    )
    svc.criminal_proceedings_conclude(
        actor=caseworker, proceedings=proceedings, concluded_on=dt.date(2023, 2, 1)
    )
    message = svc.PROCEEDINGS_ENDED.format(status="concluded")
    with refused(message, case=proceedings.case):
        svc.criminal_proceedings_conclude(
            actor=caseworker, proceedings=proceedings, concluded_on=dt.date(2023, 2, 2)
        )
    with refused(message, case=proceedings.case):
        svc.charge_add(
            actor=caseworker,
            proceedings=proceedings,
            offence="Another offence",
            charged_on=dt.date(2023, 2, 2),
        )


# ------------------------------------------------------------------- opening


def test_open_records_the_arrest(
    caseworker: User, case: Case, subject: Subject
) -> None:
    with one_audit_event("criminal.opened"):
        proceedings = svc.criminal_proceedings_open(
            actor=caseworker,
            subject=subject,
            started_on=STARTED,
            arrested_on=ARRESTED,
            arrest_location=" Car park, Newark ",
        )
    assert proceedings.status == Status.INVESTIGATION
    assert proceedings.case == case
    assert proceedings.arrest_location == "Car park, Newark"
    assert proceedings.anchor_on == ARRESTED
    case.refresh_from_db()
    assert case.version == 3  # created, subject added, proceedings opened


def test_open_without_arrest_anchors_on_the_start(
    caseworker: User, subject: Subject
) -> None:
    proceedings = svc.criminal_proceedings_open(
        actor=caseworker, subject=subject, started_on=STARTED
    )
    assert proceedings.arrested_on is None
    assert proceedings.anchor_on == STARTED


def test_open_refuses_a_future_start(
    caseworker: User, case: Case, subject: Subject
) -> None:
    with refused(
        "The start of the criminal investigation cannot be in the future.", case=case
    ):
        svc.criminal_proceedings_open(
            actor=caseworker, subject=subject, started_on=tomorrow()
        )


def test_open_refuses_an_arrest_before_the_investigation(
    caseworker: User, case: Case, subject: Subject
) -> None:
    with refused(
        "The arrest date (27 Jul 2022) cannot be before the start of the "
        "criminal investigation (10 Aug 2022).",
        case=case,
    ):
        svc.criminal_proceedings_open(
            actor=caseworker,
            subject=subject,
            started_on=ARRESTED,
            arrested_on=STARTED,
        )


def test_open_refuses_a_second_open_set_for_the_subject(
    caseworker: User, proceedings: CriminalProceedings, subject: Subject
) -> None:
    with refused(
        "Alex Foster already has criminal proceedings open on this case "
        "(since 27 Jul 2022).",
        case=subject.case,
    ):
        svc.criminal_proceedings_open(
            actor=caseworker, subject=subject, started_on=ARRESTED
        )


def test_open_is_allowed_again_after_discontinuance(
    caseworker: User, proceedings: CriminalProceedings, subject: Subject
) -> None:
    svc.criminal_proceedings_discontinue(
        actor=caseworker,
        proceedings=proceedings,
        discontinued_on=dt.date(2022, 9, 1),
        rationale="No further action on the evidence.",
    )
    again = svc.criminal_proceedings_open(
        actor=caseworker, subject=subject, started_on=dt.date(2022, 10, 1)
    )
    assert subject.criminal_proceedings.count() == 2
    assert again.status == Status.INVESTIGATION


def test_open_refuses_a_closed_case(
    caseworker: User, case: Case, subject: Subject
) -> None:
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    with refused(CASE_CLOSED, case=case):
        svc.criminal_proceedings_open(
            actor=caseworker, subject=subject, started_on=STARTED
        )


def test_open_refuses_another_force_and_read_only_roles(
    outsider: User, manager: User, subject: Subject
) -> None:
    for actor in (outsider, manager):
        with pytest.raises(NotPermitted):
            svc.criminal_proceedings_open(
                actor=actor, subject=subject, started_on=STARTED
            )
    assert not CriminalProceedings.objects.exists()


# ------------------------------------------------------------------- release


def test_release_on_bail(caseworker: User, proceedings: CriminalProceedings) -> None:
    with one_audit_event("criminal.released"):
        result = svc.criminal_release_record(
            actor=caseworker,
            proceedings=proceedings,
            release=CriminalProceedings.Release.BAIL,
            released_on=dt.date(2022, 8, 11),
            bail_return_on=dt.date(2022, 9, 8),
            conditions="No unsupervised contact with children.",
        )
    result.refresh_from_db()
    assert result.pre_charge_release == CriminalProceedings.Release.BAIL
    assert result.bail_return_on == dt.date(2022, 9, 8)


def test_release_under_investigation(
    caseworker: User, proceedings: CriminalProceedings
) -> None:
    result = svc.criminal_release_record(
        actor=caseworker,
        proceedings=proceedings,
        release=CriminalProceedings.Release.UNDER_INVESTIGATION,
        released_on=ARRESTED,
    )
    assert result.pre_charge_release == "under_investigation"
    assert result.bail_return_on is None


@parametrize_rows(
    [
        RefusedCall(kwargs={"release": "home"}, message=svc.UNKNOWN_RELEASE),
        RefusedCall(
            kwargs={"released_on": dt.date(2022, 8, 9)},
            message="The release date (09 Aug 2022) cannot be before the arrest "
            "(10 Aug 2022).",
        ),
        RefusedCall(
            kwargs={
                "release": "under_investigation",
                "bail_return_on": dt.date(2022, 9, 1),
            },
            message=svc.BAIL_RETURN_ONLY_FOR_BAIL,
        ),
        RefusedCall(
            kwargs={"bail_return_on": dt.date(2022, 8, 10)},
            message="The bail return date (10 Aug 2022) cannot be before the release "
            "(11 Aug 2022).",
        ),
    ]
)
def test_release_refusals(
    caseworker: User,
    proceedings: CriminalProceedings,
    kwargs: dict[str, Any],
    message: str,
) -> None:
    arguments: dict[str, Any] = {
        "release": CriminalProceedings.Release.BAIL,
        "released_on": dt.date(2022, 8, 11),
    } | kwargs
    with refused(message, case=proceedings.case):
        svc.criminal_release_record(
            actor=caseworker, proceedings=proceedings, **arguments
        )


def test_release_refuses_future_date(
    caseworker: User, proceedings: CriminalProceedings
) -> None:
    with refused("The release date cannot be in the future.", case=proceedings.case):
        svc.criminal_release_record(
            actor=caseworker,
            proceedings=proceedings,
            release=CriminalProceedings.Release.BAIL,
            released_on=tomorrow(),
        )


def test_release_needs_an_arrest(caseworker: User, subject: Subject) -> None:
    proceedings = svc.criminal_proceedings_open(
        actor=caseworker, subject=subject, started_on=STARTED
    )
    with refused(svc.RELEASE_NEEDS_ARREST, case=subject.case):
        svc.criminal_release_record(
            actor=caseworker,
            proceedings=proceedings,
            release=CriminalProceedings.Release.UNDER_INVESTIGATION,
            released_on=ARRESTED,
        )


def test_release_is_refused_after_charge(
    caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    with refused(svc.NOT_UNDER_INVESTIGATION, case=proceedings.case):
        svc.criminal_release_record(
            actor=caseworker,
            proceedings=proceedings,
            release=CriminalProceedings.Release.BAIL,
            released_on=CHARGED,
        )
