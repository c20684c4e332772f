"""The dashboard page (/dashboards/, the manager's home page) and its CSV
exports, one per table."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

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

#: What a page reads: a ``Dashboard`` or a ``Return``.
Found = TypeVar("Found", Dashboard, Return)


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


def _query_of(params: QueryDict, names: Iterable[str] = PARAMETERS) -> str:
    """The non-empty ``names`` of ``params``, for the links that keep them."""
    query = QueryDict(mutable=True)
    for name in names:
        raw = str(params.get(name, "")).strip()
        if raw:
            query[name] = raw
    return query.urlencode()


def _read(
    request: HttpRequest, reader: Callable[..., Found]
) -> tuple[Found | None, dict[str, list[str]]]:
    """What ``reader`` (``dashboard_get``, ``annual_return_get``) answers the
    signed-in user for the query string, or the refused values' messages; a
    role that reads no case is 403."""
    try:
        return reader(user=signed_in_user(request), params=request.GET), {}
    except NotPermitted as refusal:
        raise PermissionDenied(refusal.message) from refusal
    except ValidationError as error:
        return None, dict(error.message_dict)


def _refused(errors: dict[str, list[str]]) -> HttpResponse:
    """A CSV download whose filters were refused: their messages, 400."""
    message = " ".join(" ".join(messages) for messages in errors.values())
    return HttpResponse(message, status=400, content_type="text/plain")


def _write_table(writer: Any, table: Table) -> None:
    writer.writerow([csv_safe(column) for column in table.columns])
    for row in table.rows:
        values = ("" if cell.value is None else cell.value for cell in row.cells)
        writer.writerow([csv_safe(row.label), *values])


def _csv(filename: str, write: Callable[[Any], None]) -> HttpResponse:
    out = io.StringIO()
    write(csv.writer(out))
    return HttpResponse(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every figure for the cases the user may see, under the filters in the
    query string; a filter refused shows its message and no figures."""
    found, errors = _read(request, dashboard_get)
    return render(
        request,
        "conduct/dashboard/home.html",
        {
            "dashboard": found,
            "errors": errors,
            "fields": _filter_fields(signed_in_user(request), request.GET, errors),
            "query": _query_of(request.GET),
        },
        status=200 if found is not None else 400,
    )


@login_required
@require_GET
def dashboard_table_csv(request: HttpRequest, key: str) -> HttpResponse:
    """One table of the dashboard as CSV, under the same filters (cells that
    could be read as a formula are neutralised)."""
    found, errors = _read(request, dashboard_get)
    if found is None:
        return _refused(errors)
    table = found.table(key)
    if table is None:
        raise Http404("No such table.")
    stamp = timezone.localtime(found.as_of).strftime("%Y%m%d-%H%M")
    return _csv(f"{key}-{stamp}.csv", lambda writer: _write_table(writer, table))


@login_required
@require_GET
def annual_return_page(request: HttpRequest) -> HttpResponse:
    """The annual return for a year to 31 March, printable, with its CSV."""
    found, errors = _read(request, annual_return_get)
    return render(
        request,
        "conduct/dashboard/annual_return.html",
        {
            "found": found,
            "errors": errors,
            "forces": filter_options(signed_in_user(request))["force"],
            "chosen_force": str(request.GET.get("force", "")).strip(),
            "chosen_year": str(request.GET.get(YEAR, "")).strip(),
            "query": _query_of(request.GET, ("force", YEAR)),
        },
        status=200 if found is not None else 400,
    )


@login_required
@require_GET
def annual_return_csv(request: HttpRequest) -> HttpResponse:
    """Every table of the annual return in one CSV, each under its caption."""
    found, errors = _read(request, annual_return_get)
    if found is None:
        return _refused(errors)
    figures = found.figures

    def write(writer: Any) -> None:
        writer.writerow(
            [f"Year to 31 March {found.year}", "Individuals", figures.individuals]
        )
        for table in figures.tables:
            writer.writerow([])
            writer.writerow([csv_safe(table.caption)])
            _write_table(writer, table)

    return _csv(f"annual-return-{found.year}.csv", write)
