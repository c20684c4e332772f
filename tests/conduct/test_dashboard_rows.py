"""The dashboard's figures that count something other than cases (clocks,
subjects suspended, progress reports, proceedings, outcomes, list reports,
appeals) open the case list on the cases behind them, and the list counts
the same rows beside them: each table is built and counted by hand here,
then every linked cell is followed as the same user, for the whole scope,
for one force, and for another force's manager."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from conduct.dashboard.compose import Dashboard, dashboard_get
from conduct.models import Force, Role, User
from hearings.models import Appeal, ListReport, Outcome
from hearings.services.appeals import appeal_decide, appeal_withdraw
from hearings.services.dispatch import list_report_dispatch
from hearings.services.employment import employment_event_record
from referrals.models import (
    Deadline,
    ProgressReport,
    ReferralsClock,
    Subject,
    Suspension,
)
from referrals.services.clocks import deadlines_meet
from referrals.services.deadlines import deadline_cancel, deadline_extend
from referrals.services.investigations.suspensions import (
    suspension_end,
    suspension_start,
)
from referrals.services.progress import progress_report_send, progress_reports_draft
from tests.builders import MISCONDUCT, Build
from tests.factories.conduct import UserFactory
from tests.pages import Pages

pytestmark = pytest.mark.django_db

#: Every builder date falls in 2023 or later: a period that holds them all.
ALL_OF_IT = {"period_start": "2023-01-01"}
#: The day a met subject moved to the Metropolitan Police (after every
#: step the builder dates in 2023).
TRANSFERRED_ON = dt.date(2023, 10, 2)


@dataclass(frozen=True)
class Listed:
    """What the case list showed: how many cases, and how many rows the row
    filter in use matched in them (None: no row filter in use)."""

    cases: int
    rows: int | None


def listed(client: Client, query: str) -> Listed:
    page = client.get(f"/cases/?{query}")
    assert page.status_code == 200, (query, page.status_code)
    html = page.content.decode()
    if "No cases match these filters." in html:
        assert 'id="matched-count"' not in html
        return Listed(0, None)
    shown = re.search(r"of (\d+) cases?\.", html)
    assert shown is not None, query
    cases = int(shown.group(1))
    matched = re.search(
        r'<strong id="matched-count">(\d+) [^<]+? in (\d+) cases?\.</strong>', html
    )
    if matched is None:
        return Listed(cases, None)
    assert int(matched.group(2)) == cases, query
    return Listed(cases, int(matched.group(1)))


def follow(
    client: Client, user: User, key: str, **params: str
) -> dict[tuple[str, str], Listed]:
    """Every cell of the table ``key`` carries the case list's query; every
    linked one (a count above 0) opens, for ``user``, a list whose matched
    count (or, for a figure of cases, whose case count) is the figure. What
    each linked cell listed, by row key and column heading."""
    found = dashboard_get(user=user, params=ALL_OF_IT | params)
    table = found.table(key)
    assert table is not None, key
    client.force_login(user)
    seen = {}
    for row in table.rows:
        for column, cell in zip(table.columns[1:], row.cells, strict=True):
            assert cell.query is not None, (key, row.key, column)
            if not cell.value:
                continue  # not a link: nothing to follow
            shown = listed(client, cell.query)
            counted = shown.cases if shown.rows is None else shown.rows
            assert counted == cell.value, (key, row.key, column, cell.query, shown)
            seen[row.key, column] = shown
    return seen


def figure(found: Dashboard, key: str, row: str, column: str) -> int | None:
    table = found.table(key)
    assert table is not None, key
    index = table.columns.index(column) - 1
    (chosen,) = (candidate for candidate in table.rows if candidate.key == row)
    return chosen.cells[index].value


@pytest.fixture
def met_build(met: Force, met_supervisor: User) -> Build:
    """Cases recorded and run by the Metropolitan Police."""
    return Build(force=met, persona=lambda name: met_supervisor)


@pytest.fixture
def met_manager(met: Force) -> User:
    return UserFactory.create(role=Role.MANAGER, forces=[met])


def transferred(build: Build, subject: Subject, to: Force) -> Subject:
    """``subject``'s officer moved to ``to``, now their appropriate
    authority (reference case C)."""
    employment_event_record(
        actor=build.supervisor,
        role=subject.role,
        kind="transferred",
        occurred_on=TRANSFERRED_ON,
        to_force=to,
    )
    return Subject.objects.get(pk=subject.pk)


def investigated_together(build: Build) -> tuple[Subject, Subject]:
    """Two subjects of one new case, under the case's investigation."""
    case = build.case()
    first, second = build.assessed(case=case), build.assessed(case=case)
    build.investigating(first)
    return first, second


