"""The person page, /people/<id>/ (the integrity view): roles and history
across forces, and only the cases the reader may see."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conduct.models import Person, User
from referrals.models import Case, Subject
from tests.builders import Build
from tests.test_frontend import EXPECTED_POLICY, inline_code, policy_of

pytestmark = pytest.mark.django_db


def person_of(case: Case, family_name: str) -> Person:
    return Subject.objects.get(case=case, person__family_name=family_name).person


def url(person: Person) -> str:
    return f"/people/{person.pk}/"


def test_it_needs_a_login(client: Client, reference_cases: dict[str, Case]) -> None:
    response = client.get(url(person_of(reference_cases["C"], "Whitlow")))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_roles_across_forces_cases_and_outcomes(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    person = person_of(reference_cases["C"], "Whitlow")
    client.force_login(caseworker)
    response = client.get(url(person))
    assert response.status_code == 200
    content = response.content.decode()
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
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    content = client.get(
        url(person_of(reference_cases["A"], "Ridgeway"))
    ).content.decode()
    assert "Special constable" in content
    assert "S7781" in content
    assert "Resigned" in content
    assert "Would have been dismissed" in content
    assert "Barred list report" in content


def test_it_is_a_404_for_a_person_on_no_visible_case(
    client: Client, outsider: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(outsider)
    person = person_of(reference_cases["C"], "Whitlow")
    response = client.get(url(person))
    assert response.status_code == 404
    assert "Whitlow" not in response.content.decode()


def test_it_is_a_404_for_the_iopc_when_the_case_was_never_referred(
    client: Client, iopc_investigator: User, build: Build, unreferred_case: Case
) -> None:
    subject = build.recorded(unreferred_case)
    client.force_login(iopc_investigator)
    assert client.get(url(subject.person)).status_code == 404


def test_it_carries_the_strict_policy_and_no_inline_code(
    client: Client, caseworker: User, reference_cases: dict[str, Case]
) -> None:
    client.force_login(caseworker)
    response = client.get(url(person_of(reference_cases["C"], "Whitlow")))
    assert policy_of(response["Content-Security-Policy"]) == EXPECTED_POLICY
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("cases", [5, 50])
def test_its_query_count_does_not_grow_with_cases(
    client: Client,
    build: Build,
    cases: int,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    person: Person | None = None
    for number in range(cases):
        role = build.role(person=person, identifier=f"RT{number}")
        person = role.person
        build.recorded(role=role, allegation=f"Allegation on case {number}")
    assert person is not None
    client.force_login(build.caseworker)
    with django_assert_max_num_queries(20):
        response = client.get(url(person))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Allegation on case {cases - 1}" in content
    # Links to case pages (the service navigation links to the list, /cases/).
    assert len(re.findall(r'href="/cases/\d+/', content)) == cases
