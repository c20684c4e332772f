"""The annual return, in the shape of the Home Office's "Police misconduct,
England and Wales" statistics: individuals whose misconduct proceedings
were finalised in the year to 31 March, 2020-regime cases only, by route,
proceedings and finding, disciplinary action, breach of the Standards,
appeals and timeliness (domain.md section 7.1).

"Finalised" here is the outcome of the proceedings (not an appeal's
replacement) decided in the year; the action shown is the one in force now,
so an appeal that replaced it counts as its replacement. Each table is one
PostgreSQL aggregate over the same individuals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from conduct.models import PersonRole, Standard
from hearings.models import Appeal, FindingResult, Outcome, OutcomeKind
from hearings.rules import by_severity
from hearings.selectors.dashboard import FINDING_COLUMNS
from hearings.selectors.row_filters import most_serious_finding_rank
from referrals.models import Allegation, Case, ProceedingsForm, Subject
from referrals.selectors.dashboard import (
    TIMELINESS_COLUMNS,
    Cell,
    DashboardScope,
    Row,
    Table,
    timeliness_row,
)

PROVEN = (FindingResult.PROVEN_GROSS_MISCONDUCT, FindingResult.PROVEN_MISCONDUCT)
#: Who the return counts: police officers and special constables (police
#: staff are not within the Conduct Regulations, so never reach proceedings).
ROLE_COLUMNS = (
    (PersonRole.Kind.POLICE_OFFICER, "Police officers"),
    (PersonRole.Kind.SPECIAL_CONSTABLE, "Special constables"),
)


@dataclass(frozen=True)
class AnnualReturn:
    individuals: int
    tables: list[Table]


def finalised_outcomes(scope: DashboardScope) -> QuerySet[Outcome]:
    """The outcomes of proceedings (not of appeals) decided in the period
    for the subjects in scope: one per individual finalised."""
    return Outcome.objects.filter(
        subject__in=scope.subjects,
        appeal__isnull=True,
        proceeding__isnull=False,
        decided_on__gte=scope.period_start,
        decided_on__lte=scope.period_end,
    )


def _by_route(subjects: QuerySet[Subject]) -> Table:
    counted = {
        (row["case__trigger"], row["role__kind"]): row["n"]
        for row in subjects.values("case__trigger", "role__kind")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = []
    for trigger in Case.Trigger:
        counts = [counted.get((trigger.value, kind), 0) for kind, _ in ROLE_COLUMNS]
        cells = (*(Cell(count) for count in counts), Cell(sum(counts)))
        rows.append(Row(str(trigger.label), cells, key=trigger.value))
    totals = [
        sum(counted.get((trigger.value, kind), 0) for trigger in Case.Trigger)
        for kind, _ in ROLE_COLUMNS
    ]
    rows.append(
        Row(
            "All routes",
            (*(Cell(total) for total in totals), Cell(sum(totals))),
            key="total",
        )
    )
    return Table(
        key="return_route",
        caption="Individuals by route",
        columns=("Route", *(label for _, label in ROLE_COLUMNS), "All"),
        rows=tuple(rows),
    )


#: The most serious finding, as the dashboard ranks it (no "no findings yet":
#: an outcome follows findings).
LEVELS = tuple((rank, label) for rank, label in FINDING_COLUMNS if rank)


def _by_proceedings(outcomes: QuerySet[Outcome]) -> Table:
    counted = {
        (row["proceeding__form"], row["level"]): row["n"]
        for row in outcomes.annotate(level=most_serious_finding_rank("proceeding_id"))
        .values("proceeding__form", "level")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = []
    for form in ProceedingsForm:
        counts = [counted.get((form.value, value), 0) for value, _ in LEVELS]
        cells = (*(Cell(count) for count in counts), Cell(sum(counts)))
        rows.append(Row(str(form.label), cells, key=form.value))
    return Table(
        key="return_proceedings",
        caption="Individuals by type of proceedings and finding",
        columns=("Proceedings", *(label for _, label in LEVELS), "All"),
        rows=tuple(rows),
        note="The most serious finding on any allegation.",
    )


def _by_action(subjects: QuerySet[Subject]) -> Table:
    counted = {
        row["kind"]: row["n"]
        for row in Outcome.objects.filter(subject__in=subjects, is_current=True)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = [
        Row(str(OutcomeKind(kind).label), (Cell(counted.get(kind, 0)),), key=kind)
        for kind in by_severity(OutcomeKind.values)
    ]
    return Table(
        key="return_actions",
        caption="Individuals by disciplinary action",
        columns=("Action", "Individuals"),
        rows=tuple(rows),
        note="The outcome in force now: one replaced on appeal counts as its "
        "replacement.",
    )


def _by_breach(outcomes: QuerySet[Outcome]) -> Table:
    proven = Allegation.objects.filter(
        findings__proceeding__in=outcomes.values("proceeding_id"),
        findings__is_current=True,
        findings__result__in=PROVEN,
    )
    counted = {
        row["standards__number"]: row["n"]
        for row in proven.values("standards__number")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    }
    rows = [
        Row(
            f"{standard.number}. {standard.title}",
            (Cell(counted.get(standard.number, 0)),),
            key=str(standard.number),
        )
        for standard in Standard.objects.order_by("number")
    ]
    return Table(
        key="return_breaches",
        caption="Proven allegations by breach of the Standards of Professional "
        "Behaviour",
        columns=("Standard", "Allegations"),
        rows=tuple(rows),
        note="An allegation may breach more than one Standard.",
    )


def _appeals(subjects: QuerySet[Subject]) -> Table:
    counted: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in Appeal.objects.filter(subject__in=subjects)
        .values("kind")
        .annotate(
            lodged=Count("id"),
            allowed=Count("id", filter=Q(status=Appeal.Status.ALLOWED)),
            dismissed=Count("id", filter=Q(status=Appeal.Status.DISMISSED)),
            withdrawn=Count("id", filter=Q(status=Appeal.Status.WITHDRAWN)),
            waiting=Count("id", filter=Q(status=Appeal.Status.LODGED)),
        )
        .order_by()
    }
    columns = ("lodged", "allowed", "dismissed", "withdrawn", "waiting")
    rows = [
        Row(
            str(kind.label),
            tuple(
                Cell(int(counted.get(kind.value, {}).get(column, 0)))
                for column in columns
            ),
            key=kind.value,
        )
        for kind in Appeal.Kind
    ]
    return Table(
        key="return_appeals",
        caption="Appeals by the individuals finalised",
        columns=("Appeal", "Lodged", "Allowed", "Dismissed", "Withdrawn", "Waiting"),
        rows=tuple(rows),
    )


def annual_return(scope: DashboardScope) -> AnnualReturn:
    """The return for ``scope`` (its period the year to 31 March, its cases
    2020-regime ones)."""
    outcomes = finalised_outcomes(scope)
    subjects = Subject.objects.filter(pk__in=outcomes.values("subject_id"))
    timeliness = Table(
        key="return_timeliness",
        caption="Working days from the matter coming to attention to the outcome",
        columns=TIMELINESS_COLUMNS,
        rows=(
            timeliness_row(
                "attention_to_outcome",
                "Came to attention to outcome",
                outcomes.values_list(
                    "subject__case__came_to_attention_on", "decided_on"
                ),
            ),
        ),
    )
    return AnnualReturn(
        individuals=outcomes.count(),
        tables=[
            _by_route(subjects),
            _by_proceedings(outcomes),
            _by_action(subjects),
            _by_breach(outcomes),
            _appeals(subjects),
            timeliness,
        ],
    )
