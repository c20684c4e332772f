"""A subject's investigation stage over the API: the subject and allegation
reads, and the steps taken on a subject after the notice (interview records,
suspensions, IOPC recommendations and directions, and the outcomes reached
without proceedings).

Reads answer the case's ETag; steps follow ``referrals.api.steps`` (404 out of
scope, If-Match inside the idempotent handler, the one service under the
case's row lock, the new state and the deadlines created).
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.concurrency import set_etag
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import Force, User
from referrals.api.serializers import (
    AllegationDetailSerializer,
    DeterminationSerializer,
    InterviewSerializer,
    NoticeDetailSerializer,
    PersonRefSerializer,
    PersonRoleSerializer,
    RecommendationSerializer,
    RoleInput,
    SubjectSerializer,
    SubjectStateSerializer,
    SuspensionSerializer,
    choice,
)
from referrals.api.steps import (
    READ_ERRORS,
    CaseLevelStepApi,
    CaseStepApi,
    SubjectStepApi,
    documented,
    rationale_field,
)
from referrals.api.views import SubjectAddApi, case_etag, step_output, user_of
from referrals.models import (
    Allegation,
    Case,
    DeterminationResult,
    Interview,
    Notice,
    ProceedingsForm,
    Recommendation,
    ReportOpinion,
    Subject,
    Suspension,
)
from referrals.permissions import scoped_get
from referrals.selectors.cases import NO_SUCH_ALLEGATION, NO_SUCH_SUBJECT
from referrals.selectors.steps import interview_get, suspension_get
from referrals.services.cases import subject_add_new_person
from referrals.services.determinations import (
    recommendation_make,
    subject_management_action,
    subject_no_further_action,
    subject_reflective_practice,
)
from referrals.services.investigations import (
    interview_record,
    suspension_end,
    suspension_start,
)

ALLEGATIONS_WITH_HISTORY = Allegation.objects.prefetch_related(
    "standards", "assessments"
)


# ---------------------------------------------------------------- scope


def subject_detail_get(*, user: User, subject_id: int) -> Subject:
    """A subject of a case ``user`` may see, with everything its read shows,
    in a constant number of queries; 404 otherwise."""
    subjects = (
        Subject.objects.select_related(
            "case", "person", "role", "role__force", "appropriate_authority"
        )
        .prefetch_related(
            Prefetch("allegations", queryset=ALLEGATIONS_WITH_HISTORY),
            Prefetch("notices", queryset=Notice.objects.prefetch_related("responses")),
            "interviews",
            "suspensions",
            "determinations",
            "recommendations",
        )
        .annotate(
            report_opinion=Subquery(
                ReportOpinion.objects.filter(subject_id=OuterRef("pk")).values(
                    "opinion"
                )[:1]
            )
        )
    )
    return scoped_get(
        subjects, user=user, pk=subject_id, case_path="case", missing=NO_SUCH_SUBJECT
    )


def allegation_detail_get(*, user: User, allegation_id: int) -> Allegation:
    return scoped_get(
        ALLEGATIONS_WITH_HISTORY.select_related("subject__case"),
        user=user,
        pk=allegation_id,
        case_path="subject__case",
        missing=NO_SUCH_ALLEGATION,
    )


# ---------------------------------------------------------------- reads


class SubjectDetailSerializer(serializers.Serializer[Subject]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    person = PersonRefSerializer()
    role = PersonRoleSerializer(help_text="The role held at the time of the conduct.")
    appropriate_authority = serializers.CharField(source="appropriate_authority.code")
    status = choice(Subject.Status.choices, "SubjectStatus")
    allegations = AllegationDetailSerializer(many=True)
    notices = NoticeDetailSerializer(many=True)
    interviews = InterviewSerializer(many=True)
    suspensions = SuspensionSerializer(
        many=True, help_text="Suspensions and restricted duties, oldest first."
    )
    report_opinion = choice(
        DeterminationResult.choices,
        "DeterminationResult",
        allow_null=True,
        help_text="The investigator's opinion in the report, once submitted.",
    )
    determinations = DeterminationSerializer(
        many=True, help_text="Case-to-answer decisions, oldest first."
    )
    recommendations = RecommendationSerializer(
        many=True, help_text="IOPC recommendations and directions, oldest first."
    )

    class Meta:
        ref_name = "SubjectDetail"


SUBJECT_DETAIL_EXAMPLE: dict[str, Any] = {
    "id": 77,
    "case": 42,
    "person": {"id": 501, "name": "Dana Whitlow"},
    "role": {
        "id": 601,
        "kind": "police_officer",
        "force": "nhants",
        "rank": "Detective Constable",
        "identifier": "NH101",
    },
    "appropriate_authority": "nhants",
    "status": "case_to_answer",
    "allegations": [
        {
            "id": 900,
            "subject": 77,
            "summary": "Did not look at the download from the phone.",
            "occurred_on": None,
            "standards": [6],
            "severity": "gross_misconduct",
            "determination": "case_to_answer_gross_misconduct",
            "assessments": [
                {
                    "id": 12,
                    "severity": "gross_misconduct",
                    "assessed_on": "2016-12-05",
                    "body": "iopc",
                    "rationale": "Could amount to gross misconduct.",
                }
            ],
        }
    ],
    "notices": [
        {
            "id": 88,
            "subject": 77,
            "title": "Regulation 16 notice",
            "served_on": "2016-12-12",
            "severity": "gross_misconduct",
            "content": "You are under investigation for possible gross misconduct.",
            "responses": [
                {
                    "id": 5,
                    "kind": "statement",
                    "received_on": "2016-12-23",
                    "content": "First written statement.",
                }
            ],
        }
    ],
    "interviews": [],
    "suspensions": [],
    "report_opinion": "case_to_answer_gross_misconduct",
    "determinations": [],
    "recommendations": [],
}


class SubjectDetailApi(APIView):
    """One subject with their investigation stage."""

    @extend_schema(
        operation_id="subjects_retrieve",
        summary="Get a subject",
        description="The subject with their allegations (and each one's severity "
        "history), notices with the responses' text, interviews, suspensions, "
        "the report's opinion, determinations and IOPC recommendations. "
        "Proceedings, outcomes and appeals are at "
        "`/subjects/{id}/proceedings/`, `/outcomes/` and `/appeals/`. The "
        "`ETag` is the case's.",
        tags=["subjects"],
        responses={200: SubjectDetailSerializer, **READ_ERRORS},
        examples=[
            OpenApiExample(
                "A detective constable",
                value=SUBJECT_DETAIL_EXAMPLE,
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, subject_id: int) -> Response:
        subject = subject_detail_get(user=user_of(request), subject_id=subject_id)
        data = SubjectDetailSerializer(subject).data
        return set_etag(Response(data), case_etag(subject.case))


class AllegationDetailApi(APIView):
    @extend_schema(
        operation_id="allegations_retrieve",
        summary="Get an allegation",
        description="The allegation, its Standards, current severity and "
        "determination, and every severity assessment. The `ETag` is the case's.",
        tags=["subjects"],
        responses={200: AllegationDetailSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, allegation_id: int) -> Response:
        allegation = allegation_detail_get(
            user=user_of(request), allegation_id=allegation_id
        )
        data = AllegationDetailSerializer(allegation).data
        return set_etag(Response(data), case_etag(allegation.subject.case))


# ---------------------------------------------------------------- interviews


class InterviewRecordInput(StrictInput):
    held_on = serializers.DateField()
    attended = serializers.BooleanField()
    no_comment = serializers.BooleanField(
        default=False, help_text="Attended and answered no comment."
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "InterviewRecordInput"


@documented(
    "interviews_record_create",
    "Record an interview",
    tag="investigation",
    request=InterviewRecordInput,
    output=step_output("InterviewRecorded", interview=InterviewSerializer()),
    example={"held_on": "2017-02-02", "attended": True, "no_comment": True},
)
class InterviewRecordApi(CaseStepApi):
    """Record that a scheduled interview was held (or not attended)."""

    lookup = "interview_id"
    argument = "interview"
    service = interview_record
    InputSerializer = InterviewRecordInput

    def find(self, user: User, pk: int) -> tuple[Interview, Case]:
        interview = interview_get(user=user, interview_id=pk)
        return interview, interview.subject.case

    def body(self, result: Interview) -> dict[str, Any]:
        return {"interview": InterviewSerializer(result).data}


# ---------------------------------------------------------------- suspensions


class SuspensionStartInput(StrictInput):
    kind = choice(Suspension.Kind.choices, "SuspensionKind")
    started_on = serializers.DateField()
    reason = serializers.CharField(help_text="Why: written to the audit trail.")

    class Meta:
        ref_name = "SuspensionStartInput"


SuspensionOutput = step_output("SuspensionStep", suspension=SuspensionSerializer())


@documented(
    "subjects_suspensions_create",
    "Suspend or restrict duties",
    tag="subjects",
    request=SuspensionStartInput,
    output=SuspensionOutput,
    code=201,
    example={
        "kind": "suspension",
        "started_on": "2021-06-01",
        "reason": "Risk to the investigation (PCR r11).",
    },
)
class SuspensionStartApi(SubjectStepApi):
    service = suspension_start
    InputSerializer = SuspensionStartInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Suspension) -> dict[str, Any]:
        return {"suspension": SuspensionSerializer(result).data}


class SuspensionEndInput(StrictInput):
    ended_on = serializers.DateField()

    class Meta:
        ref_name = "SuspensionEndInput"


@documented(
    "suspensions_end_create",
    "End a suspension",
    tag="subjects",
    request=SuspensionEndInput,
    output=SuspensionOutput,
    example={"ended_on": "2021-09-30"},
)
class SuspensionEndApi(CaseStepApi):
    lookup = "suspension_id"
    argument = "suspension"
    service = suspension_end
    InputSerializer = SuspensionEndInput

    def find(self, user: User, pk: int) -> tuple[Suspension, Case]:
        suspension = suspension_get(user=user, suspension_id=pk)
        return suspension, suspension.subject.case

    def body(self, result: Suspension) -> dict[str, Any]:
        return {"suspension": SuspensionSerializer(result).data}


# ---------------------------------------------------------------- IOPC


class RecommendationInput(StrictInput):
    kind = choice(Recommendation.Kind.choices, "RecommendationKind")
    proceedings_form = choice(ProceedingsForm.choices, "ProceedingsForm")
    made_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "RecommendationMakeInput"


@documented(
    "subjects_recommendations_create",
    "Recommend or direct proceedings (IOPC)",
    tag="determination",
    request=RecommendationInput,
    output=step_output("RecommendationMade", recommendation=RecommendationSerializer()),
    code=201,
    description="An IOPC supervisor recommends proceedings for a subject with "
    "a case to answer, and may then direct them (PRA Sch 3 paras 23, 27): a "
    "direction needs a recommendation first (`409 recommendation.direction`). "
    "Needs `If-Match` with the case's ETag; accepts `Idempotency-Key`.",
    example={
        "kind": "recommendation",
        "proceedings_form": "misconduct_hearing",
        "made_on": "2017-10-10",
        "rationale": "The evidence supports a hearing.",
    },
)
class RecommendationMakeApi(SubjectStepApi):
    service = recommendation_make
    InputSerializer = RecommendationInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Recommendation) -> dict[str, Any]:
        return {"recommendation": RecommendationSerializer(result).data}


# ---------------------------------------------------------------- outcomes


class DecisionInput(StrictInput):
    decided_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "OutcomeWithoutProceedingsInput"


SubjectStateOutput = step_output(
    "SubjectOutcomeWithoutProceedings", subject=SubjectStateSerializer()
)


class FinishWithoutProceedingsApi(SubjectStepApi):
    """A PSD supervisor ends a subject's path without proceedings."""

    InputSerializer = DecisionInput

    def body(self, result: Subject) -> dict[str, Any]:
        return {"subject": SubjectStateSerializer(result).data}


