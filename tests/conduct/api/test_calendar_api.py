"""GET /api/v1/calendar/due-date/ and the reference lists it relies on.

Known answers were counted by hand on a 2022-23 calendar (England & Wales):
Christmas 2022 fell on a Sunday, so Mon 26 Dec (Boxing Day), Tue 27 Dec
(Christmas Day observed) and Mon 2 Jan 2023 (New Year's Day observed) were
holidays; Good Friday 7 Apr and Easter Monday 10 Apr 2023; Mon 19 Sep 2022 the
State Funeral of Queen Elizabeth II; Mon 8 May 2023 the Coronation (and Mon
1 May the early May bank holiday).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from conduct import deadlines
from conduct.models import DeadlineRule, NonWorkingDay, User
from tests.referrals.api.helpers import walk

pytestmark = pytest.mark.django_db

DUE_DATE = "/api/v1/calendar/due-date/"
RULES = "/api/v1/reference/deadline-rules/"
DAYS = "/api/v1/reference/non-working-days/"
PROBLEM = "application/problem+json"


@pytest.fixture
def api(bearer_client: Callable[[User], APIClient], caseworker: User) -> APIClient:
    return bearer_client(caseworker)


def ask(client: APIClient, **params: Any) -> dict[str, Any]:
    response = client.get(DUE_DATE, {k.rstrip("_"): v for k, v in params.items()})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def refused(client: APIClient, query: str, status: int) -> dict[str, Any]:
    response = client.get(f"{DUE_DATE}?{query}")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["instance"] == DUE_DATE
    return body


# ------------------------------------------------------------ known answers


@pytest.mark.parametrize(
    ("from_", "pattern", "working_days", "due_on", "skipped"),
    [
        # Christmas 2022: day 1 is Mon 19 Dec; 26, 27 Dec and 2 Jan skipped.
        (
            "2022-12-16",
            "P1",
            10,
            "2023-01-04",
            ["2022-12-26", "2022-12-27", "2023-01-02"],
        ),
        # Easter 2023: Thu 6 Apr; day 1 Tue 11 Apr (Good Friday, Easter Monday).
        ("2023-04-06", "P1", 5, "2023-04-17", ["2023-04-07", "2023-04-10"]),
        # State funeral: Fri 16 Sep 2022; day 1 Tue 20 Sep.
        ("2022-09-16", "P1", 3, "2022-09-22", ["2022-09-19"]),
        # Coronation: Fri 5 May 2023; day 1 Tue 9 May.
        ("2023-05-05", "P1", 5, "2023-05-15", ["2023-05-08"]),
        # P2 counts the day itself: Mon 5 Dec 2022 is day 1, Fri 9 Dec day 5.
        ("2022-12-05", "P2", 5, "2022-12-09", []),
        # The same date by P1 ends a day later.
        ("2022-12-05", "P1", 5, "2022-12-12", []),
        # P2 from a holiday: Boxing Day is skipped, day 1 is Wed 28 Dec.
        (
            "2022-12-26",
            "P2",
            5,
            "2023-01-04",
            ["2022-12-26", "2022-12-27", "2023-01-02"],
        ),
        # P2 from Sat 6 May 2023: day 1 Tue 9 May after the coronation.
        ("2023-05-06", "P2", 1, "2023-05-09", ["2023-05-08"]),
    ],
)
def test_working_day_patterns_give_the_hand_counted_dates(
    api: APIClient,
    *,
    from_: str,
    pattern: str,
    working_days: int,
    due_on: str,
    skipped: list[str],
) -> None:
    body = ask(api, from_=from_, pattern=pattern, working_days=working_days)
    assert body["due_on"] == due_on
    assert body["from"] == from_
    assert body["pattern"] == pattern
    assert body["working_days"] == working_days
    assert body["non_working_days_skipped"] == skipped
    assert body["rule"] is None
    assert body["check_local_policy"] is False


def test_p3_gives_the_window_across_christmas(api: APIClient) -> None:
    # PCR r52(1): not less than 10, not more than 15 WD after Fri 16 Dec 2022.
    body = ask(
        api, from_="2022-12-16", pattern="P3", min_working_days=10, max_working_days=15
    )
    assert body["earliest_on"] == "2023-01-04"
    assert body["latest_on"] == "2023-01-11"
    assert body["due_on"] == "2023-01-11"
    assert body["non_working_days_skipped"] == [
        "2022-12-26",
        "2022-12-27",
        "2023-01-02",
    ]


def test_p3_over_easter_with_an_equal_least_and_most(api: APIClient) -> None:
    body = ask(
        api, from_="2023-04-05", pattern="P3", min_working_days=2, max_working_days=2
    )
    # Thu 6 Apr is day 1; Good Friday and Easter Monday are skipped.
    assert body["earliest_on"] == body["latest_on"] == "2023-04-11"


@pytest.mark.parametrize(
    ("query", "due_on"),
    [
        # 12 months beginning with 1 Dec 2020 end on 30 Nov 2021 (PCR r19).
        ({"months": 12}, "2021-11-30"),
        # Then 6 months beginning with the day after: 1 Dec 2021 - 31 May 2022.
        ({"months": 12, "then_months": 6, "period": 2}, "2022-05-31"),
        ({"months": 12, "then_months": 6, "period": 3}, "2022-11-30"),
        # Without then_months every period is as long as the first.
        ({"months": 12, "period": 2}, "2022-11-30"),
    ],
)
def test_p4_gives_the_last_day_of_the_period(
    api: APIClient, query: dict[str, int], due_on: str
) -> None:
    body = ask(api, from_="2020-12-01", pattern="P4", **query)
    assert body["due_on"] == due_on
    assert body["non_working_days_skipped"] == []


# ------------------------------------------------------------------ rules


def test_a_rule_is_counted_with_its_own_period_and_described(
    api: APIClient,
) -> None:
    body = ask(api, from_="2022-12-16", rule="referral_response")
    # PCR r31(1): 15 WD, P1, over Christmas and the New Year bank holidays.
    assert body["due_on"] == "2023-01-11"
    assert body["rule"] == {
        "code": "referral_response",
        "regime": "2020",
        "title": "Subject's response to the notice of referral",
        "source": "PCR r31(1)",
        "who_acts": "Subject",
        "verified": True,
        "extendable": True,
        "extendable_by": "Chair (exceptional circumstances)",
        "duration_label": "15 working days (P1)",
    }
    assert body["check_local_policy"] is False


def test_an_unverified_rule_says_check_local_policy(api: APIClient) -> None:
    body = ask(api, from_="2023-03-01", rule="meeting_timing")
    assert body["due_on"] == "2023-03-29"  # 20 WD from Thu 2 Mar
    assert body["rule"]["verified"] is False
    assert body["check_local_policy"] is True


def test_the_2012_regime_copy_is_unverified(api: APIClient) -> None:
    body = ask(api, from_="2022-12-16", rule="notice_response", regime="2012")
    assert body["due_on"] == "2023-01-04"
    assert body["rule"]["regime"] == "2012"
    assert body["check_local_policy"] is True


def test_a_p2_rule_counts_the_day_itself(api: APIClient) -> None:
    # BL Regs r3(1): 5 WD beginning with Mon 5 Dec 2022.
    body = ask(api, from_="2022-12-05", rule="barred_list_report")
    assert body["due_on"] == "2022-12-09"
    assert body["pattern"] == "P2"


def test_a_repeating_p4_rule_takes_a_period(api: APIClient) -> None:
    body = ask(api, from_="2020-12-01", rule="progress_report", period=2)
    assert body["due_on"] == "2022-05-31"
    assert body["period"] == 2


def test_a_locally_changed_rule_is_counted_as_changed(api: APIClient) -> None:
    DeadlineRule.objects.filter(regime="2020", code="witness_lists").update(
        working_days=4
    )
    body = ask(api, from_="2022-12-16", rule="witness_lists")
    # 4 WD: Mon 19 - Thu 22 Dec.
    assert body["due_on"] == "2022-12-22"


def test_an_inactive_rule_is_refused_naming_why(api: APIClient) -> None:
    body = refused(api, "from=2023-03-01&rule=hearing_notice", 422)
    assert body["errors"] == {
        "rule": [
            deadlines.RULE_INACTIVE.format(
                code="hearing_notice",
                regime="2020",
                why="No period found; set one locally before activating.",
            )
        ]
    }


def test_an_uncomputable_rule_is_refused_naming_why(api: APIClient) -> None:
    # Active with no period cannot be stored (a CHECK constraint); an
    # inactive rule with neither notes nor period says what it lacks.
    DeadlineRule.objects.filter(regime="2020", code="hearing_notice").update(notes="")
    body = refused(api, "from=2023-03-01&rule=hearing_notice", 422)
    assert "A P1 rule needs a number of working days." in body["errors"]["rule"][0]


def test_an_unknown_rule_is_refused(api: APIClient) -> None:
    body = refused(api, "from=2023-03-01&rule=no_such_rule", 422)
    assert body["errors"] == {
        "rule": [deadlines.NO_SUCH_RULE.format(code="no_such_rule", regime="2020")]
    }


# ------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("pattern=P1&working_days=10", "from", "This field is required."),
        (
            "from=16/12/2022&pattern=P1&working_days=10",
            "from",
            "Date has wrong format.",
        ),
        (
            "from=2022-02-30&pattern=P1&working_days=10",
            "from",
            "Date has wrong format.",
        ),
        ("from=2022-12-16&pattern=P9&working_days=10", "pattern", "not a valid choice"),
        (
            "from=2022-12-16&pattern=P1&working_days=0",
            "working_days",
            "greater than or equal to 1",
        ),
        (
            "from=2022-12-16&pattern=P1&working_days=366",
            "working_days",
            "less than or equal to 365",
        ),
        (
            "from=2022-12-16&pattern=P1&working_days=ten",
            "working_days",
            "valid integer",
        ),
        (
            "from=2022-12-16&pattern=P1",
            "working_days",
            deadlines.MISSING_COUNT["working_days"],
        ),
        (
            "from=2022-12-16&pattern=P3&min_working_days=10",
            "max_working_days",
            deadlines.MISSING_COUNT["max_working_days"],
        ),
        (
            "from=2022-12-16&pattern=P3&min_working_days=15&max_working_days=10",
            "max_working_days",
            deadlines.MAX_BELOW_MIN,
        ),
        ("from=2022-12-16&pattern=P4", "months", deadlines.MISSING_COUNT["months"]),
        (
            "from=2022-12-16&pattern=P4&months=121",
            "months",
            "less than or equal to 120",
        ),
        (
            "from=2022-12-16&pattern=P1&working_days=5&months=3",
            "months",
            "Not used when counting with P1.",
        ),
        (
            "from=2022-12-16&rule=notice_response&working_days=5",
            "working_days",
            deadlines.NOT_USED_BY_RULE,
        ),
        (
            "from=2022-12-16&rule=notice_response&pattern=P1",
            "rule",
            "Give either a pattern or a rule.",
        ),
        ("from=2022-12-16", "pattern", "Give either a pattern or a rule."),
        (
            "from=2022-12-16&rule=notice_response&regime=2008",
            "regime",
            "not a valid choice",
        ),
        (
            "from=2007-12-31&pattern=P1&working_days=5",
            "from",
            deadlines.DATE_OUTSIDE_CALENDAR,
        ),
        (
            "from=2041-01-02&pattern=P1&working_days=5",
            "from",
            deadlines.DATE_OUTSIDE_CALENDAR,
        ),
        (
            "from=2040-12-20&pattern=P1&working_days=20",
            "from",
            deadlines.ANSWER_OUTSIDE_CALENDAR,
        ),
        (
            "from=1999-01-01&rule=notice_response",
            "from",
            deadlines.DATE_OUTSIDE_CALENDAR,
        ),
    ],
)
def test_invalid_values_are_422_problems_naming_the_parameter(
    api: APIClient, query: str, field: str, message: str
) -> None:
    body = refused(api, query, 422)
    assert body["type"] == "https://conduct.invalid/problems/invalid-values"
    assert message in " ".join(body["errors"][field])


def test_the_last_seeded_day_is_still_answered(api: APIClient) -> None:
    # Fri 29 Dec 2040 + 1 WD is Mon 31 Dec 2040 (no holiday seeded on it).
    body = ask(api, from_="2040-12-28", pattern="P1", working_days=1)
    assert body["due_on"] == "2040-12-31"


def test_the_longest_count_reads_enough_holidays(api: APIClient) -> None:
    # 365 WD from Fri 16 Dec 2022 end in 2024: every holiday on the way is
    # skipped, none missed for want of reading far enough ahead.
    body = ask(api, from_="2022-12-16", pattern="P1", working_days=365)
    skipped = body["non_working_days_skipped"]
    assert "2023-12-25" in skipped
    assert body["due_on"] > "2024-05-01"
    expected = list(
        NonWorkingDay.objects.filter(
            date__gt="2022-12-16", date__lte=body["due_on"]
        ).values_list("date", flat=True)
    )
    assert skipped == [day.isoformat() for day in expected]


def test_unknown_parameters_are_400_even_with_other_errors(api: APIClient) -> None:
    body = refused(api, "from=bad&pattern=P1&working_day=10", 400)
    assert body["type"] == "https://conduct.invalid/problems/unknown-fields"
    assert body["errors"] == {"working_day": ["Unknown field."]}


def test_anonymous_callers_get_401(api_client: APIClient) -> None:
    for path in (DUE_DATE + "?from=2022-12-16&pattern=P1&working_days=10", RULES, DAYS):
        response = api_client.get(path)
        assert response.status_code == 401
        assert response["Content-Type"] == PROBLEM
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_browser_session_may_ask(
    api_client: APIClient, manager: User
) -> None:
    api_client.force_login(manager)
    response = api_client.get(
        DUE_DATE, {"from": "2022-09-16", "pattern": "P1", "working_days": "3"}
    )
    assert response.status_code == 200
    assert response.json()["due_on"] == "2022-09-22"


# --------------------------------------------------------- reference lists


def test_the_deadline_rules_are_listed_across_pages(api: APIClient) -> None:
    rows = walk(api, RULES + "?page_size=7")
    assert len(rows) == DeadlineRule.objects.count()
    assert len({(row["regime"], row["code"]) for row in rows}) == len(rows)
    hearing_notice = next(
        row
        for row in rows
        if row["code"] == "hearing_notice" and row["regime"] == "2020"
    )
    assert hearing_notice["is_active"] is False
    assert hearing_notice["verified"] is False
    window = next(
        row
        for row in rows
        if row["code"] == "accelerated_hearing_window" and row["regime"] == "2020"
    )
    assert window == {
        "code": "accelerated_hearing_window",
        "regime": "2020",
        "title": "Accelerated misconduct hearing date",
        "pattern": "P3",
        "working_days": None,
        "min_working_days": 10,
        "max_working_days": 15,
        "months": None,
        "then_months": None,
        "calendar_days": None,
        "duration_label": "10 to 15 working days (P3)",
        "who_acts": "Appropriate authority",
        "source": "PCR r52(1)",
        "verified": True,
        "extendable": False,
        "extendable_by": "",
        "is_active": True,
    }


def test_the_deadline_rules_filter_by_regime(api: APIClient) -> None:
    rows = walk(api, RULES + "?regime=2012")
    assert rows
    assert {row["regime"] for row in rows} == {"2012"}
    body = api.get(RULES + "?regime=1999").json()
    assert body["status"] == 422
    assert "regime" in body["errors"]


def test_non_working_days_are_listed_by_date_with_names(api: APIClient) -> None:
    rows = walk(api, DAYS + "?from=2022-09-01&to=2023-05-31")
    assert rows[0] == {
        "date": "2022-09-19",
        "name": "State Funeral of Queen Elizabeth II",
    }
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates)
    assert "2023-04-07" in dates  # Good Friday
    assert "2023-05-08" in dates  # Coronation
    assert dates[-1] == "2023-05-29"


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("from=2023-01-31&to=2023-01-01", 422, "to"),
        ("from=31/01/2023", 422, "from"),
        ("year=2023", 400, "year"),
    ],
)
def test_non_working_days_refuse_bad_ranges(
    api: APIClient, query: str, status: int, field: str
) -> None:
    response = api.get(f"{DAYS}?{query}")
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    assert field in response.json()["errors"]


def test_the_schema_documents_the_calculator(api: APIClient) -> None:
    schema = api.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"][DUE_DATE]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"from", "pattern", "working_days", "rule", "regime", "period"} <= names
    assert {"200", "400", "401", "422"} <= set(operation["responses"])
    examples = operation["responses"]["422"]["content"][PROBLEM]["examples"]
    assert "InactiveRule" in examples
    assert RULES in schema["paths"]
    assert DAYS in schema["paths"]
