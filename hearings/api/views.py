"""Hearings endpoints: proceedings, findings, outcomes, appeals, list reports
and employment events, as POST actions calling the one service that owns
each step (the same as the browser's), and the reads an investigator needs.

The pattern is referrals.api.steps.CaseStepApi's: the object is found in
the caller's scope (404 otherwise), If-Match is checked against the case's
ETag inside the ``@idempotent`` handler (so a retried POST replays), the
service runs under the case's row lock at the version the client holds, and
the answer is the new state, the deadlines the step opened and the new ETag.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
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
from conduct.api.openapi import problem_responses
from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import EmploymentEvent, Force, PersonRole, User
from hearings.api.serializers import (
    AdjournmentSerializer,
    AppealSerializer,
    EmploymentEventSerializer,
    FindingSerializer,
    ListReportRowSerializer,
    ListReportSerializer,
    OutcomeSerializer,
    PanelMemberSerializer,
    ProceedingSerializer,
    ReferralNoticeSerializer,
    SubjectHearingStateSerializer,
    former_officer_condition,
)
from hearings.models import (
    Appeal,
    Finding,
    FindingResult,
    ListReport,
    Outcome,
    OutcomeKind,
    PanelMember,
    PanelRole,
    Proceeding,
)
from hearings.selectors.proceedings import (
    list_report_detail_get,
    list_reports_with_due_on,
    outcome_history,
)
from hearings.selectors.steps import (
    appeal_get,
    list_report_get,
    panel_member_get,
    proceeding_get,
)
from hearings.services.appeals import appeal_decide, appeal_lodge, appeal_withdraw
from hearings.services.dispatch import list_report_requeue
from hearings.services.employment import employment_event_record
from hearings.services.outcomes import findings_record, outcome_record, subject_conclude
from hearings.services.proceedings import (
    panel_member_appoint,
    panel_member_remove,
    proceeding_adjourn,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_papers_to_chair,
    proceeding_pre_hearing_set,
    proceeding_refer,
    proceeding_response_record,
    proceeding_schedule,
    proceeding_withdraw,
    subject_close_without_proceedings,
)
from referrals.api.serializers import choice
from referrals.api.steps import (
    READ_ERRORS,
    CaseStepApi,
    SubjectStepApi,
    case_etag,
    documented,
    rationale_field,
    step_output,
    user_of,
    valid,
)
from referrals.models import Case, ProceedingsForm, Subject
from referrals.selectors.cases import case_version_get, person_role_get, subject_get

NO_SUCH_ROLE = "No such role."


# ---------------------------------------------------------------- scope


def proceeding_full(proceeding_id: int) -> Proceeding:
    """The proceeding with what its representation shows."""
    return Proceeding.objects.prefetch_related(
        "notices",
        "panel",
        "adjournments",
        Prefetch("findings", queryset=Finding.objects.filter(is_current=True)),
    ).get(pk=proceeding_id)


def list_report_last_id(case: Case) -> int:
    last = ListReport.objects.filter(case=case).order_by("-id").first()
    return last.pk if last else 0


def list_reports_after(case: Case, after_id: int) -> list[ListReport]:
    reports = ListReport.objects.select_related("relevant_authority").filter(
        case=case, pk__gt=after_id
    )
    return list(list_reports_with_due_on(reports).order_by("id"))


# ---------------------------------------------------------------- the pattern


class ProceedingStepApi(CaseStepApi):
    lookup = "proceeding_id"
    argument = "proceeding"

    def find(self, user: User, pk: int) -> tuple[Proceeding, Case]:
        proceeding = proceeding_get(user=user, proceeding_id=pk)
        return proceeding, proceeding.subject.case

    def body(self, result: Any) -> dict[str, Any]:
        return {"proceeding": proceeding_data(result.pk)}


def proceeding_data(proceeding_id: int) -> Any:
    return ProceedingSerializer(proceeding_full(proceeding_id)).data


def subject_state(subject_id: int) -> Any:
    return SubjectHearingStateSerializer(Subject.objects.get(pk=subject_id)).data


ProceedingOutput = step_output("ProceedingStep", proceeding=ProceedingSerializer())


# ---------------------------------------------------------------- proceedings


class ProceedingReferInput(StrictInput):
    form = choice(ProceedingsForm.choices, "ProceedingsForm")
    referred_on = serializers.DateField()
    rationale = rationale_field()
    final_written_warning_in_force = serializers.BooleanField(default=False)
    separate_incidents = serializers.BooleanField(default=False)
    is_public = serializers.BooleanField(default=False)
    special_conditions_certified_on = serializers.DateField(
        required=False, allow_null=True, help_text="Accelerated hearings (PCR r49)."
    )
    special_conditions_certified_by = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    former_officer_condition = former_officer_condition(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the subject has left: `a` left after the "
        "allegation came to attention, `b` it came to attention within 12 "
        "months of leaving, `c` the Director General's special determination "
        "(with `condition_c_determined_on`).",
    )
    condition_c_determined_on = serializers.DateField(required=False, allow_null=True)

    class Meta:
        ref_name = "ProceedingReferInput"


@documented(
    "subjects_proceedings_create",
    "Refer to proceedings",
    tag="proceedings",
    request=ProceedingReferInput,
    output=ProceedingOutput,
    code=201,
    description="The appropriate authority (PSD supervisor) refers a subject "
    "with a case to answer to a misconduct meeting, hearing or accelerated "
    "hearing. Needs `If-Match` with the case's ETag; accepts `Idempotency-Key`.",
    example={
        "form": "accelerated_hearing",
        "referred_on": "2021-07-27",
        "rationale": "The evidence is documentary.",
        "special_conditions_certified_on": "2021-07-26",
        "special_conditions_certified_by": "Deputy Chief Constable",
        "is_public": True,
    },
)
class SubjectProceedingsApi(SubjectStepApi):
    """A subject's proceedings (GET) and referral to proceedings (POST)."""

    service = proceeding_refer
    InputSerializer = ProceedingReferInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Proceeding) -> dict[str, Any]:
        return {"proceeding": proceeding_data(result.pk)}

    @extend_schema(
        operation_id="subjects_proceedings_list",
        summary="A subject's proceedings",
        description="Every proceeding of the subject (a withdrawn one stays), "
        "with notices of referral, panel, adjournments and current findings.",
        tags=["proceedings"],
        responses={200: ProceedingSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, subject_id: int) -> Response:
        subject = subject_get(user=user_of(request), subject_id=subject_id)
        proceedings = (
            Proceeding.objects.filter(subject=subject)
            .prefetch_related(
                "notices",
                "panel",
                "adjournments",
                Prefetch("findings", queryset=Finding.objects.filter(is_current=True)),
            )
            .order_by("referred_on", "id")
        )
        response = Response(
            ProceedingSerializer(cast(Any, proceedings), many=True).data
        )
        return set_etag(response, case_etag(subject.case))


class NoticeInput(StrictInput):
    served_on = serializers.DateField()
    content = serializers.CharField()

    class Meta:
        ref_name = "ProceedingNoticeInput"


@documented(
    "proceedings_notices_create",
    "Serve the notice of referral",
    tag="proceedings",
    request=NoticeInput,
    output=step_output(
        "ProceedingNoticeServed",
        notice=ReferralNoticeSerializer(),
        proceeding=ProceedingSerializer(),
    ),
    code=201,
    example={"served_on": "2021-07-28", "content": "You are referred to a hearing."},
)
class ProceedingNoticeApi(ProceedingStepApi):
    service = proceeding_notice_serve
    InputSerializer = NoticeInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Any) -> dict[str, Any]:
        return {
            "notice": ReferralNoticeSerializer(result).data,
            "proceeding": proceeding_data(result.proceeding_id),
        }


