"""Celery tasks of the hearings app: thin wrappers around services."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from hearings.services.dispatch import (
    ListReportDeliveryError,
    list_report_dispatch,
    list_reports_due_for_dispatch,
)


@shared_task(
    name="hearings.tasks.dispatch_list_report",
    bind=True,
    # The service marks the report failed after COLLEGE_REPORT_MAX_ATTEMPTS
    # and stops asking for retries; this cap is only a backstop.
    max_retries=20,
    autoretry_for=(ListReportDeliveryError,),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
)
def dispatch_list_report(self: Any, report_id: int) -> str:
    """Send one list report to the College; retried with backoff."""
    return str(list_report_dispatch(report_id=report_id).status)


@shared_task(name="hearings.tasks.dispatch_pending_list_reports")
def dispatch_pending_list_reports() -> int:
    """Every 15 minutes (beat): queue again the reports still pending, so a
    flushed broker or an exhausted retry loses none."""
    report_ids = list_reports_due_for_dispatch()
    for report_id in report_ids:
        dispatch_list_report.delay(report_id)
    return len(report_ids)
