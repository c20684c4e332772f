"""Browser URLs of the printable documents of proceedings, included by the
shell (conduct/urls.py)."""

from __future__ import annotations

from django.urls import path

from hearings import views_documents

urlpatterns = [
    path(
        "documents/referral-notices/<int:notice_id>/",
        views_documents.referral_notice_document,
        name="referral-notice-document",
    ),
    path(
        "documents/outcomes/<int:outcome_id>/",
        views_documents.outcome_letter,
        name="outcome-letter",
    ),
    path(
        "documents/list-reports/<int:report_id>/",
        views_documents.list_report_document,
        name="list-report-document",
    ),
]
