"""The managers' dashboard: what it counts over (the cases a user may see,
narrowed by the same filters as the case list, and a period) and the
figures about cases, investigations, referrals and clocks.

Every figure is an aggregate computed in PostgreSQL, one query per table
whatever the number of cases. Tables are ``Table`` rows of ``Cell`` counts;
every count carries the case list's query (its drill-down), so the count on
the list equals the figure: the cases themselves, or for a figure that
counts clocks, subjects or reports, the cases that have them with the rows
counted beside them (referrals.row_filters: the figure and the list's
filter are one definition, ``DashboardScope.rows`` and ``drill_rows``).

Stock figures (open cases, open investigations, suspensions, pauses) are
"as of now"; flow figures (referrals, clocks, and in hearings the
proceedings, outcomes, reports and appeals) count what happened in the
period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from conduct.calendar import add_months
from conduct.formats import govuk_date
from conduct.models import IOPC_ROLES, Force, User
from conduct.regimes import Regime
from conduct.selectors.calendar import working_day_spans
from referrals.filters import CaseFilterSet
from referrals.models import (
    Case,
    Determination,
    InvestigationMode,
    InvestigationReport,
    IOPCReferral,
    ReferralFactor,
    Subject,
    SubJudicePeriod,
    Suspension,
)
from referrals.models import Investigation as InvestigationModel
from referrals.permissions import visible_case_ids, visible_subjects_of
from referrals.row_filters import RowFilter
from referrals.selectors.row_filters import CLOCKS, PROGRESS_REPORTS, SUSPENSIONS
from referrals.stages import STAGES, case_stage_rank

#: The case-list filters the dashboard narrows by (the list accepts more).
CASE_FILTERS = ("force", "regime", "trigger", "mode")
PERIOD_START, PERIOD_END = "period_start", "period_end"
#: Without a period: the twelve months to today.
DEFAULT_PERIOD_MONTHS = 12

NOT_A_DATE = "Enter the date as YYYY-MM-DD, for example 2024-03-31."
START_AFTER_END = "The start of the period must be on or before its end."
END_IN_FUTURE = "The end of the period cannot be in the future."
FORCE_NOT_YOURS = (
    "You can see the figures of {forces} only: choose one of them, or none for all."
)


@dataclass(frozen=True)
class Cell:
    #: A count, or a figure that may not exist (a median of nothing: None).
    value: int | None
    #: The case list's query string showing exactly these cases, if it can.
    query: str | None = None


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    key: str = ""


@dataclass(frozen=True)
class Table:
    """One figure as a table: a caption, column headings (the first names
    the row labels) and rows of counts."""

    key: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str = ""
    #: How the page draws it beside the table: "" (no chart), "bar" or
    #: "stacked" (one bar per row, the columns stacked), and how many last
    #: columns (totals) the chart leaves out.
    chart: str = ""
    chart_skip_last: int = 0


@dataclass(frozen=True)
class DashboardScope:
    """What the figures count over."""

    user: User
    today: dt.date
    period_start: dt.date
    period_end: dt.date
    #: The case filters in use, as the case list takes them.
    filters: QueryDict
    #: The one force chosen, or None for every force the user may see.
    force: Force | None
    cases: QuerySet[Case]
    #: The ids of ``cases``, as a query: what the figures count over
    #: (``case__in=scope.case_ids``). Without a case filter besides the
    #: force they are read without the case table (``visible_case_ids``).
    case_ids: QuerySet[Any]
    #: The subjects the figures about people count: those of ``cases``, and
    #: with a force chosen only those it is the appropriate authority for
    #: (a transferred subject counts for its new force).
    subjects: QuerySet[Subject]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def drill(self, **values: str) -> str:
        """The case list's query for these cases: the dashboard's filters
        plus ``values``."""
        # A dict, not QueryDict.copy() (a deep copy): the page makes hundreds.
        return urlencode({**self.filters.dict(), **values})

    def rows(self, row_filter: RowFilter, **values: Any) -> QuerySet[Any]:
        """The rows of ``row_filter`` a figure counts: those of the cases in
        scope matching ``values``, counted for the force chosen (a subject's
        rows for its appropriate authority)."""
        return row_filter.matching(
            case_ids=self.case_ids, force=self.force, today=self.today, **values
        )

    def drill_rows(self, row_filter: RowFilter, **values: Any) -> str:
        """The case list's query for the rows ``rows(row_filter, **values)``
        counts: the cases that have one, the rows counted beside them."""
        return self.drill(**row_filter.query(**values))

    @property
    def period_label(self) -> str:
        return f"{govuk_date(self.period_start)} to {govuk_date(self.period_end)}"


def forces_for(user: User) -> QuerySet[Force]:
    """The forces whose figures ``user`` may choose: their own (PSD and
    managers) or every force (IOPC staff, who see referred cases of all)."""
    if user.role in IOPC_ROLES:
        return Force.objects.order_by("name")
    return Force.objects.filter(memberships__user=user).order_by("name").distinct()


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values of the dashboard's filters that do not depend on the
    user (value, label)."""
    return {
        "regime": [(regime.value, f"{regime.value} rules") for regime in Regime],
        "trigger": [(value, str(label)) for value, label in Case.Trigger.choices],
        "mode": [(value, str(label)) for value, label in InvestigationMode.choices],
    }


