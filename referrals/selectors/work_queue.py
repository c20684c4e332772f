"""The signed-in user's work queue (the home page): their recent cases, the
clocks they chase, due soon or overdue, and the decisions waiting for them.

"Theirs" means cases the user recorded and deadlines the user owns (the
deadline services make the case's recorder the owner unless told otherwise),
always within the cases the user may still see. "Awaiting your decision"
lists what the user's role decides and nobody has decided yet: for a PSD
supervisor (the appropriate authority's delegate) severity assessments and
case-to-answer determinations of force-run investigations; for the IOPC the
referrals awaiting its decision and, for an IOPC supervisor, determinations
of the investigations the IOPC runs. A fixed number of queries whatever the
length of each list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from conduct.models import IOPC_ROLES, IOPC_SUPERVISORS, PSD_SUPERVISORS, Role, User
from referrals.models import (
    IOPC_MODES,
    Allegation,
    Case,
    Deadline,
    IOPCReferral,
    Subject,
)
from referrals.permissions import visible_cases

#: How many of each list the home page shows; the counts cover them all.
QUEUE_LENGTH = 10
#: "Due this week": today and the six days after it.
WEEK_DAYS = 7


@dataclass(frozen=True)
class Decision:
    """One decision waiting: what to decide, on which case and subject."""

    label: str
    case: Case
    subject: Subject | None
    since: dt.date | None


@dataclass(frozen=True)
class WorkQueue:
    recent_cases: list[Case]
    case_count: int
    due_this_week: list[Deadline]
    due_this_week_count: int
    overdue: list[Deadline]
    overdue_count: int
    awaiting_decision: list[Decision]
    awaiting_decision_count: int
    decides: bool  # whether the user's role makes any of these decisions
    today: dt.date
    week_ends_on: dt.date


def _my_deadlines(user: User) -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(
            Q(owner=user) | Q(case__created_by=user),
            status__in=Deadline.RUNNING,
            case__in=visible_cases(user),
        )
        .select_related("case", "subject__person")
        .order_by("due_on", "id")
    )


SEVERITY = "Assess severity"
CASE_TO_ANSWER = "Decide case to answer"
REFERRAL = "Decide on the referral to the IOPC"
DECIDING_ROLES = PSD_SUPERVISORS | IOPC_ROLES


def _severity_unassessed(cases: QuerySet[Case]) -> QuerySet[Allegation]:
    return (
        Allegation.objects.filter(
            severity="",
            determination="",
            subject__case__in=cases,
            subject__case__status=Case.Status.OPEN,
        )
        .exclude(subject__case__referral__mode__in=IOPC_MODES)
        .select_related("subject__case", "subject__person")
        .order_by("created_at", "id")
    )


def _reported_subjects(cases: QuerySet[Case], *, iopc_runs: bool) -> QuerySet[Subject]:
    subjects = Subject.objects.filter(
        status=Subject.Status.REPORTED,
        case__in=cases,
        case__status=Case.Status.OPEN,
    )
    by_iopc = Q(case__referral__mode__in=IOPC_MODES)
    subjects = subjects.filter(by_iopc) if iopc_runs else subjects.exclude(by_iopc)
    return subjects.select_related("case", "person").order_by("updated_at", "id")


def _awaiting_referrals(cases: QuerySet[Case]) -> QuerySet[IOPCReferral]:
    return (
        IOPCReferral.objects.filter(
            status=IOPCReferral.Status.REFERRED,
            case__in=cases,
            case__status=Case.Status.OPEN,
        )
        .select_related("case")
        .order_by("referred_on", "id")
    )


def _decisions(user: User, cases: QuerySet[Case]) -> tuple[list[Decision], int]:
    """The decisions ``user``'s role makes that are waiting, oldest first
    within each kind, at most QUEUE_LENGTH of each; and how many in all."""
    found: list[Decision] = []
    total = 0
    if user.role == Role.PSD_SUPERVISOR:
        allegations = _severity_unassessed(cases)
        total += allegations.count()
        found += [
            Decision(SEVERITY, a.subject.case, a.subject, a.created_at.date())
            for a in allegations[:QUEUE_LENGTH]
        ]
    if user.role in IOPC_ROLES:
        referrals = _awaiting_referrals(cases)
        total += referrals.count()
        found += [
            Decision(REFERRAL, r.case, None, r.referred_on)
            for r in referrals[:QUEUE_LENGTH]
        ]
    if user.role in PSD_SUPERVISORS | IOPC_SUPERVISORS:
        subjects = _reported_subjects(
            cases, iopc_runs=user.role == Role.IOPC_SUPERVISOR
        )
        total += subjects.count()
        found += [
            Decision(CASE_TO_ANSWER, s.case, s, s.updated_at.date())
            for s in subjects[:QUEUE_LENGTH]
        ]
    return found, total


def work_queue_get(*, user: User, today: dt.date | None = None) -> WorkQueue:
    today = today or timezone.localdate()
    week_ends_on = today + dt.timedelta(days=WEEK_DAYS - 1)
    cases = (
        visible_cases(user)
        .filter(created_by=user)
        .select_related("force")
        .order_by("-created_at", "-id")
    )
    due = _my_deadlines(user).filter(due_on__gte=today, due_on__lte=week_ends_on)
    overdue = _my_deadlines(user).filter(Deadline.overdue_on(today))
    decisions, decision_count = _decisions(user, visible_cases(user))
    return WorkQueue(
        recent_cases=list(cases[:QUEUE_LENGTH]),
        case_count=cases.count(),
        due_this_week=list(due[:QUEUE_LENGTH]),
        due_this_week_count=due.count(),
        overdue=list(overdue[:QUEUE_LENGTH]),
        overdue_count=overdue.count(),
        awaiting_decision=decisions,
        awaiting_decision_count=decision_count,
        decides=user.role in DECIDING_ROLES,
        today=today,
        week_ends_on=week_ends_on,
    )
