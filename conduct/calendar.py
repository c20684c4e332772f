"""England & Wales working days and the counting patterns of the regulations.

Pure functions: the set of non-working days is always passed in (from the
NonWorkingDay table, see conduct.selectors.calendar), never read from a hidden
global, so results depend on nothing but their arguments. A working day is any
day other than a Saturday, a Sunday, or a bank or public holiday in England and
Wales (Christmas Day and Good Friday included).

Counting patterns (domain.md section 5):

- P1 "before the end of N working days beginning with the first working day
  after X": day 1 is the first working day after X.
- P2 "before the end of N working days beginning with X": day 1 is X itself when
  X is a working day (otherwise the first working day after it).
- P3 "not less than A and not more than B working days after X": the window
  from the A-th to the B-th working day after X.
- P4 calendar periods: "12 months beginning with the day X", then "6 months
  beginning with the day after the end of the previous period".
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Collection
from enum import StrEnum

SATURDAY = 5


class Pattern(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class CalendarError(ValueError):
    """A count that cannot be computed (e.g. zero or negative working days)."""


def is_working_day(day: dt.date, non_working_days: Collection[dt.date]) -> bool:
    return day.weekday() < SATURDAY and day not in non_working_days


def next_working_day(day: dt.date, non_working_days: Collection[dt.date]) -> dt.date:
    """The first working day strictly after ``day``."""
    candidate = day + dt.timedelta(days=1)
    while not is_working_day(candidate, non_working_days):
        candidate += dt.timedelta(days=1)
    return candidate


def _count_from(
    first: dt.date, working_days: int, non_working_days: Collection[dt.date]
) -> dt.date:
    """The ``working_days``-th working day counting ``first`` (a working day) as 1."""
    day = first
    for _ in range(working_days - 1):
        day = next_working_day(day, non_working_days)
    return day


def _check_count(working_days: int) -> None:
    if working_days < 1:
        raise CalendarError(
            f"A period needs at least 1 working day, not {working_days}."
        )


def due_p1(
    anchor: dt.date, working_days: int, non_working_days: Collection[dt.date]
) -> dt.date:
    """Last day of N working days beginning with the first working day after X."""
    _check_count(working_days)
    return _count_from(
        next_working_day(anchor, non_working_days), working_days, non_working_days
    )


def due_p2(
    anchor: dt.date, working_days: int, non_working_days: Collection[dt.date]
) -> dt.date:
    """Last day of N working days beginning with X (X counts when it is one)."""
    _check_count(working_days)
    first = (
        anchor
        if is_working_day(anchor, non_working_days)
        else next_working_day(anchor, non_working_days)
    )
    return _count_from(first, working_days, non_working_days)


def window_p3(
    anchor: dt.date,
    min_working_days: int,
    max_working_days: int,
    non_working_days: Collection[dt.date],
) -> tuple[dt.date, dt.date]:
    """Earliest and latest dates: not less than A, not more than B WD after X."""
    _check_count(min_working_days)
    if max_working_days < min_working_days:
        raise CalendarError(
            f"The most ({max_working_days}) cannot be fewer than the least "
            f"({min_working_days}) working days."
        )
    return (
        due_p1(anchor, min_working_days, non_working_days),
        due_p1(anchor, max_working_days, non_working_days),
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day if it has none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def period_end_p4(start: dt.date, months: int) -> dt.date:
    """Last day of a period of ``months`` calendar months beginning with ``start``.

    The period ends the day before the corresponding date ``months`` later;
    where that month has no corresponding date (a period beginning on the 31st,
    or on 29 February), it ends on the last day of that month.
    """
    if months < 1:
        raise CalendarError(f"A period needs at least 1 month, not {months}.")
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    if start.day > last:
        return dt.date(year, month, last)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


def periods_p4(
    start: dt.date, first_months: int, then_months: int, count: int
) -> list[tuple[dt.date, dt.date]]:
    """The first ``count`` periods: ``first_months``, then ``then_months`` each,
    each beginning the day after the previous one ends (PCR r19, CMR r13)."""
    periods = []
    begin, months = start, first_months
    for _ in range(count):
        end = period_end_p4(begin, months)
        periods.append((begin, end))
        begin, months = end + dt.timedelta(days=1), then_months
    return periods


def working_days_between(
    start: dt.date, end: dt.date, non_working_days: Collection[dt.date]
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, non_working_days):
            count += 1
    return count


def shift_for_pause(
    due_on: dt.date,
    earliest_on: dt.date | None,
    *,
    paused_on: dt.date,
    resumed_on: dt.date,
    non_working_days: Collection[dt.date],
) -> tuple[int, dt.date, dt.date | None]:
    """A clock stopped on ``paused_on`` and restarted on ``resumed_on``: the
    working days from the pause up to the day before it ended, and its due
    date and first day each moved on by that many working days (the whole
    window moves, PCR r10(3)). ``non_working_days`` must cover the pause and
    the moved dates."""
    paused = working_days_between(
        paused_on - dt.timedelta(days=1),
        resumed_on - dt.timedelta(days=1),
        non_working_days,
    )
    if not paused:
        return 0, due_on, earliest_on
    return (
        paused,
        due_p1(due_on, paused, non_working_days),
        None if earliest_on is None else due_p1(earliest_on, paused, non_working_days),
    )


def previous_working_day(
    day: dt.date, non_working_days: Collection[dt.date]
) -> dt.date:
    """The last working day strictly before ``day``."""
    candidate = day - dt.timedelta(days=1)
    while not is_working_day(candidate, non_working_days):
        candidate -= dt.timedelta(days=1)
    return candidate


def working_days_before(
    day: dt.date, working_days: int, non_working_days: Collection[dt.date]
) -> dt.date:
    """The ``working_days``-th working day before ``day`` (the inverse of P1)."""
    _check_count(working_days)
    candidate = day
    for _ in range(working_days):
        candidate = previous_working_day(candidate, non_working_days)
    return candidate
