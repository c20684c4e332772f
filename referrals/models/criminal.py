"""Criminal proceedings beside a misconduct case (domain.md 2.9, reference case A).

A subject may be arrested, charged, tried and sentenced while the misconduct
case runs. The appropriate authority pauses misconduct proceedings while they
would prejudice the criminal proceedings (PCR r10(3)) and resumes them when
that is no longer so or the criminal proceedings end (PCR r49(3)); each pause
is a SubJudicePeriod row so that hearings and deadlines can find the paused
days.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import pghistory
from django.conf import settings
from django.db import models

from conduct.models import TimeStampedModel
from referrals.models.cases import Case, Subject


@pghistory.track()
class CriminalProceedings(TimeStampedModel):
    """The criminal investigation and prosecution of one subject.

    ``case`` is the misconduct case it sits beside and ``subject`` the person
    prosecuted (always a subject of that case). ``started_on`` is when the
    criminal investigation of the subject began (27 Jul 2022 in case A);
    ``arrested_on`` the arrest, if any. ``pre_charge_release`` says how the
    subject was released after arrest and before charge. ``ended_on`` is the
    date the proceedings concluded or were discontinued.
    """

    class Status(models.TextChoices):
        INVESTIGATION = "investigation", "Under criminal investigation"
        CHARGED = "charged", "Charged"
        CONCLUDED = "concluded", "Concluded"
        DISCONTINUED = "discontinued", "Discontinued (no further action)"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.INVESTIGATION: frozenset({Status.CHARGED, Status.DISCONTINUED}),
        Status.CHARGED: frozenset({Status.CONCLUDED, Status.DISCONTINUED}),
        Status.CONCLUDED: frozenset(),
        Status.DISCONTINUED: frozenset(),
    }

    class Release(models.TextChoices):
        BAIL = "bail", "Released on police bail"
        UNDER_INVESTIGATION = (
            "under_investigation",
            "Released under investigation (RUI)",
        )
        REMANDED = "remanded", "Remanded in custody"

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="criminal_proceedings"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="criminal_proceedings"
    )
    reference = models.CharField(
        max_length=60, blank=True, help_text="Crime or court reference."
    )
    court = models.CharField(max_length=120, blank=True)
    started_on = models.DateField()
    arrested_on = models.DateField(null=True, blank=True)
    arrest_location = models.CharField(max_length=200, blank=True)
    arrest_notes = models.TextField(blank=True)
    pre_charge_release = models.CharField(
        max_length=24, choices=Release.choices, blank=True
    )
    released_on = models.DateField(null=True, blank=True)
    bail_return_on = models.DateField(null=True, blank=True)
    bail_conditions = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.INVESTIGATION
    )
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name_plural = "criminal proceedings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["investigation", "charged", "concluded", "discontinued"]
                ),
                name="criminal_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["concluded", "discontinued"], ended_on__isnull=False
                )
                | models.Q(
                    status__in=["investigation", "charged"], ended_on__isnull=True
                ),
                name="criminal_ended_on_iff_ended",
            ),
            models.CheckConstraint(
                condition=models.Q(arrested_on__isnull=True)
                | models.Q(arrested_on__gte=models.F("started_on")),
                name="criminal_arrest_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(pre_charge_release="", released_on__isnull=True)
                | (
                    ~models.Q(pre_charge_release="")
                    & models.Q(released_on__isnull=False, arrested_on__isnull=False)
                ),
                name="criminal_release_after_arrest",
            ),
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(status__in=["investigation", "charged"]),
                name="criminal_one_open_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"Criminal proceedings against {self.subject.person}"

    @property
    def anchor_on(self) -> dt.date:
        """The earliest date later events can carry: the arrest, else the start."""
        return self.arrested_on or self.started_on


class Plea(models.TextChoices):
    NOT_ENTERED = "not_entered", "No plea entered"
    GUILTY = "guilty", "Guilty"
    NOT_GUILTY = "not_guilty", "Not guilty"


class Verdict(models.TextChoices):
    CONVICTED = "convicted", "Convicted"
    ACQUITTED = "acquitted", "Acquitted"
    DISCONTINUED = "discontinued", "Discontinued"


@pghistory.track()
class Charge(TimeStampedModel):
    """One charge (a count on the indictment) with its plea and verdict.

    ``count_number`` orders the counts within the proceedings; ``verdict`` is
    blank until the charge is decided (conviction on a guilty plea included).
    """

    proceedings = models.ForeignKey(
        CriminalProceedings, on_delete=models.CASCADE, related_name="charges"
    )
    count_number = models.PositiveSmallIntegerField()
    offence = models.TextField()
    charged_on = models.DateField()
    plea = models.CharField(
        max_length=12, choices=Plea.choices, default=Plea.NOT_ENTERED
    )
    plea_on = models.DateField(null=True, blank=True)
    verdict = models.CharField(max_length=12, choices=Verdict.choices, blank=True)
    verdict_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["proceedings_id", "count_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["proceedings", "count_number"], name="charge_count_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(plea__in=["not_entered", "guilty", "not_guilty"]),
                name="charge_plea_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    verdict__in=["", "convicted", "acquitted", "discontinued"]
                ),
                name="charge_verdict_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(plea="not_entered", plea_on__isnull=True)
                | (
                    ~models.Q(plea="not_entered")
                    & models.Q(
                        plea_on__isnull=False, plea_on__gte=models.F("charged_on")
                    )
                ),
                name="charge_plea_dated_after_charge",
            ),
            models.CheckConstraint(
                condition=models.Q(verdict="", verdict_on__isnull=True)
                | (
                    ~models.Q(verdict="")
                    & models.Q(
                        verdict_on__isnull=False,
                        verdict_on__gte=models.F("charged_on"),
                    )
                ),
                name="charge_verdict_dated_after_charge",
            ),
            models.CheckConstraint(
                condition=~models.Q(plea="guilty")
                | models.Q(verdict__in=["", "convicted"]),
                name="charge_guilty_plea_convicts",
            ),
        ]

    def __str__(self) -> str:
        return f"Count {self.count_number}: {self.offence[:60]}"


CUSTODIAL_KINDS = ("custody", "concurrent_custody", "suspended_sentence")
DURATION_KINDS = ("shpo", "notification")


@pghistory.track()
class SentenceComponent(TimeStampedModel):
    """One part of a sentence or an ancillary order made on conviction.

    ``charge`` is the count the component is passed on (required for custody,
    concurrent terms and suspended sentences; optional for orders made on the
    whole case, such as an SHPO). ``concurrent_with`` is the count whose
    custodial term a concurrent term runs alongside. ``duration_years`` and
    ``indefinite`` give the length of an SHPO ("until further order") or of
    the sex-offender notification requirement.
    """

    class Kind(models.TextChoices):
        CUSTODY = "custody", "Custody"
        CONCURRENT_CUSTODY = "concurrent_custody", "Concurrent custodial term"
        SUSPENDED_SENTENCE = "suspended_sentence", "Suspended sentence"
        COMMUNITY_ORDER = "community_order", "Community order"
        FINE = "fine", "Fine"
        SHPO = "shpo", "Sexual harm prevention order (SHPO)"
        NOTIFICATION = "notification", "Sex-offender notification requirement"
        OTHER = "other", "Other"

    proceedings = models.ForeignKey(
        CriminalProceedings, on_delete=models.CASCADE, related_name="sentence"
    )
    charge = models.ForeignKey(
        Charge,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sentence_components",
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    sentenced_on = models.DateField()
    length_months = models.PositiveSmallIntegerField(null=True, blank=True)
    concurrent_with = models.ForeignKey(
        Charge,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concurrent_terms",
    )
    duration_years = models.PositiveSmallIntegerField(null=True, blank=True)
    indefinite = models.BooleanField(default=False)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["sentenced_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "custody",
                        "concurrent_custody",
                        "suspended_sentence",
                        "community_order",
                        "fine",
                        "shpo",
                        "notification",
                        "other",
                    ]
                ),
                name="sentence_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=CUSTODIAL_KINDS)
                | models.Q(
                    length_months__isnull=False,
                    length_months__gt=0,
                    charge__isnull=False,
                ),
                name="sentence_custody_has_length_and_charge",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="concurrent_custody",
                        concurrent_with__isnull=False,
                        charge__isnull=False,
                    )
                    & ~models.Q(concurrent_with=models.F("charge"))
                )
                | (
                    ~models.Q(kind="concurrent_custody")
                    & models.Q(concurrent_with__isnull=True)
                ),
                name="sentence_concurrent_with_other_charge",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=DURATION_KINDS)
                | models.Q(
                    duration_years__isnull=False,
                    duration_years__gt=0,
                    indefinite=False,
                )
                | models.Q(duration_years__isnull=True, indefinite=True),
                name="sentence_order_has_duration",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DURATION_KINDS)
                | models.Q(duration_years__isnull=True, indefinite=False),
                name="sentence_duration_only_for_orders",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="fine")
                | models.Q(amount__isnull=False, amount__gt=0),
                name="sentence_fine_has_amount",
            ),
            models.UniqueConstraint(
                fields=["charge"],
                condition=models.Q(kind__in=CUSTODIAL_KINDS),
                name="sentence_one_custodial_term_per_charge",
            ),
            models.UniqueConstraint(
                fields=["proceedings", "kind"],
                condition=models.Q(kind__in=DURATION_KINDS),
                name="sentence_one_order_of_a_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


@pghistory.track()
class SubJudicePeriod(TimeStampedModel):
    """A period when misconduct proceedings on ``case`` are paused because they
    would prejudice criminal proceedings (PCR r10(3)).

    ``ended_on`` is blank while the pause lasts; the case is paused exactly
    when it has an open period. The paused days run from ``started_on`` up to
    the day before ``ended_on``: the day proceedings resume counts again.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="sub_judice_periods"
    )
    started_on = models.DateField()
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    start_rationale = models.TextField()
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    end_rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="sub_judice_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_on__isnull=True),
                name="sub_judice_one_open_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"Sub judice pause on {self.case} from {self.started_on}"
