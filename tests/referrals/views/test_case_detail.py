"""The case page, /cases/<id>/: what a caseworker sees, who gets a 404, and
a query count that does not grow with the rows shown."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.formats import govuk_date
from conduct.models import DeadlineRule, User
from referrals.models import Case, Deadline, ReferralsClock
from referrals.services.investigations import notice_response_record
from tests.builders import Build
from tests.pages import Pages

pytestmark = pytest.mark.django_db
D = dt.date


def url(case: Case) -> str:
    return f"/cases/{case.pk}/"


def test_it_needs_a_login(pages: Pages, reference_cases: dict[str, Case]) -> None:
    pages.asks_to_log_in(url(reference_cases["A"]))


def test_it_shows_case_c_to_a_caseworker(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html(url(reference_cases["C"]))
    # Summary: both references, regime, trigger and the IOPC mode.
    assert "NH/C/2016/1114" in content
    assert "2016/077885" in content
    assert 'id="iopc-reference-warning"' not in content
    assert "2012 rules" in content
    assert "IOPC decided it must be investigated" in content
    assert "Independent" in content
    # Subjects link to their person pages, with allegations and outcomes.
    for subject in reference_cases["C"].subjects.select_related("person"):
        assert f'href="/people/{subject.person_id}/"' in content
        assert subject.person.full_name in content
    assert "Would not have been dismissed" in content
    assert "moj-badge" in content
    # Open deadlines with their due dates, the unverified rule flagged.
    assert "15 February 2018" in content
    assert "Check local policy" in content
    assert "Overdue" in content
    # List reports and the timeline from the audit trail.
    assert "Advisory list report" in content
    assert 'class="moj-timeline"' in content
    assert "Case recorded" in content


def test_it_shows_outcomes_and_list_reports_of_case_a(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html(url(reference_cases["A"]))
    assert "NH/A/2022/0810" in content
    assert "Callum Ridgeway" in content
    assert "Would have been dismissed" in content
    assert "Accelerated hearing" in content
    assert "Proven: gross misconduct" in content
    assert "Barred list report" in content
    assert "Referred back to the force" in content
    # The criminal track beside it: three counts, pleas, the sentence.
    assert "No criminal proceedings recorded." not in content
    assert "arrested 10 August 2022, ended 17 November 2022. Lincoln Crown Court" in (
        content
    )
    assert content.count("Guilty; Convicted 9 September 2022.") == 3
    assert "Sentence: Custody, 24 months" in content
    assert "Sentence: Sexual harm prevention order (SHPO), 10 years" in content


def test_an_unusual_iopc_reference_gets_the_soft_warning(
    pages: Pages, unreferred_case: Case
) -> None:
    Case.objects.filter(pk=unreferred_case.pk).update(iopc_reference="IOPC-12")
    content = pages.html(url(unreferred_case))
    assert 'id="iopc-reference-warning"' in content
    assert "IOPC references usually look like" in content


def test_it_is_a_404_for_another_forces_caseworker(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    for letter in "AC":
        case = reference_cases[letter]
        assert case.reference not in pages.html(url(case), as_="outsider", status=404)


def test_it_is_a_404_for_the_iopc_on_a_case_never_referred(
    pages: Pages, unreferred_case: Case
) -> None:
    content = pages.html(url(unreferred_case), as_="iopc_investigator", status=404)
    assert unreferred_case.reference not in content


def test_the_iopc_sees_a_referred_case(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    pages.get(url(reference_cases["B"]), as_="iopc_investigator", status=200)


def test_it_is_a_404_for_a_case_that_does_not_exist(pages: Pages) -> None:
    pages.get("/cases/999999/", status=404)


def test_it_carries_the_strict_policy_and_no_inline_code(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    pages.strict(url(reference_cases["C"]))


@pytest.mark.parametrize(
    ("received_on", "shown"),
    [
        pytest.param(D(2024, 3, 26), "Met on time", id="on-time"),
        pytest.param(D(2024, 3, 27), "Met late", id="late"),
    ],
)
def test_a_met_deadline_shows_whether_it_was_met_on_time_or_late(
    pages: Pages, build: Build, caseworker: User, received_on: dt.date, shown: str
) -> None:
    """The response to a notice served Tue 12 Mar 2024 is due Tue 26 Mar
    (10 working days): received that day it is met on time, a working day
    later late, and the case page lists it among the deadlines met."""
    notice = build.noticed()
    assert build.deadline(notice).due_on == D(2024, 3, 26)
    notice_response_record(
        actor=caseworker,
        notice=notice,
        kind="written_response",
        received_on=received_on,
        content="My account.",
    )
    content = pages.html(url(notice.subject.case))
    met = content[content.index('id="deadlines-met"') :]
    assert "response to the written notice" in met
    assert govuk_date(received_on) in met
    assert [badge for badge in ("Met on time", "Met late") if badge in met] == [shown]


def _grow(build: Build, case: Case, rows: int) -> DeadlineRule:
    """``rows`` more subjects, each with an allegation and a running clock."""
    rule = DeadlineRule.objects.filter(
        regime=case.regime, code=ReferralsClock.NOTICE_RESPONSE
    ).first()
    assert rule is not None
    for number in range(rows):
        subject = build.recorded(case, allegation=f"Allegation number {number}")
        build.clock(
            case,
            ReferralsClock.NOTICE_RESPONSE,
            anchor_on=dt.date(2024, 3, 4),
            subject=subject,
        )
    return rule


@pytest.mark.parametrize("rows", [5, 50])
def test_its_query_count_does_not_grow_with_rows(
    pages: Pages, build: Build, unreferred_case: Case, rows: int
) -> None:
    _grow(build, unreferred_case, rows)
    content = pages.html(url(unreferred_case), queries=24)
    assert f"Allegation number {rows - 1}" in content
    assert content.count('href="/people/') == rows
    assert Deadline.objects.filter(case=unreferred_case).count() == rows
