"""Recording another role for a subject's person from the case page: a
member of police staff who is also a special constable holds both at once
(referrals.steps "record-role", referrals.services.cases.person_role_record).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from conduct.models import AuditEvent, PersonRole, User
from referrals.models import Case, Subject
from tests.builders import Build
from tests.referrals.views.helpers import day, open_form
from tests.rows import parametrize_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(name="subject")
def subject_fixture(build: Build) -> Subject:
    """A special constable (SC2042) on a Northamptonshire case."""
    return build.recorded(
        allegations=0,
        role=build.role(
            given_names="Robin",
            family_name="Ashworth",
            kind=PersonRole.Kind.SPECIAL_CONSTABLE,
            rank="Special Constable",
            identifier="SC2042",
            started_on=dt.date(2011, 5, 1),
        ),
    )


def path_of(subject: Subject) -> str:
    return f"/steps/subject/{subject.pk}/record-role/"


def staff_role(subject: Subject, **changes: Any) -> dict[str, Any]:
    return {
        "kind": PersonRole.Kind.POLICE_STAFF,
        "force": subject.case.force_id,
        "rank": "",
        "identifier": "S7781",
        "job_title": "Safety training instructor",
        **day(dt.date(2013, 4, 1), "started_on"),
        **changes,
    }


def roles_of(subject: Subject) -> int:
    return PersonRole.objects.filter(person=subject.person_id).count()


def field_error(page: str, name: str) -> str:
    """The error message shown next to the field ``name``."""
    found = re.search(
        rf'<p id="id_{name}[^"]*-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> ([^<]*)</p>',
        page,
    )
    assert found is not None, page
    return found.group(1)


def test_the_step_is_offered_on_a_case_with_a_subject(
    client: Client, caseworker: User, subject: Subject
) -> None:
    client.force_login(caseworker)
    page = client.get(f"/cases/{subject.case_id}/").content.decode()
    assert f'href="{path_of(subject)}"' in page
    assert "Record another role" in page


def test_the_form_starts_from_the_case_force(
    client: Client, caseworker: User, subject: Subject
) -> None:
    client.force_login(caseworker)
    page, version = open_form(client, path_of(subject))
    assert version == str(Case.objects.get(pk=subject.case_id).version)
    assert f'value="{subject.case.force_id}" selected' in page
    assert "police staff as well as special constable" in page
    assert "Job title (optional)" in page


def test_a_valid_form_records_the_role_and_returns_to_the_case(
    client: Client, caseworker: User, subject: Subject
) -> None:
    client.force_login(caseworker)
    _, version = open_form(client, path_of(subject))

    response = client.post(
        path_of(subject),
        {
            **staff_role(subject, job_title=" Safety training instructor "),
            "version": version,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/cases/{subject.case_id}/#subjects"
    staff = PersonRole.objects.get(person=subject.person_id, kind="police_staff")
    assert (staff.force_id, staff.identifier, staff.job_title, staff.started_on) == (
        subject.case.force_id,
        "S7781",
        "Safety training instructor",
        dt.date(2013, 4, 1),
    )
    current = PersonRole.objects.filter(person=subject.person_id, ended_on=None)
    assert set(current.values_list("kind", flat=True)) == {
        "special_constable",
        "police_staff",
    }
    last = AuditEvent.objects.order_by("-id").first()
    assert last is not None
    assert (last.action, last.actor_id) == ("person_role.added", caseworker.pk)
    content = response.content.decode()
    assert "govuk-notification-banner--success" in content
    assert "Role recorded: Robin Ashworth." in content


def test_a_second_role_of_the_same_kind_in_the_force_is_refused_on_the_kind(
    client: Client, caseworker: User, subject: Subject
) -> None:
    client.force_login(caseworker)
    _, version = open_form(client, path_of(subject))
    before = roles_of(subject)

    data = staff_role(subject, kind=PersonRole.Kind.SPECIAL_CONSTABLE, identifier="")
    response = client.post(path_of(subject), {**data, "version": version})

    assert response.status_code == 200
    page = response.content.decode()
    message = (
        "Robin Ashworth already holds a current special constable role in "
        "Northamptonshire Police (since 01 May 2011): record an employment "
        "event on it instead."
    )
    assert response.context["form"].errors["kind"] == [message]
    assert field_error(page, "kind") == escape(message)
    assert "<title>Error: " in page
    assert roles_of(subject) == before


def test_a_number_in_use_in_the_force_is_refused_on_the_identifier(
    client: Client, build: Build, caseworker: User, subject: Subject
) -> None:
    build.role(given_names="Kit", family_name="Hale", identifier="S7781")
    client.force_login(caseworker)
    _, version = open_form(client, path_of(subject))
    before = roles_of(subject)

    response = client.post(
        path_of(subject), {**staff_role(subject), "version": version}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["identifier"]
    assert errors["identifier"][0].startswith(
        "Northamptonshire Police already has S7781 for Kit Hale"
    )
    assert field_error(response.content.decode(), "identifier") == escape(
        errors["identifier"][0]
    )
    assert roles_of(subject) == before


@dataclass(frozen=True)
class BadStart:
    """A start date the role step refuses, and the error on the date."""

    started_on: dt.date
    message: str


@parametrize_rows(
    [
        BadStart(
            started_on=dt.date(1980, 1, 1),
            message="The role cannot start before the person was born.",
        ),
        BadStart(
            started_on=timezone.localdate() + dt.timedelta(days=30),
            message="The date the role started cannot be in the future.",
        ),
    ]
)
def test_a_bad_start_date_is_refused_on_the_date(
    client: Client,
    caseworker: User,
    subject: Subject,
    started_on: dt.date,
    message: str,
) -> None:
    client.force_login(caseworker)
    _, version = open_form(client, path_of(subject))
    before = roles_of(subject)

    data = staff_role(subject, **day(started_on, "started_on"))
    response = client.post(path_of(subject), {**data, "version": version})

    assert response.status_code == 200
    assert response.context["form"].errors == {"started_on": [message]}
    assert roles_of(subject) == before


def test_a_manager_is_not_offered_the_step_and_cannot_post_it(
    client: Client, caseworker: User, manager: User, subject: Subject
) -> None:
    client.force_login(caseworker)
    _, version = open_form(client, path_of(subject))
    client.force_login(manager)
    case_page = client.get(f"/cases/{subject.case_id}/")
    assert case_page.status_code == 200
    assert path_of(subject) not in case_page.content.decode()
    opened = client.get(path_of(subject))
    assert opened.status_code == 302
    assert opened["Location"] == f"/cases/{subject.case_id}/#subjects"
    before = roles_of(subject)
    events = AuditEvent.objects.count()

    response = client.post(
        path_of(subject), {**staff_role(subject), "version": version}
    )

    assert response.status_code == 200
    assert "Record another role is not available now for" in response.content.decode()
    assert roles_of(subject) == before
    assert AuditEvent.objects.count() == events
