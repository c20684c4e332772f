"""Proceedings over the API as a client written from the schema alone sees
them: every value the schema allows is accepted, anything else is refused
with the field's error."""

from __future__ import annotations

from typing import Any

import pytest

from conduct.models import User
from hearings.models import Proceeding
from referrals.models import Case, Deadline, Subject
from tests.assertions import api_refused
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import PROBLEM, current_etag, post

pytestmark = pytest.mark.django_db

REFER = {
    "form": "misconduct_hearing",
    "referred_on": "2023-07-03",
    "rationale": "The evidence supports a hearing.",
}


@pytest.fixture
def subject(build: Build) -> Subject:
    """A case to answer for gross misconduct on an internal matter."""
    return build.case_to_answer(trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER)


def refer(client: Any, subject: Subject, **extra: Any) -> Any:
    return post(
        client,
        f"/api/v1/subjects/{subject.pk}/proceedings/",
        REFER | extra,
        etag=current_etag(client, subject.case_id),
    )


@pytest.mark.parametrize("condition", ["A", "d", "ab"])
def test_a_former_officer_condition_outside_the_enum_is_422_on_its_field(
    bearer_client: Client, supervisor: User, subject: Subject, condition: str
) -> None:
    response = refer(
        bearer_client(supervisor), subject, former_officer_condition=condition
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == PROBLEM
    errors = response.json()["errors"]
    assert list(errors) == ["former_officer_condition"]
    assert f'"{condition}" is not a condition' in errors["former_officer_condition"][0]
    assert not Proceeding.objects.filter(subject=subject).exists()


def test_a_serving_officer_is_referred_with_a_blank_condition(
    bearer_client: Client, supervisor: User, subject: Subject
) -> None:
    response = refer(bearer_client(supervisor), subject, former_officer_condition="")
    assert response.status_code == 201, response.content
    assert response.json()["proceeding"]["former_officer_condition"] == ""


def test_the_schema_names_the_former_officer_conditions(
    bearer_client: Client, supervisor: User
) -> None:
    schema = bearer_client(supervisor).get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    assert components["FormerOfficerConditionOrBlank"]["enum"] == ["", "a", "b", "c"]
    reference = {"$ref": "#/components/schemas/FormerOfficerConditionOrBlank"}
    field = components["ProceedingReferInputRequest"]["properties"][
        "former_officer_condition"
    ]
    assert field["allOf"] == [reference]
    assert components["Proceeding"]["properties"]["former_officer_condition"] == (
        reference
    )


def test_a_window_rule_answers_its_first_day_in_deadlines_created(
    bearer_client: Client, supervisor: User, subject: Subject
) -> None:
    """An accelerated hearing's notice opens the hearing window (PCR r52(1):
    10 to 15 working days) and the response clock (a last day only)."""
    client = bearer_client(supervisor)
    referred = refer(
        client,
        subject,
        form="accelerated_hearing",
        special_conditions_certified_on="2023-07-03",
        special_conditions_certified_by="Deputy Chief Constable",
    )
    assert referred.status_code == 201, referred.content
    proceeding = referred.json()["proceeding"]["id"]
    served = post(
        client,
        f"/api/v1/proceedings/{proceeding}/notices/",
        {"served_on": "2023-07-04", "content": "You are referred to a hearing."},
        etag=referred["ETag"],
    )
    assert served.status_code == 201, served.content
    created = {row["rule"]: row for row in served.json()["deadlines_created"]}
    window = Deadline.objects.get(pk=created["accelerated_hearing_window"]["id"])
    assert window.earliest_on is not None
    assert created["accelerated_hearing_window"]["earliest_on"] == (
        window.earliest_on.isoformat()
    )
    assert created["accelerated_notice_response"]["earliest_on"] is None


def test_an_accelerated_hearing_fixed_outside_its_window_is_409_r52_1(
    bearer_client: Client, supervisor: User, build: Build
) -> None:
    """PCR r52(1): served on Mon 3 Jul 2023, the hearing is held from Mon 17
    to Mon 24 Jul; the day before is refused with the rule and the window."""
    proceeding = build.served(form="accelerated_hearing")
    client = bearer_client(supervisor)
    case_id = proceeding.subject.case_id
    response = post(
        client,
        f"/api/v1/proceedings/{proceeding.pk}/schedule/",
        {"scheduled_for": "2023-07-14"},
        etag=current_etag(client, case_id),
    )
    body = api_refused(response, 409, rule="proceeding.r52_1")
    assert "from 17 July 2023 to 24 July 2023" in body["detail"]
    assert "(PCR r52(1))" in body["detail"]
    accepted = post(
        client,
        f"/api/v1/proceedings/{proceeding.pk}/schedule/",
        {"scheduled_for": "2023-07-24"},
        etag=current_etag(client, case_id),
    )
    assert accepted.status_code == 200, accepted.content


def test_an_upheld_objection_re_sets_the_window_over_the_api_r52_1a(
    bearer_client: Client, supervisor: User, build: Build
) -> None:
    """PCR r52(1A): the objection is recorded on the proceeding, and the new
    window (10 to 15 working days after the replacement on Tue 11 Jul 2023)
    is in ``deadlines_created``; a misconduct hearing has none to re-set."""
    proceeding = build.served(form="accelerated_hearing")
    client = bearer_client(supervisor)
    body = {
        "objected_to": "Chief Constable",
        "upheld_on": "2023-07-10",
        "replaced_on": "2023-07-11",
        "reason": "The chief constable gave evidence in the criminal trial.",
    }
    response = post(
        client,
        f"/api/v1/proceedings/{proceeding.pk}/objections/",
        body,
        etag=current_etag(client, proceeding.subject.case_id),
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["objection"]["replaced_on"] == "2023-07-11"
    assert [row["objected_to"] for row in answer["proceeding"]["objections"]] == [
        "Chief Constable"
    ]
    [window] = answer["deadlines_created"]
    assert (window["rule"], window["earliest_on"], window["due_on"]) == (
        "accelerated_hearing_window",
        "2023-07-25",
        "2023-08-01",
    )

    hearing = build.served(form="misconduct_hearing")
    refused = post(
        client,
        f"/api/v1/proceedings/{hearing.pk}/objections/",
        body,
        etag=current_etag(client, hearing.subject.case_id),
    )
    api_refused(refused, 409, rule="objection.form")


def test_a_proceeding_reads_as_its_referral_answered_it(
    bearer_client: Client, supervisor: User, subject: Subject
) -> None:
    client = bearer_client(supervisor)
    referred = refer(client, subject)
    assert referred.status_code == 201, referred.content
    proceeding = referred.json()["proceeding"]
    read = client.get(f"/api/v1/proceedings/{proceeding['id']}/")
    assert read.status_code == 200, read.content
    assert read.json() == proceeding
    assert read["ETag"] == referred["ETag"]


def test_a_proceeding_on_another_forces_case_is_404(
    bearer_client: Client, supervisor: User, outsider: User, subject: Subject
) -> None:
    referred = refer(bearer_client(supervisor), subject)
    url = f"/api/v1/proceedings/{referred.json()['proceeding']['id']}/"
    response = bearer_client(outsider).get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_the_api_returns_the_case(
    bearer_client: Client, build: Build, supervisor: User
) -> None:
    """PCR r62(8)(b) over the API: the proceeding reads as returned; a second
    return is refused."""
    proceeding = build.found(form="accelerated_hearing", findings="not_proven")
    client = bearer_client(supervisor)
    url = f"/api/v1/proceedings/{proceeding.pk}/return/"
    etag = current_etag(client, proceeding.subject.case_id)
    assert proceeding.held_on is not None
    answer = post(
        client,
        url,
        {"returned_on": proceeding.held_on.isoformat(), "rationale": "Not gross."},
        etag=etag,
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()["proceeding"]
    assert (body["status"], body["returned_on"]) == (
        "returned",
        proceeding.held_on.isoformat(),
    )
    refusal = post(
        client,
        url,
        {"returned_on": proceeding.held_on.isoformat(), "rationale": "Not gross."},
        etag=answer["ETag"],
    )
    assert refusal.status_code in {409, 422}, refusal.content
