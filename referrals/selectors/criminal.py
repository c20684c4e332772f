"""Reads of criminal proceedings and of the sub judice pause (PCR r10(3)).

Hearings and deadline code read the pause from here, never from the tables:
a case is paused exactly while it has an open SubJudicePeriod, and each
period's days run from ``started_on`` up to the day before ``ended_on``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Prefetch, QuerySet

from conduct.calendar import is_working_day
from referrals.models import (
    Case,
    Charge,
    CriminalProceedings,
    SentenceComponent,
    SubJudicePeriod,
)


def proceedings_paused(case: Case) -> bool:
    """Whether misconduct proceedings on ``case`` are paused today."""
    return SubJudicePeriod.objects.filter(case=case, ended_on__isnull=True).exists()


def sub_judice_periods(case: Case) -> list[SubJudicePeriod]:
    """Every pause of the case, oldest first, open one last."""
    return list(SubJudicePeriod.objects.filter(case=case).order_by("started_on", "id"))


def paused_dates(case: Case, *, start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """Calendar dates from ``start`` to ``end`` (inclusive) on which misconduct
    proceedings on ``case`` were paused; an open pause runs to ``end``."""
    dates: set[dt.date] = set()
    for period in sub_judice_periods(case):
        first = max(period.started_on, start)
        last = end if period.ended_on is None else period.ended_on - dt.timedelta(1)
        last = min(last, end)
        day = first
        while day <= last:
            dates.add(day)
            day += dt.timedelta(1)
    return frozenset(dates)


def paused_working_days(
    case: Case,
    *,
    start: dt.date,
    end: dt.date,
    holidays: Collection[dt.date] = (),
) -> int:
    """How many working days (Monday to Friday, not in ``holidays``) between
    ``start`` and ``end`` inclusive fell in a pause, for deadlines that stop
    running while proceedings are paused."""
    return sum(
        1
        for day in paused_dates(case, start=start, end=end)
        if is_working_day(day, holidays)
    )


def criminal_proceedings_for_case(case: Case) -> QuerySet[CriminalProceedings]:
    """The case's criminal proceedings with counts and sentence, in a fixed
    number of queries."""
    return (
        CriminalProceedings.objects.filter(case=case)
        .select_related("subject__person")
        .prefetch_related(
            Prefetch("charges", queryset=Charge.objects.order_by("count_number")),
            Prefetch(
                "sentence",
                queryset=SentenceComponent.objects.select_related(
                    "charge", "concurrent_with"
                ),
            ),
        )
    )
