"""Case endpoints of the referrals stage: the case list and detail, and one
POST action per lifecycle step (STYLE rule 13).

Every action finds its object through a permission-checked selector (404 out
of scope), checks If-Match against the case's ETag (428 missing, 412 stale),
then calls the one service that owns the step, under the case's row lock with
the version the client holds. Domain refusals come back as 409 with their
``rule`` and role refusals as 403 (conduct.api.exceptions). The answer is the
new state, the deadlines the step opened and the case's new ETag.

If-Match is checked inside the ``@idempotent`` handler rather than before it
(``CaseActionApi.initial``): a retried POST whose first attempt succeeded
carries the ETag the first attempt made stale, and must get the stored
response back, not a 412.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.concurrency import (
    IfMatchRequiredMixin,
    Versioned,
    check_if_match,
    idempotent,
    set_etag,
)
from conduct.api.exceptions import (
    BAD_REQUEST,
    UNKNOWN_FIELD,
    UNKNOWN_FIELDS,
    problem_response,
)
from conduct.api.openapi import problem_responses
from conduct.api.serializers import EMPTY_PARAMETER
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import Force, Standard, User
from referrals.api.serializers import (
    AllegationSerializer,
    CaseFieldsSerializer,
    CaseStateSerializer,
    DeadlineSerializer,
    DeterminationSerializer,
    InterviewSerializer,
    InvestigationSerializer,
    NoticeSerializer,
    PartySerializer,
    ReferralSerializer,
    SeverityAssessmentSerializer,
    SubjectSerializer,
    SubjectStateSerializer,
    choice,
)
from referrals.filters import CaseFilterSet, case_filter_names
from referrals.models import (
    Case,
    DecisionBody,
    DeterminationResult,
    Investigation,
    InvestigationMode,
    NoticeResponse,
    ReferralFactor,
    Severity,
    SeverityAssessment,
)
from referrals.selectors.cases import (
    allegation_get,
    case_detail_get,
    case_list,
    case_version_get,
    notice_get,
    person_role_get,
    subject_get,
)
from referrals.selectors.timeline import case_timeline
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.common import Outcome, run_step
from referrals.services.determinations import determination_make
from referrals.services.investigations import (
    interview_schedule,
    investigation_open,
    notice_response_record,
    notice_serve,
    report_submit,
)
from referrals.services.iopc import (
    DECISION_VALUES,
    referral_decide,
    referral_make,
    referral_mode_change,
)

#: Query parameters every list accepts besides its filters.
PAGINATION_PARAMETERS = frozenset({"cursor", "page_size"})
FILTER_VALUES_INVALID = "Some filter values are not accepted: see errors."
FILTERS_UNKNOWN = "This list does not filter by: {names}."

CASE_EXAMPLE_ETAG = '"case-42-v7"'
DEADLINE_EXAMPLE = {
    "id": 311,
    "rule": "notice_response",
    "title": "Subject's response to the notice of investigation",
    "subject": 77,
    "anchor_event": "notice.served",
    "anchor_on": "2016-12-12",
    "due_on": "2016-12-28",
    "status": "open",
    "check_local_policy": False,
}
CASE_STATE_EXAMPLE = {
    "id": 42,
    "reference": "NH/C/2016/1114",
    "status": "open",
    "version": 8,
    "updated_at": "2016-12-12T10:04:11Z",
}


def user_of(request: Request) -> User:
    user = request.user
    assert isinstance(user, User), "the API needs an authenticated user"
    return user


def case_etag(case: Case) -> Versioned:
    return Versioned("case", case.pk, case.version)


def step_response(
    outcome: Outcome[Any],
    body: dict[str, Any],
    *,
    status_code: int = status.HTTP_201_CREATED,
) -> Response:
    data = {
        "case": CaseStateSerializer(outcome.case).data,
        **body,
        "deadlines_created": DeadlineSerializer(
            cast(Any, outcome.deadlines_created), many=True
        ).data,
    }
    return set_etag(Response(data, status=status_code), case_etag(outcome.case))


def step_output(name: str, **fields: serializers.Field[Any, Any, Any, Any]) -> Any:
    """An OutputSerializer class for a step: the case's state, ``fields`` and
    the deadlines created (documentation of ``step_response``)."""
    attributes: dict[str, Any] = {
        "case": CaseStateSerializer(),
        **fields,
        "deadlines_created": DeadlineSerializer(
            many=True, help_text="The statutory clocks this step started."
        ),
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    return type(f"{name}Serializer", (serializers.Serializer,), attributes)


def step_example(name: str, **values: Any) -> OpenApiExample:
    return OpenApiExample(
        name,
        value={"case": CASE_STATE_EXAMPLE, **values, "deadlines_created": []},
        response_only=True,
    )


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

    referral = ReferralRowSerializer(allow_null=True)
    subjects = SubjectRowSerializer(many=True)
    overdue = serializers.BooleanField(help_text="A statutory deadline was missed.")

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
            "person": {"id": 501, "name": "Dana Whitlow"},
            "role": {
                "id": 601,
                "kind": "police_officer",
                "force": "nhants",
                "rank": "Detective Constable",
                "identifier": "NH101",
            },
            "appropriate_authority": "nhants",
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
        cases = case_list(user=user_of(self.request), filters=self.request.GET)
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


class CaseDetailApi(APIView):
    """One case with everything an investigator works from."""

    @extend_schema(
        operation_id="cases_retrieve",
        summary="Get a case",
        description="The case, its subjects with their allegations (Standards, "
        "severity, determination), notices and status, the IOPC referral with "
        "the history of the mode of investigation, the investigation, and the "
        "deadlines still running. The `ETag` header is what writes to this "
        "case send back in `If-Match`.",
        tags=["cases"],
        responses={200: CaseDetailSerializer, **problem_responses(401, 403, 404)},
        examples=[
            OpenApiExample(
                "Reference case C", value=CASE_DETAIL_EXAMPLE, response_only=True
            )
        ],
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = case_detail_get(user=user_of(request), case_id=case_id)
        response = Response(CaseDetailSerializer(case).data)
        return set_etag(response, case_etag(case))


# ---------------------------------------------------------------- writes


class CaseCreateApi(APIView):
    """Record a complaint, conduct matter or DSI matter (PSD users)."""

    class InputSerializer(StrictInput):
        force = serializers.SlugRelatedField(
            slug_field="code",
            queryset=Force.objects.filter(is_active=True),
            help_text="Code of the recording force; you must work for it.",
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


class CaseActionApi(IfMatchRequiredMixin, APIView):
    """Base of the POST actions on a case or on something in it.

    Each handler finds its object with a selector (404 out of scope), then
    calls ``self.check_version`` with the object's case: If-Match is checked
    there, inside the idempotent handler (see the module docstring), not in
    ``initial``.
    """

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        APIView.initial(self, request, *args, **kwargs)

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        case = case_version_get(user=user_of(request), case_id=kwargs["case_id"])
        return case_etag(case)

    def check_version(self, request: Request, case: Case) -> int:
        self.expected_version = check_if_match(request, case_etag(case))
        return self.expected_version


def valid(serializer_class: type[StrictInput], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    data: dict[str, Any] = serializer.validated_data
    return data


class SubjectAddApi(CaseActionApi):
    """Name a person as a subject of the case, in the role they held."""

    class InputSerializer(StrictInput):
        person = serializers.IntegerField(
            help_text="Id of a person you may see: on a case you can see, or "
            "holding a role in one of your forces."
        )
        role = serializers.IntegerField(
            help_text="Id of that person's role at the time of the conduct."
        )
        appropriate_authority = serializers.SlugRelatedField(
            slug_field="code",
            queryset=Force.objects.filter(is_active=True),
            required=False,
            allow_null=True,
            help_text="Force code; defaults to the role's force.",
        )

        class Meta:
            ref_name = "SubjectAddInput"

    OutputSerializer = step_output("SubjectAdded", subject=SubjectSerializer())

    @extend_schema(
        operation_id="cases_subjects_create",
        summary="Add a subject",
        tags=["subjects"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "A detective constable",
                value={"person": 501, "role": 601},
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = case_version_get(user=user, case_id=case_id)
        data = valid(self.InputSerializer, request)
        role = person_role_get(
            user=user, person_id=data["person"], role_id=data["role"]
        )
        outcome = run_step(
            case.pk,
            expected_version=self.check_version(request, case),
            step=lambda locked: subject_add(
                actor=user,
                case=locked,
                person=role.person,
                role=role,
                appropriate_authority=data.get("appropriate_authority"),
            ),
        )
        return step_response(
            outcome, {"subject": SubjectSerializer(outcome.result).data}
        )


class AllegationAddApi(CaseActionApi):
    """Add an allegation against a subject, engaging one or more Standards."""

    class InputSerializer(StrictInput):
        summary = serializers.CharField()
        standards = serializers.SlugRelatedField(
            slug_field="number",
            queryset=Standard.objects.all(),
            many=True,
            help_text="Numbers of the Standards of Professional Behaviour (1-10).",
        )
        occurred_on = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "AllegationAddInput"

    OutputSerializer = step_output("AllegationAdded", allegation=AllegationSerializer())

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        subject = subject_get(user=user_of(request), subject_id=kwargs["subject_id"])
        return case_etag(subject.case)

    @extend_schema(
        operation_id="subjects_allegations_create",
        summary="Add an allegation",
        tags=["subjects"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Duties and responsibilities",
                value={
                    "summary": "Did not look at the download from the phone.",
                    "standards": [6],
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, subject_id: int) -> Response:
        user = user_of(request)
        subject = subject_get(user=user, subject_id=subject_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            subject.case_id,
            expected_version=self.check_version(request, subject.case),
            step=lambda locked: allegation_add(
                actor=user,
                subject=subject,
                summary=data["summary"],
                standards=data["standards"],
                occurred_on=data.get("occurred_on"),
            ),
        )
        return step_response(
            outcome, {"allegation": AllegationSerializer(outcome.result).data}
        )


class SeverityAssessApi(CaseActionApi):
    """Assess (or revise) the severity of an allegation (CMR r19, PCR r14)."""

    class InputSerializer(StrictInput):
        severity = choice(Severity.choices, "Severity")
        assessed_on = serializers.DateField()
        body = choice(
            SeverityAssessment.Body.choices,
            "AssessingBody",
            help_text="`iopc` only in directed or independent investigations.",
        )
        rationale = serializers.CharField()

        class Meta:
            ref_name = "SeverityAssessInput"

    OutputSerializer = step_output(
        "SeverityAssessed",
        assessment=SeverityAssessmentSerializer(),
        allegation=AllegationSerializer(),
    )

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        allegation = allegation_get(
            user=user_of(request), allegation_id=kwargs["allegation_id"]
        )
        return case_etag(allegation.subject.case)

    @extend_schema(
        operation_id="allegations_severity_assessments_create",
        summary="Assess severity",
        tags=["subjects"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "IOPC assessment",
                value={
                    "severity": "gross_misconduct",
                    "assessed_on": "2016-12-05",
                    "body": "iopc",
                    "rationale": "Could amount to gross misconduct.",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, allegation_id: int) -> Response:
        user = user_of(request)
        allegation = allegation_get(user=user, allegation_id=allegation_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            allegation.subject.case_id,
            expected_version=self.check_version(request, allegation.subject.case),
            step=lambda locked: severity_assess(
                actor=user, allegation=allegation, **data
            ),
        )
        assessment = outcome.result
        return step_response(
            outcome,
            {
                "assessment": SeverityAssessmentSerializer(assessment).data,
                "allegation": AllegationSerializer(assessment.allegation).data,
            },
        )


class ReferralMakeApi(CaseActionApi):
    """Refer the case to the IOPC (PSD users)."""

    class InputSerializer(StrictInput):
        factors = serializers.ListField(
            child=choice(ReferralFactor.choices, "ReferralFactor"),
            help_text="Why the case is referred; mandatory unless only `voluntary`.",
        )
        referred_on = serializers.DateField()

        class Meta:
            ref_name = "ReferralMakeInput"

    OutputSerializer = step_output("ReferralMade", referral=ReferralSerializer())

    @extend_schema(
        operation_id="cases_referral_create",
        summary="Refer to the IOPC",
        tags=["referral"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Voluntary referral",
                value={"factors": ["voluntary"], "referred_on": "2016-11-21"},
                request_only=True,
            ),
            step_example(
                "Referred",
                referral={
                    "factors": ["voluntary"],
                    "mandatory": False,
                    "referred_on": "2016-11-21",
                    "status": "referred",
                    "decided_on": None,
                    "mode": "",
                    "mode_history": [],
                },
            ),
        ],
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = case_version_get(user=user, case_id=case_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            case.pk,
            expected_version=self.check_version(request, case),
            step=lambda locked: referral_make(actor=user, case=locked, **data),
        )
        return step_response(
            outcome, {"referral": ReferralSerializer(outcome.result).data}
        )


class ReferralDecideApi(CaseActionApi):
    """The IOPC decides to investigate (in a mode) or refers the case back."""

    class InputSerializer(StrictInput):
        decision = choice(DECISION_VALUES, "ReferralDecision")
        mode = choice(
            [("", "Not decided"), *InvestigationMode.choices],
            "InvestigationModeOrBlank",
            required=False,
            allow_blank=True,
            default="",
            help_text="Required to investigate; supervised and managed only "
            "under the 2012 rules.",
        )
        decided_on = serializers.DateField()
        rationale = serializers.CharField()

        class Meta:
            ref_name = "ReferralDecideInput"

    OutputSerializer = step_output("ReferralDecided", referral=ReferralSerializer())

    @extend_schema(
        operation_id="cases_referral_decision_create",
        summary="Decide on a referral (IOPC)",
        tags=["referral"],
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Independent investigation",
                value={
                    "decision": "investigate",
                    "mode": "independent",
                    "decided_on": "2016-12-01",
                    "rationale": "Seriousness of the failings.",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = case_version_get(user=user, case_id=case_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            case.pk,
            expected_version=self.check_version(request, case),
            step=lambda locked: referral_decide(actor=user, case=locked, **data),
        )
        return step_response(
            outcome,
            {"referral": ReferralSerializer(outcome.result).data},
            status_code=status.HTTP_200_OK,
        )


class ReferralModeChangeApi(CaseActionApi):
    """Change the mode of investigation (kept as history)."""

    class InputSerializer(StrictInput):
        mode = choice(InvestigationMode.choices, "InvestigationMode")
        decided_on = serializers.DateField()
        rationale = serializers.CharField()

        class Meta:
            ref_name = "ReferralModeChangeInput"

    OutputSerializer = step_output("ReferralModeChanged", referral=ReferralSerializer())

    @extend_schema(
        operation_id="cases_referral_mode_create",
        summary="Change the mode of investigation (IOPC)",
        tags=["referral"],
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Directed",
                value={
                    "mode": "directed",
                    "decided_on": "2017-01-10",
                    "rationale": "The force can investigate under direction.",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = case_version_get(user=user, case_id=case_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            case.pk,
            expected_version=self.check_version(request, case),
            step=lambda locked: referral_mode_change(actor=user, case=locked, **data),
        )
        return step_response(
            outcome,
            {"referral": ReferralSerializer(outcome.result).data},
            status_code=status.HTTP_200_OK,
        )


class InvestigationOpenApi(CaseActionApi):
    """Open the investigation; every recorded subject with an allegation
    comes under it."""

    class InputSerializer(StrictInput):
        investigating_body = choice(
            Investigation.Body.choices,
            "InvestigatingBody",
            help_text="`iopc` in an independent investigation, `force` otherwise.",
        )
        investigator_name = serializers.CharField(max_length=200)
        terms_of_reference = serializers.CharField()
        opened_on = serializers.DateField()

        class Meta:
            ref_name = "InvestigationOpenInput"

    OutputSerializer = step_output(
        "InvestigationOpened",
        investigation=InvestigationSerializer(),
        subjects=SubjectStateSerializer(many=True),
    )

    @extend_schema(
        operation_id="cases_investigation_create",
        summary="Open the investigation",
        tags=["investigation"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "IOPC investigation",
                value={
                    "investigating_body": "iopc",
                    "investigator_name": "IPCC lead investigator",
                    "terms_of_reference": "The handling of the crime report.",
                    "opened_on": "2016-12-06",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = case_version_get(user=user, case_id=case_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            case.pk,
            expected_version=self.check_version(request, case),
            step=lambda locked: investigation_open(actor=user, case=locked, **data),
        )
        subjects = outcome.case.subjects.order_by("id")
        return step_response(
            outcome,
            {
                "investigation": InvestigationSerializer(outcome.result).data,
                "subjects": SubjectStateSerializer(cast(Any, subjects), many=True).data,
            },
        )


class NoticeServeApi(CaseActionApi):
    """Serve the written notice of investigation on a subject; starts the
    clock for the subject's response (PCR r18)."""

    class InputSerializer(StrictInput):
        served_on = serializers.DateField()
        content = serializers.CharField(
            help_text="The conduct, how it falls below the Standards, the investigator."
        )

        class Meta:
            ref_name = "NoticeServeInput"

    OutputSerializer = step_output("NoticeServed", notice=NoticeSerializer())

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        subject = subject_get(user=user_of(request), subject_id=kwargs["subject_id"])
        return case_etag(subject.case)

    @extend_schema(
        operation_id="subjects_notices_create",
        summary="Serve a notice of investigation",
        tags=["investigation"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Regulation 16 notice",
                value={
                    "served_on": "2016-12-12",
                    "content": "You are under investigation for possible gross "
                    "misconduct.",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Served",
                value={
                    "case": CASE_STATE_EXAMPLE,
                    "notice": {
                        "id": 88,
                        "subject": 77,
                        "title": "Regulation 16 notice",
                        "served_on": "2016-12-12",
                        "severity": "gross_misconduct",
                        "responses": [],
                    },
                    "deadlines_created": [DEADLINE_EXAMPLE],
                },
                response_only=True,
            ),
        ],
    )
    @idempotent
    def post(self, request: Request, subject_id: int) -> Response:
        user = user_of(request)
        subject = subject_get(user=user, subject_id=subject_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            subject.case_id,
            expected_version=self.check_version(request, subject.case),
            step=lambda locked: notice_serve(actor=user, subject=subject, **data),
        )
        return step_response(outcome, {"notice": NoticeSerializer(outcome.result).data})


