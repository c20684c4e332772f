"""The rows hearings counts on the dashboard, as case list filters
(referrals.row_filters): proceedings, current outcomes, barred and advisory
list reports, and appeals, each counted for its subject's appropriate
authority. Registered by ``HearingsConfig.ready`` (referrals cannot import
this app); the dashboard's figures (hearings.selectors.dashboard) count the
same rows with the same conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Case as When_
from django.db.models import (
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate

from hearings.models import (
    Appeal,
    Finding,
    FindingResult,
    ListReport,
    Outcome,
    OutcomeKind,
    Proceeding,
)
from hearings.rules import by_severity
from hearings.selectors.proceedings import list_reports_with_due_on
from referrals.models import ProceedingsForm
from referrals.row_filters import RowFilter, counted_as, dates, equals, one_of

#: The most serious current finding of a proceeding: its ``finding``
#: parameter value, the rank ``most_serious_finding_rank`` gives it, and the
#: dashboard's column heading (most serious first).
FINDINGS: tuple[tuple[str, int, str], ...] = (
    ("gross_misconduct", 3, "Gross misconduct"),
    ("misconduct", 2, "Misconduct"),
    ("not_proven", 1, "Not proven"),
    ("none", 0, "No findings yet"),
)


def most_serious_finding_rank(proceeding: str) -> Coalesce:
    """For rows with a proceeding at ``proceeding`` (a field path): the rank
    of its most serious current finding, as ``FINDINGS`` names them
    (``hearings.rules.most_serious_finding`` in SQL); 0 without findings."""
    rank = When_(
        When(result=FindingResult.PROVEN_GROSS_MISCONDUCT, then=Value(3)),
        When(result=FindingResult.PROVEN_MISCONDUCT, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    most_serious = (
        Finding.objects.filter(proceeding_id=OuterRef(proceeding), is_current=True)
        .annotate(rank=rank)
        .order_by("-rank")
        .values("rank")[:1]
    )
    return Coalesce(Subquery(most_serious), Value(0))


#: The alias under which each proceeding's rows carry that rank.
FINDING_RANK = "finding_rank"


def _ranked(rank: int) -> Callable[[dt.date], Q]:
    return lambda today: Q(**{FINDING_RANK: rank})


PROCEEDINGS = RowFilter(
    key="proceedings",
    title="Meetings and hearings",
    parameters=(
        equals(
            "proceedings_form",
            "form",
            ProceedingsForm.choices,
            label="Form",
            describes="Cases with misconduct proceedings of this form; with "
            "`force`, of a subject whose appropriate authority it is. With "
            "`finding`, `held_after` and `held_before`: one proceeding "
            "matches them all.",
        ),
        one_of(
            "finding",
            {key: (label, _ranked(rank)) for key, rank, label in FINDINGS},
            label="Most serious finding",
            describes="Cases with misconduct proceedings whose most serious "
            "current finding is this (`none`: no findings yet).",
        ),
        *dates(
            "held_on",
            "held",
            label="Held",
            what="Cases with a misconduct meeting or hearing held",
        ),
    ),
    rows=lambda today: Proceeding.objects.alias(
        **{FINDING_RANK: most_serious_finding_rank("pk")}
    ).order_by(),
    case_path="subject__case",
    subject_path="subject",
    describe=counted_as("meeting or hearing", "meetings or hearings"),
)

#: Every kind of outcome, most severe first.
OUTCOME_KINDS = by_severity(OutcomeKind.values)

OUTCOMES = RowFilter(
    key="outcomes",
    title="Outcomes",
    parameters=(
        equals(
            "outcome",
            "kind",
            [(kind, OutcomeKind(kind).label) for kind in OUTCOME_KINDS],
            label="Current outcome",
            describes="Cases with a subject whose current outcome (one replaced "
            "on appeal counts as its replacement) is this; with `force`, a "
            "subject whose appropriate authority it is.",
        ),
        *dates(
            "decided_on",
            "outcome_decided",
            label="Decided",
            what="Cases with a current outcome decided",
        ),
    ),
    rows=lambda today: Outcome.objects.filter(is_current=True).order_by(),
    case_path="subject__case",
    subject_path="subject",
    describe=counted_as("outcome", "outcomes"),
)


def list_report_rows(today: dt.date) -> QuerySet[ListReport]:
    """Every list report, with its due date and the day it was sent."""
    return (
        list_reports_with_due_on(ListReport.objects.order_by())
        .annotate(sent_on=Cast(TruncDate("sent_at"), output_field=DateField()))
        .order_by()
    )


#: How far a list report went: made (every report), sent to the College,
#: sent within its 5 working days (BL Regs 2017 r3(1), r12(1)).
LIST_REPORT_STATES: dict[str, tuple[str, Callable[[dt.date], Q]]] = {
    "made": ("Made", lambda today: Q(pk__isnull=False)),
    "sent": ("Sent", lambda today: Q(status=ListReport.Status.SENT)),
    "on_time": (
        "Sent within 5 working days",
        lambda today: Q(status=ListReport.Status.SENT, sent_on__lte=F("due_on")),
    ),
}

LIST_REPORTS = RowFilter(
    key="list_reports",
    title="Barred and advisory list reports",
    parameters=(
        equals(
            "list_report",
            "kind",
            ListReport.Kind.choices,
            label="Report",
            describes="Cases with a barred or advisory list report of this "
            "kind; with `force`, about a subject whose appropriate authority "
            "it is. With the other `list_report` parameters: one report "
            "matches them all.",
        ),
        one_of(
            "list_report_state",
            LIST_REPORT_STATES,
            label="How far it went",
            describes="Cases with a list report `made` (any), `sent` to the "
            "College, or sent within its 5 working days (`on_time`).",
        ),
        *dates(
            "event_on",
            "list_report_event",
            label="Event",
            what="Cases with a list report whose event (the dismissal, "
            "finding, resignation or retirement) fell",
        ),
    ),
    rows=list_report_rows,
    case_path="subject__case",
    subject_path="subject",
    describe=counted_as("list report", "list reports"),
)

APPEALS = RowFilter(
    key="appeals",
    title="Appeals",
    parameters=(
        equals(
            "appeal",
            "kind",
            Appeal.Kind.choices,
            label="Appeal",
            describes="Cases with an appeal of this kind; with `force`, by a "
            "subject whose appropriate authority it is. With the other "
            "`appeal` parameters: one appeal matches them all.",
        ),
        equals(
            "appeal_status",
            "status",
            Appeal.Status.choices,
            label="Status",
            describes="Cases with an appeal now `lodged` (not yet decided), "
            "`dismissed`, `allowed` or `withdrawn`.",
        ),
        *dates(
            "lodged_on",
            "appeal_lodged",
            label="Lodged",
            what="Cases with an appeal lodged",
        ),
        *dates(
            "decided_on",
            "appeal_decided",
            label="Decided",
            what="Cases with an appeal decided (or withdrawn)",
        ),
    ),
    rows=lambda today: Appeal.objects.order_by(),
    case_path="subject__case",
    subject_path="subject",
    describe=counted_as("appeal", "appeals"),
)

#: What hearings registers, in the order the case list page shows them.
HEARINGS_ROW_FILTERS = (PROCEEDINGS, OUTCOMES, LIST_REPORTS, APPEALS)
