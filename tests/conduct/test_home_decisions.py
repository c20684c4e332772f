"""Home: "awaiting your decision" lists what the user's role decides and
nobody has decided, within the cases the user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conduct.models import Force, Role, Standard, User
from referrals.models import Allegation, Case, Subject
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.investigations import investigation_open, report_submit
from referrals.services.iopc import referral_make
from tests.factories.conduct import UserFactory
from tests.factories.people import make_person_with_role

pytestmark = pytest.mark.django_db


def _case(actor: User, force: Force, reference: str) -> Case:
    return case_create(
        actor=actor,
        force=force,
        reference=reference,
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2024, 3, 4),
        summary="Conduct at a briefing.",
    )


def _subject_with_allegation(
    actor: User, case: Case, name: str
) -> tuple[Subject, Allegation]:
    person, role = make_person_with_role(force=case.force, given_names=name)
    subject = subject_add(actor=actor, case=case, person=person, role=role)
    allegation = allegation_add(
        actor=actor,
        subject=subject,
        summary=f"Shouted at a member of the public ({name}).",
        standards=[Standard.objects.get(number=1)],
    )
    return subject, allegation


def _reported(
    actor: User, case: Case, subject: Subject, allegation: Allegation
) -> None:
    severity_assess(
        actor=actor,
        allegation=allegation,
        severity="misconduct",
        assessed_on=dt.date(2024, 3, 5),
        body="appropriate_authority",
        rationale="On the papers.",
    )
    investigation_open(
        actor=actor,
        case=case,
        investigating_body="force",
        investigator_name="DI Investigator",
        terms_of_reference="The conduct alleged.",
        opened_on=dt.date(2024, 3, 6),
    )
    report_submit(
        actor=actor,
        case=case,
        submitted_on=dt.date(2024, 6, 3),
        summary="Investigation report.",
        opinions={subject.pk: "case_to_answer_misconduct"},
    )


def test_a_supervisor_sees_unassessed_allegations_and_reported_subjects(
    client: Client, supervisor: User, northamptonshire: Force
) -> None:
    unassessed = _case(supervisor, northamptonshire, "NH/D/2024/0001")
    _subject_with_allegation(supervisor, unassessed, "Alex")
    reported = _case(supervisor, northamptonshire, "NH/D/2024/0002")
    subject, allegation = _subject_with_allegation(supervisor, reported, "Blake")
    _reported(supervisor, reported, subject, allegation)

    client.force_login(supervisor)
    content = client.get("/").content.decode()

    assert 'id="awaiting-decision-count">2<' in content
    decisions = content[content.index('id="decisions"') :]
    assert "Assess severity" in decisions
    assert "Decide case to answer" in decisions
    assert f'href="/cases/{unassessed.pk}/"' in decisions
    assert f'href="/cases/{reported.pk}/"' in decisions


def test_a_decided_matter_leaves_the_queue(
    client: Client, supervisor: User, northamptonshire: Force
) -> None:
    case = _case(supervisor, northamptonshire, "NH/D/2024/0003")
    _, allegation = _subject_with_allegation(supervisor, case, "Casey")
    client.force_login(supervisor)
    assert 'id="awaiting-decision-count">1<' in client.get("/").content.decode()
    severity_assess(
        actor=supervisor,
        allegation=allegation,
        severity="misconduct",
        assessed_on=dt.date(2024, 3, 5),
        body="appropriate_authority",
        rationale="On the papers.",
    )
    content = client.get("/").content.decode()
    assert 'id="awaiting-decision-count">0<' in content
    assert "Nothing is waiting for your decision." in content


def test_the_iopc_sees_referrals_awaiting_its_decision_only(
    client: Client,
    caseworker: User,
    iopc_investigator: User,
    northamptonshire: Force,
) -> None:
    referred = _case(caseworker, northamptonshire, "NH/D/2024/0004")
    _subject_with_allegation(caseworker, referred, "Dana")
    referral_make(
        actor=caseworker,
        case=referred,
        factors=["serious_corruption"],
        referred_on=dt.date(2024, 3, 5),
    )
    _case(caseworker, northamptonshire, "NH/D/2024/0005")  # never referred

    client.force_login(iopc_investigator)
    content = client.get("/").content.decode()
    assert 'id="awaiting-decision-count">1<' in content
    decisions = content[content.index('id="decisions"') :]
    assert "Decide on the referral to the IOPC" in decisions
    assert "5 March 2024" in decisions
    assert "NH/D/2024/0004" in decisions
    # Severity is the appropriate authority's decision, not the IOPC's here.
    assert "Assess severity" not in decisions


def test_another_forces_supervisor_and_a_caseworker_see_none_of_it(
    client: Client,
    supervisor: User,
    caseworker: User,
    northamptonshire: Force,
    nottinghamshire: Force,
) -> None:
    case = _case(supervisor, northamptonshire, "NH/D/2024/0006")
    _subject_with_allegation(supervisor, case, "Eden")
    other = UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[nottinghamshire])
    client.force_login(other)
    content = client.get("/").content.decode()
    assert 'id="awaiting-decision-count">0<' in content
    assert "NH/D/2024/0006" not in content
    client.force_login(caseworker)
    content = client.get("/").content.decode()
    # A caseworker decides none of these: no such section at all.
    assert "awaiting-decision" not in content


@pytest.mark.parametrize("cases", [5, 50])
def test_the_supervisors_home_query_count_does_not_grow(
    client: Client,
    supervisor: User,
    northamptonshire: Force,
    cases: int,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for number in range(cases):
        case = _case(supervisor, northamptonshire, f"NH/Q/2024/{number:04d}")
        _subject_with_allegation(supervisor, case, f"Officer{number}")
    client.force_login(supervisor)
    with django_assert_max_num_queries(19):
        response = client.get("/")
    content = response.content.decode()
    assert f'id="awaiting-decision-count">{cases}<' in content
    assert content.count("Assess severity") == min(cases, 10)
