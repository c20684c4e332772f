"""Sentences and orders passed on a conviction: custody, concurrent terms,
suspended sentences, SHPOs, notification, fines and the rest."""

from __future__ import annotations

import datetime as dt
import decimal

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from referrals.audit import ReferralsAction
from referrals.models import Charge, CriminalProceedings, SentenceComponent, Verdict
from referrals.services.common import case_changed, check_not_future
from referrals.services.criminal.proceedings import lock_criminal_proceedings

UNKNOWN_KIND = "Choose the kind of sentence or order."
SENTENCE_NOT_CHARGED = "Sentence can be recorded only on charged proceedings."
SENTENCE_NEEDS_CHARGE = "Choose the count this {kind} is passed on."
CHARGE_OTHER_PROCEEDINGS = "That count belongs to other criminal proceedings."
SENTENCE_WITHOUT_CONVICTION = (
    "Count {count} has no conviction: sentence follows conviction only."
)
SENTENCE_NO_CONVICTION = (
    "There is no conviction in these proceedings: sentence follows conviction only."
)
SENTENCE_BEFORE_CONVICTION = (
    "The sentence date ({value:%d %b %Y}) cannot be before the conviction on "
    "count {count} ({on:%d %b %Y})."
)
CUSTODY_NEEDS_LENGTH = "Give the length of the {kind} in months."
CONCURRENT_NEEDS_CHARGE = (
    "Choose the count whose custodial term this one runs alongside."
)
CONCURRENT_SAME_CHARGE = (
    "A term cannot run concurrently with itself: choose another count."
)
CONCURRENT_NEEDS_CUSTODY = (
    "Record the custodial term on count {count} before a term concurrent with it."
)
SHPO_NEEDS_DURATION = (
    "Give the SHPO's duration in years, or mark it as until further order."
)
NOTIFICATION_NEEDS_DURATION = (
    "Give the notification period in years, or mark it as indefinite."
)
DURATION_AND_INDEFINITE = "Give a duration in years or mark it indefinite, not both."
ORDER_ALREADY_RECORDED = "A {kind} is already recorded for these proceedings."
CUSTODY_ALREADY_RECORDED = "Count {count} already has a custodial term."
FINE_NEEDS_AMOUNT = "Give the amount of the fine."
OTHER_NEEDS_DESCRIPTION = "Describe the sentence or order."


CUSTODIAL_KINDS = frozenset(
    {
        SentenceComponent.Kind.CUSTODY,
        SentenceComponent.Kind.CONCURRENT_CUSTODY,
        SentenceComponent.Kind.SUSPENDED_SENTENCE,
    }
)


def _check_sentence_shape(  # noqa: PLR0912 - one refusal per rule of the kind
    *,
    kind: str,
    charge: Charge | None,
    length_months: int | None,
    concurrent_with: Charge | None,
    duration_years: int | None,
    indefinite: bool,
    amount: decimal.Decimal | None,
    description: str,
) -> None:
    label = SentenceComponent.Kind(kind).label.lower()
    if kind in CUSTODIAL_KINDS:
        if charge is None:
            raise ApplicationError(
                SENTENCE_NEEDS_CHARGE.format(kind=label), rule="sentence.charge"
            )
        if not length_months or length_months <= 0:
            raise ApplicationError(
                CUSTODY_NEEDS_LENGTH.format(kind=label), rule="sentence.length"
            )
    if kind == SentenceComponent.Kind.CONCURRENT_CUSTODY:
        if concurrent_with is None:
            raise ApplicationError(CONCURRENT_NEEDS_CHARGE, rule="sentence.concurrent")
        if charge is not None and concurrent_with.pk == charge.pk:
            raise ApplicationError(CONCURRENT_SAME_CHARGE, rule="sentence.concurrent")
    elif concurrent_with is not None:
        raise ApplicationError(
            "Only a concurrent custodial term runs alongside another count.",
            rule="sentence.concurrent",
        )
    if kind in {SentenceComponent.Kind.SHPO, SentenceComponent.Kind.NOTIFICATION}:
        if duration_years is not None and indefinite:
            raise ApplicationError(DURATION_AND_INDEFINITE, rule="sentence.duration")
        if not indefinite and (duration_years is None or duration_years <= 0):
            message = (
                SHPO_NEEDS_DURATION
                if kind == SentenceComponent.Kind.SHPO
                else NOTIFICATION_NEEDS_DURATION
            )
            raise ApplicationError(message, rule="sentence.duration")
    elif duration_years is not None or indefinite:
        raise ApplicationError(
            "A duration in years applies only to an SHPO or notification.",
            rule="sentence.duration",
        )
    if kind == SentenceComponent.Kind.FINE and (amount is None or amount <= 0):
        raise ApplicationError(FINE_NEEDS_AMOUNT, rule="sentence.amount")
    if kind == SentenceComponent.Kind.OTHER and not description.strip():
        raise ApplicationError(OTHER_NEEDS_DESCRIPTION, rule="sentence.description")


