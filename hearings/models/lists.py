from __future__ import annotations

import uuid
from typing import ClassVar

import pghistory
from django.db import models
from django.utils import timezone

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

    Delivery to the College (hearings.services.dispatch): ``idempotency_key``
    is fixed when the report is created and travels with every attempt, so the
    receiver can recognise a retried delivery. ``attempts`` counts failed
    deliveries towards FAILED; ``channel``, ``response_status``,
    ``response_excerpt`` and ``last_error`` describe the latest attempt, and
    ListReportDelivery keeps every attempt.
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
        SENT = "sent", "Sent to the College"
        FAILED = "failed", "Delivery failed"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        HTTPS = "https", "HTTPS"

    # SENT is final: the College has the report. FAILED goes back to PENDING
    # only when someone re-queues it after fixing the cause.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.PENDING}),
        Status.PENDING: frozenset({Status.SENT, Status.FAILED}),
        Status.FAILED: frozenset({Status.PENDING}),
        Status.SENT: frozenset(),
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
    #: Barred list: the earliest date the person may apply for a review
    #: (5 years after a dismissal for gross misconduct; College of Policing).
    review_eligible_on = models.DateField(null=True, blank=True)
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
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Failed deliveries so far (FAILED after the maximum)."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    last_error = models.TextField(blank=True)

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
                condition=models.Q(status__in=["draft", "pending", "sent", "failed"]),
                name="list_report_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent")
                | models.Q(sent_at__isnull=False, channel__in=["email", "https"]),
                name="list_report_sent_has_time_and_channel",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["", "email", "https"]),
                name="list_report_channel_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["barred_further", "advisory_removal"])
                | models.Q(previous_report__isnull=False),
                name="list_report_further_has_previous",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "kind"], name="list_report_person"),
            # The beat re-queues reports still waiting to go.
            models.Index(
                fields=["last_attempt_at"],
                name="list_report_pending",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person} ({self.event_on})"


class ListReportDelivery(models.Model):
    """One attempt to deliver a list report to the College: when, by which
    channel, what came back. Written in its own committed transaction, so a
    failed attempt stays on record when the task retries."""

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will retry)"
        NOT_CONFIGURED = "not_configured", "Channel not configured"
        INVALID = "invalid", "Refused: content incomplete"

    report = models.ForeignKey(
        ListReport, on_delete=models.CASCADE, related_name="deliveries"
    )
    attempted_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=8, choices=ListReport.Channel.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["attempted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    outcome__in=["sent", "failed", "not_configured", "invalid"]
                ),
                name="list_report_delivery_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.channel} at {self.attempted_at}"
