"""Findings, the outcome, concluding a subject's case and appeals over the
API (hearings.services.outcomes, hearings.services.appeals), with the
subject's outcome history and appeals to read; and the barred and advisory
list reports that follow an outcome: a case's reports, one report with its
deliveries, and re-queueing a failed one (hearings.services.dispatch).
"""

from __future__ import annotations

from typing import Any, cast

from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from hearings.api.proceedings import (
    ProceedingStepApi,
    SubjectOutput,
    proceeding_data,
    subject_state,
)
from hearings.api.serializers import (
    AppealSerializer,
    FindingSerializer,
    ListReportRowSerializer,
    ListReportSerializer,
    OutcomeSerializer,
    ProceedingSerializer,
    SubjectHearingStateSerializer,
)
from hearings.models import (
    Appeal,
    Finding,
    FindingResult,
    ListReport,
    Outcome,
    OutcomeKind,
    Proceeding,
)
from hearings.selectors.proceedings import (
    list_report_detail_get,
    list_reports_with_due_on,
    outcome_history,
)
from hearings.selectors.steps import appeal_get, list_report_get
from hearings.services.appeals import appeal_decide, appeal_lodge, appeal_withdraw
from hearings.services.dispatch import list_report_requeue
from hearings.services.outcomes import (
    findings_record,
    outcome_record,
    outcome_report_record,
    subject_conclude,
)
from referrals.api.serializers import choice
from referrals.api.steps import (
    CaseLookup,
    CaseReadApi,
    CaseStepApi,
    SubjectLookup,
    SubjectStepApi,
    documented,
    documented_read,
    rationale_field,
    step_output,
)
from referrals.models import Case, Subject


def list_report_last_id(case: Case) -> int:
    last = ListReport.objects.filter(case=case).order_by("-id").first()
    return last.pk if last else 0


def list_reports_after(case: Case, after_id: int) -> list[ListReport]:
    reports = ListReport.objects.select_related("relevant_authority").filter(
        case=case, pk__gt=after_id
    )
    return list(list_reports_with_due_on(reports).order_by("id"))


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


class OutcomeReportInput(StrictInput):
    received_on = serializers.DateField(
        help_text="The appropriate authority received the chair's report "
        "(PCR r43(1), r63(1))."
    )
    given_on = serializers.DateField(
        help_text="The report was given to the officer (PCR r43(2)); the "
        "appeal window opens on this day."
    )

    class Meta:
        ref_name = "OutcomeReportInput"


@documented(
    "proceedings_outcome_report_create",
    "Record the outcome report",
    tag="outcomes",
    request=OutcomeReportInput,
    output=step_output("OutcomeReportRecorded", outcome=OutcomeSerializer()),
    description="Records when the appropriate authority received the chair's "
    "report (meeting its clock) and when it was given to the officer, which "
    "opens the appeal window: 7 working days to appeal after a meeting (PCR "
    "r45(3)(a)), the notice of appeal to a Police Appeals Tribunal otherwise. "
    "Needs `If-Match`; accepts `Idempotency-Key`.",
    example={"received_on": "2021-08-13", "given_on": "2021-08-16"},
)
class OutcomeReportApi(ProceedingStepApi):
    service = outcome_report_record
    InputSerializer = OutcomeReportInput

    def body(self, result: Outcome) -> dict[str, Any]:
        return {"outcome": OutcomeSerializer(result).data}


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


@documented_read(
    "subjects_outcomes_list",
    "A subject's outcome history",
    tag="outcomes",
    output=OutcomeSerializer(many=True),
    description="Every outcome the subject has had, oldest first; an "
    "appeal's substitute supersedes the outcome it replaced "
    "(`is_current`).",
)
class OutcomeHistoryApi(SubjectLookup, CaseReadApi):
    def answer(self, target: Subject) -> Any:
        return OutcomeSerializer(cast(Any, outcome_history(target)), many=True).data


# ---------------------------------------------------------------- appeals


class AppealLodgeInput(StrictInput):
    lodged_on = serializers.DateField()
    notice_received_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A tribunal appeal (required there, refused otherwise): the "
        "day the appropriate authority received its copy of the notice of "
        "appeal; the respondent's papers are due from it (PAT Rules r13(3)).",
    )
    grounds = serializers.CharField()

    class Meta:
        ref_name = "AppealLodgeInput"


AppealOutput = step_output("AppealStep", appeal=AppealSerializer())


@documented_read(
    "subjects_appeals_list",
    "A subject's appeals",
    tag="appeals",
    output=AppealSerializer(many=True),
    description="Every appeal the subject lodged, oldest first, with its "
    "status and decision. The `ETag` is the case's.",
)
@documented(
    "subjects_appeals_create",
    "Lodge an appeal",
    tag="appeals",
    request=AppealLodgeInput,
    output=AppealOutput,
    code=201,
    description="The forum follows from the proceedings: an appeal meeting "
    "after a misconduct meeting, a Police Appeals Tribunal otherwise, which "
    "needs `notice_received_on`.",
    example={
        "lodged_on": "2021-08-20",
        "notice_received_on": "2021-08-23",
        "grounds": "The outcome was unreasonable.",
    },
)
class AppealLodgeApi(CaseReadApi, SubjectStepApi):
    """A subject's appeals (GET) and a new one (POST)."""

    service = appeal_lodge
    InputSerializer = AppealLodgeInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Appeal) -> dict[str, Any]:
        return {"appeal": AppealSerializer(result).data}

    def answer(self, target: Subject) -> Any:
        appeals = Appeal.objects.filter(subject=target).order_by("lodged_on", "id")
        return AppealSerializer(cast(Any, appeals), many=True).data


class AppealStepApi(CaseStepApi):
    lookup = "appeal_id"
    getter = appeal_get
    case_path = "subject.case"
    argument = "appeal"

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


@documented_read(
    "cases_list_reports_list",
    "A case's list reports",
    tag="list reports",
    output=ListReportRowSerializer(many=True),
    description="Barred and advisory list reports made on the case, oldest "
    "first, with their delivery status.",
)
class CaseListReportsApi(CaseLookup, CaseReadApi):
    def answer(self, target: Case) -> Any:
        reports = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").filter(
                case_id=target.pk
            )
        ).order_by("event_on", "id")
        return ListReportRowSerializer(cast(Any, reports), many=True).data


@documented_read(
    "list_reports_retrieve",
    "A list report",
    tag="list reports",
    description="The content snapshot sent to the College of Policing, and "
    "its delivery: status, attempts and each attempt's result.",
)
class ListReportDetailApi(CaseReadApi):
    lookup = "report_id"
    getter = list_report_detail_get
    OutputSerializer = ListReportSerializer


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
    getter = list_report_get
    argument = "report"
    service = list_report_requeue
    InputSerializer = RequeueInput

    def body(self, result: ListReport) -> dict[str, Any]:
        report = list_reports_with_due_on(
            ListReport.objects.select_related("relevant_authority").prefetch_related(
                "deliveries"
            )
        ).get(pk=result.pk)
        return {"report": ListReportSerializer(report).data}
