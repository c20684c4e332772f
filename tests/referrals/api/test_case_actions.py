"""The case endpoints' refusals: scope (404), role (403), stale or missing
If-Match (412, 428), bad bodies (400, 422), rules (409), and retries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from conduct.models import Force, Person, PersonRole, User
from referrals.models import Case, IOPCReferral, Notice, Subject
from tests.assertions import api_refused, nothing_written
from tests.factories.people import make_person_with_role
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import (
    CASES,
    PROBLEM,
    Action,
    case_etag,
    case_url,
    current_etag,
    every_action_refused,
    post,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Walked:
    """A Northamptonshire case under a force investigation, with a notice
    served: every action endpoint has an object to address."""

    case: Case
    subject: Subject
    allegation_id: int
    notice: Notice

    @property
    def etag(self) -> str:
        self.case.refresh_from_db()
        return case_etag(self.case)

    def address(self, template: str) -> str:
        return template.format(
            case=self.case.pk,
            subject=self.subject.pk,
            allegation=self.allegation_id,
            notice=self.notice.pk,
        )


@pytest.fixture
def walked(notice: Notice) -> Walked:
    subject = notice.subject
    return Walked(
        case=Case.objects.get(pk=subject.case_id),
        subject=subject,
        allegation_id=subject.allegations.get().pk,
        notice=notice,
    )


ACTIONS: list[Action] = [
    ("subject", "/api/v1/cases/{case}/subjects/", {"person": 1, "role": 1}),
    (
        "allegation",
        "/api/v1/subjects/{subject}/allegations/",
        {"summary": "Another.", "standards": [2]},
    ),
    (
        "severity",
        "/api/v1/allegations/{allegation}/severity-assessments/",
        {
            "severity": "gross_misconduct",
            "assessed_on": "2024-03-07",
            "body": "appropriate_authority",
            "rationale": "Revised.",
        },
    ),
    (
        "referral",
        "/api/v1/cases/{case}/referral/",
        {"factors": ["voluntary"], "referred_on": "2024-03-07"},
    ),
    (
        "decision",
        "/api/v1/cases/{case}/referral/decision/",
        {
            "decision": "investigate",
            "mode": "directed",
            "decided_on": "2024-03-08",
            "rationale": "Directed.",
        },
    ),
    (
        "mode",
        "/api/v1/cases/{case}/referral/mode/",
        {"mode": "independent", "decided_on": "2024-03-09", "rationale": "Up."},
    ),
    (
        "investigation",
        "/api/v1/cases/{case}/investigation/",
        {
            "investigating_body": "force",
            "investigator_name": "DS Khan",
            "terms_of_reference": "Again.",
            "opened_on": "2024-03-07",
        },
    ),
    (
        "notice",
        "/api/v1/subjects/{subject}/notices/",
        {"served_on": "2024-03-07", "content": "A second notice."},
    ),
    (
        "response",
        "/api/v1/notices/{notice}/responses/",
        {"kind": "written_response", "received_on": "2024-03-08", "content": "No."},
    ),
    (
        "interview",
        "/api/v1/subjects/{subject}/interviews/",
        {"proposed_on": "2024-03-20"},
    ),
    (
        "report",
        "/api/v1/cases/{case}/investigation/report/",
        {
            "submitted_on": "2024-03-21",
            "summary": "Report.",
            "opinions": [{"subject": 1, "opinion": "no_case_to_answer"}],
        },
    ),
    (
        "determination",
        "/api/v1/subjects/{subject}/determination/",
        {
            "body": "appropriate_authority",
            "decided_on": "2024-03-22",
            "results": [{"allegation": 1, "result": "no_case_to_answer"}],
            "rationale": "No case.",
        },
    ),
]


def the_officer_as_subject(
    walked: Walked, name: str, body: dict[str, Any]
) -> dict[str, Any]:
    """A new subject is the officer (a person and role the caller may name),
    so that only the refusal stands in the way."""
    if name != "subject":
        return body
    return {"person": walked.subject.person_id, "role": walked.subject.role_id}


#: 404 out of scope (another force's caseworker; the IOPC, the case not
#: referred), whatever the If-Match; 403 to a manager, who may read; 412 on a
#: stale and 428 on a missing If-Match; nothing written.
test_every_action_is_refused_to_whoever_may_not_take_it = every_action_refused(
    "walked",
    ACTIONS,
    acting="caseworker",
    out_of_scope_to=("outsider", "iopc_investigator"),
    body_for=the_officer_as_subject,
)


# ---------------------------------------------------------------- bodies


@pytest.fixture
def referral_url(walked: Walked) -> str:
    return f"{case_url(walked.case.pk)}referral/"


def test_malformed_json_is_400(
    bearer_client: Client, caseworker: User, walked: Walked, referral_url: str
) -> None:
    response = bearer_client(caseworker).post(
        referral_url,
        data='{"factors": ["voluntary"',
        content_type="application/json",
        headers={"If-Match": walked.etag},
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("/malformed-body")


def test_an_unknown_field_is_400(
    bearer_client: Client, caseworker: User, walked: Walked, referral_url: str
) -> None:
    response = post(
        bearer_client(caseworker),
        referral_url,
        {"factor": ["voluntary"], "referred_on": "2024-03-07"},
        etag=walked.etag,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["type"].endswith("/unknown-fields")
    assert body["errors"] == {"factor": ["Unknown field."]}


@pytest.mark.parametrize(
    "bad",
    [
        ({"factors": "voluntary", "referred_on": "2024-03-07"}, ["factors"]),
        ({"factors": ["voluntary"], "referred_on": 20240307}, ["referred_on"]),
        ({"factors": ["bribery"], "referred_on": "2024-03-07"}, ["factors.0"]),
        ({"factors": ["voluntary"], "referred_on": "2024-02-30"}, ["referred_on"]),
        ({}, ["factors", "referred_on"]),
    ],
)
def test_wrong_types_and_values_are_422(
    bearer_client: Client,
    caseworker: User,
    walked: Walked,
    referral_url: str,
    bad: tuple[dict[str, Any], list[str]],
) -> None:
    body, fields = bad
    response = post(bearer_client(caseworker), referral_url, body, etag=walked.etag)
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert sorted(response.json()["errors"]) == fields


def test_a_refused_step_is_409_with_its_rule(
    bearer_client: Client, caseworker: User, walked: Walked
) -> None:
    """The investigation is already open: the service refuses a second."""
    response = post(
        bearer_client(caseworker),
        f"{case_url(walked.case.pk)}investigation/",
        {
            "investigating_body": "force",
            "investigator_name": "DS Khan",
            "terms_of_reference": "Again.",
            "opened_on": "2024-03-07",
        },
        etag=walked.etag,
    )
    body = api_refused(response, 409, rule="investigation.once")
    assert body["type"].endswith("/refused")


def test_a_date_in_the_future_is_refused_by_the_service(
    bearer_client: Client, caseworker: User, walked: Walked, referral_url: str
) -> None:
    response = post(
        bearer_client(caseworker),
        referral_url,
        {"factors": ["voluntary"], "referred_on": "2999-01-01"},
        etag=walked.etag,
    )
    api_refused(response, 409, rule="date.future")
    assert not IOPCReferral.objects.filter(case=walked.case).exists()


def test_a_retried_post_replays_its_first_answer(
    bearer_client: Client, caseworker: User, walked: Walked, referral_url: str
) -> None:
    """The retry carries the ETag the first attempt made stale: it still gets
    the stored answer, not a 412, and nothing is done twice."""
    client = bearer_client(caseworker)
    etag = walked.etag
    body = {"factors": ["voluntary"], "referred_on": "2024-03-07"}
    first = post(client, referral_url, body, etag=etag, key="referral-1")
    assert first.status_code == 201
    again = post(client, referral_url, body, etag=etag, key="referral-1")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
    assert IOPCReferral.objects.filter(case=walked.case).count() == 1
    # Without the key the same stale request is a 412.
    assert post(client, referral_url, body, etag=etag).status_code == 412


# ---------------------------------------------------------------- subjects


def subject_refused(
    client: APIClient,
    walked: Walked,
    person: Person,
    role: PersonRole,
    status: int,
    **problem: str,
) -> None:
    """Naming ``person`` in ``role`` as a subject of the case is refused with
    ``status`` (and the problem's ``rule`` or ``detail``), writing nothing."""
    with nothing_written(walked.case):
        response = post(
            client,
            f"{case_url(walked.case.pk)}subjects/",
            {"person": person.pk, "role": role.pk},
            etag=walked.etag,
        )
    api_refused(response, status, **problem)


def test_a_person_outside_the_callers_scope_is_404(
    bearer_client: Client, caseworker: User, walked: Walked, nottinghamshire: Force
) -> None:
    person, role = make_person_with_role(force=nottinghamshire, identifier="NT9")
    subject_refused(
        bearer_client(caseworker), walked, person, role, 404, detail="No such person."
    )


def test_a_role_of_someone_else_is_404(
    bearer_client: Client,
    caseworker: User,
    walked: Walked,
    northamptonshire: Force,
    officer: tuple[Person, PersonRole],
) -> None:
    person, _ = make_person_with_role(force=northamptonshire, identifier="NH9")
    _, someone_elses = officer
    subject_refused(
        bearer_client(caseworker),
        walked,
        person,
        someone_elses,
        404,
        detail="No such role for that person.",
    )


def test_adding_the_same_subject_twice_is_409(
    bearer_client: Client,
    caseworker: User,
    walked: Walked,
    officer: tuple[Person, PersonRole],
) -> None:
    person, role = officer
    subject_refused(
        bearer_client(caseworker), walked, person, role, 409, rule="subject.unique"
    )


# ---------------------------------------------------------------- case create


def case_body(**changes: Any) -> dict[str, Any]:
    return {
        "force": "nhants",
        "reference": "NH/2024/0100",
        "trigger": "recordable_conduct_matter",
        "came_to_attention_on": "2024-03-01",
        "summary": "Conduct matter.",
    } | changes


def test_a_caseworker_records_a_case(bearer_client: Client, caseworker: User) -> None:
    response = post(bearer_client(caseworker), CASES, case_body())
    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == "NH/2024/0100"
    assert body["regime"] == "2020"
    assert body["subjects"] == []
    assert body["deadlines"] == []
    assert response["ETag"] == f'"case-{body["id"]}-v1"'


def test_a_manager_cannot_record_a_case(bearer_client: Client, manager: User) -> None:
    response = post(bearer_client(manager), CASES, case_body())
    api_refused(response, 403, rule="role")
    assert not Case.objects.exists()


def test_an_outsider_cannot_record_a_case_for_another_force(
    bearer_client: Client, outsider: User
) -> None:
    response = post(bearer_client(outsider), CASES, case_body())
    api_refused(response, 409, rule="case.force_membership")


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"force": "atlantis"}, 422, "force"),
        ({"trigger": "rumour"}, 422, "trigger"),
        ({"came_to_attention_on": "01/03/2024"}, 422, "came_to_attention_on"),
        ({"reference": ["NH"]}, 422, "reference"),
        ({"summry": "typo"}, 400, "summry"),
    ],
)
def test_a_bad_case_body_is_refused(
    bearer_client: Client,
    caseworker: User,
    changes: dict[str, Any],
    status: int,
    field: str,
) -> None:
    response = post(bearer_client(caseworker), CASES, case_body(**changes))
    assert response.status_code == status
    assert field in response.json()["errors"]
    assert not Case.objects.exists()


