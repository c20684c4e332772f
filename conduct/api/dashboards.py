"""The managers' dashboard over the API: the same figures, filters and
scoping as /dashboards/ (``conduct.dashboard.compose.dashboard_get``), for
IOPC and force systems."""

from __future__ import annotations

from typing import Any

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
    Dashboard,
    dashboard_get,
)
from conduct.models import User

PARAMETERS_UNKNOWN = "Unknown parameters: {names}. The dashboard takes {known}."
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


def _data(found: Dashboard) -> dict[str, Any]:
    scope = found.scope
    return {
        "as_of": found.as_of,
        "force": scope.force.code if scope.force is not None else None,
        "period_start": scope.period_start,
        "period_end": scope.period_end,
        "tables": [
            {
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
            for table in found.tables
        ],
    }


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
        empty = sorted(
            name for name, value in request.query_params.items() if value == ""
        )
        if empty:
            raise ValidationError({name: [EMPTY_VALUE] for name in empty})
        unknown = sorted(set(request.query_params) - set(PARAMETERS))
        if unknown:
            return problem_response(
                UNKNOWN_FIELDS,
                detail=PARAMETERS_UNKNOWN.format(
                    names=", ".join(unknown), known=", ".join(PARAMETERS)
                ),
                instance=request.path,
                extra={
                    "rule": "filter.unknown",
                    "errors": {name: [UNKNOWN_FIELD] for name in unknown},
                },
            )
        user = request.user
        assert isinstance(user, User)
        found = dashboard_get(user=user, params=request.query_params)
        return Response(DashboardSerializer(_data(found)).data)
