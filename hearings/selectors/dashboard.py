"""The managers' dashboard figures about proceedings, outcomes, list
reports and appeals, over a ``DashboardScope`` (referrals.selectors.
dashboard): the period's events for the subjects in scope, counted for each
subject's appropriate authority. One query per table. Each count links to
the case list filtered by the same row filter (hearings.selectors.
row_filters), which counts the same rows beside the cases."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery

from hearings.models import Appeal, ListReport, OutcomeKind, Proceeding
from hearings.rules import BARRING_OUTCOMES
from hearings.selectors.row_filters import (
    APPEALS,
    FINDING_RANK,
    FINDINGS,
    LIST_REPORTS,
    OUTCOME_KINDS,
    OUTCOMES,
    PROCEEDINGS,
)
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

#: Columns of "proceedings by form and finding": the rank of the most
#: serious current finding of the proceeding (or none yet), and its heading.
FINDING_COLUMNS: tuple[tuple[int, str], ...] = tuple(
    (rank, label) for _, rank, label in FINDINGS
)


def proceedings_by_form_and_finding(scope: DashboardScope) -> Table:
    """Meetings, hearings and accelerated hearings held in the period, by
    their most serious finding (one row per proceeding, not per
    allegation)."""
    held = {"held_after": scope.period_start, "held_before": scope.period_end}
    by_form = PROCEEDINGS.field("proceedings_form")
    counted = (
        scope.rows(PROCEEDINGS, **held)
        .annotate(level=F(FINDING_RANK))
        .values(by_form, "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    found = {(row[by_form], row["level"]): row["n"] for row in counted}

    def cell(count: int, **values: str) -> Cell:
        return Cell(count, scope.drill_rows(PROCEEDINGS, **held, **values))

    rows = []
    for form in ProceedingsForm:
        counts = [found.get((form.value, rank), 0) for _, rank, _ in FINDINGS]
        cells = [
            *(
                cell(count, proceedings_form=form.value, finding=finding)
                for count, (finding, _, _) in zip(counts, FINDINGS, strict=True)
            ),
            cell(sum(counts), proceedings_form=form.value),
        ]
        rows.append(Row(str(form.label), tuple(cells), key=form.value))
    totals = [
        cell(
            sum(found.get((form.value, rank), 0) for form in ProceedingsForm),
            finding=finding,
        )
        for finding, rank, _ in FINDINGS
    ]
    totals.append(cell(sum(found.values())))
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
    decided = {
        "outcome_decided_after": scope.period_start,
        "outcome_decided_before": scope.period_end,
    }
    by_kind = OUTCOMES.field("outcome")
    counts = {
        row[by_kind]: row["n"]
        for row in scope.rows(OUTCOMES, **decided)
        .values(by_kind)
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = [
        Row(
            str(OutcomeKind(kind).label),
            (
                Cell(
                    counts.get(kind, 0),
                    scope.drill_rows(OUTCOMES, **decided, outcome=kind),
                ),
            ),
            key=kind,
        )
        for kind in OUTCOME_KINDS
    ]
    rows.append(
        Row(
            "All outcomes",
            (Cell(sum(counts.values()), scope.drill_rows(OUTCOMES, **decided)),),
            key="total",
        )
    )
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


#: The columns of the list reports table, as ``list_report_state`` names them.
LIST_REPORT_COLUMNS = ("made", "sent", "on_time")


def list_reports_summary(scope: DashboardScope) -> Table:
    """Barred and advisory list reports whose event fell in the period, by
    kind: how many, how many sent, and how many sent within their 5 working
    days (BL Regs 2017 r3(1), r12(1))."""
    event = {
        "list_report_event_after": scope.period_start,
        "list_report_event_before": scope.period_end,
    }
    by_kind, today = LIST_REPORTS.field("list_report"), scope.today
    counted = {
        row[by_kind]: row
        for row in scope.rows(LIST_REPORTS, **event)
        .values(by_kind)
        .annotate(
            **{
                state: Count(
                    "id", filter=LIST_REPORTS.where(today, list_report_state=state)
                )
                for state in LIST_REPORT_COLUMNS
            },
            timed=Count(
                "id", filter=Q(status=ListReport.Status.SENT, due_on__isnull=False)
            ),
        )
        .order_by()
    }
    rows = []
    for kind in ListReport.Kind:
        row = counted.get(kind.value, {})
        rows.append(
            Row(
                str(kind.label),
                tuple(
                    Cell(
                        row.get(state, 0),
                        scope.drill_rows(
                            LIST_REPORTS,
                            **event,
                            list_report=kind.value,
                            list_report_state=state,
                        ),
                    )
                    for state in LIST_REPORT_COLUMNS
                ),
                key=kind.value,
            )
        )
    totals = {
        state: sum(row[state] for row in counted.values())
        for state in (*LIST_REPORT_COLUMNS, "timed")
    }
    rows.append(
        Row(
            "All reports",
            tuple(
                Cell(
                    totals[state],
                    scope.drill_rows(LIST_REPORTS, **event, list_report_state=state),
                )
                for state in LIST_REPORT_COLUMNS
            ),
            key="total",
        )
    )
    on_time, timed = totals["on_time"], totals["timed"]
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


def appeal_columns(scope: DashboardScope) -> dict[str, dict[str, Any]]:
    """The columns of the appeals table, each the appeals it counts as
    ``APPEALS`` selects them: lodged in the period, and decided in it
    with each result (a withdrawal is dated as a decision)."""
    decided = {
        "appeal_decided_after": scope.period_start,
        "appeal_decided_before": scope.period_end,
    }
    return {
        "lodged": {
            "appeal_lodged_after": scope.period_start,
            "appeal_lodged_before": scope.period_end,
        },
        **{
            status.value: {**decided, "appeal_status": status.value}
            for status in APPEAL_RESULTS
        },
    }


def appeals_summary(scope: DashboardScope) -> Table:
    """Appeals lodged in the period and appeals decided in it, by kind."""
    columns = appeal_columns(scope)
    by_kind = APPEALS.field("appeal")
    counted: dict[str, dict[str, Any]] = {
        row[by_kind]: dict(row)
        for row in scope.rows(APPEALS)
        .values(by_kind)
        .annotate(
            **{
                column: Count("id", filter=APPEALS.where(scope.today, **values))
                for column, values in columns.items()
            }
        )
        .order_by()
    }
    rows = []
    for kind in Appeal.Kind:
        found = counted.get(kind.value, {})
        rows.append(
            Row(
                str(kind.label),
                tuple(
                    Cell(
                        found.get(column, 0),
                        scope.drill_rows(APPEALS, **values, appeal=kind.value),
                    )
                    for column, values in columns.items()
                ),
                key=kind.value,
            )
        )
    rows.append(
        Row(
            "All appeals",
            tuple(
                Cell(
                    sum(row.get(column, 0) for row in counted.values()),
                    scope.drill_rows(APPEALS, **values),
                )
                for column, values in columns.items()
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
