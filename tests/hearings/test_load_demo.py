"""`manage.py load_demo`: reference cases A, B and C as demo data, loaded
through the services, once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from conduct.models import AuditEvent, Person, User
from hearings.demo.reference_cases import (
    CASE_A_REFERENCE,
    CASE_B_REFERENCE,
    CASE_C_REFERENCE,
)
from hearings.models import ListReport
from referrals.models import Case, Deadline, Subject

pytestmark = pytest.mark.django_db
demo_settings = override_settings(DEBUG=True, DEMO_PASSWORD="demo-password-for-tests")


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "subjects": Subject.objects.count(),
        "people": Person.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "deadlines": Deadline.objects.count(),
        "list reports": ListReport.objects.count(),
        "users": User.objects.count(),
    }


def deadlines(reference: str, rule_code: str) -> list[tuple[dt.date, str]]:
    return list(
        Deadline.objects.filter(case__reference=reference, rule__code=rule_code)
        .order_by("subject_id")
        .values_list("due_on", "status")
    )


@demo_settings
def test_it_loads_the_three_cases_with_the_demo_users_and_says_so() -> None:
    output = load_demo()

    assert "Reference cases (3 loaded, 0 already loaded):" in output
    cases = {case.reference: case for case in Case.objects.select_related("force")}
    assert set(cases) == {CASE_A_REFERENCE, CASE_B_REFERENCE, CASE_C_REFERENCE}
    assert cases[CASE_A_REFERENCE].force.code == "nhants"
    assert cases[CASE_B_REFERENCE].force.code == "notts"
    assert cases[CASE_C_REFERENCE].force.code == "nhants"
    # Recorded by the demo users, not by a system task.
    assert cases[CASE_A_REFERENCE].created_by == User.objects.get(username="caseworker")
    assert cases[CASE_B_REFERENCE].created_by == User.objects.get(
        username="caseworker.notts"
    )
    assert not AuditEvent.objects.filter(
        case_id__in=[case.pk for case in cases.values()], actor__isnull=True
    ).exists()
    for reference, case in cases.items():
        audit_events = AuditEvent.objects.filter(case_id=case.pk).count()
        line = next(line for line in output.splitlines() if reference in line)
        assert " loaded; " in line
        assert "already loaded" not in line
        list_reports = ListReport.objects.filter(case=case).count()
        assert f"; {audit_events} audit events, " in line
        assert f", {case.deadlines.count()} deadlines, " in line
        assert line.endswith(
            f", {list_reports} list report{'' if list_reports == 1 else 's'}"
        )
    assert "subjects: concluded;" in output
    assert "subjects: outcome decided;" in output
    assert "subjects: concluded, management action (2012 rules), management" in output


@demo_settings
def test_a_second_run_creates_nothing() -> None:
    load_demo()
    before = counts()

    output = load_demo()

    assert counts() == before
    assert "Reference cases (0 loaded, 3 already loaded):" in output
    for reference in (CASE_A_REFERENCE, CASE_B_REFERENCE, CASE_C_REFERENCE):
        line = next(line for line in output.splitlines() if reference in line)
        assert "already loaded" in line


@demo_settings
def test_the_services_opened_the_investigation_deadlines() -> None:
    load_demo()

    # PCR r18 notice response, 10 working days beginning with the first
    # working day after service (P1), met by the response.
    # Case A: served Wed 17 Aug 2022; Mon 29 Aug is the summer bank holiday.
    assert deadlines(CASE_A_REFERENCE, "notice_response") == [
        (dt.date(2022, 9, 1), Deadline.Status.MET)
    ]
    # Case B: served Thu 10 Dec 2020; the tenth working day is Thu 24 Dec.
    assert deadlines(CASE_B_REFERENCE, "notice_response") == [
        (dt.date(2020, 12, 24), Deadline.Status.MET)
    ]
    # Case C (2012 rules): all three served Mon 12 Dec 2016; Christmas Day fell
    # on a Sunday, so Mon 26 and Tue 27 Dec were bank holidays.
    assert (
        deadlines(CASE_C_REFERENCE, "notice_response")
        == [(dt.date(2016, 12, 28), Deadline.Status.MET)] * 3
    )
    # PCR r19 / CMR r13: the first progress report 12 months beginning with the
    # day the matter came to attention (P4), stopped by the final report.
    assert deadlines(CASE_A_REFERENCE, "progress_report") == [
        (dt.date(2023, 8, 9), Deadline.Status.CANCELLED)
    ]
    assert deadlines(CASE_B_REFERENCE, "progress_report") == [
        (dt.date(2021, 5, 31), Deadline.Status.CANCELLED)
    ]
    # Case C is under the 2012 rules, which have no 12-month progress report.
    assert deadlines(CASE_C_REFERENCE, "progress_report") == []
    # Proceedings, outcome and list clocks come on top of these.
    for reference, at_least in [
        (CASE_A_REFERENCE, 2),
        (CASE_B_REFERENCE, 2),
        (CASE_C_REFERENCE, 4),
    ]:
        rows = Deadline.objects.filter(case__reference=reference)
        assert rows.count() >= at_least
        assert not rows.filter(due_on__isnull=True).exists()
        assert all(row.events.filter(kind="opened").exists() for row in rows)


def test_it_is_refused_when_debug_is_off() -> None:
    with pytest.raises(CommandError, match="Demo cases are for local use"):
        call_command("load_demo")
    assert not Case.objects.exists()
