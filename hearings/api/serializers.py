"""Output serializers of the hearings endpoints: proceedings, findings,
outcomes, appeals, list reports and employment events."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from conduct.models import EmploymentEvent
from hearings.models import (
    Adjournment,
    Appeal,
    Finding,
    FindingResult,
    FormerOfficerCondition,
    ListReport,
    ListReportDelivery,
    Outcome,
    OutcomeKind,
    PanelMember,
    PanelRole,
    Part3ADetermination,
    Proceeding,
    ReferralNotice,
    UpheldObjection,
)
from referrals.api.serializers import choice
from referrals.models import ProceedingsForm

FORMER_OFFICER_CONDITION_INVALID = (
    '"{input}" is not a condition: send a, b or c (in lower case), or leave it '
    "blank for a serving officer."
)


def former_officer_condition(**kwargs: Any) -> serializers.ChoiceField:
    """Why the regulations reach a former officer (PCR r4(2)-(5)), blank for
    a serving one: the one enum of the field, in and out."""
    return choice(
        [("", "Not a former officer"), *FormerOfficerCondition.choices],
        "FormerOfficerConditionOrBlank",
        error_messages={"invalid_choice": FORMER_OFFICER_CONDITION_INVALID},
        **kwargs,
    )


class PanelMemberSerializer(serializers.Serializer[PanelMember]):
    id = serializers.IntegerField()
    role = choice(PanelRole.choices, "PanelRole")
    name = serializers.CharField()

    class Meta:
        ref_name = "PanelMember"


class ReferralNoticeSerializer(serializers.Serializer[ReferralNotice]):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="PCR 2020 r30, or r51 (accelerated).")
    served_on = serializers.DateField()
    content = serializers.CharField()

    class Meta:
        ref_name = "ReferralNotice"


class AdjournmentSerializer(serializers.Serializer[Adjournment]):
    id = serializers.IntegerField()
    adjourned_on = serializers.DateField()
    was_scheduled_for = serializers.DateField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "Adjournment"


class UpheldObjectionSerializer(serializers.Serializer[UpheldObjection]):
    id = serializers.IntegerField()
    objected_to = serializers.CharField(
        help_text="The person conducting or chairing (PCR r51(2C), (2K))."
    )
    upheld_on = serializers.DateField()
    replaced_on = serializers.DateField(
        help_text="The person was replaced: the accelerated hearing's window "
        "runs 10 to 15 working days after this day (PCR r52(1A))."
    )
    reason = serializers.CharField()

    class Meta:
        ref_name = "UpheldObjection"


class FindingSerializer(serializers.Serializer[Finding]):
    id = serializers.IntegerField()
    allegation = serializers.IntegerField(source="allegation_id")
    result = choice(FindingResult.choices, "FindingResult")
    recorded_on = serializers.DateField()
    is_current = serializers.BooleanField(
        help_text="False once an appeal substituted another finding."
    )

    class Meta:
        ref_name = "Finding"


class Part3ADeterminationSerializer(serializers.Serializer[Part3ADetermination]):
    status = choice(Part3ADetermination.Status.choices, "Part3ADeterminationStatus")
    left_by = choice(
        [
            (EmploymentEvent.Kind.RESIGNED.value, "Resigned"),
            (EmploymentEvent.Kind.RETIRED.value, "Retired"),
        ],
        "Part3ALeftBy",
        source="left_by.kind",
    )
    left_on = serializers.DateField(source="left_by.occurred_on")
    decided_on = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "Part3ADetermination"


class ProceedingSerializer(serializers.Serializer[Proceeding]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    form = choice(ProceedingsForm.choices, "ProceedingsForm")
    status = choice(Proceeding.Status.choices, "ProceedingStatus")
    referred_on = serializers.DateField()
    is_public = serializers.BooleanField()
    final_written_warning_in_force = serializers.BooleanField()
    previously_reduced_in_rank = serializers.BooleanField()
    special_conditions_certified_on = serializers.DateField(allow_null=True)
    former_officer = serializers.BooleanField()
    former_officer_condition = former_officer_condition()
    part_3a = Part3ADeterminationSerializer(
        allow_null=True,
        help_text="The officer resigned or retired before the hearing (PCR "
        "r21A(1)(d)): `pending` until the appropriate authority determines "
        "whether the proceedings continue; null otherwise.",
    )
    scheduled_for = serializers.DateField(allow_null=True)
    papers_to_chair_on = serializers.DateField(allow_null=True)
    pre_hearing_on = serializers.DateField(allow_null=True)
    response_received_on = serializers.DateField(allow_null=True)
    accepts_conduct = serializers.BooleanField(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    withdrawn_on = serializers.DateField(allow_null=True)
    returned_on = serializers.DateField(allow_null=True)
    notices = ReferralNoticeSerializer(many=True)
    panel = PanelMemberSerializer(many=True)
    adjournments = AdjournmentSerializer(many=True)
    objections = UpheldObjectionSerializer(
        many=True,
        help_text="Objections upheld to the person conducting an accelerated "
        "hearing, each re-setting its window (PCR r52(1A)).",
    )
    findings = FindingSerializer(many=True)

    class Meta:
        ref_name = "Proceeding"


class OutcomeSerializer(serializers.Serializer[Outcome]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    proceeding = serializers.IntegerField(source="proceeding_id", allow_null=True)
    kind = choice(OutcomeKind.choices, "OutcomeKind")
    decided_on = serializers.DateField()
    reasons = serializers.CharField()
    report_received_on = serializers.DateField(
        allow_null=True,
        help_text="The appropriate authority received the chair's report.",
    )
    report_given_on = serializers.DateField(
        allow_null=True,
        help_text="The report was given to the officer: the appeal window opened.",
    )
    is_current = serializers.BooleanField(
        help_text="False once superseded (by an appeal)."
    )
    appeal = serializers.IntegerField(
        source="appeal_id",
        allow_null=True,
        help_text="The appeal that substituted this outcome, if any.",
    )

    class Meta:
        ref_name = "Outcome"


class AppealSerializer(serializers.Serializer[Appeal]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    outcome = serializers.IntegerField(source="outcome_id")
    kind = choice(Appeal.Kind.choices, "AppealKind")
    status = choice(Appeal.Status.choices, "AppealStatus")
    lodged_on = serializers.DateField()
    notice_received_on = serializers.DateField(
        allow_null=True,
        help_text="A tribunal appeal: the respondent received its copy of the notice.",
    )
    grounds = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    decision_reasons = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "Appeal"


class SubjectHearingStateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField()

    class Meta:
        ref_name = "SubjectHearingState"


class DeliverySerializer(serializers.Serializer[ListReportDelivery]):
    id = serializers.IntegerField()
    attempted_at = serializers.DateTimeField()
    channel = choice(ListReport.Channel.choices, "ListReportChannel")
    outcome = choice(ListReportDelivery.Outcome.choices, "ListReportDeliveryOutcome")
    response_status = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "ListReportDelivery"


class ListReportRowSerializer(serializers.Serializer[ListReport]):
    id = serializers.IntegerField()
    kind = choice(ListReport.Kind.choices, "ListReportKind")
    status = choice(ListReport.Status.choices, "ListReportStatus")
    case = serializers.IntegerField(source="case_id")
    subject = serializers.IntegerField(source="subject_id", allow_null=True)
    person = serializers.IntegerField(source="person_id")
    relevant_authority = serializers.CharField(source="relevant_authority.code")
    event_on = serializers.DateField()
    due_on = serializers.DateField(
        allow_null=True,
        help_text="When the College must have it: 5 working days beginning with "
        "`event_on` (BL Regs r3(1), r12(1)), the due date of the report's "
        "clock. Null for a kind without a time limit (a barred list further "
        "report).",
    )
    review_eligible_on = serializers.DateField(allow_null=True)
    previous_report = serializers.IntegerField(
        source="previous_report_id", allow_null=True
    )
    superseded_by = serializers.IntegerField(source="superseded_by_id", allow_null=True)
    attempts = serializers.IntegerField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    sent_at = serializers.DateTimeField(allow_null=True)
    channel = serializers.CharField(allow_blank=True)
    last_error = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "ListReportItem"


class ListReportSerializer(ListReportRowSerializer):
    content = serializers.JSONField(
        help_text="The snapshot sent to the College of Policing, fixed when made."
    )
    response_status = serializers.IntegerField(allow_null=True)
    deliveries = DeliverySerializer(many=True, help_text="Every delivery attempt.")

    class Meta:
        ref_name = "ListReport"


class EmploymentEventSerializer(serializers.Serializer[EmploymentEvent]):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    role = serializers.IntegerField(source="role_id")
    kind = choice(EmploymentEvent.Kind.choices, "EmploymentEventKind")
    occurred_on = serializers.DateField()
    to_force = serializers.CharField(
        source="to_force.code", allow_null=True, help_text="Force code (transfers)."
    )
    notes = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "EmploymentEvent"
