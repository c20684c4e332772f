"""The decisions on a case over the API: the IOPC's on a referral and the
mode of investigation (referrals.services.iopc); after the investigation, the
case-to-answer determination, the IOPC's recommendation or direction, and the
outcomes a subject reaches without proceedings
(referrals.services.determinations). Each is a declared step.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import (
    DeterminationSerializer,
    RecommendationSerializer,
    ReferralSerializer,
    SubjectSerializer,
    SubjectStateSerializer,
    choice,
)
from referrals.api.steps import (
    CaseLevelStepApi,
    SubjectStepApi,
    documented,
    rationale_field,
    step_example,
    step_output,
)
from referrals.models import (
    DecisionBody,
    Determination,
    DeterminationResult,
    InvestigationMode,
    IOPCReferral,
    ProceedingsForm,
    Recommendation,
    ReferralFactor,
    Subject,
)
from referrals.services.determinations import (
    determination_make,
    recommendation_make,
    subject_management_action,
    subject_no_further_action,
    subject_reflective_practice,
)
from referrals.services.iopc import (
    DECISION_VALUES,
    referral_decide,
    referral_make,
    referral_mode_change,
)


class ReferralStepApi(CaseLevelStepApi):
    def body(self, result: IOPCReferral) -> dict[str, Any]:
        return {"referral": ReferralSerializer(result).data}


class ReferralMakeInput(StrictInput):
    factors = serializers.ListField(
        child=choice(ReferralFactor.choices, "ReferralFactor"),
        help_text="Why the case is referred; mandatory unless only `voluntary`.",
    )
    referred_on = serializers.DateField()

    class Meta:
        ref_name = "ReferralMakeInput"


@documented(
    "cases_referral_create",
    "Refer to the IOPC",
    tag="referral",
    request=ReferralMakeInput,
    output=step_output("ReferralMade", referral=ReferralSerializer()),
    code=201,
    description="Refer the case to the IOPC (PSD users).",
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
class ReferralMakeApi(ReferralStepApi):
    service = referral_make
    InputSerializer = ReferralMakeInput
    success_status = status.HTTP_201_CREATED


class ReferralDecideInput(StrictInput):
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


@documented(
    "cases_referral_decision_create",
    "Decide on a referral (IOPC)",
    tag="referral",
    request=ReferralDecideInput,
    output=step_output("ReferralDecided", referral=ReferralSerializer()),
    description="The IOPC decides to investigate (in a mode) or refers the case back.",
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
class ReferralDecideApi(ReferralStepApi):
    service = referral_decide
    InputSerializer = ReferralDecideInput


class ReferralModeChangeInput(StrictInput):
    mode = choice(InvestigationMode.choices, "InvestigationMode")
    decided_on = serializers.DateField()
    rationale = serializers.CharField()

    class Meta:
        ref_name = "ReferralModeChangeInput"


@documented(
    "cases_referral_mode_create",
    "Change the mode of investigation (IOPC)",
    tag="referral",
    request=ReferralModeChangeInput,
    output=step_output("ReferralModeChanged", referral=ReferralSerializer()),
    description="Change the mode of investigation (kept as history).",
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
class ReferralModeChangeApi(ReferralStepApi):
    service = referral_mode_change
    InputSerializer = ReferralModeChangeInput


class ResultSerializer(StrictInput):
    allegation = serializers.IntegerField()
    result = choice(DeterminationResult.choices, "DeterminationResult")

    class Meta:
        ref_name = "DeterminationResultInput"


class DeterminationMakeInput(StrictInput):
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


@documented(
    "subjects_determination_create",
    "Determine case to answer",
    tag="determination",
    request=DeterminationMakeInput,
    output=step_output(
        "SubjectDetermined",
        determination=DeterminationSerializer(),
        subject=SubjectSerializer(),
    ),
    code=201,
    description="Determine case to answer for a subject, per allegation (PCR r23).",
    examples=[
        OpenApiExample(
            "Case to answer",
            value={
                "body": "appropriate_authority",
                "decided_on": "2017-10-02",
                "results": [{"allegation": 900, "result": "case_to_answer_misconduct"}],
                "rationale": "Agrees with the investigator.",
            },
            request_only=True,
        )
    ],
)
class DeterminationMakeApi(SubjectStepApi):
    service = determination_make
    InputSerializer = DeterminationMakeInput
    success_status = status.HTTP_201_CREATED

    def act(self, user: User, target: Subject, data: dict[str, Any]) -> Any:
        results = {row["allegation"]: row["result"] for row in data["results"]}
        return super().act(user, target, {**data, "results": results})

    def body(self, result: Determination) -> dict[str, Any]:
        subject = Subject.objects.select_related("case", "person").get(
            pk=result.subject_id
        )
        return {
            "determination": DeterminationSerializer(result).data,
            "subject": SubjectSerializer(subject).data,
        }


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
