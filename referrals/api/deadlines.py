"""Deadline endpoints: a case's clocks with their history, and extending or
cancelling one (referrals.services.deadlines owns the rules: who may, which
rules are extendable, the new date later than the old)."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.concurrency import set_etag
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import DeadlineSerializer, choice
from referrals.api.steps import (
    DEADLINE_EXAMPLE,
    READ_ERRORS,
    CaseStepApi,
    case_etag,
    documented,
    step_output,
    user_of,
)
from referrals.models import Case, Deadline, DeadlineEvent
from referrals.selectors.cases import case_version_get
from referrals.selectors.steps import deadline_get
from referrals.services.deadlines import deadline_cancel, deadline_extend


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
    met_on = serializers.DateField(allow_null=True)
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
    "met_on": None,
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


class DeadlineDetailApi(APIView):
    @extend_schema(
        operation_id="deadlines_retrieve",
        summary="Get a deadline",
        description="One statutory clock of a case with its history (opened, "
        "extended, met, ...). The `ETag` is the case's: send it in `If-Match` "
        "to extend or cancel the deadline.",
        tags=["deadlines"],
        responses={200: DeadlineHistorySerializer, **READ_ERRORS},
        examples=[
            OpenApiExample(
                "Response to the notice",
                value=DEADLINE_HISTORY_EXAMPLE,
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, deadline_id: int) -> Response:
        deadline = deadline_get(user=user_of(request), deadline_id=deadline_id)
        return set_etag(Response(deadline_data(deadline.pk)), case_etag(deadline.case))


class CaseDeadlinesApi(APIView):
    @extend_schema(
        operation_id="cases_deadlines_list",
        summary="A case's deadlines, with their history",
        description="Every statutory clock of the case, running or not (open, "
        "extended, met, missed, paused, cancelled), by due date, each with "
        "its events.",
        tags=["deadlines"],
        responses={200: DeadlineHistorySerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = case_version_get(user=user_of(request), case_id=case_id)
        deadlines = (
            Deadline.objects.filter(case_id=case.pk)
            .select_related("rule")
            .prefetch_related(Prefetch("events", queryset=DeadlineEvent.objects.all()))
            .order_by("due_on", "id")
        )
        data = DeadlineHistorySerializer(cast(Any, deadlines), many=True).data
        return set_etag(Response(data), case_etag(case))


class DeadlineStepApi(CaseStepApi):
    lookup = "deadline_id"
    argument = "deadline"

    def find(self, user: User, pk: int) -> tuple[Deadline, Case]:
        deadline = deadline_get(user=user, deadline_id=pk)
        return deadline, deadline.case

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
