"""Refused actions raise a typed error a caseworker understands and change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from conduct.exceptions import ApplicationError, InvalidTransition, StaleVersion
from conduct.models import Force, User
from referrals.models import Case, Subject
from referrals.services import iopc
from referrals.services.cases import (
    case_create,
    severity_assess,
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
from tests.assertions import refused
from tests.builders import Build

pytestmark = pytest.mark.django_db
ON = dt.date(2023, 5, 2)


@pytest.fixture
def subject(build: Build) -> Subject:
    """A recorded subject with one allegation (Standards 1 and 9), unassessed."""
    return build.recorded(on=ON, standards=(1, 9))


def test_a_notice_before_the_investigation_is_refused(
    subject: Subject, caseworker: User
) -> None:
    with refused(containing="Open the investigation first", case=subject.case):
        notice_serve(
            actor=caseworker,
            subject=subject,
            served_on=dt.date(2023, 6, 1),
            content="x",
        )


def test_an_interview_before_the_notice_is_refused(
    build: Build, subject: Subject, caseworker: User
) -> None:
    build.investigating(build.assessed(subject))
    with refused(
        containing="cannot be interviewed before the written notice",
        rule="interview.before_notice",
        case=subject.case,
    ):
        interview_schedule(
            actor=caseworker, subject=subject, proposed_on=dt.date(2023, 6, 1)
        )


def test_a_notice_needs_a_severity_assessment(
    build: Build, subject: Subject, caseworker: User
) -> None:
    build.investigating(subject)
    with refused(containing="Assess every allegation", case=subject.case):
        notice_serve(
            actor=caseworker,
            subject=subject,
            served_on=dt.date(2023, 6, 1),
            content="x",
        )


def test_the_2020_notice_is_a_regulation_17_notice(
    build: Build, subject: Subject, caseworker: User
) -> None:
    build.investigating(build.assessed(subject))
    notice = notice_serve(
        actor=caseworker, subject=subject, served_on=dt.date(2023, 5, 12), content="x"
    )
    assert notice.title == "Regulation 17 notice"
    assert notice.severity == "gross_misconduct"


def test_a_legacy_mode_on_a_2020_case_is_refused(
    build: Build, subject: Subject, iopc_supervisor: User
) -> None:
    build.referred_to_iopc(subject.case, factors=("apsp",))
    with refused(
        containing="Managed investigations ended with the 2020 rules",
        case=subject.case,
    ):
        referral_decide(
            actor=iopc_supervisor,
            case=subject.case,
            decision="investigate",
            mode="managed",
            decided_on=dt.date(2023, 5, 20),
            rationale="x",
        )


def test_investigating_while_awaiting_the_iopc_is_refused(
    build: Build, subject: Subject, caseworker: User
) -> None:
    build.referred_to_iopc(subject.case, factors=("apsp",))
    with refused(containing="awaiting the IOPC", case=subject.case):
        investigation_open(
            actor=caseworker,
            case=subject.case,
            investigating_body="force",
            investigator_name="DI Rowe",
            terms_of_reference="x",
            opened_on=dt.date(2023, 5, 11),
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
    build: Build, subject: Subject, supervisor: User
) -> None:
    build.referred_to_iopc(subject.case, factors=("apsp",))
    with refused(containing="cannot decide on an IOPC referral", case=subject.case):
        referral_decide(
            actor=supervisor,
            case=subject.case,
            decision="refer_back",
            decided_on=dt.date(2023, 5, 20),
            rationale="x",
        )


def test_a_determination_before_the_report_is_an_invalid_transition(
    subject: Subject, supervisor: User
) -> None:
    with refused(
        containing="recorded cannot become case to",
        error=InvalidTransition,
        case=subject.case,
    ):
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
    with refused(
        containing="Management action is an outcome of the 2012 rules",
        case=subject.case,
    ):
        subject_management_action(
            actor=supervisor,
            subject=subject,
            decided_on=dt.date(2023, 6, 1),
            rationale="x",
        )


def test_reflective_practice_needs_the_2020_rules(
    build: Build, supervisor: User
) -> None:
    subject = build.recorded(
        on=dt.date(2016, 5, 2),
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        allegations=0,
    )
    with refused(
        containing="reflective practice review process exists under the 2020 rules",
        case=subject.case,
    ):
        subject_reflective_practice(
            actor=supervisor,
            subject=subject,
            decided_on=dt.date(2016, 6, 1),
            rationale="x",
        )


def test_a_direction_needs_a_recommendation_first(
    build: Build, iopc_supervisor: User
) -> None:
    referred = build.directed(on=ON, factors=("apsp",))
    subject = build.case_to_answer(case=referred)
    with refused(
        containing="directs proceedings only after recommending", case=subject.case
    ):
        recommendation_make(
            actor=iopc_supervisor,
            subject=subject,
            kind="direction",
            proceedings_form="misconduct_hearing",
            made_on=dt.date(2023, 9, 1),
            rationale="x",
        )


def test_an_internal_matter_is_not_referred(build: Build, caseworker: User) -> None:
    case = build.case(on=ON, trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER)
    with refused(containing="Internal conduct matters are not referred", case=case):
        referral_make(
            actor=caseworker,
            case=case,
            factors=["apsp"],
            referred_on=dt.date(2023, 5, 3),
        )


def test_a_duplicate_reference_is_refused(subject: Subject, caseworker: User) -> None:
    with pytest.raises(ApplicationError, match="already has a case with reference"):
        case_create(
            actor=caseworker,
            force=subject.case.force,
            reference=subject.case.reference,
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
def met_subject(build: Build, met: Force) -> Subject:
    """A Northamptonshire case whose subject's appropriate authority is the
    Met (she transferred there; reference case C)."""
    return build.recorded(
        on=ON,
        role=build.role(given_names="Jamie", identifier="NH7"),
        appropriate_authority=met,
        standards=(6,),
    )


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
    met_supervisor: User,
    decide: Callable[[Subject, User], Any],
) -> None:
    """The recording force still sees the case but no longer decides for a
    subject whose appropriate authority is another force."""
    with refused(
        containing="Only Metropolitan Police Service, the appropriate authority "
        "for Jamie Carter, can",
        rule="appropriate_authority",
        case=met_subject.case,
    ):
        decide(met_subject, supervisor)
    try:
        decide(met_subject, met_supervisor)
    except ApplicationError as other:  # a later rule of the step, not the force
        assert other.rule != "appropriate_authority"


def test_a_directed_investigation_of_a_2012_case_is_refused(
    build: Build, iopc_supervisor: User
) -> None:
    """Directed investigations came with the 2020 rules (PRA Sch 3 para 15(4)
    as amended); before them the modes were local, supervised, managed and
    independent."""
    case = build.recorded(on=dt.date(2019, 3, 1)).case
    build.referred_to_iopc(case, factors=("apsp",))
    with refused(
        iopc.DIRECTED_MODE_BEFORE_2020.format(regime="2012"),
        rule="referral.directed_mode",
        case=case,
    ):
        referral_decide(
            actor=iopc_supervisor,
            case=case,
            decision="investigate",
            mode="directed",
            decided_on=dt.date(2019, 3, 20),
            rationale="x",
        )
