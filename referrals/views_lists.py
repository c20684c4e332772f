"""The pages that list what the user may see: their work queue (the home
page), the case list with its filters and CSV export, and search."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from conduct.http import HtmxHttpRequest, signed_in_user
from conduct.models import Role
from referrals.selectors.case_export import case_export_rows
from referrals.selectors.case_list_page import (
    case_filter_values,
    case_filters_from,
    case_list_page_get,
)
from referrals.selectors.cases import case_list
from referrals.selectors.search import search as search_results
from referrals.selectors.work_queue import work_queue_get
from referrals.services.exports import cases_export_record


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's work queue: their cases, and their clocks due or overdue.
    A manager's home is the dashboard: they hold no work of their own."""
    user = signed_in_user(request)
    if user.role == Role.MANAGER:
        return redirect("dashboard")
    queue = work_queue_get(user=user)
    return render(request, "referrals/home.html", {"queue": queue})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def case_list_page(request: HtmxHttpRequest) -> HttpResponse:
    """The cases the user may see, filtered, sorted and a page at a time. An
    htmx request (the filters, a column heading, a page link) gets only the
    part of the page it swaps, with the page's title."""
    listing = case_list_page_get(user=signed_in_user(request), params=request.GET)
    if not request.htmx or request.htmx.history_restore_request:
        return render(request, "referrals/case_list.html", {"listing": listing})
    response = render(
        request, "referrals/_case_list_fragment.html", {"listing": listing}
    )
    # The address bar shows the filters in use, not every empty box sent.
    return push_url(response, listing.canonical_url)


class _Echo:
    """A file whose ``write`` returns the line, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered case list as CSV, streamed; the export is audited."""
    user = signed_in_user(request)
    filters = case_filters_from(request.GET)
    try:
        cases = case_list(user=user, filters=filters)
    except ValidationError:
        # The list page shows what is wrong with the filters.
        return redirect(f"{reverse('case-list')}?{filters.urlencode()}")
    cases_export_record(
        actor=user, filters=case_filter_values(filters), row_count=cases.count()
    )
    writer = csv.writer(_Echo())
    rows: Iterator[str] = (writer.writerow(row) for row in case_export_rows(cases))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return StreamingHttpResponse(
        rows,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="cases-{stamp}.csv"'},
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """What the search box finds among the cases and people the user may see."""
    results = search_results(
        user=signed_in_user(request), query=request.GET.get("q", "")
    )
    return render(request, "referrals/search.html", {"results": results})
