from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from conduct.selectors.health import health_report, scheduler_info


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
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "conduct/home.html")