def written_warning(build: Build) -> Outcome:
    """A misconduct meeting's finding of misconduct and written warning."""
    return build.decided(
        form="misconduct_meeting",
        results=(MISCONDUCT,),
        findings="proven_misconduct",
        outcome="written_warning",
    )


def allowed(build: Build, appeal: Appeal) -> None:
    """The tribunal allows ``appeal`` against a dismissal on 6 November 2023:
    a final written warning replaces it."""
    appeal_decide(
        actor=build.supervisor,
        appeal=appeal,
        result=Appeal.Status.ALLOWED,
        decided_on=dt.date(2023, 11, 6),
        reasons="The sanction was excessive.",
        substituted_outcome="final_written_warning",
    )


# ------------------------------------------------------------------ clocks


def test_each_clock_figure_lists_its_clocks(
    build: Build,
    met_build: Build,
    client: Client,
    manager: User,
    met_manager: User,
) -> None:
    """Notice responses: one met on time after an extension, one met late,
    two missed on one case (two subjects), one cancelled (not counted); a
    response to a notice of referral paused for criminal proceedings
    (running); and the Metropolitan Police's own missed response, which
    Northamptonshire's manager neither counts nor lists."""
    on_time, late = build.deadline(), build.deadline()
    deadline_extend(
        actor=build.caseworker,
        deadline=on_time,
        new_due_on=on_time.due_on + dt.timedelta(days=7),
        reason="The police friend is on leave.",
    )
    on_time.refresh_from_db()
    for deadline, met_on in (
        (on_time, on_time.due_on),
        (late, late.due_on + dt.timedelta(days=1)),
    ):
        deadlines_meet(
            case=deadline.case,
            rule_codes=[ReferralsClock.NOTICE_RESPONSE],
            met_on=met_on,
        )
    for subject in investigated_together(build):
        build.noticed(subject)
    cancelled = build.deadline()
    deadline_cancel(actor=build.supervisor, deadline=cancelled, reason="Withdrawn.")
    paused = build.served().subject.case
    build.paused(paused, paused_on=dt.date(2023, 7, 5))
    met_build.deadline()

    found = dashboard_get(user=manager, params=ALL_OF_IT)
    assert figure(found, "deadlines", "notice_response", "Met on time") == 1
    assert figure(found, "deadlines", "notice_response", "Met late") == 1
    assert figure(found, "deadlines", "notice_response", "Missed") == 2
    assert figure(found, "deadlines", "notice_response", "Of these, extended") == 1
    assert figure(found, "deadlines", "referral_response", "Running") == 1
    seen = follow(client, manager, "deadlines")
    assert seen["notice_response", "Missed"] == Listed(cases=1, rows=2)
    assert seen["referral_response", "Running"] == Listed(cases=1, rows=1)
    total = seen["total", "Missed"]
    assert total.rows is not None
    assert total.rows >= 2
    follow(client, manager, "deadlines", force="nhants")

    met_figures = dashboard_get(user=met_manager, params=ALL_OF_IT)
    assert figure(met_figures, "deadlines", "notice_response", "Missed") == 1
    assert follow(client, met_manager, "deadlines")[
        "notice_response", "Missed"
    ] == Listed(cases=1, rows=1)


# ------------------------------------------------------------- suspensions


