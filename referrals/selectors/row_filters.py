"""The rows referrals counts on the dashboard that are not cases, as case
list filters (referrals.row_filters): statutory clocks, suspensions and
restricted duties, and investigation progress reports. Registered by
``ReferralsConfig.ready``; the dashboard's figures (referrals.selectors.
dashboard) count the same rows with the same conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from conduct.deadline_rules import RULES_2020
from referrals.models import Deadline, DeadlineEvent, ProgressReport, Suspension
from referrals.row_filters import RowFilter, counted_as, dates, equals, one_of

#: How a clock stands, as the dashboard's columns count it: met on time,
#: met late (after its due date, extensions and pauses counted), missed
#: (running and past its due date: ``Deadline.overdue_on``), running (or
#: paused for criminal proceedings), and, across these, extended at least
#: once.
CLOCK_STATES: dict[str, tuple[str, Callable[[dt.date], Q]]] = {
    "met": (
        "Met on time",
        lambda today: Q(status=Deadline.Status.MET, met_late=False),
    ),
    "met_late": (
        "Met late",
        lambda today: Q(status=Deadline.Status.MET, met_late=True),
    ),
    "missed": ("Missed: past its due date, not met", Deadline.overdue_on),
    "running": (
        "Running or paused",
        lambda today: (
            Q(status__in=Deadline.RUNNING, due_on__gte=today)
            | Q(status=Deadline.Status.PAUSED)
        ),
    ),
    "extended": ("Extended at least once", lambda today: Q(was_extended=True)),
}

#: Every rule a clock can run under (the codes are the same in each regime).
CLOCK_RULE_CHOICES = sorted(
    ((rule.code, rule.title) for rule in RULES_2020), key=lambda choice: choice[1]
)


def clock_rows(today: dt.date) -> QuerySet[Deadline]:
    """Every clock but the cancelled ones, knowing whether it was extended."""
    return (
        Deadline.objects.exclude(status=Deadline.Status.CANCELLED)
        .alias(
            # IN, not a correlated EXISTS: PostgreSQL hashes the extended
            # clocks once (they are few) rather than probing the events of
            # each of a year's tens of thousands of clocks.
            was_extended=ExpressionWrapper(
                Q(
                    pk__in=DeadlineEvent.objects.filter(
                        kind=DeadlineEvent.Kind.EXTENDED
                    ).values("deadline_id")
                ),
                output_field=BooleanField(),
            )
        )
        .order_by()
    )


CLOCKS = RowFilter(
    key="clocks",
    title="Statutory clocks",
    parameters=(
        equals(
            "clock_rule",
            "rule__code",
            CLOCK_RULE_CHOICES,
            label="Rule",
            describes="Cases with a statutory clock (not cancelled) of this rule, "
            "by its code (`GET /api/v1/reference/deadline-rules/`). With the "
            "other `clock` parameters: one clock matches them all.",
        ),
        one_of(
            "clock",
            CLOCK_STATES,
            label="How it stands",
            describes="Cases with a statutory clock (not cancelled) that is: "
            "`met` on time, `met_late`, `missed` (running and past its due "
            "date), `running` (or paused), or `extended` at least once.",
        ),
        *dates(
            "due_on",
            "clock_due",
            label="Due",
            what="Cases with a statutory clock (not cancelled) due",
        ),
    ),
    rows=clock_rows,
    case_path="case",
    subject_path="",
    describe=counted_as("clock", "clocks"),
)


def _suspended(count: int, values: Mapping[str, Any]) -> str:
    people = "subject" if count == 1 else "subjects"
    if values.get("suspension") == Suspension.Kind.RESTRICTED_DUTIES:
        return f"{count} {people} on restricted duties"
    return f"{count} {people} suspended"


def active_suspensions(today: dt.date) -> QuerySet[Suspension]:
    """Suspensions and restricted duties in force on ``today``."""
    return Suspension.objects.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )


SUSPENSIONS = RowFilter(
    key="suspensions",
    title="Suspensions today",
    parameters=(
        equals(
            "suspension",
            "kind",
            Suspension.Kind.choices,
            label="Subjects today",
            describes="Cases with a subject `suspension` (suspended) or on "
            "`restricted_duties` today; with `force`, a subject whose "
            "appropriate authority it is.",
        ),
    ),
    rows=active_suspensions,
    case_path="subject__case",
    subject_path="subject",
    counted="subject",
    describe=_suspended,
)

#: A draft still owed: once the investigation has reported its clock is
#: cancelled and no report is due (PCR r19 runs only while it investigates).
OWED = Q(status=ProgressReport.Status.DRAFT) & ~Q(
    deadline__status=Deadline.Status.CANCELLED
)
#: Where a progress report stands: owed and not yet late (due), owed and
#: late, or sent.
PROGRESS_STATES: dict[str, tuple[str, Callable[[dt.date], Q]]] = {
    "due": ("Due, not yet sent", lambda today: OWED & Q(due_on__gte=today)),
    "late": ("Late, not sent", lambda today: OWED & Q(due_on__lt=today)),
    "sent": ("Sent", lambda today: Q(status=ProgressReport.Status.SENT)),
}

PROGRESS_REPORTS = RowFilter(
    key="progress_reports",
    title="Progress reports",
    parameters=(
        one_of(
            "progress_report",
            PROGRESS_STATES,
            label="Progress report",
            describes="Cases with an investigation progress report (PCR r19) "
            "not yet sent, `due` (not yet late) or `late`, or `sent`.",
        ),
        *dates(
            "sent_on",
            "progress_report_sent",
            label="Sent",
            what="Cases with an investigation progress report sent",
        ),
    ),
    rows=lambda today: ProgressReport.objects.order_by(),
    case_path="case",
    subject_path="",
    describe=counted_as("progress report", "progress reports"),
)

#: What referrals registers, in the order the case list page shows them.
REFERRALS_ROW_FILTERS = (CLOCKS, SUSPENSIONS, PROGRESS_REPORTS)
