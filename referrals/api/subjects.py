"""A subject's investigation stage over the API: one subject with
everything the investigation recorded about them, one allegation with its
severity history, one notice of investigation with its responses and one
interview. Each answers the case's ETag; 404 out of scope. (The steps
on subjects are in referrals.api.subject_steps, .investigation and
.determination.)"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from conduct.api.concurrency import set_etag
from conduct.models import User
from referrals.api.serializers import (
    AllegationDetailSerializer,
    DeterminationSerializer,
    InterviewSerializer,
    NoticeDetailSerializer,
    PersonRefSerializer,
    PersonRoleSerializer,
    RecommendationSerializer,
    SuspensionSerializer,
    choice,
)
from referrals.api.steps import (
    READ_ERRORS,
    case_etag,
    user_of,
)
from referrals.models import (
    Allegation,
    DeterminationResult,
    Notice,
    ReportOpinion,
    Subject,
)
from referrals.permissions import scoped_get
from referrals.selectors.cases import NO_SUCH_ALLEGATION, NO_SUCH_SUBJECT, notice_get
from referrals.selectors.steps import interview_get

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


# ---------------------------------------------------------------- notices, interviews


class NoticeDetailApi(APIView):
    @extend_schema(
        operation_id="notices_retrieve",
        summary="Get a notice of investigation",
        description="The written notice served on a subject, with the "
        "responses' text. The `ETag` is the case's: send it in `If-Match` to "
        "record a response (`POST /notices/{notice_id}/responses/`).",
        tags=["investigation"],
        responses={200: NoticeDetailSerializer, **READ_ERRORS},
        examples=[
            OpenApiExample(
                "Regulation 16 notice",
                value=SUBJECT_DETAIL_EXAMPLE["notices"][0],
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, notice_id: int) -> Response:
        notice = notice_get(user=user_of(request), notice_id=notice_id)
        data = NoticeDetailSerializer(notice).data
        return set_etag(Response(data), case_etag(notice.subject.case))


class InterviewDetailApi(APIView):
    @extend_schema(
        operation_id="interviews_retrieve",
        summary="Get an interview",
        description="An interview arranged with a subject and, once held, what "
        "happened. The `ETag` is the case's: send it in `If-Match` to record "
        "the interview (`POST /interviews/{interview_id}/record/`).",
        tags=["investigation"],
        responses={200: InterviewSerializer, **READ_ERRORS},
        examples=[
            OpenApiExample(
                "Held",
                value={
                    "id": 41,
                    "subject": 77,
                    "proposed_on": "2017-02-02",
                    "alternative_on": None,
                    "held_on": "2017-02-02",
                    "attended": True,
                    "no_comment": False,
                    "notes": "Answered every question.",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, interview_id: int) -> Response:
        interview = interview_get(user=user_of(request), interview_id=interview_id)
        data = InterviewSerializer(interview).data
        return set_etag(Response(data), case_etag(interview.subject.case))
