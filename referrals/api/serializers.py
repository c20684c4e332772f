"""Output shapes shared by the case endpoints: a case, its subjects,
allegations, notices, referral, investigation and deadlines.

Each view nests its own ``InputSerializer``/``OutputSerializer`` (one per
operation); these are the pieces they are built from. Read only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.api.serializers import force_field
from conduct.models import Force, PersonRole
from conduct.regimes import Regime
from referrals.models import (
    Allegation,
    Case,
    CaseParty,
    Deadline,
    DecisionBody,
    Determination,
    DeterminationResult,
    Interview,
    Investigation,
    InvestigationMode,
    InvestigationReport,
    IOPCReferral,
    ModeDecision,
    Notice,
    NoticeResponse,
    ProceedingsForm,
    Recommendation,
    ReferralFactor,
    ReportOpinion,
    Severity,
    SeverityAssessment,
    Subject,
    Suspension,
)

REGIME_CHOICES = [(regime.value, regime.value) for regime in Regime]

CHOICE_FIELD_CLASSES: dict[str, type[serializers.ChoiceField]] = {}


def choice(
    choices: Iterable[tuple[str, str]] | Iterable[str], name: str, **kwargs: Any
) -> serializers.ChoiceField:
    """A ChoiceField whose values are the schema component ``name``.

    Named here rather than by drf-spectacular, which names an enum after the
    field and so gives every ``status`` (case, subject, referral, deadline…)
    a colliding name.
    """
    pairs = [
        (item, item) if isinstance(item, str) else (item[0], item[1])
        for item in choices
    ]
    schema = {
        "type": "string",
        "enum": [value for value, _ in pairs],
        "description": "\n".join(
            f"* `{value}`: {label}" if value else f"* `` (empty): {label}"
            for value, label in pairs
        ),
    }
    # A class per choice set: DRF deep-copies declared fields by calling the
    # constructor again, which drops anything set on the instance.
    # One class per name, too: drf-spectacular tells components apart by it.
    field_class = CHOICE_FIELD_CLASSES.get(name)
    if field_class is None:
        field_class = type(f"{name}ChoiceField", (serializers.ChoiceField,), {})
        annotate: Any = extend_schema_field(schema, component_name=name)
        CHOICE_FIELD_CLASSES[name] = annotate(field_class)
    return field_class(choices=pairs, **kwargs)


class RoleInput(StrictInput):
    """The fields of a role in a force, for the steps that record one (a
    subject not yet recorded, a further role of a person)."""

    kind = choice(PersonRole.Kind.choices, "PersonRoleKind")
    force = force_field(help_text="Code of the force the role is in.")
    started_on = serializers.DateField(help_text="When the role started.")
    rank = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60
    )
    identifier = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text="Collar, warrant or staff number; unique among the force's "
        "current roles.",
    )
    job_title = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )


class ForceRefSerializer(serializers.Serializer[Force]):
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ForceRef"


class DeadlineSerializer(serializers.Serializer[Deadline]):
    id = serializers.IntegerField()
    rule = serializers.CharField(source="rule.code", help_text="Deadline rule code.")
    title = serializers.CharField()
    subject = serializers.IntegerField(
        source="subject_id", allow_null=True, help_text="Subject id, if per subject."
    )
    anchor_event = serializers.CharField()
    anchor_on = serializers.DateField()
    due_on = serializers.DateField(help_text="The last day to act.")
    earliest_on = serializers.DateField(
        allow_null=True,
        help_text="The first day of the window, for a rule that sets one (an "
        "accelerated hearing is held 10 to 15 working days after the notice, "
        "PCR r52(1)); null for a rule that sets only a last day.",
    )
    status = choice(Deadline.Status.choices, "DeadlineStatus")
    met_on = serializers.DateField(
        allow_null=True, help_text="The day the clock was met; null until then."
    )
    met_late = serializers.BooleanField(
        help_text="Met after `due_on`, the due date after any extension or "
        "pause: `status` `met` with `met_late` false is met on time. False "
        "until met."
    )
    check_local_policy = serializers.BooleanField(
        help_text="The rule is not verified against the regulations: check "
        "local policy before relying on the date."
    )

    class Meta:
        ref_name = "Deadline"


class AllegationSerializer(serializers.Serializer[Allegation]):
    id = serializers.IntegerField()
    summary = serializers.CharField()
    occurred_on = serializers.DateField(allow_null=True)
    standards = serializers.SerializerMethodField(
        help_text="Numbers of the Standards of Professional Behaviour engaged."
    )
    severity = choice([("", "Not assessed"), *Severity.choices], "SeverityOrBlank")
    determination = choice(
        [("", "Not determined"), *DeterminationResult.choices],
        "DeterminationResultOrBlank",
    )

    class Meta:
        ref_name = "Allegation"

    def get_standards(self, allegation: Allegation) -> list[int]:
        return sorted(standard.number for standard in allegation.standards.all())


class NoticeResponseSerializer(serializers.Serializer[NoticeResponse]):
    id = serializers.IntegerField()
    kind = choice(NoticeResponse.Kind.choices, "NoticeResponseKind")
    received_on = serializers.DateField()

    class Meta:
        ref_name = "NoticeResponse"


class NoticeSerializer(serializers.Serializer[Notice]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    title = serializers.CharField()
    served_on = serializers.DateField()
    severity = choice(Severity.choices, "Severity")
    responses = NoticeResponseSerializer(many=True)

    class Meta:
        ref_name = "Notice"


class PersonRoleSerializer(serializers.Serializer[PersonRole]):
    id = serializers.IntegerField()
    kind = choice(PersonRole.Kind.choices, "PersonRoleKind")
    force = serializers.CharField(source="force.code")
    rank = serializers.CharField()
    identifier = serializers.CharField()

    class Meta:
        ref_name = "PersonRole"


class PersonRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")

    class Meta:
        ref_name = "PersonRef"


class SubjectSerializer(serializers.Serializer[Subject]):
    id = serializers.IntegerField()
    person = PersonRefSerializer()
    role = PersonRoleSerializer(help_text="The role held at the time of the conduct.")
    appropriate_authority = serializers.CharField(
        source="appropriate_authority.code",
        help_text="Code of the force that decides for this subject now.",
    )
    status = choice(Subject.Status.choices, "SubjectStatus")
    allegations = AllegationSerializer(many=True)
    notices = NoticeSerializer(many=True)

    class Meta:
        ref_name = "Subject"


class ModeDecisionSerializer(serializers.Serializer[ModeDecision]):
    mode = choice(InvestigationMode.choices, "InvestigationMode")
    decided_on = serializers.DateField()
    rationale = serializers.CharField()

    class Meta:
        ref_name = "ModeDecision"


class ReferralSerializer(serializers.Serializer[IOPCReferral]):
    factors = serializers.ListField(
        child=choice(ReferralFactor.choices, "ReferralFactor")
    )
    mandatory = serializers.BooleanField(
        help_text="False only when the sole factor is a voluntary referral."
    )
    referred_on = serializers.DateField()
    status = choice(IOPCReferral.Status.choices, "ReferralStatus")
    decided_on = serializers.DateField(allow_null=True)
    mode = choice(
        [("", "Not decided"), *InvestigationMode.choices], "InvestigationModeOrBlank"
    )
    mode_history = ModeDecisionSerializer(many=True, source="mode_decisions")

    class Meta:
        ref_name = "Referral"


class ReportOpinionSerializer(serializers.Serializer[ReportOpinion]):
    subject = serializers.IntegerField(source="subject_id")
    opinion = choice(DeterminationResult.choices, "DeterminationResult")

    class Meta:
        ref_name = "ReportOpinion"


class ReportSerializer(serializers.Serializer[InvestigationReport]):
    submitted_on = serializers.DateField()
    summary = serializers.CharField()
    opinions = ReportOpinionSerializer(
        many=True, help_text="The investigator's opinion on each subject."
    )

    class Meta:
        ref_name = "InvestigationReport"


class InvestigationSerializer(serializers.Serializer[Investigation]):
    investigating_body = choice(Investigation.Body.choices, "InvestigatingBody")
    investigator_name = serializers.CharField()
    terms_of_reference = serializers.CharField()
    opened_on = serializers.DateField()
    status = choice(Investigation.Status.choices, "InvestigationStatus")
    report = ReportSerializer(allow_null=True)

    class Meta:
        ref_name = "Investigation"


class CaseStateSerializer(serializers.Serializer[Case]):
    """What a write answers about the case: enough to carry on (the new
    version is also in the ETag header)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = choice(Case.Status.choices, "CaseStatus")
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "CaseState"