class PapersInput(StrictInput):
    supplied_on = serializers.DateField()

    class Meta:
        ref_name = "PapersToChairInput"


@documented(
    "proceedings_papers_to_chair_create",
    "Papers supplied to the chair",
    tag="proceedings",
    request=PapersInput,
    output=ProceedingOutput,
    example={"supplied_on": "2023-08-01"},
)
class PapersToChairApi(ProceedingStepApi):
    service = proceeding_papers_to_chair
    InputSerializer = PapersInput


class PreHearingInput(StrictInput):
    pre_hearing_on = serializers.DateField()

    class Meta:
        ref_name = "PreHearingInput"


@documented(
    "proceedings_pre_hearing_create",
    "Set the pre-hearing",
    tag="proceedings",
    request=PreHearingInput,
    output=ProceedingOutput,
    example={"pre_hearing_on": "2023-08-10"},
)
class PreHearingApi(ProceedingStepApi):
    service = proceeding_pre_hearing_set
    InputSerializer = PreHearingInput


class ScheduleInput(StrictInput):
    scheduled_for = serializers.DateField()

    class Meta:
        ref_name = "ProceedingScheduleInput"


@documented(
    "proceedings_schedule_create",
    "Schedule the meeting or hearing",
    tag="proceedings",
    request=ScheduleInput,
    output=ProceedingOutput,
    example={"scheduled_for": "2021-08-12"},
)
class ScheduleApi(ProceedingStepApi):
    service = proceeding_schedule
    InputSerializer = ScheduleInput


