"""The Part 3A determination over the API (PCR r21A(1)(d), inserted by
SI 2025/558): a hearing whose officer resigned before it, on or after 28 May
2025, shows the pending determination, is refused a date until the
appropriate authority makes it, and then continues or is withdrawn."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import User
from hearings.models import Proceeding
from tests.assertions import api_refused, nothing_written
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import API, case_etag, post, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def left(build: Build) -> Proceeding:
    """Referred 7 July 2025, the officer resigned on 21 July."""
    later = build.starting_on(dt.date(2025, 1, 14))
    return later.left_before_hearing(later.served())


def determination_url(proceeding: Proceeding) -> str:
    return f"{API}/proceedings/{proceeding.pk}/part-3a-determination/"


def test_the_hearing_shows_the_pending_determination_and_is_not_scheduled(
    bearer_client: Client, supervisor: User, left: Proceeding
) -> None:
    client = bearer_client(supervisor)
    shown = client.get(f"{API}/proceedings/{left.pk}/").json()
    assert shown["part_3a"] == {
        "status": "pending",
        "left_by": "resigned",
        "left_on": "2025-07-21",
        "decided_on": None,
    }
    with nothing_written(left.subject.case_id):
        body = api_refused(
            post(
                client,
                f"{API}/proceedings/{left.pk}/schedule/",
                {"scheduled_for": "2025-09-08"},
                etag=case_etag(left.subject.case_id),
            ),
            409,
            rule="proceeding.part_3a",
        )
    assert "(PCR Part 3A, r21A)" in body["detail"]


def test_the_appropriate_authority_decides_the_proceedings_continue(
    bearer_client: Client, supervisor: User, left: Proceeding
) -> None:
    client = bearer_client(supervisor)
    answer = step(
        client,
        determination_url(left),
        {
            "decided_on": "2025-07-28",
            "continues": True,
            "rationale": "The public interest requires the hearing.",
        },
        case_id=left.subject.case_id,
        status=200,
    )
    proceeding = answer["proceeding"]
    assert proceeding["former_officer"] is True
    assert proceeding["former_officer_condition"] == "a"
    assert proceeding["part_3a"]["status"] == "continued"
    assert proceeding["part_3a"]["decided_on"] == "2025-07-28"
    assert answer["subject"]["status"] == "referred_to_proceedings"
    assert answer["list_reports_created"] == []


def test_proceedings_that_do_not_continue_end_with_the_advisory_entry(
    bearer_client: Client, supervisor: User, left: Proceeding
) -> None:
    """PA96 s88L(1)(b): withdrawn, so the further report removes the entry."""
    answer = step(
        bearer_client(supervisor),
        determination_url(left),
        {"decided_on": "2025-07-28", "continues": False, "rationale": "Not needed."},
        case_id=left.subject.case_id,
        status=200,
    )
    assert answer["proceeding"]["status"] == "withdrawn"
    assert answer["subject"]["status"] == "no_further_action"
    [removal] = answer["list_reports_created"]
    assert removal["kind"] == "advisory_removal"


def test_a_caseworker_may_not_decide(
    bearer_client: Client, caseworker: User, left: Proceeding
) -> None:
    client = bearer_client(caseworker)
    with nothing_written(left.subject.case_id):
        api_refused(
            post(
                client,
                determination_url(left),
                {"decided_on": "2025-07-28", "continues": True, "rationale": "x"},
                etag=case_etag(left.subject.case_id),
            ),
            403,
            rule="role",
        )
