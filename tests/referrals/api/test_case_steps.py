"""The case's own steps (parties, IOPC reference, restriction, close, reopen),
a subject's later steps (suspensions, outcomes without proceedings), progress
reports, and the subject, allegation and person reads, over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conduct.models import Force, Person, PersonRole, Role, Standard, User
from referrals.models import Case, Subject
from referrals.services.cases import allegation_add
from referrals.services.investigations import suspension_start
from referrals.services.progress import progress_reports_draft
from tests.assertions import api_refused
from tests.builders import Build
from tests.factories.conduct import UserFactory
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import case_url, current_etag, post, step

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Recorded:
    """A Northamptonshire conduct matter (2020 rules) with one subject and
    one allegation, nothing decided yet."""

    case: Case
    subject: Subject
    person: Person


@pytest.fixture
def recorded(build: Build, officer: tuple[Person, PersonRole]) -> Recorded:
    person, role = officer
    subject = build.recorded(
        on=dt.date(2024, 3, 1),
        reference="NH/2024/0077",
        role=role,
        allegation="Rude to a member of the public.",
        standards=(2,),
    )
    return Recorded(case=subject.case, subject=subject, person=person)


def test_parties_and_the_iopc_reference(
    bearer_client: Client, caseworker: User, recorded: Recorded
) -> None:
    client = bearer_client(caseworker)
    case_id = recorded.case.pk
    added = step(
        client,
        f"{case_url(case_id)}parties/",
        {"kind": "complainant", "name": "Mrs Jane Doe"},
        case_id=case_id,
    )
    assert added["party"]["kind"] == "complainant"
    assert added["party"]["contact"] == ""
    detail = client.get(case_url(case_id)).json()
    assert [p["name"] for p in detail["parties"]] == ["Mrs Jane Doe"]

    odd = step(
        client,
        f"{case_url(case_id)}iopc-reference/",
        {"iopc_reference": "IOPC-7"},
        case_id=case_id,
        status=200,
    )
    assert odd["iopc"]["iopc_reference"] == "IOPC-7"
    assert "2016/077885" in odd["iopc"]["warning"]
    usual = step(
        client,
        f"{case_url(case_id)}iopc-reference/",
        {"iopc_reference": "2024/000123"},
        case_id=case_id,
        status=200,
    )
    assert usual["iopc"] == {"iopc_reference": "2024/000123", "warning": None}


def test_a_restricted_case_is_404_to_everyone_not_named(
    bearer_client: Client,
    caseworker: User,
    supervisor: User,
    northamptonshire: Force,
    recorded: Recorded,
) -> None:
    colleague = bearer_client(
        UserFactory.create(role=Role.PSD_CASEWORKER, forces=[northamptonshire])
    )
    case_id = recorded.case.pk
    body = {
        "restricted": True,
        "users": [caseworker.username],
        "rationale": "A senior officer is a witness.",
    }

    by_caseworker = post(
        bearer_client(caseworker),
        f"{case_url(case_id)}restriction/",
        body,
        etag=current_etag(colleague, case_id),
    )
    api_refused(by_caseworker, 403, rule="role")

    restricted = step(
        bearer_client(supervisor),
        f"{case_url(case_id)}restriction/",
        body,
        case_id=case_id,
        status=200,
    )
    assert restricted["restriction"] == {
        "restricted": True,
        "users": sorted([caseworker.username, supervisor.username]),
    }
    assert colleague.get(case_url(case_id)).status_code == 404
    assert bearer_client(caseworker).get(case_url(case_id)).status_code == 200

    lifted = step(
        bearer_client(supervisor),
        f"{case_url(case_id)}restriction/",
        {"restricted": False, "rationale": "The witness has given evidence."},
        case_id=case_id,
        status=200,
    )
    assert lifted["restriction"] == {"restricted": False, "users": []}
    assert colleague.get(case_url(case_id)).status_code == 200


def test_an_unknown_username_is_422(
    bearer_client: Client, supervisor: User, recorded: Recorded
) -> None:
    client = bearer_client(supervisor)
    response = post(
        client,
        f"{case_url(recorded.case.pk)}restriction/",
        {"restricted": True, "users": ["nobody"], "rationale": "x"},
        etag=current_etag(client, recorded.case.pk),
    )
    assert response.status_code == 422
    assert "users" in response.json()["errors"]


def test_close_waits_for_every_subject_then_reopen(
    bearer_client: Client, supervisor: User, recorded: Recorded
) -> None:
    client = bearer_client(supervisor)
    case_id = recorded.case.pk
    close = {"closed_on": "2024-04-01", "rationale": "Finished."}
    refused = post(
        client, f"{case_url(case_id)}close/", close, etag=current_etag(client, case_id)
    )
    api_refused(refused, 409, rule="case.open_subjects")

    finished = step(
        client,
        f"/api/v1/subjects/{recorded.subject.pk}/no-further-action/",
        {"decided_on": "2024-03-20", "rationale": "Words of advice were enough."},
        case_id=case_id,
        status=200,
    )
    assert finished["subject"]["status"] == "no_further_action"
    closed = step(
        client, f"{case_url(case_id)}close/", close, case_id=case_id, status=200
    )
    assert closed["case"]["status"] == "closed"
    assert closed["closure"] == {"status": "closed", "closed_on": "2024-04-01"}

    reopened = step(
        client,
        f"{case_url(case_id)}reopen/",
        {"rationale": "New evidence."},
        case_id=case_id,
        status=200,
    )
    assert reopened["closure"] == {"status": "open", "closed_on": None}


def test_outcomes_without_proceedings_follow_the_regime(
    bearer_client: Client, supervisor: User, caseworker: User, recorded: Recorded
) -> None:
    client = bearer_client(supervisor)
    case_id = recorded.case.pk
    address = f"/api/v1/subjects/{recorded.subject.pk}/"
    body = {"decided_on": "2024-03-20", "rationale": "Practice to improve."}
    managed = post(
        client, f"{address}management-action/", body, etag=current_etag(client, case_id)
    )
    api_refused(managed, 409, rule="outcome.management_action")
    by_caseworker = post(
        bearer_client(caseworker),
        f"{address}reflective-practice/",
        body,
        etag=current_etag(client, case_id),
    )
    assert by_caseworker.status_code == 403
    reflective = step(
        client, f"{address}reflective-practice/", body, case_id=case_id, status=200
    )
    assert reflective["subject"]["status"] == "reflective_practice"


def test_suspension_start_and_end(
    bearer_client: Client, caseworker: User, recorded: Recorded
) -> None:
    client = bearer_client(caseworker)
    case_id = recorded.case.pk
    start = {
        "kind": "suspension",
        "started_on": "2024-03-02",
        "reason": "Risk to the investigation.",
    }
    started = step(
        client,
        f"/api/v1/subjects/{recorded.subject.pk}/suspensions/",
        start,
        case_id=case_id,
    )
    suspension = started["suspension"]
    assert suspension["ended_on"] is None
    again = post(
        client,
        f"/api/v1/subjects/{recorded.subject.pk}/suspensions/",
        start,
        etag=current_etag(client, case_id),
    )
    api_refused(again, 409, rule="suspension.open")

    end = f"/api/v1/suspensions/{suspension['id']}/end/"
    ended = step(client, end, {"ended_on": "2024-03-30"}, case_id=case_id, status=200)
    assert ended["suspension"]["ended_on"] == "2024-03-30"
    twice = post(
        client, end, {"ended_on": "2024-03-31"}, etag=str(ended["case"]["version"])
    )
    assert twice.status_code == 412  # an ETag is quoted: a bare version is stale
    twice = post(
        client, end, {"ended_on": "2024-03-31"}, etag=current_etag(client, case_id)
    )
    api_refused(twice, 409, rule="suspension.ended")
    read = client.get(f"/api/v1/subjects/{recorded.subject.pk}/").json()
    assert [(s["kind"], s["ended_on"]) for s in read["suspensions"]] == [
        ("suspension", "2024-03-30")
    ]


def test_a_progress_report_is_read_and_sent(
    bearer_client: Client,
    build: Build,
    caseworker: User,
    supervisor: User,
    recorded: Recorded,
) -> None:
    build.investigating(recorded.subject, opened_on=dt.date(2024, 3, 5))
    (drafted,) = progress_reports_draft(today=dt.date(2025, 2, 20), within_days=30)
    client = bearer_client(supervisor)
    case_id = recorded.case.pk
    listed = client.get(f"{case_url(case_id)}progress-reports/")
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()] == [drafted.pk]
    assert listed.json()[0]["status"] == "draft"
    report = client.get(f"/api/v1/progress-reports/{drafted.pk}/").json()
    assert report["sender"] == "appropriate_authority"

    body = {"sent_on": "2025-02-21", "progress": "Witnesses are being traced."}
    by_caseworker = post(
        bearer_client(caseworker),
        f"/api/v1/progress-reports/{drafted.pk}/send/",
        body,
        etag=current_etag(client, case_id),
    )
    assert by_caseworker.status_code == 403
    sent = step(
        client,
        f"/api/v1/progress-reports/{drafted.pk}/send/",
        body,
        case_id=case_id,
        status=200,
    )
    assert sent["report"]["status"] == "sent"
    assert sent["report"]["sent_on"] == "2025-02-21"
    assert [d["rule"] for d in sent["deadlines_created"]] == ["progress_report"]


def test_the_subject_read_costs_the_same_whatever_it_holds(
    bearer_client: Client,
    caseworker: User,
    recorded: Recorded,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    client = bearer_client(caseworker)
    address = f"/api/v1/subjects/{recorded.subject.pk}/"
    client.get(address)  # the token's first use writes last_used_at
    with CaptureQueriesContext(connection) as small:
        assert client.get(address).status_code == 200
    for number in (3, 4, 5):
        allegation_add(
            actor=caseworker,
            subject=recorded.subject,
            summary=f"Allegation {number}.",
            standards=Standard.objects.filter(number__in=[number, number + 1]),
        )
    for started_on in (dt.date(2024, 3, 2), dt.date(2024, 3, 3)):
        suspension_start(
            actor=caseworker,
            subject=recorded.subject,
            kind="suspension" if started_on.day == 2 else "restricted_duties",
            started_on=started_on,
            reason="Risk to the investigation.",
        )
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(address)
    assert len(response.json()["allegations"]) == 4
    assert len(response.json()["suspensions"]) == 2


def test_a_person_is_404_unless_a_case_they_are_on_is_visible(
    bearer_client: Client,
    caseworker: User,
    outsider: User,
    iopc_investigator: User,
    recorded: Recorded,
) -> None:
    address = f"/api/v1/people/{recorded.person.pk}/"
    assert bearer_client(outsider).get(address).status_code == 404
    assert bearer_client(iopc_investigator).get(address).status_code == 404
    response = bearer_client(caseworker).get(address)
    assert response.status_code == 200
    person = response.json()
    assert person["name"] == "Dana Whitlow"
    assert [r["identifier"] for r in person["current_roles"]] == ["NH101"]
    assert [c["subject"] for c in person["cases"]] == [recorded.subject.pk]
    assert person["cases"][0]["allegations"][0]["standards"] == [2]
