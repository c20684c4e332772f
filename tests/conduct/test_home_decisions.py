"""Home: "awaiting your decision" lists what the user's role decides and
nobody has decided, within the cases the user may see."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import User
from referrals.services.cases import severity_assess
from tests.builders import MISCONDUCT, Build
from tests.pages import Pages

pytestmark = pytest.mark.django_db


ON = dt.date(2024, 3, 4)


def test_a_supervisor_sees_unassessed_allegations_and_reported_subjects(
    pages: Pages, build: Build
) -> None:
    unassessed = build.recorded(on=ON).case
    reported = build.reported(on=ON, severity="misconduct", opinion=MISCONDUCT).case

    content = pages.html("/", as_="supervisor")

    assert 'id="awaiting-decision-count">2<' in content
    decisions = content[content.index('id="decisions"') :]
    assert "Assess severity" in decisions
    assert "Decide case to answer" in decisions
    assert f'href="/cases/{unassessed.pk}/"' in decisions
    assert f'href="/cases/{reported.pk}/"' in decisions


def test_a_decided_matter_leaves_the_queue(
    pages: Pages, build: Build, supervisor: User
) -> None:
    subject = build.recorded(on=ON)
    assert 'id="awaiting-decision-count">1<' in pages.html("/", as_="supervisor")
    severity_assess(
        actor=supervisor,
        allegation=subject.allegations.get(),
        severity="misconduct",
        assessed_on=dt.date(2024, 3, 5),
        body="appropriate_authority",
        rationale="On the papers.",
    )
    content = pages.html("/", as_="supervisor")
    assert 'id="awaiting-decision-count">0<' in content
    assert "Nothing is waiting for your decision." in content


def test_the_iopc_sees_referrals_awaiting_its_decision_only(
    pages: Pages, build: Build
) -> None:
    referred = build.referred_to_iopc(
        build.recorded(on=ON).case,
        factors=("serious_corruption",),
        referred_on=dt.date(2024, 3, 5),
    )
    build.case(on=ON)  # never referred

    content = pages.html("/", as_="iopc_investigator")
    assert 'id="awaiting-decision-count">1<' in content
    decisions = content[content.index('id="decisions"') :]
    assert "Decide on the referral to the IOPC" in decisions
    assert "5 March 2024" in decisions
    assert referred.reference in decisions
    # Severity is the appropriate authority's decision, not the IOPC's here.
    assert "Assess severity" not in decisions


def test_another_forces_supervisor_and_a_caseworker_see_none_of_it(
    pages: Pages, build: Build
) -> None:
    case = build.recorded(on=ON).case
    content = pages.html("/", as_="notts_supervisor")
    assert 'id="awaiting-decision-count">0<' in content
    assert case.reference not in content
    content = pages.html("/")
    # A caseworker decides none of these: no such section at all.
    assert "awaiting-decision" not in content


@pytest.mark.parametrize("cases", [5, 50])
def test_the_supervisors_home_query_count_does_not_grow(
    pages: Pages, build: Build, cases: int
) -> None:
    for _ in range(cases):
        build.recorded(on=ON)
    content = pages.html("/", as_="supervisor", queries=20)
    assert f'id="awaiting-decision-count">{cases}<' in content
    assert content.count("Assess severity") == min(cases, 10)
