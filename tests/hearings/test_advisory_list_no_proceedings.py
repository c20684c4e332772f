"""PA96 s88L(1)(a): once it is determined that no disciplinary proceedings
will be brought against a person already reported to the advisory list for
the matter, the relevant authority makes the further report removing them.

The decisions are taken in referrals (no case to answer, management action,
reflective practice, no further action); the report is the hearings app's,
made in the same transaction through the consequence it registers with
``referrals.services.consequences``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from conduct.models import AuditEvent, User
from hearings.models import ListReport
from hearings.services.lists import advisory_removal_when_no_proceedings
from referrals.models import Subject
from referrals.services.consequences import no_proceedings_consequences
from referrals.services.determinations import (
    determination_make,
    subject_management_action,
    subject_no_further_action,
    subject_reflective_practice,
)
from tests.assertions import one_audit_event
from tests.builders import MISCONDUCT, NO_CASE, Build

pytestmark = pytest.mark.django_db


def no_case_to_answer(actor: User, subject: Subject, on: dt.date) -> None:
    determination_make(
        actor=actor,
        subject=subject,
        body="appropriate_authority",
        decided_on=on,
        results={allegation.pk: NO_CASE for allegation in subject.allegations.all()},
        rationale="The evidence does not support the allegation.",
    )


def management_action(actor: User, subject: Subject, on: dt.date) -> None:
    subject_management_action(
        actor=actor, subject=subject, decided_on=on, rationale="Words of advice."
    )


def reflective_practice(actor: User, subject: Subject, on: dt.date) -> None:
    subject_reflective_practice(
        actor=actor, subject=subject, decided_on=on, rationale="Learning."
    )


def no_further_action(actor: User, subject: Subject, on: dt.date) -> None:
    subject_no_further_action(
        actor=actor, subject=subject, decided_on=on, rationale="Nothing more."
    )


Decide = Callable[[User, Subject, dt.date], None]


@dataclass(frozen=True)
class NoProceedingsDecision:
    """A decision that no proceedings will be brought, on a subject who left
    (and was reported to the advisory list) while the matter was open."""

    name: str
    reach: Callable[[Build], Subject]
    left_on: dt.date
    decide: Decide
    decided_on: dt.date
    action: str


DECISIONS = [
    NoProceedingsDecision(
        name="no case to answer",
        # Reported on 30 Jan 2023; left before the determination.
        reach=lambda build: build.reported(),
        left_on=dt.date(2023, 2, 1),
        decide=no_case_to_answer,
        decided_on=dt.date(2023, 2, 6),
        action="subject.determined",
    ),
    NoProceedingsDecision(
        name="management action",
        # A 2012-rules case (reference case C's dates); the lists began on
        # 15 December 2017, so the person leaves after that.
        reach=lambda build: build.case_to_answer(
            on=dt.date(2016, 11, 14), results=(MISCONDUCT,)
        ),
        left_on=dt.date(2018, 1, 10),
        decide=management_action,
        decided_on=dt.date(2018, 1, 15),
        action="subject.management_action",
    ),
    NoProceedingsDecision(
        name="reflective practice",
        reach=lambda build: build.case_to_answer(results=(MISCONDUCT,)),
        left_on=dt.date(2023, 6, 20),
        decide=reflective_practice,
        decided_on=dt.date(2023, 6, 26),
        action="subject.reflective_practice",
    ),
    NoProceedingsDecision(
        name="no further action",
        reach=lambda build: build.assessed(),
        left_on=dt.date(2023, 1, 20),
        decide=no_further_action,
        decided_on=dt.date(2023, 1, 25),
        action="subject.no_further_action",
    ),
]


def left(build: Build, decision: NoProceedingsDecision) -> tuple[Subject, ListReport]:
    """The subject resigned while the matter was open: an advisory list
    report (s88I(1)(a))."""
    subject = build.former_officer(decision.reach(build), left_on=decision.left_on)
    advisory = ListReport.objects.get(subject=subject)
    assert advisory.kind == ListReport.Kind.ADVISORY
    return subject, advisory


@pytest.mark.parametrize("decision", DECISIONS, ids=[d.name for d in DECISIONS])
def test_a_decision_that_no_proceedings_will_be_brought_removes_the_entry(
    build: Build, supervisor: User, decision: NoProceedingsDecision
) -> None:
    """PA96 s88L(1)(a): a further report, in the decision's own transaction
    and audit event."""
    subject, advisory = left(build, decision)

    with one_audit_event(decision.action):
        decision.decide(supervisor, subject, decision.decided_on)

    removal = ListReport.objects.get(
        subject=subject, kind=ListReport.Kind.ADVISORY_REMOVAL
    )
    advisory.refresh_from_db()
    assert advisory.superseded_by == removal
    assert removal.previous_report == advisory
    assert removal.status == ListReport.Status.PENDING
    assert removal.event_on == decision.decided_on
    assert "no disciplinary proceedings will be brought" in removal.content["reason"]
    assert "s88L(1)(a)" in removal.content["reason"]
    assert AuditEvent.objects.latest("id").new_values["list_reports"] == {
        str(removal.pk): ListReport.Kind.ADVISORY_REMOVAL
    }


def test_the_reason_names_the_decision(build: Build, supervisor: User) -> None:
    subject, _ = left(build, DECISIONS[0])
    no_case_to_answer(supervisor, subject, dt.date(2023, 2, 6))
    removal = ListReport.objects.get(kind=ListReport.Kind.ADVISORY_REMOVAL)
    assert removal.content["reason"] == (
        "It was determined that no disciplinary proceedings will be brought "
        "(no case to answer) (PA96 s88L(1)(a))."
    )


STILL_SERVING = [DECISIONS[0], DECISIONS[3]]


@pytest.mark.parametrize("decision", STILL_SERVING, ids=[d.name for d in STILL_SERVING])
def test_no_further_report_for_someone_never_reported(
    build: Build, supervisor: User, decision: NoProceedingsDecision
) -> None:
    """Still serving: nothing on the list, so nothing to remove."""
    subject = decision.reach(build)
    with one_audit_event(decision.action):
        decision.decide(supervisor, subject, decision.decided_on)
    assert not ListReport.objects.filter(subject=subject).exists()
    assert AuditEvent.objects.latest("id").new_values["list_reports"] == {}


def test_no_second_further_report_once_the_entry_was_removed(
    build: Build, supervisor: User
) -> None:
    """No case to answer removed the entry; no further action after it finds
    nothing left to remove (s88L: one further report per entry)."""
    subject, _ = left(build, DECISIONS[0])
    no_case_to_answer(supervisor, subject, dt.date(2023, 2, 6))
    with one_audit_event("subject.no_further_action"):
        no_further_action(supervisor, subject, dt.date(2023, 2, 8))
    assert list(
        ListReport.objects.filter(subject=subject)
        .order_by("id")
        .values_list("kind", flat=True)
    ) == [ListReport.Kind.ADVISORY, ListReport.Kind.ADVISORY_REMOVAL]
    assert AuditEvent.objects.latest("id").new_values["list_reports"] == {}


def test_a_case_to_answer_is_not_a_decision_against_proceedings(
    build: Build, supervisor: User
) -> None:
    """A case to answer on any allegation leaves the entry standing: the
    proceedings may yet be brought."""
    subject, advisory = left(build, DECISIONS[0])
    determination_make(
        actor=supervisor,
        subject=subject,
        body="appropriate_authority",
        decided_on=dt.date(2023, 2, 6),
        results={allegation.pk: MISCONDUCT for allegation in subject.allegations.all()},
        rationale="A case to answer.",
    )
    advisory.refresh_from_db()
    assert advisory.superseded_by is None
    assert "list_reports" not in AuditEvent.objects.latest("id").new_values


def test_the_hearings_app_registers_the_removal_with_referrals() -> None:
    """referrals never imports hearings: hearings registers its consequence
    in HearingsConfig.ready (docs/architecture.md)."""
    assert advisory_removal_when_no_proceedings in no_proceedings_consequences()
