"""Reference cases A, B and C (domain.md section 9) walked through the services.

The same walks load the demo data (``manage.py load_demo``) and are the
end-to-end tests of the lifecycle (tests/hearings/test_reference_cases.py), so
there is one copy of each. Every step is a service call by a real user with the
right role, so the audit trail, the deadlines and the list reports are the ones
the services make. The people are invented; the dates follow the published
timelines, and where the source is silent the choice is noted beside the step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import AuditEvent, Force, PersonRole, Standard, User
from conduct.services.people import person_create, person_role_add
from hearings.models import ListReport, PanelRole
from hearings.services.employment import employment_event_record
from hearings.services.outcomes import (
    findings_record,
    outcome_record,
    outcome_report_record,
    subject_conclude,
)
from hearings.services.proceedings import (
    panel_member_appoint,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_refer,
    proceeding_response_record,
    proceeding_schedule,
)
from referrals.models import Case, CriminalProceedings, Deadline, Plea, Subject, Verdict
from referrals.models import SentenceComponent as Sentence
from referrals.services.cases import (
    allegation_add,
    case_create,
    severity_assess,
    subject_add,
)
from referrals.services.criminal import (
    charge_add,
    charge_plea_record,
    charge_verdict_record,
    criminal_proceedings_conclude,
    criminal_proceedings_open,
    criminal_release_record,
    sentence_component_add,
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

GROSS = "case_to_answer_gross_misconduct"
MISCONDUCT = "case_to_answer_misconduct"
DEMO_USERS_MISSING = (
    "The demo users are missing ({usernames}): run `manage.py load_demo_users`."
)


@dataclass(frozen=True)
class DemoActors:
    """The users who act in the walks; only their roles and forces matter.

    - caseworker, supervisor: PSD in Northamptonshire (cases A and C).
    - iopc_investigator, iopc_supervisor: the IOPC (cases B and C, and the
      referral decision in case A).
    - notts_caseworker, notts_supervisor: PSD in Nottinghamshire (case B).
    - met_supervisor: PSD in the Metropolitan Police, the appropriate
      authority for the detective constable after the transfer (case C).
    """

    caseworker: User
    supervisor: User
    iopc_investigator: User
    iopc_supervisor: User
    notts_caseworker: User
    notts_supervisor: User
    met_supervisor: User


#: Which demo user (conduct/demo/users.py) plays each part.
DEMO_ACTOR_USERNAMES: dict[str, str] = {
    "caseworker": "caseworker",
    "supervisor": "supervisor",
    "iopc_investigator": "iopc.investigator",
    "iopc_supervisor": "iopc.supervisor",
    "notts_caseworker": "caseworker.notts",
    "notts_supervisor": "supervisor.notts",
    "met_supervisor": "supervisor.met",
}


def demo_actors() -> DemoActors:
    """The demo users, who must already exist (load_demo_users makes them)."""
    users = {
        user.username: user
        for user in User.objects.filter(username__in=DEMO_ACTOR_USERNAMES.values())
    }
    missing = sorted(set(DEMO_ACTOR_USERNAMES.values()) - set(users))
    if missing:
        raise ApplicationError(
            DEMO_USERS_MISSING.format(usernames=", ".join(missing)),
            rule="demo.users_missing",
        )
    return DemoActors(
        **{part: users[username] for part, username in DEMO_ACTOR_USERNAMES.items()}
    )


def _force(code: str) -> Force:
    return Force.objects.get(code=code)


def _standards(*numbers: int) -> list[Standard]:
    return list(Standard.objects.filter(number__in=numbers).order_by("number"))


# --- Reference case A -------------------------------------------------------

CASE_A_FORCE = "nhants"
CASE_A_REFERENCE = "NH/A/2022/0810"
#: The three counts he pleaded guilty to; the first carried the custody.
CASE_A_OFFENCES = (
    "Attempting to engage in sexual communication with a child",
    "Encouraging or assisting an offence",
    "Arranging or facilitating the commission of a child sex offence",
)
#: The guilty pleas were at an earlier Crown Court hearing whose date the
#: source does not give: before the investigation report, which relies on them.
CASE_A_PLEADED_ON = dt.date(2022, 9, 9)
CASE_A_SENTENCED_ON = dt.date(2022, 11, 17)


@transaction.atomic
def load_case_a(*, actors: DemoActors) -> Case:
    """A police staff instructor who is also a special constable is arrested in
    August 2022 after online contact with an undercover officer posing as a
    child and charged on three counts. He pleads guilty, is referred to an
    accelerated hearing in October 2022 and resigns from the force, both his
    roles, the day before it (advisory list).
    The hearing finds that he would have been dismissed (barred list); he is
    sentenced in November 2022, when his case concludes."""
    caseworker, supervisor = actors.caseworker, actors.supervisor
    northamptonshire = _force(CASE_A_FORCE)
    person = person_create(
        actor=caseworker,
        given_names="Callum",
        family_name="Ridgeway",
        date_of_birth=dt.date(1979, 5, 2),
    )
    # One person, two concurrent roles: staff (Police Staff Council procedures)
    # and special constable (the Conduct Regulations); both feed the lists.
    staff = person_role_add(
        actor=caseworker,
        person=person,
        kind=PersonRole.Kind.POLICE_STAFF,
        force=northamptonshire,
        started_on=dt.date(2013, 4, 1),
        identifier="S7781",
        job_title="Safety training instructor",
    )
    special = person_role_add(
        actor=caseworker,
        person=person,
        kind=PersonRole.Kind.SPECIAL_CONSTABLE,
        force=northamptonshire,
        started_on=dt.date(2016, 9, 1),
        rank="Special Constable",
        identifier="SC2042",
    )
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference=CASE_A_REFERENCE,
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2022, 8, 10),
        summary=(
            "Special constable (also a member of police staff) arrested after "
            "online messages to an undercover officer posing as a child."
        ),
    )
    subject = subject_add(actor=caseworker, case=case, person=person, role=special)
    allegation = allegation_add(
        actor=caseworker,
        subject=subject,
        summary="Attempted sexual communication with a child.",
        standards=_standards(9),
        occurred_on=dt.date(2022, 8, 1),
    )
    # The criminal investigation began with the online contact (27 Jul 2022);
    # he was arrested by arrangement on 10 Aug and bailed, then charged.
    criminal = criminal_proceedings_open(
        actor=caseworker,
        subject=subject,
        started_on=dt.date(2022, 7, 27),
        arrested_on=dt.date(2022, 8, 10),
        arrest_location="Car park, Newark",
        arrest_notes="Arrested after online messages to an undercover officer; "
        "mobile phone seized.",
        court="Lincoln Crown Court",
    )
    criminal_release_record(
        actor=caseworker,
        proceedings=criminal,
        release=CriminalProceedings.Release.BAIL,
        released_on=dt.date(2022, 8, 11),
    )
    counts = [
        charge_add(
            actor=caseworker,
            proceedings=criminal,
            offence=offence,
            charged_on=dt.date(2022, 8, 12),
        )
        for offence in CASE_A_OFFENCES
    ]
    referral_make(
        actor=caseworker,
        case=case,
        factors=["serious_sexual_offence"],
        referred_on=dt.date(2022, 8, 11),
    )
    # The source does not give the mode: modelled as returned to the force.
    referral_decide(
        actor=actors.iopc_supervisor,
        case=case,
        decision="refer_back",
        decided_on=dt.date(2022, 8, 15),
        rationale="The force can investigate this itself.",
    )
    severity_assess(
        actor=supervisor,
        allegation=allegation,
        severity="gross_misconduct",
        assessed_on=dt.date(2022, 8, 16),
        body="appropriate_authority",
        rationale="Proven, this would justify dismissal.",
    )
    investigation_open(
        actor=supervisor,
        case=case,
        investigating_body="force",
        investigator_name="PSD investigator",
        terms_of_reference="The conduct that led to the arrest.",
        opened_on=dt.date(2022, 8, 16),
    )
    # Not in the source: a Regulation 17 notice and a prompt written response.
    notice = notice_serve(
        actor=caseworker,
        subject=subject,
        served_on=dt.date(2022, 8, 17),
        content="You are under investigation for possible gross misconduct.",
    )
    notice_response_record(
        actor=caseworker,
        notice=notice,
        kind="written_response",
        received_on=dt.date(2022, 8, 30),
        content="Does not dispute the facts of the criminal charge.",
    )
    for count in counts:
        charge_plea_record(
            actor=caseworker, charge=count, plea=Plea.GUILTY, plea_on=CASE_A_PLEADED_ON
        )
        charge_verdict_record(
            actor=caseworker,
            charge=count,
            verdict=Verdict.CONVICTED,
            verdict_on=CASE_A_PLEADED_ON,
        )
    report_submit(
        actor=supervisor,
        case=case,
        submitted_on=dt.date(2022, 9, 12),
        summary="He has pleaded guilty; the evidence is documentary.",
        opinions={subject.pk: GROSS},
    )
    determination_make(
        actor=supervisor,
        subject=subject,
        body="appropriate_authority",
        decided_on=dt.date(2022, 9, 14),
        results={allegation.pk: GROSS},
        rationale="The guilty plea establishes the conduct.",
    )
    proceeding = proceeding_refer(
        actor=supervisor,
        subject=subject,
        form="accelerated_hearing",
        referred_on=dt.date(2022, 9, 21),
        rationale="Special conditions met: the guilty plea is the evidence.",
        special_conditions_certified_on=dt.date(2022, 9, 20),
        special_conditions_certified_by="Deputy Chief Constable",
        is_public=True,
    )
    proceeding_notice_serve(
        actor=supervisor,
        proceeding=proceeding,
        served_on=dt.date(2022, 9, 22),
        content="You are referred to an accelerated misconduct hearing.",
    )
    # Not in the source: with a guilty plea, he accepts the conduct.
    proceeding_response_record(
        actor=supervisor,
        proceeding=proceeding,
        received_on=dt.date(2022, 9, 29),
        accepts_conduct=True,
        account="Accepts the conduct to which he pleaded guilty.",
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
    # He resigns from the force the day before the hearing: the staff role
    # ends with the special constable role. Only then has he ceased to serve
    # with the police, and the advisory list report follows (PA96 s88I(1)(a),
    # BL Regs r12).
    for role in (staff, special):
        employment_event_record(
            actor=supervisor,
            role=role,
            kind="resigned",
            occurred_on=dt.date(2022, 10, 12),
        )
    proceeding_hold(
        actor=supervisor, proceeding=proceeding, held_on=dt.date(2022, 10, 13)
    )
    findings_record(
        actor=supervisor,
        proceeding=proceeding,
        results={allegation.pk: "proven_gross_misconduct"},
        recorded_on=dt.date(2022, 10, 13),
        rationale="The conviction proves the conduct.",
    )
    outcome_record(
        actor=supervisor,
        proceeding=proceeding,
        kind="would_have_been_dismissed",
        decided_on=dt.date(2022, 10, 13),
        reasons="He would have been dismissed had he not resigned.",
    )
    # The report's dates are not in the sources: a plausible day after.
    outcome_report_record(
        actor=supervisor,
        proceeding=proceeding,
        received_on=dt.date(2022, 10, 13),
        given_on=dt.date(2022, 10, 14),
    )
    # Sentenced on 17 Nov 2022: two years' custody, concurrent six-month terms
    # on the other counts, a ten-year sexual harm prevention order and
    # notification (ten years for custody over 6 and up to 30 months, Sexual
    # Offences Act 2003 s82); the misconduct case concludes.
    main, *others = counts
    components: list[dict[str, Any]] = [
        {"kind": Sentence.Kind.CUSTODY, "charge": main, "length_months": 24},
        *(
            {
                "kind": Sentence.Kind.CONCURRENT_CUSTODY,
                "charge": other,
                "length_months": 6,
                "concurrent_with": main,
            }
            for other in others
        ),
        {"kind": Sentence.Kind.SHPO, "duration_years": 10},
        {"kind": Sentence.Kind.NOTIFICATION, "duration_years": 10},
    ]
    for component in components:
        sentence_component_add(
            actor=caseworker,
            proceedings=criminal,
            sentenced_on=CASE_A_SENTENCED_ON,
            **component,
        )
    criminal_proceedings_conclude(
        actor=caseworker, proceedings=criminal, concluded_on=CASE_A_SENTENCED_ON
    )
    subject_conclude(
        actor=supervisor, subject=subject, concluded_on=CASE_A_SENTENCED_ON
    )
    return case


# --- Reference case B -------------------------------------------------------

CASE_B_FORCE = "notts"
CASE_B_REFERENCE = "NT/B/2020/0601"


@transaction.atomic
def load_case_b(*, actors: DemoActors) -> Case:
    """An off-duty constable stops a woman driver in February 2020 and then
    sends her messages of a sexual nature until May 2020: abuse of position for
    a sexual purpose, referred to the IOPC, which investigates independently
    from December 2020. The Director General finds a case to answer for gross
    misconduct in July 2021; at an accelerated hearing the chief constable
    dismisses him without notice (barred list)."""
    caseworker, supervisor = actors.notts_caseworker, actors.notts_supervisor
    iopc_investigator = actors.iopc_investigator
    nottinghamshire = _force(CASE_B_FORCE)
    # Not in the source: when the force recorded and referred the matter. The
    # messages ended in May 2020 and the IOPC began in December 2020; June
    # 2020 is a plausible choice, not a fact.
    case = case_create(
        actor=caseworker,
        force=nottinghamshire,
        reference=CASE_B_REFERENCE,
        trigger=Case.Trigger.RECORDABLE_CONDUCT_MATTER,
        came_to_attention_on=dt.date(2020, 6, 1),
        summary=(
            "Constable sent personal and sexual messages to a woman he had "
            "stopped while off duty."
        ),
    )
    person = person_create(
        actor=caseworker,
        given_names="Owen",
        family_name="Brackley",
        date_of_birth=dt.date(1990, 1, 20),
    )
    role = person_role_add(
        actor=caseworker,
        person=person,
        kind=PersonRole.Kind.POLICE_OFFICER,
        force=nottinghamshire,
        started_on=dt.date(2014, 9, 1),
        rank="Police Constable",
        identifier="NT5521",
    )
    subject = subject_add(actor=caseworker, case=case, person=person, role=role)
    # The standards are not stated in the source; these are the likely ones.
    allegation = allegation_add(
        actor=caseworker,
        subject=subject,
        summary=(
            "Tried to start a sexual relationship with a vulnerable woman met "
            "through his police role."
        ),
        standards=_standards(1, 2, 9),
        occurred_on=dt.date(2020, 2, 15),
    )
    # Abuse of position for a sexual purpose is serious corruption: the
    # referral is mandatory (CMR r4(1)(a)(iii), r7(1)(c)).
    referral_make(
        actor=caseworker,
        case=case,
        factors=["apsp", "serious_corruption"],
        referred_on=dt.date(2020, 6, 3),
    )
    referral_decide(
        actor=actors.iopc_supervisor,
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
        rationale="Abuse of position for a sexual purpose is serious corruption.",
    )
    investigation_open(
        actor=iopc_investigator,
        case=case,
        investigating_body="iopc",
        investigator_name="IOPC lead investigator",
        terms_of_reference="The stop and the messages that followed it.",
        opened_on=dt.date(2020, 12, 3),
    )
    notice = notice_serve(
        actor=iopc_investigator,
        subject=subject,
        served_on=dt.date(2020, 12, 10),
        content="You are under investigation for possible gross misconduct.",
    )
    notice_response_record(
        actor=iopc_investigator,
        notice=notice,
        kind="written_response",
        received_on=dt.date(2020, 12, 21),
        content="Written representations through his police friend.",
    )
    interview = interview_schedule(
        actor=iopc_investigator, subject=subject, proposed_on=dt.date(2021, 1, 12)
    )
    interview_record(
        actor=iopc_investigator,
        interview=interview,
        held_on=dt.date(2021, 1, 12),
        attended=True,
        notes="Interviewed under caution for misconduct.",
    )
    report_submit(
        actor=iopc_investigator,
        case=case,
        submitted_on=dt.date(2021, 7, 15),
        summary="A case to answer for gross misconduct.",
        opinions={subject.pk: GROSS},
    )
    determination_make(
        actor=actors.iopc_supervisor,
        subject=subject,
        body="iopc",
        decided_on=dt.date(2021, 7, 20),
        results={allegation.pk: GROSS},
        rationale="The messages themselves show the conduct.",
    )
    # Before May 2024 only an accelerated hearing was held by the chief
    # officer (PCR r55(1)): "a hearing before the chief constable" was one.
    proceeding = proceeding_refer(
        actor=supervisor,
        subject=subject,
        form="accelerated_hearing",
        referred_on=dt.date(2021, 7, 27),
        rationale="The evidence is documentary; removal is in the public interest.",
        special_conditions_certified_on=dt.date(2021, 7, 26),
        special_conditions_certified_by="Deputy Chief Constable",
        is_public=True,
    )
    proceeding_notice_serve(
        actor=supervisor,
        proceeding=proceeding,
        served_on=dt.date(2021, 7, 28),
        content="You are referred to an accelerated misconduct hearing.",
    )
    proceeding_response_record(
        actor=supervisor,
        proceeding=proceeding,
        received_on=dt.date(2021, 8, 4),
        accepts_conduct=True,
        account="Accepts that he sent the messages.",
    )
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2021, 8, 12)
    )
    panel_member_appoint(
        actor=supervisor,
        proceeding=proceeding,
        role=PanelRole.CHIEF_OFFICER,
        name="Chief Constable of Nottinghamshire",
    )
    proceeding_hold(
        actor=supervisor, proceeding=proceeding, held_on=dt.date(2021, 8, 12)
    )
    findings_record(
        actor=supervisor,
        proceeding=proceeding,
        results={allegation.pk: "proven_gross_misconduct"},
        recorded_on=dt.date(2021, 8, 12),
        rationale="Proven on the documents and his own acceptance.",
    )
    outcome_record(
        actor=supervisor,
        proceeding=proceeding,
        kind="dismissal_without_notice",
        decided_on=dt.date(2021, 8, 12),
        reasons="Abuse of position for a sexual purpose: only dismissal will do.",
    )
    # The report's dates are not in the sources: a plausible day after.
    outcome_report_record(
        actor=supervisor,
        proceeding=proceeding,
        received_on=dt.date(2021, 8, 12),
        given_on=dt.date(2021, 8, 13),
    )
    return case


# --- Reference case C -------------------------------------------------------

CASE_C_FORCE = "nhants"
CASE_C_REFERENCE = "NH/C/2016/1114"
#: (given names, family name, date of birth, rank, warrant number) of the
#: three detectives.
CASE_C_OFFICERS = (
    ("Dana", "Whitlow", dt.date(1986, 7, 9), "Detective Constable", "NH101"),
    ("Sean", "Morrow", dt.date(1978, 2, 23), "Detective Sergeant", "NH202"),
    ("Isla", "Penhaligon", dt.date(1974, 11, 3), "Detective Inspector", "NH303"),
)
CASE_C_DC_ALLEGATIONS = (
    "Did not look at the download from the suspect's phone.",
    "Did not give Interpol the information it asked for.",
    "Did not arrange an achieving best evidence interview of the child.",
    "Did not raise concerns about his own competence or welfare.",
)


@transaction.atomic
def load_case_c(*, actors: DemoActors) -> Case:
    """2012 rules. A family complains in November 2016 about how an online
    grooming investigation was handled; the IPCC investigates independently.
    The detective sergeant and inspector receive management action. The
    detective constable transfers to the Met (which becomes the appropriate
    authority), resigns in February 2018 (advisory list) and, at a late-2018
    hearing chaired by a legally qualified chair, is found on four allegations
    (two gross misconduct, two misconduct) and would not have been dismissed:
    no barred list entry, and the advisory entry is removed."""
    caseworker, supervisor = actors.caseworker, actors.supervisor
    met_supervisor, iopc_investigator = actors.met_supervisor, actors.iopc_investigator
    northamptonshire = _force(CASE_C_FORCE)
    case = case_create(
        actor=caseworker,
        force=northamptonshire,
        reference=CASE_C_REFERENCE,
        trigger=Case.Trigger.PUBLIC_COMPLAINT,
        came_to_attention_on=dt.date(2016, 11, 14),
        complaint_made_on=dt.date(2016, 11, 14),
        summary=(
            "A family complains about the investigation of the online grooming "
            "of their child (reported Dec 2014, closed Mar 2015, reopened Mar 2016)."
        ),
        iopc_reference="2016/077885",
    )
    subjects: list[Subject] = []
    for given_names, family_name, born_on, rank, identifier in CASE_C_OFFICERS:
        person = person_create(
            actor=caseworker,
            given_names=given_names,
            family_name=family_name,
            date_of_birth=born_on,
        )
        role = person_role_add(
            actor=caseworker,
            person=person,
            kind=PersonRole.Kind.POLICE_OFFICER,
            force=northamptonshire,
            started_on=dt.date(2008, 9, 1),
            rank=rank,
            identifier=identifier,
        )
        subjects.append(
            subject_add(actor=caseworker, case=case, person=person, role=role)
        )
    dc, ds, di = subjects
    duties = _standards(6)
    for summary in CASE_C_DC_ALLEGATIONS:
        allegation_add(actor=caseworker, subject=dc, summary=summary, standards=duties)
    for supervising_officer in (ds, di):
        allegation_add(
            actor=caseworker,
            subject=supervising_officer,
            summary="Did not supervise the investigation.",
            standards=duties,
        )
    referral_make(
        actor=caseworker,
        case=case,
        factors=["voluntary"],
        referred_on=dt.date(2016, 11, 21),
    )
    referral_decide(
        actor=actors.iopc_supervisor,
        case=case,
        decision="investigate",
        mode="independent",
        decided_on=dt.date(2016, 12, 1),
        rationale="Seriousness of the failings and the public interest.",
    )
    for subject in subjects:
        for allegation in subject.allegations.all():
            severity_assess(
                actor=iopc_investigator,
                allegation=allegation,
                severity="gross_misconduct",
                assessed_on=dt.date(2016, 12, 5),
                body="iopc",
                rationale="Could amount to gross misconduct.",
            )
    investigation_open(
        actor=iopc_investigator,
        case=case,
        investigating_body="iopc",
        investigator_name="IPCC lead investigator",
        terms_of_reference="The handling of the crime report from December 2014.",
        opened_on=dt.date(2016, 12, 6),
    )
    # Regulation 16 notices (2012 rules) on all three: possible gross misconduct.
    notices = {
        subject.pk: notice_serve(
            actor=iopc_investigator,
            subject=subject,
            served_on=dt.date(2016, 12, 12),
            content="You are under investigation for possible gross misconduct.",
        )
        for subject in subjects
    }
    for supervising_officer in (ds, di):
        notice_response_record(
            actor=iopc_investigator,
            notice=notices[supervising_officer.pk],
            kind="statement",
            received_on=dt.date(2016, 12, 22),
            content="Written statement in place of an interview.",
        )
    # The DC gives two written statements and a no-comment interview.
    notice_response_record(
        actor=iopc_investigator,
        notice=notices[dc.pk],
        kind="statement",
        received_on=dt.date(2016, 12, 23),
        content="First written statement.",
    )
    interview = interview_schedule(
        actor=iopc_investigator, subject=dc, proposed_on=dt.date(2017, 2, 2)
    )
    interview_record(
        actor=iopc_investigator,
        interview=interview,
        held_on=dt.date(2017, 2, 2),
        attended=True,
        no_comment=True,
    )
    notice_response_record(
        actor=iopc_investigator,
        notice=notices[dc.pk],
        kind="statement",
        received_on=dt.date(2017, 2, 9),
        content="Second written statement.",
    )
    # The DC moves to the Met, which becomes his appropriate authority.
    employment_event_record(
        actor=supervisor,
        role=dc.role,
        kind="transferred",
        occurred_on=dt.date(2017, 6, 5),
        to_force=_force("met"),
        new_identifier="MP9090",
    )
    dc.refresh_from_db()  # The subject now holds the new role in the Met.
    report_submit(
        actor=iopc_investigator,
        case=case,
        submitted_on=dt.date(2017, 9, 15),
        summary="Opinions on the three officers.",
        opinions={dc.pk: GROSS, ds.pk: MISCONDUCT, di.pk: MISCONDUCT},
    )
    for supervising_officer in (ds, di):
        determination_make(
            actor=supervisor,
            subject=supervising_officer,
            body="appropriate_authority",
            decided_on=dt.date(2017, 10, 2),
            results={
                allegation.pk: MISCONDUCT
                for allegation in supervising_officer.allegations.all()
            },
            rationale="Agrees with the investigator that the Standards were breached.",
        )
        subject_management_action(
            actor=supervisor,
            subject=supervising_officer,
            decided_on=dt.date(2017, 10, 9),
            rationale="Management action (the 2012 non-disciplinary outcome).",
        )
    dc_allegations = list(dc.allegations.order_by("id"))
    determination_make(
        actor=met_supervisor,
        subject=dc,
        body="appropriate_authority",
        decided_on=dt.date(2017, 10, 16),
        results={allegation.pk: GROSS for allegation in dc_allegations},
        rationale="The Met agrees to hold gross misconduct proceedings.",
    )
    proceeding = proceeding_refer(
        actor=met_supervisor,
        subject=dc,
        form="misconduct_hearing",
        referred_on=dt.date(2017, 11, 20),
        rationale="A case to answer for gross misconduct.",
        is_public=True,
    )
    proceeding_notice_serve(
        actor=met_supervisor,
        proceeding=proceeding,
        served_on=dt.date(2017, 11, 22),
        content="You are referred to a misconduct hearing.",
    )
    # Not in the source: the findings suggest he accepted failings but
    # disputed that they were gross misconduct.
    proceeding_response_record(
        actor=met_supervisor,
        proceeding=proceeding,
        received_on=dt.date(2017, 12, 8),
        accepts_conduct=False,
        account="Accepts some failings; denies that they were gross misconduct.",
    )
    # She resigns in Feb 2018, after the former-officer rules began (15 Dec
    # 2017), so the proceedings continue and the advisory list report is due.
    employment_event_record(
        actor=met_supervisor,
        role=dc.role,
        kind="resigned",
        occurred_on=dt.date(2018, 2, 9),
    )
    proceeding_schedule(
        actor=met_supervisor,
        proceeding=proceeding,
        scheduled_for=dt.date(2018, 11, 26),
    )
    for panel_role, name in (
        (PanelRole.LEGALLY_QUALIFIED_CHAIR, "Legally qualified chair"),
        (PanelRole.SENIOR_OFFICER, "Chief Superintendent"),
        (PanelRole.INDEPENDENT_MEMBER, "Independent member"),
    ):
        panel_member_appoint(
            actor=met_supervisor, proceeding=proceeding, role=panel_role, name=name
        )
    proceeding_hold(
        actor=met_supervisor, proceeding=proceeding, held_on=dt.date(2018, 11, 26)
    )
    findings_record(
        actor=met_supervisor,
        proceeding=proceeding,
        results={
            dc_allegations[0].pk: "proven_gross_misconduct",
            dc_allegations[1].pk: "proven_gross_misconduct",
            dc_allegations[2].pk: "proven_misconduct",
            dc_allegations[3].pk: "proven_misconduct",
        },
        recorded_on=dt.date(2018, 11, 30),
        rationale="Two failings were gross misconduct and two were misconduct.",
    )
    # "Would not have been dismissed": no barred list entry, and the advisory
    # entry is removed by a further report (PA96 s88L).
    outcome_record(
        actor=met_supervisor,
        proceeding=proceeding,
        kind="would_not_have_been_dismissed",
        decided_on=dt.date(2018, 11, 30),
        reasons="The failings were not such that dismissal would have followed.",
    )
    # The report's dates are not in the sources: a plausible working day after.
    outcome_report_record(
        actor=met_supervisor,
        proceeding=proceeding,
        received_on=dt.date(2018, 11, 30),
        given_on=dt.date(2018, 12, 3),
    )
    subject_conclude(actor=met_supervisor, subject=dc, concluded_on=dt.date(2019, 1, 7))
    return case


# --- Loading all three ------------------------------------------------------


class CaseLoader(Protocol):
    def __call__(self, *, actors: DemoActors) -> Case: ...


@dataclass(frozen=True)
class ReferenceCase:
    """A reference case: the force and reference that identify it once loaded."""

    name: str
    force_code: str
    reference: str
    load: CaseLoader


REFERENCE_CASES: tuple[ReferenceCase, ...] = (
    ReferenceCase("A", CASE_A_FORCE, CASE_A_REFERENCE, load_case_a),
    ReferenceCase("B", CASE_B_FORCE, CASE_B_REFERENCE, load_case_b),
    ReferenceCase("C", CASE_C_FORCE, CASE_C_REFERENCE, load_case_c),
)


def load_reference_cases(
    *, actors: DemoActors | None = None
) -> list[tuple[Case, bool]]:
    """Load each reference case not yet loaded; return (case, created).

    A case whose force already has its reference is left as it is, so running
    this twice creates nothing. Each case loads in its own transaction: a
    failure leaves no half-walked case behind to be skipped next time.
    """
    actors = actors or demo_actors()
    loaded: list[tuple[Case, bool]] = []
    for reference_case in REFERENCE_CASES:
        existing = Case.objects.filter(
            force__code=reference_case.force_code, reference=reference_case.reference
        ).first()
        if existing is not None:
            loaded.append((existing, False))
        else:
            loaded.append((reference_case.load(actors=actors), True))
    return loaded


@dataclass(frozen=True)
class CaseSummary:
    """What load_demo reports for a case."""

    reference: str
    force: str
    status: str
    subject_statuses: tuple[str, ...]
    audit_events: int
    deadlines: int
    list_reports: int


def case_summary(case: Case) -> CaseSummary:
    return CaseSummary(
        reference=case.reference,
        force=str(case.force),
        status=case.get_status_display(),
        subject_statuses=tuple(
            subject.get_status_display()
            for subject in Subject.objects.filter(case=case).order_by("id")
        ),
        audit_events=AuditEvent.objects.filter(case_id=case.pk).count(),
        deadlines=Deadline.objects.filter(case=case).count(),
        list_reports=ListReport.objects.filter(case=case).count(),
    )
