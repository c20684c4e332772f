"""The three reference cases (domain.md section 9), end to end through the
services only. Names are invented; dates follow the published timelines."""

from __future__ import annotations

import datetime as dt

import pytest

from conduct.models import Force, PersonRole, Role, Standard, User
from conduct.services.people import person_create, person_role_add
from hearings.models import ListReport, PanelRole, Proceeding
from hearings.selectors.proceedings import current_outcome_for
from hearings.services.employment import employment_event_record
from hearings.services.outcomes import findings_record, outcome_record, subject_conclude
from hearings.services.proceedings import (
    panel_member_appoint,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_refer,
    proceeding_response_record,
    proceeding_schedule,
)
from referrals.models import Case, Subject
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
    investigation_open,
    notice_serve,
    report_submit,
)
from referrals.services.iopc import referral_decide, referral_make
from tests.factories.conduct import UserFactory
from tests.factories.people import make_person_with_role

pytestmark = pytest.mark.django_db
GROSS = "case_to_answer_gross_misconduct"
MISCONDUCT = "case_to_answer_misconduct"


def test_case_a_special_constable_resigns_before_the_hearing(
    supervisor: User, northamptonshire: Force
) -> None:
    """Police staff instructor who is also a special constable; arrested in
    Aug 2022; resigned the day before the Oct 2022 hearing; found, as a former
    officer, that he would have been dismissed: advisory then barred list."""
    iopc_supervisor = UserFactory.create(role=Role.IOPC_SUPERVISOR)
    person = person_create(
        actor=supervisor,
        given_names="Adam",
        family_name="Fenwick",
        date_of_birth=dt.date(1979, 5, 2),
    )
    person_role_add(
        actor=supervisor,
        person=person,
        kind=PersonRole.Kind.POLICE_STAFF,
        force=northamptonshire,
        started_on=dt.date(2013, 4, 1),
        identifier="S7781",
        job_title="Safety training instructor",
    )
    special = person_role_add(
        actor=supervisor,
        person=person,
        kind=PersonRole.Kind.SPECIAL_CONSTABLE,
        force=northamptonshire,
        started_on=dt.date(2016, 9, 1),
        rank="Special Constable",
        identifier="SC2042",
    )
    case = case_create(
        actor=supervisor,
        force=northamptonshire,
        reference="NH/A/2022/0810",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2022, 8, 10),
        summary="Special constable arrested after online contact with a decoy.",
    )
    assert case.regime == "2020"
    subject = subject_add(actor=supervisor, case=case, person=person, role=special)
    allegation = allegation_add(
        actor=supervisor,
        subject=subject,
        summary="Attempted sexual communication with a child.",
        standards=Standard.objects.filter(number=9),
        occurred_on=dt.date(2022, 8, 1),
    )
    referral_make(
        actor=supervisor,
        case=case,
        factors=["serious_sexual_offence"],
        referred_on=dt.date(2022, 8, 11),
    )
    # The mode is not in the source: modelled as returned for local handling.
    referral_decide(
        actor=iopc_supervisor,
        case=case,
        decision="refer_back",
        decided_on=dt.date(2022, 8, 15),
        rationale="Force to investigate locally.",
    )
    severity_assess(
        actor=supervisor,
        allegation=allegation,
        severity="gross_misconduct",
        assessed_on=dt.date(2022, 8, 16),
        body="appropriate_authority",
        rationale="Would justify dismissal.",
    )
    investigation_open(
        actor=supervisor,
        case=case,
        investigating_body="force",
        investigator_name="PSD investigator",
        terms_of_reference="The conduct leading to the arrest.",
        opened_on=dt.date(2022, 8, 16),
    )
    report_submit(
        actor=supervisor,
        case=case,
        submitted_on=dt.date(2022, 9, 12),
        summary="Guilty plea entered; documentary evidence.",
        opinions={subject.pk: GROSS},
    )
    determination_make(
        actor=supervisor,
        subject=subject,
        body="appropriate_authority",
        decided_on=dt.date(2022, 9, 14),
        results={allegation.pk: GROSS},
        rationale="Conviction on a guilty plea.",
    )
    proceeding = proceeding_refer(
        actor=supervisor,
        subject=subject,
        form="accelerated_hearing",
        referred_on=dt.date(2022, 9, 21),
        rationale="Special conditions met.",
        special_conditions_certified_on=dt.date(2022, 9, 20),
        special_conditions_certified_by="Deputy Chief Constable",
        is_public=True,
    )
    proceeding_notice_serve(
        actor=supervisor,
        proceeding=proceeding,
        served_on=dt.date(2022, 9, 22),
        content="Referral to an accelerated misconduct hearing.",
    )
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2022, 10, 13)
    )
    panel_member_appoint(
        actor=supervisor,
        proceeding=proceeding,
        role=PanelRole.CHIEF_OFFICER,
        name="Chief Constable",
    )
    # Resigns the special constable role the day before the hearing.
    employment_event_record(
        actor=supervisor,
        role=special,
        kind="resigned",
        occurred_on=dt.date(2022, 10, 12),
    )
    advisory = ListReport.objects.get(person=person, kind=ListReport.Kind.ADVISORY)
    assert advisory.event_on == dt.date(2022, 10, 12)
    assert advisory.content["status"] == "former_officer"
    assert advisory.content["rank"] == "Special Constable"
    assert advisory.content["identifier"] == "SC2042"
    assert advisory.content["form_of_proceedings"] == "Accelerated misconduct hearing"
    assert advisory.content["left_by"] == "resigned"
    # The staff role is a separate role and carries on.
    assert person.roles.filter(ended_on__isnull=True).get().kind == "police_staff"
    proceeding.refresh_from_db()
    assert proceeding.former_officer is True
    assert proceeding.former_officer_condition == "a"

    proceeding_hold(
        actor=supervisor, proceeding=proceeding, held_on=dt.date(2022, 10, 13)
    )
    findings_record(
        actor=supervisor,
        proceeding=proceeding,
        results={allegation.pk: "proven_gross_misconduct"},
        recorded_on=dt.date(2022, 10, 13),
        rationale="Conviction proves the conduct.",
    )
    outcome_record(
        actor=supervisor,
        proceeding=proceeding,
        kind="would_have_been_dismissed",
        decided_on=dt.date(2022, 10, 13),
        reasons="Would have been dismissed had he not resigned.",
    )
    barred = ListReport.objects.get(person=person, kind=ListReport.Kind.BARRED)
    assert barred.content["status"] == "former_officer"
    assert barred.content["prior_advisory_report"] == {
        "id": advisory.pk,
        "date": "2022-10-12",
    }
    assert barred.previous_report == advisory
    assert barred.content["standards_breached"] == ["9. Discreditable Conduct"]
    advisory.refresh_from_db()
    assert advisory.superseded_by == barred
    subject_conclude(
        actor=supervisor, subject=subject, concluded_on=dt.date(2022, 11, 17)
    )
    subject.refresh_from_db()
    assert subject.status == Subject.Status.CONCLUDED


