"""One deadline, notice or interview, read on its own: the same representation
its steps answer, with the case's ETag, so a client need not re-read the
whole case before its next step (and out of scope is 404, as for the steps:
tests/conduct/api/test_endpoint_matrix.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from conduct.models import User
from referrals.models import Case, Deadline, Interview, Notice
from tests.assertions import api_refused
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import current_etag, post

pytestmark = pytest.mark.django_db

API = "/api/v1"


@dataclass(frozen=True)
class Served:
    """A Northamptonshire conduct matter under investigation: a notice served
    on the subject (which opened the response clock) and an interview
    arranged."""

    case: Case
    notice: Notice
    interview: Interview
    deadline: Deadline

    def id_of(self, kind: str) -> int:
        """The id of the object of ``kind`` (as its collection is named)."""
        return {
            "deadlines": self.deadline.pk,
            "notices": self.notice.pk,
            "interviews": self.interview.pk,
        }[kind]


@pytest.fixture
def served(build: Build, notice: Notice) -> Served:
    return Served(
        case=Case.objects.get(pk=notice.subject.case_id),
        notice=notice,
        interview=build.interview(notice, proposed_on=dt.date(2024, 3, 20)),
        deadline=build.deadline(notice),
    )


@pytest.mark.parametrize("kind", ["deadlines", "notices", "interviews"])
def test_an_object_is_read_with_the_case_etag(
    bearer_client: Client, caseworker: User, served: Served, kind: str
) -> None:
    client = bearer_client(caseworker)
    pk = served.id_of(kind)
    response = client.get(f"{API}/{kind}/{pk}/")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == pk
    assert response["ETag"] == current_etag(client, served.case.pk)


def test_a_deadline_reads_as_its_extension_answered_it(
    bearer_client: Client, supervisor: User, served: Served
) -> None:
    client = bearer_client(supervisor)
    url = f"{API}/deadlines/{served.deadline.pk}/"
    etag = client.get(url)["ETag"]
    extended = post(
        client,
        f"{url}extension/",
        {"new_due_on": "2024-04-30", "reason": "The subject's friend is ill."},
        etag=etag,
    )
    assert extended.status_code == 200, extended.content
    read = client.get(url)
    assert read.json() == extended.json()["deadline"]
    assert read.json()["due_on"] == "2024-04-30"
    assert read["ETag"] == extended["ETag"]


def test_a_notice_reads_with_the_response_recorded_on_it(
    bearer_client: Client, caseworker: User, served: Served
) -> None:
    client = bearer_client(caseworker)
    url = f"{API}/notices/{served.notice.pk}/"
    recorded = post(
        client,
        f"{url}responses/",
        {"kind": "statement", "received_on": "2024-03-15", "content": "My account."},
        etag=client.get(url)["ETag"],
    )
    assert recorded.status_code == 201, recorded.content
    notice = client.get(url).json()
    assert notice["content"] == served.notice.content
    assert [(r["kind"], r["content"]) for r in notice["responses"]] == [
        ("statement", "My account.")
    ]


def test_an_interview_reads_as_its_record_answered_it(
    bearer_client: Client, caseworker: User, served: Served
) -> None:
    client = bearer_client(caseworker)
    url = f"{API}/interviews/{served.interview.pk}/"
    assert client.get(url).json()["held_on"] is None
    held = post(
        client,
        f"{url}record/",
        {"held_on": "2024-03-20", "attended": True},
        etag=client.get(url)["ETag"],
    )
    assert held.status_code == 200, held.content
    assert client.get(url).json() == held.json()["interview"]


@pytest.mark.parametrize("kind", ["deadlines", "notices", "interviews"])
def test_an_object_on_another_forces_case_is_404(
    bearer_client: Client, outsider: User, served: Served, kind: str
) -> None:
    pk = served.id_of(kind)
    api_refused(bearer_client(outsider).get(f"{API}/{kind}/{pk}/"), 404)


@pytest.mark.parametrize("kind", ["deadlines", "notices", "interviews", "proceedings"])
def test_an_id_beyond_any_row_is_404_not_500(
    bearer_client: Client, caseworker: User, kind: str
) -> None:
    response = bearer_client(caseworker).get(f"{API}/{kind}/99999999999999999999/")
    api_refused(response, 404)
