"""A case's audit trail in words, as the case page shows it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.openapi import problem_responses
from referrals.api.steps import user_of
from referrals.selectors.timeline import case_timeline


class TimelineChangeSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The value's label.")
    old = serializers.CharField(help_text="Empty when there was none.")
    new = serializers.CharField()

    class Meta:
        ref_name = "TimelineChange"


class CaseTimelineApi(APIView):
    """The case's audit trail in words, oldest first."""

    class OutputSerializer(serializers.Serializer[Any]):
        occurred_at = serializers.DateTimeField()
        actor_name = serializers.CharField(help_text="`System` for a task.")
        action = serializers.CharField(
            help_text="The action code, e.g. `notice.served`."
        )
        title = serializers.CharField()
        description = serializers.CharField()
        changes = TimelineChangeSerializer(many=True)
        old_values = serializers.DictField(help_text="As the service recorded them.")
        new_values = serializers.DictField()
        rationale = serializers.CharField()

        class Meta:
            ref_name = "TimelineEntry"

    @extend_schema(
        operation_id="cases_timeline_list",
        summary="A case's timeline",
        description="Every decision and change on the case, oldest first, as the "
        "case page shows it (one entry per audit event). Not paginated: one "
        "case's history.",
        tags=["cases"],
        responses={
            200: OutputSerializer(many=True),
            **problem_responses(401, 403, 404),
        },
        examples=[
            OpenApiExample(
                "Referral",
                value=[
                    {
                        "occurred_at": "2016-11-21T10:00:00Z",
                        "actor_name": "Priya Shah",
                        "action": "referral.made",
                        "title": "Referred to the IOPC",
                        "description": "Referred to the IOPC. Factors: Voluntary "
                        "referral.",
                        "changes": [
                            {"field": "Factors", "old": "", "new": "Voluntary referral"}
                        ],
                        "old_values": {},
                        "new_values": {"factors": ["voluntary"]},
                        "rationale": "",
                    }
                ],
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, case_id: int) -> Response:
        entries = case_timeline(user=user_of(request), case_id=case_id)
        # The serializer reads the entries' attributes: no deep copy of their
        # recorded values first.
        return Response(self.OutputSerializer(entries, many=True).data)