class AdjournInput(StrictInput):
    adjourned_on = serializers.DateField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "ProceedingAdjournInput"


@documented(
    "proceedings_adjournments_create",
    "Adjourn",
    tag="proceedings",
    request=AdjournInput,
    output=step_output(
        "ProceedingAdjourned",
        adjournment=AdjournmentSerializer(),
        proceeding=ProceedingSerializer(),
    ),
    code=201,
    example={"adjourned_on": "2023-09-01", "reason": "The chair is unwell."},
)
class AdjournApi(ProceedingStepApi):
    service = proceeding_adjourn
    InputSerializer = AdjournInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Any) -> dict[str, Any]:
        return {
            "adjournment": AdjournmentSerializer(result).data,
            "proceeding": proceeding_data(result.proceeding_id),
        }


class PanelAppointInput(StrictInput):
    role = choice(PanelRole.choices, "PanelRole")
    name = serializers.CharField(max_length=200)

    class Meta:
        ref_name = "PanelMemberAppointInput"


@documented(
    "proceedings_panel_create",
    "Appoint a panel member",
    tag="proceedings",
    request=PanelAppointInput,
    output=step_output(
        "PanelMemberAppointed",
        member=PanelMemberSerializer(),
        proceeding=ProceedingSerializer(),
    ),
    code=201,
    example={"role": "chief_officer", "name": "Chief Constable"},
)
class PanelAppointApi(ProceedingStepApi):
    service = panel_member_appoint
    InputSerializer = PanelAppointInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Any) -> dict[str, Any]:
        return {
            "member": PanelMemberSerializer(result).data,
            "proceeding": proceeding_data(result.proceeding_id),
        }


class RationaleInput(StrictInput):
    rationale = rationale_field()

    class Meta:
        ref_name = "RationaleInput"


@documented(
    "panel_members_removal_create",
    "Remove a panel member",
    tag="proceedings",
    request=RationaleInput,
    output=ProceedingOutput,
    example={"rationale": "Declared a conflict of interest."},
)
class PanelRemoveApi(CaseStepApi):
    lookup = "member_id"
    argument = "member"
    service = panel_member_remove
    InputSerializer = RationaleInput

    def find(self, user: User, pk: int) -> tuple[PanelMember, Case]:
        member = panel_member_get(user=user, member_id=pk)
        return member, member.proceeding.subject.case

    def act(self, user: User, target: PanelMember, data: dict[str, Any]) -> Any:
        super().act(user, target, data)
        return target.proceeding_id

    def body(self, result: int) -> dict[str, Any]:
        return {"proceeding": proceeding_data(result)}


class ResponseInput(StrictInput):
    received_on = serializers.DateField()
    accepts_conduct = serializers.BooleanField()
    account = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "ProceedingResponseInput"


@documented(
    "proceedings_response_create",
    "Record the subject's response",
    tag="proceedings",
    request=ResponseInput,
    output=ProceedingOutput,
    example={
        "received_on": "2021-08-04",
        "accepts_conduct": True,
        "account": "Accepts that he sent the messages.",
    },
)
class ResponseApi(ProceedingStepApi):
    service = proceeding_response_record
    InputSerializer = ResponseInput


