"""The shell's pages: health, home and the pages that show what several apps
hold (the case page, the person page). They compose the apps' selectors and
render; only the shell may import every app (docs/architecture.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from conduct.models import User
from conduct.selectors.health import health_report, scheduler_info
from hearings.selectors.case_page import case_list_reports, subject_hearings
from hearings.selectors.person_page import person_page_get
from referrals.selectors.case_page import case_page_get
from referrals.selectors.work_queue import work_queue_get


def _user(request: HttpRequest) -> User:
    """The signed-in user (the view is behind login_required)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


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
def home(request: HttpRequest) -> HttpResponse:
    """The user's work queue: their cases, and their clocks due or overdue."""
    queue = work_queue_get(user=_user(request))
    return render(request, "conduct/home.html", {"queue": queue})


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """Everything about one case the user may see (404 for any other)."""
    page = case_page_get(user=_user(request), case_id=case_id)
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
    page = person_page_get(user=_user(request), person_id=person_id)
    return render(request, "referrals/person_detail.html", {"page": page})
