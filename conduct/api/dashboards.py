"""The managers' dashboard and the annual return over the API: the same
figures, filters and scoping as /dashboards/ and /dashboards/annual-return/
(``conduct.dashboard.compose``), for IOPC and force systems."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.exceptions import UNKNOWN_FIELD, UNKNOWN_FIELDS, problem_response
from conduct.api.openapi import problem_responses
from conduct.dashboard.compose import (
    MODES,
    PARAMETERS,
    REGIMES,
    TRIGGERS,
    YEAR,
    Dashboard,
    annual_return_get,
    dashboard_get,
)
from conduct.models import User

if TYPE_CHECKING:
    from referrals.selectors.dashboard import Table

PARAMETERS_UNKNOWN = "Unknown parameters: {names}. The {what} takes {known}."
#: The annual return's parameters: the year to 31 March, and one force.
RETURN_PARAMETERS = ("force", YEAR)
EMPTY_VALUE = "Give a value, or leave the parameter out."


class DashboardRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="A stable name for the row.")
    label = serializers.CharField()  # type: ignore[assignment]
    values = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="One figure per column after the first (null where there is "
        "none, as a median of no intervals).",
    )

    class Meta:
        ref_name = "DashboardRow"


class DashboardTableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    caption = serializers.CharField()
    columns = serializers.ListField(
        child=serializers.CharField(),
        help_text="Column headings; the first names the row labels.",
    )
    rows = DashboardRowSerializer(many=True)
    note = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "DashboardTable"


class DashboardSerializer(serializers.Serializer[Any]):
    as_of = serializers.DateTimeField(help_text="When the figures were counted.")
    force = serializers.CharField(
        allow_null=True, help_text="The force chosen, or null for every force."
    )
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    tables = DashboardTableSerializer(many=True)

    class Meta:
        ref_name = "Dashboard"


class AnnualReturnSerializer(serializers.Serializer[Any]):
    as_of = serializers.DateTimeField(help_text="When the figures were counted.")
    force = serializers.CharField(
        allow_null=True, help_text="The force chosen, or null for every force."
    )
    year = serializers.IntegerField(
        help_text="The year the return ends in (the year to 31 March)."
    )
    period_start = serializers.DateField(help_text="1 April of the year before.")
    period_end = serializers.DateField(help_text="31 March of the year.")
    individuals = serializers.IntegerField(
        help_text="Individuals whose proceedings were finalised in the year."
    )
    tables = DashboardTableSerializer(many=True)

    class Meta:
        ref_name = "AnnualReturn"


def _table_data(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "caption": table.caption,
        "columns": list(table.columns),
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "values": [cell.value for cell in row.cells],
            }
            for row in table.rows
        ],
        "note": table.note,
    }


def _data(found: Dashboard) -> dict[str, Any]:
    scope = found.scope
    return {
        "as_of": found.as_of,
        "force": scope.force.code if scope.force is not None else None,
        "period_start": scope.period_start,
        "period_end": scope.period_end,
        "tables": [_table_data(table) for table in found.tables],
    }


def _refused(request: Request, known: tuple[str, ...], what: str) -> Response | None:
    """The answer to parameters the endpoint does not take (400) or left
    empty (422), or None when every parameter may be read: a typo or an
    empty box is never read as no filter."""
    empty = sorted(name for name, value in request.query_params.items() if value == "")
    if empty:
        raise ValidationError({name: [EMPTY_VALUE] for name in empty})
    unknown = sorted(set(request.query_params) - set(known))
    if not unknown:
        return None
    return problem_response(
        UNKNOWN_FIELDS,
        detail=PARAMETERS_UNKNOWN.format(
            names=", ".join(unknown), what=what, known=", ".join(known)
        ),
        instance=request.path,
        extra={
            "rule": "filter.unknown",
            "errors": {name: [UNKNOWN_FIELD] for name in unknown},
        },
    )


def _parameter(
    name: str,
    description: str,
    kind: Any = OpenApiTypes.STR,
    enum: list[str] | None = None,
) -> Any:
    return OpenApiParameter(
        name, kind, OpenApiParameter.QUERY, description=description, enum=enum
    )


def _values(choices: list[tuple[str, str]]) -> list[str]:
    return [value for value, _ in choices]


class DashboardApi(APIView):
    """``GET /api/v1/dashboards/``: every figure of the dashboard."""

    @extend_schema(
        operation_id="dashboards_retrieve",
        summary="The dashboard's figures",
        description="Open cases by stage and mode, investigation ageing, "
        "referrals by factor and the IOPC's modes, progress reports, clocks by "
        "rule, suspensions and pauses, proceedings by finding, outcomes, list "
        "reports and appeals: counted over the cases the caller may see, "
        "narrowed like the case list. An unknown parameter is 400; a value not "
        "accepted is 422 with the errors per parameter: the figures are never "
        "answered unfiltered.",
        tags=["dashboards"],
        parameters=[
            _parameter("force", "A force code among the caller's forces."),
            _parameter(
                "regime", "The rules the cases are under.", enum=_values(REGIMES)
            ),
            _parameter("trigger", "How the matter arose.", enum=_values(TRIGGERS)),
            _parameter(
                "mode", "The IOPC's mode of investigation.", enum=_values(MODES)
            ),
            _parameter(
                "period_start",
                "First day of the period (YYYY-MM-DD; default 12 months to the end).",
                OpenApiTypes.DATE,
            ),
            _parameter(
                "period_end",
                "Last day of the period (YYYY-MM-DD, not in the future; "
                "default today).",
                OpenApiTypes.DATE,
            ),
        ],
        responses={
            200: DashboardSerializer,
            **problem_responses(400, 401, 403, 422, 429),
        },
    )
    def get(self, request: Request) -> Response:
        refused = _refused(request, PARAMETERS, "dashboard")
        if refused is not None:
            return refused
        user = request.user
        assert isinstance(user, User)
        found = dashboard_get(user=user, params=request.query_params)
        return Response(DashboardSerializer(_data(found)).data)


class AnnualReturnApi(APIView):
    """``GET /api/v1/dashboards/annual-return/``: the annual return."""

    @extend_schema(
        operation_id="dashboards_annual_return_retrieve",
        summary="The annual return for a year to 31 March",
        description="The figures of the Home Office's \u201cPolice misconduct, "
        "England and Wales\u201d statistics over the 2020-regime cases the "
        "caller may see: individuals whose proceedings were finalised in the "
        "year to 31 March, by route, proceedings and finding, disciplinary "
        "action, breach of the Standards, appeals and timeliness (the same "
        "tables as the printable page and its CSV). An unknown parameter is "
        "400; a year not ended or a force not the caller's is 422.",
        tags=["dashboards"],
        parameters=[
            _parameter("force", "A force code among the caller's forces."),
            _parameter(
                YEAR,
                "The year the return ends in: 2025 for the year to 31 March "
                "2025 (default the latest ended; 2020 or later).",
                OpenApiTypes.INT,
            ),
        ],
        responses={
            200: AnnualReturnSerializer,
            **problem_responses(400, 401, 403, 422, 429),
        },
    )
    def get(self, request: Request) -> Response:
        refused = _refused(request, RETURN_PARAMETERS, "annual return")
        if refused is not None:
            return refused
        user = request.user
        assert isinstance(user, User)
        found = annual_return_get(user=user, params=request.query_params)
        scope = found.scope
        data = {
            "as_of": found.as_of,
            "force": scope.force.code if scope.force is not None else None,
            "year": found.year,
            "period_start": found.starts_on,
            "period_end": found.ends_on,
            "individuals": found.figures.individuals,
            "tables": [_table_data(table) for table in found.figures.tables],
        }
        return Response(AnnualReturnSerializer(data).data)
