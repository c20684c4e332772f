from __future__ import annotations

from typing import ClassVar

import pghistory
from django.conf import settings
from django.db import models

from conduct.models import TimeStampedModel
from hearings.models.proceedings import Proceeding
from referrals.models import Allegation, Subject


class FindingResult(models.TextChoices):
    PROVEN_MISCONDUCT = "proven_misconduct", "Proven: misconduct"
    PROVEN_GROSS_MISCONDUCT = "proven_gross_misconduct", "Proven: gross misconduct"
    NOT_PROVEN = "not_proven", "Not proven"


class OutcomeKind(models.TextChoices):
    """What the persons conducting decide for a subject: PCR 2020 r42 and r62,
    PCR 2012 r35 and r55, and for former officers PCR Sch 1 (the rows of each
    table are in hearings.rules.allowed_outcomes)."""

    NO_ACTION = "no_action", "No action (case dismissed)"
    REFER_TO_RPRP = "refer_to_rprp", "Referred to reflective practice (RPRP)"
    #: PCR 2012 r35(1)(b); a former officer's misconduct (not gross).
    FINDING_NO_FURTHER_ACTION = (
        "finding_no_further_action",
        "Finding of misconduct, no further action",
    )
    #: PCR 2012 r35(3)(a)(i): there is no management advice under the 2020 rules.
    MANAGEMENT_ADVICE = "management_advice", "Management advice"
    WRITTEN_WARNING = "written_warning", "Written warning"
    FINAL_WRITTEN_WARNING = "final_written_warning", "Final written warning"
    #: PCR 2012 r55(3): at a special case hearing, in exceptional circumstances.
    FINAL_WRITTEN_WARNING_EXTENDED = (
        "final_written_warning_extended",
        "Extension of a final written warning",
    )
    REDUCTION_IN_RANK = "reduction_in_rank", "Reduction in rank"
    #: PCR 2012 r35(3)(b)(iv), r35(4): at least 28 days' notice.
    DISMISSAL_WITH_NOTICE = "dismissal_with_notice", "Dismissal with notice"
    DISMISSAL_WITHOUT_NOTICE = "dismissal_without_notice", "Dismissal without notice"
    WOULD_HAVE_BEEN_DISMISSED = "would_have_been_dismissed", "Would have been dismissed"
    WOULD_NOT_HAVE_BEEN_DISMISSED = (
        "would_not_have_been_dismissed",
        "Would not have been dismissed",
    )


@pghistory.track()
class Finding(TimeStampedModel):
    """The finding on one allegation at a proceeding.

    ``is_current`` is False once an appeal substitutes a different finding;
    ``appeal`` is the appeal that made this finding (None: the proceeding did).
    """

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.PROTECT, related_name="findings"
    )
    allegation = models.ForeignKey(
        Allegation, on_delete=models.PROTECT, related_name="findings"
    )
    result = models.CharField(max_length=32, choices=FindingResult.choices)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(default=True)
    appeal = models.ForeignKey(
        "hearings.Appeal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substituted_findings",
    )

    class Meta:
        ordering = ["allegation_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__in=FindingResult.values),
                name="finding_result_valid",
            ),
            models.UniqueConstraint(
                fields=["proceeding", "allegation"],
                condition=models.Q(is_current=True),
                name="finding_one_current_per_allegation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_result_display()


@pghistory.track()
class Outcome(TimeStampedModel):
    """The outcome for a subject of a proceeding, or substituted on appeal.

    Exactly one outcome per subject is current; an allowed appeal marks the
    old one not current and points ``superseded_by`` at its replacement, so
    the history stays. ``appeal`` is the appeal that substituted this outcome.
    """

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="outcomes"
    )
    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.PROTECT, related_name="outcomes"
    )
    kind = models.CharField(max_length=32, choices=OutcomeKind.choices)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField()
    #: The chair's report reached the appropriate authority (PCR r43(1), r63(1)).
    report_received_on = models.DateField(null=True, blank=True)
    #: The report was given to the officer (r43(2)): the appeal window opens.
    report_given_on = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    appeal = models.ForeignKey(
        "hearings.Appeal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substituted_outcomes",
    )

    class Meta:
        ordering = ["decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OutcomeKind.values),
                name="outcome_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(is_current=True),
                name="outcome_one_current_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(is_current=True, superseded_by__isnull=True)
                | models.Q(is_current=False),
                name="outcome_current_not_superseded",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


@pghistory.track()
class Appeal(TimeStampedModel):
    """An appeal against ``outcome``: to an appeal meeting from a misconduct
    meeting (PCR r45), or to a Police Appeals Tribunal from a hearing or an
    accelerated hearing (PAT Rules 2020)."""

    class Kind(models.TextChoices):
        APPEAL_MEETING = "appeal_meeting", "Appeal meeting"
        POLICE_APPEALS_TRIBUNAL = "police_appeals_tribunal", "Police Appeals Tribunal"

    class Status(models.TextChoices):
        LODGED = "lodged", "Lodged"
        DISMISSED = "dismissed", "Dismissed"
        ALLOWED = "allowed", "Allowed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.LODGED: frozenset({Status.DISMISSED, Status.ALLOWED, Status.WITHDRAWN}),
        Status.DISMISSED: frozenset(),
        Status.ALLOWED: frozenset(),
        Status.WITHDRAWN: frozenset(),
    }

    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="appeals"
    )
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, related_name="appeals"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.LODGED
    )
    lodged_on = models.DateField()
    #: A tribunal appeal: the day the respondent received its copy of the
    #: notice of appeal, from which its papers are due (PAT Rules 2020 r13(3)).
    notice_received_on = models.DateField(null=True, blank=True)
    grounds = models.TextField()
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["lodged_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["lodged", "dismissed", "allowed", "withdrawn"]
                ),
                name="appeal_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["appeal_meeting", "police_appeals_tribunal"]
                ),
                name="appeal_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="lodged")
                | models.Q(decided_on__isnull=False),
                name="appeal_decided_has_date",
            ),
            models.UniqueConstraint(
                fields=["subject"],
                condition=models.Q(status="lodged"),
                name="appeal_one_pending_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