def test_the_people_suspended_or_restricted_today_list_as_subjects(
    build: Build,
    met_build: Build,
    client: Client,
    manager: User,
    met_manager: User,
) -> None:
    """Two subjects of one case suspended; a third suspended, then
    transferred to the Metropolitan Police; a fourth on restricted duties;
    a fifth whose suspension has ended; and a Met officer suspended on a
    Met case, which Northamptonshire's manager neither counts nor lists.
    With Northamptonshire chosen, the transferred subject counts for the Met
    only."""
    case = build.case()
    for _ in range(2):
        build.suspension(build.assessed(case=case))
    moved = build.suspension().subject
    transferred(build, moved, met_build.force)
    restricted = build.assessed()
    suspension_start(
        actor=build.caseworker,
        subject=restricted,
        kind=Suspension.Kind.RESTRICTED_DUTIES,
        started_on=dt.date(2023, 1, 12),
        reason="Kept from the public.",
    )
    ended = build.suspension()
    suspension_end(
        actor=build.caseworker, suspension=ended, ended_on=dt.date(2023, 3, 1)
    )
    met_build.suspension()

    seen = follow(client, manager, "now")
    assert seen["suspended", "Number"] == Listed(cases=2, rows=3)
    assert seen["restricted", "Number"] == Listed(cases=1, rows=1)
    home = follow(client, manager, "now", force="nhants")
    assert home["suspended", "Number"] == Listed(cases=1, rows=2)
    away = follow(client, met_manager, "now")
    assert away["suspended", "Number"] == Listed(cases=2, rows=2)
    assert ("restricted", "Number") not in away
    follow(client, met_manager, "now", force="met")


# -------------------------------------------------------- progress reports


def test_progress_reports_due_late_and_sent_list_as_reports(
    build: Build, client: Client, manager: User
) -> None:
    """PCR r19: two investigations a year old, one report late and one sent
    on 8 January 2024, and one that came to attention 360 days ago whose
    first report is drafted and due in a few days."""
    today = timezone.localdate()
    build.investigating()
    sent_case = build.investigating().case
    build.starting_on(today - dt.timedelta(days=360)).investigating()
    progress_reports_draft(today=today)
    report = ProgressReport.objects.get(case=sent_case)
    progress_report_send(
        actor=build.supervisor,
        report=report,
        sent_on=dt.date(2024, 1, 8),
        progress="Witnesses interviewed.",
    )

    seen = follow(client, manager, "progress_reports")
    assert seen["due", "Number"] == Listed(cases=1, rows=1)
    assert seen["late", "Number"] == Listed(cases=1, rows=1)
    assert seen["sent", "Number"] == Listed(cases=1, rows=1)
    later = dashboard_get(user=manager, params={"period_start": "2024-02-01"})
    assert figure(later, "progress_reports", "sent", "Number") == 0


# ------------------------------------------------------------- proceedings


def test_proceedings_by_form_and_finding_list_as_proceedings(
    build: Build,
    client: Client,
    manager: User,
    met: Force,
    met_manager: User,
) -> None:
    """Two hearings that found gross misconduct (one of them on a case with
    a second subject heard the same way), a hearing held with no findings
    yet, and a meeting that found misconduct whose officer then moved to the
    Metropolitan Police."""
    build.decided()
    for subject in build.cases_to_answer(2):
        served = build.served(build.referred(subject))
        build.decided(build.found(build.held(build.scheduled(served, panel="full"))))
    build.held()
    meeting = written_warning(build)
    transferred(build, meeting.subject, met)

    found = dashboard_get(user=manager, params=ALL_OF_IT)
    hearing = "misconduct_hearing"
    assert figure(found, "proceedings", hearing, "Gross misconduct") == 3
    assert figure(found, "proceedings", hearing, "No findings yet") == 1
    assert figure(found, "proceedings", "misconduct_meeting", "Misconduct") == 1
    seen = follow(client, manager, "proceedings")
    assert seen[hearing, "Gross misconduct"] == Listed(cases=2, rows=3)
    assert seen["total", "All"] == Listed(cases=4, rows=5)
    home = follow(client, manager, "proceedings", force="nhants")
    assert ("misconduct_meeting", "Misconduct") not in home
    assert home["total", "All"] == Listed(cases=3, rows=4)
    away = follow(client, met_manager, "proceedings", force="met")
    assert away["total", "All"] == Listed(cases=1, rows=1)
    assert away["misconduct_meeting", "Misconduct"] == Listed(cases=1, rows=1)


