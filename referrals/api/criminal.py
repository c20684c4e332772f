"""Criminal proceedings endpoints: open, release, charges with plea and
verdict, sentence, conclude or discontinue (referrals.services.criminal), and
pausing or resuming misconduct proceedings while they are sub judice."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework import status as http
from rest_framework.exceptions import ValidationError

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from referrals.api.serializers import choice
from referrals.api.steps import (
    CaseLevelStepApi,
    CaseLookup,
    CaseReadApi,
    CaseStepApi,
    SubjectStepApi,
    documented,
    documented_read,
    rationale_field,
    step_output,
)
from referrals.models import (
    Case,
    Charge,
    CriminalProceedings,
    Plea,
    SentenceComponent,
    SubJudicePeriod,
    Verdict,
)
from referrals.selectors.criminal import sub_judice_periods
from referrals.selectors.steps import charge_get, criminal_proceedings_get
from referrals.services.criminal import (
    charge_add,
    charge_plea_record,
    charge_verdict_record,
    criminal_proceedings_conclude,
    criminal_proceedings_discontinue,
    criminal_proceedings_open,
    criminal_release_record,
    criminal_sub_judice_set,
    sentence_component_add,
)

NOT_A_CHARGE_HERE = "Not a charge in these proceedings."


class ChargeSerializer(serializers.Serializer[Charge]):
    id = serializers.IntegerField()
    count_number = serializers.IntegerField()
    offence = serializers.CharField()
    charged_on = serializers.DateField()
    plea = serializers.CharField(allow_blank=True)
    plea_on = serializers.DateField(allow_null=True)
    verdict = serializers.CharField(allow_blank=True)
    verdict_on = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "Charge"


class SentenceComponentSerializer(serializers.Serializer[SentenceComponent]):
    id = serializers.IntegerField()
    kind = choice(SentenceComponent.Kind.choices, "SentenceKind")
    sentenced_on = serializers.DateField()
    charge = serializers.IntegerField(source="charge_id", allow_null=True)
    length_months = serializers.IntegerField(allow_null=True)
    concurrent_with = serializers.IntegerField(
        source="concurrent_with_id", allow_null=True
    )
    duration_years = serializers.IntegerField(allow_null=True)
    indefinite = serializers.BooleanField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    description = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "SentenceComponent"


class CriminalProceedingsSerializer(serializers.Serializer[CriminalProceedings]):
    id = serializers.IntegerField()
    subject = serializers.IntegerField(source="subject_id")
    reference = serializers.CharField(allow_blank=True)
    court = serializers.CharField(allow_blank=True)
    started_on = serializers.DateField()
    arrested_on = serializers.DateField(allow_null=True)
    arrest_location = serializers.CharField(allow_blank=True)
    pre_charge_release = serializers.CharField(allow_blank=True)
    released_on = serializers.DateField(allow_null=True)
    bail_return_on = serializers.DateField(allow_null=True)
    bail_conditions = serializers.CharField(allow_blank=True)
    status = choice(CriminalProceedings.Status.choices, "CriminalProceedingsStatus")
    ended_on = serializers.DateField(allow_null=True)
    charges = ChargeSerializer(many=True)
    sentence = SentenceComponentSerializer(many=True)

    class Meta:
        ref_name = "CriminalProceedings"


class SubJudiceSerializer(serializers.Serializer[SubJudicePeriod]):
    id = serializers.IntegerField()
    started_on = serializers.DateField()
    start_rationale = serializers.CharField()
    ended_on = serializers.DateField(allow_null=True)
    end_rationale = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "SubJudicePeriod"


def proceedings_data(proceedings_id: int) -> Any:
    proceedings = CriminalProceedings.objects.prefetch_related(
        Prefetch("charges", queryset=Charge.objects.order_by("count_number")),
        Prefetch("sentence", queryset=SentenceComponent.objects.order_by("id")),
    ).get(pk=proceedings_id)
    return CriminalProceedingsSerializer(proceedings).data


Output = step_output(
    "CriminalProceedingsStep", proceedings=CriminalProceedingsSerializer()
)


@documented_read(
    "cases_criminal_proceedings_list",
    "A case's criminal proceedings",
    tag="criminal proceedings",
    output=CriminalProceedingsSerializer(many=True),
    description="Every criminal proceedings of the case's subjects with "
    "charges (plea, verdict) and sentence, and the sub judice periods.",
)
class CaseCriminalProceedingsApi(CaseLookup, CaseReadApi):
    def answer(self, target: Case) -> Any:
        proceedings = (
            CriminalProceedings.objects.filter(case_id=target.pk)
            .prefetch_related(
                Prefetch("charges", queryset=Charge.objects.order_by("count_number")),
                Prefetch("sentence", queryset=SentenceComponent.objects.order_by("id")),
            )
            .order_by("started_on", "id")
        )
        return CriminalProceedingsSerializer(cast(Any, proceedings), many=True).data


class OpenInput(StrictInput):
    started_on = serializers.DateField()
    arrested_on = serializers.DateField(required=False, allow_null=True)
    arrest_location = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    arrest_notes = serializers.CharField(required=False, allow_blank=True, default="")
    reference = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40
    )
    court = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=120
    )

    class Meta:
        ref_name = "CriminalProceedingsOpenInput"


@documented(
    "subjects_criminal_proceedings_create",
    "Record criminal proceedings",
    tag="criminal proceedings",
    request=OpenInput,
    output=Output,
    code=201,
    example={"started_on": "2022-08-10", "arrested_on": "2022-08-10"},
)
class CriminalOpenApi(SubjectStepApi):
    service = criminal_proceedings_open
    InputSerializer = OpenInput
    success_status = http.HTTP_201_CREATED

    def body(self, result: CriminalProceedings) -> dict[str, Any]:
        return {"proceedings": proceedings_data(result.pk)}


class ProceedingsStepApi(CaseStepApi):
    lookup = "proceedings_id"
    getter = criminal_proceedings_get
    argument = "proceedings"

    def body(self, result: Any) -> dict[str, Any]:
        return {"proceedings": proceedings_data(result.pk)}


class ReleaseInput(StrictInput):
    release = choice(CriminalProceedings.Release.choices, "PreChargeRelease")
    released_on = serializers.DateField()
    bail_return_on = serializers.DateField(required=False, allow_null=True)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "CriminalReleaseInput"


@documented(
    "criminal_proceedings_release_create",
    "Record the pre-charge release",
    tag="criminal proceedings",
    request=ReleaseInput,
    output=Output,
    example={"release": "bail", "released_on": "2022-08-11"},
)
class ReleaseApi(ProceedingsStepApi):
    service = criminal_release_record
    InputSerializer = ReleaseInput


class ChargeInput(StrictInput):
    offence = serializers.CharField()
    charged_on = serializers.DateField()

    class Meta:
        ref_name = "ChargeAddInput"


@documented(
    "criminal_proceedings_charges_create",
    "Add a charge",
    tag="criminal proceedings",
    request=ChargeInput,
    output=step_output(
        "ChargeAdded",
        charge=ChargeSerializer(),
        proceedings=CriminalProceedingsSerializer(),
    ),
    code=201,
    example={
        "offence": "Attempted sexual communication with a child.",
        "charged_on": "2022-09-01",
    },
)
class ChargeAddApi(ProceedingsStepApi):
    service = charge_add
    InputSerializer = ChargeInput
    success_status = http.HTTP_201_CREATED

    def body(self, result: Charge) -> dict[str, Any]:
        return {
            "charge": ChargeSerializer(result).data,
            "proceedings": proceedings_data(result.proceedings_id),
        }


class ChargeStepApi(CaseStepApi):
    lookup = "charge_id"
    getter = charge_get
    case_path = "proceedings.case"
    argument = "charge"

    def body(self, result: Charge) -> dict[str, Any]:
        return {
            "charge": ChargeSerializer(result).data,
            "proceedings": proceedings_data(result.proceedings_id),
        }


ChargeOutput = step_output(
    "ChargeStep", charge=ChargeSerializer(), proceedings=CriminalProceedingsSerializer()
)


class PleaInput(StrictInput):
    plea = choice(Plea.choices, "Plea")
    plea_on = serializers.DateField()

    class Meta:
        ref_name = "ChargePleaInput"


@documented(
    "charges_plea_create",
    "Record a plea",
    tag="criminal proceedings",
    request=PleaInput,
    output=ChargeOutput,
    example={"plea": "guilty", "plea_on": "2022-09-15"},
)
class PleaApi(ChargeStepApi):
    service = charge_plea_record
    InputSerializer = PleaInput


class VerdictInput(StrictInput):
    verdict = choice(Verdict.choices, "Verdict")
    verdict_on = serializers.DateField()

    class Meta:
        ref_name = "ChargeVerdictInput"


@documented(
    "charges_verdict_create",
    "Record a verdict",
    tag="criminal proceedings",
    request=VerdictInput,
    output=ChargeOutput,
    example={"verdict": "convicted", "verdict_on": "2022-09-15"},
)
class VerdictApi(ChargeStepApi):
    service = charge_verdict_record
    InputSerializer = VerdictInput


class SentenceInput(StrictInput):
    kind = choice(SentenceComponent.Kind.choices, "SentenceKind")
    sentenced_on = serializers.DateField()
    charge = serializers.IntegerField(
        required=False, allow_null=True, help_text="A charge of these proceedings."
    )
    length_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=1200
    )
    concurrent_with = serializers.IntegerField(required=False, allow_null=True)
    duration_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=100
    )
    indefinite = serializers.BooleanField(default=False)
    amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "SentenceComponentInput"


@documented(
    "criminal_proceedings_sentence_create",
    "Add a sentence component",
    tag="criminal proceedings",
    request=SentenceInput,
    output=step_output(
        "SentenceComponentAdded",
        component=SentenceComponentSerializer(),
        proceedings=CriminalProceedingsSerializer(),
    ),
    code=201,
    example={"kind": "custody", "sentenced_on": "2022-11-17", "length_months": 24},
)
class SentenceApi(ProceedingsStepApi):
    service = sentence_component_add
    InputSerializer = SentenceInput
    success_status = http.HTTP_201_CREATED

    def act(self, user: User, target: Any, data: dict[str, Any]) -> Any:
        charges = {charge.pk: charge for charge in target.charges.all()}
        for field in ("charge", "concurrent_with"):
            value = data.get(field)
            if value is not None:
                if value not in charges:
                    raise ValidationError({field: [NOT_A_CHARGE_HERE]})
                data[field] = charges[value]
        return super().act(user, target, data)

    def body(self, result: SentenceComponent) -> dict[str, Any]:
        return {
            "component": SentenceComponentSerializer(result).data,
            "proceedings": proceedings_data(result.proceedings_id),
        }


class ConcludeInput(StrictInput):
    concluded_on = serializers.DateField()

    class Meta:
        ref_name = "CriminalConcludeInput"


@documented(
    "criminal_proceedings_conclusion_create",
    "Conclude the criminal proceedings",
    tag="criminal proceedings",
    request=ConcludeInput,
    output=Output,
    example={"concluded_on": "2022-11-17"},
)
class ConcludeApi(ProceedingsStepApi):
    service = criminal_proceedings_conclude
    InputSerializer = ConcludeInput


class DiscontinueInput(StrictInput):
    discontinued_on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "CriminalDiscontinueInput"


@documented(
    "criminal_proceedings_discontinuance_create",
    "Discontinue the criminal proceedings",
    tag="criminal proceedings",
    request=DiscontinueInput,
    output=Output,
    example={"discontinued_on": "2022-10-01", "rationale": "No further action."},
)
class DiscontinueApi(ProceedingsStepApi):
    service = criminal_proceedings_discontinue
    InputSerializer = DiscontinueInput


class SubJudiceInput(StrictInput):
    paused = serializers.BooleanField(
        help_text="true: pause misconduct proceedings (PCR r10(3)); false: resume."
    )
    on = serializers.DateField()
    rationale = rationale_field()

    class Meta:
        ref_name = "SubJudiceInput"


@documented(
    "cases_sub_judice_create",
    "Pause or resume for criminal proceedings",
    tag="criminal proceedings",
    request=SubJudiceInput,
    output=step_output("SubJudiceSet", periods=SubJudiceSerializer(many=True)),
    description="The appropriate authority (PSD supervisor) pauses misconduct "
    "proceedings that would prejudice criminal proceedings, or resumes them; "
    "running clocks pause and resume with them. Needs `If-Match` with the "
    "case's ETag; accepts `Idempotency-Key`.",
    example={"paused": True, "on": "2022-08-12", "rationale": "Trial pending."},
)
class SubJudiceApi(CaseLevelStepApi):
    service = criminal_sub_judice_set
    InputSerializer = SubJudiceInput

    def act(self, user: User, target: Case, data: dict[str, Any]) -> Any:
        super().act(user, target, data)
        return target

    def body(self, result: Case) -> dict[str, Any]:
        periods = sub_judice_periods(result)
        return {"periods": SubJudiceSerializer(cast(Any, periods), many=True).data}