class NoticeResponseRecordApi(CaseActionApi):
    """Record the subject's written response or statement to a notice; a
    response meets the response clock."""

    class InputSerializer(StrictInput):
        kind = choice(NoticeResponse.Kind.choices, "NoticeResponseKind")
        received_on = serializers.DateField()
        content = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Required unless `kind` is `no_response`.",
        )

        class Meta:
            ref_name = "NoticeResponseRecordInput"

    class ResponseSerializer(serializers.Serializer[NoticeResponse]):
        id = serializers.IntegerField()
        notice = serializers.IntegerField(source="notice_id")
        kind = choice(NoticeResponse.Kind.choices, "NoticeResponseKind")
        received_on = serializers.DateField()
        content = serializers.CharField()

        class Meta:
            ref_name = "NoticeResponseRecorded"

    OutputSerializer = step_output("NoticeResponseAdded", response=ResponseSerializer())

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        notice = notice_get(user=user_of(request), notice_id=kwargs["notice_id"])
        return case_etag(notice.subject.case)

    @extend_schema(
        operation_id="notices_responses_create",
        summary="Record a response to a notice",
        tags=["investigation"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Written statement",
                value={
                    "kind": "statement",
                    "received_on": "2016-12-22",
                    "content": "Written statement in place of an interview.",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, notice_id: int) -> Response:
        user = user_of(request)
        notice = notice_get(user=user, notice_id=notice_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            notice.subject.case_id,
            expected_version=self.check_version(request, notice.subject.case),
            step=lambda locked: notice_response_record(
                actor=user, notice=notice, **data
            ),
        )
        return step_response(
            outcome, {"response": self.ResponseSerializer(outcome.result).data}
        )


class InterviewScheduleApi(CaseActionApi):
    """Fix an interview date after the notice; the subject may propose an
    alternative (PCR r20)."""

    class InputSerializer(StrictInput):
        proposed_on = serializers.DateField()
        alternative_on = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "InterviewScheduleInput"

    OutputSerializer = step_output(
        "InterviewScheduled", interview=InterviewSerializer()
    )

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        subject = subject_get(user=user_of(request), subject_id=kwargs["subject_id"])
        return case_etag(subject.case)

    @extend_schema(
        operation_id="subjects_interviews_create",
        summary="Schedule an interview",
        tags=["investigation"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Proposed date", value={"proposed_on": "2017-02-02"}, request_only=True
            )
        ],
    )
    @idempotent
    def post(self, request: Request, subject_id: int) -> Response:
        user = user_of(request)
        subject = subject_get(user=user, subject_id=subject_id)
        data = valid(self.InputSerializer, request)
        outcome = run_step(
            subject.case_id,
            expected_version=self.check_version(request, subject.case),
            step=lambda locked: interview_schedule(
                actor=user,
                subject=subject,
                proposed_on=data["proposed_on"],
                alternative_on=data.get("alternative_on"),
            ),
        )
        return step_response(
            outcome, {"interview": InterviewSerializer(outcome.result).data}
        )


class OpinionSerializer(StrictInput):
    subject = serializers.IntegerField()
    opinion = choice(DeterminationResult.choices, "DeterminationResult")

    class Meta:
        ref_name = "ReportOpinionInput"


class ReportSubmitApi(CaseActionApi):
    """Submit the investigation report with an opinion on every subject
    under investigation (PCR r21); stops the progress-report clock."""

    class InputSerializer(StrictInput):
        submitted_on = serializers.DateField()
        summary = serializers.CharField()
        opinions = OpinionSerializer(
            many=True, help_text="One opinion per subject under investigation."
        )

        class Meta:
            ref_name = "ReportSubmitInput"

    OutputSerializer = step_output(
        "ReportSubmitted",
        investigation=InvestigationSerializer(),
        subjects=SubjectStateSerializer(many=True),
    )

    @extend_schema(
        operation_id="cases_investigation_report_create",
        summary="Submit the investigation report",
        tags=["investigation"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Opinions on two officers",
                value={
                    "submitted_on": "2017-09-15",
                    "summary": "Opinions on the officers.",
                    "opinions": [
                        {"subject": 77, "opinion": "case_to_answer_gross_misconduct"},
                        {"subject": 78, "opinion": "case_to_answer_misconduct"},
                    ],
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = case_version_get(user=user, case_id=case_id)
        data = valid(self.InputSerializer, request)
        opinions = {item["subject"]: item["opinion"] for item in data["opinions"]}
        outcome = run_step(
            case.pk,
            expected_version=self.check_version(request, case),
            step=lambda locked: report_submit(
                actor=user,
                case=locked,
                submitted_on=data["submitted_on"],
                summary=data["summary"],
                opinions=opinions,
            ),
        )
        investigation = outcome.result.investigation
        return step_response(
            outcome,
            {
                "investigation": InvestigationSerializer(investigation).data,
                "subjects": SubjectStateSerializer(
                    cast(Any, outcome.case.subjects.order_by("id")), many=True
                ).data,
            },
        )


class ResultSerializer(StrictInput):
    allegation = serializers.IntegerField()
    result = choice(DeterminationResult.choices, "DeterminationResult")

    class Meta:
        ref_name = "DeterminationResultInput"


class DeterminationMakeApi(CaseActionApi):
    """Determine case to answer for a subject, per allegation (PCR r23)."""

    class InputSerializer(StrictInput):
        body = choice(
            DecisionBody.choices,
            "DecisionBody",
            help_text="`appropriate_authority` (PSD supervisor) or `iopc` (IOPC "
            "supervisor, directed or independent investigations).",
        )
        decided_on = serializers.DateField()
        results = ResultSerializer(
            many=True, help_text="One result per allegation against the subject."
        )
        rationale = serializers.CharField()

        class Meta:
            ref_name = "DeterminationMakeInput"

    OutputSerializer = step_output(
        "SubjectDetermined",
        determination=DeterminationSerializer(),
        subject=SubjectSerializer(),
    )

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        subject = subject_get(user=user_of(request), subject_id=kwargs["subject_id"])
        return case_etag(subject.case)

    @extend_schema(
        operation_id="subjects_determination_create",
        summary="Determine case to answer",
        tags=["determination"],
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Case to answer",
                value={
                    "body": "appropriate_authority",
                    "decided_on": "2017-10-02",
                    "results": [
                        {"allegation": 900, "result": "case_to_answer_misconduct"}
                    ],
                    "rationale": "Agrees with the investigator.",
                },
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, subject_id: int) -> Response:
        user = user_of(request)
        subject = subject_get(user=user, subject_id=subject_id)
        data = valid(self.InputSerializer, request)
        results = {item["allegation"]: item["result"] for item in data["results"]}
        outcome = run_step(
            subject.case_id,
            expected_version=self.check_version(request, subject.case),
            step=lambda locked: determination_make(
                actor=user,
                subject=subject,
                body=data["body"],
                decided_on=data["decided_on"],
                results=results,
                rationale=data["rationale"],
            ),
        )
        determined = subject_get(user=user, subject_id=subject_id)
        return step_response(
            outcome,
            {
                "determination": DeterminationSerializer(outcome.result).data,
                "subject": SubjectSerializer(determined).data,
            },
        )


class CaseCollectionApi(CaseListApi):
    """``/cases/``: GET lists (CaseListApi), POST records (CaseCreateApi).
    One address, two operations, each written in its own view."""

    InputSerializer = CaseCreateApi.InputSerializer
    post = CaseCreateApi.post


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
        rows = [
            asdict(entry) | {"changes": [asdict(c) for c in entry.changes]}
            for entry in entries
        ]
        return Response(self.OutputSerializer(rows, many=True).data)
