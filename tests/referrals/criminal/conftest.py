"""The criminal tests' case (reference case A's), its subject Alex Foster,
the proceedings after the arrest, the first charge and its conviction, all
built through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import PersonRole
from referrals.models import Case, Charge, CriminalProceedings, Plea, Subject, Verdict
from tests.builders import Build
from tests.referrals.criminal import ARRESTED, CHARGED, PLEADED, STARTED


@pytest.fixture
def case(build: Build) -> Case:
    return build.case(
        on=ARRESTED,
        summary="Special constable arrested after online communications with "
        "an undercover officer posing as a child.",
    )


@pytest.fixture
def subject(build: Build, case: Case) -> Subject:
    """Alex Foster, a special constable, on the case with no allegation yet."""
    return build.recorded(
        case,
        allegations=0,
        role=build.role(
            given_names="Alex",
            family_name="Foster",
            kind=PersonRole.Kind.SPECIAL_CONSTABLE,
            rank="Special Constable",
            identifier="SC 4410",
            started_on=dt.date(2013, 4, 1),
        ),
    )


@pytest.fixture
def proceedings(build: Build, subject: Subject) -> CriminalProceedings:
    return build.criminal_proceedings(
        subject,
        started_on=STARTED,
        arrested_on=ARRESTED,
        arrest_location="Car park, Newark",
        arrest_notes="Mobile phone seized.",
    )


@pytest.fixture
def charge(build: Build, proceedings: CriminalProceedings) -> Charge:
    return build.charged(
        proceedings,
        offence="Attempting to engage in sexual communication with a child",
        charged_on=CHARGED,
    )


@pytest.fixture
def convicted(build: Build, charge: Charge) -> Charge:
    """The charge, convicted on a guilty plea."""
    pleaded = build.pleaded(charge, plea=Plea.GUILTY, plea_on=PLEADED)
    return build.charge_decided(pleaded, verdict=Verdict.CONVICTED, verdict_on=PLEADED)