class HoldInput(StrictInput):
    held_on = serializers.DateField()

    class Meta:
        ref_name = "ProceedingHoldInput"


@documented(
    "proceedings_hold_create",
    "Record that it was held",
    tag="proceedings",
    request=HoldInput,
    output=ProceedingOutput,
    example={"held_on": "2021-08-12"},
)
class HoldApi(ProceedingStepApi):
    service = proceeding_hold
    InputSerializer = HoldInput


class WithdrawInput(StrictInput):
    withdrawn_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "ProceedingWithdrawInput"


@documented(
    "proceedings_withdrawal_create",
    "Withdraw the proceedings",
    tag="proceedings",
    request=WithdrawInput,
    output=ProceedingOutput,
    example={"withdrawn_on": "2023-08-20", "rationale": "New evidence."},
)
class WithdrawApi(ProceedingStepApi):
    service = proceeding_withdraw
    InputSerializer = WithdrawInput


SubjectOutput = step_output(
    "SubjectHearingStep", subject=SubjectHearingStateSerializer()
)


class CloseInput(StrictInput):
    decided_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "CloseWithoutProceedingsInput"


@documented(
    "subjects_close_without_proceedings_create",
    "Close without proceedings",
    tag="proceedings",
    request=CloseInput,
    output=SubjectOutput,
    example={"decided_on": "2023-07-01", "rationale": "No case to answer."},
)
class CloseWithoutProceedingsApi(SubjectStepApi):
    service = subject_close_without_proceedings
    InputSerializer = CloseInput

    def body(self, result: Subject) -> dict[str, Any]:
        return {"subject": subject_state(result.pk)}


# ---------------------------------------------------------------- findings, outcome


class FindingInput(StrictInput):
    allegation = serializers.IntegerField()
    result = choice(FindingResult.choices, "FindingResult")

    class Meta:
        ref_name = "FindingInput"


class FindingsInput(StrictInput):
    results = FindingInput(many=True, help_text="One per allegation before it.")
    recorded_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "FindingsRecordInput"


@documented(
    "proceedings_findings_create",
    "Record the findings",
    tag="outcomes",
    request=FindingsInput,
    output=step_output(
        "FindingsRecorded",
        findings=FindingSerializer(many=True),
        proceeding=ProceedingSerializer(),
    ),
    code=201,
    example={
        "results": [{"allegation": 900, "result": "proven_gross_misconduct"}],
        "recorded_on": "2021-08-12",
        "rationale": "Proven on the documents.",
    },
)
class FindingsApi(ProceedingStepApi):
    service = findings_record
    InputSerializer = FindingsInput
    success_status = status.HTTP_201_CREATED

    def act(self, user: User, target: Proceeding, data: dict[str, Any]) -> Any:
        results = {row["allegation"]: row["result"] for row in data["results"]}
        findings = super().act(user, target, {**data, "results": results})
        return target.pk, findings

    def body(self, result: tuple[int, list[Finding]]) -> dict[str, Any]:
        proceeding_id, findings = result
        return {
            "findings": FindingSerializer(cast(Any, findings), many=True).data,
            "proceeding": proceeding_data(proceeding_id),
        }


class OutcomeInput(StrictInput):
    kind = choice(OutcomeKind.choices, "OutcomeKind")
    decided_on = serializers.DateField()
    reasons = serializers.CharField()

    class Meta:
        ref_name = "OutcomeRecordInput"


