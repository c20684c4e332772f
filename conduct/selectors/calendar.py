"""The non-working days the calendar functions need, read once per call."""

from __future__ import annotations

import datetime as dt

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
