"""The non-working days the calendar functions need, read once per call."""

from __future__ import annotations

import datetime as dt

from conduct.models import NonWorkingDay

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