def test_case_b_accelerated_hearing_and_dismissal(
    notts_supervisor: User, nottinghamshire: Force, iopc_investigator: User
) -> None:
    """APSP by an officer after an off-duty stop (Feb-May 2020); independent
    IOPC investigation from Dec 2020; dismissed without notice by the chief
    constable at an accelerated hearing in 2021; barred list report."""
    iopc_supervisor = UserFactory.create(role=Role.IOPC_SUPERVISOR)
    case = case_create(
        actor=notts_supervisor,
        force=nottinghamshire,
        reference="NT/B/2020/0601",
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2020, 6, 1),
        summary="Officer sent sexual messages to a woman he had stopped.",
    )
    assert case.regime == "2020"
    person, role = make_person_with_role(
        force=nottinghamshire,
        given_names="Ben",
        family_name="Rowley",
        rank="Police Constable",
        identifier="NT5521",
        date_of_birth=dt.date(1990, 1, 20),
    )
    subject = subject_add(actor=notts_supervisor, case=case, person=person, role=role)
    allegation = allegation_add(
        actor=notts_supervisor,
        subject=subject,
        summary="Pursued an improper sexual relationship with a vulnerable woman.",
        standards=Standard.objects.filter(number__in=[1, 2, 9]),
        occurred_on=dt.date(2020, 2, 15),
    )
    referral_make(
        actor=notts_supervisor,
        case=case,
        factors=["apsp", "serious_corruption"],
        referred_on=dt.date(2020, 6, 3),
    )
    referral_decide(
        actor=iopc_supervisor,
        case=case,
        decision="investigate",
        mode="independent",
        decided_on=dt.date(2020, 12, 1),
        rationale="Abuse of position for a sexual purpose.",
    )
    severity_assess(
        actor=iopc_investigator,
        allegation=allegation,
        severity="gross_misconduct",
        assessed_on=dt.date(2020, 12, 2),
        body="iopc",
        rationale="APSP is serious corruption.",
    )
    investigation_open(
        actor=iopc_investigator,
        case=case,
        investigating_body="iopc",
        investigator_name="IOPC lead investigator",
        terms_of_reference="The messages and the stop.",
        opened_on=dt.date(2020, 12, 3),
    )
    notice = notice_serve(
        actor=iopc_investigator,
        subject=subject,
        served_on=dt.date(2020, 12, 10),
        content="Possible gross misconduct.",
    )
    assert notice.title == "Regulation 17 notice"
    report_submit(
        actor=iopc_investigator,
        case=case,
        submitted_on=dt.date(2021, 7, 15),
        summary="Case to answer for gross misconduct.",
        opinions={subject.pk: GROSS},
    )
    determination_make(
        actor=iopc_supervisor,
        subject=subject,
        body="iopc",
        decided_on=dt.date(2021, 7, 20),
        results={allegation.pk: GROSS},
        rationale="The messages are documented.",
    )
    proceeding = proceeding_refer(
        actor=notts_supervisor,
        subject=subject,
        form="accelerated_hearing",
        referred_on=dt.date(2021, 7, 27),
        rationale="Documentary evidence; public interest in removal.",
        special_conditions_certified_on=dt.date(2021, 7, 26),
        special_conditions_certified_by="Deputy Chief Constable",
        is_public=True,
    )
    notice_of_referral = proceeding_notice_serve(
        actor=notts_supervisor,
        proceeding=proceeding,
        served_on=dt.date(2021, 7, 28),
        content="Referral to an accelerated misconduct hearing.",
    )
    assert notice_of_referral.title == "Regulation 51 notice"
    proceeding_response_record(
        actor=notts_supervisor,
        proceeding=proceeding,
        received_on=dt.date(2021, 8, 4),
        accepts_conduct=True,
        account="Accepts sending the messages.",
    )
    proceeding_schedule(
        actor=notts_supervisor,
        proceeding=proceeding,
        scheduled_for=dt.date(2021, 8, 12),
    )
    panel_member_appoint(
        actor=notts_supervisor,
        proceeding=proceeding,
        role=PanelRole.CHIEF_OFFICER,
        name="Chief Constable of Nottinghamshire",
    )
    proceeding_hold(
        actor=notts_supervisor, proceeding=proceeding, held_on=dt.date(2021, 8, 12)
    )
    findings_record(
        actor=notts_supervisor,
        proceeding=proceeding,
        results={allegation.pk: "proven_gross_misconduct"},
        recorded_on=dt.date(2021, 8, 12),
        rationale="Proven on the documents.",
    )
    outcome = outcome_record(
        actor=notts_supervisor,
        proceeding=proceeding,
        kind="dismissal_without_notice",
        decided_on=dt.date(2021, 8, 12),
        reasons="Abuse of position: dismissal is the only outcome.",
    )
    proceeding.refresh_from_db()
    assert proceeding.status == Proceeding.Status.HELD
    assert proceeding.panel.get().role == PanelRole.CHIEF_OFFICER
    barred = ListReport.objects.get(person=person)
    assert barred.kind == ListReport.Kind.BARRED
    assert barred.relevant_authority == nottinghamshire
    assert barred.event_on == outcome.decided_on
    assert barred.content["status"] == "officer"
    assert barred.content["identifier"] == "NT5521"
    assert barred.content["prior_advisory_report"] is None
    assert len(barred.content["standards_breached"]) == 3
    subject.refresh_from_db()
    assert subject.status == Subject.Status.OUTCOME_DECIDED


