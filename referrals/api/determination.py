"""After the investigation, over the API: the case-to-answer determination,
the IOPC's recommendation or direction, and the outcomes a subject reaches
without proceedings (referrals.services.determinations)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import (
    DeterminationSerializer,
    RecommendationSerializer,
    SubjectSerializer,
    SubjectStateSerializer,
    choice,
)
from referrals.api.steps import (
    SubjectStepApi,
    documented,
    rationale_field,
    step_output,
)
from referrals.models import (
    DecisionBody,
    Determination,
    DeterminationResult,
    ProceedingsForm,
    Recommendation,
    Subject,
)
from referrals.services.determinations import (
    determination_make,
    recommendation_make,
    subject_management_action,
    subject_no_further_action,
    subject_reflective_practice,
)

# ---------------------------------------------------------------- case to answer


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