@documented(
    "proceedings_outcome_create",
    "Record the outcome",
    tag="outcomes",
    request=OutcomeInput,
    output=step_output(
        "OutcomeRecorded",
        outcome=OutcomeSerializer(),
        subject=SubjectHearingStateSerializer(),
        list_reports_created=ListReportRowSerializer(many=True),
    ),
    code=201,
    description="Records the disciplinary outcome (PCR r42). A dismissal, or a "
    "finding that a former officer would have been dismissed, makes a barred "
    "list report (`list_reports_created`), queued for the College. Needs "
    "`If-Match`; accepts `Idempotency-Key`.",
    example={
        "kind": "dismissal_without_notice",
        "decided_on": "2021-08-12",
        "reasons": "Only dismissal will do.",
    },
)
class OutcomeApi(ProceedingStepApi):
    service = outcome_record
    InputSerializer = OutcomeInput
    success_status = status.HTTP_201_CREATED

    def act(self, user: User, target: Proceeding, data: dict[str, Any]) -> Any:
        case = target.subject.case
        last = list_report_last_id(case)
        outcome = super().act(user, target, data)
        return outcome, list_reports_after(case, last)

    def body(self, result: tuple[Outcome, list[ListReport]]) -> dict[str, Any]:
        outcome, reports = result
        return {
            "outcome": OutcomeSerializer(outcome).data,
            "subject": subject_state(outcome.subject_id),
            "list_reports_created": ListReportRowSerializer(
                cast(Any, reports), many=True
            ).data,
        }


class ConcludeInput(StrictInput):
    concluded_on = serializers.DateField()

    class Meta:
        ref_name = "SubjectConcludeInput"


@documented(
    "subjects_conclusion_create",
    "Conclude the subject's case",
    tag="outcomes",
    request=ConcludeInput,
    output=SubjectOutput,
    example={"concluded_on": "2022-11-17"},
)
class ConcludeApi(SubjectStepApi):
    service = subject_conclude
    InputSerializer = ConcludeInput

    def body(self, result: Subject) -> dict[str, Any]:
        return {"subject": subject_state(result.pk)}


class OutcomeHistoryApi(APIView):
    @extend_schema(
        operation_id="subjects_outcomes_list",
        summary="A subject's outcome history",
        description="Every outcome the subject has had, oldest first; an "
        "appeal's substitute supersedes the outcome it replaced "
        "(`is_current`).",
        tags=["outcomes"],
        responses={200: OutcomeSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, subject_id: int) -> Response:
        subject = subject_get(user=user_of(request), subject_id=subject_id)
        data = OutcomeSerializer(cast(Any, outcome_history(subject)), many=True).data
        return set_etag(Response(data), case_etag(subject.case))


# ---------------------------------------------------------------- appeals


class AppealLodgeInput(StrictInput):
    lodged_on = serializers.DateField()
    grounds = serializers.CharField()

    class Meta:
        ref_name = "AppealLodgeInput"


AppealOutput = step_output("AppealStep", appeal=AppealSerializer())


@documented(
    "subjects_appeals_create",
    "Lodge an appeal",
    tag="appeals",
    request=AppealLodgeInput,
    output=AppealOutput,
    code=201,
    example={"lodged_on": "2021-08-20", "grounds": "The outcome was unreasonable."},
)
class AppealLodgeApi(SubjectStepApi):
    """A subject's appeals (GET) and a new one (POST)."""

    service = appeal_lodge
    InputSerializer = AppealLodgeInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Appeal) -> dict[str, Any]:
        return {"appeal": AppealSerializer(result).data}

    @extend_schema(
        operation_id="subjects_appeals_list",
        summary="A subject's appeals",
        description="Every appeal the subject lodged, oldest first, with its "
        "status and decision. The `ETag` is the case's.",
        tags=["appeals"],
        responses={200: AppealSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, subject_id: int) -> Response:
        subject = subject_get(user=user_of(request), subject_id=subject_id)
        appeals = Appeal.objects.filter(subject=subject).order_by("lodged_on", "id")
        data = AppealSerializer(cast(Any, appeals), many=True).data
        return set_etag(Response(data), case_etag(subject.case))


class AppealStepApi(CaseStepApi):
    lookup = "appeal_id"
    argument = "appeal"

    def find(self, user: User, pk: int) -> tuple[Appeal, Case]:
        appeal = appeal_get(user=user, appeal_id=pk)
        return appeal, appeal.subject.case

    def body(self, result: Appeal) -> dict[str, Any]:
        result.refresh_from_db()
        return {"appeal": AppealSerializer(result).data}


class AppealDecideInput(StrictInput):
    result = choice([Appeal.Status.DISMISSED, Appeal.Status.ALLOWED], "AppealResult")
    decided_on = serializers.DateField()
    reasons = serializers.CharField()
    substituted_outcome = choice(
        [("", "None"), *OutcomeKind.choices],
        "OutcomeKindOrBlank",
        required=False,
        allow_blank=True,
        default="",
    )
    substituted_findings = FindingInput(many=True, required=False)

    class Meta:
        ref_name = "AppealDecideInput"


@documented(
    "appeals_decision_create",
    "Decide an appeal",
    tag="appeals",
    request=AppealDecideInput,
    output=AppealOutput,
    example={
        "result": "allowed",
        "decided_on": "2021-12-01",
        "reasons": "The sanction was unreasonable.",
        "substituted_outcome": "final_written_warning",
    },
)
class AppealDecideApi(AppealStepApi):
    service = appeal_decide
    InputSerializer = AppealDecideInput

    def act(self, user: User, target: Appeal, data: dict[str, Any]) -> Any:
        findings = data.pop("substituted_findings", None)
        substituted = (
            {row["allegation"]: row["result"] for row in findings} if findings else None
        )
        return super().act(user, target, {**data, "substituted_findings": substituted})


class AppealWithdrawInput(StrictInput):
    withdrawn_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "AppealWithdrawInput"


@documented(
    "appeals_withdrawal_create",
    "Withdraw an appeal",
    tag="appeals",
    request=AppealWithdrawInput,
    output=AppealOutput,
    example={"withdrawn_on": "2021-09-01", "rationale": "The officer withdrew it."},
)
class AppealWithdrawApi(AppealStepApi):
    service = appeal_withdraw
    InputSerializer = AppealWithdrawInput


# ---------------------------------------------------------------- list reports


class CaseListReportsApi(APIView):
    @extend_schema(
        operation_id="cases_list_reports_list",
        summary="A case's list reports",
        description="Barred and advisory list reports made on the case, oldest "
        "first, with their delivery status.",
        tags=["list reports"],
        responses={200: ListReportRowSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, case_id: int) -> Response:
        case = case_version_get(user=user_of(request), case_id=case_id)
        reports = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").filter(
                case_id=case.pk
            )
        ).order_by("event_on", "id")
        data = ListReportRowSerializer(cast(Any, reports), many=True).data
        return set_etag(Response(data), case_etag(case))


