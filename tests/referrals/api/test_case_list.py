"""GET /api/v1/cases/: scoping, filters, ordering, cursors, query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from conduct.models import Force, User
from referrals.models import Case, ReferralsClock
from referrals.services.clocks import deadline_open, deadlines_meet
from referrals.services.reminders import deadline_sweep
from tests.assertions import api_refused
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import CASES, walk

pytestmark = pytest.mark.django_db


def references(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


@pytest.fixture
def cases(build: Build, outsider: User, nottinghamshire: Force) -> dict[str, Case]:
    """A: complaint under the 2012 rules, referred (serious assault) and
    investigated independently. B: conduct matter, referred voluntarily,
    awaiting the IOPC. C: internal matter, not referred. N: Nottinghamshire's."""
    a = build.independent(
        on=dt.date(2016, 11, 14),
        reference="NH/A",
        trigger=Case.Trigger.PUBLIC_COMPLAINT,
        factors=["serious_assault"],
        referred_on=dt.date(2016, 11, 21),
        decided_on=dt.date(2016, 12, 1),
    )
    b = build.referred_to_iopc(
        on=dt.date(2024, 3, 1),
        reference="NH/B",
        factors=["voluntary"],
        referred_on=dt.date(2024, 3, 5),
    )
    c = build.case(
        on=dt.date(2023, 1, 9),
        reference="NH/C",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
    )
    in_notts = Build(
        force=nottinghamshire, persona={"caseworker": outsider}.__getitem__
    )
    n = in_notts.case(on=dt.date(2024, 3, 1), reference="NT/N")
    return {"A": a, "B": b, "C": c, "N": n}


def test_psd_users_list_their_forces_cases_newest_first(
    bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    response = bearer_client(caseworker).get(CASES)
    assert references(response) == ["NH/C", "NH/B", "NH/A"]
    row = response.json()["results"][2]
    assert row["force"] == {"code": "nhants", "name": "Northamptonshire Police"}
    assert row["referral"] == {
        "status": "investigating",
        "mode": "independent",
        "factors": ["serious_assault"],
        "referred_on": "2016-11-21",
    }
    assert row["overdue"] is False
    assert response.json()["results"][0]["referral"] is None


def test_iopc_users_list_only_referred_cases(
    bearer_client: Client, iopc_investigator: User, cases: dict[str, Case]
) -> None:
    assert references(bearer_client(iopc_investigator).get(CASES)) == [
        "NH/B",
        "NH/A",
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("outsider", ["NT/N"]), ("administrator", [])],
)
def test_other_personas_see_only_their_scope(
    request: pytest.FixtureRequest,
    bearer_client: Client,
    cases: dict[str, Case],
    persona: str,
    expected: list[str],
) -> None:
    user: User = request.getfixturevalue(persona)
    assert references(bearer_client(user).get(CASES)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["NH/C", "NH/B", "NH/A"]),
        ("status=closed", []),
        ("regime=2012", ["NH/A"]),
        ("trigger=internal_conduct_matter", ["NH/C"]),
        ("factor=voluntary", ["NH/B"]),
        ("factor=serious_assault", ["NH/A"]),
        ("mode=independent", ["NH/A"]),
        ("referred_after=2020-01-01", ["NH/B"]),
        ("referred_before=2020-01-01", ["NH/A"]),
        ("referred_after=2016-11-21&referred_before=2024-03-05", ["NH/B", "NH/A"]),
        ("force=nhants", ["NH/C", "NH/B", "NH/A"]),
        ("force=notts", []),
        ("overdue=false", ["NH/C", "NH/B", "NH/A"]),
        ("ordering=reference", ["NH/A", "NH/B", "NH/C"]),
        ("ordering=-reference", ["NH/C", "NH/B", "NH/A"]),
        ("ordering=came_to_attention_on", ["NH/A", "NH/C", "NH/B"]),
        ("ordering=-came_to_attention_on", ["NH/B", "NH/C", "NH/A"]),
        ("status=open&factor=voluntary&ordering=reference", ["NH/B"]),
    ],
)
def test_filters_and_ordering(
    bearer_client: Client,
    caseworker: User,
    cases: dict[str, Case],
    query: str,
    expected: list[str],
) -> None:
    assert references(bearer_client(caseworker).get(f"{CASES}?{query}")) == expected


