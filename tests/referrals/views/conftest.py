"""Fixtures for the browser pages: the reference cases, walked through the
services by the demo users, seen by the shared personas.

- caseworker (Northamptonshire) sees cases A and C, not B (Nottinghamshire).
- outsider (Nottinghamshire) sees case B only.
- iopc_investigator sees the cases referred to the IOPC (all three), and no
  case that was never referred.

For the step pages, ``world`` makes small cases in the states each step
needs, through the real services (not the reference cases, to keep the suite
fast). The helpers those tests share are in helpers.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conduct.demo.users import load_demo_users
from conduct.models import Force, PersonRole, Standard, User
from hearings.demo.reference_cases import load_reference_cases
from referrals.models import (
    Case,
    Charge,
    CriminalProceedings,
    Deadline,
    Interview,
    Investigation,
    Notice,
    Severity,
    Subject,
    Suspension,
)
from referrals.services import cases, criminal, determinations, investigations, iopc
from tests.factories.people import make_person_with_role

DEMO_PASSWORD = "demo-password-for-tests"
CAME_TO_ATTENTION = dt.date(2024, 3, 4)


def load_reference_case_map() -> dict[str, Case]:
    """The demo users, then reference cases A, B and C by letter."""
    load_demo_users(DEMO_PASSWORD)
    cases = [case for case, _ in load_reference_cases()]
    return dict(zip("ABC", cases, strict=True))


@pytest.fixture
def reference_cases(db: None) -> dict[str, Case]:
    return load_reference_case_map()


@pytest.fixture
def unreferred_case(caseworker: User, northamptonshire: Force) -> Case:
    """A Northamptonshire case never referred to the IOPC."""
    return cases.case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/LOCAL/2024/0001",
        trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2024, 3, 4),
        summary="Rude to a colleague at a briefing.",
    )


class World:
    """Cases in the states the steps need, made through the services."""

    def __init__(self, users: dict[str, User], force: Force) -> None:
        self.users = users
        self.force = force
        self.caseworker = users["caseworker"]
        self.supervisor = users["supervisor"]
        self.count = 0
        self.spare_role: PersonRole | None = None

    def case(
        self,
        *,
        on: dt.date = CAME_TO_ATTENTION,
        trigger: str = Case.Trigger.RECORDABLE_CONDUCT_MATTER,
    ) -> Case:
        self.count += 1
        return cases.case_create(
            actor=self.caseworker,
            force=self.force,
            reference=f"NH/STEP/{self.count}",
            trigger=trigger,
            came_to_attention_on=on,
            summary="A matter for the step tests.",
        )

    def role(self) -> PersonRole:
        self.count += 1
        _, role = make_person_with_role(
            force=self.force,
            given_names=f"Sam{self.count}",
            family_name="Officer",
            identifier=f"ST{self.count}",
        )
        return role

    def subject(self, case: Case | None = None, **case_kwargs: Any) -> Subject:
        """A recorded subject with one allegation assessed as gross misconduct."""
        case = case or self.case(**case_kwargs)
        role = self.role()
        subject = cases.subject_add(
            actor=self.caseworker, case=case, person=role.person, role=role
        )
        allegation = cases.allegation_add(
            actor=self.caseworker,
            subject=subject,
            summary="Pushed a detained person.",
            standards=Standard.objects.filter(number=4),
        )
        cases.severity_assess(
            actor=self.supervisor,
            allegation=allegation,
            severity=Severity.GROSS_MISCONDUCT,
            assessed_on=case.came_to_attention_on,
            body="appropriate_authority",
            rationale="Force used without need.",
        )
        return subject

    def investigating(self, **case_kwargs: Any) -> Subject:
        subject = self.subject(**case_kwargs)
        investigations.investigation_open(
            actor=self.caseworker,
            case=subject.case,
            investigating_body=Investigation.Body.FORCE,
            investigator_name="DS Khan",
            terms_of_reference="The arrest.",
            opened_on=subject.case.came_to_attention_on + dt.timedelta(days=6),
        )
        return Subject.objects.get(pk=subject.pk)

    def notice(self) -> Notice:
        subject = self.investigating()
        return investigations.notice_serve(
            actor=self.caseworker,
            subject=subject,
            served_on=dt.date(2024, 3, 12),
            content="You are under investigation.",
        )

    def reported(self, case: Case | None = None, **case_kwargs: Any) -> Subject:
        if case is None:
            subject = self.investigating(**case_kwargs)
        else:
            subject = Subject.objects.get(case=case)
        investigations.report_submit(
            actor=self.caseworker,
            case=subject.case,
            submitted_on=subject.case.came_to_attention_on + dt.timedelta(days=20),
            summary="The report.",
            opinions={subject.pk: "case_to_answer_misconduct"},
        )
        return Subject.objects.get(pk=subject.pk)

    def case_to_answer(self, **case_kwargs: Any) -> Subject:
        subject = self.reported(**case_kwargs)
        return self._determine(subject)

    def _determine(self, subject: Subject) -> Subject:
        results = {a.pk: "case_to_answer_misconduct" for a in subject.allegations.all()}
        determinations.determination_make(
            actor=self.supervisor,
            subject=subject,
            body="appropriate_authority",
            decided_on=subject.case.came_to_attention_on + dt.timedelta(days=25),
            results=results,
            rationale="Agrees with the investigator.",
        )
        return Subject.objects.select_related("case").get(pk=subject.pk)

    def referred(self) -> Case:
        case = self.case()
        iopc.referral_make(
            actor=self.caseworker,
            case=case,
            factors=["serious_assault"],
            referred_on=dt.date(2024, 3, 5),
        )
        return Case.objects.get(pk=case.pk)

    def directed(self) -> Case:
        case = self.referred()
        iopc.referral_decide(
            actor=self.users["iopc_investigator"],
            case=case,
            decision="investigate",
            mode="directed",
            decided_on=dt.date(2024, 3, 7),
            rationale="Serious.",
        )
        return Case.objects.get(pk=case.pk)

    def referred_case_to_answer(self) -> Subject:
        case = self.directed()
        self.subject(case)
        investigations.investigation_open(
            actor=self.caseworker,
            case=case,
            investigating_body=Investigation.Body.FORCE,
            investigator_name="DS Khan",
            terms_of_reference="The arrest.",
            opened_on=dt.date(2024, 3, 10),
        )
        return self._determine(self.reported(case))

    def interview(self) -> Interview:
        notice = self.notice()
        return investigations.interview_schedule(
            actor=self.caseworker,
            subject=notice.subject,
            proposed_on=dt.date(2024, 3, 20),
        )

    def suspension(self) -> Suspension:
        return investigations.suspension_start(
            actor=self.caseworker,
            subject=self.subject(),
            kind=Suspension.Kind.SUSPENSION,
            started_on=dt.date(2024, 3, 5),
            reason="Risk to the public.",
        )

    def deadline(self) -> Deadline:
        notice = self.notice()
        return Deadline.objects.get(
            case=notice.subject.case, rule__code="notice_response"
        )

    def proceedings(self) -> CriminalProceedings:
        return criminal.criminal_proceedings_open(
            actor=self.caseworker,
            subject=self.subject(),
            started_on=dt.date(2024, 3, 5),
            arrested_on=dt.date(2024, 3, 6),
        )

    def charged(self) -> Charge:
        return criminal.charge_add(
            actor=self.caseworker,
            proceedings=self.proceedings(),
            offence="Assault occasioning actual bodily harm.",
            charged_on=dt.date(2024, 3, 20),
        )

    def pleaded(self, plea: str = "not_guilty") -> Charge:
        return criminal.charge_plea_record(
            actor=self.caseworker,
            charge=self.charged(),
            plea=plea,
            plea_on=dt.date(2024, 4, 1),
        )

    def decided(self, plea: str, verdict: str) -> Charge:
        return criminal.charge_verdict_record(
            actor=self.caseworker,
            charge=self.pleaded(plea),
            verdict=verdict,
            verdict_on=dt.date(2024, 5, 20),
        )

    def closed(self) -> Case:
        case = self.case()
        return cases.case_close(
            actor=self.caseworker,
            case=case,
            closed_on=dt.date(2024, 4, 1),
            rationale="Nothing more to do.",
        )

    def paused(self) -> Case:
        case = self.case()
        criminal.criminal_sub_judice_set(
            actor=self.supervisor,
            case=case,
            paused=True,
            rationale="Trial pending.",
            on=dt.date(2024, 3, 6),
        )
        return Case.objects.get(pk=case.pk)


@pytest.fixture(name="world")
def world_fixture(
    caseworker: User,
    supervisor: User,
    iopc_investigator: User,
    iopc_supervisor: User,
    northamptonshire: Force,
) -> World:
    users = {
        "caseworker": caseworker,
        "supervisor": supervisor,
        "iopc_investigator": iopc_investigator,
        "iopc_supervisor": iopc_supervisor,
    }
    return World(users, northamptonshire)
