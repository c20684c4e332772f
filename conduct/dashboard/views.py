"""The dashboard page (/dashboards/, the manager's home page) and its CSV
exports, one per table."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from conduct.dashboard.compose import (
    PARAMETERS,
    YEAR,
    Dashboard,
    Return,
    annual_return_get,
    dashboard_get,
)
from conduct.exceptions import NotPermitted
from conduct.http import signed_in_user
from conduct.models import User
from referrals.selectors.case_export import csv_safe
from referrals.selectors.dashboard import (
    PERIOD_END,
    PERIOD_START,
    Table,
    filter_options,
)


@dataclass(frozen=True)
class FilterField:
    """One box of the filter form, as the page draws it."""

    name: str
    label: str
    value: str
    options: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hint: str = ""

    @property
    def is_date(self) -> bool:
        return not self.options


def _filter_fields(
    user: User, params: QueryDict, errors: dict[str, list[str]]
) -> list[FilterField]:
    def value(name: str) -> str:
        return str(params.get(name, "")).strip()

    options = filter_options(user)

    def box(name: str, label: str) -> FilterField:
        return FilterField(
            name, label, value(name), options[name], errors.get(name, [])
        )

    return [
        box("force", "Force"),
        box("regime", "Regime"),
        box("trigger", "Trigger"),
        box("mode", "Mode of investigation"),
        FilterField(
            PERIOD_START,
            "Period from",
            value(PERIOD_START),
            errors=errors.get(PERIOD_START, []),
            hint="For example, 2024-04-01",
        ),
        FilterField(
            PERIOD_END,
            "Period to",
            value(PERIOD_END),
            errors=errors.get(PERIOD_END, []),
            hint="For example, 2025-03-31",
        ),
    ]


def _query_of(params: QueryDict) -> str:
    query = QueryDict(mutable=True)
    for name in PARAMETERS:
        raw = str(params.get(name, "")).strip()
        if raw:
            query[name] = raw
    return query.urlencode()


def _dashboard_or_errors(
    request: HttpRequest,
) -> tuple[Dashboard | None, dict[str, list[str]]]:
    user = signed_in_user(request)
    try:
        return dashboard_get(user=user, params=request.GET), {}
    except NotPermitted as refusal:
        raise PermissionDenied(refusal.message) from refusal
    except ValidationError as error:
        return None, dict(error.message_dict)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every figure for the cases the user may see, under the filters in the
    query string; a filter refused shows its message and no figures."""
    found, errors = _dashboard_or_errors(request)
    status = 200 if found is not None else 400
    return render(
        request,
        "conduct/dashboard/home.html",
        {
            "dashboard": found,
            "errors": errors,
            "fields": _filter_fields(signed_in_user(request), request.GET, errors),
            "query": _query_of(request.GET),
        },
        status=status,
    )


def _write_table(writer: Any, table: Table) -> None:
    writer.writerow([csv_safe(column) for column in table.columns])
    for row in table.rows:
        values = ("" if cell.value is None else cell.value for cell in row.cells)
        writer.writerow([csv_safe(row.label), *values])


def _return_or_errors(
    request: HttpRequest,
) -> tuple[Return | None, dict[str, list[str]]]:
    try:
        return annual_return_get(user=signed_in_user(request), params=request.GET), {}
    except NotPermitted as refusal:
        raise PermissionDenied(refusal.message) from refusal
    except ValidationError as error:
        return None, dict(error.message_dict)


@login_required
@require_GET
def annual_return_page(request: HttpRequest) -> HttpResponse:
    """The annual return for a year to 31 March, printable, with its CSV."""
    found, errors = _return_or_errors(request)
    user = signed_in_user(request)
    forces = filter_options(user)["force"]
    query = QueryDict(mutable=True)
    for name in ("force", YEAR):
        raw = str(request.GET.get(name, "")).strip()
        if raw:
            query[name] = raw
    return render(
        request,
        "conduct/dashboard/annual_return.html",
        {
            "found": found,
            "errors": errors,
            "forces": forces,
            "chosen_force": str(request.GET.get("force", "")).strip(),
            "chosen_year": str(request.GET.get(YEAR, "")).strip(),
            "query": query.urlencode(),
        },
        status=200 if found is not None else 400,
    )


@login_required
@require_GET
def annual_return_csv(request: HttpRequest) -> HttpResponse:
    """Every table of the annual return in one CSV, each under its caption."""
    found, errors = _return_or_errors(request)
    if found is None:
        message = " ".join(" ".join(messages) for messages in errors.values())
        return HttpResponse(message, status=400, content_type="text/plain")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [f"Year to 31 March {found.year}", "Individuals", found.figures.individuals]
    )
    for table in found.figures.tables:
        writer.writerow([])
        writer.writerow([csv_safe(table.caption)])
        _write_table(writer, table)
    return HttpResponse(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="annual-return-{found.year}.csv"'
            )
        },
    )


@login_required
@require_GET
def dashboard_table_csv(request: HttpRequest, key: str) -> HttpResponse:
    """One table of the dashboard as CSV, under the same filters (cells that
    could be read as a formula are neutralised)."""
    found, errors = _dashboard_or_errors(request)
    if found is None:
        message = " ".join(" ".join(messages) for messages in errors.values())
        return HttpResponse(message, status=400, content_type="text/plain")
    table = found.table(key)
    if table is None:
        raise Http404("No such table.")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(column) for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                csv_safe(row.label),
                *("" if c.value is None else c.value for c in row.cells),
            ]
        )
    stamp = timezone.localtime(found.as_of).strftime("%Y%m%d-%H%M")
    return HttpResponse(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{key}-{stamp}.csv"'},
    )
