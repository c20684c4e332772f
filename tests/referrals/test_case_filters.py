"""The stage and subject filters of the case list (shared by the API and the
list page): what they find, what they refuse, and only within scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from conduct.models import User
from referrals.models import Case, Subject
from referrals.selectors.cases import case_list
from tests.builders import Build
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db


def _case_with_subject(
    build: Build, reference: str, *, given_names: str, family_name: str, collar: str
) -> Subject:
    return build.recorded(
        reference=reference,
        on=dt.date(2024, 3, 4),
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        role=build.role(
            given_names=given_names, family_name=family_name, identifier=collar
        ),
    )


@pytest.fixture
def two_cases(build: Build) -> tuple[Case, Case]:
    first = _case_with_subject(
        build, "NH/F/0001", given_names="Morgan", family_name="Ellis", collar="4417"
    )
    second = _case_with_subject(
        build, "NH/F/0002", given_names="Sam", family_name="Okafor", collar="2290"
    )
    build.investigating(second, opened_on=dt.date(2024, 3, 6))
    return first.case, second.case


def _references(user: User, **filters: str) -> set[str]:
    return {case.reference for case in case_list(user=user, filters=filters)}


def test_stage_finds_cases_with_a_subject_at_that_stage(
    caseworker: User, two_cases: tuple[Case, Case]
) -> None:
    assert _references(caseworker, stage="recorded") == {"NH/F/0001"}
    assert _references(caseworker, stage="under_investigation") == {"NH/F/0002"}
    assert _references(caseworker, stage="concluded") == set()


def test_an_unknown_stage_is_refused_not_ignored(caseworker: User) -> None:
    with pytest.raises(ValidationError) as refused:
        case_list(user=caseworker, filters={"stage": "nearly_done"})
    assert "stage" in refused.value.message_dict


@dataclass(frozen=True)
class SubjectSearch:
    """What is typed in the subject filter, and the cases found."""

    value: str
    found: set[str]


@parametrize_rows(
    [
        SubjectSearch(value="ellis", found={"NH/F/0001"}),
        SubjectSearch(value="Morgan Ellis", found={"NH/F/0001"}),
        SubjectSearch(value="okaf", found={"NH/F/0002"}),
        SubjectSearch(value="2290", found={"NH/F/0002"}),
        SubjectSearch(
            value="229", found=set()
        ),  # a number matches whole, a name in part
        SubjectSearch(
            value="Morgan Okafor", found=set()
        ),  # every word must match the same subject
    ]
)
def test_subject_finds_by_name_or_collar_number(
    caseworker: User, two_cases: tuple[Case, Case], value: str, found: set[str]
) -> None:
    assert _references(caseworker, subject=value) == found


def test_the_outsider_finds_no_subject_of_another_force(
    outsider: User, two_cases: tuple[Case, Case]
) -> None:
    assert _references(outsider, subject="Ellis") == set()


def test_the_list_page_and_the_api_filter_by_subject_and_stage(
    client: Client, caseworker: User, two_cases: tuple[Case, Case]
) -> None:
    client.force_login(caseworker)
    page = client.get("/cases/?subject=Ellis&stage=recorded").content.decode()
    assert "NH/F/0001" in page
    assert "NH/F/0002" not in page
    assert "Subject name or collar number" in page
    api = client.get("/api/v1/cases/?subject=2290")
    assert api.status_code == 200
    assert [row["reference"] for row in api.json()["results"]] == ["NH/F/0002"]
    refused = client.get("/api/v1/cases/?stage=nearly_done")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