def filter_options(user: User) -> dict[str, list[tuple[str, str]]]:
    """The values each case filter of the dashboard offers ``user``."""
    return {
        "force": [(force.code, force.name) for force in forces_for(user)],
        **filter_choices(),
    }


def _date(params: Mapping[str, Any], name: str) -> dt.date | None:
    raw = str(params.get(name, "") or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [NOT_A_DATE]}) from None


def _period(params: Mapping[str, Any], today: dt.date) -> tuple[dt.date, dt.date]:
    errors: dict[str, list[str]] = {}
    start = end = None
    for name in (PERIOD_START, PERIOD_END):
        try:
            value = _date(params, name)
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        if name == PERIOD_START:
            start = value
        else:
            end = value
    if end is not None and end > today:
        errors.setdefault(PERIOD_END, []).append(END_IN_FUTURE)
    if errors:
        raise ValidationError(errors)
    end = end or today
    start = start or add_months(end, -DEFAULT_PERIOD_MONTHS) + dt.timedelta(days=1)
    if start > end:
        raise ValidationError({PERIOD_START: [START_AFTER_END]})
    return start, end


def dashboard_scope(*, user: User, params: Mapping[str, Any]) -> DashboardScope:
    """The cases and subjects the figures count over for ``user``, narrowed
    by ``params`` (the dashboard's query string or the API's). A value the
    filters refuse raises ``ValidationError`` per parameter: the figures are
    never shown unfiltered in place of what was asked."""
    today = timezone.localdate()
    filters = QueryDict(mutable=True)
    for name in CASE_FILTERS:
        value = str(params.get(name, "") or "").strip()
        if value:
            filters[name] = value
    errors: dict[str, list[str]] = {}
    filterset = CaseFilterSet(data=filters, queryset=Case.objects.order_by(), user=user)
    if not filterset.is_valid():
        errors.update({k: list(v) for k, v in filterset.errors.items()})
    force: Force | None = None
    if "force" not in errors and filters.get("force"):
        force = filterset.form.cleaned_data["force"]
        allowed = forces_for(user)
        if force is not None and not allowed.filter(pk=force.pk).exists():
            names = ", ".join(f.name for f in allowed) or "no force"
            errors["force"] = [FORCE_NOT_YOURS.format(forces=names)]
    try:
        start, end = _period(params, today)
    except ValidationError as error:
        errors.update(error.message_dict)
        start, end = today, today
    if errors:
        raise ValidationError(errors)
    cases: QuerySet[Case] = filterset.qs
    subjects: QuerySet[Subject]
    if any(filters.get(name) for name in CASE_FILTERS if name != "force"):
        # The cases themselves decide.
        case_ids = cases.order_by().values("pk")
        subjects = Subject.objects.filter(case__in=case_ids)
        if force is not None:
            subjects = subjects.filter(appropriate_authority=force)
    else:
        case_ids = visible_case_ids(user, forces=[force.pk] if force else None)
        if force is None:
            subjects = Subject.objects.filter(case__in=case_ids)
        else:
            subjects = visible_subjects_of(user, force.pk)
    return DashboardScope(
        user=user,
        today=today,
        period_start=start,
        period_end=end,
        filters=filters,
        force=force,
        cases=cases,
        case_ids=case_ids,
        subjects=subjects,
    )


# ------------------------------------------------------------------ figures


NOT_REFERRED, AWAITING = "none", "awaiting"
#: The columns of "open cases by stage and mode": the IOPC's mode, or where
#: the case stands short of one.
MODE_COLUMNS: tuple[tuple[str, str], ...] = (
    (NOT_REFERRED, "Not referred"),
    (AWAITING, "Awaiting the IOPC"),
    *((mode.value, str(mode.label)) for mode in InvestigationMode),
)


def _mode_key(referred: bool, mode: str) -> str:
    if not referred:
        return NOT_REFERRED
    return mode or AWAITING


