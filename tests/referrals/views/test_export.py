"""CSV export of the case list, /cases/export.csv: streamed, the list's filters
and scope, formula cells escaped, and one audit event per export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from conduct.models import AuditEvent, User
from referrals.models import Case
from referrals.selectors.case_export import HEADER, csv_safe
from tests.builders import Build
from tests.pages import Pages
from tests.rows import parametrize_rows
from tests.test_frontend import EXPECTED_POLICY, policy_of

pytestmark = pytest.mark.django_db

A, B, C = "NH/A/2022/0810", "NT/B/2020/0601", "NH/C/2016/1114"


def export(client: Client, query: str = "") -> list[list[str]]:
    response: Any = client.get(f"/cases/export.csv{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cases-')
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="cases.exported"))


def test_it_needs_a_login(client: Client) -> None:
    response = client.get("/cases/export.csv")
    assert response.status_code == 302
    assert exports() == []


def test_it_exports_the_filtered_list(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    rows = export(client, "?ordering=reference")
    assert rows[0] == list(HEADER)
    assert [row[0] for row in rows[1:]] == [A, C]
    case_c = rows[2]
    assert case_c[1] == "2016/077885"
    assert case_c[2] == "Northamptonshire Police"
    assert case_c[3] == "Open"
    assert case_c[8] == "2016-11-21"
    assert case_c[9] == "Independent"
    assert "Dana Whitlow" in case_c[10]
    assert [row[0] for row in export(client, "?regime=2012")[1:]] == [C]


def test_the_export_writes_one_audit_event_with_filters_and_count(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    export(client, "?force=nhants&status=open&page=3&unknown=1")
    (event,) = exports()
    assert event.actor == caseworker
    assert event.case_id is None
    assert event.new_values == {
        "filters": {"force": "nhants", "status": "open"},
        "row_count": 2,
    }


def test_the_outsider_exports_none_of_northamptonshires_cases(
    client: Client, outsider: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(outsider)
    rows = export(client)
    assert [row[0] for row in rows[1:]] == [B]
    assert [row[0] for row in export(client, "?force=nhants")[1:]] == []
    body = str(rows)
    assert A not in body
    assert C not in body


def test_formula_cells_are_escaped(client: Client, build: Build) -> None:
    build.case(
        reference="=HYPERLINK(1)",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        summary='+cmd|"/c calc"!A1',
    )
    client.force_login(build.caseworker)
    (row,) = export(client)[1:]
    assert row[0] == "'=HYPERLINK(1)"
    assert row[-1] == '\'+cmd|"/c calc"!A1'


@dataclass(frozen=True)
class Cell:
    """A value, and the cell the export writes for it."""

    value: str | None
    expected: str


@parametrize_rows(
    [
        Cell(value="=1+1", expected="'=1+1"),
        Cell(value="+1", expected="'+1"),
        Cell(value="-1", expected="'-1"),
        Cell(value="@SUM(A1)", expected="'@SUM(A1)"),
        Cell(value="\tx", expected="'\tx"),
        Cell(value="\rx", expected="'\rx"),
        Cell(value="x=1", expected="x=1"),
        Cell(value="", expected=""),
        Cell(value=None, expected=""),
    ]
)
def test_csv_safe_prefixes_only_formula_starts(
    value: str | None, expected: str
) -> None:
    assert csv_safe(value) == expected


def test_refused_filters_go_back_to_the_list_and_export_nothing(
    pages: Pages,
) -> None:
    response = pages.get("/cases/export.csv?status=opne", status=302)
    assert response["Location"] == "/cases/?status=opne"
    assert exports() == []


def test_it_carries_the_strict_policy(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    response = pages.get("/cases/export.csv")
    assert policy_of(response["Content-Security-Policy"]) == EXPECTED_POLICY


@pytest.mark.parametrize("rows", [5, 50])
def test_its_query_count_does_not_grow_with_rows(
    client: Client,
    build: Build,
    rows: int,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for _ in range(rows):
        build.case(
            trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
            on=dt.date(2024, 1, 1),
            summary="Generated.",
        )
    client.force_login(build.caseworker)
    with django_assert_max_num_queries(12):
        assert len(export(client)) == rows + 1
