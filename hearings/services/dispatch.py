"""Delivering barred and advisory list reports to the College of Policing.

:func:`list_report_dispatch` claims one pending report with SELECT ... FOR
UPDATE SKIP LOCKED and keeps the row locked while it sends, so a second
worker (a duplicate task, the beat re-queue) skips the report instead of
sending it again; once SENT it is never sent again. The idempotency key goes
with every attempt (Idempotency-Key header, Message-ID), so a delivery
repeated after a crash between sending and committing is recognisable at the
College.

Every attempt is recorded (ListReportDelivery) and committed before any retry
is asked for: a failure raises :class:`ListReportDeliveryError` only after its
transaction has committed, and the Celery task retries with backoff. After
``COLLEGE_REPORT_MAX_ATTEMPTS`` failed deliveries the report is FAILED and
waits for a person (:func:`list_report_requeue`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from conduct.exceptions import ApplicationError
from conduct.models import PSD_SUPERVISORS, User
from conduct.services.audit import audit_record
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.models import ListReport, ListReportDelivery
from hearings.services.clocks import LIST_REPORT_RULES
from hearings.services.documents import (
    RenderedReport,
    list_report_problems,
    list_report_render,
)
from referrals.permissions import require_case_access, require_role
from referrals.services.clocks import deadlines_lock, deadlines_meet
from referrals.services.common import check_rationale

NOT_CONFIGURED_EMAIL = (
    "No College address configured: set DJANGO_COLLEGE_REPORT_EMAIL. "
    "The report waits until it is."
)
NOT_CONFIGURED_HTTPS = (
    "No College endpoint configured: set DJANGO_COLLEGE_REPORT_URL and "
    "DJANGO_COLLEGE_REPORT_HMAC_SECRET. The report waits until they are."
)
CONTENT_INVALID = (
    "Not sent: the report is incomplete ({problems}). Correct it, then re-queue it."
)
NOT_FAILED = "Only a report whose delivery failed can be re-queued."
EXCERPT_LENGTH = 500
#: The beat leaves a report alone this long after an attempt (its task retries).
REQUEUE_AFTER_MINUTES = 10


class ListReportDeliveryError(Exception):
    """The College could not be reached or refused the report; retry later."""


@dataclass(frozen=True)
class Attempt:
    outcome: str
    channel: str
    response_status: int | None = None
    response_excerpt: str = ""
    error: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A signed POST is never replayed to another address: 3xx is a failure."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def signature(body: bytes, secret: str) -> str:
    """The X-Signature header: HMAC-SHA256 of the exact body bytes."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def _message_id(report: ListReport) -> str:
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "localhost"
    return f"<list-report.{report.idempotency_key}@{domain}>"


def _send_email(report: ListReport, rendered: RenderedReport) -> Attempt:
    channel = ListReport.Channel.EMAIL
    address = settings.COLLEGE_REPORT_EMAIL
    if not address:
        return Attempt(
            ListReportDelivery.Outcome.NOT_CONFIGURED,
            channel,
            error=NOT_CONFIGURED_EMAIL,
        )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={
            "Message-ID": _message_id(report),
            "X-Conduct-Report-Key": str(report.idempotency_key),
        },
    )
    message.attach_alternative(rendered.html, "text/html")
    message.attach(
        f"{report.kind}-report-{report.idempotency_key}.json",
        rendered.json,
        "application/json",
    )
    try:
        with get_connection(fail_silently=False) as mail:
            mail.send_messages([message])
    except OSError as exc:  # smtplib errors are OSErrors
        return Attempt(
            ListReportDelivery.Outcome.FAILED,
            channel,
            error=f"{type(exc).__name__}: {exc}"[:EXCERPT_LENGTH],
        )
    return Attempt(ListReportDelivery.Outcome.SENT, channel)


def _post(report: ListReport, rendered: RenderedReport) -> Attempt:
    channel = ListReport.Channel.HTTPS
    url = settings.COLLEGE_REPORT_URL
    secret = settings.COLLEGE_REPORT_HMAC_SECRET
    if not url or not secret:
        return Attempt(
            ListReportDelivery.Outcome.NOT_CONFIGURED,
            channel,
            error=NOT_CONFIGURED_HTTPS,
        )
    body = rendered.json.encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is configuration
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Idempotency-Key": str(report.idempotency_key),
            "X-Signature": signature(body, secret),
            "X-Timestamp": str(int(time.time())),
        },
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=settings.COLLEGE_REPORT_TIMEOUT) as response:
            status = int(response.status)
            excerpt = response.read(EXCERPT_LENGTH).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        excerpt = exc.read(EXCERPT_LENGTH).decode("utf-8", "replace")
        return Attempt(
            ListReportDelivery.Outcome.FAILED,
            channel,
            response_status=exc.code,
            response_excerpt=excerpt,
            error=f"The College answered HTTP {exc.code}.",
        )
    except OSError as exc:  # URLError, timeouts, refused connections
        reason = getattr(exc, "reason", exc)
        return Attempt(
            ListReportDelivery.Outcome.FAILED,
            channel,
            error=f"{type(exc).__name__}: {reason}"[:EXCERPT_LENGTH],
        )
    return Attempt(
        ListReportDelivery.Outcome.SENT,
        channel,
        response_status=status,
        response_excerpt=excerpt,
    )


def _deliver(report: ListReport) -> Attempt:
    channel = settings.COLLEGE_REPORT_CHANNEL
    problems = list_report_problems(report)
    if problems:
        return Attempt(
            ListReportDelivery.Outcome.INVALID,
            channel,
            error=CONTENT_INVALID.format(problems="; ".join(problems)),
        )
    rendered = list_report_render(report)
    if channel == ListReport.Channel.HTTPS:
        return _post(report, rendered)
    return _send_email(report, rendered)


