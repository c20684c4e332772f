"""The non-working days the calendar functions need, read once per call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from conduct.deadlines import (
    DueDateAnswer,
    DueDateQuestion,
    calculate_due_date,
    calendar_needed,
    check_rule_question,
    rule_for_pattern,
)
from conduct.models import DeadlineRule, NonWorkingDay

#: Every count in the regulations is short: a year covers the longest (and P4
#: periods need no working days at all).
LOOKAHEAD = dt.timedelta(days=400)


def non_working_days_between(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    return frozenset(
        NonWorkingDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", flat=True
        )
    )


def non_working_days_from(anchor: dt.date) -> frozenset[dt.date]:
    """Non-working days from ``anchor`` far enough ahead for any statutory count."""
    return non_working_days_between(anchor, anchor + LOOKAHEAD)


def non_working_days_named_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Each non-working day from ``start`` to ``end`` (inclusive) with its name."""
    return dict(
        NonWorkingDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "name"
        )
    )


def non_working_day_list(
    *, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[NonWorkingDay]:
    days = NonWorkingDay.objects.all()
    if start is not None:
        days = days.filter(date__gte=start)
    if end is not None:
        days = days.filter(date__lte=end)
    return days


def deadline_rule_list(*, regime: str = "") -> QuerySet[DeadlineRule]:
    """Every deadline rule (active or not), optionally of one regime."""
    rules = DeadlineRule.objects.all()
    return rules.filter(regime=regime) if regime else rules


def due_date_answer(question: DueDateQuestion) -> DueDateAnswer:
    """Answer the calculator's question with the same engine as the case
    clocks, reading the rule and the non-working days it needs.

    Raises CalculationError naming the fields at fault.
    """
    if question.rule_code:
        rule = DeadlineRule.objects.filter(
            regime=question.regime, code=question.rule_code
        ).first()
        check_rule_question(question, rule)
        assert rule is not None
        is_stored = True
    else:
        rule, is_stored = rule_for_pattern(question), False
    first, last = calendar_needed(rule, question.anchor)
    return calculate_due_date(
        rule,
        question.anchor,
        non_working_days_named_between(first, last),
        period=question.period or 1,
        is_stored=is_stored,
    )


def deadline_rule_choices(*, regime: str = "2020") -> list[tuple[str, str]]:
    """(code, label) of every rule of ``regime``, for a select."""
    return [
        (code, f"{title} ({source})" if active else f"{title} ({source}, switched off)")
        for code, title, source, active in deadline_rule_list(regime=regime)
        .order_by("title")
        .values_list("code", "title", "source", "is_active")
    ]


@dataclass(frozen=True)
class WorkingDaySpans:
    """How many intervals, and their median and 90th percentile length in
    working days (None without any)."""

    count: int
    median: float | None
    p90: float | None


#: The working days between two dates, for many pairs in one statement: the
#: calendar from the earliest start to the latest end is numbered by working
#: day (weekends and the NonWorkingDay table skipped), so an interval's
#: length is the difference of its ends' numbers: the working days after the
#: start up to and including the end, as the clocks count (P1).
_SPANS_SQL = """
WITH pairs AS (
    SELECT started_on, ended_on
    FROM ({pairs}) AS given (started_on, ended_on)
    WHERE started_on IS NOT NULL AND ended_on >= started_on
),
bounds AS (SELECT min(started_on) AS lo, max(ended_on) AS hi FROM pairs),
numbered AS (
    SELECT day::date AS day,
           count(*) FILTER (
               WHERE extract(isodow FROM day) < 6
                 AND NOT EXISTS (
                     SELECT 1 FROM {holidays} AS h WHERE h.date = day::date
                 )
           ) OVER (ORDER BY day) AS n
    FROM bounds, generate_series(bounds.lo, bounds.hi, interval '1 day') AS day
)
SELECT count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY e.n - s.n),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY e.n - s.n)
FROM pairs
JOIN numbered AS s ON s.day = pairs.started_on
JOIN numbered AS e ON e.day = pairs.ended_on
"""


def working_day_spans(pairs: QuerySet[Any]) -> WorkingDaySpans:
    """The lengths in working days of the intervals ``pairs`` gives (a
    ``values_list`` of two dates: start, end), in one query whatever their
    number. Pairs without a start, or ending before they start, are left
    out."""
    sql, params = pairs.query.sql_with_params()
    statement = _SPANS_SQL.format(
        pairs=sql, holidays=connection.ops.quote_name(NonWorkingDay._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        count, median, p90 = cursor.fetchone()
    return WorkingDaySpans(count=count, median=median, p90=p90)
