"""A subject's investigation stage over the API: one subject with
everything the investigation recorded about them, one allegation with its
severity history, one notice of investigation with its responses and one
interview. Each answers the case's ETag; 404 out of scope. (The steps
on subjects are in referrals.api.subject_steps, .investigation and
.determination.)"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Prefetch, Subquery
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

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
    SUBJECT_NAMED_EXAMPLE,
    CaseReadApi,
    SubjectLookup,
    documented_read,
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
    **SUBJECT_NAMED_EXAMPLE,
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


@documented_read(
    "subjects_retrieve",
    "Get a subject",
    tag="subjects",
    description="The subject with their allegations (and each one's severity "
    "history), notices with the responses' text, interviews, suspensions, "
    "the report's opinion, determinations and IOPC recommendations. "
    "Proceedings, outcomes and appeals are at "
    "`/subjects/{id}/proceedings/`, `/outcomes/` and `/appeals/`. The "
    "`ETag` is the case's.",
    examples=[
        OpenApiExample(
            "A detective constable",
            value=SUBJECT_DETAIL_EXAMPLE,
            response_only=True,
        )
    ],
)
class SubjectDetailApi(SubjectLookup, CaseReadApi):
    """One subject with their investigation stage."""

    getter = subject_detail_get
    OutputSerializer = SubjectDetailSerializer


@documented_read(
    "allegations_retrieve",
    "Get an allegation",
    tag="subjects",
    description="The allegation, its Standards, current severity and "
    "determination, and every severity assessment. The `ETag` is the case's.",
)
class AllegationDetailApi(CaseReadApi):
    lookup = "allegation_id"
    getter = allegation_detail_get
    case_path = "subject.case"
    OutputSerializer = AllegationDetailSerializer


# ---------------------------------------------------------------- notices, interviews


@documented_read(
    "notices_retrieve",
    "Get a notice of investigation",
    tag="investigation",
    description="The written notice served on a subject, with the "
    "responses' text. The `ETag` is the case's: send it in `If-Match` to "
    "record a response (`POST /notices/{notice_id}/responses/`).",
    examples=[
        OpenApiExample(
            "Regulation 16 notice",
            value=SUBJECT_DETAIL_EXAMPLE["notices"][0],
            response_only=True,
        )
    ],
)
class NoticeDetailApi(CaseReadApi):
    lookup = "notice_id"
    getter = notice_get
    case_path = "subject.case"
    OutputSerializer = NoticeDetailSerializer


@documented_read(
    "interviews_retrieve",
    "Get an interview",
    tag="investigation",
    description="An interview arranged with a subject and, once held, what "
    "happened. The `ETag` is the case's: send it in `If-Match` to record "
    "the interview (`POST /interviews/{interview_id}/record/`).",
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
class InterviewDetailApi(CaseReadApi):
    lookup = "interview_id"
    getter = interview_get
    case_path = "subject.case"
    OutputSerializer = InterviewSerializer