def _check_not_duplicated(
    *,
    proceedings: CriminalProceedings,
    kind: str,
    charge: Charge | None,
    concurrent_with: Charge | None,
) -> None:
    """One custodial term per count, one SHPO and one notification per
    proceedings; a concurrent term needs the term it runs alongside."""
    existing = proceedings.sentence.all()
    if (
        kind in CUSTODIAL_KINDS
        and existing.filter(charge=charge, kind__in=CUSTODIAL_KINDS).exists()
    ):
        assert charge is not None  # custodial kinds always name a count
        raise ApplicationError(
            CUSTODY_ALREADY_RECORDED.format(count=charge.count_number),
            rule="sentence.custody_once",
        )
    if kind == SentenceComponent.Kind.CONCURRENT_CUSTODY:
        assert concurrent_with is not None
        if not existing.filter(
            charge=concurrent_with, kind=SentenceComponent.Kind.CUSTODY
        ).exists():
            raise ApplicationError(
                CONCURRENT_NEEDS_CUSTODY.format(count=concurrent_with.count_number),
                rule="sentence.concurrent",
            )
    if (
        kind in {SentenceComponent.Kind.SHPO, SentenceComponent.Kind.NOTIFICATION}
        and existing.filter(kind=kind).exists()
    ):
        raise ApplicationError(
            ORDER_ALREADY_RECORDED.format(
                kind=SentenceComponent.Kind(kind).label.lower()
            ),
            rule="sentence.order_once",
        )


@transaction.atomic
def sentence_component_add(
    *,
    actor: User | None,
    proceedings: CriminalProceedings,
    kind: str,
    sentenced_on: dt.date,
    charge: Charge | None = None,
    length_months: int | None = None,
    concurrent_with: Charge | None = None,
    duration_years: int | None = None,
    indefinite: bool = False,
    amount: decimal.Decimal | None = None,
    description: str = "",
) -> SentenceComponent:
    """Record one part of the sentence, or an ancillary order, on conviction."""
    case, proceedings = lock_criminal_proceedings(
        actor, proceedings, "record a sentence"
    )
    if proceedings.status != CriminalProceedings.Status.CHARGED:
        raise ApplicationError(SENTENCE_NOT_CHARGED, rule="sentence.stage")
    if kind not in SentenceComponent.Kind.values:
        raise ApplicationError(UNKNOWN_KIND, rule="sentence.kind")
    for count in (charge, concurrent_with):
        if count is not None and count.proceedings_id != proceedings.pk:
            raise ApplicationError(CHARGE_OTHER_PROCEEDINGS, rule="sentence.charge")
    charges = {item.pk: item for item in proceedings.charges.all()}
    charge = charges[charge.pk] if charge is not None else None
    concurrent_with = (
        charges[concurrent_with.pk] if concurrent_with is not None else None
    )
    _check_sentence_shape(
        kind=kind,
        charge=charge,
        length_months=length_months,
        concurrent_with=concurrent_with,
        duration_years=duration_years,
        indefinite=indefinite,
        amount=amount,
        description=description,
    )
    convictions = [
        item for item in charges.values() if item.verdict == Verdict.CONVICTED
    ]
    if charge is not None:
        if charge.verdict != Verdict.CONVICTED:
            raise ApplicationError(
                SENTENCE_WITHOUT_CONVICTION.format(count=charge.count_number),
                rule="sentence.conviction",
            )
        convictions = [charge]
    elif not convictions:
        raise ApplicationError(SENTENCE_NO_CONVICTION, rule="sentence.conviction")
    check_not_future(sentenced_on, "The sentence date")
    for convicted in convictions:
        if convicted.verdict_on is not None and sentenced_on < convicted.verdict_on:
            raise ApplicationError(
                SENTENCE_BEFORE_CONVICTION.format(
                    value=sentenced_on,
                    count=convicted.count_number,
                    on=convicted.verdict_on,
                ),
                rule="date.order",
            )
    _check_not_duplicated(
        proceedings=proceedings,
        kind=kind,
        charge=charge,
        concurrent_with=concurrent_with,
    )
    component = SentenceComponent.objects.create(
        proceedings=proceedings,
        charge=charge,
        kind=kind,
        sentenced_on=sentenced_on,
        length_months=length_months,
        concurrent_with=concurrent_with,
        duration_years=duration_years,
        indefinite=indefinite,
        amount=amount,
        description=description.strip(),
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_SENTENCE_RECORDED,
        target=component,
        new={
            "proceedings": proceedings.pk,
            "kind": kind,
            "charge": charge,
            "sentenced_on": sentenced_on,
            "length_months": length_months,
            "concurrent_with": concurrent_with,
            "duration_years": duration_years,
            "indefinite": indefinite,
            "amount": amount,
        },
    )
    return component
