"""Charges, the pleas to them and the verdicts on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from conduct.exceptions import NotPermitted
from conduct.models import AuditEvent, User
from referrals.models import Charge, CriminalProceedings, Plea, Verdict
from referrals.services import criminal as svc
from tests.assertions import one_audit_event, refused
from tests.builders import Build
from tests.referrals.criminal import CHARGED, PLEADED, Status, tomorrow
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db


def test_charges_are_numbered_and_the_first_charges_the_proceedings(
    caseworker: User, proceedings: CriminalProceedings
) -> None:
    with one_audit_event("criminal.charged"):
        first = svc.charge_add(
            actor=caseworker,
            proceedings=proceedings,
            offence=" Count one ",
            charged_on=CHARGED,
        )
    with one_audit_event("criminal.charged"):
        second = svc.charge_add(
            actor=caseworker,
            proceedings=proceedings,
            offence="Count two",
            charged_on=CHARGED,
        )
    proceedings.refresh_from_db()
    assert proceedings.status == Status.CHARGED
    assert (first.count_number, second.count_number) == (1, 2)
    assert first.offence == "Count one"
    assert first.plea == Plea.NOT_ENTERED
    event = AuditEvent.objects.filter(action="criminal.charged").first()
    assert event is not None
    assert event.old_values == {"proceedings_status": "investigation"}
    assert event.new_values["proceedings_status"] == "charged"


@dataclass(frozen=True)
class ChargeRefusal:
    """A charge refused: the offence and date given, and why."""

    offence: str
    charged_on: dt.date
    message: str


@parametrize_rows(
    [
        ChargeRefusal(offence="  ", charged_on=CHARGED, message=svc.OFFENCE_REQUIRED),
        ChargeRefusal(
            offence="Offence",
            charged_on=dt.date(2022, 8, 9),
            message="The charge date (09 Aug 2022) cannot be before the arrest "
            "(10 Aug 2022).",
        ),
    ]
)
def test_charge_refusals(
    caseworker: User,
    proceedings: CriminalProceedings,
    offence: str,
    charged_on: dt.date,
    message: str,
) -> None:
    with refused(message, case=proceedings.case):
        svc.charge_add(
            actor=caseworker,
            proceedings=proceedings,
            offence=offence,
            charged_on=charged_on,
        )
    proceedings.refresh_from_db()
    assert proceedings.status == Status.INVESTIGATION


def test_charge_refuses_a_future_date(
    caseworker: User, proceedings: CriminalProceedings
) -> None:
    with refused("The charge date cannot be in the future.", case=proceedings.case):
        svc.charge_add(
            actor=caseworker,
            proceedings=proceedings,
            offence="Offence",
            charged_on=tomorrow(),
        )


def test_charge_refuses_outsider(
    outsider: User, proceedings: CriminalProceedings
) -> None:
    with pytest.raises(NotPermitted):
        svc.charge_add(
            actor=outsider,
            proceedings=proceedings,
            offence="Offence",
            charged_on=CHARGED,
        )
    assert not Charge.objects.exists()


# ------------------------------------------------------------------- pleas


def test_guilty_plea(caseworker: User, charge: Charge) -> None:
    with one_audit_event("criminal.plea_recorded"):
        result = svc.charge_plea_record(
            actor=caseworker, charge=charge, plea=Plea.GUILTY, plea_on=PLEADED
        )
    assert (result.plea, result.plea_on) == (Plea.GUILTY, PLEADED)


def test_not_guilty_plea_can_change_to_guilty(caseworker: User, charge: Charge) -> None:
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.NOT_GUILTY, plea_on=PLEADED
    )
    result = svc.charge_plea_record(
        actor=caseworker,
        charge=charge,
        plea=Plea.GUILTY,
        plea_on=dt.date(2022, 10, 3),
    )
    assert (result.plea, result.plea_on) == (Plea.GUILTY, dt.date(2022, 10, 3))


def test_plea_refusals(caseworker: User, charge: Charge) -> None:
    case = charge.proceedings.case

    def plea(value: str, on: dt.date) -> Charge:
        return svc.charge_plea_record(
            actor=caseworker, charge=charge, plea=value, plea_on=on
        )

    with refused(svc.UNKNOWN_PLEA, case=case):
        plea(Plea.NOT_ENTERED, PLEADED)
    with refused(
        "The plea date (11 Aug 2022) cannot be before the charge (12 Aug 2022).",
        case=case,
    ):
        plea(Plea.GUILTY, dt.date(2022, 8, 11))
    with refused("The plea date cannot be in the future.", case=case):
        plea(Plea.GUILTY, tomorrow())
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.NOT_GUILTY, plea_on=PLEADED
    )
    with refused(
        "The plea date (01 Sep 2022) cannot be before the earlier plea (13 Sep 2022).",
        case=case,
    ):
        plea(Plea.GUILTY, dt.date(2022, 9, 1))
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.GUILTY, plea_on=PLEADED
    )
    with refused("Count 1 already has a guilty plea (13 Sep 2022).", case=case):
        plea(Plea.NOT_GUILTY, PLEADED)


def test_plea_is_refused_after_the_verdict(
    build: Build, caseworker: User, charge: Charge
) -> None:
    build.pleaded(charge, plea=Plea.NOT_GUILTY, plea_on=PLEADED)
    build.charge_decided(
        charge, verdict=Verdict.ACQUITTED, verdict_on=dt.date(2022, 10, 1)
    )
    with refused(
        "Count 1 has already been decided (acquitted).", case=charge.proceedings.case
    ):
        svc.charge_plea_record(
            actor=caseworker,
            charge=charge,
            plea=Plea.GUILTY,
            plea_on=dt.date(2022, 10, 2),
        )


# ------------------------------------------------------------------- verdicts


def test_conviction_on_a_guilty_plea(caseworker: User, charge: Charge) -> None:
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.GUILTY, plea_on=PLEADED
    )
    with one_audit_event("criminal.verdict_recorded"):
        result = svc.charge_verdict_record(
            actor=caseworker,
            charge=charge,
            verdict=Verdict.CONVICTED,
            verdict_on=PLEADED,
        )
    assert (result.verdict, result.verdict_on) == (Verdict.CONVICTED, PLEADED)


def test_acquittal_and_conviction_after_not_guilty_plea(
    caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    other = svc.charge_add(
        actor=caseworker, proceedings=proceedings, offence="Two", charged_on=CHARGED
    )
    for count in (charge, other):
        svc.charge_plea_record(
            actor=caseworker, charge=count, plea=Plea.NOT_GUILTY, plea_on=PLEADED
        )
    trial = dt.date(2023, 3, 1)
    svc.charge_verdict_record(
        actor=caseworker, charge=charge, verdict=Verdict.ACQUITTED, verdict_on=trial
    )
    svc.charge_verdict_record(
        actor=caseworker, charge=other, verdict=Verdict.CONVICTED, verdict_on=trial
    )
    verdicts = dict(proceedings.charges.values_list("count_number", "verdict"))
    assert verdicts == {1: "acquitted", 2: "convicted"}


def test_discontinued_count_without_plea(caseworker: User, charge: Charge) -> None:
    result = svc.charge_verdict_record(
        actor=caseworker,
        charge=charge,
        verdict=Verdict.DISCONTINUED,
        verdict_on=PLEADED,
    )
    assert result.verdict == Verdict.DISCONTINUED


def test_verdict_refusals(caseworker: User, charge: Charge) -> None:
    case = charge.proceedings.case

    def verdict(value: str, on: dt.date = PLEADED) -> Charge:
        return svc.charge_verdict_record(
            actor=caseworker, charge=charge, verdict=value, verdict_on=on
        )

    with refused(svc.UNKNOWN_VERDICT, case=case):
        verdict("hung")
    with refused(svc.CONVICTION_NEEDS_PLEA.format(count=1), case=case):
        verdict(Verdict.CONVICTED)
    with refused(svc.ACQUITTAL_NEEDS_NOT_GUILTY_PLEA.format(count=1), case=case):
        verdict(Verdict.ACQUITTED)
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.GUILTY, plea_on=PLEADED
    )
    for mismatch in (Verdict.ACQUITTED, Verdict.DISCONTINUED):
        with refused(svc.GUILTY_PLEA_MISMATCH.format(count=1), case=case):
            verdict(mismatch)
    with refused(
        "The verdict date (12 Sep 2022) cannot be before the plea (13 Sep 2022).",
        case=case,
    ):
        verdict(Verdict.CONVICTED, dt.date(2022, 9, 12))
    with refused("The verdict date cannot be in the future.", case=case):
        verdict(Verdict.CONVICTED, tomorrow())
    svc.charge_verdict_record(
        actor=caseworker, charge=charge, verdict=Verdict.CONVICTED, verdict_on=PLEADED
    )
    with refused("Count 1 has already been decided (convicted).", case=case):
        verdict(Verdict.CONVICTED)
