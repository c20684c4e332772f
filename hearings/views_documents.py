"""Printable documents of proceedings: the notice of referral, the outcome
letter and the barred or advisory list report. Each is found through a scoped
selector (404 for anyone who may not see the case) and rendered for print
(templates/documents/, print.css)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from conduct.http import signed_in_user
from hearings.selectors.documents import (
    list_report_document_get,
    outcome_letter_get,
    referral_notice_document_get,
)


@login_required
@require_GET
def referral_notice_document(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The notice of referral to misconduct proceedings (PCR r30 / r51)."""
    document = referral_notice_document_get(
        user=signed_in_user(request), notice_id=notice_id
    )
    return render(
        request,
        "documents/referral_notice.html",
        {"document": document, "case": document.case},
    )


@login_required
@require_GET
def outcome_letter(request: HttpRequest, outcome_id: int) -> HttpResponse:
    """The letter notifying a subject of the outcome (PCR r43)."""
    letter = outcome_letter_get(user=signed_in_user(request), outcome_id=outcome_id)
    return render(
        request,
        "documents/outcome_letter.html",
        {"document": letter, "case": letter.case},
    )


@login_required
@require_GET
def list_report_document(request: HttpRequest, report_id: int) -> HttpResponse:
    """A barred or advisory list report, exactly as the College receives it."""
    document = list_report_document_get(
        user=signed_in_user(request), report_id=report_id
    )
    return render(
        request,
        "documents/list_report.html",
        {"document": document, "case": document.case},
    )
