"""Emailing recorded reminders, each once.

Rows are claimed with FOR UPDATE SKIP LOCKED so two workers never take the same
reminder, and a reminder is marked emailed in the transaction that sent it. If
the mail server fails, the attempt and the error are recorded on the rows and
the task retries later; the reminder stays unsent (and visible) until it goes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from referrals.models import Notification, Reminder

BATCH_SIZE = 200


class EmailBatchFailed(Exception):
    """The mail server refused or could not be reached; retry later."""


def _messages(batch: list[Reminder]) -> list[EmailMessage]:
    notifications = Notification.objects.filter(reminder__in=batch).select_related(
        "user"
    )
    return [
        EmailMessage(
            subject=notification.message[:150],
            body=(
                f"{notification.message}\n\nOpen the case in the case management "
                "system for the details."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.user.email],
        )
        for notification in notifications
        if notification.user.email
    ]


def reminder_emails_send(*, batch_size: int = BATCH_SIZE) -> int:
    """Send unsent reminders in batches; return how many emails went."""
    sent = 0
    while True:
        failure: OSError | None = None
        batch_ids: list[int] = []
        with transaction.atomic():
            batch = list(
                Reminder.objects.select_for_update(skip_locked=True)
                .filter(emailed_at__isnull=True)
                .order_by("id")[:batch_size]
            )
            if not batch:
                return sent
            batch_ids = [reminder.pk for reminder in batch]
            messages = _messages(batch)
            try:
                with get_connection() as mail:
                    mail.send_messages(messages)
            except OSError as exc:
                failure = exc
            else:
                Reminder.objects.filter(pk__in=batch_ids).update(
                    emailed_at=timezone.now(), last_error=""
                )
                sent += len(messages)
        if failure is not None:
            Reminder.objects.filter(pk__in=batch_ids).update(
                email_attempts=F("email_attempts") + 1, last_error=str(failure)[:500]
            )
            raise EmailBatchFailed(str(failure)) from failure
