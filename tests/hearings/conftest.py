"""Fixtures for the hearings tests: forces beyond the shared personas, and a
builder that walks a subject to a case to answer through the real services.

Extra personas:
- met_supervisor: PSD supervisor in the Metropolitan Police Service.
- notts_supervisor: PSD supervisor in Nottinghamshire.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from conduct.models import AuditEvent, Force, PersonRole, Role, Standard, User
from hearings.models import PanelRole, Proceeding
from hearings.services.proceedings import (
    panel_member_appoint,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_refer,
    proceeding_schedule,
)
from referrals.models import Case, Subject
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.determinations import determination_make
from referrals.services.investigations import investigation_open, report_submit
from tests.factories.conduct import UserFactory
from tests.factories.people import make_person_with_role

MISCONDUCT = "case_to_answer_misconduct"
GROSS = "case_to_answer_gross_misconduct"
NO_CASE = "no_case_to_answer"


@contextmanager
def one_audit_event() -> Iterator[None]:
    """Assert the block (one service call) wrote exactly one audit event."""
    before = AuditEvent.objects.count()
    yield
    assert AuditEvent.objects.count() == before + 1


@pytest.fixture
def met(db: None) -> Force:
    return Force.objects.get(code="met")


@pytest.fixture
def met_supervisor(met: Force) -> User:
    return UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[met])


@pytest.fixture
def notts_supervisor(nottinghamshire: Force) -> User:
    return UserFactory.create(role=Role.PSD_SUPERVISOR, forces=[nottinghamshire])


@dataclass
class Walk:
    """Dates used to walk a case to a case to answer (2020 rules, local)."""

    came_to_attention_on: dt.date = dt.date(2023, 1, 10)
    assessed_on: dt.date = dt.date(2023, 1, 12)
    opened_on: dt.date = dt.date(2023, 1, 16)
    reported_on: dt.date = dt.date(2023, 6, 1)
    decided_on: dt.date = dt.date(2023, 6, 15)


_counter = iter(range(1, 10_000))


def subject_with_case_to_answer(
    *,
    supervisor: User,
    force: Force,
    results: Sequence[str] = (GROSS,),
    walk: Walk | None = None,
    kind: str = PersonRole.Kind.POLICE_OFFICER,
    date_of_birth: dt.date | None = dt.date(1985, 3, 14),
    rank: str = "Police Constable",
    identifier: str = "1234",
) -> Subject:
    """A subject whose allegations (one per result) have been determined."""
    walk = walk or Walk()
    number = next(_counter)
    case = case_create(
        actor=supervisor,
        force=force,
        reference=f"PSD/H/{number:04d}",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        came_to_attention_on=walk.came_to_attention_on,
        summary="Conduct matter for the hearings tests.",
    )
    person, role = make_person_with_role(
        force=force,
        given_names=f"Officer{number}",
        kind=kind,
        rank=rank,
        identifier=identifier,
        date_of_birth=date_of_birth,
    )
    subject = subject_add(actor=supervisor, case=case, person=person, role=role)
    standard = Standard.objects.get(number=1)
    for index, result in enumerate(results):
        allegation = allegation_add(
            actor=supervisor,
            subject=subject,
            summary=f"Allegation {index + 1} against {person}.",
            standards=[standard],
        )
        severity_assess(
            actor=supervisor,
            allegation=allegation,
            severity="gross_misconduct" if result == GROSS else "misconduct",
            assessed_on=walk.assessed_on,
            body="appropriate_authority",
            rationale="Assessed on the papers.",
        )
    investigation_open(
        actor=supervisor,
        case=case,
        investigating_body="force",
        investigator_name="DI Investigator",
        terms_of_reference="The conduct alleged.",
        opened_on=walk.opened_on,
    )
    any_case = any(result != NO_CASE for result in results)
    report_submit(
        actor=supervisor,
        case=case,
        submitted_on=walk.reported_on,
        summary="Investigation report.",
        opinions={subject.pk: results[0] if any_case else NO_CASE},
    )
    allegations = list(subject.allegations.order_by("id"))
    determination_make(
        actor=supervisor,
        subject=subject,
        body="appropriate_authority",
        decided_on=walk.decided_on,
        results={a.pk: r for a, r in zip(allegations, results, strict=True)},
        rationale="Agrees with the investigator.",
    )
    subject.refresh_from_db()
    return subject


#: Pre-7 May 2024 hearing panel.
LQC_PANEL = (
    (PanelRole.LEGALLY_QUALIFIED_CHAIR, "Ms Chair KC"),
    (PanelRole.SENIOR_OFFICER, "Supt Senior"),
    (PanelRole.INDEPENDENT_MEMBER, "Mr Independent"),
)
#: From 7 May 2024.
CHIEF_OFFICER_PANEL = (
    (PanelRole.CHIEF_OFFICER_CHAIR, "ACC Delegate"),
    (PanelRole.INDEPENDENT_MEMBER, "Ms Independent One"),
    (PanelRole.INDEPENDENT_MEMBER, "Mr Independent Two"),
    (PanelRole.LEGALLY_QUALIFIED_PERSON, "Ms Adviser"),
)


def panel_for(form: str, on: dt.date) -> tuple[tuple[str, str], ...]:
    if form == "misconduct_meeting":
        return ((PanelRole.PERSON_CONDUCTING, "Supt Conducting"),)
    if form == "accelerated_hearing":
        return ((PanelRole.CHIEF_OFFICER, "Chief Constable"),)
    return CHIEF_OFFICER_PANEL if on >= dt.date(2024, 5, 7) else LQC_PANEL


def held_proceeding(
    *,
    supervisor: User,
    subject: Subject,
    form: str = "misconduct_hearing",
    referred_on: dt.date = dt.date(2023, 7, 3),
    held_on: dt.date = dt.date(2023, 9, 4),
    **refer_kwargs: object,
) -> Proceeding:
    """Refer, serve notice, schedule, appoint the panel and hold."""
    if form == "accelerated_hearing":
        refer_kwargs.setdefault("special_conditions_certified_on", referred_on)
        refer_kwargs.setdefault("special_conditions_certified_by", "DCC Certifier")
    proceeding = proceeding_refer(
        actor=supervisor,
        subject=subject,
        form=form,
        referred_on=referred_on,
        rationale="Case to answer.",
        **refer_kwargs,  # type: ignore[arg-type]
    )
    proceeding_notice_serve(
        actor=supervisor,
        proceeding=proceeding,
        served_on=referred_on,
        content="You are referred to proceedings.",
    )
    proceeding_schedule(actor=supervisor, proceeding=proceeding, scheduled_for=held_on)
    for role, name in panel_for(form, held_on):
        panel_member_appoint(
            actor=supervisor, proceeding=proceeding, role=role, name=name
        )
    return proceeding_hold(actor=supervisor, proceeding=proceeding, held_on=held_on)
