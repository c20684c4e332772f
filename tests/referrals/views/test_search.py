"""The search box, /search/?q=: cases by force or IOPC reference, people by
name (misspelt too) or collar number, allegations by the words of their
summaries, and only what the reader may see."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conduct.models import User
from referrals.models import Case
from referrals.selectors.search import RESULT_LIMIT
from tests.builders import Build
from tests.test_frontend import EXPECTED_POLICY, inline_code, policy_of

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


def search(client: Client, query: str) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_it_needs_a_login(client: Client) -> None:
    response = client.get("/search/?q=NH")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_empty_search_shows_just_the_box(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)
    content = search(client, "  ")
    assert 'id="search-q"' in content
    assert 'id="result-count"' not in content


def test_it_finds_a_case_by_force_reference_exact_or_prefix(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    assert section(search(client, A), "case") == [A]
    assert section(search(client, "nh/c/2016"), "case") == [C]
    assert section(search(client, "NH/"), "case") == [A, C]


def test_it_finds_a_case_by_iopc_reference(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    assert section(search(client, "2016/077885"), "case") == [C]
    assert section(search(client, "2016/0778"), "case") == [C]


def test_it_finds_a_misspelt_surname(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    assert section(search(client, "Ridgway"), "person") == ["Callum Ridgeway"]
    assert section(search(client, "Calum Ridgway"), "person")[0] == "Callum Ridgeway"
    assert section(search(client, "Penhalligan"), "person") == ["Isla Penhaligon"]


def test_it_finds_a_person_by_collar_number(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    content = search(client, "NH202")
    assert section(content, "person") == ["Sean Morrow"]
    assert "NH202, Northamptonshire Police" in content
    # The number from her later force (she transferred to the Met).
    assert section(search(client, "mp9090"), "person") == ["Dana Whitlow"]


def test_it_finds_words_in_allegation_summaries(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    content = search(client, "Interpol")
    assert section(content, "allegation") == [C]
    assert "Did not give Interpol the information it asked for." in content
    # Stemmed: "supervising" finds "Did not supervise the investigation."
    assert section(search(client, "supervising"), "allegation") == [C, C]
    assert section(search(client, "sexual communication"), "allegation") == [A]


def test_the_outsider_finds_nothing_of_northamptonshires(
    client: Client, outsider: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(outsider)
    for query in ("NH/", "2016/077885", "Ridgway", "Ridgeway", "NH202", "Interpol"):
        content = search(client, query)
        assert "0 results" in content, query
        for kind in ("case", "person", "allegation"):
            assert section(content, kind) == []
        for shown in ("NH/A/2022", "NH/C/2016", "Callum", "Morrow", "Interpol the"):
            assert shown not in content, (query, shown)
    # Their own force's case, person and allegation.
    assert section(search(client, "NT/B"), "case") == [B]
    assert section(search(client, "Brakley"), "person") == ["Owen Brackley"]
    assert section(search(client, "vulnerable"), "allegation") == [B]


def test_the_iopc_finds_only_referred_cases(
    client: Client, iopc_investigator: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(iopc_investigator)
    assert section(search(client, "N"), "case") == [A, C, B]


def test_the_results_page_carries_the_strict_policy_and_no_inline_code(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    response = client.get("/search/", {"q": "Ridgway"})
    assert policy_of(response["Content-Security-Policy"]) == EXPECTED_POLICY
    assert inline_code(response.content.decode()) == []
    assert re.search(
        r'href="/search/" aria-current="page">\s*<strong', response.content.decode()
    )


@pytest.mark.parametrize("rows", [5, 50])
def test_its_query_count_does_not_grow_with_results(
    client: Client,
    build: Build,
    unreferred_case: Case,
    rows: int,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for number in range(rows):
        build.recorded(
            unreferred_case,
            role=build.role(given_names=f"Extra{number}", family_name="Officer"),
            allegation=f"Officer swore at a member of the public ({number}).",
        )
    client.force_login(build.caseworker)
    with django_assert_max_num_queries(12):
        content = search(client, "Officer")
    shown = min(rows, RESULT_LIMIT)
    assert len(section(content, "person")) == shown
    assert len(section(content, "allegation")) == shown
