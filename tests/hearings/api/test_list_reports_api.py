"""Barred and advisory list reports carry their due date over the API: the
due date of the clock each report started (5 working days beginning with the
event, BL Regs r3(1)), wherever a report is shown."""

from __future__ import annotations

from typing import Any

import pytest

from conduct.models import User
from hearings.models import ListReport, Proceeding
from referrals.models import Case, Deadline, Subject
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import current_etag, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def proceeding(build: Build) -> Proceeding:
    """A hearing held, gross misconduct proven: dismissal comes next."""
    return build.found(trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER)


def dismiss(client: Any, proceeding: Proceeding) -> Any:
    subject: Subject = proceeding.subject
    response = post(
        client,
        f"/api/v1/proceedings/{proceeding.pk}/outcome/",
        {
            "kind": "dismissal_without_notice",
            "decided_on": "2023-09-04",
            "reasons": "Only dismissal will do.",
        },
        etag=current_etag(client, subject.case_id),
    )
    assert response.status_code == 201, response.content
    return response.json()


def clock_of(report: ListReport) -> Deadline:
    return Deadline.objects.get(
        case=report.case,
        rule__code="barred_list_report",
        key__contains=f":r{report.pk}:",
    )


def test_a_barred_list_report_is_due_when_its_clock_says_wherever_it_is_shown(
    bearer_client: Client, supervisor: User, proceeding: Proceeding
) -> None:
    client = bearer_client(supervisor)
    (created,) = dismiss(client, proceeding)["list_reports_created"]
    report = ListReport.objects.get(pk=created["id"])
    due_on = clock_of(report).due_on.isoformat()
    assert due_on == "2023-09-08"  # Mon 4 Sep 2023 and the next four working days
    assert created["due_on"] == due_on
    listed = client.get(f"/api/v1/cases/{report.case_id}/list-reports/").json()
    assert [row["due_on"] for row in listed] == [due_on]
    assert client.get(f"/api/v1/list-reports/{report.pk}/").json()["due_on"] == due_on
    person = client.get(f"/api/v1/people/{report.person_id}/").json()
    assert [row["due_on"] for row in person["list_reports"]] == [due_on]


def test_a_report_without_a_clock_is_due_on_null(
    bearer_client: Client, supervisor: User, proceeding: Proceeding
) -> None:
    """A barred list further report has no time limit; here its clock is
    taken away to stand for one (or for a rule switched off locally)."""
    client = bearer_client(supervisor)
    (created,) = dismiss(client, proceeding)["list_reports_created"]
    report = ListReport.objects.get(pk=created["id"])
    clock_of(report).delete()
    assert client.get(f"/api/v1/list-reports/{report.pk}/").json()["due_on"] is None


def test_the_schema_documents_the_due_date(
    bearer_client: Client, supervisor: User
) -> None:
    schema = bearer_client(supervisor).get("/api/v1/schema/?format=json").json()
    row = schema["components"]["schemas"]["ListReportItem"]
    assert row["properties"]["due_on"]["nullable"] is True
    assert "BL Regs r3(1)" in row["properties"]["due_on"]["description"]
    assert "due_on" in row["required"]