class ListReportDetailApi(APIView):
    @extend_schema(
        operation_id="list_reports_retrieve",
        summary="A list report",
        description="The content snapshot sent to the College of Policing, and "
        "its delivery: status, attempts and each attempt's result.",
        tags=["list reports"],
        responses={200: ListReportSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, report_id: int) -> Response:
        report = list_report_detail_get(user=user_of(request), report_id=report_id)
        return set_etag(
            Response(ListReportSerializer(report).data),
            Versioned("case", report.case_id, report.case.version),
        )


class RequeueInput(StrictInput):
    reason = serializers.CharField(help_text="What was fixed.")

    class Meta:
        ref_name = "ListReportRequeueInput"


@documented(
    "list_reports_requeue_create",
    "Re-queue a failed list report",
    tag="list reports",
    request=RequeueInput,
    output=step_output("ListReportRequeued", report=ListReportSerializer()),
    description="A PSD supervisor sends a failed report again once its cause "
    "is fixed. Needs `If-Match` with the case's ETag; accepts `Idempotency-Key`.",
    example={"reason": "The College endpoint address was corrected."},
)
class ListReportRequeueApi(CaseStepApi):
    lookup = "report_id"
    argument = "report"
    service = list_report_requeue
    InputSerializer = RequeueInput

    def find(self, user: User, pk: int) -> tuple[ListReport, Case]:
        report = list_report_get(user=user, report_id=pk)
        return report, report.case

    def body(self, result: ListReport) -> dict[str, Any]:
        report = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").prefetch_related(
                "deliveries"
            )
        ).get(pk=result.pk)
        return {"report": ListReportSerializer(report).data}


# ---------------------------------------------------------------- employment


