"""Concluding criminal proceedings, or discontinuing them."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import User
from referrals.models import Charge, CriminalProceedings, Plea, Verdict
from referrals.services import criminal as svc
from tests.assertions import one_audit_event, refused
from tests.builders import Build
from tests.referrals.criminal import CHARGED, PLEADED, SENTENCED, Kind, Status, tomorrow

pytestmark = pytest.mark.django_db


def test_conclude_refusals(
    build: Build, caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    case = proceedings.case

    def conclude(on: dt.date = SENTENCED) -> CriminalProceedings:
        return svc.criminal_proceedings_conclude(
            actor=caseworker, proceedings=proceedings, concluded_on=on
        )

    with refused(svc.UNDECIDED_CHARGES.format(count=1), case=case):
        conclude()
    build.pleaded(charge, plea=Plea.GUILTY, plea_on=PLEADED)
    build.charge_decided(charge, verdict=Verdict.CONVICTED, verdict_on=PLEADED)
    with refused(svc.CONVICTION_NOT_SENTENCED, case=case):
        conclude()
    svc.sentence_component_add(
        actor=caseworker,
        proceedings=proceedings,
        kind=Kind.CUSTODY,
        charge=charge,
        length_months=24,
        sentenced_on=SENTENCED,
    )
    with refused(
        "The conclusion date (16 Nov 2022) cannot be before the last verdict or "
        "sentence (17 Nov 2022).",
        case=case,
    ):
        conclude(dt.date(2022, 11, 16))
    with refused("The conclusion date cannot be in the future.", case=case):
        conclude(tomorrow())
    with one_audit_event("criminal.concluded"):
        conclude()
    proceedings.refresh_from_db()
    assert (proceedings.status, proceedings.ended_on) == (Status.CONCLUDED, SENTENCED)


def test_conclude_needs_charges(
    caseworker: User, proceedings: CriminalProceedings
) -> None:
    with refused(svc.NO_CHARGES, case=proceedings.case):
        svc.criminal_proceedings_conclude(
            actor=caseworker, proceedings=proceedings, concluded_on=SENTENCED
        )


def test_no_further_action_before_charge(
    caseworker: User, proceedings: CriminalProceedings
) -> None:
    with one_audit_event("criminal.discontinued"):
        result = svc.criminal_proceedings_discontinue(
            actor=caseworker,
            proceedings=proceedings,
            discontinued_on=dt.date(2022, 12, 1),
            rationale="CPS advised no further action.",
        )
    assert (result.status, result.ended_on) == (
        Status.DISCONTINUED,
        dt.date(2022, 12, 1),
    )


def test_discontinuance_after_charge_discontinues_pending_counts(
    build: Build, caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    acquitted = svc.charge_add(
        actor=caseworker, proceedings=proceedings, offence="Two", charged_on=CHARGED
    )
    build.pleaded(acquitted, plea=Plea.NOT_GUILTY, plea_on=PLEADED)
    build.charge_decided(
        acquitted, verdict=Verdict.ACQUITTED, verdict_on=dt.date(2022, 10, 1)
    )
    svc.criminal_proceedings_discontinue(
        actor=caseworker,
        proceedings=proceedings,
        discontinued_on=dt.date(2022, 10, 5),
        rationale="Prosecution offered no evidence on the remaining count.",
    )
    charge.refresh_from_db()
    acquitted.refresh_from_db()
    assert (charge.verdict, charge.verdict_on) == (
        Verdict.DISCONTINUED,
        dt.date(2022, 10, 5),
    )
    assert acquitted.verdict == Verdict.ACQUITTED


def test_discontinuance_refusals(
    build: Build, caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    case = proceedings.case

    def discontinue(
        on: dt.date = dt.date(2022, 10, 1), rationale: str = "Reason."
    ) -> CriminalProceedings:
        return svc.criminal_proceedings_discontinue(
            actor=caseworker,
            proceedings=proceedings,
            discontinued_on=on,
            rationale=rationale,
        )

    with refused("Give the rationale for this decision.", case=case):
        discontinue(rationale=" ")
    with refused(
        "The discontinuance date (11 Aug 2022) cannot be before the last "
        "recorded step (12 Aug 2022).",
        case=case,
    ):
        discontinue(dt.date(2022, 8, 11))
    build.pleaded(charge, plea=Plea.GUILTY, plea_on=PLEADED)
    with refused(svc.GUILTY_PLEA_MISMATCH.format(count=1), case=case):
        discontinue()
    build.charge_decided(charge, verdict=Verdict.CONVICTED, verdict_on=PLEADED)
    with refused(svc.DISCONTINUE_AFTER_CONVICTION, case=case):
        discontinue()
    proceedings.refresh_from_db()
    assert proceedings.status == Status.CHARGED
