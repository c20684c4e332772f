"""The signed-in user's work queue (the home page): their recent cases and
the clocks they chase, due soon or overdue.

"Theirs" means cases the user recorded and deadlines the user owns (the
deadline services make the case's recorder the owner unless told otherwise),
always within the cases the user may still see. A fixed number of queries
whatever the length of each list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from conduct.models import User
from referrals.models import Case, Deadline
from referrals.permissions import visible_cases

#: How many of each list the home page shows; the counts cover them all.
QUEUE_LENGTH = 10
#: "Due this week": today and the six days after it.
WEEK_DAYS = 7


@dataclass(frozen=True)
class WorkQueue:
    recent_cases: list[Case]
    case_count: int
    due_this_week: list[Deadline]
    due_this_week_count: int
    overdue: list[Deadline]
    overdue_count: int
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
    overdue = _my_deadlines(user).filter(due_on__lt=today)
    return WorkQueue(
        recent_cases=list(cases[:QUEUE_LENGTH]),
        case_count=cases.count(),
        due_this_week=list(due[:QUEUE_LENGTH]),
        due_this_week_count=due.count(),
        overdue=list(overdue[:QUEUE_LENGTH]),
        overdue_count=overdue.count(),
        today=today,
        week_ends_on=week_ends_on,
    )
