"""One dashboard: the scope it counts over and every table, in page order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from conduct.exceptions import NotPermitted
from conduct.models import STAFF_ROLES, Role, User
from hearings.selectors.annual_return import AnnualReturn, annual_return
from hearings.selectors.dashboard import hearings_tables
from referrals.selectors.dashboard import (
    CASE_FILTERS,
    PERIOD_END,
    PERIOD_START,
    DashboardScope,
    Table,
    dashboard_scope,
    filter_choices,
    referrals_tables,
)

#: The query parameters the dashboard takes, in the page and the API.
PARAMETERS = (*CASE_FILTERS, PERIOD_START, PERIOD_END)
#: The values the filters take whoever asks (the forces depend on the user).
REGIMES, TRIGGERS, MODES = (
    filter_choices()[name] for name in ("regime", "trigger", "mode")
)

#: Who may read the dashboards: everyone who reads cases (each sees the
#: figures of the cases they may see).
DASHBOARD_ROLES = STAFF_ROLES | {Role.MANAGER}
NOT_FOR_YOUR_ROLE = (
    "Your role ({role}) does not read case figures: dashboards are for PSD, "
    "IOPC and management users."
)


@dataclass(frozen=True)
class Dashboard:
    scope: DashboardScope
    tables: list[Table]
    #: When the figures were counted (they are live: no summary tables).
    as_of: dt.datetime

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def require_dashboard_reader(user: User) -> None:
    if user.role not in DASHBOARD_ROLES:
        raise NotPermitted(
            NOT_FOR_YOUR_ROLE.format(role=user.get_role_display()), rule="role"
        )


def dashboard_get(*, user: User, params: Mapping[str, Any]) -> Dashboard:
    """Every figure for ``user`` under ``params``; ``ValidationError`` (per
    parameter) for a filter value refused, ``NotPermitted`` for a role that
    reads no cases."""
    require_dashboard_reader(user)
    scope = dashboard_scope(user=user, params=params)
    tables = [*referrals_tables(scope), *hearings_tables(scope)]
    return Dashboard(scope=scope, tables=tables, as_of=timezone.now())


YEAR = "year"
NOT_A_YEAR = (
    "Enter the year the return ends in, for example 2025 for the year to 31 March 2025."
)
YEAR_NOT_ENDED = (
    "The year to 31 March {year} has not ended: choose {latest} or earlier."
)
#: The 2020 rules began on 1 February 2020: the first return with them.
FIRST_YEAR = 2020


@dataclass(frozen=True)
class Return:
    """The annual return for the year to 31 March ``year``."""

    year: int
    scope: DashboardScope
    figures: AnnualReturn
    as_of: dt.datetime

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.year, 3, 31)


def latest_return_year(today: dt.date) -> int:
    """The last year to 31 March that has ended by ``today``."""
    return today.year if today >= dt.date(today.year, 3, 31) else today.year - 1


def _year(params: Mapping[str, Any], today: dt.date) -> int:
    latest = latest_return_year(today)
    raw = str(params.get(YEAR, "") or "").strip()
    if not raw:
        return latest
    if not raw.isdigit() or int(raw) < FIRST_YEAR:
        raise ValidationError({YEAR: [NOT_A_YEAR]})
    year = int(raw)
    if year > latest:
        raise ValidationError({YEAR: [YEAR_NOT_ENDED.format(year=year, latest=latest)]})
    return year


def annual_return_get(*, user: User, params: Mapping[str, Any]) -> Return:
    """The return for the year asked (the latest ended by default) over the
    2020-regime cases ``user`` may see, narrowed to one force if asked."""
    require_dashboard_reader(user)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    try:
        year = _year(params, today)
    except ValidationError as error:
        errors.update(error.message_dict)
        year = latest_return_year(today)
    scoped = {
        "force": params.get("force", ""),
        "regime": "2020",
        PERIOD_START: dt.date(year - 1, 4, 1).isoformat(),
        PERIOD_END: dt.date(year, 3, 31).isoformat(),
    }
    try:
        scope = dashboard_scope(user=user, params=scoped)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return Return(
        year=year, scope=scope, figures=annual_return(scope), as_of=timezone.now()
    )