def test_case_c_transfer_resignation_and_would_not_have_been_dismissed(  # noqa: PLR0915, PLR0917 - one end-to-end walk
    caseworker: User,
    supervisor: User,
    met_supervisor: User,
    northamptonshire: Force,
    met: Force,
    iopc_investigator: User,
) -> None:
    """2012 rules: complaint Nov 2016, independent investigation; DS and DI get
    management action; the DC transfers to the Met (new AA), resigns in Feb
    2018 and, at a late-2018 hearing before a legally qualified chair, would
    not have been dismissed: no barred list entry, advisory entry removed."""
    iopc_supervisor = UserFactory.create(role=Role.IOPC_SUPERVISOR)
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference="NH/C/2016/1114",
        trigger=Case.Trigger.PUBLIC_COMPLAINT,
        came_to_attention_on=dt.date(2016, 11, 14),
        complaint_made_on=dt.date(2016, 11, 14),
        summary="Family complaint about a grooming investigation.",
        iopc_reference="2016/077885",
    )
    assert case.regime == "2012"
    officers = {}
    for given, rank, number in [
        ("Dana", "Detective Constable", "NH101"),
        ("Sean", "Detective Sergeant", "NH202"),
        ("Isla", "Detective Inspector", "NH303"),
    ]:
        person, role = make_person_with_role(
            force=northamptonshire,
            given_names=given,
            family_name="Example",
            rank=rank,
            identifier=number,
        )
        officers[rank] = subject_add(
            actor=caseworker, case=case, person=person, role=role
        )
    dc = officers["Detective Constable"]
    dc_allegations = [
        "Did not use the phone download evidence.",
        "Did not give information to Interpol.",
        "Did not arrange an ABE interview.",
        "Did not raise competence or welfare concerns.",
    ]
    for summary in dc_allegations:
        allegation_add(
            actor=caseworker,
            subject=dc,
            summary=summary,
            standards=Standard.objects.filter(number=6),
        )
    for rank in ("Detective Sergeant", "Detective Inspector"):
        allegation_add(
            actor=caseworker,
            subject=officers[rank],
            summary="Did not supervise the investigation.",
            standards=Standard.objects.filter(number=6),
        )
    referral_make(
        actor=caseworker,
        case=case,
        factors=["voluntary"],
        referred_on=dt.date(2016, 11, 21),
    )
    referral_decide(
        actor=iopc_supervisor,
        case=case,
        decision="investigate",
        mode="independent",
        decided_on=dt.date(2016, 12, 1),
        rationale="Seriousness and public interest.",
    )
    for subject in officers.values():
        for allegation in subject.allegations.all():
            severity_assess(
                actor=iopc_investigator,
                allegation=allegation,
                severity="gross_misconduct",
                assessed_on=dt.date(2016, 12, 5),
                body="iopc",
                rationale="Possible gross misconduct.",
            )
    investigation_open(
        actor=iopc_investigator,
        case=case,
        investigating_body="iopc",
        investigator_name="IPCC lead investigator",
        terms_of_reference="The handling of the crime report.",
        opened_on=dt.date(2016, 12, 6),
    )
    # The DC moves to the Met, which becomes the appropriate authority.
    employment_event_record(
        actor=supervisor,
        role=dc.role,
        kind="transferred",
        occurred_on=dt.date(2017, 6, 5),
        to_force=met,
        new_identifier="MP9090",
    )
    dc.refresh_from_db()
    assert dc.appropriate_authority == met
    assert dc.case_id == case.pk
    assert Case.objects.filter(pk=case.pk).count() == 1
    report_submit(
        actor=iopc_investigator,
        case=case,
        submitted_on=dt.date(2017, 9, 15),
        summary="Opinions on the three officers.",
        opinions={
            dc.pk: GROSS,
            officers["Detective Sergeant"].pk: MISCONDUCT,
            officers["Detective Inspector"].pk: MISCONDUCT,
        },
    )
    for rank in ("Detective Sergeant", "Detective Inspector"):
        subject = officers[rank]
        determination_make(
            actor=supervisor,
            subject=subject,
            body="appropriate_authority",
            decided_on=dt.date(2017, 10, 2),
            results={a.pk: MISCONDUCT for a in subject.allegations.all()},
            rationale="Agrees with the investigator.",
        )
        subject_management_action(
            actor=supervisor,
            subject=subject,
            decided_on=dt.date(2017, 10, 9),
            rationale="Management action.",
        )
    determination_make(
        actor=met_supervisor,
        subject=dc,
        body="appropriate_authority",
        decided_on=dt.date(2017, 10, 16),
        results={a.pk: GROSS for a in dc.allegations.all()},
        rationale="Agrees to hold gross misconduct proceedings.",
    )
    proceeding = proceeding_refer(
        actor=met_supervisor,
        subject=dc,
        form="misconduct_hearing",
        referred_on=dt.date(2017, 11, 20),
        rationale="Case to answer for gross misconduct.",
        is_public=True,
    )
    proceeding_notice_serve(
        actor=met_supervisor,
        proceeding=proceeding,
        served_on=dt.date(2017, 11, 22),
        content="Referral to a misconduct hearing.",
    )
    # Resigns in Feb 2018, after the former-officer rules came in.
    employment_event_record(
        actor=met_supervisor,
        role=dc.role,
        kind="resigned",
        occurred_on=dt.date(2018, 2, 9),
    )
    advisory = ListReport.objects.get(person=dc.person, kind=ListReport.Kind.ADVISORY)
    assert advisory.relevant_authority == met
    assert advisory.content["force"] == "Metropolitan Police Service"
    assert advisory.content["identifier"] == "MP9090"
    assert advisory.content["form_of_proceedings"] == "Misconduct hearing"
    proceeding.refresh_from_db()
    assert proceeding.former_officer_condition == "a"
    proceeding_schedule(
        actor=met_supervisor,
        proceeding=proceeding,
        scheduled_for=dt.date(2018, 11, 26),
    )
    for panel_role, name in [
        (PanelRole.LEGALLY_QUALIFIED_CHAIR, "Legally qualified chair"),
        (PanelRole.SENIOR_OFFICER, "Chief Superintendent"),
        (PanelRole.INDEPENDENT_MEMBER, "Independent member"),
    ]:
        panel_member_appoint(
            actor=met_supervisor, proceeding=proceeding, role=panel_role, name=name
        )
    proceeding_hold(
        actor=met_supervisor, proceeding=proceeding, held_on=dt.date(2018, 11, 26)
    )
    allegations = list(dc.allegations.order_by("id"))
    findings = findings_record(
        actor=met_supervisor,
        proceeding=proceeding,
        results={
            allegations[0].pk: "proven_gross_misconduct",
            allegations[1].pk: "proven_gross_misconduct",
            allegations[2].pk: "proven_misconduct",
            allegations[3].pk: "proven_misconduct",
        },
        recorded_on=dt.date(2018, 11, 30),
        rationale="Different findings on the four allegations.",
    )
    assert sorted(f.result for f in findings) == [
        "proven_gross_misconduct",
        "proven_gross_misconduct",
        "proven_misconduct",
        "proven_misconduct",
    ]
    outcome_record(
        actor=met_supervisor,
        proceeding=proceeding,
        kind="would_not_have_been_dismissed",
        decided_on=dt.date(2018, 11, 30),
        reasons="Failings were not such that dismissal would have followed.",
    )
    assert not ListReport.objects.filter(
        person=dc.person, kind=ListReport.Kind.BARRED
    ).exists()
    removal = ListReport.objects.get(
        person=dc.person, kind=ListReport.Kind.ADVISORY_REMOVAL
    )
    advisory.refresh_from_db()
    assert advisory.superseded_by == removal
    assert removal.previous_report == advisory
    assert "would not have been dismissed" in removal.content["reason"]
    subject_conclude(actor=met_supervisor, subject=dc, concluded_on=dt.date(2019, 1, 7))
    statuses = {
        rank: Subject.objects.get(pk=subject.pk).status
        for rank, subject in officers.items()
    }
    assert statuses == {
        "Detective Constable": Subject.Status.CONCLUDED,
        "Detective Sergeant": Subject.Status.MANAGEMENT_ACTION,
        "Detective Inspector": Subject.Status.MANAGEMENT_ACTION,
    }
    current = current_outcome_for(dc)
    assert current is not None
    assert current.kind == "would_not_have_been_dismissed"
