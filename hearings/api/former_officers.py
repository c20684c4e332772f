"""An officer who resigned or retired before the hearing, over the API: the
appropriate authority's determination under PCR Part 3A (r21A(1)(d),
inserted by SI 2025/558) that the proceedings continue against the former
officer, or that they do not (hearings.services.proceedings.former_officers).
"""

from __future__ import annotations

from typing import Any, cast

from rest_framework import serializers

from conduct.api.serializers import InputSerializer as StrictInput
from conduct.models import User
from hearings.api.outcomes import list_report_last_id, list_reports_after
from hearings.api.proceedings import ProceedingStepApi, proceeding_data, subject_state
from hearings.api.serializers import (
    ListReportRowSerializer,
    ProceedingSerializer,
    SubjectHearingStateSerializer,
)
from hearings.models import ListReport, Proceeding
from hearings.services.proceedings import proceeding_part_3a_determine
from referrals.api.steps import documented, rationale_field, step_output


class Part3AInput(StrictInput):
    decided_on = serializers.DateField()
    continues = serializers.BooleanField(
        help_text="True: the proceedings continue against the former officer "
        "(Condition A). False: they are withdrawn, the subject's path closes "
        "without proceedings and an advisory list entry is removed (PA96 "
        "s88L(1)(b))."
    )
    rationale = rationale_field()

    class Meta:
        ref_name = "Part3ADeterminationInput"


@documented(
    "proceedings_part_3a_determination_create",
    "Make the Part 3A determination",
    tag="proceedings",
    request=Part3AInput,
    output=step_output(
        "Part3ADetermined",
        proceeding=ProceedingSerializer(),
        subject=SubjectHearingStateSerializer(),
        list_reports_created=ListReportRowSerializer(many=True),
    ),
    description="For an officer who resigned or retired on or after 28 May "
    "2025 (`DJANGO_PART_3A_FROM`) after being referred to a misconduct "
    "hearing or accelerated hearing for gross misconduct, and before it "
    "(PCR r21A(1)(d), inserted by SI 2025/558): until this is made the "
    "proceeding is not scheduled or held (`409 proceeding.part_3a`). The "
    "appropriate authority (PSD supervisor) decides. `409 proceeding.part_3a` "
    "also when there is no determination to make. Needs `If-Match`; accepts "
    "`Idempotency-Key`.",
    example={
        "decided_on": "2025-07-28",
        "continues": True,
        "rationale": "The public interest requires the hearing to go ahead.",
    },
)
class Part3ADetermineApi(ProceedingStepApi):
    service = proceeding_part_3a_determine
    InputSerializer = Part3AInput

    def act(self, user: User, target: Proceeding, data: dict[str, Any]) -> Any:
        case = target.subject.case
        last = list_report_last_id(case)
        proceeding = super().act(user, target, data)
        return proceeding, list_reports_after(case, last)

    def body(self, result: tuple[Proceeding, list[ListReport]]) -> dict[str, Any]:
        proceeding, reports = result
        return {
            "proceeding": proceeding_data(proceeding.pk),
            "subject": subject_state(proceeding.subject_id),
            "list_reports_created": ListReportRowSerializer(
                cast(Any, reports), many=True
            ).data,
        }
