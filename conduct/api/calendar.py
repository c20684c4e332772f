"""API of the working-day calendar: the due-date calculator, the deadline
rules and the non-working days it counts with.

The calculator asks ``conduct.selectors.calendar.due_date_answer``, the same
engine (``conduct.deadlines.compute_due``) as the case clocks and the browser
page at /calendar/due-date/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct import deadlines
from conduct.api.exceptions import (
    INVALID_VALUES,
    PROBLEM_CONTENT_TYPE,
    UNKNOWN_FIELDS,
    ProblemType,
    problem_body,
)
from conduct.api.openapi import ProblemSerializer, problem_responses
from conduct.api.serializers import InputSerializer
from conduct.deadlines import CalculationError, DueDateAnswer, DueDateQuestion
from conduct.models import DeadlineRule, NonWorkingDay
from conduct.selectors.calendar import (
    deadline_rule_list,
    due_date_answer,
    non_working_day_list,
)

FROM_AFTER_TO = "The end date must be the same as or after the start date."
PATTERN_OR_RULE = "Give either a pattern or a rule."
RULE_CHOICES_HINT = "See /api/v1/reference/deadline-rules/ for the codes."

#: ``from`` is a Python keyword: the field is added under that name by
#: ``get_fields``.
FROM_FIELD_HELP = "The date of the event counted from (X), YYYY-MM-DD, 2008 to 2040."


def _count_field(maximum: int, help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=maximum, help_text=help_text
    )


def _calculation_failed(error: CalculationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.errors)


class DueDateRuleSerializer(serializers.ModelSerializer[DeadlineRule]):
    class Meta:
        model = DeadlineRule
        fields = [
            "code",
            "regime",
            "title",
            "source",
            "who_acts",
            "verified",
            "extendable",
            "extendable_by",
            "duration_label",
        ]
        ref_name = "DueDateRule"


def _problem_example(
    name: str, summary: str, problem: ProblemType, detail: str, **extra: Any
) -> OpenApiExample:
    return OpenApiExample(
        name,
        summary=summary,
        value=problem_body(
            problem, detail=detail, instance="/api/v1/calendar/due-date/", extra=extra
        ),
        response_only=True,
    )


DUE_DATE_400 = OpenApiResponse(
    response=ProblemSerializer,
    description="A query parameter this endpoint does not have.",
    examples=[
        _problem_example(
            "UnknownParameter",
            "Misspelt parameter",
            UNKNOWN_FIELDS,
            "This endpoint does not accept: working_day.",
            errors={"working_day": ["Unknown field."]},
        )
    ],
)
DUE_DATE_422 = OpenApiResponse(
    response=ProblemSerializer,
    description="Invalid values: a missing or malformed date, an unknown "
    "pattern, a count out of range, a date outside 2008-2040, or a rule that is "
    "unknown, switched off or cannot compute a date. `errors` names each "
    "parameter.",
    examples=[
        _problem_example(
            "MalformedDate",
            "Malformed date",
            INVALID_VALUES,
            "1 field has an invalid value.",
            errors={
                "from": [
                    "Date has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DD."
                ]
            },
        ),
        _problem_example(
            "MaxBelowMin",
            "P3 window the wrong way round",
            INVALID_VALUES,
            "1 field has an invalid value.",
            errors={"max_working_days": [deadlines.MAX_BELOW_MIN]},
        ),
        _problem_example(
            "InactiveRule",
            "Rule switched off",
            INVALID_VALUES,
            "1 field has an invalid value.",
            errors={
                "rule": [
                    deadlines.RULE_INACTIVE.format(
                        code="hearing_notice",
                        regime="2020",
                        why="No period found; set one locally before activating.",
                    )
                ]
            },
        ),
    ],
)


class DueDateApi(APIView):
    """Due dates by the counting patterns of the regulations, or by a rule."""

    class InputSerializer(InputSerializer):
        pattern = serializers.ChoiceField(
            choices=list(deadlines.PATTERN_FIELDS), required=False
        )
        working_days = _count_field(deadlines.MAX_WORKING_DAYS, "N for P1 and P2.")
        min_working_days = _count_field(deadlines.MAX_WORKING_DAYS, "A for P3.")
        max_working_days = _count_field(deadlines.MAX_WORKING_DAYS, "B for P3.")
        months = _count_field(deadlines.MAX_MONTHS, "First period for P4.")
        then_months = _count_field(deadlines.MAX_MONTHS, "Later periods for P4.")
        period = _count_field(deadlines.MAX_PERIOD, "Which P4 period (1 = first).")
        rule = serializers.SlugField(required=False, max_length=40)
        regime = serializers.ChoiceField(
            choices=list(deadlines.REGIMES), default=deadlines.DEFAULT_REGIME
        )

        def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
            fields = super().get_fields()
            fields["from"] = serializers.DateField(
                input_formats=["%Y-%m-%d"], help_text=FROM_FIELD_HELP
            )
            return fields

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if bool(attrs.get("pattern")) == bool(attrs.get("rule")):
                field = "rule" if attrs.get("rule") else "pattern"
                raise serializers.ValidationError({field: [PATTERN_OR_RULE]})
            return attrs

        def question(self) -> DueDateQuestion:
            data = self.validated_data
            return DueDateQuestion(
                anchor=data["from"],
                pattern=data.get("pattern", ""),
                rule_code=data.get("rule", ""),
                regime=data["regime"],
                **{
                    name: data[name]
                    for name in deadlines.COUNT_FIELDS
                    if data.get(name) is not None
                },
            )

    class OutputSerializer(serializers.Serializer[DueDateAnswer]):
        due_on = serializers.DateField(
            help_text="The last day to act (P3: the latest day; P4: the last day "
            "of the period)."
        )
        earliest_on = serializers.DateField(
            allow_null=True, help_text="P3 only: the earliest day."
        )
        latest_on = serializers.DateField(
            allow_null=True, help_text="P3 only: the latest day."
        )
        pattern = serializers.CharField(help_text="P1, P2, P3, P4 (or CD for a rule).")
        # The counts of the pattern used; the others are null.
        working_days = serializers.IntegerField(
            source="rule.working_days", allow_null=True
        )
        min_working_days = serializers.IntegerField(
            source="rule.min_working_days", allow_null=True
        )
        max_working_days = serializers.IntegerField(
            source="rule.max_working_days", allow_null=True
        )
        months = serializers.IntegerField(source="rule.months", allow_null=True)
        then_months = serializers.IntegerField(
            source="rule.then_months", allow_null=True
        )
        calendar_days = serializers.IntegerField(
            source="rule.calendar_days", allow_null=True
        )
        period = serializers.IntegerField(help_text="The P4 period counted.")
        non_working_days_skipped = serializers.SerializerMethodField(
            help_text="Bank and public holidays (weekdays) passed over while "
            "counting working days; empty for calendar periods."
        )
        rule = serializers.SerializerMethodField(
            help_text="The deadline rule counted (rule mode), else null."
        )
        check_local_policy = serializers.BooleanField(
            help_text="True when the rule's period is not verified against the "
            "regulations: check your force's policy before relying on it."
        )

        class Meta:
            ref_name = "DueDate"

        def to_representation(self, instance: DueDateAnswer) -> dict[str, Any]:
            data: dict[str, Any] = super().to_representation(instance)
            return {"from": instance.anchor.isoformat(), **data}

        def get_non_working_days_skipped(self, answer: DueDateAnswer) -> list[str]:
            return [day.isoformat() for day, _ in answer.skipped]

        @extend_schema_field(DueDateRuleSerializer(allow_null=True))
        def get_rule(self, answer: DueDateAnswer) -> dict[str, Any] | None:
            if not answer.is_stored:
                return None
            return dict(DueDateRuleSerializer(answer.rule).data)

    @extend_schema(
        operation_id="calendar_due_date",
        summary="Calculate a due date",
        description=(
            "Counts working days in England & Wales (weekdays other than bank "
            "and public holidays, from the non-working-days table, seeded for "
            "2008 to 2040) by the patterns of the regulations, or by a stored "
            "deadline rule: the same engine the case deadlines use.\n\n"
            "- `pattern=P1&working_days=N`: N working days beginning with the "
            "first working day after `from` (PCR r18, r31, r43...).\n"
            "- `pattern=P2&working_days=N`: N working days beginning with "
            "`from` itself when it is a working day (BL Regs r3, r12).\n"
            "- `pattern=P3&min_working_days=A&max_working_days=B`: not less "
            "than A and not more than B working days after `from` (PCR r52): "
            "`earliest_on` to `latest_on`.\n"
            "- `pattern=P4&months=M` (optional `then_months`, `period`): "
            "calendar months beginning with `from`; `due_on` is the last day "
            "of the period (PCR r19).\n"
            "- `rule=CODE` (optional `regime`, `period`): the rule's own count; "
            "the answer carries the rule and `check_local_policy`.\n\n"
            "Unknown parameters are refused (400); invalid values, an unknown, "
            "inactive or uncomputable rule, and counts ending after 2040 are "
            "422 with `errors` per parameter."
        ),
        tags=["calendar"],
        parameters=[
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                required=True,
                description=FROM_FIELD_HELP,
                examples=[OpenApiExample("Before Christmas", value="2022-12-16")],
            ),
            OpenApiParameter(
                "pattern",
                OpenApiTypes.STR,
                enum=list(deadlines.PATTERN_FIELDS),
                description="How to count (give this or `rule`).",
            ),
            OpenApiParameter(
                "working_days",
                OpenApiTypes.INT,
                description="N for P1 and P2: 1 to 365.",
            ),
            OpenApiParameter(
                "min_working_days", OpenApiTypes.INT, description="A for P3: 1 to 365."
            ),
            OpenApiParameter(
                "max_working_days",
                OpenApiTypes.INT,
                description="B for P3: 1 to 365, not fewer than A.",
            ),
            OpenApiParameter(
                "months",
                OpenApiTypes.INT,
                description="P4: months of the first period, 1 to 120.",
            ),
            OpenApiParameter(
                "then_months",
                OpenApiTypes.INT,
                description="P4: months of each later period (default: `months`).",
            ),
            OpenApiParameter(
                "period",
                OpenApiTypes.INT,
                description="P4: which period to answer for, 1 (default) to 20.",
            ),
            OpenApiParameter(
                "rule",
                OpenApiTypes.STR,
                description="A deadline rule code (give this or `pattern`). "
                + RULE_CHOICES_HINT,
                examples=[OpenApiExample("Notice response", value="notice_response")],
            ),
            OpenApiParameter(
                "regime",
                OpenApiTypes.STR,
                enum=list(deadlines.REGIMES),
                description="The conduct regime of the rule (default 2020).",
            ),
        ],
        responses={
            200: OutputSerializer,
            **problem_responses(401, 403, 429),
            (400, PROBLEM_CONTENT_TYPE): DUE_DATE_400,
            (422, PROBLEM_CONTENT_TYPE): DUE_DATE_422,
        },
        examples=[
            OpenApiExample(
                "P1 across Christmas",
                summary="P1: 10 working days from Fri 16 Dec 2022",
                response_only=True,
                status_codes=["200"],
                value={
                    "from": "2022-12-16",
                    "due_on": "2023-01-04",
                    "earliest_on": None,
                    "latest_on": None,
                    "pattern": "P1",
                    "working_days": 10,
                    "min_working_days": None,
                    "max_working_days": None,
                    "months": None,
                    "then_months": None,
                    "calendar_days": None,
                    "period": 1,
                    "non_working_days_skipped": [
                        "2022-12-26",
                        "2022-12-27",
                        "2023-01-02",
                    ],
                    "rule": None,
                    "check_local_policy": False,
                },
            ),
            OpenApiExample(
                "Unverified rule",
                summary="rule=meeting_timing (check local policy)",
                response_only=True,
                status_codes=["200"],
                value={
                    "from": "2023-03-01",
                    "due_on": "2023-03-29",
                    "earliest_on": None,
                    "latest_on": None,
                    "pattern": "P1",
                    "working_days": 20,
                    "min_working_days": None,
                    "max_working_days": None,
                    "months": None,
                    "then_months": None,
                    "calendar_days": None,
                    "period": 1,
                    "non_working_days_skipped": [],
                    "rule": {
                        "code": "meeting_timing",
                        "regime": "2020",
                        "title": "Misconduct meeting to be held",
                        "source": "PCR r34",
                        "who_acts": "Person conducting the meeting",
                        "verified": False,
                        "extendable": True,
                        "extendable_by": "Person conducting",
                        "duration_label": "20 working days (P1)",
                    },
                    "check_local_policy": True,
                },
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            answer = due_date_answer(params.question())
        except CalculationError as error:
            raise _calculation_failed(error) from error
        return Response(self.OutputSerializer(answer).data)


class DeadlineRuleListApi(generics.ListAPIView[DeadlineRule]):
    """The statutory time limits as configured (reference data)."""

    class FilterSerializer(InputSerializer):
        regime = serializers.ChoiceField(
            choices=list(deadlines.REGIMES), required=False
        )
        cursor = serializers.CharField(required=False)
        page_size = serializers.CharField(required=False)

    class OutputSerializer(serializers.ModelSerializer[DeadlineRule]):
        class Meta:
            model = DeadlineRule
            fields = [
                "code",
                "regime",
                "title",
                "pattern",
                "working_days",
                "min_working_days",
                "max_working_days",
                "months",
                "then_months",
                "calendar_days",
                "duration_label",
                "who_acts",
                "source",
                "verified",
                "extendable",
                "extendable_by",
                "is_active",
            ]
            ref_name = "DeadlineRule"

    # Unique and never changes: rules come out in the order they were loaded.
    cursor_ordering = ("id",)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[DeadlineRule]]:
        return self.OutputSerializer

    def get_queryset(self) -> QuerySet[DeadlineRule]:
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return deadline_rule_list(regime=params.validated_data.get("regime", ""))

    @extend_schema(
        operation_id="reference_deadline_rules_list",
        summary="List the deadline rules",
        description="Every statutory time limit the product counts, for both "
        "regimes, active or not. `verified=false` marks a period not checked "
        'against the regulations (show it as "check local policy"). `code` '
        "is what `rule=` takes in /api/v1/calendar/due-date/.",
        tags=["reference"],
        parameters=[
            OpenApiParameter(
                "regime",
                OpenApiTypes.STR,
                enum=list(deadlines.REGIMES),
                description="Only the rules of this regime.",
            )
        ],
        responses={
            200: OutputSerializer(many=True),
            **problem_responses(400, 401, 422, 429),
        },
        examples=[
            OpenApiExample(
                "A rule",
                value={
                    "code": "notice_response",
                    "regime": "2020",
                    "title": "Subject's response to the written notice",
                    "pattern": "P1",
                    "working_days": 10,
                    "min_working_days": None,
                    "max_working_days": None,
                    "months": None,
                    "then_months": None,
                    "calendar_days": None,
                    "duration_label": "10 working days (P1)",
                    "who_acts": "Subject (and police friend)",
                    "source": "PCR r18",
                    "verified": True,
                    "extendable": True,
                    "extendable_by": "Investigator",
                    "is_active": True,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class NonWorkingDayListApi(generics.ListAPIView[NonWorkingDay]):
    """Bank and public holidays in England & Wales (weekdays only)."""

    class FilterSerializer(InputSerializer):
        cursor = serializers.CharField(required=False)
        page_size = serializers.CharField(required=False)
        to = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])

        def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
            fields = super().get_fields()
            fields["from"] = serializers.DateField(
                required=False, input_formats=["%Y-%m-%d"]
            )
            return fields

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            start, end = attrs.get("from"), attrs.get("to")
            if start and end and end < start:
                raise serializers.ValidationError({"to": [FROM_AFTER_TO]})
            return attrs

    class OutputSerializer(serializers.ModelSerializer[NonWorkingDay]):
        class Meta:
            model = NonWorkingDay
            fields = ["date", "name"]
            ref_name = "NonWorkingDay"

    cursor_ordering = ("date",)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[NonWorkingDay]]:
        return self.OutputSerializer

    def get_queryset(self) -> QuerySet[NonWorkingDay]:
        params = self.FilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        start: dt.date | None = params.validated_data.get("from")
        end: dt.date | None = params.validated_data.get("to")
        return non_working_day_list(start=start, end=end)

    @extend_schema(
        operation_id="reference_non_working_days_list",
        summary="List the non-working days",
        description="The weekdays that are bank or public holidays in England "
        "& Wales, by date: what every working-day count skips. Seeded for 2008 "
        "to 2040; administrators add days proclaimed later.",
        tags=["reference"],
        parameters=[
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                description="The first date to list (YYYY-MM-DD).",
                examples=[OpenApiExample("2022", value="2022-01-01")],
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                description="The last date to list (YYYY-MM-DD), not before `from`.",
                examples=[OpenApiExample("2022", value="2022-12-31")],
            ),
        ],
        responses={
            200: OutputSerializer(many=True),
            **problem_responses(400, 401, 422, 429),
        },
        examples=[
            OpenApiExample(
                "A day",
                value={
                    "date": "2022-09-19",
                    "name": "State Funeral of Queen Elizabeth II",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
