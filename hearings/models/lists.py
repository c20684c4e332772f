from __future__ import annotations

from typing import ClassVar

import pghistory
from django.db import models

from conduct.models import Force, Person, TimeStampedModel
from referrals.models import Case, Subject


@pghistory.track()
class ListReport(TimeStampedModel):
    """A report to the College of Policing for the Police Barred List or the
    Police Advisory List (PA96 Part 4A; SI 2017/1135).

    ``content`` is a snapshot of what the regulations require, taken when the
    event happened (BL Regs r3(2) for the barred list, r12(2) for the advisory
    list), so later edits to the person never change a report. ``event_on`` is
    the dismissal, finding, resignation or retirement date that starts the
    5-working-day clock. ``relevant_authority`` is the force that reports.
    ``previous_report`` links a further report to the report it follows (or a
    barred-list report to the person's earlier advisory-list report);
    ``superseded_by`` is set on an entry once a later report replaces it (an
    advisory entry marked for removal, or superseded by the barred list).
    """

    class Kind(models.TextChoices):
        BARRED = "barred", "Barred list report"
        BARRED_FURTHER = "barred_further", "Barred list further report (s88F)"
        ADVISORY = "advisory", "Advisory list report"
        ADVISORY_REMOVAL = (
            "advisory_removal",
            "Advisory list further report: remove entry (s88L)",
        )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Ready to send"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.PENDING}),
        Status.PENDING: frozenset(),
    }

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="list_reports"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="list_reports"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="list_reports"
    )
    relevant_authority = models.ForeignKey(
        Force, on_delete=models.PROTECT, related_name="list_reports"
    )
    event_on = models.DateField()
    content = models.JSONField()
    previous_report = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="further_reports",
    )
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    class Meta:
        ordering = ["event_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "barred",
                        "barred_further",
                        "advisory",
                        "advisory_removal",
                    ]
                ),
                name="list_report_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "pending"]),
                name="list_report_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["barred_further", "advisory_removal"])
                | models.Q(previous_report__isnull=False),
                name="list_report_further_has_previous",
            ),
        ]
        indexes = [models.Index(fields=["person", "kind"], name="list_report_person")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person} ({self.event_on})"
