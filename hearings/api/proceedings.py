"""Proceedings over the API (PCR Parts 4 and 5): referral to a meeting,
hearing or accelerated hearing, the notice, papers, pre-hearing, schedule,
adjournments, the panel and an upheld objection to it (re-setting an
accelerated hearing's window), the subject's response, holding or
withdrawing them, and closing a subject's case without proceedings
(hearings.services.proceedings).

Each step is a ``referrals.api.steps.CaseStepApi``: the object found in the
caller's scope (404 otherwise), If-Match against the case's ETag inside the
``@idempotent`` handler, the one service under the case's row lock, and the
new state, the deadlines opened and the new ETag.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from hearings.api.serializers import (
    AdjournmentSerializer,
    PanelMemberSerializer,
    ProceedingSerializer,
    ReferralNoticeSerializer,
    SubjectHearingStateSerializer,
    UpheldObjectionSerializer,
    former_officer_condition,
)
from hearings.models import Finding, PanelMember, PanelRole, Proceeding
from hearings.selectors.steps import panel_member_get, proceeding_get
from hearings.services.outcomes import proceeding_return
from hearings.services.proceedings import (
    panel_member_appoint,
    panel_member_remove,
    proceeding_adjourn,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_objection_record,
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
    CaseReadApi,
    CaseStepApi,
    SubjectStepApi,
    documented,
    documented_read,
    rationale_field,
    step_output,
)
from referrals.models import ProceedingsForm, Subject

# ---------------------------------------------------------------- scope


def proceeding_full(proceeding_id: int) -> Proceeding:
    """The proceeding with what its representation shows."""
    return (
        Proceeding.objects.select_related("part_3a__left_by")
        .prefetch_related(
            "notices",
            "panel",
            "adjournments",
            "objections",
            Prefetch("findings", queryset=Finding.objects.filter(is_current=True)),
        )
        .get(pk=proceeding_id)
    )


# ---------------------------------------------------------------- the pattern


class ProceedingStepApi(CaseStepApi):
    lookup = "proceeding_id"
    getter = proceeding_get
    case_path = "subject.case"
    argument = "proceeding"

    def body(self, result: Any) -> dict[str, Any]:
        return {"proceeding": proceeding_data(result.pk)}


def proceeding_data(proceeding_id: int) -> Any:
    return ProceedingSerializer(proceeding_full(proceeding_id)).data


def subject_state(subject_id: int) -> Any:
    return SubjectHearingStateSerializer(Subject.objects.get(pk=subject_id)).data


ProceedingOutput = step_output("ProceedingStep", proceeding=ProceedingSerializer())

PROCEEDING_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "subject": 77,
    "form": "misconduct_hearing",
    "status": "scheduled",
    "referred_on": "2021-07-27",
    "is_public": True,
    "final_written_warning_in_force": False,
    "previously_reduced_in_rank": False,
    "special_conditions_certified_on": None,
    "former_officer": False,
    "former_officer_condition": "",
    "part_3a": None,
    "scheduled_for": "2021-08-12",
    "papers_to_chair_on": None,
    "pre_hearing_on": None,
    "response_received_on": "2021-08-04",
    "accepts_conduct": True,
    "held_on": None,
    "withdrawn_on": None,
    "returned_on": None,
    "notices": [
        {
            "id": 5,
            "title": "Regulation 30 notice",
            "served_on": "2021-07-28",
            "content": "You are referred to a misconduct hearing.",
        }
    ],
    "panel": [{"id": 9, "role": "legally_qualified_chair", "name": "Ms A Chair"}],
    "adjournments": [],
    "objections": [],
    "findings": [],
}


@documented_read(
    "proceedings_retrieve",
    "Get a proceeding",
    tag="proceedings",
    output=ProceedingSerializer,
    description="One meeting, hearing or accelerated hearing: its dates, "
    "notices of referral, panel, adjournments and current findings. The "
    "`ETag` is the case's: send it in `If-Match` to take the proceeding's "
    "next step.",
    examples=[
        OpenApiExample(
            "A scheduled hearing", value=PROCEEDING_EXAMPLE, response_only=True
        )
    ],
)
class ProceedingDetailApi(CaseReadApi):
    lookup = "proceeding_id"
    getter = proceeding_get
    case_path = "subject.case"

    def answer(self, target: Proceeding) -> Any:
        return proceeding_data(target.pk)


# ---------------------------------------------------------------- proceedings


class ProceedingReferInput(StrictInput):
    form = choice(ProceedingsForm.choices, "ProceedingsForm")
    referred_on = serializers.DateField()
    rationale = rationale_field()
    final_written_warning_in_force = serializers.BooleanField(default=False)
    separate_incidents = serializers.BooleanField(default=False)
    previously_reduced_in_rank = serializers.BooleanField(
        default=False,
        help_text="The officer has been reduced in rank before: an accelerated "
        "hearing may not reduce them again (PCR r62(7)).",
    )
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


@documented_read(
    "subjects_proceedings_list",
    "A subject's proceedings",
    tag="proceedings",
    output=ProceedingSerializer(many=True),
    description="Every proceeding of the subject (a withdrawn one stays), "
    "with notices of referral, panel, adjournments and current findings.",
)
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
class SubjectProceedingsApi(CaseReadApi, SubjectStepApi):
    """A subject's proceedings (GET) and referral to proceedings (POST)."""

    service = proceeding_refer
    InputSerializer = ProceedingReferInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Proceeding) -> dict[str, Any]:
        return {"proceeding": proceeding_data(result.pk)}

    def answer(self, target: Subject) -> Any:
        proceedings = (
            Proceeding.objects.filter(subject=target)
            .select_related("part_3a__left_by")
            .prefetch_related(
                "notices",
                "panel",
                "adjournments",
                "objections",
                Prefetch("findings", queryset=Finding.objects.filter(is_current=True)),
            )
            .order_by("referred_on", "id")
        )
        return ProceedingSerializer(cast(Any, proceedings), many=True).data


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


