"""The person page, /people/<id>/ (the integrity view): roles and history
across forces, and only the cases the reader may see."""

from __future__ import annotations

import re

import pytest

from conduct.models import Person
from referrals.models import Case, Subject
from tests.builders import Build
from tests.pages import Pages

pytestmark = pytest.mark.django_db


def person_of(case: Case, family_name: str) -> Person:
    return Subject.objects.get(case=case, person__family_name=family_name).person


def url(person: Person) -> str:
    return f"/people/{person.pk}/"


def test_it_needs_a_login(pages: Pages, reference_cases: dict[str, Case]) -> None:
    pages.asks_to_log_in(url(person_of(reference_cases["C"], "Whitlow")))


def test_it_shows_roles_across_forces_cases_and_outcomes(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html(url(person_of(reference_cases["C"], "Whitlow")))
    assert "Dana Whitlow" in content
    # Roles in both forces, past ones with their end, and the transfer.
    assert "Northamptonshire Police" in content
    assert "Metropolitan Police Service" in content
    assert "NH101" in content
    assert "MP9090" in content
    assert "Detective Constable" in content
    assert "Transferred" in content
    # The case, its outcome and the list reports on it.
    assert f'href="/cases/{reference_cases["C"].pk}/"' in content
    assert "Would not have been dismissed" in content
    assert "Advisory list report" in content


def test_it_shows_a_resignation_and_barred_list_report_for_case_a(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    content = pages.html(url(person_of(reference_cases["A"], "Ridgeway")))
    assert "Special constable" in content
    assert "S7781" in content
    assert "Resigned" in content
    assert "Would have been dismissed" in content
    assert "Barred list report" in content


def test_it_is_a_404_for_a_person_on_no_visible_case(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    person = person_of(reference_cases["C"], "Whitlow")
    assert "Whitlow" not in pages.html(url(person), as_="outsider", status=404)


def test_it_is_a_404_for_the_iopc_when_the_case_was_never_referred(
    pages: Pages, build: Build, unreferred_case: Case
) -> None:
    subject = build.recorded(unreferred_case)
    pages.get(url(subject.person), as_="iopc_investigator", status=404)


def test_it_carries_the_strict_policy_and_no_inline_code(
    pages: Pages, reference_cases: dict[str, Case]
) -> None:
    pages.strict(url(person_of(reference_cases["C"], "Whitlow")))


@pytest.mark.parametrize("cases", [5, 50])
def test_its_query_count_does_not_grow_with_cases(
    pages: Pages, build: Build, cases: int
) -> None:
    person: Person | None = None
    for number in range(cases):
        role = build.role(person=person, identifier=f"RT{number}")
        person = role.person
        build.recorded(role=role, allegation=f"Allegation on case {number}")
    assert person is not None
    content = pages.html(url(person), queries=20)
    assert f"Allegation on case {cases - 1}" in content
    # Links to case pages (the service navigation links to the list, /cases/).
    assert len(re.findall(r'href="/cases/\d+/', content)) == cases
