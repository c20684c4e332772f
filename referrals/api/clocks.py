"""Statutory clocks over the API: a case's deadlines with their history,
one deadline, extending or cancelling one (referrals.services.deadlines owns
the rules: who may, which rules are extendable, the new date later than the
old); and the investigation progress reports the 12- and 6-month clock asks
for (PCR r19; CMR r13): the case's reports, one report, and sending it.

The daily sweep drafts each progress report (``progress_reports_draft``); a
client reads the draft, completes it and sends it. Sending meets the period's
clock and opens the next period while the investigation is open: the next
clock is in ``deadlines_created``.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import DeadlineSerializer, choice
from referrals.api.steps import (
    DEADLINE_EXAMPLE,
    CaseLookup,
    CaseReadApi,
    CaseStepApi,
    documented,
    documented_read,
    step_output,
)
from referrals.models import Case, Deadline, DeadlineEvent, ProgressReport
from referrals.permissions import scoped_get
from referrals.selectors.steps import deadline_get
from referrals.services.deadlines import deadline_cancel, deadline_extend
from referrals.services.progress import progress_report_send


class DeadlineEventSerializer(serializers.Serializer[DeadlineEvent]):
    kind = choice(DeadlineEvent.Kind.choices, "DeadlineEventKind")
    occurred_at = serializers.DateTimeField()
    old_due_on = serializers.DateField(allow_null=True)
    new_due_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "DeadlineEvent"


class DeadlineHistorySerializer(DeadlineSerializer):
    acting_party = serializers.CharField()
    paused_on = serializers.DateField(allow_null=True)
    extendable = serializers.BooleanField(source="rule.extendable")
    events = DeadlineEventSerializer(
        many=True, help_text="Opened, met, missed, extended, paused, resumed..."
    )

    class Meta:
        ref_name = "DeadlineWithHistory"


def deadline_data(deadline_id: int) -> Any:
    deadline = (
        Deadline.objects.select_related("rule")
        .prefetch_related("events")
        .get(pk=deadline_id)
    )
    return DeadlineHistorySerializer(deadline).data


DEADLINE_HISTORY_EXAMPLE: dict[str, Any] = DEADLINE_EXAMPLE | {
    "acting_party": "Subject",
    "paused_on": None,
    "extendable": True,
    "events": [
        {
            "kind": "opened",
            "occurred_at": "2016-12-12T10:04:11Z",
            "old_due_on": None,
            "new_due_on": "2016-12-28",
            "reason": "",
        }
    ],
}


@documented_read(
    "deadlines_retrieve",
    "Get a deadline",
    tag="deadlines",
    output=DeadlineHistorySerializer,
    description="One statutory clock of a case with its history (opened, "
    "extended, met, ...). The `ETag` is the case's: send it in `If-Match` "
    "to extend or cancel the deadline.",
    examples=[
        OpenApiExample(
            "Response to the notice",
            value=DEADLINE_HISTORY_EXAMPLE,
            response_only=True,
        )
    ],
)
class DeadlineDetailApi(CaseReadApi):
    lookup = "deadline_id"
    getter = deadline_get

    def answer(self, target: Deadline) -> Any:
        return deadline_data(target.pk)


@documented_read(
    "cases_deadlines_list",
    "A case's deadlines, with their history",
    tag="deadlines",
    output=DeadlineHistorySerializer(many=True),
    description="Every statutory clock of the case, running or not (open, "
    "extended, met, missed, paused, cancelled), by due date, each with "
    "its events.",
)
class CaseDeadlinesApi(CaseLookup, CaseReadApi):
    def answer(self, target: Case) -> Any:
        deadlines = (
            Deadline.objects.filter(case_id=target.pk)
            .select_related("rule")
            .prefetch_related(Prefetch("events", queryset=DeadlineEvent.objects.all()))
            .order_by("due_on", "id")
        )
        return DeadlineHistorySerializer(cast(Any, deadlines), many=True).data


class DeadlineStepApi(CaseStepApi):
    lookup = "deadline_id"
    getter = deadline_get
    argument = "deadline"

    def body(self, result: Deadline) -> dict[str, Any]:
        return {"deadline": deadline_data(result.pk)}


DeadlineOutput = step_output("DeadlineStep", deadline=DeadlineHistorySerializer())


class ExtendInput(StrictInput):
    new_due_on = serializers.DateField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "DeadlineExtendInput"


@documented(
    "deadlines_extension_create",
    "Extend a deadline",
    tag="deadlines",
    request=ExtendInput,
    output=DeadlineOutput,
    description="Only a rule that allows it, by the role the rule names, to a "
    "later date. Needs `If-Match` with the case's ETag; accepts "
    "`Idempotency-Key`.",
    example={"new_due_on": "2023-03-15", "reason": "The subject's friend is ill."},
)
class DeadlineExtendApi(DeadlineStepApi):
    service = deadline_extend
    InputSerializer = ExtendInput


class CancelInput(StrictInput):
    reason = serializers.CharField()

    class Meta:
        ref_name = "DeadlineCancelInput"


@documented(
    "deadlines_cancellation_create",
    "Cancel a deadline",
    tag="deadlines",
    request=CancelInput,
    output=DeadlineOutput,
    description="Stops a clock that no longer applies (supervisors). Needs "
    "`If-Match` with the case's ETag; accepts `Idempotency-Key`.",
    example={"reason": "The proceedings were withdrawn."},
)
class DeadlineCancelApi(DeadlineStepApi):
    service = deadline_cancel
    InputSerializer = CancelInput


NO_SUCH_PROGRESS_REPORT = "No such progress report."


def progress_report_get(*, user: User, report_id: int) -> ProgressReport:
    return scoped_get(
        ProgressReport.objects.select_related("case"),
        user=user,
        pk=report_id,
        case_path="case",
        missing=NO_SUCH_PROGRESS_REPORT,
    )


class ProgressReportSerializer(serializers.Serializer[ProgressReport]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    deadline = serializers.IntegerField(
        source="deadline_id", help_text="The clock of the period it answers."
    )
    period = serializers.IntegerField(help_text="1 for the first 12 months, then 2…")
    due_on = serializers.DateField()
    status = choice(ProgressReport.Status.choices, "ProgressReportStatus")
    regulation = serializers.CharField()
    sender = choice(ProgressReport.Sender.choices, "ProgressReportSender")
    sender_name = serializers.CharField()
    addressees = serializers.ListField(child=serializers.CharField())
    came_to_attention_on = serializers.DateField()
    notices = serializers.JSONField(
        help_text="The written notices served on each subject, as sent."
    )
    progress = serializers.CharField()
    estimated_completion_on = serializers.DateField(allow_null=True)
    estimated_report_on = serializers.DateField(allow_null=True)
    delay_reasons = serializers.CharField(allow_blank=True)
    planned_steps = serializers.CharField(allow_blank=True)
    sent_on = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "ProgressReport"


@documented_read(
    "cases_progress_reports_list",
    "A case's progress reports",
    tag="investigation",
    output=ProgressReportSerializer(many=True),
    description="Drafted and sent progress reports, by due date. The `ETag` "
    "is the case's.",
)
class CaseProgressReportsApi(CaseLookup, CaseReadApi):
    def answer(self, target: Case) -> Any:
        reports = ProgressReport.objects.filter(case_id=target.pk).order_by(
            "due_on", "id"
        )
        return ProgressReportSerializer(cast(Any, reports), many=True).data


@documented_read(
    "progress_reports_retrieve",
    "Get a progress report",
    tag="investigation",
    description="The draft to complete, or the report as sent. The `ETag` "
    "is the case's.",
)
class ProgressReportDetailApi(CaseReadApi):
    lookup = "report_id"
    getter = progress_report_get
    OutputSerializer = ProgressReportSerializer


class ProgressReportSendInput(StrictInput):
    sent_on = serializers.DateField()
    progress = serializers.CharField(help_text="The progress of the investigation.")
    estimated_completion_on = serializers.DateField(required=False, allow_null=True)
    estimated_report_on = serializers.DateField(required=False, allow_null=True)
    delay_reasons = serializers.CharField(required=False, allow_blank=True)
    planned_steps = serializers.CharField(required=False, allow_blank=True)
    addressees = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="Replaces the drafted addressees.",
    )

    class Meta:
        ref_name = "ProgressReportSendInput"


@documented(
    "progress_reports_send_create",
    "Send a progress report",
    tag="investigation",
    request=ProgressReportSendInput,
    output=step_output("ProgressReportSent", report=ProgressReportSerializer()),
    description="Records the drafted report as sent, by a PSD supervisor (the "
    "appropriate authority reports) or an IOPC supervisor (the Director "
    "General reports). It meets the period's clock and, while the "
    "investigation is open, starts the next one (`deadlines_created`). Needs "
    "`If-Match` with the case's ETag; accepts `Idempotency-Key`.",
    example={
        "sent_on": "2017-11-10",
        "progress": "Interviews are complete; the report is being written.",
        "estimated_report_on": "2018-01-31",
    },
)
class ProgressReportSendApi(CaseStepApi):
    lookup = "report_id"
    getter = progress_report_get
    argument = "report"
    service = progress_report_send
    InputSerializer = ProgressReportSendInput

    def body(self, result: ProgressReport) -> dict[str, Any]:
        return {"report": ProgressReportSerializer(result).data}