def open_cases_by_stage_and_mode(scope: DashboardScope) -> Table:
    """Open cases by the stage of their least advanced subject (rows) and
    the IOPC's mode of investigation (columns), with totals."""
    counted = (
        scope.cases.filter(status=Case.Status.OPEN)
        .annotate(
            stage_rank=case_stage_rank(),
            referred=Exists(IOPCReferral.objects.filter(case_id=OuterRef("pk"))),
        )
        .values("stage_rank", "referred", "referral__mode")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[tuple[int, str], int] = {}
    for row in counted:
        key = (row["stage_rank"], _mode_key(row["referred"], row["referral__mode"]))
        found[key] = found.get(key, 0) + row["n"]
    rows = []
    for rank, stage in enumerate(STAGES):
        cells = [
            Cell(
                found.get((rank, mode), 0),
                _drill_mode(scope, mode, status="open", case_stage=stage.key),
            )
            for mode, _ in MODE_COLUMNS
        ]
        total = sum(found.get((rank, mode), 0) for mode, _ in MODE_COLUMNS)
        cells.append(Cell(total, scope.drill(status="open", case_stage=stage.key)))
        rows.append(Row(stage.label, tuple(cells), key=stage.key))
    totals = [
        Cell(
            sum(found.get((rank, mode), 0) for rank in range(len(STAGES))),
            _drill_mode(scope, mode, status="open"),
        )
        for mode, _ in MODE_COLUMNS
    ]
    totals.append(Cell(sum(found.values()), scope.drill(status="open")))
    rows.append(Row("All open cases", tuple(totals), key="total"))
    return Table(
        key="open_cases",
        caption="Open cases by stage and mode of investigation",
        columns=("Stage", *(label for _, label in MODE_COLUMNS), "All"),
        rows=tuple(rows),
        note="A case is at the stage of its least advanced subject.",
        chart="stacked",
        chart_skip_last=1,
    )


def _drill_mode(scope: DashboardScope, mode: str, **values: str) -> str | None:
    if scope.filters.get("mode") and scope.filters["mode"] != mode:
        return None  # the cell is empty by the filter: nothing to show
    if mode in (NOT_REFERRED, AWAITING):
        query = scope.filters.dict()
        query.pop("mode", None)
        return urlencode({**query, "referral": mode, **values})
    return scope.drill(mode=mode, **values)


AGEING_BANDS: tuple[tuple[str, str], ...] = (
    ("under_6", "Under 6 months"),
    ("6_to_12", "6 to 12 months"),
    ("over_12", "Over 12 months"),
)


def investigation_ageing(scope: DashboardScope) -> Table:
    """Open investigations by how long ago the matter came to attention:
    under 6 months, 6 to 12, over 12 (PCR r19's progress report point)."""
    six = add_months(scope.today, -6)
    twelve = add_months(scope.today, -12)
    investigations = InvestigationModel.objects.filter(
        case__in=scope.case_ids, status=InvestigationModel.Status.OPEN
    )
    counts = investigations.aggregate(
        under_6=Count("id", filter=Q(case__came_to_attention_on__gt=six)),
        six_to_12=Count(
            "id",
            filter=Q(
                case__came_to_attention_on__lte=six,
                case__came_to_attention_on__gt=twelve,
            ),
        ),
        over_12=Count("id", filter=Q(case__came_to_attention_on__lte=twelve)),
    )
    values = (counts["under_6"], counts["six_to_12"], counts["over_12"])
    day = dt.timedelta(days=1)
    bands = (
        {"came_to_attention_after": (six + day).isoformat()},
        {
            "came_to_attention_after": (twelve + day).isoformat(),
            "came_to_attention_before": six.isoformat(),
        },
        {"came_to_attention_before": twelve.isoformat()},
    )
    rows = tuple(
        Row(label, (Cell(value, scope.drill(investigation="open", **band)),), key=key)
        for (key, label), value, band in zip(AGEING_BANDS, values, bands, strict=True)
    )
    total = Row(
        "All open investigations",
        (Cell(sum(values), scope.drill(investigation="open")),),
        key="total",
    )
    return Table(
        key="investigation_ageing",
        caption="Open investigations by time since the matter came to attention",
        columns=("Age", "Investigations"),
        rows=(*rows, total),
        chart="bar",
    )


def referrals_by_factor(scope: DashboardScope) -> Table:
    """Referrals to the IOPC made in the period, by factor (a referral may
    have several), with the share for abuse of position for a sexual
    purpose (APSP)."""
    referrals = IOPCReferral.objects.filter(
        case__in=scope.case_ids,
        referred_on__gte=scope.period_start,
        referred_on__lte=scope.period_end,
    )
    counts = referrals.aggregate(
        total=Count("id"),
        **{
            factor.value: Count("id", filter=Q(factors__contains=[factor.value]))
            for factor in ReferralFactor
        },
    )
    period = {
        "referred_after": scope.period_start.isoformat(),
        "referred_before": scope.period_end.isoformat(),
    }
    rows = [
        Row(
            str(factor.label),
            (
                Cell(
                    counts[factor.value],
                    scope.drill(factor=factor.value, **period),
                ),
            ),
            key=factor.value,
        )
        for factor in ReferralFactor
    ]
    rows.append(
        Row("All referrals", (Cell(counts["total"], scope.drill(**period)),), "total")
    )
    share = _share(counts[ReferralFactor.APSP.value], counts["total"])
    return Table(
        key="referrals_by_factor",
        caption="Referrals to the IOPC by factor",
        columns=("Factor", "Referrals"),
        rows=tuple(rows),
        note=f"Abuse of position for a sexual purpose: {share} of referrals. "
        "A referral may have more than one factor.",
        chart="bar",
    )


def _share(part: int, whole: int) -> str:
    if not whole:
        return "none"
    return f"{round(100 * part / whole)}%"


def iopc_mode_split(scope: DashboardScope) -> Table:
    """The IOPC's decisions on the period's referrals: the mode, or still
    awaiting a decision."""
    counts = {
        row["mode"]: row["n"]
        for row in IOPCReferral.objects.filter(
            case__in=scope.case_ids,
            referred_on__gte=scope.period_start,
            referred_on__lte=scope.period_end,
        )
        .values("mode")
        .annotate(n=Count("id"))
        .order_by()
    }
    period = {
        "referred_after": scope.period_start.isoformat(),
        "referred_before": scope.period_end.isoformat(),
    }
    rows = [
        Row(
            label,
            (
                Cell(
                    counts.get("" if key == AWAITING else key, 0),
                    _drill_mode(scope, key, **period),
                ),
            ),
            key=key,
        )
        for key, label in MODE_COLUMNS
        if key != NOT_REFERRED
    ]
    return Table(
        key="iopc_modes",
        caption="The IOPC's mode of investigation for the period's referrals",
        columns=("Mode", "Referrals"),
        rows=tuple(rows),
        chart="bar",
    )


#: The rows of the progress reports table: its label, and the reports it
#: counts as ``PROGRESS_REPORTS`` selects them (the period added to "sent").
PROGRESS_ROWS: tuple[tuple[str, str], ...] = (
    ("due", "Due, not yet sent"),
    ("late", "Late, not yet sent"),
    ("sent", "Sent in the period"),
)


def progress_reports(scope: DashboardScope) -> Table:
    """Investigation progress reports (PCR r19, CMR r13) not yet sent: due
    (not yet late) and late; and those sent in the period."""
    sent_in_period = {
        "progress_report_sent_after": scope.period_start,
        "progress_report_sent_before": scope.period_end,
    }
    selected = {
        key: {"progress_report": key, **(sent_in_period if key == "sent" else {})}
        for key, _ in PROGRESS_ROWS
    }
    counts = scope.rows(PROGRESS_REPORTS).aggregate(
        **{
            key: Count("id", filter=PROGRESS_REPORTS.where(scope.today, **values))
            for key, values in selected.items()
        }
    )
    return Table(
        key="progress_reports",
        caption="Investigation progress reports",
        columns=("Reports", "Number"),
        rows=tuple(
            Row(
                label,
                (
                    Cell(
                        counts[key],
                        scope.drill_rows(PROGRESS_REPORTS, **selected[key]),
                    ),
                ),
                key,
            )
            for key, label in PROGRESS_ROWS
        ),
    )


#: How a closed clock ended, and the running ones (deadlines table columns).
CLOCK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("met", "Met on time"),
    ("met_late", "Met late"),
    ("missed", "Missed"),
    ("running", "Running"),
    ("extended", "Of these, extended"),
)


