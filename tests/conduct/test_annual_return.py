"""The annual return in the shape of the Home Office misconduct statistics:
individuals finalised in a year to 31 March, 2020-rules cases only, against
cases counted by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from conduct.dashboard.compose import Return, annual_return_get, latest_return_year
from conduct.models import User
from hearings.services.appeals import appeal_decide
from tests.builders import Build

pytestmark = pytest.mark.django_db
DISMISSAL = "dismissal_without_notice"


def the_return(user: User, **params: str) -> Return:
    return annual_return_get(user=user, params=params)


def value(found: Return, table: str, row: str, column: str) -> int | None:
    chosen = next(t for t in found.figures.tables if t.key == table)
    index = chosen.columns.index(column) - 1
    return next(r for r in chosen.rows if r.key == row).cells[index].value


def test_the_return_counts_individuals_finalised_in_the_year(
    build: Build, manager: User
) -> None:
    """A 2020-rules hearing finalised on 4 September 2023 (year to 31 March
    2024) is counted; a 2012-rules case finalised then, and a 2020-rules one
    finalised in the next year, are not."""
    outcome = build.decided()
    build.starting_on(dt.date(2019, 3, 1)).decided(decided_on=dt.date(2023, 9, 5))
    later = build.starting_on(dt.date(2024, 5, 1)).decided()
    assert later.decided_on > dt.date(2024, 3, 31)
    found = the_return(manager, year="2024")
    assert found.figures.individuals == 1
    trigger = outcome.subject.case.trigger
    assert value(found, "return_route", trigger, "Police officers") == 1
    assert value(found, "return_route", "total", "All") == 1
    assert (
        value(found, "return_proceedings", "misconduct_hearing", "Gross misconduct")
        == 1
    )
    assert (
        value(found, "return_actions", "dismissal_without_notice", "Individuals") == 1
    )
    standards = outcome.subject.allegations.get().standards.all()
    for standard in standards:
        assert value(found, "return_breaches", str(standard.number), "Allegations") == 1
    assert value(found, "return_timeliness", "attention_to_outcome", "Number") == 1


def test_an_appeal_that_replaces_the_outcome_counts_as_its_replacement(
    build: Build, manager: User
) -> None:
    appeal = build.appealed()
    appeal_decide(
        actor=build.supervisor,
        appeal=appeal,
        result="allowed",
        decided_on=dt.date(2023, 10, 2),
        reasons="The tribunal substituted a final written warning.",
        substituted_outcome="final_written_warning",
    )
    found = the_return(manager, year="2024")
    assert found.figures.individuals == 1
    assert value(found, "return_actions", "final_written_warning", "Individuals") == 1
    assert (
        value(found, "return_actions", "dismissal_without_notice", "Individuals") == 0
    )
    assert value(found, "return_appeals", "police_appeals_tribunal", "Allowed") == 1


def test_the_latest_year_is_the_last_to_have_ended() -> None:
    assert latest_return_year(dt.date(2026, 3, 30)) == 2025
    assert latest_return_year(dt.date(2026, 3, 31)) == 2026


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2090", "has not ended"),
        ("twenty", "Enter the year the return ends in"),
        ("2015", "Enter the year the return ends in"),
    ],
)
def test_a_year_refused_shows_its_message_and_no_figures(
    client: Client, manager: User, year: str, message: str
) -> None:
    client.force_login(manager)
    page = client.get("/dashboards/annual-return/", {"year": year})
    content = page.content.decode()
    assert page.status_code == 400
    assert message in content
    assert 'href="#year"' in content
    assert 'id="table-return_route"' not in content


def test_the_return_prints_and_downloads(
    build: Build, client: Client, manager: User
) -> None:
    build.decided()
    client.force_login(manager)
    page = client.get("/dashboards/annual-return/", {"year": "2024"})
    assert page.status_code == 200
    content = page.content.decode()
    assert 'media="print"' in content
    assert '<strong id="individuals">1</strong>' in content
    download = client.get("/dashboards/annual-return.csv", {"year": "2024"})
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["Year to 31 March 2024", "Individuals", "1"]
    assert ["Individuals by route"] in rows
