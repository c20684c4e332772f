"""Celery tasks of the referrals app: thin wrappers around services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task
from django.utils import timezone

from referrals.services.progress import progress_reports_draft
from referrals.services.reminder_emails import EmailBatchFailed, reminder_emails_send
from referrals.services.reminders import deadline_sweep


@shared_task(name="referrals.tasks.sweep_deadlines")
def sweep_deadlines(today: str | None = None) -> dict[str, Any]:
    """Daily (beat, 07:00 Europe/London): missed clocks and today's reminders.

    ``today`` (YYYY-MM-DD) lets an operator re-run a missed day; running a day
    twice records nothing new.
    """
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    result = deadline_sweep(today=day)
    return {
        "today": result.today.isoformat(),
        "missed": result.missed,
        "reminders": result.reminders,
        "notifications": result.notifications,
    }


@shared_task(
    name="referrals.tasks.send_reminder_emails",
    bind=True,
    max_retries=8,
    autoretry_for=(EmailBatchFailed,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
)
def send_reminder_emails(self: Any) -> int:
    """Email the recorded reminders not yet emailed; retried with backoff."""
    return reminder_emails_send()


@shared_task(name="referrals.tasks.draft_progress_reports")
def draft_progress_reports() -> int:
    """Daily (beat, 06:30 Europe/London): draft progress reports falling due."""
    return len(progress_reports_draft(today=timezone.localdate()))