def test_force_filter_includes_cases_where_a_subject_belongs_to_the_force(
    build: Build,
    bearer_client: Client,
    caseworker: User,
    outsider: User,
    cases: dict[str, Case],
    *,
    nottinghamshire: Force,
) -> None:
    """Nottinghamshire is the appropriate authority for a subject on NH/C."""
    build.recorded(cases["C"], role=build.role(force=nottinghamshire), allegations=0)
    client = bearer_client(caseworker)
    assert references(client.get(f"{CASES}?force=notts")) == ["NH/C"]
    assert references(bearer_client(outsider).get(CASES)) == ["NT/N", "NH/C"]


def test_stage_lists_cases_with_a_subject_at_it(
    build: Build, bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    build.recorded(cases["C"], allegations=0)
    client = bearer_client(caseworker)
    assert references(client.get(f"{CASES}?stage=recorded")) == ["NH/C"]
    assert references(client.get(f"{CASES}?stage=case_to_answer")) == []


def test_overdue_lists_cases_with_a_missed_deadline(
    bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    deadline = deadline_open(
        case=cases["B"],
        rule_code=ReferralsClock.PROGRESS_REPORT,
        anchor_event="case.came_to_attention",
        anchor_on=cases["B"].came_to_attention_on,
    )
    assert deadline is not None
    deadline_sweep(today=deadline.due_on + dt.timedelta(days=30))
    client = bearer_client(caseworker)
    response = client.get(f"{CASES}?overdue=true")
    assert references(response) == ["NH/B"]
    assert response.json()["results"][0]["overdue"] is True
    assert references(client.get(f"{CASES}?overdue=false")) == ["NH/C", "NH/A"]


def test_each_row_names_the_running_clock_due_first(
    bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    """``next_deadline``: the earliest due of the clocks still running (a
    met one no longer counts); null on a case with none."""
    case = cases["B"]
    later, sooner = (
        deadline_open(
            case=case,
            rule_code=rule,
            anchor_event="case.came_to_attention",
            anchor_on=case.came_to_attention_on,
        )
        for rule in (ReferralsClock.PROGRESS_REPORT, ReferralsClock.IOPC_REFERRAL)
    )
    assert later is not None and sooner is not None
    if later.due_on < sooner.due_on:
        later, sooner = sooner, later
    client = bearer_client(caseworker)

    def next_deadlines() -> dict[str, Any]:
        response = client.get(CASES)
        assert response.status_code == 200, response.content
        return {
            row["reference"]: row["next_deadline"] for row in response.json()["results"]
        }

    listed = next_deadlines()
    assert listed["NH/C"] is None
    assert listed["NH/B"] == {
        "id": sooner.pk,
        "rule": sooner.rule.code,
        "title": sooner.title,
        "subject": None,
        "due_on": sooner.due_on.isoformat(),
        "status": "open",
        "acting_party": sooner.acting_party,
    }
    deadlines_meet(
        case=case, rule_codes=[ReferralsClock(sooner.rule.code)], met_on=sooner.due_on
    )
    assert next_deadlines()["NH/B"]["id"] == later.pk


def test_updated_since_lists_cases_changed_since(
    bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    since = timezone.now()
    # Any change through a service moves updated_at (touch_case).
    Case.objects.filter(pk=cases["B"].pk).update(updated_at=since)
    client = bearer_client(caseworker)
    query = f"{CASES}?updated_since={since.isoformat().replace('+00:00', 'Z')}"
    assert references(client.get(query)) == ["NH/B"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=opne", "status"),
        ("regime=2019", "regime"),
        ("trigger=rumour", "trigger"),
        ("factor=speeding", "factor"),
        ("mode=lenient", "mode"),
        ("force=atlantis", "force"),
        ("overdue=maybe", "overdue"),
        ("referred_after=yesterday", "referred_after"),
        ("referred_before=2024-02-30", "referred_before"),
        ("updated_since=last-tuesday", "updated_since"),
        ("ordering=summary", "ordering"),
        ("stage=opened", "stage"),
    ],
)
def test_an_unknown_filter_value_is_a_400_problem(
    bearer_client: Client,
    caseworker: User,
    cases: dict[str, Case],
    query: str,
    field: str,
) -> None:
    response = bearer_client(caseworker).get(f"{CASES}?{query}")
    body = api_refused(response, 400, rule="filter.value")
    assert body["type"].endswith("/bad-request")
    assert list(body["errors"]) == [field]


def test_an_unknown_parameter_is_a_400_problem(
    bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    response = bearer_client(caseworker).get(f"{CASES}?stauts=open&status=open")
    body = api_refused(response, 400, rule="filter.unknown")
    assert body["type"].endswith("/unknown-fields")
    assert body["errors"] == {"stauts": ["Unknown field."]}


def test_cursor_pages_follow_the_requested_order(
    build: Build, bearer_client: Client, caseworker: User
) -> None:
    for number in range(7):
        build.case(on=dt.date(2024, 1, 1 + number % 3), reference=f"NH/{number}")
    client = bearer_client(caseworker)
    rows = walk(client, f"{CASES}?ordering=came_to_attention_on&page_size=2")
    seen = [row["reference"] for row in rows]
    expected = list(
        Case.objects.order_by("came_to_attention_on", "id").values_list(
            "reference", flat=True
        )
    )
    assert seen == expected


def test_the_list_costs_the_same_queries_whatever_the_page_size(
    build: Build,
    bearer_client: Client,
    caseworker: User,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for number in range(60):
        subject = build.recorded(
            on=dt.date(2024, 3, 1),
            reference=f"NH/Q/{number}",
            role=build.role(identifier=f"Q{number}"),
            allegations=0,
        )
        build.referred_to_iopc(
            subject.case, factors=["voluntary"], referred_on=dt.date(2024, 3, 2)
        )
    client = bearer_client(caseworker)
    client.get(CASES)  # warm up: token last-use write, throttle
    counts = []
    for page_size in (5, 50):
        # The token and its user; the user's forces; the page of cases (with
        # force, referral and the overdue flag); their subjects with person
        # and authority; their next deadlines.
        with django_assert_num_queries(5) as captured:
            response = client.get(f"{CASES}?page_size={page_size}&factor=voluntary")
        assert len(response.json()["results"]) == page_size
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_case_stage_and_referral_list_the_cases_the_dashboard_counts(
    build: Build, bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    """``case_stage``: the stage of the least advanced subject (a case with
    none is at assessment); ``referral``: not referred, or awaiting the
    IOPC's decision."""
    build.recorded(cases["C"], allegations=0)
    client = bearer_client(caseworker)
    assessment = references(client.get(f"{CASES}?case_stage=assessment"))
    assert assessment == ["NH/C", "NH/B", "NH/A"]
    assert references(client.get(f"{CASES}?case_stage=investigation")) == []
    assert references(client.get(f"{CASES}?referral=none")) == ["NH/C"]
    assert references(client.get(f"{CASES}?referral=awaiting")) == ["NH/B"]
    refused = client.get(f"{CASES}?case_stage=hearing")
    assert refused.status_code == 400


def test_progress_report_and_paused_refuse_values_they_do_not_know(
    bearer_client: Client, caseworker: User, cases: dict[str, Case]
) -> None:
    client = bearer_client(caseworker)
    assert references(client.get(f"{CASES}?paused=true")) == []
    assert references(client.get(f"{CASES}?progress_report=late")) == []
    assert client.get(f"{CASES}?paused=yes").status_code == 400
    assert client.get(f"{CASES}?progress_report=soon").status_code == 400
