"""Deadlines (list with history, extension, cancellation) and criminal
proceedings (open to conclusion, sub judice pause and resume) over HTTP, and
every action's refusals: 404 out of scope, 403 for a manager, 412 stale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from conduct.models import User
from referrals.models import Charge, CriminalProceedings, Deadline
from referrals.services.investigations import notice_response_record
from tests.assertions import api_refused
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import (
    API,
    Action,
    OnSubject,
    every_action_refused,
    post,
    step,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Served(OnSubject):
    """A Northamptonshire case under investigation with a notice served
    (its response clock running) and criminal proceedings with a charge."""

    deadline: Deadline
    proceedings: CriminalProceedings
    charge: Charge

    def ids(self) -> dict[str, int]:
        return super().ids() | {
            "deadline": self.deadline.pk,
            "proceedings": self.proceedings.pk,
            "charge": self.charge.pk,
        }


@pytest.fixture
def served(build: Build) -> Served:
    notice = build.noticed(
        on=dt.date(2024, 3, 1),
        reference="NH/2024/0077",
        role=build.role(given_names="Kit", family_name="Marlow"),
        standards=(9,),
        assessed_on=dt.date(2024, 3, 4),
        opened_on=dt.date(2024, 3, 5),
        served_on=dt.date(2024, 3, 6),
        content="You are under investigation for possible gross misconduct.",
    )
    subject = build.fresh_subject(notice.subject)
    proceedings = build.criminal_proceedings(
        subject, started_on=dt.date(2024, 3, 2), arrested_on=dt.date(2024, 3, 2)
    )
    return Served(
        case=subject.case,
        subject=subject,
        deadline=build.deadline(notice),
        proceedings=proceedings,
        charge=build.charged(proceedings, charged_on=dt.date(2024, 3, 20)),
    )


def test_deadlines_are_listed_with_history_extended_and_cancelled(
    bearer_client: Client, caseworker: User, supervisor: User, served: Served
) -> None:
    client = bearer_client(caseworker)
    listed = client.get(f"{API}/cases/{served.case.pk}/deadlines/")
    assert listed.status_code == 200, listed.content
    [notice] = [d for d in listed.json() if d["rule"] == "notice_response"]
    assert notice["extendable"] is True
    assert [e["kind"] for e in notice["events"]] == ["opened"]

    new_due = dt.date.fromisoformat(notice["due_on"]) + dt.timedelta(days=14)
    extended = step(
        client,
        f"{API}/deadlines/{served.deadline.pk}/extension/",
        {"new_due_on": new_due.isoformat(), "reason": "The police friend is ill."},
        case_id=served.case.pk,
        status=200,
    )
    assert extended["deadline"]["due_on"] == new_due.isoformat()
    assert [e["kind"] for e in extended["deadline"]["events"]] == ["opened", "extended"]

    cancelled = step(
        bearer_client(supervisor),
        f"{API}/deadlines/{served.deadline.pk}/cancellation/",
        {"reason": "The subject retired and the case closes for him."},
        case_id=served.case.pk,
        status=200,
    )
    assert cancelled["deadline"]["status"] == "cancelled"
    listed = client.get(f"{API}/cases/{served.case.pk}/deadlines/").json()
    statuses = {d["id"]: d["status"] for d in listed}
    assert statuses[served.deadline.pk] == "cancelled"


@pytest.mark.parametrize(
    ("received_on", "met_late"),
    [
        pytest.param(dt.date(2024, 3, 20), False, id="on-the-due-date"),
        pytest.param(dt.date(2024, 3, 21), True, id="a-working-day-later"),
    ],
)
def test_a_met_deadline_says_whether_it_was_met_late(
    bearer_client: Client,
    caseworker: User,
    served: Served,
    received_on: dt.date,
    met_late: bool,
) -> None:
    """The response to the notice served Wed 6 Mar 2024 is due in 10 working
    days, on Wed 20 Mar: a response that day meets it on time, one on Thu
    21 Mar late; the deadline's representation says which."""
    assert served.deadline.due_on == dt.date(2024, 3, 20)
    notice_response_record(
        actor=caseworker,
        notice=served.subject.notices.get(),
        kind="written_response",
        received_on=received_on,
        content="My account.",
    )
    client = bearer_client(caseworker)
    one = client.get(f"{API}/deadlines/{served.deadline.pk}/").json()
    [listed] = [
        row
        for row in client.get(f"{API}/cases/{served.case.pk}/deadlines/").json()
        if row["id"] == served.deadline.pk
    ]
    for row in (one, listed):
        assert (row["status"], row["met_on"], row["met_late"]) == (
            "met",
            received_on.isoformat(),
            met_late,
        )


def test_a_caseworker_may_not_cancel_a_deadline(
    bearer_client: Client, caseworker: User, served: Served
) -> None:
    response = post(
        bearer_client(caseworker),
        f"{API}/deadlines/{served.deadline.pk}/cancellation/",
        {"reason": "No longer applies."},
        etag=served.etag,
    )
    api_refused(response, 403, rule="role")


