"""Home (/): the signed-in user's work queue, with counts and links."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from conduct.models import DeadlineRule, User
from referrals.models import Case, Deadline, ReferralsClock
from tests.builders import Build
from tests.pages import Pages
from tests.referrals.views.conftest import DEMO_PASSWORD, load_reference_case_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_cases(db: None) -> dict[str, Case]:
    return load_reference_case_map()


def test_it_needs_a_login(pages: Pages) -> None:
    pages.asks_to_log_in("/")


def test_it_lists_the_caseworkers_cases_and_overdue_clocks(
    client: Client, reference_cases: dict[str, Case]
) -> None:
    demo_caseworker = User.objects.get(username="caseworker")
    client.login(username="caseworker", password=DEMO_PASSWORD)
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    # The identity bar still names the user, the role and the force.
    assert "Priya Shah" in content
    assert "PSD caseworker" in content
    assert "Northamptonshire Police" in content
    # Cases A and C were recorded by this caseworker; B by Nottinghamshire.
    assert f'href="/cases/{reference_cases["A"].pk}/"' in content
    assert f'href="/cases/{reference_cases["C"].pk}/"' in content
    assert "NT/B/2020/0601" not in content
    # The clocks the caseworker owns on those cases are all long overdue.
    overdue = Deadline.objects.filter(
        owner=demo_caseworker, status__in=Deadline.RUNNING
    ).count()
    assert overdue == 4
    assert f'id="overdue-count">{overdue}<' in content
    assert "15 February 2018" in content
    assert "Report to the College for the barred list" in content
    assert 'id="due-this-week-count">0<' in content


def test_a_deadline_due_in_the_next_days_is_due_this_week(
    pages: Pages, build: Build, caseworker: User
) -> None:
    case = build.case(
        on=dt.date(2024, 3, 1),
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        summary="Late for duty.",
    )
    rule = DeadlineRule.objects.filter(
        regime=case.regime, code=ReferralsClock.NOTICE_RESPONSE
    ).first()
    assert rule is not None
    deadline = build.clock(
        case, ReferralsClock.NOTICE_RESPONSE, anchor_on=dt.date(2024, 3, 4)
    )
    assert deadline.owner == caseworker
    two_days_before = deadline.due_on - dt.timedelta(days=2)
    with time_machine.travel(
        dt.datetime.combine(two_days_before, dt.time(9), tzinfo=dt.UTC), tick=False
    ):
        content = pages.html("/")
    assert 'id="case-count">1<' in content
    assert 'id="due-this-week-count">1<' in content
    assert 'id="overdue-count">0<' in content
    assert f"{deadline.due_on.day} {deadline.due_on:%B %Y}" in content
    assert f'href="/cases/{case.pk}/#deadlines"' in content


def test_the_outsider_sees_none_of_northamptonshires_work(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html("/", as_="outsider")
    assert "NH/A/2022/0810" not in content
    assert "NH/C/2016/1114" not in content
    assert 'id="overdue-count">0<' in content


def test_it_carries_the_strict_policy_and_no_inline_code(pages: Pages) -> None:
    pages.strict("/")


@pytest.mark.parametrize("cases", [5, 50])
def test_its_query_count_does_not_grow_with_cases(
    pages: Pages, build: Build, cases: int
) -> None:
    for _ in range(cases):
        build.case(
            on=dt.date(2024, 3, 4),
            trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
            summary="Conduct at a briefing.",
        )
    assert f'id="case-count">{cases}<' in pages.html("/", queries=16)
