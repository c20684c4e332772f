"""Criminal proceedings beside the case and the sub judice pause (PCR r10(3))."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from conduct.exceptions import InvalidTransition, NotPermitted
from conduct.models import AuditEvent, PersonRole, User
from conduct.transitions import can_transition, check_transition
from referrals.models import (
    Case,
    Charge,
    CriminalProceedings,
    Plea,
    SentenceComponent,
    Subject,
    SubJudicePeriod,
    Verdict,
)
from referrals.selectors.criminal import (
    criminal_proceedings_for_case,
    paused_dates,
    paused_working_days,
    proceedings_paused,
    sub_judice_periods,
)
from referrals.services import criminal as svc
from referrals.services.common import CASE_CLOSED
from tests.assertions import one_audit_event, refused
from tests.builders import Build

pytestmark = pytest.mark.django_db

Kind = SentenceComponent.Kind
Status = CriminalProceedings.Status
STARTED = dt.date(2022, 7, 27)
ARRESTED = dt.date(2022, 8, 10)
CHARGED = dt.date(2022, 8, 12)
PLEADED = dt.date(2022, 9, 13)
SENTENCED = dt.date(2022, 11, 17)


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


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


# ----------------------------------------------------------------- transitions


@pytest.mark.parametrize(
    ("current", "requested", "allowed"),
    [
        (Status.INVESTIGATION, Status.CHARGED, True),
        (Status.INVESTIGATION, Status.DISCONTINUED, True),
        (Status.INVESTIGATION, Status.CONCLUDED, False),
        (Status.CHARGED, Status.CONCLUDED, True),
        (Status.CHARGED, Status.DISCONTINUED, True),
        (Status.CHARGED, Status.INVESTIGATION, False),
        (Status.CONCLUDED, Status.CHARGED, False),
        (Status.CONCLUDED, Status.DISCONTINUED, False),
        (Status.DISCONTINUED, Status.CHARGED, False),
        (Status.DISCONTINUED, Status.INVESTIGATION, False),
    ],
)
def test_the_transition_table(current: str, requested: str, allowed: bool) -> None:
    proceedings = CriminalProceedings(status=current)
    assert can_transition(proceedings, requested) is allowed
    if not allowed:
        with pytest.raises(InvalidTransition):
            check_transition(proceedings, requested)


def test_a_concluded_case_cannot_be_concluded_again(
    caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.NOT_GUILTY, plea_on=PLEADED
    )
    svc.charge_verdict_record(
        actor=caseworker,
        charge=charge,
        verdict=Verdict.ACQUITTED,
        verdict_on=dt.date(2023, 2, 1),
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


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"release": "home"}, svc.UNKNOWN_RELEASE),
        (
            {"released_on": dt.date(2022, 8, 9)},
            "The release date (09 Aug 2022) cannot be before the arrest (10 Aug 2022).",
        ),
        (
            {"release": "under_investigation", "bail_return_on": dt.date(2022, 9, 1)},
            svc.BAIL_RETURN_ONLY_FOR_BAIL,
        ),
        (
            {"bail_return_on": dt.date(2022, 8, 10)},
            "The bail return date (10 Aug 2022) cannot be before the release "
            "(11 Aug 2022).",
        ),
    ],
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


# ------------------------------------------------------------------- charges


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


@pytest.mark.parametrize(
    ("offence", "charged_on", "message"),
    [
        ("  ", CHARGED, svc.OFFENCE_REQUIRED),
        (
            "Offence",
            dt.date(2022, 8, 9),
            "The charge date (09 Aug 2022) cannot be before the arrest (10 Aug 2022).",
        ),
    ],
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


def test_plea_is_refused_after_the_verdict(caseworker: User, charge: Charge) -> None:
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.NOT_GUILTY, plea_on=PLEADED
    )
    svc.charge_verdict_record(
        actor=caseworker,
        charge=charge,
        verdict=Verdict.ACQUITTED,
        verdict_on=dt.date(2022, 10, 1),
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


# ------------------------------------------------------------------- sentence


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


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "probation"}, svc.UNKNOWN_KIND),
        ({"kind": Kind.CUSTODY}, "Give the length of the custody in months."),
        (
            {"kind": Kind.SUSPENDED_SENTENCE, "length_months": 0},
            "Give the length of the suspended sentence in months.",
        ),
        (
            {"kind": Kind.CUSTODY, "charge": None, "length_months": 24},
            "Choose the count this custody is passed on.",
        ),
        ({"kind": Kind.SHPO, "charge": None}, svc.SHPO_NEEDS_DURATION),
        (
            {"kind": Kind.NOTIFICATION, "charge": None},
            svc.NOTIFICATION_NEEDS_DURATION,
        ),
        (
            {"kind": Kind.SHPO, "duration_years": 10, "indefinite": True},
            svc.DURATION_AND_INDEFINITE,
        ),
        (
            {"kind": Kind.CUSTODY, "length_months": 24, "duration_years": 10},
            "A duration in years applies only to an SHPO or notification.",
        ),
        (
            {"kind": Kind.CONCURRENT_CUSTODY, "length_months": 6},
            svc.CONCURRENT_NEEDS_CHARGE,
        ),
        (
            {"kind": Kind.CUSTODY, "length_months": 6, "concurrent_with": "self"},
            "Only a concurrent custodial term runs alongside another count.",
        ),
        (
            {
                "kind": Kind.CONCURRENT_CUSTODY,
                "length_months": 6,
                "concurrent_with": "self",
            },
            svc.CONCURRENT_SAME_CHARGE,
        ),
        ({"kind": Kind.FINE}, svc.FINE_NEEDS_AMOUNT),
        ({"kind": Kind.FINE, "amount": decimal.Decimal(0)}, svc.FINE_NEEDS_AMOUNT),
        ({"kind": Kind.OTHER, "description": " "}, svc.OTHER_NEEDS_DESCRIPTION),
        (
            {"kind": Kind.CUSTODY, "length_months": 24, "sentenced_on": PLEADED},
            "The sentence date (13 Sep 2022) cannot be before the conviction on "
            "count 1 (14 Sep 2022).",
        ),
    ],
)
def test_sentence_refusals(
    caseworker: User,
    proceedings: CriminalProceedings,
    charge: Charge,
    kwargs: dict[str, Any],
    message: str,
) -> None:
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.GUILTY, plea_on=PLEADED
    )
    svc.charge_verdict_record(
        actor=caseworker,
        charge=charge,
        verdict=Verdict.CONVICTED,
        verdict_on=dt.date(2022, 9, 14),
    )
    arguments: dict[str, Any] = {"charge": charge, "sentenced_on": SENTENCED} | kwargs
    if arguments.get("concurrent_with") == "self":
        arguments["concurrent_with"] = charge
    with refused(message, case=proceedings.case):
        svc.sentence_component_add(
            actor=caseworker, proceedings=proceedings, **arguments
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
    caseworker: User, proceedings: CriminalProceedings, convicted: Charge
) -> None:
    case = proceedings.case
    second = svc.charge_add(
        actor=caseworker, proceedings=proceedings, offence="Two", charged_on=CHARGED
    )
    svc.charge_plea_record(
        actor=caseworker, charge=second, plea=Plea.GUILTY, plea_on=PLEADED
    )
    svc.charge_verdict_record(
        actor=caseworker, charge=second, verdict=Verdict.CONVICTED, verdict_on=PLEADED
    )

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


# ----------------------------------------------------- conclude and discontinue


def test_conclude_refusals(
    caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    case = proceedings.case

    def conclude(on: dt.date = SENTENCED) -> CriminalProceedings:
        return svc.criminal_proceedings_conclude(
            actor=caseworker, proceedings=proceedings, concluded_on=on
        )

    with refused(svc.UNDECIDED_CHARGES.format(count=1), case=case):
        conclude()
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.GUILTY, plea_on=PLEADED
    )
    svc.charge_verdict_record(
        actor=caseworker, charge=charge, verdict=Verdict.CONVICTED, verdict_on=PLEADED
    )
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
    caseworker: User, proceedings: CriminalProceedings, charge: Charge
) -> None:
    acquitted = svc.charge_add(
        actor=caseworker, proceedings=proceedings, offence="Two", charged_on=CHARGED
    )
    svc.charge_plea_record(
        actor=caseworker, charge=acquitted, plea=Plea.NOT_GUILTY, plea_on=PLEADED
    )
    svc.charge_verdict_record(
        actor=caseworker,
        charge=acquitted,
        verdict=Verdict.ACQUITTED,
        verdict_on=dt.date(2022, 10, 1),
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
    caseworker: User, proceedings: CriminalProceedings, charge: Charge
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
    svc.charge_plea_record(
        actor=caseworker, charge=charge, plea=Plea.GUILTY, plea_on=PLEADED
    )
    with refused(svc.GUILTY_PLEA_MISMATCH.format(count=1), case=case):
        discontinue()
    svc.charge_verdict_record(
        actor=caseworker, charge=charge, verdict=Verdict.CONVICTED, verdict_on=PLEADED
    )
    with refused(svc.DISCONTINUE_AFTER_CONVICTION, case=case):
        discontinue()
    proceedings.refresh_from_db()
    assert proceedings.status == Status.CHARGED


# ------------------------------------------------------------------- sub judice


def test_pause_and_resume_keep_a_history(supervisor: User, case: Case) -> None:
    assert proceedings_paused(case) is False
    with one_audit_event("case.misconduct_paused"):
        first = svc.criminal_sub_judice_set(
            actor=supervisor,
            case=case,
            paused=True,
            rationale="A misconduct hearing now would prejudice the trial.",
            on=dt.date(2022, 8, 15),
        )
    assert proceedings_paused(case) is True
    assert first.ended_on is None
    with one_audit_event("case.misconduct_resumed"):
        svc.criminal_sub_judice_set(
            actor=supervisor,
            case=case,
            paused=False,
            rationale="Guilty pleas entered: no longer prejudicial.",
            on=dt.date(2022, 9, 13),
        )
    assert proceedings_paused(case) is False
    with one_audit_event("case.misconduct_paused"):
        svc.criminal_sub_judice_set(
            actor=supervisor,
            case=case,
            paused=True,
            rationale="Co-defendant trial pending.",
            on=dt.date(2022, 9, 13),
        )
    periods = sub_judice_periods(case)
    assert [(p.started_on, p.ended_on) for p in periods] == [
        (dt.date(2022, 8, 15), dt.date(2022, 9, 13)),
        (dt.date(2022, 9, 13), None),
    ]
    assert periods[0].started_by == supervisor
    assert periods[0].ended_by == supervisor
    assert periods[0].end_rationale == "Guilty pleas entered: no longer prejudicial."
    assert proceedings_paused(case) is True
    event = AuditEvent.objects.filter(action="case.misconduct_resumed").get()
    assert event.old_values == {"misconduct_paused": True, "started_on": "2022-08-15"}
    assert event.new_values == {
        "misconduct_paused": False,
        "on": "2022-09-13",
        "deadlines": 0,
    }


def test_paused_days_for_deadlines(supervisor: User, case: Case) -> None:
    # Paused Mon 15 Aug to Tue 23 Aug 2022 (resumed Wed 24 Aug), then again
    # from Mon 29 Aug (a bank holiday) onwards.
    for paused, on in [
        (True, dt.date(2022, 8, 15)),
        (False, dt.date(2022, 8, 24)),
        (True, dt.date(2022, 8, 29)),
    ]:
        svc.criminal_sub_judice_set(
            actor=supervisor, case=case, paused=paused, rationale="r10(3)", on=on
        )
    dates = paused_dates(case, start=dt.date(2022, 8, 20), end=dt.date(2022, 8, 31))
    assert sorted(dates) == [
        dt.date(2022, 8, 20),
        dt.date(2022, 8, 21),
        dt.date(2022, 8, 22),
        dt.date(2022, 8, 23),
        dt.date(2022, 8, 29),
        dt.date(2022, 8, 30),
        dt.date(2022, 8, 31),
    ]
    assert (
        paused_working_days(
            case,
            start=dt.date(2022, 8, 1),
            end=dt.date(2022, 8, 31),
            holidays={dt.date(2022, 8, 29)},
        )
        == 9  # 15-19, 22-23 Aug, then 30-31 Aug
    )


def test_sub_judice_refusals(supervisor: User, case: Case) -> None:
    def set_pause(
        paused: bool, on: dt.date, rationale: str = "r10(3)"
    ) -> SubJudicePeriod:
        return svc.criminal_sub_judice_set(
            actor=supervisor, case=case, paused=paused, rationale=rationale, on=on
        )

    with refused(svc.NOT_PAUSED, case=case):
        set_pause(False, dt.date(2022, 9, 1))
    with refused("Give the rationale for this decision.", case=case):
        set_pause(True, dt.date(2022, 9, 1), rationale="")
    with refused("The date cannot be in the future.", case=case):
        set_pause(True, tomorrow())
    with refused(
        "The pause (01 Aug 2022) cannot be before the case date (10 Aug 2022).",
        case=case,
    ):
        set_pause(True, dt.date(2022, 8, 1))
    set_pause(True, dt.date(2022, 9, 1))
    with refused(
        "Misconduct proceedings are already paused (since 01 Sep 2022).", case=case
    ):
        set_pause(True, dt.date(2022, 9, 2))
    with refused(
        "The resumption (31 Aug 2022) cannot be before the pause (01 Sep 2022).",
        case=case,
    ):
        set_pause(False, dt.date(2022, 8, 31))
    set_pause(False, dt.date(2022, 10, 1))
    with refused(
        "The pause cannot start on 30 Sep 2022: the previous pause ran until "
        "01 Oct 2022.",
        case=case,
    ):
        set_pause(True, dt.date(2022, 9, 30))
    assert SubJudicePeriod.objects.filter(case=case).count() == 1
    assert proceedings_paused(case) is False


def test_sub_judice_is_the_appropriate_authoritys_decision(
    caseworker: User, outsider: User, case: Case
) -> None:
    for actor in (caseworker, outsider):
        with pytest.raises(NotPermitted):
            svc.criminal_sub_judice_set(
                actor=actor,
                case=case,
                paused=True,
                rationale="r10(3)",
                on=dt.date(2022, 9, 1),
            )
    assert proceedings_paused(case) is False


def test_the_database_allows_one_open_pause_per_case(case: Case) -> None:
    SubJudicePeriod.objects.create(
        case=case, started_on=dt.date(2022, 9, 1), start_rationale="r10(3)"
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        SubJudicePeriod.objects.create(
            case=case, started_on=dt.date(2022, 9, 2), start_rationale="again"
        )
    assert SubJudicePeriod.objects.filter(case=case).count() == 1


# ------------------------------------------------------- reference case A


def test_reference_case_a_criminal_track(
    caseworker: User,
    case: Case,
    subject: Subject,
    django_assert_max_num_queries: Any,
) -> None:
    """Arrest 10 Aug 2022 at a Newark car park; guilty pleas at an earlier
    Lincoln Crown Court hearing; sentence on 17 Nov 2022 of 2 years' custody
    for attempting sexual communication with a child, concurrent 6-month terms
    on the other counts, a 10-year SHPO and sex-offender notification
    (domain.md 9)."""
    start_events = AuditEvent.objects.filter(case_id=case.pk).count()
    calls = 0

    def run(service: Callable[..., Any], **kwargs: Any) -> Any:
        """One service call: exactly one more audit event on the case."""
        nonlocal calls
        calls += 1
        with one_audit_event():
            return service(actor=caseworker, **kwargs)

    proceedings = run(
        svc.criminal_proceedings_open,
        subject=subject,
        started_on=STARTED,
        arrested_on=ARRESTED,
        arrest_location="Car park, Newark",
        arrest_notes="Arrested by arrangement after online communications "
        "with an undercover officer; mobile phone seized.",
        court="Lincoln Crown Court",
    )
    run(
        svc.criminal_release_record,
        proceedings=proceedings,
        release=CriminalProceedings.Release.BAIL,
        released_on=dt.date(2022, 8, 11),
    )
    offences = [
        "Attempting to engage in sexual communication with a child",
        "Encouraging or assisting an offence",
        "Arranging or facilitating the commission of a child sex offence",
    ]
    counts = [
        run(
            svc.charge_add,
            proceedings=proceedings,
            offence=offence,
            charged_on=CHARGED,
        )
        for offence in offences
    ]
    for count in counts:
        # Guilty pleas at an earlier hearing; convicted on the pleas.
        run(svc.charge_plea_record, charge=count, plea=Plea.GUILTY, plea_on=PLEADED)
        run(
            svc.charge_verdict_record,
            charge=count,
            verdict=Verdict.CONVICTED,
            verdict_on=PLEADED,
        )
    main, *others = counts
    components: list[dict[str, Any]] = [
        {"kind": Kind.CUSTODY, "charge": main, "length_months": 24},
        *(
            {
                "kind": Kind.CONCURRENT_CUSTODY,
                "charge": other,
                "length_months": 6,
                "concurrent_with": main,
            }
            for other in others
        ),
        {"kind": Kind.SHPO, "duration_years": 10},
        # 2 years' custody (over 6 and up to 30 months): 10 years' notification
        # (Sexual Offences Act 2003 s82).
        {"kind": Kind.NOTIFICATION, "duration_years": 10},
    ]
    for kwargs in components:
        run(
            svc.sentence_component_add,
            proceedings=proceedings,
            sentenced_on=SENTENCED,
            **kwargs,
        )
    run(
        svc.criminal_proceedings_conclude,
        proceedings=proceedings,
        concluded_on=SENTENCED,
    )

    assert calls == 17
    assert AuditEvent.objects.filter(case_id=case.pk).count() == start_events + calls
    assert proceedings_paused(case) is False
    with django_assert_max_num_queries(3):
        loaded = list(criminal_proceedings_for_case(case))
        assert len(loaded) == 1
        record = loaded[0]
        charges = list(record.charges.all())
        sentence = list(record.sentence.all())
    assert record.status == Status.CONCLUDED
    assert record.ended_on == SENTENCED
    assert record.court == "Lincoln Crown Court"
    assert [(c.count_number, c.plea, c.verdict) for c in charges] == [
        (1, "guilty", "convicted"),
        (2, "guilty", "convicted"),
        (3, "guilty", "convicted"),
    ]
    summary = sorted(
        (
            item.kind,
            item.charge.count_number if item.charge else None,
            item.length_months,
            item.concurrent_with.count_number if item.concurrent_with else None,
            item.duration_years,
        )
        for item in sentence
    )
    assert summary == [
        ("concurrent_custody", 2, 6, 1, None),
        ("concurrent_custody", 3, 6, 1, None),
        ("custody", 1, 24, None, None),
        ("notification", None, None, None, 10),
        ("shpo", None, None, None, 10),
    ]
    assert all(item.sentenced_on == SENTENCED for item in sentence)
    case.refresh_from_db()
    assert case.version == 2 + calls  # created, subject added, then each call