def test_criminal_proceedings_over_http(
    bearer_client: Client, caseworker: User, supervisor: User, served: Served
) -> None:
    client = bearer_client(caseworker)
    case_id = served.case.pk
    pid, cid = served.proceedings.pk, served.charge.pk
    # Charged already: a pre-charge release is refused by the service's rule.
    late = post(
        client,
        f"{API}/criminal-proceedings/{pid}/release/",
        {"release": "bail", "released_on": "2024-03-03"},
        etag=served.etag,
    )
    api_refused(late, 409, rule="criminal.release_stage")
    step(
        client,
        f"{API}/charges/{cid}/plea/",
        {"plea": "guilty", "plea_on": "2024-04-02"},
        case_id=case_id,
        status=200,
    )
    verdict = step(
        client,
        f"{API}/charges/{cid}/verdict/",
        {"verdict": "convicted", "verdict_on": "2024-04-02"},
        case_id=case_id,
        status=200,
    )
    assert verdict["charge"]["verdict"] == "convicted"
    # A charge of other proceedings is refused as a value.
    wrong = post(
        client,
        f"{API}/criminal-proceedings/{pid}/sentence/",
        {"kind": "custody", "sentenced_on": "2024-05-01", "charge": 0},
        etag=served.etag,
    )
    assert wrong.status_code == 422, wrong.content
    assert "charge" in wrong.json()["errors"]

    # Paused for the trial (the period open), resumed at the verdict.
    for paused, on, rationale, ended_on in [
        (True, "2024-03-21", "Trial pending.", None),
        (False, "2024-04-03", "Verdict given.", "2024-04-03"),
    ]:
        answer = step(
            bearer_client(supervisor),
            f"{API}/cases/{case_id}/sub-judice/",
            {"paused": paused, "on": on, "rationale": rationale},
            case_id=case_id,
            status=200,
        )
        assert answer["periods"][-1]["ended_on"] == ended_on

    step(
        client,
        f"{API}/criminal-proceedings/{pid}/sentence/",
        {
            "kind": "suspended_sentence",
            "sentenced_on": "2024-05-01",
            "charge": cid,
            "length_months": 6,
        },
        case_id=case_id,
        status=201,
    )
    concluded = step(
        client,
        f"{API}/criminal-proceedings/{pid}/conclusion/",
        {"concluded_on": "2024-05-01"},
        case_id=case_id,
        status=200,
    )
    assert concluded["proceedings"]["status"] == "concluded"
    listed = client.get(f"{API}/cases/{case_id}/criminal-proceedings/").json()
    assert [p["status"] for p in listed] == ["concluded"]
    assert listed[0]["sentence"][0]["kind"] == "suspended_sentence"


ACTIONS: list[Action] = [
    (
        "extend",
        "/deadlines/{deadline}/extension/",
        {"new_due_on": "2024-06-01", "reason": "x"},
    ),
    ("cancel", "/deadlines/{deadline}/cancellation/", {"reason": "x"}),
    (
        "sub-judice",
        "/cases/{case}/sub-judice/",
        {"paused": True, "on": "2024-03-21", "rationale": "x"},
    ),
    (
        "open",
        "/subjects/{subject}/criminal-proceedings/",
        {"started_on": "2024-03-02"},
    ),
    (
        "release",
        "/criminal-proceedings/{proceedings}/release/",
        {"release": "bail", "released_on": "2024-03-03"},
    ),
    (
        "charge",
        "/criminal-proceedings/{proceedings}/charges/",
        {"offence": "x", "charged_on": "2024-03-20"},
    ),
    (
        "sentence",
        "/criminal-proceedings/{proceedings}/sentence/",
        {"kind": "fine", "sentenced_on": "2024-05-01", "amount": "100.00"},
    ),
    (
        "conclude",
        "/criminal-proceedings/{proceedings}/conclusion/",
        {"concluded_on": "2024-05-01"},
    ),
    (
        "discontinue",
        "/criminal-proceedings/{proceedings}/discontinuance/",
        {"discontinued_on": "2024-05-01", "rationale": "x"},
    ),
    ("plea", "/charges/{charge}/plea/", {"plea": "guilty", "plea_on": "2024-04-02"}),
    (
        "verdict",
        "/charges/{charge}/verdict/",
        {"verdict": "convicted", "verdict_on": "2024-04-02"},
    ),
]
READS = ["/cases/{case}/deadlines/", "/cases/{case}/criminal-proceedings/"]


#: 404 out of scope, 403 to a manager (who may read), 412 on a stale and 428
#: on a missing If-Match; nothing written.
test_every_action_is_refused_to_whoever_may_not_take_it = every_action_refused(
    "served", ACTIONS, acting="supervisor"
)


@pytest.mark.parametrize("template", READS)
def test_reads_are_404_out_of_scope(
    bearer_client: Client, outsider: User, manager: User, served: Served, template: str
) -> None:
    assert bearer_client(outsider).get(served.address(template)).status_code == 404
    assert bearer_client(manager).get(served.address(template)).status_code == 200
