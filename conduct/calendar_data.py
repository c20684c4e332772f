"""Seeding the NonWorkingDay table from the ``holidays`` package."""

from __future__ import annotations

from typing import Any

SEED_FIRST_YEAR = 2008
SEED_LAST_YEAR = 2040


def england_and_wales_holidays(first_year: int, last_year: int) -> dict[Any, str]:
    """Bank and public holidays (England; the same days as Wales) on weekdays."""
    import holidays

    days = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1)
    )
    return {day: name for day, name in days.items() if day.weekday() < 5}  # noqa: PLR2004


def seed_non_working_days(
    model: Any,
    first_year: int = SEED_FIRST_YEAR,
    last_year: int = SEED_LAST_YEAR,
) -> int:
    """Add the seeded days that are missing; return how many were added."""
    wanted = england_and_wales_holidays(first_year, last_year)
    existing = set(
        model.objects.filter(date__in=list(wanted)).values_list("date", flat=True)
    )
    model.objects.bulk_create(
        model(date=day, name=name[:100], source="seeded")
        for day, name in sorted(wanted.items())
        if day not in existing
    )
    return len(wanted) - len(existing)