# ---------------------------------------------------------------- outcomes


def test_current_outcomes_list_as_outcomes_and_a_replaced_one_does_not(
    build: Build,
    client: Client,
    manager: User,
    met: Force,
    met_manager: User,
) -> None:
    """A dismissal; a dismissal replaced on appeal by a final written
    warning (the replacement counts, the dismissal does not); a written
    warning whose officer then moved to the Metropolitan Police."""
    build.decided()
    appeal = build.appealed()
    allowed(build, appeal)
    meeting = written_warning(build)
    transferred(build, meeting.subject, met)

    found = dashboard_get(user=manager, params=ALL_OF_IT)
    assert figure(found, "outcomes", "dismissal_without_notice", "Subjects") == 1
    assert figure(found, "outcomes", "final_written_warning", "Subjects") == 1
    seen = follow(client, manager, "outcomes")
    assert seen["dismissal_without_notice", "Subjects"] == Listed(1, 1)
    assert seen["final_written_warning", "Subjects"] == Listed(1, 1)
    assert seen["total", "Subjects"] == Listed(cases=3, rows=3)
    home = follow(client, manager, "outcomes", force="nhants")
    assert home["total", "Subjects"] == Listed(cases=2, rows=2)
    away = follow(client, met_manager, "outcomes")
    assert away == {
        ("written_warning", "Subjects"): Listed(1, 1),
        ("total", "Subjects"): Listed(1, 1),
    }
    before_the_appeal = dashboard_get(
        user=manager, params={"period_start": "2023-01-01", "period_end": "2023-10-31"}
    )
    assert (
        figure(before_the_appeal, "outcomes", "final_written_warning", "Subjects") == 0
    )


# ------------------------------------------------------------ list reports


def test_list_reports_made_sent_and_on_time_list_as_reports(
    build: Build, client: Client, manager: User, settings: SettingsWrapper
) -> None:
    """Three dismissals on 4 September 2023, each making a barred list
    report: one waiting, one sent now (long after its 5 working days), one
    sent the next day; and an advisory list report for an officer who
    retired while referred to a hearing."""
    settings.COLLEGE_REPORT_CHANNEL = "email"
    settings.COLLEGE_REPORT_EMAIL = "reports@college.example"
    build.barred_report()
    list_report_dispatch(report_id=build.barred_report().pk)
    on_time = build.barred_report()
    with time_machine.travel(dt.datetime(2023, 9, 5, 10, tzinfo=dt.UTC), tick=False):
        list_report_dispatch(report_id=on_time.pk)
    referred = build.referred()
    build.former_officer(referred.subject, kind="retired", left_on=dt.date(2023, 7, 31))
    assert ListReport.objects.filter(kind=ListReport.Kind.ADVISORY).count() == 1

    seen = follow(client, manager, "list_reports")
    assert seen["barred", "Made"] == Listed(cases=3, rows=3)
    assert seen["barred", "Sent"] == Listed(cases=2, rows=2)
    assert seen["barred", "Sent within 5 working days"] == Listed(1, 1)
    assert seen["advisory", "Made"] == Listed(1, 1)
    assert seen["total", "Made"] == Listed(cases=4, rows=4)


# ----------------------------------------------------------------- appeals


def test_appeals_lodged_and_decided_list_as_appeals(
    build: Build, client: Client, manager: User
) -> None:
    """To the tribunal: one lodged and waiting, one allowed, one withdrawn;
    to an appeal meeting: one dismissed."""
    build.appealed()
    successful = build.appealed()
    allowed(build, successful)
    withdrawn = build.appealed()
    appeal_withdraw(
        actor=build.supervisor,
        appeal=withdrawn,
        withdrawn_on=dt.date(2023, 10, 2),
        rationale="The appellant withdrew.",
    )
    dismissed = build.appealed(written_warning(build))
    appeal_decide(
        actor=build.supervisor,
        appeal=dismissed,
        result=Appeal.Status.DISMISSED,
        decided_on=dt.date(2023, 10, 9),
        reasons="The finding stands.",
    )

    seen = follow(client, manager, "appeals")
    tribunal = "police_appeals_tribunal"
    assert seen[tribunal, "Lodged"] == Listed(cases=3, rows=3)
    assert seen[tribunal, "Allowed"] == Listed(1, 1)
    assert seen[tribunal, "Withdrawn"] == Listed(1, 1)
    assert seen["appeal_meeting", "Dismissed"] == Listed(1, 1)
    assert seen["total", "Lodged"] == Listed(cases=4, rows=4)
    assert (tribunal, "Dismissed") not in seen