def _record(report: ListReport, attempt: Attempt) -> None:
    """Apply the attempt to the locked report and write its one audit event."""
    now = timezone.now()
    ListReportDelivery.objects.create(
        report=report,
        attempted_at=now,
        channel=attempt.channel,
        outcome=attempt.outcome,
        response_status=attempt.response_status,
        response_excerpt=attempt.response_excerpt,
        error=attempt.error,
    )
    old_status = report.status
    report.last_attempt_at = now
    report.channel = attempt.channel
    report.response_status = attempt.response_status
    report.response_excerpt = attempt.response_excerpt
    report.last_error = attempt.error
    if attempt.outcome == ListReportDelivery.Outcome.SENT:
        transition(report, ListReport.Status.SENT)
        report.sent_at = now
        # BL Regs r3(1), r12(1): the report is made when the College has it.
        code = LIST_REPORT_RULES.get(ListReport.Kind(report.kind))
        if code is not None:
            deadlines_meet(
                case=report.case,
                rule_codes=[code],
                subject=report.subject,
                met_on=timezone.localdate(now),
            )
    elif attempt.outcome == ListReportDelivery.Outcome.INVALID:
        transition(report, ListReport.Status.FAILED)
    elif attempt.outcome == ListReportDelivery.Outcome.FAILED:
        # A missing configuration is not the College's failure: only real
        # attempts count towards giving up.
        report.attempts += 1
        if report.attempts >= settings.COLLEGE_REPORT_MAX_ATTEMPTS:
            transition(report, ListReport.Status.FAILED)
    report.save(
        update_fields=[
            "status",
            "attempts",
            "last_attempt_at",
            "sent_at",
            "channel",
            "response_status",
            "response_excerpt",
            "last_error",
            "updated_at",
        ]
    )
    sent = attempt.outcome == ListReportDelivery.Outcome.SENT
    audit_record(
        actor=None,
        action=HearingsAction.LIST_REPORT_SENT
        if sent
        else HearingsAction.LIST_REPORT_DELIVERY_FAILED,
        target=report,
        case_id=report.case_id,
        old={"status": old_status},
        new={
            "status": report.status,
            "channel": attempt.channel,
            "outcome": attempt.outcome,
            "attempts": report.attempts,
            "response_status": attempt.response_status,
            "error": attempt.error,
        },
    )


def _lock_clock(report: ListReport) -> None:
    """Lock the clock that sending meets (``_record``) before sending.

    Whatever holds it (the daily sweep holds every clock it marks missed
    until it commits) is then waited for before the College has the report,
    not between sending and recording it: a worker killed while it waited
    would otherwise have sent a report its successor sends again.
    """
    code = LIST_REPORT_RULES.get(ListReport.Kind(report.kind))
    if code is not None:
        deadlines_lock(case=report.case, rule_codes=[code], subject=report.subject)


def list_report_dispatch(*, report_id: int) -> ListReport:
    """Send one pending report to the College, at most once.

    Returns the report untouched when another worker holds it or it is not
    pending (sent, failed or still a draft). Raises ListReportDeliveryError,
    after recording the attempt, when a retry may succeed.
    """
    retry = False
    with transaction.atomic():
        report = (
            ListReport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("case", "subject", "relevant_authority", "previous_report")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status != ListReport.Status.PENDING:
            # Locked by a worker sending it right now, or nothing to do.
            return ListReport.objects.get(pk=report_id)
        _lock_clock(report)
        attempt = _deliver(report)
        _record(report, attempt)
        retry = (
            attempt.outcome == ListReportDelivery.Outcome.FAILED
            and report.status == ListReport.Status.PENDING
        )
    if retry:
        raise ListReportDeliveryError(attempt.error)
    return report


def list_reports_due_for_dispatch() -> list[int]:
    """Pending reports not attempted in the last few minutes (their own task
    is retrying those), for the beat to queue again."""
    cutoff = timezone.now() - dt.timedelta(minutes=REQUEUE_AFTER_MINUTES)
    return list(
        ListReport.objects.filter(status=ListReport.Status.PENDING)
        .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=cutoff))
        .order_by("id")
        .values_list("id", flat=True)
    )


#: Who may send a failed report again: a PSD supervisor.
REQUEUE_ROLES = PSD_SUPERVISORS


@transaction.atomic
def list_report_requeue(
    *, actor: User | None, report: ListReport, reason: str
) -> ListReport:
    """Send a failed report again once its cause is fixed (PSD supervisor)."""
    report = ListReport.objects.select_for_update().get(pk=report.pk)
    require_case_access(actor, report.case, "re-queue a list report")
    require_role(actor, REQUEUE_ROLES, "re-queue a list report")
    reason = check_rationale(reason)
    if report.status != ListReport.Status.FAILED:
        raise ApplicationError(NOT_FAILED, rule="list_report.requeue")
    old, new = transition(report, ListReport.Status.PENDING)
    old_attempts = report.attempts
    report.attempts = 0
    report.save(update_fields=["status", "attempts", "updated_at"])
    audit_record(
        actor=actor,
        action=HearingsAction.LIST_REPORT_REQUEUED,
        target=report,
        case_id=report.case_id,
        old={"status": old, "attempts": old_attempts},
        new={"status": new, "attempts": 0},
        rationale=reason,
    )
    report_id = report.pk
    transaction.on_commit(lambda: _queue(report_id))
    return report


def _queue(report_id: int) -> None:
    from hearings.tasks import dispatch_list_report

    dispatch_list_report.delay(report_id)
