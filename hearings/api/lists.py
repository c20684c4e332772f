"""Barred and advisory list reports over the API: a case's reports, one
report with its deliveries, and re-queueing a failed one
(hearings.services.dispatch)."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.concurrency import Versioned, set_etag
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from hearings.api.serializers import ListReportRowSerializer, ListReportSerializer
from hearings.models import ListReport
from hearings.selectors.proceedings import (
    list_report_detail_get,
    list_reports_with_due_on,
)
from hearings.selectors.steps import list_report_get
from hearings.services.dispatch import list_report_requeue
from referrals.api.steps import (
    READ_ERRORS,
    CaseStepApi,
    case_etag,
    documented,
    step_output,
    user_of,
)
from referrals.models import Case
from referrals.selectors.cases import case_version_get

# ---------------------------------------------------------------- list reports


class CaseListReportsApi(APIView):
    @extend_schema(
        operation_id="cases_list_reports_list",
        summary="A case's list reports",
        description="Barred and advisory list reports made on the case, oldest "
        "first, with their delivery status.",
        tags=["list reports"],
        responses={200: ListReportRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = case_version_get(user=user_of(request), case_id=case_id)
        reports = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").filter(
                case_id=case.pk
            )
        ).order_by("event_on", "id")
        data = ListReportRowSerializer(cast(Any, reports), many=True).data
        return set_etag(Response(data), case_etag(case))


class ListReportDetailApi(APIView):
    @extend_schema(
        operation_id="list_reports_retrieve",
        summary="A list report",
        description="The content snapshot sent to the College of Policing, and "
        "its delivery: status, attempts and each attempt's result.",
        tags=["list reports"],
        responses={200: ListReportSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, report_id: int) -> Response:
        report = list_report_detail_get(user=user_of(request), report_id=report_id)
        return set_etag(
            Response(ListReportSerializer(report).data),
            Versioned("case", report.case_id, report.case.version),
        )


class RequeueInput(StrictInput):
    reason = serializers.CharField(help_text="What was fixed.")

    class Meta:
        ref_name = "ListReportRequeueInput"


@documented(
    "list_reports_requeue_create",
    "Re-queue a failed list report",
    tag="list reports",
    request=RequeueInput,
    output=step_output("ListReportRequeued", report=ListReportSerializer()),
    description="A PSD supervisor sends a failed report again once its cause "
    "is fixed. Needs `If-Match` with the case's ETag; accepts `Idempotency-Key`.",
    example={"reason": "The College endpoint address was corrected."},
)
class ListReportRequeueApi(CaseStepApi):
    lookup = "report_id"
    argument = "report"
    service = list_report_requeue
    InputSerializer = RequeueInput

    def find(self, user: User, pk: int) -> tuple[ListReport, Case]:
        report = list_report_get(user=user, report_id=pk)
        return report, report.case

    def body(self, result: ListReport) -> dict[str, Any]:
        report = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").prefetch_related(
                "deliveries"
            )
        ).get(pk=result.pk)
        return {"report": ListReportSerializer(report).data}
