"""One dashboard: the scope it counts over and every table, in page order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from conduct.exceptions import NotPermitted
from conduct.models import STAFF_ROLES, Role, User
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
