"""The hearings endpoints' refusals: every action is 404 out of scope, 403
for a manager (who may read), 412 on a stale and 428 on a missing If-Match;
every read is 404 out of scope; a rule's refusal is 409 with the rule; a
retried POST replays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from conduct.models import PersonRole, User
from hearings.models import Appeal, ListReport, Outcome, Proceeding
from referrals.models import Case
from tests.assertions import api_refused
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import (
    API,
    Action,
    OnSubject,
    every_action_refused,
    post,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Decided(OnSubject):
    """A Northamptonshire subject dismissed at a hearing, with an appeal
    lodged and a barred list report: every endpoint has an object."""

    proceeding: Proceeding
    outcome: Outcome
    appeal: Appeal
    report: ListReport
    role: PersonRole

    def ids(self) -> dict[str, int]:
        return super().ids() | {
            "proceeding": self.proceeding.pk,
            "member": self.proceeding.panel.first().pk,  # type: ignore[union-attr]
            "appeal": self.appeal.pk,
            "report": self.report.pk,
            "role": self.role.pk,
            "allegation": self.subject.allegations.get().pk,
        }


@pytest.fixture
def decided(build: Build) -> Decided:
    appeal = build.appealed(
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER, lodged_on=dt.date(2023, 9, 10)
    )
    subject = build.fresh_subject(appeal.subject)
    proceeding = Proceeding.objects.get(subject=subject)
    return Decided(
        case=subject.case,
        subject=subject,
        proceeding=proceeding,
        outcome=Outcome.objects.get(proceeding=proceeding),
        appeal=appeal,
        report=ListReport.objects.get(subject=subject),
        role=subject.role,
    )


ACTIONS: list[Action] = [
    (
        "refer",
        "/subjects/{subject}/proceedings/",
        {"form": "misconduct_hearing", "referred_on": "2023-07-03", "rationale": "x"},
    ),
    (
        "close",
        "/subjects/{subject}/close-without-proceedings/",
        {"decided_on": "2023-07-01", "rationale": "x"},
    ),
    ("conclude", "/subjects/{subject}/conclusion/", {"concluded_on": "2023-10-01"}),
    (
        "appeal",
        "/subjects/{subject}/appeals/",
        {"lodged_on": "2023-09-11", "grounds": "x"},
    ),
    (
        "notice",
        "/proceedings/{proceeding}/notices/",
        {"served_on": "2023-07-04", "content": "x"},
    ),
    (
        "papers",
        "/proceedings/{proceeding}/papers-to-chair/",
        {"supplied_on": "2023-08-01"},
    ),
    (
        "pre-hearing",
        "/proceedings/{proceeding}/pre-hearing/",
        {"pre_hearing_on": "2023-08-10"},
    ),
    (
        "schedule",
        "/proceedings/{proceeding}/schedule/",
        {"scheduled_for": "2023-09-20"},
    ),
    (
        "adjourn",
        "/proceedings/{proceeding}/adjournments/",
        {"adjourned_on": "2023-09-01", "reason": "x"},
    ),
    (
        "panel",
        "/proceedings/{proceeding}/panel/",
        {"role": "independent_member", "name": "Ms Member"},
    ),
    ("panel-remove", "/panel-members/{member}/removal/", {"rationale": "x"}),
    (
        "response",
        "/proceedings/{proceeding}/response/",
        {"received_on": "2023-07-20", "accepts_conduct": False},
    ),
    ("hold", "/proceedings/{proceeding}/hold/", {"held_on": "2023-09-04"}),
    (
        "withdraw",
        "/proceedings/{proceeding}/withdrawal/",
        {"withdrawn_on": "2023-09-01", "rationale": "x"},
    ),
    (
        "findings",
        "/proceedings/{proceeding}/findings/",
        {
            "results": [{"allegation": 0, "result": "proven_misconduct"}],
            "recorded_on": "2023-09-04",
            "rationale": "x",
        },
    ),
    (
        "outcome",
        "/proceedings/{proceeding}/outcome/",
        {"kind": "final_written_warning", "decided_on": "2023-09-04", "reasons": "x"},
    ),
    (
        "appeal-decide",
        "/appeals/{appeal}/decision/",
        {"result": "dismissed", "decided_on": "2023-10-01", "reasons": "x"},
    ),
    (
        "appeal-withdraw",
        "/appeals/{appeal}/withdrawal/",
        {"withdrawn_on": "2023-09-20", "rationale": "x"},
    ),
    ("requeue", "/list-reports/{report}/requeue/", {"reason": "Fixed."}),
]

READS = [
    "/subjects/{subject}/proceedings/",
    "/subjects/{subject}/outcomes/",
    "/cases/{case}/list-reports/",
    "/list-reports/{report}/",
    "/person-roles/{role}/employment-events/",
]


def body_for(decided: Decided, _name: str, body: dict[str, Any]) -> dict[str, Any]:
    if "results" in body:
        allegation = decided.ids()["allegation"]
        return body | {
            "results": [{"allegation": allegation, "result": "proven_misconduct"}]
        }
    return body


#: 404 out of scope, 403 to a manager (who may read), 412 on a stale and 428
#: on a missing If-Match; nothing written.
test_every_action_is_refused_to_whoever_may_not_take_it = every_action_refused(
    "decided", ACTIONS, acting="supervisor", body_for=body_for
)


@pytest.mark.parametrize("persona", ["outsider", "iopc_investigator"])
@pytest.mark.parametrize("template", READS)
def test_every_read_is_404_out_of_scope(
    request: pytest.FixtureRequest,
    bearer_client: Client,
    decided: Decided,
    template: str,
    persona: str,
) -> None:
    """To another force's caseworker, and to the IOPC on a case not
    referred."""
    user: User = request.getfixturevalue(persona)
    api_refused(bearer_client(user).get(decided.address(template)), 404)


@pytest.mark.parametrize("template", READS)
def test_a_manager_and_the_supervisor_may_read(
    bearer_client: Client,
    manager: User,
    supervisor: User,
    decided: Decided,
    template: str,
) -> None:
    for user in (manager, supervisor):
        response = bearer_client(user).get(decided.address(template))
        assert response.status_code == 200, response.content


def test_employment_events_refusals(
    bearer_client: Client,
    outsider: User,
    manager: User,
    supervisor: User,
    decided: Decided,
) -> None:
    url = decided.address("/person-roles/{role}/employment-events/")
    body = {"kind": "resigned", "occurred_on": "2023-09-30"}
    etag = bearer_client(supervisor).get(url)["ETag"]
    assert post(bearer_client(outsider), url, body, etag=etag).status_code == 404
    refused = post(bearer_client(manager), url, body, etag=etag)
    assert refused.status_code == 403, refused.content
    client = bearer_client(supervisor)
    stale = post(client, url, body, etag=f'"person-role-{decided.role.pk}-v9"')
    assert stale.status_code == 412
    assert post(client, url, body).status_code == 428
    decided.role.refresh_from_db()
    assert decided.role.ended_on is None


def test_a_refused_step_is_409_with_its_rule(
    bearer_client: Client, supervisor: User, decided: Decided
) -> None:
    """Holding a proceeding that was already held: the service's rule."""
    response = post(
        bearer_client(supervisor),
        decided.address("/proceedings/{proceeding}/hold/"),
        {"held_on": "2023-09-05"},
        etag=decided.etag,
    )
    assert api_refused(response, 409)["rule"]