class ObjectionInput(StrictInput):
    objected_to = serializers.CharField(max_length=200)
    upheld_on = serializers.DateField()
    replaced_on = serializers.DateField()
    reason = rationale_field()

    class Meta:
        ref_name = "UpheldObjectionInput"


@documented(
    "proceedings_objections_create",
    "Record an upheld objection to the person conducting",
    tag="proceedings",
    request=ObjectionInput,
    output=step_output(
        "ObjectionUpheld",
        objection=UpheldObjectionSerializer(),
        proceeding=ProceedingSerializer(),
    ),
    code=201,
    description="An accelerated hearing only: the officer's objection to the "
    "person conducting or chairing it (PCR r51(2C), (2K)) was upheld and "
    "the person replaced. The window in force is cancelled and a new one "
    "opens, 10 to 15 working days after `replaced_on` (PCR r52(1A)), in "
    "`deadlines_created`. PSD supervisor.",
    example={
        "objected_to": "Chief Constable",
        "upheld_on": "2021-08-02",
        "replaced_on": "2021-08-03",
        "reason": "The chief constable gave evidence in the criminal trial.",
    },
)
class ObjectionApi(ProceedingStepApi):
    service = proceeding_objection_record
    InputSerializer = ObjectionInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Any) -> dict[str, Any]:
        return {
            "objection": UpheldObjectionSerializer(result).data,
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
    getter = panel_member_get
    case_path = "proceeding.subject.case"
    argument = "member"
    service = panel_member_remove
    InputSerializer = RationaleInput

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


class ReturnInput(StrictInput):
    returned_on = serializers.DateField(
        help_text="The chair's report returning the case reached the "
        "appropriate authority (PCR r63(1))."
    )
    rationale = rationale_field()

    class Meta:
        ref_name = "ProceedingReturnInput"


@documented(
    "proceedings_return_create",
    "Return the case to the appropriate authority",
    tag="proceedings",
    request=ReturnInput,
    output=ProceedingOutput,
    description="An accelerated hearing that finds the conduct short of gross "
    "misconduct returns the case instead of dismissing it (PCR r62(8)(b), "
    "2012 r55(6)(b)); refer the subject again to a misconduct meeting (or, "
    "with a final written warning in force, a misconduct hearing). Needs "
    "`If-Match`; accepts `Idempotency-Key`.",
    example={"returned_on": "2021-08-20", "rationale": "Misconduct, not gross."},
)
class ReturnApi(ProceedingStepApi):
    service = proceeding_return
    InputSerializer = ReturnInput


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
