"""Steps on a case's subjects and their allegations over the API: naming a
subject (a person already recorded, or one recorded in the same step), adding
an allegation, assessing its severity, and suspensions or restricted duties
(referrals.services.cases, referrals.services.investigations)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers, status

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.api.serializers import force_field
from conduct.models import Standard, User
from referrals.api.serializers import (
    AllegationSerializer,
    RoleInput,
    SeverityAssessmentSerializer,
    SubjectSerializer,
    SuspensionSerializer,
    choice,
)
from referrals.api.steps import (
    CaseLevelStepApi,
    CaseStepApi,
    SubjectStepApi,
    documented,
    step_output,
)
from referrals.models import (
    Allegation,
    Case,
    Severity,
    SeverityAssessment,
    Subject,
    Suspension,
)
from referrals.selectors.cases import allegation_get, person_role_get
from referrals.selectors.steps import suspension_get
from referrals.services.cases import (
    allegation_add,
    severity_assess,
    subject_add,
    subject_add_new_person,
)
from referrals.services.investigations import suspension_end, suspension_start

# ---------------------------------------------------------------- subjects


class SubjectAddInput(StrictInput):
    person = serializers.IntegerField(
        help_text="Id of a person you may see: on a case you can see, or "
        "holding a role in one of your forces."
    )
    role = serializers.IntegerField(
        help_text="Id of that person's role at the time of the conduct."
    )
    appropriate_authority = force_field(
        required=False,
        allow_null=True,
        help_text="Force code; defaults to the role's force.",
    )

    class Meta:
        ref_name = "SubjectAddInput"


SubjectAdded = step_output("SubjectAdded", subject=SubjectSerializer())


@documented(
    "cases_subjects_create",
    "Add a subject",
    tag="subjects",
    request=SubjectAddInput,
    output=SubjectAdded,
    code=201,
    description="Name a person as a subject of the case, in the role they held.",
    examples=[
        OpenApiExample(
            "A detective constable",
            value={"person": 501, "role": 601},
            request_only=True,
        )
    ],
)
class SubjectAddApi(CaseLevelStepApi):
    service = subject_add
    InputSerializer = SubjectAddInput
    success_status = status.HTTP_201_CREATED

    def act(self, user: User, target: Case, data: dict[str, Any]) -> Any:
        # The person and the role are looked up in the caller's scope: 404
        # for someone the caller may not name.
        role = person_role_get(
            user=user, person_id=data.pop("person"), role_id=data.pop("role")
        )
        return super().act(user, target, {**data, "person": role.person, "role": role})

    def body(self, result: Subject) -> dict[str, Any]:
        return {"subject": SubjectSerializer(result).data}


class SubjectNewPersonInput(RoleInput):
    given_names = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="With the name, how a second record of one person is refused.",
    )
    appropriate_authority = force_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="Force code; defaults to the role's force.",
    )

    class Meta:
        ref_name = "SubjectNewPersonInput"


@documented(
    "cases_subjects_new_person_create",
    "Add a subject not yet recorded",
    tag="subjects",
    request=SubjectNewPersonInput,
    output=SubjectAdded,
    code=status.HTTP_201_CREATED,
    description="Records the person, the role they held at the time and the "
    "subject, all or nothing (PSD and IOPC staff). Someone already recorded "
    "is refused, so one person is one record across cases: the same name and "
    "date of birth (`409 person.duplicate`) or a number a current role in the "
    "force carries (`409 person_role.identifier`); add them with "
    "`POST /api/v1/cases/{case_id}/subjects/` instead. Needs `If-Match` with "
    "the case's ETag; accepts `Idempotency-Key`.",
    example={
        "given_names": "Dana",
        "family_name": "Whitlow",
        "date_of_birth": "1986-07-09",
        "kind": "police_officer",
        "force": "nhants",
        "started_on": "2008-09-01",
        "rank": "Detective Constable",
        "identifier": "NH101",
    },
)
class SubjectNewPersonApi(CaseLevelStepApi):
    service = subject_add_new_person
    InputSerializer = SubjectNewPersonInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Subject) -> dict[str, Any]:
        return {"subject": SubjectSerializer(result).data}


# ---------------------------------------------------------------- allegations


class AllegationAddInput(StrictInput):
    summary = serializers.CharField()
    standards = serializers.SlugRelatedField(
        slug_field="number",
        queryset=Standard.objects.all(),
        many=True,
        help_text="Numbers of the Standards of Professional Behaviour (1-10).",
    )
    occurred_on = serializers.DateField(required=False, allow_null=True)

    class Meta:
        ref_name = "AllegationAddInput"


@documented(
    "subjects_allegations_create",
    "Add an allegation",
    tag="subjects",
    request=AllegationAddInput,
    output=step_output("AllegationAdded", allegation=AllegationSerializer()),
    code=201,
    description="Add an allegation against a subject, engaging one or more Standards.",
    examples=[
        OpenApiExample(
            "Duties and responsibilities",
            value={
                "summary": "Did not look at the download from the phone.",
                "standards": [6],
            },
            request_only=True,
        )
    ],
)
class AllegationAddApi(SubjectStepApi):
    service = allegation_add
    InputSerializer = AllegationAddInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Allegation) -> dict[str, Any]:
        return {"allegation": AllegationSerializer(result).data}


class SeverityAssessInput(StrictInput):
    severity = choice(Severity.choices, "Severity")
    assessed_on = serializers.DateField()
    body = choice(
        SeverityAssessment.Body.choices,
        "AssessingBody",
        help_text="`iopc` only in directed or independent investigations.",
    )
    rationale = serializers.CharField()

    class Meta:
        ref_name = "SeverityAssessInput"


@documented(
    "allegations_severity_assessments_create",
    "Assess severity",
    tag="subjects",
    request=SeverityAssessInput,
    output=step_output(
        "SeverityAssessed",
        assessment=SeverityAssessmentSerializer(),
        allegation=AllegationSerializer(),
    ),
    code=201,
    description="Assess (or revise) the severity of an allegation (CMR r19, PCR r14).",
    examples=[
        OpenApiExample(
            "IOPC assessment",
            value={
                "severity": "gross_misconduct",
                "assessed_on": "2016-12-05",
                "body": "iopc",
                "rationale": "Could amount to gross misconduct.",
            },
            request_only=True,
        )
    ],
)
class SeverityAssessApi(CaseStepApi):
    lookup = "allegation_id"
    getter = allegation_get
    case_path = "subject.case"
    argument = "allegation"
    service = severity_assess
    InputSerializer = SeverityAssessInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: SeverityAssessment) -> dict[str, Any]:
        return {
            "assessment": SeverityAssessmentSerializer(result).data,
            "allegation": AllegationSerializer(result.allegation).data,
        }


# ---------------------------------------------------------------- suspensions


class SuspensionStartInput(StrictInput):
    kind = choice(Suspension.Kind.choices, "SuspensionKind")
    started_on = serializers.DateField()
    reason = serializers.CharField(help_text="Why: written to the audit trail.")

    class Meta:
        ref_name = "SuspensionStartInput"


SuspensionOutput = step_output("SuspensionStep", suspension=SuspensionSerializer())


@documented(
    "subjects_suspensions_create",
    "Suspend or restrict duties",
    tag="subjects",
    request=SuspensionStartInput,
    output=SuspensionOutput,
    code=201,
    example={
        "kind": "suspension",
        "started_on": "2021-06-01",
        "reason": "Risk to the investigation (PCR r11).",
    },
)
class SuspensionStartApi(SubjectStepApi):
    service = suspension_start
    InputSerializer = SuspensionStartInput
    success_status = status.HTTP_201_CREATED

    def body(self, result: Suspension) -> dict[str, Any]:
        return {"suspension": SuspensionSerializer(result).data}


class SuspensionEndInput(StrictInput):
    ended_on = serializers.DateField()

    class Meta:
        ref_name = "SuspensionEndInput"


@documented(
    "suspensions_end_create",
    "End a suspension",
    tag="subjects",
    request=SuspensionEndInput,
    output=SuspensionOutput,
    example={"ended_on": "2021-09-30"},
)
class SuspensionEndApi(CaseStepApi):
    lookup = "suspension_id"
    getter = suspension_get
    case_path = "subject.case"
    argument = "suspension"
    service = suspension_end
    InputSerializer = SuspensionEndInput

    def body(self, result: Suspension) -> dict[str, Any]:
        return {"suspension": SuspensionSerializer(result).data}