def deadlines_by_rule(scope: DashboardScope) -> Table:
    """The clocks due in the period, by rule: met on time, met late (after
    their due date, extensions and pauses counted), missed (past due and not
    met), still running (or paused), and of all these how many were extended
    at least once; and every rule together. One query. A rule is its code
    (the same in each regime), so that its row is what ``clock_rule``
    lists."""
    period = {
        "clock_due_after": scope.period_start,
        "clock_due_before": scope.period_end,
    }
    by_rule = CLOCKS.field("clock_rule")
    found = list(
        scope.rows(CLOCKS, **period)
        .values(by_rule)
        .annotate(
            title=Min("rule__title"),
            **{
                key: Count("id", filter=CLOCKS.where(scope.today, clock=key))
                for key, _ in CLOCK_COLUMNS
            },
        )
        .order_by("title", by_rule)
    )
    rows = [
        Row(
            row["title"],
            tuple(
                Cell(
                    row[key],
                    scope.drill_rows(
                        CLOCKS, **period, clock_rule=row[by_rule], clock=key
                    ),
                )
                for key, _ in CLOCK_COLUMNS
            ),
            key=row[by_rule],
        )
        for row in found
    ]
    totals = tuple(
        Cell(
            sum(row[key] for row in found),
            scope.drill_rows(CLOCKS, **period, clock=key),
        )
        for key, _ in CLOCK_COLUMNS
    )
    rows.append(Row("All clocks", totals, key="total"))
    return Table(
        key="deadlines",
        caption="Statutory clocks due in the period, by rule",
        columns=("Rule", *(label for _, label in CLOCK_COLUMNS)),
        rows=tuple(rows),
        note="Missed: past its due date and not met. Running includes clocks "
        "paused for criminal proceedings. Extended: at least once, whatever "
        "happened after.",
    )


