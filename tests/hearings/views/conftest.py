"""Cases in the states the hearings steps need, made through the real
services (small 2020-rules cases from tests/hearings/conftest.py, not the
reference cases, to keep the suite fast).

Personas: supervisor (a Northamptonshire PSD supervisor, the appropriate
authority of every subject here), caseworker (same force), outsider
(Nottinghamshire: sees none of these cases).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from conduct.models import Force, Standard, User
from hearings.models import Appeal, ListReport, Outcome, PanelMember, Proceeding
from hearings.services.appeals import appeal_lodge
from hearings.services.employment import employment_event_record
from hearings.services.outcomes import findings_record, outcome_record
from hearings.services.proceedings import (
    panel_member_appoint,
    proceeding_notice_serve,
    proceeding_papers_to_chair,
    proceeding_refer,
    proceeding_schedule,
    proceeding_withdraw,
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
from tests.factories.people import make_person_with_role
from tests.hearings.conftest import (
    GROSS,
    LQC_PANEL,
    Walk,
    held_proceeding,
    subject_with_case_to_answer,
)

REFERRED_ON = dt.date(2023, 7, 3)
HEARING_ON = dt.date(2023, 9, 4)
LEFT_ON = dt.date(2023, 6, 20)
_numbers = itertools.count(1)


class HearingsWorld:
    """Subjects and their proceedings at each stage, for one force."""

    def __init__(self, supervisor: User, caseworker: User, force: Force) -> None:
        self.supervisor = supervisor
        self.caseworker = caseworker
        self.force = force

    def answering(self, *results: str) -> Subject:
        """A subject with a case to answer (gross misconduct by default)."""
        return subject_with_case_to_answer(
            supervisor=self.supervisor, force=self.force, results=results or (GROSS,)
        )

    def answering_on_one_case(self, count: int) -> list[Subject]:
        """``count`` subjects of one new case, each with a case to answer for
        gross misconduct on one allegation."""
        walk = Walk()
        case = case_create(
            actor=self.supervisor,
            force=self.force,
            reference=f"PSD/HV/{next(_numbers):04d}",
            trigger=Case.Trigger.INTERNAL_CONDUCT_MATTER,
            came_to_attention_on=walk.came_to_attention_on,
            summary="Several officers, for the hearings page tests.",
        )
        standard = Standard.objects.get(number=1)
        for number in range(count):
            person, role = make_person_with_role(
                force=self.force,
                given_names=f"Officer{number}",
                family_name=f"Case{case.pk}",
                identifier=f"H{number}",
            )
            subject = subject_add(
                actor=self.supervisor, case=case, person=person, role=role
            )
            allegation = allegation_add(
                actor=self.supervisor,
                subject=subject,
                summary=f"Allegation against officer {number}.",
                standards=[standard],
            )
            severity_assess(
                actor=self.supervisor,
                allegation=allegation,
                severity="gross_misconduct",
                assessed_on=walk.assessed_on,
                body="appropriate_authority",
                rationale="Assessed on the papers.",
            )
        investigation_open(
            actor=self.supervisor,
            case=case,
            investigating_body="force",
            investigator_name="DI Investigator",
            terms_of_reference="The conduct alleged.",
            opened_on=walk.opened_on,
        )
        subjects = list(case.subjects.order_by("id"))
        report_submit(
            actor=self.supervisor,
            case=case,
            submitted_on=walk.reported_on,
            summary="Investigation report.",
            opinions={subject.pk: GROSS for subject in subjects},
        )
        for subject in subjects:
            determination_make(
                actor=self.supervisor,
                subject=subject,
                body="appropriate_authority",
                decided_on=walk.decided_on,
                results={a.pk: GROSS for a in subject.allegations.all()},
                rationale="Agrees with the investigator.",
            )
        return list(Subject.objects.filter(case=case).order_by("id"))

    def former_officer(self) -> Subject:
        """A subject with a case to answer for gross misconduct who has resigned
        since (Condition A: the matter came to attention before they left)."""
        subject = self.answering()
        employment_event_record(
            actor=self.supervisor,
            role=subject.role,
            kind="resigned",
            occurred_on=LEFT_ON,
        )
        return Subject.objects.select_related("role", "case").get(pk=subject.pk)

    def referred(self, subject: Subject | None = None, **kwargs: object) -> Proceeding:
        subject = subject or self.answering()
        kwargs.setdefault("form", "misconduct_hearing")
        return proceeding_refer(
            actor=self.supervisor,
            subject=subject,
            referred_on=REFERRED_ON,
            rationale="A case to answer for gross misconduct.",
            **kwargs,  # type: ignore[arg-type]
        )

    def noticed(self, subject: Subject | None = None) -> Proceeding:
        proceeding = self.referred(subject)
        proceeding_notice_serve(
            actor=self.supervisor,
            proceeding=proceeding,
            served_on=REFERRED_ON,
            content="You are referred to a misconduct hearing.",
        )
        return proceeding

    def papers_sent(self) -> Proceeding:
        return proceeding_papers_to_chair(
            actor=self.supervisor,
            proceeding=self.referred(),
            supplied_on=dt.date(2023, 7, 10),
        )

    def scheduled(self, subject: Subject | None = None) -> Proceeding:
        return proceeding_schedule(
            actor=self.supervisor,
            proceeding=self.noticed(subject),
            scheduled_for=HEARING_ON,
        )

    def with_panel_member(self, subject: Subject | None = None) -> PanelMember:
        role, name = LQC_PANEL[0]
        return panel_member_appoint(
            actor=self.supervisor,
            proceeding=self.scheduled(subject),
            role=role,
            name=name,
        )

    def ready_to_hold(self) -> Proceeding:
        proceeding = self.scheduled()
        for role, name in LQC_PANEL:
            panel_member_appoint(
                actor=self.supervisor, proceeding=proceeding, role=role, name=name
            )
        return proceeding

    def withdrawn(self) -> Subject:
        proceeding = proceeding_withdraw(
            actor=self.supervisor,
            proceeding=self.referred(),
            withdrawn_on=dt.date(2023, 7, 20),
            rationale="The complainant's evidence is no longer available.",
        )
        return Subject.objects.select_related("case").get(pk=proceeding.subject_id)

    def held(self, subject: Subject | None = None) -> Proceeding:
        return held_proceeding(
            supervisor=self.supervisor,
            subject=subject or self.answering(),
            referred_on=REFERRED_ON,
            held_on=HEARING_ON,
        )

    def held_former_officer(self) -> Proceeding:
        return held_proceeding(
            supervisor=self.supervisor,
            subject=self.former_officer(),
            referred_on=REFERRED_ON,
            held_on=HEARING_ON,
            former_officer_condition="a",
        )

    def found(self, proceeding: Proceeding | None = None) -> Proceeding:
        proceeding = proceeding or self.held()
        findings_record(
            actor=self.supervisor,
            proceeding=proceeding,
            results={
                allegation.pk: "proven_gross_misconduct"
                for allegation in proceeding.subject.allegations.all()
            },
            recorded_on=HEARING_ON,
            rationale="Proven on the evidence.",
        )
        return Proceeding.objects.get(pk=proceeding.pk)

    def decided(self, subject: Subject | None = None) -> Outcome:
        return outcome_record(
            actor=self.supervisor,
            proceeding=self.found(self.held(subject)),
            kind="dismissal_without_notice",
            decided_on=HEARING_ON,
            reasons="Dismissal is the only fitting outcome.",
        )

    def decided_subject(self) -> Subject:
        outcome = self.decided()
        return Subject.objects.select_related("case").get(pk=outcome.subject_id)

    def appealed(self, subject: Subject | None = None) -> Appeal:
        outcome = self.decided(subject)
        return appeal_lodge(
            actor=self.supervisor,
            subject=outcome.subject,
            lodged_on=dt.date(2023, 9, 11),
            grounds="The finding was against the weight of the evidence.",
        )

    def failed_report(self, subject: Subject | None = None) -> ListReport:
        """The barred list report a dismissal makes, after its delivery
        failed for good (as the dispatch leaves it)."""
        outcome = self.decided(subject)
        report = ListReport.objects.get(subject_id=outcome.subject_id, kind="barred")
        ListReport.objects.filter(pk=report.pk).update(
            status=ListReport.Status.FAILED, attempts=5
        )
        report.refresh_from_db()
        return report


@pytest.fixture
def hworld(
    supervisor: User, caseworker: User, northamptonshire: Force
) -> HearingsWorld:
    return HearingsWorld(supervisor, caseworker, northamptonshire)
