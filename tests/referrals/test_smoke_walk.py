from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import AuditEvent, Force, Role, Standard, User
from referrals.models import Case, DeterminationResult, Subject
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.determinations import (
    determination_make,
    subject_management_action,
)
from referrals.services.investigations import (
    interview_record,
    interview_schedule,
    investigation_open,
    notice_response_record,
    notice_serve,
    report_submit,
)
from referrals.services.iopc import referral_decide, referral_make
from tests.factories.conduct import UserFactory
from tests.factories.people import make_person_with_role

pytestmark = pytest.mark.django_db


def test_case_c_walks_to_determinations(
    caseworker: User, supervisor: User, northamptonshire: Force
) -> None:
    iopc_supervisor = UserFactory.create(role=Role.IOPC_SUPERVISOR)
    iopc_investigator = UserFactory.create(role=Role.IOPC_INVESTIGATOR)
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/C/2016/0112",
        trigger=Case.Trigger.PUBLIC_COMPLAINT,
        came_to_attention_on=dt.date(2016, 11, 14),
        complaint_made_on=dt.date(2016, 11, 14),
        summary="Family complaint about the handling of an online grooming report.",
        iopc_reference="2016/077885",
    )
    assert case.regime == "2012"
    subjects = []
    for given, rank in [("Dee", "Detective Constable"), ("Sam", "Detective Sergeant")]:
        person, role = make_person_with_role(
            force=northamptonshire, given_names=given, rank=rank
        )
        subject = subject_add(actor=caseworker, case=case, person=person, role=role)
        allegation_add(
            actor=caseworker,
            subject=subject,
            summary=f"{rank} failed to progress the investigation.",
            standards=Standard.objects.filter(number=6),
        )
        subjects.append(subject)
    referral_make(
        actor=caseworker,
        case=case,
        factors=["voluntary"],
        referred_on=dt.date(2016, 11, 20),
    )
    referral_decide(
        actor=iopc_supervisor,
        case=case,
        decision="investigate",
        mode="independent",
        decided_on=dt.date(2016, 12, 1),
        rationale="Seriousness and public interest.",
    )
    for subject in subjects:
        for allegation in subject.allegations.all():
            severity_assess(
                actor=iopc_investigator,
                allegation=allegation,
                severity="gross_misconduct",
                assessed_on=dt.date(2016, 12, 5),
                body="iopc",
                rationale="Could justify dismissal if proven.",
            )
    investigation_open(
        actor=iopc_investigator,
        case=case,
        investigating_body="iopc",
        investigator_name="IOPC lead investigator",
        terms_of_reference="The handling of the crime report.",
        opened_on=dt.date(2016, 12, 6),
    )
    notice = notice_serve(
        actor=iopc_investigator,
        subject=subjects[0],
        served_on=dt.date(2016, 12, 12),
        content="Possible gross misconduct.",
    )
    assert notice.title == "Regulation 16 notice"
    notice_response_record(
        actor=iopc_investigator,
        notice=notice,
        kind="statement",
        received_on=dt.date(2017, 1, 3),
        content="Statement one.",
    )
    interview = interview_schedule(
        actor=iopc_investigator, subject=subjects[0], proposed_on=dt.date(2017, 2, 1)
    )
    interview_record(
        actor=iopc_investigator,
        interview=interview,
        held_on=dt.date(2017, 2, 1),
        attended=True,
        no_comment=True,
    )
    report_submit(
        actor=iopc_investigator,
        case=case,
        submitted_on=dt.date(2017, 9, 15),
        summary="Report.",
        opinions={
            subjects[0].pk: DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT,
            subjects[1].pk: DeterminationResult.CASE_TO_ANSWER_MISCONDUCT,
        },
    )
    ds = subjects[1]
    determination_make(
        actor=supervisor,
        subject=ds,
        body="appropriate_authority",
        decided_on=dt.date(2017, 10, 2),
        results={a.pk: "case_to_answer_misconduct" for a in ds.allegations.all()},
        rationale="Agrees with the investigator.",
    )
    subject_management_action(
        actor=supervisor, subject=ds, decided_on=dt.date(2017, 10, 9), rationale="MA."
    )
    ds.refresh_from_db()
    assert ds.status == Subject.Status.MANAGEMENT_ACTION
    case.refresh_from_db()
    assert case.version > 1
    assert AuditEvent.objects.filter(case_id=case.pk).count() >= 15
