"""The shell's pages: health, and the pages that show what several apps hold
(the case page, the person page). They compose the apps' selectors and
render; only the shell may import every app (docs/architecture.md), and a
page that needs one app only lives in that app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from conduct.http import signed_in_user
from conduct.selectors.health import health_report, scheduler_info
from hearings.selectors.case_page import case_list_reports, subject_hearings
from hearings.selectors.person_page import person_page_get
from referrals.selectors.case_page import case_page_get


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer; 503 naming what is down."""
    report = health_report()
    body = {
        "status": "ok" if report.healthy else "unavailable",
        "down": report.down,
        "checks": report.checks,
        "scheduler": scheduler_info()
        if report.checks["database"]["status"] == "ok"
        else {"last_seen_at": None},
    }
    return JsonResponse(body, status=200 if report.healthy else 503)


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """Everything about one case the user may see (404 for any other)."""
    page = case_page_get(user=signed_in_user(request), case_id=case_id)
    return render(
        request,
        "referrals/case_detail.html",
        {
            "page": page,
            "case": page.case,
            "subjects": subject_hearings(page.subjects),
            "list_reports": case_list_reports(page.case),
        },
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person across the cases the user may see (404 if none)."""
    page = person_page_get(user=signed_in_user(request), person_id=person_id)
    return render(request, "referrals/person_detail.html", {"page": page})
