from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from conduct.models import TimeStampedModel
from referrals.models.cases import Case
from referrals.models.deadlines import Deadline


class ProgressReport(TimeStampedModel):
    """An investigation progress report (PCR r19; CMR r13): due 12 months
    from when the matter came to attention, then every 6 months until the
    investigation reports.

    Drafted by the daily sweep for the ``deadline`` (one period of the
    ``progress_report`` clock) it answers, so each period has one report.
    ``sender`` is who reports: the appropriate authority for a local
    investigation, the IOPC (Director General) for a directed or independent
    one. ``addressees`` are stored as text (the local policing body, and the
    Director General or the chief officer), editable before sending because
    some areas have a mayor or another body in place of a commissioner.
    ``notices`` snapshots the written notices (Regulation 17) served on each
    subject; the estimates, reasons for delay and planned steps are left blank
    for the author.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    class Sender(models.TextChoices):
        APPROPRIATE_AUTHORITY = "appropriate_authority", "Appropriate authority"
        IOPC = "iopc", "IOPC (Director General)"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.DRAFT: frozenset({Status.SENT}),
        Status.SENT: frozenset(),
    }

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="progress_reports"
    )
    deadline = models.OneToOneField(
        Deadline, on_delete=models.PROTECT, related_name="progress_report"
    )
    period = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    regulation = models.CharField(max_length=20)
    sender = models.CharField(max_length=24, choices=Sender.choices)
    sender_name = models.CharField(max_length=200)
    addressees = ArrayField(models.CharField(max_length=200))
    came_to_attention_on = models.DateField()
    notices = models.JSONField(default=list, blank=True)
    progress = models.TextField()
    estimated_completion_on = models.DateField(null=True, blank=True)
    estimated_report_on = models.DateField(null=True, blank=True)
    delay_reasons = models.TextField(blank=True)
    planned_steps = models.TextField(blank=True)
    sent_on = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "sent"]),
                name="progress_report_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(sender__in=["appropriate_authority", "iopc"]),
                name="progress_report_sender_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_on__isnull=False),
                name="progress_report_sent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Progress report {self.period} on {self.case} due {self.due_on}"
