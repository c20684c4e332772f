"""Steps on the case itself: parties, the IOPC reference, restriction,
closing and reopening. Each is ``referrals.api.steps.CaseLevelStepApi``: 404
out of scope, If-Match with the case's ETag inside the idempotent handler,
the one service under the case's row lock, and the case's new state."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import PartySerializer, choice
from referrals.api.steps import (
    CaseLevelStepApi,
    documented,
    rationale_field,
    step_output,
)
from referrals.models import Case, CaseParty
from referrals.services.cases import (
    case_close,
    case_iopc_reference_set,
    case_party_add,
    case_reopen,
    case_restrict,
    iopc_reference_warning,
)

# ---------------------------------------------------------------- parties


class PartyAddInput(StrictInput):
    kind = choice(CaseParty.Kind.choices, "CasePartyKind")
    name = serializers.CharField(max_length=200)
    contact = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Address or phone."
    )

    class Meta:
        ref_name = "CasePartyAddInput"


@documented(
    "cases_parties_create",
    "Add a complainant or interested person",
    tag="cases",
    request=PartyAddInput,
    output=step_output("CasePartyAdded", party=PartySerializer()),
    code=201,
    example={"kind": "complainant", "name": "Mrs Jane Doe", "contact": "01604 000000"},
)
class CasePartyAddApi(CaseLevelStepApi):
    service = case_party_add
    InputSerializer = PartyAddInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: CaseParty) -> dict[str, Any]:
        return {"party": PartySerializer(result).data}


# ---------------------------------------------------------------- IOPC reference


class IopcReferenceInput(StrictInput):
    iopc_reference = serializers.CharField(
        max_length=20, allow_blank=True, help_text="Blank to clear it."
    )

    class Meta:
        ref_name = "IopcReferenceSetInput"


class IopcReferenceSerializer(serializers.Serializer[Any]):
    iopc_reference = serializers.CharField(allow_blank=True)
    warning = serializers.CharField(
        allow_null=True,
        help_text="Set when the reference does not look like 2016/077885; it is "
        "kept all the same.",
    )

    class Meta:
        ref_name = "IopcReference"


@documented(
    "cases_iopc_reference_create",
    "Set the IOPC reference",
    tag="cases",
    request=IopcReferenceInput,
    output=step_output("IopcReferenceSet", iopc=IopcReferenceSerializer()),
    example={"iopc_reference": "2016/077885"},
)
class IopcReferenceSetApi(CaseLevelStepApi):
    service = case_iopc_reference_set
    InputSerializer = IopcReferenceInput

    def body(self, result: Case) -> dict[str, Any]:
        reference = result.iopc_reference
        return {
            "iopc": {
                "iopc_reference": reference,
                "warning": iopc_reference_warning(reference),
            }
        }


# ---------------------------------------------------------------- restriction


class RestrictionInput(StrictInput):
    restricted = serializers.BooleanField(help_text="False lifts the restriction.")
    users: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Usernames of the only users who may see the case; you are "
        "always added.",
    )
    rationale = rationale_field()

    class Meta:
        ref_name = "CaseRestrictInput"


class RestrictionSerializer(serializers.Serializer[Any]):
    restricted = serializers.BooleanField()
    users = serializers.ListField(
        child=serializers.CharField(), help_text="Usernames of the named users."
    )

    class Meta:
        ref_name = "CaseRestriction"


@documented(
    "cases_restriction_create",
    "Restrict a case (or lift it)",
    tag="cases",
    request=RestrictionInput,
    output=step_output("CaseRestricted", restriction=RestrictionSerializer()),
    description="A PSD supervisor makes the case visible only to named users "
    "(and themselves), or lifts the restriction. Anyone not named then gets "
    "404 for the case. Needs `If-Match` with the case's ETag; accepts "
    "`Idempotency-Key`.",
    example={
        "restricted": True,
        "users": ["pshah"],
        "rationale": "A senior officer is a witness.",
    },
)
class CaseRestrictApi(CaseLevelStepApi):
    service = case_restrict
    InputSerializer = RestrictionInput

    def act(self, user: User, target: Case, data: dict[str, Any]) -> Any:
        return super().act(user, target, {"users": [], **data})

    def body(self, result: Case) -> dict[str, Any]:
        users = result.restricted_to.order_by("username").values_list(
            "username", flat=True
        )
        restriction = {"restricted": result.restricted, "users": list(users)}
        return {"restriction": RestrictionSerializer(restriction).data}


# ---------------------------------------------------------------- close, reopen


class CloseInput(StrictInput):
    closed_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "CaseCloseInput"


class ClosedSerializer(serializers.Serializer[Case]):
    status = choice(Case.Status.choices, "CaseStatus")
    closed_on = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "CaseClosure"


CaseClosureOutput = step_output("CaseClosureStep", closure=ClosedSerializer())


@documented(
    "cases_close_create",
    "Close the case",
    tag="cases",
    request=CloseInput,
    output=CaseClosureOutput,
    description="Every subject must have reached a final outcome (reflective "
    "practice, management action, no further action or concluded): otherwise "
    "`409 case.open_subjects`. Needs `If-Match` with the case's ETag; accepts "
    "`Idempotency-Key`.",
    example={"closed_on": "2018-03-01", "rationale": "All subjects concluded."},
)
class CaseCloseApi(CaseLevelStepApi):
    service = case_close
    InputSerializer = CloseInput

    def body(self, result: Case) -> dict[str, Any]:
        return {"closure": ClosedSerializer(result).data}


class ReopenInput(StrictInput):
    rationale = rationale_field()

    class Meta:
        ref_name = "CaseReopenInput"


@documented(
    "cases_reopen_create",
    "Reopen the case",
    tag="cases",
    request=ReopenInput,
    output=CaseClosureOutput,
    example={"rationale": "New evidence came to light."},
)
class CaseReopenApi(CaseLevelStepApi):
    service = case_reopen
    InputSerializer = ReopenInput

    def body(self, result: Case) -> dict[str, Any]:
        return {"closure": ClosedSerializer(result).data}
