"""Computing due dates from a deadline rule (pure; see conduct.calendar)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from conduct import calendar
from conduct.models import DeadlineRule


class RuleNotComputable(calendar.CalendarError):
    """The rule lacks what its pattern needs (e.g. an unset period)."""


@dataclass(frozen=True)
class DueDates:
    """``due_on`` is the last day to act; P3 rules also give the window."""

    due_on: dt.date
    earliest_on: dt.date | None = None
    latest_on: dt.date | None = None


def compute_due(
    rule: DeadlineRule,
    anchor: dt.date,
    non_working_days: Collection[dt.date],
    *,
    period: int = 1,
) -> DueDates:
    """Due dates for ``rule`` from its anchor event on ``anchor``.

    ``period`` picks the n-th period of a repeating P4 rule (1 = the first
    12 months, 2 = the 6 months after it, ...).
    """
    problem = rule.computability_problem()
    if problem:
        raise RuleNotComputable(f"{rule.code}: {problem}")
    pattern = rule.pattern
    if pattern == DeadlineRule.Pattern.P1:
        assert rule.working_days is not None
        return DueDates(calendar.due_p1(anchor, rule.working_days, non_working_days))
    if pattern == DeadlineRule.Pattern.P2:
        assert rule.working_days is not None
        return DueDates(calendar.due_p2(anchor, rule.working_days, non_working_days))
    if pattern == DeadlineRule.Pattern.P3:
        assert rule.min_working_days is not None
        assert rule.max_working_days is not None
        earliest, latest = calendar.window_p3(
            anchor, rule.min_working_days, rule.max_working_days, non_working_days
        )
        return DueDates(latest, earliest_on=earliest, latest_on=latest)
    if pattern == DeadlineRule.Pattern.P4:
        assert rule.months is not None
        periods = calendar.periods_p4(
            anchor, rule.months, rule.then_months or rule.months, period
        )
        return DueDates(periods[-1][1])
    assert rule.calendar_days is not None
    return DueDates(anchor + dt.timedelta(days=rule.calendar_days))
