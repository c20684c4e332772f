"""The IOPC referral over the API: the force refers the case, the IOPC
decides on it and may change the mode of investigation later
(referrals.services.iopc). Each is a ``CaseLevelStepApi``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from referrals.api.serializers import ReferralSerializer, choice
from referrals.api.steps import (
    CaseLevelStepApi,
    documented,
    step_example,
    step_output,
)
from referrals.models import InvestigationMode, IOPCReferral, ReferralFactor
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