def people_now(scope: DashboardScope) -> Table:
    """As of today: subjects suspended or on restricted duties, and cases
    paused for criminal proceedings (PCR r10(3))."""
    kinds = {
        "suspended": Suspension.Kind.SUSPENSION,
        "restricted": Suspension.Kind.RESTRICTED_DUTIES,
    }
    counts = scope.rows(SUSPENSIONS).aggregate(
        **{
            key: Count(
                SUSPENSIONS.counted,
                filter=SUSPENSIONS.where(scope.today, suspension=kind),
                distinct=True,
            )
            for key, kind in kinds.items()
        }
    )
    people = {
        key: Cell(counts[key], scope.drill_rows(SUSPENSIONS, suspension=kind))
        for key, kind in kinds.items()
    }
    paused = (
        SubJudicePeriod.objects.filter(
            case__in=scope.case_ids, started_on__lte=scope.today, ended_on__isnull=True
        )
        .values("case")
        .distinct()
        .count()
    )
    return Table(
        key="now",
        caption="Suspensions and pauses today",
        columns=("", "Number"),
        rows=(
            Row("Subjects suspended", (people["suspended"],), "suspended"),
            Row("Subjects on restricted duties", (people["restricted"],), "restricted"),
            Row(
                "Cases paused for criminal proceedings",
                (Cell(paused, scope.drill(paused="true")),),
                "paused",
            ),
        ),
    )


def _whole(days: float | None) -> int | None:
    return None if days is None else round(days)


def timeliness_row(key: str, label: str, pairs: QuerySet[Any]) -> Row:
    """A row of the timeliness table: how many intervals ``pairs`` gives,
    and their median and 90th percentile in whole working days."""
    spans = working_day_spans(pairs)
    return Row(
        label,
        (Cell(spans.count), Cell(_whole(spans.median)), Cell(_whole(spans.p90))),
        key=key,
    )


TIMELINESS_COLUMNS = ("Interval", "Number", "Median", "90th percentile")


def timeliness_rows(scope: DashboardScope) -> list[Row]:
    """Working days from the matter coming to attention to the
    investigation's report (reports submitted in the period), and from the
    report to the case-to-answer decision (decisions in the period)."""
    reports = InvestigationReport.objects.filter(
        investigation__case__in=scope.case_ids,
        submitted_on__gte=scope.period_start,
        submitted_on__lte=scope.period_end,
    ).values_list("investigation__case__came_to_attention_on", "submitted_on")
    decisions = Determination.objects.filter(
        subject__in=scope.subjects,
        decided_on__gte=scope.period_start,
        decided_on__lte=scope.period_end,
    ).values_list("subject__case__investigation__report__submitted_on", "decided_on")
    return [
        timeliness_row("attention_to_report", "Came to attention to report", reports),
        timeliness_row(
            "report_to_decision", "Report to case to answer decision", decisions
        ),
    ]


def referrals_tables(scope: DashboardScope) -> list[Table]:
    """The figures this app knows, in the order the page shows them."""
    return [
        open_cases_by_stage_and_mode(scope),
        investigation_ageing(scope),
        referrals_by_factor(scope),
        iopc_mode_split(scope),
        progress_reports(scope),
        deadlines_by_rule(scope),
        people_now(scope),
    ]
