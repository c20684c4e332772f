"""Emailing recorded reminders, each once.

Each reminder is claimed with FOR UPDATE SKIP LOCKED, so two workers never
take the same one, and is emailed and marked emailed in a transaction of its
own: a worker killed after an email went out but before it was recorded sends
that one email again (with the same Message-ID, so the mail system can tell),
never the others it had sent. If the mail server fails, the attempt and the
error are recorded on the reminder and the task retries later; the reminder
stays unsent (and visible) until it goes.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from referrals.models import Notification, Reminder


class EmailBatchFailed(Exception):
    """The mail server refused or could not be reached; retry later."""


def _message_id(reminder: Reminder, notification: Notification) -> str:
    """The same for every attempt at one reminder's email to one person."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "localhost"
    return f"<reminder.{reminder.pk}.{notification.user_id}@{domain}>"


def _messages(reminder: Reminder) -> list[EmailMessage]:
    notifications = Notification.objects.filter(reminder=reminder).select_related(
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
            headers={"Message-ID": _message_id(reminder, notification)},
        )
        for notification in notifications.order_by("user_id")
        if notification.user.email
    ]


def reminder_emails_send() -> int:
    """Send the unsent reminders, one transaction each, over one connection
    to the mail server; return how many emails went."""
    sent = 0
    mail = get_connection()
    opened = False
    try:
        while True:
            failure: OSError | None = None
            with transaction.atomic():
                reminder = (
                    Reminder.objects.select_for_update(skip_locked=True)
                    .filter(emailed_at__isnull=True)
                    .order_by("id")
                    .first()
                )
                if reminder is None:
                    return sent
                messages = _messages(reminder)
                try:
                    if messages and not opened:
                        # Kept open across reminders: send_messages closes a
                        # connection only when it opened it itself.
                        mail.open()
                        opened = True
                    mail.send_messages(messages)
                except OSError as exc:
                    failure = exc
                else:
                    Reminder.objects.filter(pk=reminder.pk).update(
                        emailed_at=timezone.now(), last_error=""
                    )
                    sent += len(messages)
            if failure is not None:
                Reminder.objects.filter(pk=reminder.pk).update(
                    email_attempts=F("email_attempts") + 1,
                    last_error=str(failure)[:500],
                )
                raise EmailBatchFailed(str(failure)) from failure
    finally:
        if opened:
            mail.close()
