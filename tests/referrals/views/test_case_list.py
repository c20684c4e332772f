"""The case list, /cases/: the API's filters through the selector, sorting,
pagination, badges, and only the cases the reader may see."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from referrals.models import Case, Deadline
from referrals.selectors.case_list_page import PAGE_SIZE
from tests.builders import Build
from tests.pages import Pages
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db

A, B, C = "NH/A/2022/0810", "NT/B/2020/0601", "NH/C/2016/1114"


def listed(pages: Pages, query: str = "", *, as_: str = "caseworker") -> list[str]:
    """The references in the table, in the order shown."""
    return re.findall(
        r'<a class="govuk-link" href="/cases/\d+/">([^<]+)</a>',
        pages.html(f"/cases/{query}", as_=as_),
    )


def make_cases(build: Build, count: int) -> list[Case]:
    return [
        build.case(
            reference=f"NH/GEN/{number:04d}",
            trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
            on=dt.date(2024, 1, 1) + dt.timedelta(days=number),
            summary=f"Generated case {number}.",
        )
        for number in range(count)
    ]


def only_c_overdue(cases: dict[str, Case]) -> None:
    """Case A's clocks all met; case C's first clock running and past its due
    date but not yet marked missed by the night's sweep (overdue all the
    same), beside C's own clocks."""
    Deadline.objects.filter(case=cases["A"]).update(
        status=Deadline.Status.MET, met_on=dt.date(2024, 1, 8), met_late=True
    )
    deadline = Deadline.objects.filter(case=cases["C"]).order_by("id").first()
    assert deadline is not None
    Deadline.objects.filter(pk=deadline.pk).update(
        status=Deadline.Status.OPEN, due_on=dt.date(2020, 1, 6)
    )


def test_it_needs_a_login(pages: Pages) -> None:
    pages.asks_to_log_in("/cases/")


