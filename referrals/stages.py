"""Where a case stands, in one word a manager reads: the stage of its least
advanced subject. Said once, as a database expression, so the dashboards
count by it and the case list filters by it (``?case_stage=``) the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case as When_
from django.db.models import IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from referrals.models import Subject

S = Subject.Status


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    statuses: frozenset[str]


#: The stages in lifecycle order; every subject status is in exactly one.
STAGES: tuple[Stage, ...] = (
    Stage("assessment", "Assessment", frozenset({S.RECORDED})),
    Stage("investigation", "Investigation", frozenset({S.UNDER_INVESTIGATION})),
    Stage("decision", "Report received: case to answer?", frozenset({S.REPORTED})),
    Stage(
        "awaiting_proceedings",
        "Case to answer: not yet referred",
        frozenset({S.CASE_TO_ANSWER}),
    ),
    Stage(
        "proceedings", "Misconduct proceedings", frozenset({S.REFERRED_TO_PROCEEDINGS})
    ),
    Stage(
        "outcome",
        "Outcome and appeal",
        frozenset({S.OUTCOME_DECIDED, S.UNDER_APPEAL}),
    ),
    Stage(
        "decided",
        "Decided for every subject",
        frozenset(
            {
                S.NO_CASE_TO_ANSWER,
                S.REFLECTIVE_PRACTICE,
                S.MANAGEMENT_ACTION,
                S.NO_FURTHER_ACTION,
                S.CONCLUDED,
            }
        ),
    ),
)
STAGE_CHOICES: list[tuple[str, str]] = [(stage.key, stage.label) for stage in STAGES]
STAGE_BY_KEY: dict[str, Stage] = {stage.key: stage for stage in STAGES}


def _rank_of_status() -> When_:
    return When_(
        *(
            When(status__in=sorted(stage.statuses), then=Value(rank))
            for rank, stage in enumerate(STAGES)
        ),
        output_field=IntegerField(),
    )


def case_stage_rank() -> Coalesce:
    """For a case queryset: the rank in ``STAGES`` of the case's least
    advanced subject (0, assessment, for a case with no subject yet)."""
    least = (
        Subject.objects.filter(case_id=OuterRef("pk"))
        .annotate(stage_rank=_rank_of_status())
        .order_by("stage_rank")
        .values("stage_rank")[:1]
    )
    return Coalesce(Subquery(least, output_field=IntegerField()), Value(0))


def stage_rank(key: str) -> int:
    return [stage.key for stage in STAGES].index(key)
