"""The managers' dashboard: each figure against cases counted by hand, the
scope of each persona, refused filters, the drill-down to the case list, the
CSV of a table and the API's answer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from conduct.dashboard.compose import Dashboard, dashboard_get
from conduct.exceptions import NotPermitted
from conduct.models import Force, User
from hearings.services.employment import employment_event_record
from referrals.models import Deadline, ReferralsClock, Subject
from referrals.selectors.cases import case_list
from referrals.selectors.dashboard import FORCE_NOT_YOURS, START_AFTER_END
from referrals.services.cases import case_restrict
from referrals.services.clocks import deadlines_meet
from referrals.stages import STAGES
from tests.builders import Build

pytestmark = pytest.mark.django_db

#: Every builder date falls in 2023: a period that holds them all.
ALL_OF_IT = {"period_start": "2023-01-01"}


def figures(user: User, **params: str) -> Dashboard:
    return dashboard_get(user=user, params=ALL_OF_IT | params)


def cell(found: Dashboard, table: str, row: str, column: str) -> int | None:
    """The count in ``table`` at the row keyed ``row`` and the column headed
    ``column``."""
    chosen = found.table(table)
    assert chosen is not None, table
    index = chosen.columns.index(column) - 1
    for candidate in chosen.rows:
        if candidate.key == row:
            return candidate.cells[index].value
    raise AssertionError(f"no row {row!r} in {table}")


def test_open_cases_count_at_the_stage_of_their_least_advanced_subject(
    build: Build, manager: User
) -> None:
    """Three open cases: one just recorded, one under investigation, one
    referred to the IOPC and awaiting its decision; a closed case is not
    counted."""
    build.case()
    build.investigating()
    build.referred_to_iopc()
    build.closed()
    found = figures(manager)
    assert cell(found, "open_cases", "assessment", "Not referred") == 1
    assert cell(found, "open_cases", "investigation", "Not referred") == 1
    assert cell(found, "open_cases", "assessment", "Awaiting the IOPC") == 1
    assert cell(found, "open_cases", "total", "All") == 3


def test_a_figure_links_to_a_case_list_of_the_same_count(
    build: Build, manager: User, client: Client
) -> None:
    build.case()
    build.case()
    build.investigating()
    found = figures(manager)
    table = found.table("open_cases")
    assert table is not None
    row = next(row for row in table.rows if row.key == "assessment")
    total = row.cells[-1]
    assert total.value == 2
    assert total.query is not None
    client.force_login(manager)
    listing = client.get(f"/cases/?{total.query}").content.decode()
    shown = re.search(r"of (\d+) case", listing)
    assert shown is not None, listing
    assert int(shown.group(1)) == 2


def test_open_investigations_age_from_when_the_matter_came_to_attention(
    build: Build, manager: User
) -> None:
    today = timezone.localdate()
    build.starting_on(today - dt.timedelta(days=60)).investigating()
    build.starting_on(today - dt.timedelta(days=250)).investigating()
    build.starting_on(today - dt.timedelta(days=500)).investigating()
    build.starting_on(today - dt.timedelta(days=600)).investigating()
    found = figures(manager)
    assert cell(found, "investigation_ageing", "under_6", "Investigations") == 1
    assert cell(found, "investigation_ageing", "6_to_12", "Investigations") == 1
    assert cell(found, "investigation_ageing", "over_12", "Investigations") == 2


def test_referrals_count_each_factor_and_the_apsp_share(
    build: Build, manager: User
) -> None:
    build.referred_to_iopc(factors=("apsp", "serious_corruption"))
    build.referred_to_iopc(factors=("serious_assault",))
    # Before the period: not counted.
    build.starting_on(dt.date(2022, 11, 1)).referred_to_iopc(factors=("apsp",))
    found = figures(manager)
    assert cell(found, "referrals_by_factor", "apsp", "Referrals") == 1
    assert cell(found, "referrals_by_factor", "serious_corruption", "Referrals") == 1
    assert cell(found, "referrals_by_factor", "total", "Referrals") == 2
    table = found.table("referrals_by_factor")
    assert table is not None
    assert "50% of referrals" in table.note
    assert cell(found, "iopc_modes", "awaiting", "Referrals") == 2


def test_proceedings_outcomes_and_an_appeal_that_replaces_an_outcome(
    build: Build, manager: User
) -> None:
    """A hearing with gross misconduct found ends in dismissal; a meeting's
    misconduct ends in a written warning; only current outcomes count."""
    build.decided()
    build.decided(
        form="misconduct_meeting",
        results=("case_to_answer_misconduct",),
        findings="proven_misconduct",
        outcome="written_warning",
    )
    build.appealed()
    found = figures(manager)
    assert cell(found, "proceedings", "misconduct_hearing", "Gross misconduct") == 2
    assert cell(found, "proceedings", "misconduct_meeting", "Misconduct") == 1
    assert cell(found, "outcomes", "dismissal_without_notice", "Subjects") == 2
    assert cell(found, "outcomes", "written_warning", "Subjects") == 1
    assert cell(found, "appeals", "police_appeals_tribunal", "Lodged") == 1
    outcomes = found.table("outcomes")
    assert outcomes is not None
    assert "findings: 2." in outcomes.note


def test_a_transferred_subject_counts_for_the_new_force(
    build: Build, manager: User, met: Force, met_supervisor: User
) -> None:
    """The subject's appropriate authority moves with a transfer: the people
    figures of Northamptonshire no longer count them (reference case C)."""
    subject = build.suspension().subject
    employment_event_record(
        actor=build.supervisor,
        role=subject.role,
        kind="transferred",
        occurred_on=dt.date(2023, 2, 1),
        to_force=met,
    )
    assert cell(figures(manager), "now", "suspended", "Number") == 1
    home = figures(manager, force="nhants")
    assert cell(home, "now", "suspended", "Number") == 0
    met_supervisor.role = "manager"
    met_supervisor.save()
    assert cell(figures(met_supervisor), "now", "suspended", "Number") == 1


def test_a_force_manager_never_sees_another_forces_figures(
    build: Build, manager: User, outsider: User, met: Force, met_supervisor: User
) -> None:
    build.case()
    Build(force=met, persona={"caseworker": met_supervisor}.__getitem__).case()
    assert cell(figures(manager), "open_cases", "total", "All") == 1
    with pytest.raises(Exception, match="You can see the figures of") as refused:
        figures(manager, force="met")
    assert FORCE_NOT_YOURS.split("{")[0] in str(refused.value)
    assert cell(figures(outsider), "open_cases", "total", "All") == 0


def test_a_restricted_case_counts_only_for_its_named_users(
    build: Build, manager: User, supervisor: User
) -> None:
    """Every figure, the force's and everyone's, leaves out a restricted
    case the reader is not named on, and counts it for one who is."""
    build.referred_to_iopc(factors=("apsp",))
    restricted = build.referred_to_iopc(factors=("serious_assault",))
    case_restrict(
        actor=supervisor,
        case=restricted,
        restricted=True,
        users=[],
        rationale="Names a child.",
    )
    for params in ({}, {"force": "nhants"}):
        found = figures(manager, **params)
        assert cell(found, "open_cases", "total", "All") == 1
        assert cell(found, "referrals_by_factor", "total", "Referrals") == 1
        assert cell(found, "referrals_by_factor", "serious_assault", "Referrals") == 0
    case_restrict(
        actor=supervisor,
        case=restricted,
        restricted=True,
        users=[manager],
        rationale="The manager reports on it.",
    )
    found = figures(manager, force="nhants")
    assert cell(found, "open_cases", "total", "All") == 2
    assert cell(found, "referrals_by_factor", "serious_assault", "Referrals") == 1


def test_an_administrator_reads_no_figures(administrator: User) -> None:
    with pytest.raises(NotPermitted):
        figures(administrator)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"regime": "2099"}, "regime", "Select a valid choice"),
        ({"period_start": "31/03/2024"}, "period_start", "YYYY-MM-DD"),
        (
            {"period_start": "2024-04-01", "period_end": "2024-03-01"},
            "period_start",
            START_AFTER_END,
        ),
        ({"force": "atlantis"}, "force", "Select a valid choice"),
    ],
)
def test_a_refused_filter_shows_its_message_and_no_figures(
    client: Client,
    manager: User,
    params: dict[str, str],
    field: str,
    message: str,
) -> None:
    client.force_login(manager)
    page = client.get("/dashboards/", params)
    content = page.content.decode()
    assert page.status_code == 400
    assert "govuk-error-summary" in content
    assert message in content
    assert f'href="#{field}"' in content
    assert "Correct the filters to see the figures." in content
    assert 'id="table-open_cases"' not in content


def test_the_manager_starts_on_the_dashboard(client: Client, manager: User) -> None:
    client.force_login(manager)
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/dashboards/"
    page = client.get("/dashboards/")
    assert page.status_code == 200
    assert "Counted " in page.content.decode()


def test_a_table_downloads_as_csv(build: Build, client: Client, manager: User) -> None:
    build.case()
    client.force_login(manager)
    answer = client.get("/dashboards/open_cases.csv", ALL_OF_IT)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0][0] == "Stage"
    assessment = next(row for row in rows if row[0] == "Assessment")
    assert assessment[-1] == "1"
    assert client.get("/dashboards/nothing.csv").status_code == 404


def test_the_figures_take_the_same_queries_whatever_the_cases(
    build: Build, manager: User, django_assert_max_num_queries: Any
) -> None:
    build.decided()
    build.investigating()
    with django_assert_max_num_queries(20) as few:
        figures(manager)
    for _ in range(3):
        build.decided()
        build.referred_to_iopc()
    with django_assert_max_num_queries(len(few.captured_queries)):
        figures(manager)


def test_every_subject_status_is_in_one_stage() -> None:
    statuses = [status for stage in STAGES for status in stage.statuses]
    assert sorted(statuses) == sorted(Subject.Status.values)


def test_clocks_count_met_on_time_met_late_and_missed_by_rule(
    build: Build, manager: User
) -> None:
    """A response clock met on its due date, one met a day late, one past
    due and not met: each in its own column (the dashboards count both kinds
    of met)."""
    on_time, late, missed = (build.deadline() for _ in range(3))
    for deadline, met_on in ((on_time, on_time.due_on), (late, late.due_on)):
        deadlines_meet(
            case=deadline.case,
            rule_codes=[ReferralsClock.NOTICE_RESPONSE],
            met_on=met_on + dt.timedelta(days=int(deadline is late)),
        )
    found = figures(manager)
    rule = on_time.rule.code
    assert cell(found, "deadlines", rule, "Met on time") == 1
    assert cell(found, "deadlines", rule, "Met late") == 1
    assert cell(found, "deadlines", rule, "Missed") == 1
    assert missed.pk not in {on_time.pk, late.pk}


#: Bank holidays in England and Wales between February and September 2023.
HOLIDAYS_2023 = {
    dt.date(2023, 4, 7),
    dt.date(2023, 4, 10),
    dt.date(2023, 5, 1),
    dt.date(2023, 5, 8),
    dt.date(2023, 5, 29),
    dt.date(2023, 8, 28),
}


def working_days_after(start: dt.date, end: dt.date) -> int:
    """Counted by hand: the weekdays after ``start`` up to ``end`` that are
    not bank holidays."""
    days = (start + dt.timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and day not in HOLIDAYS_2023)


def test_timeliness_counts_working_days_between_the_stages(
    build: Build, manager: User
) -> None:
    """Came to attention 10 January 2023, report 30 January (14 working
    days), decision on Saturday 4 February (4), hearing 4 September."""
    empty = figures(manager)
    assert cell(empty, "timeliness", "attention_to_report", "Number") == 0
    assert cell(empty, "timeliness", "attention_to_report", "Median") is None
    outcome = build.decided()
    proceeding = outcome.proceeding
    assert proceeding is not None
    found = figures(manager)
    assert cell(found, "timeliness", "attention_to_report", "Median") == 14
    assert cell(found, "timeliness", "report_to_decision", "Median") == 4
    assert proceeding.held_on is not None
    expected = working_days_after(dt.date(2023, 2, 4), proceeding.held_on)
    assert cell(found, "timeliness", "decision_to_proceedings", "Median") == expected
    assert cell(found, "timeliness", "decision_to_proceedings", "Number") == 1


def test_the_median_and_90th_percentile_come_from_every_interval(
    build: Build, manager: User
) -> None:
    """Reports 14, 14 and 19 working days after attention: median 14; the
    90th percentile interpolates between the two highest (PostgreSQL's
    percentile_cont): 14 + 0.8 * 5 = 18."""
    build.reported()
    build.reported()
    build.reported(submitted_on=dt.date(2023, 2, 6))
    found = figures(manager)
    assert cell(found, "timeliness", "attention_to_report", "Number") == 3
    assert cell(found, "timeliness", "attention_to_report", "Median") == 14
    assert cell(found, "timeliness", "attention_to_report", "90th percentile") == 18


def test_each_ageing_band_opens_a_case_list_of_its_count(
    build: Build, manager: User
) -> None:
    """The drill-down of every band of open investigations lists exactly
    the cases it counts (the case list's own selector)."""
    today = timezone.localdate()
    for days in (60, 250, 500, 600):
        build.starting_on(today - dt.timedelta(days=days)).investigating()
    build.starting_on(today - dt.timedelta(days=90)).case()  # no investigation
    table = figures(manager).table("investigation_ageing")
    assert table is not None
    for row in table.rows:
        (figure,) = row.cells
        assert figure.query is not None, row.key
        listed = case_list(user=manager, filters=QueryDict(figure.query)).count()
        assert listed == figure.value, row.key


def test_a_former_officer_who_would_have_been_dismissed_is_counted(
    build: Build, manager: User
) -> None:
    """PCR Sch 1: the finding on a former officer counts among outcomes and
    with the dismissals in the note."""
    proceeding = build.found(
        subject=build.former_officer(), former_officer_condition="a"
    )
    build.decided(proceeding, outcome="would_have_been_dismissed")
    found = figures(manager)
    assert cell(found, "outcomes", "would_have_been_dismissed", "Subjects") == 1
    outcomes = found.table("outcomes")
    assert outcomes is not None
    assert "findings: 1." in outcomes.note


def test_a_case_paused_for_criminal_proceedings_counts_until_it_resumes(
    build: Build, manager: User
) -> None:
    """PCR r10(3): an open sub judice period; the clocks it pauses (the
    response to the notice of referral) count as running, not missed."""
    proceeding = build.served()
    case = proceeding.subject.case
    build.paused(case, paused_on=dt.date(2023, 7, 5))
    clock = Deadline.objects.get(case=case, rule__code="referral_response")
    assert clock.status == "paused"
    found = figures(manager)
    assert cell(found, "now", "paused", "Number") == 1
    assert cell(found, "deadlines", "referral_response", "Running") == 1
    assert cell(found, "deadlines", "referral_response", "Missed") == 0
    now = found.table("now")
    assert now is not None
    paused = next(row for row in now.rows if row.key == "paused").cells[0]
    assert paused.query is not None
    listed = case_list(user=manager, filters=QueryDict(paused.query))
    assert [c.pk for c in listed] == [case.pk]
