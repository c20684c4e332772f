"""GET /api/v1/cases/{id}/timeline/: the audit trail in words, scoped."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import Force, User
from referrals.models import Case
from referrals.services.cases import case_create
from referrals.services.iopc import referral_make
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import PROBLEM, case_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(caseworker: User, northamptonshire: Force) -> Case:
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/2024/0042",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2024, 3, 1),
        summary="Conduct matter.",
    )
    referral_make(
        actor=caseworker,
        case=case,
        factors=["voluntary"],
        referred_on=dt.date(2024, 3, 2),
    )
    return case


def test_the_timeline_lists_each_change_in_words(
    bearer_client: Client, iopc_investigator: User, caseworker: User, case: Case
) -> None:
    response = bearer_client(iopc_investigator).get(f"{case_url(case.pk)}timeline/")
    assert response.status_code == 200
    entries = response.json()
    assert [entry["action"] for entry in entries] == ["case.created", "referral.made"]
    referral = entries[1]
    assert referral["title"] == "Referred to the IOPC"
    assert referral["actor_name"] == caseworker.get_full_name()
    assert referral["new_values"]["factors"] == ["voluntary"]
    assert {"field", "old", "new"} == set(referral["changes"][0])


@pytest.mark.parametrize("persona", ["outsider", "administrator"])
def test_the_timeline_is_404_out_of_scope(
    request: pytest.FixtureRequest, bearer_client: Client, case: Case, persona: str
) -> None:
    user: User = request.getfixturevalue(persona)
    response = bearer_client(user).get(f"{case_url(case.pk)}timeline/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
