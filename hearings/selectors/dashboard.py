"""The managers' dashboard figures about proceedings, outcomes, list
reports and appeals, over a ``DashboardScope`` (referrals.selectors.
dashboard): the period's events for the subjects in scope, counted for each
subject's appropriate authority. One query per table."""

from __future__ import annotations

from typing import Any

from django.db.models import Case as When_
from django.db.models import (
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
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
from hearings.rules import BARRING_OUTCOMES, by_severity
from hearings.selectors.proceedings import list_reports_with_due_on
from referrals.models import Determination, ProceedingsForm
from referrals.selectors.dashboard import (
    TIMELINESS_COLUMNS,
    Cell,
    DashboardScope,
    Row,
    Table,
    timeliness_row,
    timeliness_rows,
)

#: Columns of "proceedings by form and finding": the most serious current
#: finding of the proceeding, or none yet.
FINDING_COLUMNS: tuple[tuple[int, str], ...] = (
    (3, "Gross misconduct"),
    (2, "Misconduct"),
    (1, "Not proven"),
    (0, "No findings yet"),
)


def most_serious_finding_rank(proceeding: str) -> Coalesce:
    """For rows with a proceeding at ``proceeding`` (a field path): the rank
    of its most serious current finding, as ``FINDING_COLUMNS`` names them
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


def proceedings_by_form_and_finding(scope: DashboardScope) -> Table:
    """Meetings, hearings and accelerated hearings held in the period, by
    their most serious finding (one row per proceeding, not per
    allegation)."""
    counted = (
        Proceeding.objects.filter(
            subject__in=scope.subjects,
            held_on__gte=scope.period_start,
            held_on__lte=scope.period_end,
        )
        .annotate(level=most_serious_finding_rank("pk"))
        .values("form", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {(row["form"], row["level"]): row["n"] for row in counted}
    rows = []
    for form in ProceedingsForm:
        counts = [found.get((form.value, level), 0) for level, _ in FINDING_COLUMNS]
        cells = [*(Cell(count) for count in counts), Cell(sum(counts))]
        rows.append(Row(str(form.label), tuple(cells), key=form.value))
    totals = [
        Cell(sum(found.get((form.value, level), 0) for form in ProceedingsForm))
        for level, _ in FINDING_COLUMNS
    ]
    totals.append(Cell(sum(found.values())))
    rows.append(Row("All proceedings", tuple(totals), key="total"))
    return Table(
        key="proceedings",
        caption="Proceedings held in the period, by most serious finding",
        columns=("Proceedings", *(label for _, label in FINDING_COLUMNS), "All"),
        rows=tuple(rows),
        chart="stacked",
        chart_skip_last=1,
    )


def outcomes_by_kind(scope: DashboardScope) -> Table:
    """Current outcomes decided in the period, by kind (an outcome replaced
    on appeal counts as its replacement), with dismissals and "would have
    been dismissed" findings in the note."""
    counts = {
        row["kind"]: row["n"]
        for row in Outcome.objects.filter(
            subject__in=scope.subjects,
            is_current=True,
            decided_on__gte=scope.period_start,
            decided_on__lte=scope.period_end,
        )
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = [
        Row(str(OutcomeKind(kind).label), (Cell(counts.get(kind, 0)),), key=kind)
        for kind in by_severity(OutcomeKind.values)
    ]
    rows.append(Row("All outcomes", (Cell(sum(counts.values())),), key="total"))
    barring = sum(counts.get(kind, 0) for kind in BARRING_OUTCOMES)
    return Table(
        key="outcomes",
        caption="Outcomes decided in the period",
        columns=("Outcome", "Subjects"),
        rows=tuple(rows),
        chart="bar",
        note="Dismissals and \u201cwould have been dismissed\u201d findings: "
        f"{barring}.",
    )


def list_reports_summary(scope: DashboardScope) -> Table:
    """Barred and advisory list reports whose event fell in the period, by
    kind: how many, how many sent, and how many sent within their 5 working
    days (BL Regs 2017 r3(1), r12(1))."""
    reports = list_reports_with_due_on(
        ListReport.objects.filter(
            subject__in=scope.subjects,
            event_on__gte=scope.period_start,
            event_on__lte=scope.period_end,
        )
    ).annotate(
        sent_on=Cast(TruncDate("sent_at"), output_field=DateField()),
    )
    counted = {
        row["kind"]: row
        for row in reports.values("kind")
        .annotate(
            made=Count("id"),
            sent=Count("id", filter=Q(status=ListReport.Status.SENT)),
            timed=Count(
                "id", filter=Q(status=ListReport.Status.SENT, due_on__isnull=False)
            ),
            on_time=Count(
                "id", filter=Q(status=ListReport.Status.SENT, sent_on__lte=F("due_on"))
            ),
        )
        .order_by()
    }
    rows = []
    for kind in ListReport.Kind:
        row = counted.get(kind.value, {"made": 0, "sent": 0, "on_time": 0})
        rows.append(
            Row(
                str(kind.label),
                (Cell(row["made"]), Cell(row["sent"]), Cell(row["on_time"])),
                key=kind.value,
            )
        )
    made = sum(row["made"] for row in counted.values())
    sent = sum(row["sent"] for row in counted.values())
    on_time = sum(row["on_time"] for row in counted.values())
    timed = sum(row["timed"] for row in counted.values())
    rows.append(
        Row("All reports", (Cell(made), Cell(sent), Cell(on_time)), key="total")
    )
    share = f"{round(100 * on_time / timed)}%" if timed else "none sent yet"
    return Table(
        key="list_reports",
        caption="Barred and advisory list reports",
        columns=("Report", "Made", "Sent", "Sent within 5 working days"),
        rows=tuple(rows),
        note=f"Sent within 5 working days: {share} of the reports sent that "
        "have a time limit (a barred list further report has none).",
    )


APPEAL_RESULTS = (
    Appeal.Status.DISMISSED,
    Appeal.Status.ALLOWED,
    Appeal.Status.WITHDRAWN,
)


def appeals_summary(scope: DashboardScope) -> Table:
    """Appeals lodged in the period and appeals decided in it, by kind."""
    period = Q(lodged_on__gte=scope.period_start, lodged_on__lte=scope.period_end)
    decided = Q(decided_on__gte=scope.period_start, decided_on__lte=scope.period_end)
    counted: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in Appeal.objects.filter(subject__in=scope.subjects)
        .values("kind")
        .annotate(
            lodged=Count("id", filter=period),
            **{
                status.value: Count("id", filter=decided & Q(status=status))
                for status in APPEAL_RESULTS
            },
        )
        .order_by()
    }
    columns = ("lodged", *(status.value for status in APPEAL_RESULTS))
    rows = []
    for kind in Appeal.Kind:
        found = counted.get(kind.value, {})
        rows.append(
            Row(
                str(kind.label),
                tuple(Cell(found.get(column, 0)) for column in columns),
                key=kind.value,
            )
        )
    rows.append(
        Row(
            "All appeals",
            tuple(
                Cell(sum(row.get(column, 0) for row in counted.values()))
                for column in columns
            ),
            key="total",
        )
    )
    return Table(
        key="appeals",
        caption="Appeals lodged and decided in the period",
        columns=("Appeal", "Lodged", "Dismissed", "Allowed", "Withdrawn"),
        rows=tuple(rows),
    )


def timeliness(scope: DashboardScope) -> Table:
    """Median and 90th percentile working days between the stages: to the
    report and the decision (referrals), and from the case-to-answer
    decision to the meeting or hearing held in the period (its latest
    decision before it)."""
    decided = (
        Determination.objects.filter(
            subject_id=OuterRef("subject_id"), decided_on__lte=OuterRef("held_on")
        )
        .order_by("-decided_on", "-id")
        .values("decided_on")[:1]
    )
    held = (
        Proceeding.objects.filter(
            subject__in=scope.subjects,
            held_on__gte=scope.period_start,
            held_on__lte=scope.period_end,
        )
        .annotate(decided_on=Subquery(decided))
        .values_list("decided_on", "held_on")
    )
    return Table(
        key="timeliness",
        caption="Working days between stages",
        columns=TIMELINESS_COLUMNS,
        rows=(
            *timeliness_rows(scope),
            timeliness_row(
                "decision_to_proceedings",
                "Case to answer decision to meeting or hearing",
                held,
            ),
        ),
        note="Working days as the statutory clocks count them (weekends and "
        "bank holidays left out), rounded to whole days; each interval ends "
        "in the period.",
    )


def hearings_tables(scope: DashboardScope) -> list[Table]:
    """The figures this app knows, in the order the page shows them."""
    return [
        timeliness(scope),
        proceedings_by_form_and_finding(scope),
        outcomes_by_kind(scope),
        list_reports_summary(scope),
        appeals_summary(scope),
    ]
