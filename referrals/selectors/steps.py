"""Reads behind the lifecycle steps (referrals.steps): the objects a step
acts on, each found only in a case the user may see (404 otherwise), and the
state that decides which steps are valid now, in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Value

from conduct.models import User
from referrals.models import (
    Case,
    Charge,
    CriminalProceedings,
    Deadline,
    Interview,
    Investigation,
    IOPCReferral,
    Notice,
    SubJudicePeriod,
    Suspension,
)
from referrals.permissions import scoped_get


def interview_get(*, user: User, interview_id: int) -> Interview:
    return scoped_get(
        Interview.objects.select_related("subject__case", "subject__person"),
        case_path="subject__case",
        user=user,
        pk=interview_id,
    )


def suspension_get(*, user: User, suspension_id: int) -> Suspension:
    return scoped_get(
        Suspension.objects.select_related("subject__case", "subject__person"),
        case_path="subject__case",
        user=user,
        pk=suspension_id,
    )


def deadline_get(*, user: User, deadline_id: int) -> Deadline:
    return scoped_get(
        Deadline.objects.select_related("case", "rule", "subject__person"),
        case_path="case",
        user=user,
        pk=deadline_id,
    )


def criminal_proceedings_get(*, user: User, proceedings_id: int) -> CriminalProceedings:
    return scoped_get(
        CriminalProceedings.objects.select_related(
            "case", "subject__person"
        ).prefetch_related("charges"),
        case_path="case",
        user=user,
        pk=proceedings_id,
    )


def charge_get(*, user: User, charge_id: int) -> Charge:
    return scoped_get(
        Charge.objects.select_related(
            "proceedings__case", "proceedings__subject__person"
        ),
        case_path="proceedings__case",
        user=user,
        pk=charge_id,
    )


# ------------------------------------------------------------ case state


@dataclass(frozen=True)
class CaseStepState:
    """What the case-level steps depend on besides the case row."""

    referral: IOPCReferral | None
    investigation: Investigation | None
    paused: bool


STATE_ATTRIBUTE = "_step_state"
CHILDREN_ATTRIBUTE = "_step_children"


def case_step_state(case: Case) -> CaseStepState:
    """The referral, investigation and sub judice pause of ``case``, read once
    and kept on the instance (the case page hands over what it has read)."""
    state: CaseStepState | None = getattr(case, STATE_ATTRIBUTE, None)
    if state is None:
        state = CaseStepState(
            referral=IOPCReferral.objects.filter(case=case).first(),
            investigation=Investigation.objects.filter(case=case).first(),
            paused=SubJudicePeriod.objects.filter(
                case=case, ended_on__isnull=True
            ).exists(),
        )
        remember_case_step_state(case, state)
    return state


def remember_case_step_state(case: Case, state: CaseStepState) -> None:
    setattr(case, STATE_ATTRIBUTE, state)


# ---------------------------------------------------- a subject's objects


@dataclass
class SubjectObjects:
    """A subject's notices, interviews not yet held and suspensions not yet
    ended, as light instances (enough to name them and link to their steps)."""

    notices: list[Notice] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)


def _rows(case: Case) -> list[tuple[str, int, int, dt.date, str]]:
    """(kind, id, subject id, date, label) of the three kinds, one union."""
    notices = (
        Notice.objects.filter(subject__case=case)
        .annotate(row_kind=Value("notice", output_field=CharField()))
        .values_list("row_kind", "pk", "subject_id", "served_on", "title")
    )
    interviews = (
        Interview.objects.filter(subject__case=case, held_on__isnull=True)
        .annotate(
            row_kind=Value("interview", output_field=CharField()),
            label=Value("", output_field=CharField()),
        )
        .values_list("row_kind", "pk", "subject_id", "proposed_on", "label")
    )
    suspensions = (
        Suspension.objects.filter(subject__case=case, ended_on__isnull=True)
        .annotate(row_kind=Value("suspension", output_field=CharField()))
        .values_list("row_kind", "pk", "subject_id", "started_on", "kind")
    )
    rows = list(notices.union(interviews, suspensions, all=True))
    return sorted(rows, key=lambda row: (row[3], row[1]))


def subject_objects(case: Case) -> dict[int, SubjectObjects]:
    """Every subject's notices, open interviews and open suspensions on
    ``case``, by subject id, in one query (kept on the instance)."""
    cached: dict[int, SubjectObjects] | None = getattr(case, CHILDREN_ATTRIBUTE, None)
    if cached is not None:
        return cached
    found: dict[int, SubjectObjects] = defaultdict(SubjectObjects)
    for kind, pk, subject_id, on, label in _rows(case):
        objects = found[subject_id]
        if kind == "notice":
            objects.notices.append(
                Notice(pk=pk, subject_id=subject_id, served_on=on, title=label)
            )
        elif kind == "interview":
            objects.interviews.append(
                Interview(pk=pk, subject_id=subject_id, proposed_on=on)
            )
        else:
            objects.suspensions.append(
                Suspension(pk=pk, subject_id=subject_id, started_on=on, kind=label)
            )
    result = dict(found)
    setattr(case, CHILDREN_ATTRIBUTE, result)
    return result


def subject_objects_of(case: Case, subject_id: int) -> SubjectObjects:
    return subject_objects(case).get(subject_id) or SubjectObjects()