def test_it_lists_the_caseworkers_cases_with_badges(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    only_c_overdue(reference_cases)
    content = pages.html("/cases/")
    assert sorted(listed(pages)) == [A, C]
    assert 'class="moj-filter-layout"' in content
    assert '<strong class="moj-badge moj-badge--blue">Open</strong>' in content
    assert '<strong class="moj-badge moj-badge--red">Overdue</strong>' in content
    assert "Callum Ridgeway" in content
    assert "IOPC 2016/077885" in content
    # The navigation marks the page; the export keeps the query string.
    assert re.search(r'href="/cases/" aria-current="page">\s*<strong', content)
    assert 'href="/cases/export.csv"' in content


def test_the_outsider_sees_none_of_northamptonshires_cases(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html("/cases/", as_="outsider")
    assert listed(pages, as_="outsider") == [B]
    assert A not in content
    assert C not in content
    assert listed(pages, "?force=nhants", as_="outsider") == []


@dataclass(frozen=True)
class Filter:
    """A filter in the query string, and the cases it leaves."""

    query: str
    expected: list[str]


@parametrize_rows(
    [
        Filter(query="?force=met", expected=[C]),
        Filter(query="?force=nhants", expected=[A, C]),
        Filter(query="?status=open", expected=[A, C]),
        Filter(query="?status=closed", expected=[]),
        Filter(query="?regime=2012", expected=[C]),
        Filter(query="?regime=2020", expected=[A]),
        Filter(query="?trigger=public_complaint", expected=[C]),
        Filter(query="?trigger=recordable_conduct_matter", expected=[A]),
        Filter(query="?factor=voluntary", expected=[C]),
        Filter(query="?factor=serious_sexual_offence", expected=[A]),
        Filter(query="?mode=independent", expected=[C]),
        Filter(query="?mode=local", expected=[A]),
        Filter(query="?referred_after=2020-01-01", expected=[A]),
        Filter(query="?referred_before=2017-01-01", expected=[C]),
        Filter(
            query="?referred_after=2016-01-01&referred_before=2016-12-31", expected=[C]
        ),
        Filter(query="?overdue=true", expected=[C]),
        Filter(query="?updated_since=2000-01-01T00:00:00Z", expected=[A, C]),
        Filter(query="?updated_since=2999-01-01T00:00:00Z", expected=[]),
        # Empty boxes from the form filter nothing.
        Filter(
            query="?force=&status=&regime=&overdue=&referred_after=", expected=[A, C]
        ),
    ]
)
def test_each_filter_narrows_the_list(
    pages: Pages, reference_cases: dict[str, Case], query: str, expected: list[str]
) -> None:
    only_c_overdue(reference_cases)
    assert sorted(listed(pages, query)) == expected


def test_overdue_false_lists_the_cases_without_a_deadline_past_due(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    only_c_overdue(reference_cases)
    assert listed(pages, "?overdue=false") == [A]


def test_a_missed_deadline_is_overdue_and_a_paused_one_is_not(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    only_c_overdue(reference_cases)
    running = Deadline.objects.filter(
        case=reference_cases["C"], status__in=Deadline.RUNNING
    )
    running.update(status=Deadline.Status.MISSED)
    assert listed(pages, "?overdue=true") == [C]
    Deadline.objects.filter(case=reference_cases["C"], status="missed").update(
        status=Deadline.Status.PAUSED
    )
    assert listed(pages, "?overdue=true") == []


def test_a_selected_filter_shows_as_a_tag_that_removes_it(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html("/cases/?regime=2012&mode=independent")
    assert 'id="selected-filters"' in content
    assert (
        '<a class="moj-filter__tag" href="?mode=independent">'
        '<span class="govuk-visually-hidden">Remove this filter</span> 2012</a>'
    ) in content
    assert "Clear filters" in content
    assert 'href="/cases/export.csv?regime=2012&amp;mode=independent"' in content
    # The boxes keep what was chosen, with labels for people, not the API's.
    assert '<option value="2012" selected>' in content
    assert 'for="id_regime">Regime</label>' in content
    assert 'for="id_overdue">Overdue</label>' in content
    assert '<option value="" selected>Any</option>' in content
    assert "---------" not in content


def test_a_value_the_filters_refuse_is_an_error_on_its_field(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html("/cases/?status=opne&referred_after=yesterday")
    assert "<title>Error: Cases" in content
    assert 'class="govuk-error-summary"' in content
    assert '<a href="#id_status">' in content
    assert 'id="id_referred_after-error"' in content
    assert listed(pages, "?status=opne") == []
    assert "Correct the filters to see the cases." in content


@dataclass(frozen=True)
class Ordering:
    """A column to sort by, and the cases in its order."""

    ordering: str
    expected: list[str]


@parametrize_rows(
    [
        Ordering(ordering="reference", expected=[A, C]),
        Ordering(ordering="-reference", expected=[C, A]),
        Ordering(ordering="came_to_attention_on", expected=[C, A]),
        Ordering(ordering="-came_to_attention_on", expected=[A, C]),
    ]
)
def test_it_sorts_by_a_column(
    pages: Pages, reference_cases: dict[str, Case], ordering: str, expected: list[str]
) -> None:
    assert listed(pages, f"?ordering={ordering}") == expected


def test_it_sorts_by_when_a_case_was_updated(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    Case.objects.filter(reference=A).update(
        updated_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    )
    assert listed(pages, "?ordering=-updated_at") == [A, C]
    assert listed(pages, "?ordering=updated_at") == [C, A]


def test_the_column_headers_link_to_the_other_direction(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html("/cases/?regime=2012&ordering=reference")
    assert re.search(
        r'aria-sort="ascending"><a [^>]*href="\?regime=2012&amp;ordering=-reference"',
        content,
    )
    assert re.search(
        r'aria-sort="none"><a [^>]*href="\?regime=2012&amp;'
        r'ordering=-came_to_attention_on"',
        content,
    )


def test_it_pages_with_the_govuk_pagination(pages: Pages, build: Build) -> None:
    make_cases(build, PAGE_SIZE + 3)
    first = pages.html("/cases/?ordering=reference")
    assert 'class="govuk-pagination"' in first
    assert f"Showing 1 to {PAGE_SIZE} of {PAGE_SIZE + 3} cases." in first
    assert 'href="?ordering=reference&amp;page=2" rel="next"' in first
    assert listed(pages, "?ordering=reference")[-1] == f"NH/GEN/{PAGE_SIZE - 1:04d}"
    second = listed(pages, "?ordering=reference&page=2")
    assert second == [
        f"NH/GEN/{number:04d}" for number in range(PAGE_SIZE, PAGE_SIZE + 3)
    ]
    # An impossible page number shows the last page, not an error.
    assert listed(pages, "?ordering=reference&page=99") == second


def test_it_works_without_javascript_as_a_get_form(pages: Pages) -> None:
    content = pages.html("/cases/")
    assert '<form method="get" action="/cases/"' in content
    assert '<form class="moj-search" method="get" action="/search/"' in content


def test_it_carries_the_strict_policy_and_no_inline_code(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    pages.strict("/cases/?regime=2012")


@pytest.mark.parametrize("rows", [5, 50])
def test_its_query_count_does_not_grow_with_rows(
    pages: Pages, build: Build, rows: int
) -> None:
    make_cases(build, rows)
    content = pages.html("/cases/?force=nhants&overdue=false", queries=13)
    assert len(re.findall(r'href="/cases/\d+/"', content)) == rows