def role_etag(role: PersonRole) -> Versioned:
    """A role changes only by employment events: their count is its version."""
    return Versioned("person-role", role.pk, role.employment_events.count())


def role_get(*, user: User, role_id: int) -> PersonRole:
    role = PersonRole.objects.select_related("force").filter(pk=role_id).first()
    if role is None:
        raise Http404(NO_SUCH_ROLE)
    return person_role_get(user=user, person_id=role.person_id, role_id=role.pk)


class EmploymentEventInput(StrictInput):
    kind = choice(
        [
            (kind.value, kind.label)
            for kind in EmploymentEvent.Kind
            if kind != EmploymentEvent.Kind.JOINED
        ],
        "EmploymentEventEndKind",
        help_text="Joining is recorded with the role itself.",
    )
    occurred_on = serializers.DateField()
    to_force = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Force.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="The new force, for a transfer.",
    )
    new_identifier = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "EmploymentEventInput"


class RoleStateSerializer(serializers.Serializer[PersonRole]):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    kind = serializers.CharField()
    force = serializers.CharField(source="force.code")
    rank = serializers.CharField(allow_blank=True)
    identifier = serializers.CharField(allow_blank=True)
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)
    employment_events = EmploymentEventSerializer(many=True)

    class Meta:
        ref_name = "PersonRoleState"


class EmploymentEventRecordedSerializer(serializers.Serializer[Any]):
    """What recording an event answers: the role (whose ETag it carries, not
    a case's), the event and the list reports it led to."""

    role = RoleStateSerializer()
    event = EmploymentEventSerializer()
    list_reports_created = ListReportRowSerializer(many=True)

    class Meta:
        ref_name = "EmploymentEventRecorded"


class EmploymentEventsApi(IfMatchRequiredMixin, APIView):
    """A role's employment events (GET, with the role's ETag) and a new one
    (POST: transfer, resigned, retired, dismissed)."""

    def get_versioned(self, request: Request, **kwargs: Any) -> Versioned:
        return role_etag(role_get(user=user_of(request), role_id=kwargs["role_id"]))

    @extend_schema(
        operation_id="person_roles_employment_events_list",
        summary="A role and its employment events",
        description="The `ETag` is the role's (it changes with each event); "
        "a new event sends it in `If-Match`.",
        tags=["people"],
        responses={200: RoleStateSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, role_id: int) -> Response:
        role = role_get(user=user_of(request), role_id=role_id)
        return set_etag(Response(RoleStateSerializer(role).data), role_etag(role))

    @extend_schema(
        operation_id="person_roles_employment_events_create",
        summary="Record an employment event",
        description="A transfer, resignation, retirement or dismissal, carried "
        "through every open case where the person is a subject in this role "
        "(a leaver becomes a former officer; an advisory list report may "
        "follow). PSD users of the role's force only. Needs `If-Match` with "
        "the role's ETag (GET this address); accepts `Idempotency-Key`.",
        tags=["people"],
        request=EmploymentEventInput,
        responses={
            201: EmploymentEventRecordedSerializer,
            **problem_responses(400, 401, 403, 404, 409, 412, 422, 428),
        },
        examples=[
            OpenApiExample(
                "Resignation",
                value={"kind": "resigned", "occurred_on": "2022-10-12"},
                request_only=True,
            )
        ],
    )
    @idempotent
    def post(self, request: Request, role_id: int) -> Response:
        user = user_of(request)
        role = role_get(user=user, role_id=role_id)
        data = valid(EmploymentEventInput, request)
        check_if_match(request, role_etag(role))
        last = ListReport.objects.order_by("-id").values_list("id", flat=True).first()
        event = employment_event_record(actor=user, role=role, **data)
        reports = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").filter(
                person_id=role.person_id, pk__gt=last or 0
            )
        )
        role.refresh_from_db()
        body = {
            "role": RoleStateSerializer(role).data,
            "event": EmploymentEventSerializer(event).data,
            "list_reports_created": ListReportRowSerializer(
                cast(Any, reports.order_by("id")), many=True
            ).data,
        }
        response = Response(body, status=status.HTTP_201_CREATED)
        return set_etag(response, role_etag(role))
