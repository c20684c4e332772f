"""The due-date calculator page (/calendar/due-date/) and the pure pieces
behind it in conduct.deadlines. Holidays as in tests/conduct/api/
test_calendar_api.py (Christmas 2022, Easter 2023, the 19 Sep 2022 state
funeral and the 8 May 2023 coronation)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from conduct import deadlines
from conduct.deadlines import CalculationError, DueDateQuestion
from conduct.forms.due_date import (
    DATE_INCOMPLETE,
    DATE_MISSING,
    DATE_NOT_REAL,
    PATTERN_MISSING,
)
from conduct.models import User
from conduct.selectors.calendar import due_date_answer
from tests.rows import parametrize_rows
from tests.test_frontend import inline_code

PAGE = "/calendar/due-date/"
D = dt.date
CHRISTMAS_2022 = {
    D(2022, 12, 26): "Boxing Day",
    D(2022, 12, 27): "Christmas Day (observed)",
    D(2023, 1, 2): "New Year's Day (observed)",
}


def page(client: Client, **params: Any) -> str:
    response = client.get(PAGE, params)
    assert response.status_code == 200
    return response.content.decode()


def answer_row(html: str, row_id: str) -> str:
    match = re.search(rf'id="{row_id}">\s*(.*?)\s*</dd>', html, re.DOTALL)
    assert match is not None, row_id
    return match.group(1)


def error_summary(html: str) -> list[tuple[str, str]]:
    """(link target, message) of each entry of the GOV.UK error summary."""
    assert 'class="govuk-error-summary"' in html
    summary = html[html.index('class="govuk-error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary)


# ------------------------------------------------------------ pure pieces


def test_the_calculation_names_the_skipped_holidays() -> None:
    rule = deadlines.rule_for_pattern(
        DueDateQuestion(anchor=D(2022, 12, 16), pattern="P1", working_days=10)
    )
    answer = deadlines.calculate_due_date(
        rule, D(2022, 12, 16), CHRISTMAS_2022, is_stored=False
    )
    assert answer.due_on == D(2023, 1, 4)
    assert answer.skipped == tuple(CHRISTMAS_2022.items())
    assert answer.check_local_policy is False


def test_the_calculation_reads_ahead_far_enough_for_any_count() -> None:
    rule = deadlines.rule_for_pattern(
        DueDateQuestion(
            anchor=D(2022, 12, 16),
            pattern="P3",
            min_working_days=1,
            max_working_days=deadlines.MAX_WORKING_DAYS,
        )
    )
    first, last = deadlines.calendar_needed(rule, D(2022, 12, 16))
    assert first == D(2022, 12, 16)
    # Even if every weekday of the span were a holiday but one in five,
    # weekends alone leave well over 365 working days before ``last``.
    weekdays = sum(
        1
        for offset in range((last - first).days)
        if (first + dt.timedelta(days=offset)).weekday() < 5
    )
    assert weekdays - 40 >= deadlines.MAX_WORKING_DAYS


@pytest.mark.django_db
def test_a_question_missing_its_counts_names_each() -> None:
    with pytest.raises(CalculationError) as raised:
        due_date_answer(DueDateQuestion(anchor=D(2022, 12, 16), pattern="P3"))
    assert raised.value.errors == {
        "min_working_days": [deadlines.MISSING_COUNT["min_working_days"]],
        "max_working_days": [deadlines.MISSING_COUNT["max_working_days"]],
    }


# ------------------------------------------------------------------- page


@pytest.mark.django_db
def test_the_page_needs_a_login(client: Client) -> None:
    response = client.get(PAGE + "?from_day=16")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/calendar/")


@pytest.mark.django_db
def test_the_empty_page_is_a_form_without_errors(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    html = page(client)
    assert "<h1" in html
    assert "Due-date calculator" in html
    assert "govuk-error-summary" not in html
    assert 'id="answer"' not in html
    assert '<form method="get" action="/calendar/due-date/"' in html
    assert 'class="govuk-date-input"' in html
    assert 'class="govuk-radios"' in html
    # Every rule can be chosen, by code.
    assert '<option value="notice_response">' in html
    # The navigation marks the page as current.
    assert re.search(r'href="/calendar/due-date/" aria-current="page"', html)
    assert inline_code(html) == []


@pytest.mark.django_db
def test_the_answer_across_christmas_lists_the_skipped_holidays(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    html = page(
        client,
        from_day="16",
        from_month="12",
        from_year="2022",
        pattern="P1",
        working_days="10",
    )
    assert "govuk-error-summary" not in html
    assert "Wednesday 4 January 2023" in answer_row(html, "due-on")
    skipped = answer_row(html, "skipped")
    assert re.findall(r'datetime="([\d-]+)"', skipped) == [
        "2022-12-26",
        "2022-12-27",
        "2023-01-02",
    ]
    assert "Boxing Day" in skipped
    assert "check local policy" not in html.lower()
    # What was asked stays in the form, ready to change.
    assert re.search(r'name="from_day"[^>]*value="16"', html)
    assert 'value="P1" aria-describedby="pattern-P1-hint" checked' in html
    assert inline_code(html) == []


@pytest.mark.django_db
def test_the_p3_window_over_easter(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)
    html = page(
        client,
        from_day="6",
        from_month="4",
        from_year="2023",
        pattern="P3",
        min_working_days="1",
        max_working_days="3",
    )
    # Thu 6 Apr 2023: Good Friday and Easter Monday are skipped.
    assert "Tuesday 11 April 2023" in answer_row(html, "earliest-on")
    assert "Thursday 13 April 2023" in answer_row(html, "latest-on")
    assert "Good Friday" in answer_row(html, "skipped")


@pytest.mark.django_db
def test_a_p4_period_needs_no_holidays(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)
    html = page(
        client,
        from_day="1",
        from_month="12",
        from_year="2020",
        pattern="P4",
        months="12",
        then_months="6",
        period="2",
        working_days="99",  # typed earlier for another pattern: ignored
    )
    assert "Tuesday 31 May 2022" in answer_row(html, "due-on")
    assert "calendar periods count every day" in answer_row(html, "skipped")


@pytest.mark.django_db
def test_an_unverified_rule_shows_check_local_policy(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)
    html = page(
        client,
        from_day="1",
        from_month="3",
        from_year="2023",
        pattern="rule",
        rule="meeting_timing",
        regime="2020",
    )
    assert "Wednesday 29 March 2023" in answer_row(html, "due-on")
    assert 'class="govuk-warning-text"' in html
    assert "Check local policy" in html
    assert "Misconduct meeting to be held" in html
    assert "PCR r34" in html
    assert '<option value="meeting_timing" selected>' in html


@pytest.mark.django_db
def test_a_verified_rule_has_no_warning(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)
    html = page(
        client,
        from_day="16",
        from_month="9",
        from_year="2022",
        pattern="rule",
        rule="witness_lists",
    )
    # PCR r31(4): 3 WD after Fri 16 Sep 2022, past the state funeral.
    assert "Thursday 22 September 2022" in answer_row(html, "due-on")
    assert "State Funeral" in answer_row(html, "skipped")
    assert "govuk-warning-text" not in html


@dataclass(frozen=True)
class BadQuery:
    """A calculator query refused, and what the page shows."""

    params: dict[str, str]
    expected: list[tuple[str, str]]


@pytest.mark.django_db
@parametrize_rows(
    [
        BadQuery(
            params={"pattern": "P1", "working_days": "5"},
            expected=[("id_from_day", DATE_MISSING)],
        ),
        BadQuery(
            params={
                "from_day": "16",
                "from_year": "2022",
                "pattern": "P1",
                "working_days": "5",
            },
            expected=[("id_from_month", DATE_INCOMPLETE.format(missing="month"))],
        ),
        BadQuery(
            params={"from_day": "30", "from_month": "2", "from_year": "2023"},
            expected=[
                ("id_from_day", DATE_NOT_REAL),
                ("id_pattern_0", PATTERN_MISSING),
            ],
        ),
        BadQuery(
            params={
                "from_day": "5",
                "from_month": "5",
                "from_year": "2023",
                "pattern": "P1",
                "working_days": "400",
            },
            expected=[
                ("id_working_days", "Number of working days must be 365 or fewer")
            ],
        ),
        BadQuery(
            params={
                "from_day": "5",
                "from_month": "5",
                "from_year": "2023",
                "pattern": "P3",
                "min_working_days": "10",
                "max_working_days": "5",
            },
            expected=[("id_max_working_days", deadlines.MAX_BELOW_MIN)],
        ),
        BadQuery(
            params={
                "from_day": "5",
                "from_month": "5",
                "from_year": "2007",
                "pattern": "P1",
            },
            expected=[
                ("id_from_day", deadlines.DATE_OUTSIDE_CALENDAR),
            ],
        ),
        BadQuery(
            params={
                "from_day": "5",
                "from_month": "5",
                "from_year": "2023",
                "pattern": "rule",
                "rule": "hearing_notice",
            },
            expected=[
                (
                    "id_rule",
                    deadlines.RULE_INACTIVE.format(
                        code="hearing_notice",
                        regime="2020",
                        why="No period found; set one locally before activating.",
                    ),
                )
            ],
        ),
        BadQuery(
            params={
                "from_day": "5",
                "from_month": "5",
                "from_year": "2023",
                "pattern": "rule",
            },
            expected=[("id_rule", "Select a time limit")],
        ),
    ]
)
def test_errors_are_summarised_linked_and_keep_what_was_typed(
    client: Client,
    caseworker: User,
    params: dict[str, str],
    expected: list[tuple[str, str]],
) -> None:
    client.force_login(caseworker)
    html = page(client, **params)
    assert html.count("<title>Error: ") == 1
    assert [
        (target, message.replace("&#x27;", "'"))
        for target, message in error_summary(html)
    ] == expected
    assert 'id="answer"' not in html
    # The message is also next to its field.
    assert 'class="govuk-error-message"' in html
    for name, value in params.items():
        if name in {"pattern", "rule", "regime"}:
            continue
        assert re.search(rf'name="{name}"[^>]*value="{value}"', html), name
    if params.get("pattern"):
        assert f'value="{params["pattern"]}" aria-describedby' in html
        assert re.search(rf'value="{params["pattern"]}"[^>]*checked', html)
    assert inline_code(html) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parts", "message", "marked"),
    [
        (("16", "", ""), DATE_INCOMPLETE.format(missing="month and year"), "my"),
        (("", "12", "2022"), DATE_INCOMPLETE.format(missing="day"), "d"),
        (("16", "12", "22"), "Year must include 4 numbers", "dmy"),
        (("16", "12", "20x2"), DATE_NOT_REAL, "dmy"),
    ],
)
def test_the_date_is_the_govuk_date_input_of_the_steps(
    client: Client,
    caseworker: User,
    parts: tuple[str, str, str],
    message: str,
    marked: str,
) -> None:
    """The form kit's date: only the boxes in error are marked, the summary
    links to the first of them, and a year needs 4 numbers."""
    client.force_login(caseworker)
    boxes = ("day", "month", "year")
    html = page(
        client,
        pattern="P1",
        working_days="5",
        **{f"from_{box}": part for box, part in zip(boxes, parts, strict=True)},
    )
    in_error = re.findall(r'govuk-input--error" id="id_from_([a-z]+)"', html)
    assert in_error == [box for box in boxes if box[0] in marked]
    assert error_summary(html) == [(f"id_from_{in_error[0]}", message)]


@pytest.mark.django_db
def test_a_post_is_refused(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)
    assert client.post(PAGE, {}).status_code == 405


# -------------------------------------------------- the page and the API


@dataclass(frozen=True)
class SameQuestion:
    """One question, as the page and as the API are asked it."""

    page_params: dict[str, str]
    api_params: dict[str, str]


@pytest.mark.django_db
@parametrize_rows(
    [
        SameQuestion(
            page_params={"pattern": "P1", "working_days": "10"},
            api_params={"pattern": "P1", "working_days": "10"},
        ),
        SameQuestion(
            page_params={"pattern": "P2", "working_days": "7"},
            api_params={"pattern": "P2", "working_days": "7"},
        ),
        SameQuestion(
            page_params={"pattern": "P4", "months": "12"},
            api_params={"pattern": "P4", "months": "12"},
        ),
        SameQuestion(
            page_params={"pattern": "rule", "rule": "meeting_appeal"},
            api_params={"rule": "meeting_appeal"},
        ),
        SameQuestion(
            page_params={
                "pattern": "rule",
                "rule": "advisory_list_report",
                "regime": "2012",
            },
            api_params={"rule": "advisory_list_report", "regime": "2012"},
        ),
    ]
)
@pytest.mark.parametrize("anchor", [D(2022, 12, 16), D(2023, 5, 5), D(2022, 9, 16)])
def test_the_page_and_the_api_agree(
    client: Client,
    caseworker: User,
    page_params: dict[str, str],
    api_params: dict[str, str],
    anchor: dt.date,
) -> None:
    client.force_login(caseworker)
    html = page(
        client,
        from_day=str(anchor.day),
        from_month=str(anchor.month),
        from_year=str(anchor.year),
        **page_params,
    )
    api = APIClient()
    api.force_login(caseworker)
    body = api.get(
        "/api/v1/calendar/due-date/", {"from": anchor.isoformat(), **api_params}
    ).json()
    due_on = D.fromisoformat(body["due_on"])
    assert f"{due_on:%A} {due_on.day} {due_on:%B %Y}" in answer_row(html, "due-on")
    shown = re.findall(r'datetime="([\d-]+)"', answer_row(html, "skipped"))
    assert shown == body["non_working_days_skipped"]
    assert ("govuk-warning-text" in html) is body["check_local_policy"]
