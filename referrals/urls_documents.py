"""Browser URLs for evidence and the notice of investigation, included by the
shell (conduct/urls.py)."""

from __future__ import annotations

from django.urls import path

from referrals import views_documents

urlpatterns = [
    path(
        "cases/<int:case_id>/evidence/",
        views_documents.evidence_upload,
        name="evidence-upload",
    ),
    path(
        "evidence/<int:evidence_id>/file/",
        views_documents.evidence_download,
        name="evidence-download",
    ),
    path(
        "documents/notices/<int:notice_id>/",
        views_documents.notice_document,
        name="notice-document",
    ),
]
