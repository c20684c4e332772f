"""The sentence: its components, what each needs, and the counts they are
passed on."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from conduct.models import User
from referrals.models import (
    Case,
    Charge,
    CriminalProceedings,
    Plea,
    SentenceComponent,
    Verdict,
)
from referrals.services import criminal as svc
from tests.assertions import one_audit_event, refused
from tests.builders import Build
from tests.referrals.criminal import CHARGED, PLEADED, SENTENCED, STARTED, Kind
from tests.rows import RefusedCall, parametrize_rows

pytestmark = pytest.mark.django_db


def test_custody_on_a_convicted_count(
    caseworker: User, proceedings: CriminalProceedings, convicted: Charge
) -> None:
    with one_audit_event("criminal.sentence_recorded"):
        component = svc.sentence_component_add(
            actor=caseworker,
            proceedings=proceedings,
            kind=Kind.CUSTODY,
            charge=convicted,
            length_months=24,
            sentenced_on=SENTENCED,
        )
    assert (component.kind, component.length_months) == (Kind.CUSTODY, 24)
    assert component.charge == convicted


def test_fine_and_other_orders(
    caseworker: User, proceedings: CriminalProceedings, convicted: Charge
) -> None:
    fine = svc.sentence_component_add(
        actor=caseworker,
        proceedings=proceedings,
        kind=Kind.FINE,
        charge=convicted,
        amount=decimal.Decimal("250.00"),
        sentenced_on=SENTENCED,
    )
    other = svc.sentence_component_add(
        actor=caseworker,
        proceedings=proceedings,
        kind=Kind.OTHER,
        description="Forfeiture and destruction of the mobile phone.",
        sentenced_on=SENTENCED,
    )
    assert fine.amount == decimal.Decimal("250.00")
    assert other.charge is None
    assert proceedings.sentence.count() == 2


@pytest.mark.parametrize("kind", [Kind.SHPO, Kind.NOTIFICATION])
def test_orders_may_be_indefinite(
    caseworker: User,
    proceedings: CriminalProceedings,
    convicted: Charge,
    kind: str,
) -> None:
    component = svc.sentence_component_add(
        actor=caseworker,
        proceedings=proceedings,
        kind=kind,
        indefinite=True,
        sentenced_on=SENTENCED,
    )
    assert component.indefinite is True
    assert component.duration_years is None


@parametrize_rows(
    [
        RefusedCall(kwargs={"kind": "probation"}, message=svc.UNKNOWN_KIND),
        RefusedCall(
            kwargs={"kind": Kind.CUSTODY},
            message="Give the length of the custody in months.",
        ),
        RefusedCall(
            kwargs={"kind": Kind.SUSPENDED_SENTENCE, "length_months": 0},
            message="Give the length of the suspended sentence in months.",
        ),
        RefusedCall(
            kwargs={"kind": Kind.CUSTODY, "charge": None, "length_months": 24},
            message="Choose the count this custody is passed on.",
        ),
        RefusedCall(
            kwargs={"kind": Kind.SHPO, "charge": None}, message=svc.SHPO_NEEDS_DURATION
        ),
        RefusedCall(
            kwargs={"kind": Kind.NOTIFICATION, "charge": None},
            message=svc.NOTIFICATION_NEEDS_DURATION,
        ),
        RefusedCall(
            kwargs={"kind": Kind.SHPO, "duration_years": 10, "indefinite": True},
            message=svc.DURATION_AND_INDEFINITE,
        ),
        RefusedCall(
            kwargs={"kind": Kind.CUSTODY, "length_months": 24, "duration_years": 10},
            message="A duration in years applies only to an SHPO or notification.",
        ),
        RefusedCall(
            kwargs={"kind": Kind.CONCURRENT_CUSTODY, "length_months": 6},
            message=svc.CONCURRENT_NEEDS_CHARGE,
        ),
        RefusedCall(
            kwargs={
                "kind": Kind.CUSTODY,
                "length_months": 6,
                "concurrent_with": "self",
            },
            message="Only a concurrent custodial term runs alongside another count.",
        ),
        RefusedCall(
            kwargs={
                "kind": Kind.CONCURRENT_CUSTODY,
                "length_months": 6,
                "concurrent_with": "self",
            },
            message=svc.CONCURRENT_SAME_CHARGE,
        ),
        RefusedCall(kwargs={"kind": Kind.FINE}, message=svc.FINE_NEEDS_AMOUNT),
        RefusedCall(
            kwargs={"kind": Kind.FINE, "amount": decimal.Decimal(0)},
            message=svc.FINE_NEEDS_AMOUNT,
        ),
        RefusedCall(
            kwargs={"kind": Kind.OTHER, "description": " "},
            message=svc.OTHER_NEEDS_DESCRIPTION,
        ),
        RefusedCall(
            kwargs={"kind": Kind.CUSTODY, "length_months": 24, "sentenced_on": PLEADED},
            message="The sentence date (13 Sep 2022) cannot be before the "
            "conviction on count 1 (14 Sep 2022).",
        ),
    ]
)
def test_sentence_refusals(
    build: Build,
    proceedings: CriminalProceedings,
    charge: Charge,
    kwargs: dict[str, Any],
    message: str,
) -> None:
    build.pleaded(charge, plea=Plea.GUILTY, plea_on=PLEADED)
    build.charge_decided(
        charge, verdict=Verdict.CONVICTED, verdict_on=dt.date(2022, 9, 14)
    )
    arguments: dict[str, Any] = {"charge": charge, "sentenced_on": SENTENCED} | kwargs
    if arguments.get("concurrent_with") == "self":
        arguments["concurrent_with"] = charge
    with refused(message, case=proceedings.case):
        svc.sentence_component_add(
            actor=build.caseworker, proceedings=proceedings, **arguments
        )
    assert not SentenceComponent.objects.exists()


def test_sentence_without_a_conviction_is_refused(
    caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.NOT_GUILTY, plea_on=PLEADED
    )
    with refused(
        "Count 1 has no conviction: sentence follows conviction only.",
        case=proceedings.case,
    ):
        svc.sentence_component_add(
            actor=caseworker,
            proceedings=proceedings,
            kind=Kind.CUSTODY,
            charge=charge,
            length_months=24,
            sentenced_on=SENTENCED,
        )
    with refused(svc.SENTENCE_NO_CONVICTION, case=proceedings.case):
        svc.sentence_component_add(
            actor=caseworker,
            proceedings=proceedings,
            kind=Kind.SHPO,
            duration_years=10,
            sentenced_on=SENTENCED,
        )


def test_sentence_before_charge_is_refused(
    caseworker: User, proceedings: CriminalProceedings
) -> None:
    with refused(svc.SENTENCE_NOT_CHARGED, case=proceedings.case):
        svc.sentence_component_add(
            actor=caseworker,
            proceedings=proceedings,
            kind=Kind.SHPO,
            duration_years=10,
            sentenced_on=SENTENCED,
        )


def test_sentence_refuses_a_count_of_other_proceedings(
    build: Build,
    caseworker: User,
    case: Case,
    proceedings: CriminalProceedings,
    convicted: Charge,
) -> None:
    kim = build.recorded(case, allegations=0, role=build.role(given_names="Kim"))
    other = build.criminal_proceedings(kim, started_on=STARTED, arrested=False)
    build.charged(other, offence="Other", charged_on=CHARGED)
    with refused(svc.CHARGE_OTHER_PROCEEDINGS, case=case):
        svc.sentence_component_add(
            actor=caseworker,
            proceedings=other,
            kind=Kind.CUSTODY,
            charge=convicted,
            length_months=24,
            sentenced_on=SENTENCED,
        )


def test_sentence_refuses_duplicates_and_unanchored_concurrent_terms(
    build: Build, caseworker: User, proceedings: CriminalProceedings, convicted: Charge
) -> None:
    case = proceedings.case
    second = svc.charge_add(
        actor=caseworker, proceedings=proceedings, offence="Two", charged_on=CHARGED
    )
    build.pleaded(second, plea=Plea.GUILTY, plea_on=PLEADED)
    build.charge_decided(second, verdict=Verdict.CONVICTED, verdict_on=PLEADED)

    def add(**kwargs: Any) -> SentenceComponent:
        return svc.sentence_component_add(
            actor=caseworker,
            proceedings=proceedings,
            sentenced_on=SENTENCED,
            **kwargs,
        )

    with refused(svc.CONCURRENT_NEEDS_CUSTODY.format(count=1), case=case):
        add(
            kind=Kind.CONCURRENT_CUSTODY,
            charge=second,
            length_months=6,
            concurrent_with=convicted,
        )
    add(kind=Kind.CUSTODY, charge=convicted, length_months=24)
    with refused("Count 1 already has a custodial term.", case=case):
        add(kind=Kind.SUSPENDED_SENTENCE, charge=convicted, length_months=6)
    add(kind=Kind.SHPO, duration_years=10)
    with refused(
        "A sexual harm prevention order (shpo) is already recorded for these "
        "proceedings.",
        case=case,
    ):
        add(kind=Kind.SHPO, duration_years=5)
    assert proceedings.sentence.count() == 2


def test_the_database_refuses_custody_without_a_length(
    proceedings: CriminalProceedings, convicted: Charge
) -> None:
    """The CheckConstraints hold even for writes that bypass the services."""
    with transaction.atomic(), pytest.raises(IntegrityError):
        SentenceComponent.objects.create(
            proceedings=proceedings,
            charge=convicted,
            kind=Kind.CUSTODY,
            sentenced_on=SENTENCED,
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        SentenceComponent.objects.create(
            proceedings=proceedings, kind=Kind.SHPO, sentenced_on=SENTENCED
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Charge.objects.filter(pk=convicted.pk).update(verdict=Verdict.ACQUITTED)
    assert not SentenceComponent.objects.exists()
