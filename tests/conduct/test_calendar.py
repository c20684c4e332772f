"""Working days in England & Wales and the four counting patterns.

Dates are checked against the regulations' patterns across Christmas, Easter,
the 2022 state funeral and the 2023 coronation, with the table seeded by the
migration (so the tests also check the seed)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from conduct.calendar import (
    CalendarError,
    due_p1,
    due_p2,
    is_working_day,
    next_working_day,
    period_end_p4,
    periods_p4,
    window_p3,
    working_days_between,
)
from conduct.calendar_data import england_and_wales_holidays
from conduct.models import NonWorkingDay
from conduct.selectors.calendar import non_working_days_between

D = dt.date
HOLIDAYS = frozenset(england_and_wales_holidays(2008, 2040))


@pytest.fixture
def seeded(db: None) -> frozenset[dt.date]:
    return non_working_days_between(D(2008, 1, 1), D(2040, 12, 31))


def test_the_migration_seeds_the_one_off_days_and_common_law_holidays(
    seeded: frozenset[dt.date],
) -> None:
    assert D(2022, 9, 19) in seeded  # state funeral of Queen Elizabeth II
    assert D(2023, 5, 8) in seeded  # coronation of King Charles III
    assert D(2022, 6, 3) in seeded  # platinum jubilee
    assert D(2024, 3, 29) in seeded  # Good Friday
    assert D(2023, 12, 25) in seeded  # Christmas Day
    assert D(2022, 12, 27) in seeded  # substitute day for Christmas Day
    assert D(2040, 12, 25) in seeded
    assert all(day.weekday() < 5 for day in seeded)
    assert seeded == HOLIDAYS


def test_the_seed_agrees_with_the_govuk_bank_holiday_list(
    seeded: frozenset[dt.date],
) -> None:
    from govuk_bank_holidays.bank_holidays import BankHolidays

    official = {
        holiday["date"]
        for holiday in BankHolidays(use_cached_holidays=True).get_holidays(
            division=BankHolidays.ENGLAND_AND_WALES
        )
        if holiday["date"].weekday() < 5
    }
    covered = {day for day in official if D(2012, 1, 1) <= day <= D(2027, 12, 31)}
    assert covered
    assert covered == {day for day in seeded if D(2012, 1, 1) <= day <= D(2027, 12, 31)}


def test_reseeding_keeps_an_administrators_day(seeded: frozenset[dt.date]) -> None:
    NonWorkingDay.objects.create(date=D(2041, 6, 3), name="Proclaimed holiday")
    out = StringIO()
    call_command("load_non_working_days", stdout=out)
    assert "0 added" in out.getvalue()
    assert NonWorkingDay.objects.filter(date=D(2041, 6, 3)).exists()


def test_p1_starts_counting_the_day_after() -> None:
    # Notice served Friday 16 Dec 2022; 10 WD from Monday 19 Dec, skipping
    # 26 and 27 Dec and 2 Jan 2023: the last day is Wednesday 4 Jan 2023.
    assert due_p1(D(2022, 12, 16), 10, HOLIDAYS) == D(2023, 1, 4)


def test_p1_across_easter() -> None:
    # Served Thursday 6 Apr 2023; Good Friday 7 Apr and Easter Monday 10 Apr do
    # not count: 5 WD run 11 to 17 Apr.
    assert due_p1(D(2023, 4, 6), 5, HOLIDAYS) == D(2023, 4, 17)


def test_p1_across_the_state_funeral() -> None:
    # Anchor Friday 16 Sep 2022; Monday 19 Sep 2022 is not a working day.
    assert due_p1(D(2022, 9, 16), 1, HOLIDAYS) == D(2022, 9, 20)
    assert due_p1(D(2022, 9, 16), 3, HOLIDAYS) == D(2022, 9, 22)


def test_p2_counts_the_day_itself() -> None:
    # A dismissal on Tuesday 2 May 2023: 5 WD beginning with it, skipping the
    # coronation bank holiday on Monday 8 May, end on Tuesday 9 May.
    assert due_p2(D(2023, 5, 2), 5, HOLIDAYS) == D(2023, 5, 9)
    assert due_p2(D(2023, 5, 2), 1, HOLIDAYS) == D(2023, 5, 2)


def test_p2_from_a_non_working_day_starts_on_the_next_one() -> None:
    assert due_p2(D(2023, 5, 8), 1, HOLIDAYS) == D(2023, 5, 9)
    assert due_p2(D(2022, 12, 24), 1, HOLIDAYS) == D(2022, 12, 28)


def test_p3_gives_a_window() -> None:
    # Accelerated hearing: not less than 10, not more than 15 WD after notice
    # given on Monday 12 Dec 2022; 26 and 27 Dec and 2 Jan do not count.
    assert window_p3(D(2022, 12, 12), 10, 15, HOLIDAYS) == (
        D(2022, 12, 28),
        D(2023, 1, 5),
    )


def test_p4_calendar_periods() -> None:
    assert period_end_p4(D(2020, 12, 1), 12) == D(2021, 11, 30)
    assert periods_p4(D(2020, 12, 1), 12, 6, 3) == [
        (D(2020, 12, 1), D(2021, 11, 30)),
        (D(2021, 12, 1), D(2022, 5, 31)),
        (D(2022, 6, 1), D(2022, 11, 30)),
    ]
    # No 31 February: a period beginning on the 31st ends with the month.
    assert period_end_p4(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert period_end_p4(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert period_end_p4(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert period_end_p4(D(2023, 1, 30), 1) == D(2023, 2, 28)


@pytest.mark.parametrize("bad", [0, -3])
def test_counts_below_one_are_refused(bad: int) -> None:
    with pytest.raises(CalendarError):
        due_p1(D(2023, 1, 3), bad, HOLIDAYS)
    with pytest.raises(CalendarError):
        period_end_p4(D(2023, 1, 3), bad)


def test_a_window_upside_down_is_refused() -> None:
    with pytest.raises(CalendarError, match="cannot be fewer"):
        window_p3(D(2023, 1, 3), 15, 10, HOLIDAYS)


dates = st.dates(min_value=D(2012, 1, 1), max_value=D(2039, 6, 30))
counts = st.integers(min_value=1, max_value=40)


@given(anchor=dates, working_days=counts)
def test_p1_lands_on_the_nth_working_day_after(
    anchor: dt.date, working_days: int
) -> None:
    due = due_p1(anchor, working_days, HOLIDAYS)
    assert is_working_day(due, HOLIDAYS)
    assert due > anchor
    assert working_days_between(anchor, due, HOLIDAYS) == working_days


@given(anchor=dates, working_days=counts)
def test_p2_is_p1_from_the_day_before(anchor: dt.date, working_days: int) -> None:
    due = due_p2(anchor, working_days, HOLIDAYS)
    assert due >= anchor
    assert due == due_p1(anchor - dt.timedelta(days=1), working_days, HOLIDAYS)


@given(anchor=dates)
def test_next_working_day_skips_only_non_working_days(anchor: dt.date) -> None:
    following = next_working_day(anchor, HOLIDAYS)
    gap = (following - anchor).days
    assert is_working_day(following, HOLIDAYS)
    assert all(
        not is_working_day(anchor + dt.timedelta(days=offset), HOLIDAYS)
        for offset in range(1, gap)
    )


def test_today_is_the_london_date_whatever_the_server_clock() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    with time_machine.travel(
        dt.datetime(2023, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False
    ):
        assert timezone.localdate() == D(2023, 7, 1)
    with time_machine.travel(
        dt.datetime(2023, 12, 31, 23, 30, tzinfo=dt.UTC), tick=False
    ):
        assert timezone.localdate() == D(2023, 12, 31)
