"""Printable documents of proceedings: the notice of referral, the outcome
letter and the barred or advisory list report. Each is found through a scoped
selector (404 for anyone who may not see the case) and rendered for print
(templates/documents/, print.css)."""

from __future__ import annotations

from hearings.selectors.documents import (
    list_report_document_get,
    outcome_letter_get,
    referral_notice_document_get,
)
from referrals.views_documents import document_view

referral_notice_document = document_view(
    referral_notice_document_get,
    "documents/referral_notice.html",
    "The notice of referral to misconduct proceedings (PCR r30 / r51).",
)
outcome_letter = document_view(
    outcome_letter_get,
    "documents/outcome_letter.html",
    "The letter notifying a subject of the outcome (PCR r43).",
)
list_report_document = document_view(
    list_report_document_get,
    "documents/list_report.html",
    "A barred or advisory list report, exactly as the College receives it.",
)
