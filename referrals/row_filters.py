"""Case-list filters that choose cases by rows of another table, and count
those rows: how a dashboard figure that counts clocks, subjects,
proceedings, outcomes, reports or appeals (not cases) opens the case list
on the same number.

A ``RowFilter`` is one kind of row (a statutory clock, a suspension, a
proceeding...) with the query parameters that narrow it (``clock_rule``,
``clock``, ``clock_due_after``...). Every parameter of one row filter
constrains the *same* row: ``?clock_rule=notice_response&clock=missed``
lists the cases with a missed notice-response clock, not the cases with a
notice-response clock and, perhaps, another one missed. The case list keeps
a case with at least one matching row (``case_has``) and says how many rows
matched (``matching``, ``count``, ``describe``); the dashboard counts each
figure over the same ``matching`` rows with the same ``where`` and links the
cell with the same values (``query``): the figure and the list are one
definition and cannot drift apart.

Rows about a subject count for the subject's appropriate authority: with a
force chosen, only the rows of subjects it is the appropriate authority for
(a transferred subject counts for its new force), as the dashboard counts
people (referrals.selectors.dashboard.dashboard_scope). Rows about a case
(clocks, progress reports) count for the case.

Each app defines the rows it owns and registers them from its
``AppConfig.ready`` (``referrals.filters.register_row_filter``). A registry,
because referrals cannot import hearings (the import-linter's layers) while
the case list and the API read their filters through referrals' own
selector, which cannot import the shell (conduct.dashboard) either: so
hearings tells the case list about proceedings, outcomes, list reports and
appeals, as it tells referrals what a decision of no proceedings requires
(referrals.services.consequences). Plain data and functions, no signal: what
a filter does is read in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from conduct.models import Force

#: What a row must be for a parameter's value, as of ``today`` (the second
#: argument) for the states that depend on the day.
Condition = Callable[[Any, dt.date], Q]


@dataclass(frozen=True)
class Parameter:
    """One query parameter of a row filter: how the case list (and the API)
    declares and checks its value (``filter``, whose label documents it in
    the API's schema), its label on the case list page, and the condition
    a row meets for a value. ``field`` is the column it compares, for a
    figure that groups the rows by it."""

    name: str
    filter: django_filters.Filter
    label: str
    condition: Condition
    field: str = ""


def compares(lookup: str) -> Condition:
    """Rows whose ``lookup`` (a field, or a field and a lookup) holds for the
    value, whatever the day."""
    return lambda value, today: Q(**{lookup: value})


def equals(
    name: str,
    field: str,
    choices: Sequence[tuple[str, Any]],
    *,
    label: str,
    describes: str,
) -> Parameter:
    """``?name=value``: rows whose ``field`` is ``value``, one of
    ``choices`` (value, label)."""
    return Parameter(
        name=name,
        filter=django_filters.ChoiceFilter(choices=choices, label=describes),
        label=label,
        condition=compares(field),
        field=field,
    )


def one_of(
    name: str,
    states: Mapping[str, tuple[str, Callable[[dt.date], Q]]],
    *,
    label: str,
    describes: str,
) -> Parameter:
    """``?name=state``: rows in ``state``, each state a label and the
    condition it puts on the rows as of a day."""
    return Parameter(
        name=name,
        filter=django_filters.ChoiceFilter(
            choices=[(state, text) for state, (text, _) in states.items()],
            label=describes,
        ),
        label=label,
        condition=lambda value, today: states[value][1](today),
    )


#: The two ends of a period: the parameter's suffix, the lookup, the words.
PERIOD_ENDS = (("after", "gte", "on or after"), ("before", "lte", "on or before"))


def dates(field: str, prefix: str, *, label: str, what: str) -> tuple[Parameter, ...]:
    """``?<prefix>_after=`` and ``?<prefix>_before=``: rows whose ``field``
    falls on or after, on or before a day (inclusive, as the dashboard's
    period is)."""
    return tuple(
        Parameter(
            name=f"{prefix}_{suffix}",
            filter=django_filters.DateFilter(
                label=f"{what} {words} this date (YYYY-MM-DD)."
            ),
            label=f"{label} {words}",
            condition=compares(f"{field}__{lookup}"),
        )
        for suffix, lookup, words in PERIOD_ENDS
    )


def counted_as(singular: str, plural: str) -> Callable[[int, Mapping[str, Any]], str]:
    """``describe`` for rows named the same whatever the values."""
    return lambda count, values: f"{count} {singular if count == 1 else plural}"


def _given(value: Any) -> bool:
    return value is not None and value != ""


@dataclass(frozen=True)
class RowFilter:
    """One kind of row behind dashboard figures, and the case-list
    parameters that narrow it (see the module's docstring)."""

    key: str
    #: The heading of its parameters on the case list page.
    title: str
    parameters: tuple[Parameter, ...]
    #: Every row there is to count as of a day (without cancelled clocks,
    #: replaced outcomes...), with what the conditions compare.
    rows: Callable[[dt.date], QuerySet[Any]]
    #: The path from a row to its case, and to its subject for rows counted
    #: for the subject's appropriate authority ("" for rows about a case).
    case_path: str
    subject_path: str
    #: "14 clocks", "3 subjects suspended": the count with its words.
    describe: Callable[[int, Mapping[str, Any]], str]
    #: What the matched count counts: rows ("pk") or distinct subjects.
    counted: str = "pk"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(parameter.name for parameter in self.parameters)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(f"{self.key} has no parameter {name!r}")

    def field(self, name: str) -> str:
        """The column the parameter ``name`` compares (to group rows by)."""
        field = self.parameter(name).field
        if not field:
            raise KeyError(f"{self.key}: {name!r} compares no one column")
        return field

    def given(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The values among ``values`` for this filter's parameters."""
        return {
            name: values[name]
            for name in self.names
            if name in values and _given(values[name])
        }

    def where(self, today: dt.date, **values: Any) -> Q:
        """What a row must be to match every one of ``values``."""
        condition = Q()
        for name, value in values.items():
            if _given(value):
                condition &= self.parameter(name).condition(value, today)
        return condition

    def _scoped(self, rows: QuerySet[Any], force: Force | None) -> QuerySet[Any]:
        if force is None or not self.subject_path:
            return rows
        return rows.filter(**{f"{self.subject_path}__appropriate_authority": force})

    def matching(
        self,
        *,
        case_ids: QuerySet[Any],
        force: Force | None,
        today: dt.date,
        **values: Any,
    ) -> QuerySet[Any]:
        """The rows of the cases ``case_ids`` (a query of their ids) matching
        ``values``, counted for ``force`` (None: every force) as of ``today``."""
        rows = self.rows(today).filter(**{f"{self.case_path}__in": case_ids})
        return self._scoped(rows, force).filter(self.where(today, **values))

    def case_has(self, *, force: Force | None, today: dt.date, **values: Any) -> Exists:
        """Whether the case has a row matching ``values`` (for a filter on
        cases: ``OuterRef("pk")`` is the case)."""
        rows = self.rows(today).filter(**{self.case_path: OuterRef("pk")})
        return Exists(self._scoped(rows, force).filter(self.where(today, **values)))

    def count(self, rows: QuerySet[Any]) -> int:
        """How many rows (or distinct subjects) ``rows`` holds, in one query."""
        counted = rows.aggregate(n=Count(self.counted, distinct=self.counted != "pk"))
        return int(counted["n"])

    def query(self, **values: Any) -> dict[str, str]:
        """``values`` as the case list's query parameters (dates as
        YYYY-MM-DD); a name this filter does not take is a KeyError."""
        return {
            self.parameter(name).name: (
                value.isoformat() if isinstance(value, dt.date) else str(value)
            )
            for name, value in values.items()
            if _given(value)
        }


def chosen(
    row_filters: Iterable[RowFilter], values: Mapping[str, Any]
) -> list[tuple[RowFilter, dict[str, Any]]]:
    """The row filters among ``row_filters`` that ``values`` (a form's
    cleaned data) gives a value, each with its values."""
    pairs = ((row_filter, row_filter.given(values)) for row_filter in row_filters)
    return [(row_filter, given) for row_filter, given in pairs if given]
