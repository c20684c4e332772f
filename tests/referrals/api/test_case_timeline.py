"""GET /api/v1/cases/{id}/timeline/: the audit trail in words, scoped."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import User
from referrals.models import Case
from tests.assertions import api_refused
from tests.builders import Build
from tests.referrals.api.conftest import Client
from tests.referrals.api.helpers import case_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(build: Build) -> Case:
    """A Northamptonshire case referred to the IOPC (voluntarily) by the
    caseworker."""
    return build.referred_to_iopc(
        factors=["voluntary"],
        on=dt.date(2024, 3, 1),
        referred_on=dt.date(2024, 3, 2),
    )


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
    api_refused(bearer_client(user).get(f"{case_url(case.pk)}timeline/"), 404)
