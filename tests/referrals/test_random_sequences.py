"""Random sequences of services never reach an invalid state, and every call
either changes things and leaves exactly one audit event, or is refused with a
typed error and leaves none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conduct.exceptions import ApplicationError
from conduct.models import AuditEvent, Role, User
from referrals.models import (
    Case,
    Investigation,
    InvestigationReport,
    IOPCReferral,
    Subject,
)
from referrals.services import cases, determinations, investigations, iopc
from tests.builders import Build
from tests.factories.conduct import UserFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 1, 2)


@dataclass
class World:
    case: Case
    subject: Subject
    caseworker: User
    supervisor: User
    iopc_supervisor: User


def on(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


def _assess(severity: str) -> Callable[[World], object]:
    def act(world: World) -> object:
        allegation = world.subject.allegations.first()
        assert allegation is not None
        return cases.severity_assess(
            actor=world.supervisor,
            allegation=allegation,
            severity=severity,
            assessed_on=on(3),
            body="appropriate_authority",
            rationale="Assessed.",
        )

    return act


def _determine(result: str) -> Callable[[World], object]:
    def act(world: World) -> object:
        return determinations.determination_make(
            actor=world.supervisor,
            subject=world.subject,
            body="appropriate_authority",
            decided_on=on(60),
            results={a.pk: result for a in world.subject.allegations.all()},
            rationale="Decided.",
        )

    return act


def _open(body: str) -> Callable[[World], object]:
    def act(world: World) -> object:
        return investigations.investigation_open(
            actor=world.caseworker,
            case=world.case,
            investigating_body=body,
            investigator_name="Investigator",
            terms_of_reference="Terms.",
            opened_on=on(5),
        )

    return act


def _decide(decision: str, mode: str) -> Callable[[World], object]:
    def act(world: World) -> object:
        return iopc.referral_decide(
            actor=world.iopc_supervisor,
            case=world.case,
            decision=decision,
            mode=mode,
            decided_on=on(2),
            rationale="Decided.",
        )

    return act


def _notice(world: World) -> object:
    return investigations.notice_serve(
        actor=world.caseworker,
        subject=world.subject,
        served_on=on(6),
        content="Notice.",
    )


def _interview(world: World) -> object:
    return investigations.interview_schedule(
        actor=world.caseworker, subject=world.subject, proposed_on=on(20)
    )


def _report(world: World) -> object:
    return investigations.report_submit(
        actor=world.caseworker,
        case=world.case,
        submitted_on=on(50),
        summary="Report.",
        opinions={world.subject.pk: "case_to_answer_misconduct"},
    )


def _refer(world: World) -> object:
    return iopc.referral_make(
        actor=world.caseworker, case=world.case, factors=["apsp"], referred_on=on(1)
    )


def _finish(service: Callable[..., object]) -> Callable[[World], object]:
    def act(world: World) -> object:
        return service(
            actor=world.supervisor,
            subject=world.subject,
            decided_on=on(70),
            rationale="x",
        )

    return act


def _close(world: World) -> object:
    return cases.case_close(
        actor=world.caseworker, case=world.case, closed_on=on(80), rationale="Done."
    )


def _reopen(world: World) -> object:
    return cases.case_reopen(
        actor=world.caseworker, case=world.case, rationale="Again."
    )


ACTIONS: dict[str, Callable[[World], object]] = {
    "assess_gross": _assess("gross_misconduct"),
    "assess_misconduct": _assess("misconduct"),
    "assess_none": _assess("no_misconduct"),
    "refer": _refer,
    "decide_independent": _decide("investigate", "independent"),
    "decide_local": _decide("investigate", "local"),
    "refer_back": _decide("refer_back", ""),
    "open_force": _open("force"),
    "open_iopc": _open("iopc"),
    "notice": _notice,
    "interview": _interview,
    "report": _report,
    "determine_case": _determine("case_to_answer_misconduct"),
    "determine_none": _determine("no_case_to_answer"),
    "management_action": _finish(determinations.subject_management_action),
    "reflective_practice": _finish(determinations.subject_reflective_practice),
    "no_further_action": _finish(determinations.subject_no_further_action),
    "close": _close,
    "reopen": _reopen,
}


def check_invariants(world: World, successes: int) -> None:
    case = Case.objects.get(pk=world.case.pk)
    subject = Subject.objects.get(pk=world.subject.pk)
    assert case.status in Case.Status.values
    assert subject.status in Subject.Status.values
    # case_create leaves version 1; each later successful service adds one.
    assert case.version == 1 + successes
    determined = set(subject.allegations.values_list("determination", flat=True))
    if subject.status in {
        Subject.Status.CASE_TO_ANSWER,
        Subject.Status.NO_CASE_TO_ANSWER,
        Subject.Status.MANAGEMENT_ACTION,
    }:
        assert "" not in determined
    if subject.status == Subject.Status.RECORDED:
        assert determined == {""}
    investigation = Investigation.objects.filter(case=case).first()
    reported = InvestigationReport.objects.filter(investigation__case=case).exists()
    assert reported == (
        investigation is not None
        and investigation.status == Investigation.Status.REPORTED
    )
    referral = IOPCReferral.objects.filter(case=case).first()
    if investigation is not None and referral is not None:
        # A case referred before its investigation was opened waited for the
        # IOPC's decision; one may also be referred once investigating.
        assert (
            referral.status != IOPCReferral.Status.REFERRED
            or referral.created_at > investigation.created_at
        )
    if case.status == Case.Status.CLOSED:
        assert subject.status in {
            Subject.Status.MANAGEMENT_ACTION,
            Subject.Status.REFLECTIVE_PRACTICE,
            Subject.Status.NO_FURTHER_ACTION,
            Subject.Status.CONCLUDED,
        }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.sampled_from(sorted(ACTIONS)), min_size=1, max_size=14),
    came_in_2016=st.booleans(),
)
def test_random_service_sequences(
    steps: list[str],
    came_in_2016: bool,
    build: Build,
    caseworker: User,
    supervisor: User,
) -> None:
    iopc_supervisor = UserFactory.create(role=Role.IOPC_SUPERVISOR)
    global DAY  # noqa: PLW0603 - a 2012-regime case needs earlier dates
    DAY = dt.date(2016, 1, 4) if came_in_2016 else dt.date(2023, 1, 2)
    subject = build.recorded(on=DAY, summary="Random walk.", allegation="Allegation.")
    case = subject.case
    world = World(case, subject, caseworker, supervisor, iopc_supervisor)
    successes = 2  # subject_add and allegation_add
    check_invariants(world, successes)
    for step in steps:
        before = AuditEvent.objects.filter(case_id=case.pk).count()
        try:
            ACTIONS[step](world)
        except ApplicationError:
            assert AuditEvent.objects.filter(case_id=case.pk).count() == before, step
        else:
            successes += 1
            assert AuditEvent.objects.filter(case_id=case.pk).count() == before + 1, (
                step
            )
        world.subject.refresh_from_db()
        check_invariants(world, successes)
