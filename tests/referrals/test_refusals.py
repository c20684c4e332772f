"""Refused actions raise a typed error a caseworker understands and change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from conduct.exceptions import ApplicationError, InvalidTransition, StaleVersion
from conduct.models import AuditEvent, Force, Role, Standard, User
from referrals.models import Case, Subject
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.common import lock_case
from referrals.services.determinations import (
    determination_make,
    recommendation_make,
    subject_management_action,
    subject_reflective_practice,
)
from referrals.services.investigations import (
    interview_schedule,
    investigation_open,
    notice_serve,
)
from referrals.services.iopc import referral_decide, referral_make
from tests.factories.conduct import UserFactory
from tests.factories.people import make_person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(caseworker: User, northamptonshire: Force) -> Subject:
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/2023/0042",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2023, 5, 2),
        summary="Messages to a member of the public.",
    )
    person, role = make_person_with_role(force=northamptonshire)
    subject = subject_add(actor=caseworker, case=case, person=person, role=role)
    allegation_add(
        actor=caseworker,
        subject=subject,
        summary="Pursued an improper relationship.",
        standards=Standard.objects.filter(number__in=[1, 9]),
    )
    return subject


def refused(action: Callable[[], Any], case: Case, message: str) -> ApplicationError:
    """Run a refused action; check nothing changed and return the error."""
    events = AuditEvent.objects.count()
    version = Case.objects.get(pk=case.pk).version
    with pytest.raises(ApplicationError, match=message) as error:
        action()
    assert AuditEvent.objects.count() == events
    assert Case.objects.get(pk=case.pk).version == version
    return error.value


def test_a_notice_before_the_investigation_is_refused(
    subject: Subject, caseworker: User
) -> None:
    refused(
        lambda: notice_serve(
            actor=caseworker,
            subject=subject,
            served_on=dt.date(2023, 6, 1),
            content="x",
        ),
        subject.case,
        "Open the investigation first",
    )


def _investigate(subject: Subject, caseworker: User, supervisor: User) -> None:
    for allegation in subject.allegations.all():
        severity_assess(
            actor=supervisor,
            allegation=allegation,
            severity="gross_misconduct",
            assessed_on=dt.date(2023, 5, 10),
            body="appropriate_authority",
            rationale="Could justify dismissal.",
        )
    investigation_open(
        actor=caseworker,
        case=subject.case,
        investigating_body="force",
        investigator_name="DI Rowe",
        terms_of_reference="The messages.",
        opened_on=dt.date(2023, 5, 11),
    )


def test_an_interview_before_the_notice_is_refused(
    subject: Subject, caseworker: User, supervisor: User
) -> None:
    _investigate(subject, caseworker, supervisor)
    error = refused(
        lambda: interview_schedule(
            actor=caseworker, subject=subject, proposed_on=dt.date(2023, 6, 1)
        ),
        subject.case,
        "cannot be interviewed before the written notice",
    )
    assert error.rule == "interview.before_notice"


def test_a_notice_needs_a_severity_assessment(
    subject: Subject, caseworker: User, supervisor: User
) -> None:
    investigation_open(
        actor=caseworker,
        case=subject.case,
        investigating_body="force",
        investigator_name="DI Rowe",
        terms_of_reference="The messages.",
        opened_on=dt.date(2023, 5, 11),
    )
    refused(
        lambda: notice_serve(
            actor=caseworker,
            subject=subject,
            served_on=dt.date(2023, 6, 1),
            content="x",
        ),
        subject.case,
        "Assess every allegation",
    )


def test_the_2020_notice_is_a_regulation_17_notice(
    subject: Subject, caseworker: User, supervisor: User
) -> None:
    _investigate(subject, caseworker, supervisor)
    notice = notice_serve(
        actor=caseworker, subject=subject, served_on=dt.date(2023, 5, 12), content="x"
    )
    assert notice.title == "Regulation 17 notice"
    assert notice.severity == "gross_misconduct"


def test_a_legacy_mode_on_a_2020_case_is_refused(
    subject: Subject, caseworker: User, iopc_supervisor: User
) -> None:
    referral_make(
        actor=caseworker,
        case=subject.case,
        factors=["apsp"],
        referred_on=dt.date(2023, 5, 3),
    )
    refused(
        lambda: referral_decide(
            actor=iopc_supervisor,
            case=subject.case,
            decision="investigate",
            mode="managed",
            decided_on=dt.date(2023, 5, 20),
            rationale="x",
        ),
        subject.case,
        "Managed investigations ended with the 2020 rules",
    )


def test_investigating_while_awaiting_the_iopc_is_refused(
    subject: Subject, caseworker: User
) -> None:
    referral_make(
        actor=caseworker,
        case=subject.case,
        factors=["apsp"],
        referred_on=dt.date(2023, 5, 3),
    )
    refused(
        lambda: investigation_open(
            actor=caseworker,
            case=subject.case,
            investigating_body="force",
            investigator_name="DI Rowe",
            terms_of_reference="x",
            opened_on=dt.date(2023, 5, 11),
        ),
        subject.case,
        "awaiting the IOPC",
    )


def test_a_referral_is_mandatory_unless_only_voluntary(
    subject: Subject, caseworker: User
) -> None:
    referral = referral_make(
        actor=caseworker,
        case=subject.case,
        factors=["voluntary"],
        referred_on=dt.date(2023, 5, 3),
    )
    assert referral.mandatory is False


def test_only_the_iopc_decides_on_a_referral(
    subject: Subject, caseworker: User, supervisor: User
) -> None:
    referral_make(
        actor=caseworker,
        case=subject.case,
        factors=["apsp"],
        referred_on=dt.date(2023, 5, 3),
    )
    refused(
        lambda: referral_decide(
            actor=supervisor,
            case=subject.case,
            decision="refer_back",
            decided_on=dt.date(2023, 5, 20),
            rationale="x",
        ),
        subject.case,
        "cannot decide on an IOPC referral",
    )


def test_a_determination_before_the_report_is_an_invalid_transition(
    subject: Subject, supervisor: User
) -> None:
    with pytest.raises(InvalidTransition, match="recorded cannot become case to"):
        determination_make(
            actor=supervisor,
            subject=subject,
            body="appropriate_authority",
            decided_on=dt.date(2023, 6, 1),
            results={
                a.pk: "case_to_answer_misconduct" for a in subject.allegations.all()
            },
            rationale="x",
        )
    subject.refresh_from_db()
    assert subject.status == Subject.Status.RECORDED


def test_management_action_on_a_2020_case_is_refused(
    subject: Subject, supervisor: User
) -> None:
    refused(
        lambda: subject_management_action(
            actor=supervisor,
            subject=subject,
            decided_on=dt.date(2023, 6, 1),
            rationale="x",
        ),
        subject.case,
        "Management action is an outcome of the 2012 rules",
    )


def test_reflective_practice_needs_the_2020_rules(
    caseworker: User, supervisor: User, northamptonshire: Force
) -> None:
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/2016/0001",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2016, 5, 2),
        summary="x",
    )
    person, role = make_person_with_role(force=northamptonshire)
    subject = subject_add(actor=caseworker, case=case, person=person, role=role)
    refused(
        lambda: subject_reflective_practice(
            actor=supervisor,
            subject=subject,
            decided_on=dt.date(2016, 6, 1),
            rationale="x",
        ),
        case,
        "reflective practice review process exists under the 2020 rules",
    )


def test_a_direction_needs_a_recommendation_first(
    subject: Subject, iopc_supervisor: User, caseworker: User
) -> None:
    referral_make(
        actor=caseworker,
        case=subject.case,
        factors=["apsp"],
        referred_on=dt.date(2023, 5, 3),
    )
    Subject.objects.filter(pk=subject.pk).update(status=Subject.Status.CASE_TO_ANSWER)
    refused(
        lambda: recommendation_make(
            actor=iopc_supervisor,
            subject=subject,
            kind="direction",
            proceedings_form="misconduct_hearing",
            made_on=dt.date(2023, 9, 1),
            rationale="x",
        ),
        subject.case,
        "directs proceedings only after recommending",
    )


def test_an_internal_matter_is_not_referred(
    caseworker: User, northamptonshire: Force
) -> None:
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/2023/0099",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2023, 5, 2),
        summary="x",
    )
    refused(
        lambda: referral_make(
            actor=caseworker,
            case=case,
            factors=["apsp"],
            referred_on=dt.date(2023, 5, 3),
        ),
        case,
        "Internal conduct matters are not referred",
    )


def test_a_duplicate_reference_is_refused(subject: Subject, caseworker: User) -> None:
    with pytest.raises(ApplicationError, match="already has a case with reference"):
        case_create(
            actor=caseworker,
            force=subject.case.force,
            reference="NH/2023/0042",
            trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
            came_to_attention_on=dt.date(2023, 5, 2),
            summary="x",
        )


def test_a_case_in_the_future_is_refused(
    caseworker: User, northamptonshire: Force
) -> None:
    with pytest.raises(ApplicationError, match="cannot be in the future"):
        case_create(
            actor=caseworker,
            force=northamptonshire,
            reference="NH/2999/1",
            trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
            came_to_attention_on=dt.date(2999, 1, 1),
            summary="x",
        )


def test_a_stale_version_is_refused(subject: Subject) -> None:
    from django.db import transaction

    with transaction.atomic(), pytest.raises(StaleVersion, match="has changed since"):
        lock_case(subject.case, expected_version=subject.case.version - 1)


def test_regimes_follow_the_date_of_attention_or_complaint(
    caseworker: User, northamptonshire: Force
) -> None:
    cases = {
        reference: case_create(
            actor=caseworker,
            force=northamptonshire,
            reference=reference,
            trigger=Case.Trigger.PUBLIC_COMPLAINT,
            came_to_attention_on=on,
            complaint_made_on=on,
            summary="x",
        )
        for reference, on in [
            ("A", dt.date(2020, 1, 31)),
            ("B", dt.date(2020, 2, 1)),
            ("C", dt.date(2012, 11, 22)),
            ("D", dt.date(2012, 11, 21)),
        ]
    }
    assert {ref: case.regime for ref, case in cases.items()} == {
        "A": "2012",
        "B": "2020",
        "C": "2012",
        "D": "2008",
    }


@pytest.fixture
def met_subject(caseworker: User, northamptonshire: Force) -> Subject:
    """A Northamptonshire case whose subject's appropriate authority is the
    Met (she transferred there; reference case C)."""
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/2023/0043",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2023, 5, 2),
        summary="Failings in a crime investigation.",
    )
    person, role = make_person_with_role(force=northamptonshire, identifier="NH7")
    subject = subject_add(
        actor=caseworker,
        case=case,
        person=person,
        role=role,
        appropriate_authority=Force.objects.get(code="met"),
    )
    allegation_add(
        actor=caseworker,
        subject=subject,
        summary="Did not review the evidence.",
        standards=Standard.objects.filter(number=6),
    )
    return subject


@pytest.mark.parametrize(
    "decide",
    [
        lambda subject, actor: severity_assess(
            actor=actor,
            allegation=subject.allegations.get(),
            severity="misconduct",
            assessed_on=dt.date(2023, 5, 3),
            body="appropriate_authority",
            rationale="Could be misconduct.",
        ),
        lambda subject, actor: determination_make(
            actor=actor,
            subject=subject,
            body="appropriate_authority",
            decided_on=dt.date(2023, 6, 1),
            results={a.pk: "no_case_to_answer" for a in subject.allegations.all()},
            rationale="No case.",
        ),
        lambda subject, actor: subject_management_action(
            actor=actor,
            subject=subject,
            decided_on=dt.date(2023, 6, 1),
            rationale="Learning.",
        ),
    ],
    ids=["severity", "determination", "management-action"],
)
def test_only_the_appropriate_authority_decides_for_its_subject(
    met_subject: Subject,
    supervisor: User,
    decide: Callable[[Subject, User], Any],
) -> None:
    """The recording force still sees the case but no longer decides for a
    subject whose appropriate authority is another force."""
    error = refused(
        lambda: decide(met_subject, supervisor),
        met_subject.case,
        "Only Metropolitan Police Service, the appropriate authority for Jamie "
        "Carter, can",
    )
    assert error.rule == "appropriate_authority"
    met_supervisor = UserFactory.create(
        role=Role.PSD_SUPERVISOR, forces=[Force.objects.get(code="met")]
    )
    try:
        decide(met_subject, met_supervisor)
    except ApplicationError as other:  # a later rule of the step, not the force
        assert other.rule != "appropriate_authority"
