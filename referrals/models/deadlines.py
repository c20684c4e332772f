from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from conduct.deadline_rules import DeadlineRuleCode
from conduct.models import DeadlineRule, TimeStampedModel
from referrals.models.cases import Case, Subject


class ReferralsClock(DeadlineRuleCode):
    """The shipped rules whose clocks the referrals stage runs
    (referrals.services.clocks says which event starts each).
    ``interview_alternative_date``, ``iopc_referral`` and ``rprp_account`` are
    shipped (the due-date calculator counts them) but no event starts their
    clocks yet."""

    NOTICE_RESPONSE = "notice_response"
    INTERVIEW_ALTERNATIVE_DATE = "interview_alternative_date"
    PROGRESS_REPORT = "progress_report"
    IOPC_REFERRAL = "iopc_referral"
    RPRP_ACCOUNT = "rprp_account"


class Deadline(TimeStampedModel):
    """A statutory clock on a case: its rule, the event that started it, its due
    date, who chases it and where it stands.

    Created by the lifecycle services in the same transaction as the anchor
    event, and met by the event that meets it. ``key`` identifies the clock
    within the case (rule, subject, anchor and period) so that the same clock is
    never opened twice. ``paused_working_days`` adds up the working days spent
    paused for criminal proceedings, already added to ``due_on`` on resumption.
    ``met_late`` says whether a met clock was met after ``due_on``, its own due
    date after any extension and pause: fixed when the clock is met (a
    database check keeps it so), so dashboards count on time and late without
    comparing dates.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        EXTENDED = "extended", "Extended"
        MISSED = "missed", "Missed"
        PAUSED = "paused", "Paused"
        MET = "met", "Met"
        CANCELLED = "cancelled", "Cancelled"

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = {
        Status.OPEN: frozenset(
            {
                Status.MET,
                Status.MISSED,
                Status.EXTENDED,
                Status.PAUSED,
                Status.CANCELLED,
            }
        ),
        Status.EXTENDED: frozenset(
            {
                Status.MET,
                Status.MISSED,
                Status.EXTENDED,
                Status.PAUSED,
                Status.CANCELLED,
            }
        ),
        Status.MISSED: frozenset({Status.MET, Status.EXTENDED, Status.CANCELLED}),
        Status.PAUSED: frozenset({Status.OPEN, Status.CANCELLED}),
        Status.MET: frozenset(),
        Status.CANCELLED: frozenset(),
    }
    #: Statuses in which the clock is running and reminders go out.
    RUNNING: ClassVar[frozenset[str]] = frozenset(
        {Status.OPEN, Status.EXTENDED, Status.MISSED}
    )

    @classmethod
    def overdue_on(cls, today: dt.date) -> models.Q:
        """What "overdue" means everywhere (work queue, case page, case list
        filter and export): still running and due before ``today``, whether
        or not the night's sweep has marked it missed yet. A paused clock is
        not overdue."""
        return models.Q(status__in=cls.RUNNING, due_on__lt=today)

    def is_overdue(self, today: dt.date) -> bool:
        """``overdue_on`` for one row already loaded."""
        return self.status in self.RUNNING and self.due_on < today

    # No index of its own: deadline_key_unique and deadline_case_status both
    # lead with case_id, and every index here is one more write when the
    # sweep marks clocks missed.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="deadlines", db_index=False
    )
    subject = models.ForeignKey(
        Subject,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120)
    title = models.CharField(max_length=200)
    anchor_event = models.CharField(max_length=64)
    anchor_on = models.DateField()
    period = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField()
    earliest_on = models.DateField(null=True, blank=True)
    acting_party = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
        help_text="Who chases the clock: reminders go to this user.",
    )
    check_local_policy = models.BooleanField(
        default=False, help_text="The rule is unverified: check local policy."
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN
    )
    met_on = models.DateField(null=True, blank=True)
    met_late = models.BooleanField(
        default=False,
        help_text="Met after its due date (after any extension or pause).",
    )
    paused_on = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="deadline_key_unique"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("anchor_on")),
                name="deadline_due_after_anchor",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "open",
                        "extended",
                        "missed",
                        "paused",
                        "met",
                        "cancelled",
                    ]
                ),
                name="deadline_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="met") | models.Q(met_on__isnull=False),
                name="deadline_met_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status="met", met_on__gt=models.F("due_on"), met_late=True
                )
                | models.Q(status="met", met_on__lte=models.F("due_on"), met_late=False)
                | (~models.Q(status="met") & models.Q(met_late=False)),
                name="deadline_met_late_after_due",
            ),
        ]
        indexes = [
            # The reminder sweep reads running clocks by due date; the case
            # list's overdue flag reads their cases from the index alone.
            models.Index(
                fields=["due_on"],
                include=["case"],
                name="deadline_running_due",
                condition=models.Q(status__in=["open", "extended", "missed"]),
            ),
            models.Index(fields=["case", "status"], name="deadline_case_status"),
        ]

    def __str__(self) -> str:
        return f"{self.title} due {self.due_on:%d %b %Y}"


class DeadlineEvent(models.Model):
    """The history of a deadline: opened, met, missed, extended, paused,
    resumed, cancelled; with who, when, the due dates before and after, why."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        EXTENDED = "extended", "Extended"
        PAUSED = "paused", "Paused"
        RESUMED = "resumed", "Resumed"
        CANCELLED = "cancelled", "Cancelled"

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    occurred_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    old_due_on = models.DateField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            # The dashboard's "of these, extended" reads the few extended
            # clocks from here, not from a million events.
            models.Index(
                fields=["deadline"],
                name="deadline_event_extended",
                condition=models.Q(kind="extended"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M}"


class Reminder(models.Model):
    """A reminder about a deadline, recorded once: the database refuses a second
    row for the same (deadline, kind, date), so a retried task, two beat
    processes or a re-run sweep cannot send twice. ``remind_on`` is the date the
    reminder belongs to, derived from the due date (lead reminders) or the sweep
    day (overdue), never from when the sweep happened to run."""

    class Kind(models.TextChoices):
        LEAD = "lead", "Due soon"
        DUE_TODAY = "due_today", "Due today"
        OVERDUE = "overdue", "Overdue"
        ESCALATION = "escalation", "Overdue: escalated to a supervisor"

    # No index of its own: reminder_once leads with deadline_id.
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders", db_index=False
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    lead_working_days = models.PositiveSmallIntegerField(default=0)
    remind_on = models.DateField()
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["remind_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "lead_working_days", "remind_on"],
                name="reminder_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="reminder_unsent",
                condition=models.Q(emailed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for deadline {self.deadline_id}"


class Notification(models.Model):
    """An in-app notification for one user (from a reminder)."""

    # No index of its own: notification_once_per_user leads with user_id.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "reminder"], name="notification_once_per_user"
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.message