WITHOUT_PROCEEDINGS = (
    "A PSD supervisor decides; not after an IOPC direction to bring proceedings "
    "(`409 outcome.directed`). Needs `If-Match` with the case's ETag; accepts "
    "`Idempotency-Key`."
)


@documented(
    "subjects_management_action_create",
    "Management action (2012 rules)",
    tag="determination",
    request=DecisionInput,
    output=SubjectStateOutput,
    description="Management action instead of proceedings, under the 2012 rules "
    "only (`409 outcome.management_action` otherwise). " + WITHOUT_PROCEEDINGS,
    example={"decided_on": "2017-11-01", "rationale": "Learning is enough."},
)
class ManagementActionApi(FinishWithoutProceedingsApi):
    service = subject_management_action


@documented(
    "subjects_reflective_practice_create",
    "Reflective practice (2020 rules)",
    tag="determination",
    request=DecisionInput,
    output=SubjectStateOutput,
    description="Referral to the reflective practice review process (PCR Part "
    "6), under the 2020 rules only (`409 outcome.rprp` otherwise). "
    + WITHOUT_PROCEEDINGS,
    example={
        "decided_on": "2023-05-02",
        "rationale": "Practice requiring improvement.",
    },
)
class ReflectivePracticeApi(FinishWithoutProceedingsApi):
    service = subject_reflective_practice