# ------------------------------------------------------------- the filters


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("clock=late", "clock"),
        ("clock_rule=tea_break", "clock_rule"),
        ("clock_due_after=yesterday", "clock_due_after"),
        ("suspension=asleep", "suspension"),
        ("progress_report=soon", "progress_report"),
        ("proceedings_form=tribunal", "proceedings_form"),
        ("finding=guilty", "finding"),
        ("held_before=2024-13-01", "held_before"),
        ("outcome=hanging", "outcome"),
        ("list_report_state=lost", "list_report_state"),
        ("appeal_status=pending", "appeal_status"),
        ("appeal_lodged_after=soon", "appeal_lodged_after"),
    ],
)
def test_a_value_a_row_filter_refuses_is_an_error_never_the_whole_list(
    build: Build, client: Client, manager: User, query: str, field: str
) -> None:
    build.suspension()
    client.force_login(manager)
    page = client.get(f"/cases/?{query}")
    html = page.content.decode()
    assert page.status_code == 200  # the page, with its errors (htmx swaps it)
    assert f'<a href="#id_{field}">' in html
    assert f'id="id_{field}-error"' in html
    assert "Correct the filters to see the cases." in html
    assert '<details class="govuk-details" id="row-filters" open>' in html
    api = client.get(f"/api/v1/cases/?{query}")
    assert api.status_code == 400
    assert api.json()["rule"] == "filter.value"
    assert list(api.json()["errors"]) == [field]


def test_the_api_lists_the_same_cases_and_every_parameter_of_a_row_filter_meets_one_row(
    build: Build, client: Client, manager: User
) -> None:
    """A case with a notice response met on time and another missed: it
    has a met clock and a missed one, but no clock met and missed."""
    first, second = investigated_together(build)
    case = first.case
    met = Deadline.objects.get(pk=build.deadline(build.noticed(first)).pk)
    deadlines_meet(
        case=case,
        rule_codes=[ReferralsClock.NOTICE_RESPONSE],
        met_on=met.due_on,
    )
    build.noticed(second)
    client.force_login(manager)
    for query, expected in (
        ("clock_rule=notice_response&clock=met", [case.reference]),
        ("clock_rule=notice_response&clock=missed", [case.reference]),
        ("clock=met&clock_due_before=2022-12-31", []),
    ):
        answer = client.get(f"/api/v1/cases/?{query}")
        assert answer.status_code == 200, answer.content
        assert [row["reference"] for row in answer.json()["results"]] == expected
    assert listed(client, "clock_rule=notice_response") == Listed(1, 2)


@pytest.mark.parametrize("suspended", [1, 5])
def test_the_count_beside_the_cases_costs_one_query_whatever_the_rows(
    pages: Pages, build: Build, suspended: int
) -> None:
    """The case list's bound (12 queries) and one more for the count."""
    for _ in range(suspended):
        build.suspension()
    content = pages.html("/cases/?suspension=suspension", as_="manager", queries=13)
    assert f"{suspended} subject" in content


def test_a_draft_no_longer_owed_is_neither_due_nor_late(
    build: Build, client: Client, manager: User
) -> None:
    """A report drafted for an investigation a year old, which then reports:
    its clock is cancelled (PCR r19 runs while it investigates), so the
    unsent draft is no longer counted or listed as late."""
    today = timezone.localdate()
    owed = build.investigating()
    reported = build.investigating()
    progress_reports_draft(today=today)
    build.reported(reported)
    assert ProgressReport.objects.filter(status="draft").count() == 2
    seen = follow(client, manager, "progress_reports")
    assert seen["late", "Number"] == Listed(cases=1, rows=1)
    late = ProgressReport.objects.get(case=owed.case)
    assert late.deadline.status != "cancelled"
