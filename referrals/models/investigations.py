from __future__ import annotations

from typing import ClassVar

import pghistory
from django.conf import settings
from django.db import models

from conduct.models import TimeStampedModel
from referrals.models.cases import Case, DeterminationResult, Severity, Subject


@pghistory.track()
class Investigation(TimeStampedModel):
    """The investigation of a case (special procedures, PCR Part 3 / CMR Part 4).

    ``investigating_body`` says whether the force or the IOPC investigates;
    ``investigator_name`` is the person appointed, who may not be a user.
    """

    class Body(models.TextChoices):
        FORCE = "force", "Force (appropriate authority)"
        IOPC = "iopc", "IOPC"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        REPORTED = "reported", "Report submitted"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset({Status.REPORTED}),
        Status.REPORTED: frozenset(),
    }

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="investigation"
    )
    investigating_body = models.CharField(max_length=8, choices=Body.choices)
    investigator_name = models.CharField(max_length=200)
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investigations",
    )
    terms_of_reference = models.TextField()
    opened_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "reported"]),
                name="investigation_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"Investigation of {self.case}"


class Notice(TimeStampedModel):
    """The written notice of investigation served on a subject.

    ``title`` is fixed at service from the regime ("Regulation 17 notice" under
    the 2020 rules, "Regulation 15/16 notice" under 2012). ``severity`` is the
    assessment the notice tells the subject about.
    """

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="notices"
    )
    title = models.CharField(max_length=40)
    served_on = models.DateField()
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(max_length=32, choices=Severity.choices)
    content = models.TextField(
        help_text="The conduct, how it falls below the Standards, the investigator."
    )

    class Meta:
        ordering = ["served_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} to {self.subject.person} on {self.served_on}"


class NoticeResponse(TimeStampedModel):
    """The subject's written response or statement to a notice (PCR r18)."""

    class Kind(models.TextChoices):
        WRITTEN_RESPONSE = "written_response", "Written response"
        STATEMENT = "statement", "Written statement"
        NO_RESPONSE = "no_response", "No response given"

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="responses"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    received_on = models.DateField()
    content = models.TextField(blank=True)

    class Meta:
        ordering = ["received_on", "id"]


class Interview(TimeStampedModel):
    """An interview of a subject (PCR r20): proposed, perhaps moved, then held."""

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="interviews"
    )
    proposed_on = models.DateField()
    alternative_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    attended = models.BooleanField(null=True)
    no_comment = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_on", "id"]


def evidence_path(instance: EvidenceItem, filename: str) -> str:
    # Stored under the case and the content hash, never under the uploaded name.
    return f"evidence/{instance.case_id}/{instance.sha256}"


class EvidenceItem(TimeStampedModel):
    """A stored file with its SHA-256 and who added it (chain of custody)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=300)
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="evidence_sha256_hex",
            )
        ]


class Suspension(TimeStampedModel):
    """Suspension (PCR r11) or restricted duties of a subject, with dates."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", "Suspension"
        RESTRICTED_DUTIES = "restricted_duties", "Restricted duties"

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="suspensions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="suspension_ends_after_start",
            )
        ]


class InvestigationReport(TimeStampedModel):
    """The investigator's report (PCR r21 / PRA Sch 3 para 22)."""

    investigation = models.OneToOneField(
        Investigation, on_delete=models.CASCADE, related_name="report"
    )
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField()


class ReportOpinion(models.Model):
    """The investigator's opinion on one subject in the report."""

    report = models.ForeignKey(
        InvestigationReport, on_delete=models.CASCADE, related_name="opinions"
    )
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")
    opinion = models.CharField(max_length=40, choices=DeterminationResult.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "subject"], name="one_opinion_per_subject"
            )
        ]

    def __str__(self) -> str:
        return self.get_opinion_display()


class DecisionBody(models.TextChoices):
    APPROPRIATE_AUTHORITY = "appropriate_authority", "Appropriate authority"
    IOPC = "iopc", "IOPC (Director General)"


class ProceedingsForm(models.TextChoices):
    MISCONDUCT_MEETING = "misconduct_meeting", "Misconduct meeting"
    MISCONDUCT_HEARING = "misconduct_hearing", "Misconduct hearing"
    ACCELERATED_HEARING = "accelerated_hearing", "Accelerated misconduct hearing"


class Determination(TimeStampedModel):
    """A case-to-answer decision for a subject (PCR r23; PRA Sch 3 paras 23-24),
    with who decided, when and why. Results per allegation are on each
    Allegation; this row is the decision log."""

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="determinations"
    )
    body = models.CharField(max_length=24, choices=DecisionBody.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    results = models.JSONField(help_text="Allegation id to determination result.")
    rationale = models.TextField()

    class Meta:
        ordering = ["decided_on", "id"]


class Recommendation(TimeStampedModel):
    """An IOPC recommendation, or direction, to bring proceedings (PRA Sch 3
    paras 23(5A)-(5B), 27(3)-(4))."""

    class Kind(models.TextChoices):
        RECOMMENDATION = "recommendation", "Recommendation"
        DIRECTION = "direction", "Direction"

    subject = models.ForeignKey(
        Subject, on_delete=models.CASCADE, related_name="recommendations"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    proceedings_form = models.CharField(max_length=24, choices=ProceedingsForm.choices)
    made_on = models.DateField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField()

    class Meta:
        ordering = ["made_on", "id"]