def test_a_public_complaint_without_its_date_is_409(
    bearer_client: Client, caseworker: User
) -> None:
    response = post(
        bearer_client(caseworker), CASES, case_body(trigger="public_complaint")
    )
    api_refused(response, 409, rule="case.complaint_date")


# ---------------------------------------------------------------- detail


def test_the_detail_carries_the_case_and_its_etag(
    bearer_client: Client, caseworker: User, walked: Walked
) -> None:
    client = bearer_client(caseworker)
    response = client.get(case_url(walked.case.pk))
    assert response.status_code == 200
    assert response["ETag"] == walked.etag == current_etag(client, walked.case.pk)
    body = response.json()
    (subject,) = body["subjects"]
    assert subject["status"] == "under_investigation"
    assert subject["role"]["rank"] == "Detective Constable"
    (allegation,) = subject["allegations"]
    assert allegation["standards"] == [1]
    assert allegation["severity"] == "misconduct"
    assert allegation["determination"] == ""
    assert subject["notices"][0]["responses"] == []
    assert body["referral"] is None
    assert body["investigation"]["investigating_body"] == "force"
    assert body["investigation"]["report"] is None
    assert sorted(d["rule"] for d in body["deadlines"]) == [
        "notice_response",
        "progress_report",
    ]
    for deadline in body["deadlines"]:
        assert set(deadline) >= {"title", "due_on", "status", "check_local_policy"}


@pytest.mark.parametrize("persona", ["outsider", "iopc_investigator", "administrator"])
def test_the_detail_is_404_out_of_scope(
    request: pytest.FixtureRequest,
    bearer_client: Client,
    walked: Walked,
    persona: str,
) -> None:
    user: User = request.getfixturevalue(persona)
    response = bearer_client(user).get(case_url(walked.case.pk))
    api_refused(response, 404, detail="No such case.")
