"""The investigation over the API: opening it, the notices of investigation
and the subjects' responses, interviews, and the report
(referrals.services.investigations)."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import (
    InterviewSerializer,
    InvestigationSerializer,
    NoticeSerializer,
    SubjectStateSerializer,
    choice,
)
from referrals.api.steps import (
    CASE_STATE_EXAMPLE,
    DEADLINE_EXAMPLE,
    CaseLevelStepApi,
    CaseStepApi,
    SubjectStepApi,
    documented,
    step_output,
)
from referrals.models import (
    Case,
    DeterminationResult,
    Interview,
    Investigation,
    InvestigationReport,
    Notice,
    NoticeResponse,
    Subject,
)
from referrals.selectors.cases import notice_get
from referrals.selectors.steps import interview_get
from referrals.services.investigations import (
    interview_record,
    interview_schedule,
    investigation_open,
    notice_response_record,
    notice_serve,
    report_submit,
)


def subjects_state(case_id: int) -> Any:
    subjects = Subject.objects.filter(case_id=case_id).order_by("id")
    return SubjectStateSerializer(cast(Any, subjects), many=True).data


# ---------------------------------------------------------------- opening


class InvestigationOpenInput(StrictInput):
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


@documented(
    "cases_investigation_create",
    "Open the investigation",
    tag="investigation",
    request=InvestigationOpenInput,
    output=step_output(
        "InvestigationOpened",
        investigation=InvestigationSerializer(),
        subjects=SubjectStateSerializer(many=True),
    ),
    code=201,
    description="Open the investigation; every recorded subject with an "
    "allegation\ncomes under it.",
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
class InvestigationOpenApi(CaseLevelStepApi):
    service = investigation_open
    InputSerializer = InvestigationOpenInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Investigation) -> dict[str, Any]:
        return {
            "investigation": InvestigationSerializer(result).data,
            "subjects": subjects_state(result.case_id),
        }


# ---------------------------------------------------------------- notices


class NoticeServeInput(StrictInput):
    served_on = serializers.DateField()
    content = serializers.CharField(
        help_text="The conduct, how it falls below the Standards, the investigator."
    )

    class Meta:
        ref_name = "NoticeServeInput"


@documented(
    "subjects_notices_create",
    "Serve a notice of investigation",
    tag="investigation",
    request=NoticeServeInput,
    output=step_output("NoticeServed", notice=NoticeSerializer()),
    code=201,
    description="Serve the written notice of investigation on a subject; "
    "starts the\nclock for the subject's response (PCR r18).",
    examples=[
        OpenApiExample(
            "Regulation 16 notice",
            value={
                "served_on": "2016-12-12",
                "content": "You are under investigation for possible gross misconduct.",
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
class NoticeServeApi(SubjectStepApi):
    service = notice_serve
    InputSerializer = NoticeServeInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Notice) -> dict[str, Any]:
        return {"notice": NoticeSerializer(result).data}


class NoticeResponseRecordInput(StrictInput):
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


class NoticeResponseRecordedSerializer(serializers.Serializer[NoticeResponse]):
    id = serializers.IntegerField()
    notice = serializers.IntegerField(source="notice_id")
    kind = choice(NoticeResponse.Kind.choices, "NoticeResponseKind")
    received_on = serializers.DateField()
    content = serializers.CharField()

    class Meta:
        ref_name = "NoticeResponseRecorded"


@documented(
    "notices_responses_create",
    "Record a response to a notice",
    tag="investigation",
    request=NoticeResponseRecordInput,
    output=step_output(
        "NoticeResponseAdded", response=NoticeResponseRecordedSerializer()
    ),
    code=201,
    description="Record the subject's written response or statement to a "
    "notice; a\nresponse meets the response clock.",
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
class NoticeResponseRecordApi(CaseStepApi):
    lookup = "notice_id"
    getter = notice_get
    case_path = "subject.case"
    argument = "notice"
    service = notice_response_record
    InputSerializer = NoticeResponseRecordInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: NoticeResponse) -> dict[str, Any]:
        return {"response": NoticeResponseRecordedSerializer(result).data}


# ---------------------------------------------------------------- interviews


class InterviewScheduleInput(StrictInput):
    proposed_on = serializers.DateField()
    alternative_on = serializers.DateField(required=False, allow_null=True)

    class Meta:
        ref_name = "InterviewScheduleInput"


@documented(
    "subjects_interviews_create",
    "Schedule an interview",
    tag="investigation",
    request=InterviewScheduleInput,
    output=step_output("InterviewScheduled", interview=InterviewSerializer()),
    code=201,
    description="Fix an interview date after the notice; the subject may "
    "propose an\nalternative (PCR r20).",
    examples=[
        OpenApiExample(
            "Proposed date", value={"proposed_on": "2017-02-02"}, request_only=True
        )
    ],
)
class InterviewScheduleApi(SubjectStepApi):
    service = interview_schedule
    InputSerializer = InterviewScheduleInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Interview) -> dict[str, Any]:
        return {"interview": InterviewSerializer(result).data}


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
    getter = interview_get
    case_path = "subject.case"
    argument = "interview"
    service = interview_record
    InputSerializer = InterviewRecordInput

    def body(self, result: Interview) -> dict[str, Any]:
        return {"interview": InterviewSerializer(result).data}


# ---------------------------------------------------------------- the report


class OpinionSerializer(StrictInput):
    subject = serializers.IntegerField()
    opinion = choice(DeterminationResult.choices, "DeterminationResult")

    class Meta:
        ref_name = "ReportOpinionInput"


class ReportSubmitInput(StrictInput):
    submitted_on = serializers.DateField()
    summary = serializers.CharField()
    opinions = OpinionSerializer(
        many=True, help_text="One opinion per subject under investigation."
    )

    class Meta:
        ref_name = "ReportSubmitInput"


@documented(
    "cases_investigation_report_create",
    "Submit the investigation report",
    tag="investigation",
    request=ReportSubmitInput,
    output=step_output(
        "ReportSubmitted",
        investigation=InvestigationSerializer(),
        subjects=SubjectStateSerializer(many=True),
    ),
    code=201,
    description="Submit the investigation report with an opinion on every "
    "subject\nunder investigation (PCR r21); stops the progress-report clock.",
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
class ReportSubmitApi(CaseLevelStepApi):
    service = report_submit
    InputSerializer = ReportSubmitInput
    success_status = status.HTTP_201_CREATED

    def act(self, user: User, target: Case, data: dict[str, Any]) -> Any:
        opinions = {row["subject"]: row["opinion"] for row in data["opinions"]}
        return super().act(user, target, {**data, "opinions": opinions})

    def body(self, result: InvestigationReport) -> dict[str, Any]:
        investigation = result.investigation
        return {
            "investigation": InvestigationSerializer(investigation).data,
            "subjects": subjects_state(investigation.case_id),
        }
