"""The search box, /search/?q=: cases by force or IOPC reference, people by
name (misspelt too) or collar number, allegations by the words of their
summaries, and only what the reader may see."""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

from referrals.models import Case
from referrals.selectors.search import RESULT_LIMIT
from tests.builders import Build
from tests.pages import Pages

pytestmark = pytest.mark.django_db

A, B, C = "NH/A/2022/0810", "NT/B/2020/0601", "NH/C/2016/1114"


def section(content: str, name: str) -> list[str]:
    """The link texts of one result list (cases, people or allegations)."""
    found = re.search(
        rf'<ul class="govuk-list" id="{name}-results">(.*?)</ul>', content, re.S
    )
    if found is None:
        return []
    return re.findall(r'<a class="govuk-link" href="[^"]+">([^<]+)</a>', found.group(1))


def search(pages: Pages, query: str, **read: Any) -> str:
    """The results page for ``query`` (read as :meth:`Pages.get` reads)."""
    return pages.html("/search/", {"q": query}, **read)


def test_it_needs_a_login(pages: Pages) -> None:
    pages.asks_to_log_in("/search/?q=NH")


def test_an_empty_search_shows_just_the_box(pages: Pages) -> None:
    content = search(pages, "  ")
    assert 'id="search-q"' in content
    assert 'id="result-count"' not in content


def test_it_finds_a_case_by_force_reference_exact_or_prefix(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    assert section(search(pages, A), "case") == [A]
    assert section(search(pages, "nh/c/2016"), "case") == [C]
    assert section(search(pages, "NH/"), "case") == [A, C]


def test_it_finds_a_case_by_iopc_reference(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    assert section(search(pages, "2016/077885"), "case") == [C]
    assert section(search(pages, "2016/0778"), "case") == [C]


def test_it_finds_a_misspelt_surname(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    assert section(search(pages, "Ridgway"), "person") == ["Callum Ridgeway"]
    assert section(search(pages, "Calum Ridgway"), "person")[0] == "Callum Ridgeway"
    assert section(search(pages, "Penhalligan"), "person") == ["Isla Penhaligon"]


def test_a_name_of_several_words_finds_people_named_by_each(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    """Each word is like one of the person's names: "Callum Penhaligon" is
    neither Callum Ridgeway nor Isla Penhaligon."""
    assert section(search(pages, "Isla Penhaligon"), "person") == ["Isla Penhaligon"]
    assert section(search(pages, "Callum Penhaligon"), "person") == []


def test_it_finds_a_person_by_collar_number(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = search(pages, "NH202")
    assert section(content, "person") == ["Sean Morrow"]
    assert "NH202, Northamptonshire Police" in content
    # The number from her later force (she transferred to the Met).
    assert section(search(pages, "mp9090"), "person") == ["Dana Whitlow"]


def test_it_finds_words_in_allegation_summaries(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = search(pages, "Interpol")
    assert section(content, "allegation") == [C]
    assert "Did not give Interpol the information it asked for." in content
    # Stemmed: "supervising" finds "Did not supervise the investigation."
    assert section(search(pages, "supervising"), "allegation") == [C, C]
    assert section(search(pages, "sexual communication"), "allegation") == [A]


def test_the_outsider_finds_nothing_of_northamptonshires(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    outsider = functools.partial(search, pages, as_="outsider")
    for query in ("NH/", "2016/077885", "Ridgway", "Ridgeway", "NH202", "Interpol"):
        content = outsider(query)
        assert "0 results" in content, query
        for kind in ("case", "person", "allegation"):
            assert section(content, kind) == []
        for shown in ("NH/A/2022", "NH/C/2016", "Callum", "Morrow", "Interpol the"):
            assert shown not in content, (query, shown)
    # Their own force's case, person and allegation.
    assert section(outsider("NT/B"), "case") == [B]
    assert section(outsider("Brakley"), "person") == ["Owen Brackley"]
    assert section(outsider("vulnerable"), "allegation") == [B]


def test_the_iopc_finds_only_referred_cases(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    assert section(search(pages, "N", as_="iopc_investigator"), "case") == [A, C, B]


def test_the_results_page_carries_the_strict_policy_and_no_inline_code(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.strict("/search/?q=Ridgway")
    assert re.search(r'href="/search/" aria-current="page">\s*<strong', content)


@pytest.mark.parametrize("rows", [5, 50])
def test_its_query_count_does_not_grow_with_results(
    pages: Pages, build: Build, unreferred_case: Case, rows: int
) -> None:
    for number in range(rows):
        build.recorded(
            unreferred_case,
            role=build.role(given_names=f"Extra{number}", family_name="Officer"),
            allegation=f"Officer swore at a member of the public ({number}).",
        )
    content = search(pages, "Officer", queries=13)
    shown = min(rows, RESULT_LIMIT)
    assert len(section(content, "person")) == shown
    assert len(section(content, "allegation")) == shown
