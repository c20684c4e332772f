"""The case collection and the reads of one case: the list (filtered and
cursor-paginated, the same selector and filters as the browser's list),
recording a case, and one case with its ETag (its timeline is
referrals.api.timeline).

Scope is the selectors': 404 for a case the caller may not see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.concurrency import idempotent, set_etag
from conduct.api.exceptions import (
    BAD_REQUEST,
    UNKNOWN_FIELD,
    UNKNOWN_FIELDS,
    problem_response,
)
from conduct.api.openapi import problem_responses
from conduct.api.serializers import EMPTY_PARAMETER, force_field
from conduct.api.serializers import InputSerializer as StrictInput
from referrals.api.serializers import (
    CaseFieldsSerializer,
    DeadlineSerializer,
    InvestigationSerializer,
    PartySerializer,
    ReferralSerializer,
    SubjectSerializer,
    choice,
)
from referrals.api.steps import (
    DEADLINE_EXAMPLE,
    SUBJECT_NAMED_EXAMPLE,
    CaseLookup,
    CaseReadApi,
    case_etag,
    documented_read,
    user_of,
)
from referrals.filters import CaseFilterSet, case_filter_names
from referrals.models import Case, Deadline
from referrals.selectors.cases import case_detail_get, case_list, with_next_deadline
from referrals.services.cases import case_create

#: Query parameters every list accepts besides its filters.
PAGINATION_PARAMETERS = frozenset({"cursor", "page_size"})
FILTER_VALUES_INVALID = "Some filter values are not accepted: see errors."
FILTERS_UNKNOWN = "This list does not filter by: {names}."

# ---------------------------------------------------------------- reads


class CaseRowSerializer(CaseFieldsSerializer):
    class ReferralRowSerializer(serializers.Serializer[Any]):
        status = serializers.CharField()
        mode = serializers.CharField()
        factors = serializers.ListField(child=serializers.CharField())
        referred_on = serializers.DateField()

        class Meta:
            ref_name = "CaseListReferral"

    class SubjectRowSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        name = serializers.CharField(source="person.full_name")
        status = serializers.CharField()

        class Meta:
            ref_name = "CaseListSubject"

    class NextDeadlineSerializer(serializers.Serializer[Deadline]):
        id = serializers.IntegerField()
        rule = serializers.CharField(source="rule.code")
        title = serializers.CharField()
        subject = serializers.IntegerField(source="subject_id", allow_null=True)
        due_on = serializers.DateField()
        status = choice(Deadline.Status.choices, "DeadlineStatus")
        acting_party = serializers.CharField(help_text="Who must act.")

        class Meta:
            ref_name = "CaseListDeadline"

    referral = ReferralRowSerializer(allow_null=True)
    subjects = SubjectRowSerializer(many=True, source="listed_subjects")
    overdue = serializers.BooleanField(help_text="A statutory deadline was missed.")
    next_deadline = serializers.SerializerMethodField(
        help_text="The running clock due first (open, extended or missed); null "
        "when none runs (paused clocks have no running due date)."
    )

    @extend_schema_field(NextDeadlineSerializer(allow_null=True))
    def get_next_deadline(self, case: Case) -> dict[str, Any] | None:
        due_first = getattr(case, "next_deadlines", [])
        if not due_first:
            return None
        return dict(self.NextDeadlineSerializer(due_first[0]).data)

    class Meta:
        ref_name = "CaseListItem"


class CaseDetailSerializer(CaseFieldsSerializer):
    complaint_made_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    summary = serializers.CharField()
    restricted = serializers.BooleanField(
        help_text="Only its named users see it (POST .../restriction/)."
    )
    parties = PartySerializer(
        many=True, help_text="Complainants and interested persons kept informed."
    )
    subjects = SubjectSerializer(many=True)
    referral = ReferralSerializer(allow_null=True)
    investigation = InvestigationSerializer(allow_null=True)
    deadlines = DeadlineSerializer(
        many=True,
        source="open_deadlines",
        help_text="Clocks still running (open, extended, missed) or paused.",
    )

    class Meta:
        ref_name = "CaseDetail"


CASE_DETAIL_EXAMPLE: dict[str, Any] = {
    "id": 42,
    "reference": "NH/C/2016/1114",
    "force": {"code": "nhants", "name": "Northamptonshire Police"},
    "iopc_reference": "2016/077885",
    "trigger": "public_complaint",
    "regime": "2012",
    "status": "open",
    "came_to_attention_on": "2016-11-14",
    "version": 7,
    "created_at": "2016-11-14T09:12:00Z",
    "updated_at": "2016-12-06T15:40:00Z",
    "complaint_made_on": "2016-11-14",
    "closed_on": None,
    "summary": "A family complains about the investigation of online grooming.",
    "restricted": False,
    "parties": [
        {"id": 31, "kind": "complainant", "name": "The child's mother", "contact": ""}
    ],
    "subjects": [
        {
            "id": 77,
            **SUBJECT_NAMED_EXAMPLE,
            "status": "under_investigation",
            "allegations": [
                {
                    "id": 900,
                    "summary": "Did not look at the download from the phone.",
                    "occurred_on": None,
                    "standards": [6],
                    "severity": "gross_misconduct",
                    "determination": "",
                }
            ],
            "notices": [],
        }
    ],
    "referral": {
        "factors": ["voluntary"],
        "mandatory": False,
        "referred_on": "2016-11-21",
        "status": "investigating",
        "decided_on": "2016-12-01",
        "mode": "independent",
        "mode_history": [
            {
                "mode": "independent",
                "decided_on": "2016-12-01",
                "rationale": "Seriousness of the failings.",
            }
        ],
    },
    "investigation": {
        "investigating_body": "iopc",
        "investigator_name": "IPCC lead investigator",
        "terms_of_reference": "The handling of the crime report.",
        "opened_on": "2016-12-06",
        "status": "open",
        "report": None,
    },
    "deadlines": [DEADLINE_EXAMPLE | {"rule": "progress_report", "subject": None}],
}


class CaseFilterSchemaBackend(DjangoFilterBackend):
    """Documents ``CaseFilterSet`` in the schema (drf-spectacular reads
    ``filterset_class`` through this backend). It filters nothing: the
    selector applies the filters, for the browser and the API alike."""

    def filter_queryset(
        self, request: HttpRequest, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        return queryset


class CaseListApi(generics.ListAPIView[Case]):
    """The cases the caller may see, filtered and cursor-paginated."""

    filter_backends = [CaseFilterSchemaBackend]
    filterset_class = CaseFilterSet
    cursor_ordering: tuple[str, ...] | None = None

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Case]]:
        return CaseRowSerializer

    def get_queryset(self) -> QuerySet[Case]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Case.objects.none()
        cases = with_next_deadline(
            case_list(user=user_of(self.request), filters=self.request.GET)
        )
        # The paginator orders (and places its cursor) exactly as the
        # selector ordered: by the requested column, then id.
        self.cursor_ordering = tuple(str(field) for field in cases.query.order_by)
        return cases

    @extend_schema(
        operation_id="cases_list",
        summary="List cases",
        description="Cases the caller may see (PSD: their forces' cases; IOPC: "
        "cases referred to the IOPC; restricted cases only for their named "
        "users), newest recorded first unless `ordering` says otherwise. "
        "Every filter refuses values it does not know, and unknown parameters "
        "are refused, with a 400 problem. For syncing: "
        "`?updated_since=<last sync>&ordering=updated_at`.",
        tags=["cases"],
        responses={
            200: CaseRowSerializer(many=True),
            **problem_responses(400, 401, 403, 404, 429),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unknown = sorted(set(request.GET) - case_filter_names() - PAGINATION_PARAMETERS)
        if unknown:
            return problem_response(
                UNKNOWN_FIELDS,
                detail=FILTERS_UNKNOWN.format(names=", ".join(unknown)),
                instance=request.path,
                extra={
                    "rule": "filter.unknown",
                    "errors": {name: [UNKNOWN_FIELD] for name in unknown},
                },
            )
        # django-filter reads an empty value as "no filter", as a browser form
        # sends one; from an API client it is a mistake.
        empty = sorted(name for name, value in request.GET.items() if value == "")
        if empty:
            return problem_response(
                BAD_REQUEST,
                detail=FILTER_VALUES_INVALID,
                instance=request.path,
                extra={
                    "rule": "filter.value",
                    "errors": {name: [EMPTY_PARAMETER] for name in empty},
                },
            )
        try:
            return super().get(request, *args, **kwargs)
        except DjangoValidationError as error:
            return problem_response(
                BAD_REQUEST,
                detail=FILTER_VALUES_INVALID,
                instance=request.path,
                extra={"rule": "filter.value", "errors": error.message_dict},
            )


@documented_read(
    "cases_retrieve",
    "Get a case",
    tag="cases",
    description="The case, its subjects with their allegations (Standards, "
    "severity, determination), notices and status, the IOPC referral with "
    "the history of the mode of investigation, the investigation, and the "
    "deadlines still running. The `ETag` header is what writes to this "
    "case send back in `If-Match`.",
    examples=[
        OpenApiExample(
            "Reference case C", value=CASE_DETAIL_EXAMPLE, response_only=True
        )
    ],
)
class CaseDetailApi(CaseLookup, CaseReadApi):
    """One case with everything an investigator works from."""

    getter = case_detail_get
    OutputSerializer = CaseDetailSerializer


# ---------------------------------------------------------------- recording


class CaseCreateApi(APIView):
    """Record a complaint, conduct matter or DSI matter (PSD users)."""

    class InputSerializer(StrictInput):
        force = force_field(
            help_text="Code of the recording force; you must work for it."
        )
        reference = serializers.CharField(max_length=40)
        trigger = choice(Case.Trigger.choices, "CaseTrigger")
        came_to_attention_on = serializers.DateField()
        complaint_made_on = serializers.DateField(
            required=False,
            allow_null=True,
            help_text="Required for a public complaint; fixes the regime.",
        )
        summary = serializers.CharField()
        iopc_reference = serializers.CharField(
            max_length=20, required=False, allow_blank=True, default=""
        )

        class Meta:
            ref_name = "CaseCreateInput"

    @extend_schema(
        operation_id="cases_create",
        summary="Record a case",
        description="Records the case and fixes its regime from the date it "
        "came to attention (or the complaint date). Answers 201 with the case, "
        "its `ETag` and its address in `Location`.",
        tags=["cases"],
        request=InputSerializer,
        responses={
            201: CaseDetailSerializer,
            **problem_responses(400, 401, 403, 409, 415, 422, 429),
        },
        examples=[
            OpenApiExample(
                "Reference case C",
                value={
                    "force": "nhants",
                    "reference": "NH/C/2016/1114",
                    "trigger": "public_complaint",
                    "came_to_attention_on": "2016-11-14",
                    "complaint_made_on": "2016-11-14",
                    "summary": "A family complains about the investigation.",
                    "iopc_reference": "2016/077885",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user = user_of(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = case_create(
            actor=user,
            force=data["force"],
            reference=data["reference"],
            trigger=data["trigger"],
            came_to_attention_on=data["came_to_attention_on"],
            complaint_made_on=data.get("complaint_made_on"),
            summary=data["summary"],
            iopc_reference=data["iopc_reference"],
        )
        case = case_detail_get(user=user, case_id=case.pk)
        response = Response(
            CaseDetailSerializer(case).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"{request.path}{case.pk}/"},
        )
        return set_etag(response, case_etag(case))


class CaseCollectionApi(CaseListApi):
    """``/cases/``: GET lists (CaseListApi), POST records (CaseCreateApi).
    One address, two operations, each written in its own view."""

    InputSerializer = CaseCreateApi.InputSerializer
    post = CaseCreateApi.post