@documented(
    "subjects_no_further_action_create",
    "No further action",
    tag="determination",
    request=DecisionInput,
    output=SubjectStateOutput,
    description="No further action for the subject. " + WITHOUT_PROCEEDINGS,
    example={"decided_on": "2023-05-02", "rationale": "No case to answer."},
)
class NoFurtherActionApi(FinishWithoutProceedingsApi):
    service = subject_no_further_action


# ------------------------------------------------------- new people


class SubjectNewPersonInput(RoleInput):
    given_names = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="With the name, how a second record of one person is refused.",
    )
    appropriate_authority = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Force.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
        help_text="Force code; defaults to the role's force.",
    )

    class Meta:
        ref_name = "SubjectNewPersonInput"


@documented(
    "cases_subjects_new_person_create",
    "Add a subject not yet recorded",
    tag="subjects",
    request=SubjectNewPersonInput,
    output=SubjectAddApi.OutputSerializer,
    code=status.HTTP_201_CREATED,
    description="Records the person, the role they held at the time and the "
    "subject, all or nothing (PSD and IOPC staff). Someone already recorded "
    "is refused, so one person is one record across cases: the same name and "
    "date of birth (`409 person.duplicate`) or a number a current role in the "
    "force carries (`409 person_role.identifier`); add them with "
    "`POST /api/v1/cases/{case_id}/subjects/` instead. Needs `If-Match` with "
    "the case's ETag; accepts `Idempotency-Key`.",
    example={
        "given_names": "Dana",
        "family_name": "Whitlow",
        "date_of_birth": "1986-07-09",
        "kind": "police_officer",
        "force": "nhants",
        "started_on": "2008-09-01",
        "rank": "Detective Constable",
        "identifier": "NH101",
    },
)
class SubjectNewPersonApi(CaseLevelStepApi):
    service = subject_add_new_person
    InputSerializer = SubjectNewPersonInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Subject) -> dict[str, Any]:
        return {"subject": SubjectSerializer(result).data}
