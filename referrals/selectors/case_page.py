"""What the case page shows from the referrals app, in one read.

Scoped by ``case_get`` (404 for a case the user may not see), then a fixed
number of queries per section whatever the number of subjects, allegations,
deadlines or events. Proceedings, outcomes and list reports belong to the
hearings app: ``hearings.selectors.case_page`` adds them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from conduct.models import User
from referrals.models import (
    Case,
    CriminalProceedings,
    Deadline,
    Investigation,
    IOPCReferral,
    ReferralFactor,
    Subject,
    SubJudicePeriod,
)
from referrals.selectors.cases import case_get
from referrals.selectors.criminal import criminal_proceedings_for_case
from referrals.selectors.timeline import TimelineEntry, timeline_for
from referrals.services.cases import iopc_reference_warning


@dataclass(frozen=True)
class DeadlineRow:
    """An open deadline as the page lists it: ``overdue`` once its due date
    has passed while the clock still runs."""

    deadline: Deadline
    overdue: bool


@dataclass(frozen=True)
class CasePage:
    """The referrals part of the case page.

    ``subjects`` come with person, role, force, appropriate authority and
    allegations (with Standards) loaded; ``referral`` and ``investigation``
    are None until made; ``paused`` is True while a sub judice period is open.
    ``open_deadlines`` are the clocks still running or paused,
    ``met_deadlines`` those met (each on time or late).
    """

    case: Case
    iopc_reference_warning: str | None
    referral: IOPCReferral | None
    referral_factors: list[str]
    investigation: Investigation | None
    subjects: list[Subject]
    open_deadlines: list[DeadlineRow]
    met_deadlines: list[Deadline]
    criminal_proceedings: list[CriminalProceedings]
    sub_judice_periods: list[SubJudicePeriod]
    paused: bool
    timeline: list[TimelineEntry]
    today: dt.date

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.open_deadlines if row.overdue)


def open_deadline_rows(
    deadlines: list[Deadline], *, today: dt.date
) -> list[DeadlineRow]:
    return [
        DeadlineRow(
            deadline=deadline,
            overdue=deadline.is_overdue(today),
        )
        for deadline in deadlines
    ]


def case_deadlines(case: Case) -> tuple[list[Deadline], list[Deadline]]:
    """Clocks still running or paused on ``case``, and those met, each
    soonest due first (one query)."""
    deadlines = list(
        Deadline.objects.filter(
            case=case,
            status__in=[*Deadline.RUNNING, Deadline.Status.PAUSED, Deadline.Status.MET],
        )
        .select_related("rule", "owner", "subject__person")
        .order_by("due_on", "id")
    )
    met = Deadline.Status.MET
    return (
        [deadline for deadline in deadlines if deadline.status != met],
        [deadline for deadline in deadlines if deadline.status == met],
    )


def case_page_get(*, user: User, case_id: int) -> CasePage:
    """The case page's referrals sections for a case ``user`` may see."""
    case = case_get(user=user, case_id=case_id)
    today = timezone.localdate()
    referral = (
        IOPCReferral.objects.filter(case=case)
        .prefetch_related("mode_decisions")
        .first()
    )
    investigation = (
        Investigation.objects.filter(case=case).select_related("report").first()
    )
    periods = list(
        SubJudicePeriod.objects.filter(case=case).order_by("started_on", "id")
    )
    open_deadlines, met_deadlines = case_deadlines(case)
    return CasePage(
        case=case,
        iopc_reference_warning=iopc_reference_warning(case.iopc_reference),
        referral=referral,
        referral_factors=[
            ReferralFactor(factor).label if factor in ReferralFactor.values else factor
            for factor in (referral.factors if referral else [])
        ],
        investigation=investigation,
        subjects=list(case.subjects.all()),
        open_deadlines=open_deadline_rows(open_deadlines, today=today),
        met_deadlines=met_deadlines,
        criminal_proceedings=list(criminal_proceedings_for_case(case)),
        sub_judice_periods=periods,
        paused=any(period.ended_on is None for period in periods),
        timeline=timeline_for(case),
        today=today,
    )