class CaseFieldsSerializer(serializers.Serializer[Case]):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="The force's own reference.")
    force = ForceRefSerializer(help_text="The force that recorded the case.")
    iopc_reference = serializers.CharField()
    trigger = choice(Case.Trigger.choices, "CaseTrigger")
    regime = choice(REGIME_CHOICES, "Regime")
    status = choice(Case.Status.choices, "CaseStatus")
    came_to_attention_on = serializers.DateField()
    version = serializers.IntegerField(
        help_text="Goes up with every change; the ETag names it."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class PartySerializer(serializers.Serializer[CaseParty]):
    id = serializers.IntegerField()
    kind = choice(CaseParty.Kind.choices, "CasePartyKind")
    name = serializers.CharField()
    contact = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "CaseParty"


class SeverityAssessmentSerializer(serializers.Serializer[SeverityAssessment]):
    id = serializers.IntegerField()
    severity = choice(Severity.choices, "Severity")
    assessed_on = serializers.DateField()
    body = choice(SeverityAssessment.Body.choices, "AssessingBody")
    rationale = serializers.CharField()

    class Meta:
        ref_name = "SeverityAssessment"


class InterviewSerializer(serializers.Serializer[Interview]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    proposed_on = serializers.DateField()
    alternative_on = serializers.DateField(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    attended = serializers.BooleanField(
        allow_null=True, help_text="Null until the interview is recorded."
    )
    no_comment = serializers.BooleanField()
    notes = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "Interview"


class SuspensionSerializer(serializers.Serializer[Suspension]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    kind = choice(Suspension.Kind.choices, "SuspensionKind")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    reason = serializers.CharField()

    class Meta:
        ref_name = "Suspension"


class DeterminationSerializer(serializers.Serializer[Determination]):
    id = serializers.IntegerField()
    body = choice(DecisionBody.choices, "DecisionBody")
    decided_on = serializers.DateField()
    results = serializers.DictField(
        child=choice(DeterminationResult.choices, "DeterminationResult"),
        help_text="Allegation id to result.",
    )
    rationale = serializers.CharField()

    class Meta:
        ref_name = "Determination"


class RecommendationSerializer(serializers.Serializer[Recommendation]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    kind = choice(Recommendation.Kind.choices, "RecommendationKind")
    proceedings_form = choice(ProceedingsForm.choices, "ProceedingsForm")
    made_on = serializers.DateField()
    rationale = serializers.CharField()

    class Meta:
        ref_name = "Recommendation"


class NoticeResponseDetailSerializer(NoticeResponseSerializer):
    content = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "NoticeResponseDetail"


class NoticeDetailSerializer(NoticeSerializer):
    content = serializers.CharField()
    responses = NoticeResponseDetailSerializer(many=True)

    class Meta:
        ref_name = "NoticeDetail"


class AllegationDetailSerializer(AllegationSerializer):
    subject = serializers.IntegerField(source="subject_id")
    assessments = SeverityAssessmentSerializer(
        many=True, help_text="Every severity assessment and revision, oldest first."
    )

    class Meta:
        ref_name = "AllegationDetail"


class SubjectStateSerializer(serializers.Serializer[Subject]):
    id = serializers.IntegerField()
    status = choice(Subject.Status.choices, "SubjectStatus")

    class Meta:
        ref_name = "SubjectState"