def test_a_retried_post_replays_its_first_answer(
    bearer_client: Client, supervisor: User, decided: Decided
) -> None:
    client = bearer_client(supervisor)
    url = decided.address("/appeals/{appeal}/withdrawal/")
    body = {"withdrawn_on": "2023-09-20", "rationale": "The officer withdrew it."}
    etag = decided.etag
    first = post(client, url, body, etag=etag, key="retry-1")
    assert first.status_code == 200, first.content
    assert first.json()["appeal"]["status"] == "withdrawn"
    again = post(client, url, body, etag=etag, key="retry-1")
    assert again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_unknown_fields_are_400_and_bad_values_422(
    bearer_client: Client, supervisor: User, decided: Decided
) -> None:
    client = bearer_client(supervisor)
    url = decided.address("/proceedings/{proceeding}/schedule/")
    unknown = post(
        client, url, {"scheduled_for": "2023-09-20", "x": 1}, etag=decided.etag
    )
    assert unknown.status_code == 400
    bad = post(client, url, {"scheduled_for": "soon"}, etag=decided.etag)
    assert bad.status_code == 422


def test_an_allowed_appeal_shows_in_the_outcome_history(
    bearer_client: Client, supervisor: User, decided: Decided
) -> None:
    client = bearer_client(supervisor)
    response = post(
        client,
        decided.address("/appeals/{appeal}/decision/"),
        {
            "result": "allowed",
            "decided_on": "2023-10-01",
            "reasons": "Dismissal was unreasonable.",
            "substituted_outcome": "final_written_warning",
        },
        etag=decided.etag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["appeal"]["status"] == "allowed"
    history = client.get(decided.address("/subjects/{subject}/outcomes/")).json()
    assert [(o["kind"], o["is_current"]) for o in history] == [
        ("dismissal_without_notice", False),
        ("final_written_warning", True),
    ]


def test_a_supervisor_requeues_a_failed_list_report(
    bearer_client: Client, supervisor: User, decided: Decided
) -> None:
    ListReport.objects.filter(pk=decided.report.pk).update(
        status=ListReport.Status.FAILED, attempts=5
    )
    client = bearer_client(supervisor)
    response = post(
        client,
        decided.address("/list-reports/{report}/requeue/"),
        {"reason": "The College address was corrected."},
        etag=decided.etag,
    )
    assert response.status_code == 200, response.content
    report = response.json()["report"]
    assert (report["status"], report["attempts"]) == ("pending", 0)
    again = post(
        client,
        decided.address("/list-reports/{report}/requeue/"),
        {"reason": "Again."},
        etag=decided.etag,
    )
    api_refused(again, 409, rule="list_report.requeue")


@pytest.mark.parametrize(
    "url",
    [
        "/proceedings/99999999999999999999/hold/",
        "/appeals/99999999999999999999/withdrawal/",
        "/list-reports/99999999999999999999/requeue/",
        "/panel-members/99999999999999999999/removal/",
        "/person-roles/99999999999999999999/employment-events/",
    ],
)
def test_an_id_beyond_any_row_is_404_not_500(
    bearer_client: Client, supervisor: User, url: str
) -> None:
    client = bearer_client(supervisor)
    assert client.get(API + url).status_code in {404, 405}
    response = post(client, API + url, {}, etag='"case-1-v1"')
    assert response.status_code == 404, response.content
