"""One generated case, from recording to the case-to-answer decision, walked
through the transition tables in order (Subject, IOPCReferral, Investigation)
with the clocks the referrals services open; referrals to proceedings and
what follows are in hearings.dataset.proceedings.

Each case draws from its own random stream (seed and case number), so a
case's rows do not depend on the batch size. Dates after the run's today
have not happened: the case stops in the status it had reached.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import ClassVar

from conduct.audit import CoreAction
from conduct.models import PersonRole
from conduct.regimes import investigation_notice_name, regime_for
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.dataset.loader import Rows
from hearings.dataset.proceedings import SubjectPath, proceedings_for
from hearings.dataset.world import CaseWriter, World
from referrals.audit import ReferralsAction
from referrals.models import (
    IOPC_MODES,
    Case,
    DeterminationResult,
    InvestigationMode,
    IOPCReferral,
    ReferralFactor,
    ReferralsClock,
    Severity,
    Subject,
)

GIVEN = [
    "James",
    "Mohammed",
    "Oliver",
    "Amelia",
    "Olivia",
    "Isla",
    "Emily",
    "Harry",
    "Jack",
    "George",
    "Noah",
    "Sophie",
    "Grace",
    "Aisha",
    "Priya",
    "Daniel",
    "Thomas",
    "Hannah",
    "Chloe",
    "Liam",
    "Ryan",
    "Zara",
    "Megan",
    "Callum",
    "Rhys",
    "Sian",
    "Bethan",
    "Owen",
    "Ewan",
    "Fatima",
]
FAMILY = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Hughes",
    "Edwards",
    "Lewis",
    "Morgan",
    "Price",
    "Ali",
    "Begum",
    "Murphy",
    "Kaur",
    "Singh",
]
RANKS = (
    ("Constable", 70), ("Sergeant", 18), ("Inspector", 8),
    ("Chief Inspector", 3), ("Superintendent", 1),
)  # fmt: skip
TRIGGERS = (
    (Case.Trigger.PUBLIC_COMPLAINT, 35),
    (Case.Trigger.RECORDABLE_CONDUCT_MATTER, 33),
    (Case.Trigger.INTERNAL_CONDUCT_MATTER, 24),
    (Case.Trigger.DSI_MATTER, 8),
)
FACTORS = (
    (ReferralFactor.APSP, 20), (ReferralFactor.SERIOUS_CORRUPTION, 12),
    (ReferralFactor.SERIOUS_ASSAULT, 18), (ReferralFactor.SERIOUS_SEXUAL_OFFENCE, 8),
    (ReferralFactor.DISCRIMINATION, 14), (ReferralFactor.RELEVANT_OFFENCE, 8),
    (ReferralFactor.SAME_INCIDENT, 6), (ReferralFactor.CHIEF_OFFICER, 2),
    (ReferralFactor.VOLUNTARY, 12),
)  # fmt: skip
ALLEGATIONS = (
    "Used unnecessary force during an arrest",
    "Failed to record and investigate a reported crime",
    "Accessed police systems for a non-policing purpose",
    "Pursued an improper relationship with a victim",
    "Made discriminatory remarks to a member of the public",
    "Gave an inaccurate account in a statement",
    "Was rude and dismissive to a complainant",
    "Failed to safeguard a vulnerable person",
    "Disclosed confidential information",
    "Mishandled seized property",
)


RPRP = Subject.Status.REFLECTIVE_PRACTICE
MANAGEMENT = Subject.Status.MANAGEMENT_ACTION


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([item for item, _ in weighted], [w for _, w in weighted])[0]


def later(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    return day + dt.timedelta(days=rng.randint(low, high))


@dataclass
class SubjectState:
    """A subject as the case walks it: ids, status, allegations' results."""

    #: The model's table: every status change goes through
    #: conduct.transitions.transition, as in the services.
    TRANSITIONS: ClassVar[dict[str, frozenset[str]]] = Subject.TRANSITIONS

    id: int
    person_id: int
    role_id: int
    force_id: int
    kind: str
    rank: str
    status: str = Subject.Status.RECORDED
    allegations: list[tuple[int, str]] = field(default_factory=list)
    results: dict[int, str] = field(default_factory=dict)
    decided_on: dt.date | None = None
    role_values: dict[str, object] = field(default_factory=dict)
    left_on: dt.date | None = None
    left_reason: str = ""


def generate_case(world: World, rows: Rows, seed: int, number: int) -> None:
    """Write case ``number`` of the run with ``seed``."""
    rng = random.Random(f"{seed}:{number}")
    code, force_id, _ = rng.choices(world.forces, [w for _, _, w in world.forces])[0]
    writer = CaseWriter(world, rows, rng, force_code=code)
    span = (world.today - world.first_day).days
    # Recent years weigh more: forces record more than they finish.
    came = world.today - dt.timedelta(
        days=int(span * rng.random() ** world.recency) + 1
    )
    trigger = pick(rng, TRIGGERS)
    complaint_made_on = (
        came - dt.timedelta(days=rng.randint(0, 3))
        if trigger == Case.Trigger.PUBLIC_COMPLAINT
        else None
    )
    regime = regime_for(complaint_made_on or came).value
    actors = writer.actors
    writer.regime, writer.owner = regime, actors.caseworker
    writer.case_anchor = complaint_made_on or came
    writer.schedule_3 = trigger != Case.Trigger.INTERNAL_CONDUCT_MATTER
    reference = f"{world.prefix}/{code.upper()}/{came.year}/{number:06d}"
    case_id = rows.ids.next("referrals_case")
    writer.case_id = case_id
    created = writer.at(came)
    summary = ALLEGATIONS[rng.randrange(len(ALLEGATIONS))]
    writer.audit(
        ReferralsAction.CASE_CREATED,
        target="referrals.Case",
        target_id=case_id,
        on=came,
        actor=actors.caseworker,
        new={"reference": reference, "force": code, "trigger": trigger,
             "came_to_attention_on": came, "regime": regime},
    )  # fmt: skip
    if complaint_made_on is not None:
        party = rows.add(
            "referrals_caseparty",
            created_at=created, updated_at=created, case_id=case_id,
            kind="complainant", name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            contact="",
        )  # fmt: skip
        writer.audit(
            ReferralsAction.CASE_PARTY_ADDED, target="referrals.CaseParty",
            target_id=party, on=came, actor=actors.caseworker,
            new={"kind": "complainant"},
        )  # fmt: skip
    subjects = [
        _subject(writer, force_id, came)
        for _ in range(rng.choice((1, 1, 1, 1, 2, 2, 3)))
    ]
    mode = _referral(writer, trigger, came)
    assessed_on = later(rng, came, 5, 40)
    investigated = _assess(writer, subjects, assessed_on, mode)
    last_day = assessed_on
    if investigated:
        last_day = _investigate(writer, subjects, assessed_on, mode, code)
    for subject in subjects:
        staff = subject.kind == PersonRole.Kind.POLICE_STAFF
        if subject.status == Subject.Status.CASE_TO_ANSWER and not staff:
            path = SubjectPath(
                id=subject.id, person_id=subject.person_id, role_id=subject.role_id,
                force_id=subject.force_id, kind=subject.kind, rank=subject.rank,
                allegations=subject.allegations, results=subject.results,
            )  # fmt: skip
            assert subject.decided_on is not None
            subject.status, ended = proceedings_for(
                writer, path, subject.decided_on, reference
            )
            subject.left_on, subject.left_reason = path.left_on, path.left_reason
            last_day = max(last_day, ended or last_day)
    final = {
        Subject.Status.REFLECTIVE_PRACTICE, Subject.Status.MANAGEMENT_ACTION,
        Subject.Status.NO_FURTHER_ACTION, Subject.Status.CONCLUDED,
    }  # fmt: skip
    closed_on = later(rng, last_day, 3, 30)
    closed = (
        all(subject.status in final for subject in subjects)
        and writer.done(closed_on)
        and rng.random() < 0.9
    )
    if closed:
        writer.audit(
            ReferralsAction.CASE_CLOSED, target="referrals.Case", target_id=case_id,
            on=closed_on, actor=actors.supervisor, old={"status": "open"},
            new={"status": "closed", "closed_on": closed_on},
            rationale="All subjects have reached a final outcome.",
        )  # fmt: skip
    for subject in subjects:
        for index, (allegation, severity) in enumerate(subject.allegations):
            rows.add(
                "referrals_allegation", id=allegation, created_at=created,
                updated_at=created, subject_id=subject.id,
                occurred_on=came - dt.timedelta(days=index + 2),
                summary=ALLEGATIONS[(number + index) % len(ALLEGATIONS)],
                severity=severity, determination=subject.results.get(allegation, ""),
            )  # fmt: skip
        _role_rows(writer, subject)
        rows.add(
            "referrals_subject",
            id=subject.id, created_at=created, updated_at=created, case_id=case_id,
            person_id=subject.person_id, role_id=subject.role_id,
            appropriate_authority_id=subject.force_id, status=subject.status,
        )  # fmt: skip
    rows.add(
        "referrals_case",
        id=case_id, created_at=created, updated_at=created, reference=reference,
        force_id=force_id, iopc_reference="", trigger=trigger,
        came_to_attention_on=came, complaint_made_on=complaint_made_on,
        regime=regime, summary=f"{summary} ({trigger.replace('_', ' ')}).",
        status=Case.Status.CLOSED if closed else Case.Status.OPEN,
        closed_on=closed_on if closed else None, restricted=False,
        version=writer._tick + 1, created_by_id=actors.caseworker,
    )  # fmt: skip


def _subject(writer: CaseWriter, force_id: int, came: dt.date) -> SubjectState:
    rng, rows = writer.rng, writer.rows
    kind = pick(
        rng,
        (
            (PersonRole.Kind.POLICE_OFFICER, 76),
            (PersonRole.Kind.POLICE_STAFF, 19),
            (PersonRole.Kind.SPECIAL_CONSTABLE, 5),
        ),
    )
    born = dt.date(
        came.year - rng.randint(21, 58), rng.randint(1, 12), rng.randint(1, 28)
    )
    started = later(rng, born, 19 * 365, 20 * 365)
    started = min(started, came - dt.timedelta(days=30))
    at = writer.at(came)
    person = rows.add(
        "conduct_person", created_at=at, updated_at=at,
        given_names=rng.choice(GIVEN), family_name=rng.choice(FAMILY),
        date_of_birth=born,
    )  # fmt: skip
    rank = pick(rng, RANKS) if kind == PersonRole.Kind.POLICE_OFFICER else ""
    rank = "Special Constable" if kind == PersonRole.Kind.SPECIAL_CONSTABLE else rank
    if kind == PersonRole.Kind.SPECIAL_CONSTABLE and rng.random() < 0.5:
        # Several roles at once (reference case A): staff by day, special too.
        rows.add(
            "conduct_personrole", created_at=at, updated_at=at, person_id=person,
            kind=PersonRole.Kind.POLICE_STAFF, force_id=force_id, rank="",
            identifier=f"S{rng.randint(10000, 99999)}", job_title="Call handler",
            started_on=started, ended_on=None, end_reason="",
        )  # fmt: skip
    role = rows.ids.next("conduct_personrole")
    role_values = {
        "id": role, "created_at": at, "updated_at": at, "person_id": person,
        "kind": kind, "force_id": force_id, "rank": rank,
        "identifier": f"{'S' if kind == PersonRole.Kind.POLICE_STAFF else ''}"
        f"{rng.randint(1000, 99999)}",
        "job_title": "Investigator" if kind == PersonRole.Kind.POLICE_STAFF else "",
        "started_on": started,
    }  # fmt: skip
    writer.audit(CoreAction.PERSON_CREATED, target="conduct.Person", target_id=person,
                 on=came, actor=writer.actors.caseworker)  # fmt: skip
    subject = SubjectState(
        id=rows.ids.next("referrals_subject"), person_id=person, role_id=role,
        force_id=force_id, kind=kind, rank=rank, role_values=role_values,
    )  # fmt: skip
    writer.audit(
        ReferralsAction.SUBJECT_ADDED, target="referrals.Subject", target_id=subject.id,
        on=came, actor=writer.actors.caseworker,
        new={"person": person, "role": role, "status": subject.status},
    )  # fmt: skip
    for _ in range(rng.choice((1, 1, 1, 2, 2, 2, 3, 4))):
        allegation = rows.ids.next("referrals_allegation")
        subject.allegations.append((allegation, ""))
        standards = rng.sample(writer.world.standards, rng.choice((1, 1, 2)))
        for standard in standards:
            rows.add("referrals_allegation_standards", allegation_id=allegation,
                     standard_id=standard)  # fmt: skip
        writer.audit(
            ReferralsAction.ALLEGATION_ADDED, target="referrals.Allegation",
            target_id=allegation, on=came, actor=writer.actors.caseworker,
            new={"subject": subject.id, "standards": sorted(standards)},
        )  # fmt: skip
    return subject


def _referral(writer: CaseWriter, trigger: str, came: dt.date) -> str:
    """Refer to the IOPC (every DSI matter, some others) and the IOPC's mode;
    returns the mode ("" when not referred, referred back or undecided)."""
    rng, rows = writer.rng, writer.rows
    dsi = trigger == Case.Trigger.DSI_MATTER
    if not dsi and rng.random() > 0.16:
        return ""
    referred_on = later(rng, came, 0, 6)
    if not writer.done(referred_on):
        return ""
    factors = [ReferralFactor.DSI.value] if dsi else []
    factors += [pick(rng, FACTORS) for _ in range(rng.choice((1, 1, 2)))]
    factors = sorted(set(factors))
    decided_on = later(rng, referred_on, 3, 30)
    status, mode = IOPCReferral.Status.REFERRED, ""
    if writer.done(decided_on):
        if rng.random() < 0.25:
            status = IOPCReferral.Status.REFERRED_BACK
        else:
            status = IOPCReferral.Status.INVESTIGATING
            modes: tuple[tuple[str, int], ...] = (
                ("local", 50),
                ("directed", 15),
                ("independent", 35),
            )
            if writer.regime == "2012":
                modes = (("local", 35), ("supervised", 25), ("managed", 10),
                         ("independent", 30))  # fmt: skip
            mode = pick(rng, modes)
    at = writer.at(referred_on)
    referral = rows.add(
        "referrals_iopcreferral", created_at=at, updated_at=at,
        case_id=writer.case_id, factors=factors,
        mandatory=ReferralFactor.VOLUNTARY not in factors, referred_on=referred_on,
        referred_by_id=writer.actors.supervisor, status=status,
        decided_on=decided_on if status != IOPCReferral.Status.REFERRED else None,
        mode=mode,
    )  # fmt: skip
    writer.audit(
        ReferralsAction.REFERRAL_MADE, target="referrals.IOPCReferral",
        target_id=referral, on=referred_on, actor=writer.actors.supervisor,
        new={"factors": factors, "referred_on": referred_on},
    )  # fmt: skip
    if status != IOPCReferral.Status.REFERRED:
        if mode:
            rows.add(
                "referrals_modedecision", created_at=at, updated_at=at,
                referral_id=referral, mode=mode, decided_on=decided_on,
                decided_by_id=writer.actors.iopc_supervisor,
                rationale="Seriousness of the case and the public interest.",
            )  # fmt: skip
        writer.audit(
            ReferralsAction.REFERRAL_DECIDED, target="referrals.IOPCReferral",
            target_id=referral, on=decided_on, actor=writer.actors.iopc_supervisor,
            old={"status": "referred"}, new={"status": status, "mode": mode},
        )  # fmt: skip
    return mode if status != IOPCReferral.Status.REFERRED else "awaiting"


def _assess(
    writer: CaseWriter, subjects: list[SubjectState], on: dt.date, mode: str
) -> bool:
    """Severity of every allegation; subjects with nothing worse than practice
    requiring improvement leave by reflective practice or no further action.
    Returns whether the case is investigated."""
    rng = writer.rng
    if mode == "awaiting" or not writer.done(on):
        return False
    iopc = mode in IOPC_MODES
    investigated = False
    for subject in subjects:
        subject.allegations = [
            (allegation, pick(rng, (
                (Severity.NO_MISCONDUCT, 14),
                (Severity.PRACTICE_REQUIRING_IMPROVEMENT, 14),
                (Severity.MISCONDUCT, 46), (Severity.GROSS_MISCONDUCT, 26),
            )))
            for allegation, _ in subject.allegations
        ]  # fmt: skip
        _assessment_rows(writer, subject, on, iopc=iopc)
        serious = any(
            severity in {Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT}
            for _, severity in subject.allegations
        )
        investigated = investigated or serious
        if not serious:
            finished_on = later(rng, on, 1, 20)
            if not writer.done(finished_on):
                continue
            to, action = (
                Subject.Status.NO_FURTHER_ACTION,
                ReferralsAction.SUBJECT_NO_FURTHER_ACTION,
            )
            practice = any(
                severity == Severity.PRACTICE_REQUIRING_IMPROVEMENT
                for _, severity in subject.allegations
            )
            if practice and writer.regime == "2020":
                to, action = (
                    Subject.Status.REFLECTIVE_PRACTICE,
                    ReferralsAction.SUBJECT_REFLECTIVE_PRACTICE,
                )
            _move(writer, subject, to, action, finished_on)  # fmt: skip
    return investigated


def _assessment_rows(
    writer: CaseWriter, subject: SubjectState, on: dt.date, *, iopc: bool
) -> None:
    rows = writer.rows
    for allegation, severity in subject.allegations:
        at = writer.at(on)
        actor = writer.actors.iopc_investigator if iopc else writer.actors.supervisor
        rows.add(
            "referrals_severityassessment", created_at=at, updated_at=at,
            allegation_id=allegation, severity=severity, assessed_on=on,
            assessed_by_id=actor, body="iopc" if iopc else "appropriate_authority",
            rationale="Assessed on the information available.",
        )  # fmt: skip
        writer.audit(
            ReferralsAction.ALLEGATION_SEVERITY_ASSESSED, target="referrals.Allegation",
            target_id=allegation, on=on, actor=actor, old={"severity": ""},
            new={"severity": severity, "assessed_on": on},
            rationale="Assessed on the information available.",
        )  # fmt: skip


def _move(
    writer: CaseWriter,
    subject: SubjectState,
    to: str,
    action: ReferralsAction,
    on: dt.date,
) -> None:
    """A status change through the Subject transition table, with its event."""
    old, _ = transition(subject, to)
    writer.audit(
        action, target="referrals.Subject", target_id=subject.id, on=on,
        actor=writer.actors.supervisor, old={"status": old},
        new={"status": to, "decided_on": on},
    )  # fmt: skip


def _investigate(
    writer: CaseWriter,
    subjects: list[SubjectState],
    assessed_on: dt.date,
    mode: str,
    force_code: str,
) -> dt.date:
    """Open the investigation, serve notices, report, determine; returns the
    last day something happened."""
    rng, rows = writer.rng, writer.rows
    opened_on = later(rng, assessed_on, 1, 20)
    if not writer.done(opened_on):
        return assessed_on
    independent = mode == InvestigationMode.INDEPENDENT
    # Four in five investigations finish within 12 months (IOPC 2018/19).
    takes = int(rng.lognormvariate(5.3, 0.55))
    submitted_on = opened_on + dt.timedelta(days=takes)
    reported = writer.done(submitted_on)
    investigation = rows.ids.next("referrals_investigation")
    investigator = (
        writer.actors.iopc_investigator if independent else writer.actors.caseworker
    )
    at = writer.at(opened_on)
    rows.add(
        "referrals_investigation", id=investigation, created_at=at, updated_at=at,
        case_id=writer.case_id, investigating_body="iopc" if independent else "force",
        investigator_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        investigator_id=investigator, terms_of_reference="As the allegations.",
        opened_on=opened_on, status="reported" if reported else "open",
    )  # fmt: skip
    active = [s for s in subjects if s.status == Subject.Status.RECORDED]
    for subject in active:
        transition(subject, Subject.Status.UNDER_INVESTIGATION)
    writer.audit(
        ReferralsAction.INVESTIGATION_OPENED, target="referrals.Investigation",
        target_id=investigation, on=opened_on, actor=writer.actors.caseworker,
        new={"opened_on": opened_on, "subjects": [s.id for s in active]},
    )  # fmt: skip
    _progress_clocks(writer, opened_on, submitted_on)
    for subject in active:
        _notice(writer, subject, opened_on, submitted_on, force_code)
    if not reported:
        return opened_on
    report = rows.add(
        "referrals_investigationreport", created_at=writer.at(submitted_on),
        updated_at=writer.at(submitted_on), investigation_id=investigation,
        submitted_on=submitted_on, submitted_by_id=investigator,
        summary="The investigation's findings on each allegation.",
    )  # fmt: skip
    for subject in active:
        transition(subject, Subject.Status.REPORTED)
        rows.add("referrals_reportopinion", report_id=report, subject_id=subject.id,
                 opinion=DeterminationResult.CASE_TO_ANSWER_MISCONDUCT)  # fmt: skip
    writer.audit(
        ReferralsAction.INVESTIGATION_REPORTED, target="referrals.InvestigationReport",
        target_id=report, on=submitted_on, actor=investigator,
        new={"submitted_on": submitted_on, "subjects": [s.id for s in active]},
    )  # fmt: skip
    last = submitted_on
    for subject in active:
        last = max(last, _determine(writer, subject, submitted_on, mode))
    return last


def _progress_clocks(
    writer: CaseWriter, opened_on: dt.date, submitted_on: dt.date
) -> None:
    """PCR r19 / CMR r13: 12 months from the matter's date, then every 6,
    until the report cancels the running period (2020 rules only)."""
    anchor, period = writer.case_anchor, 1
    while True:
        due = writer.due_on(ReferralsClock.PROGRESS_REPORT, anchor, period)
        if due is None:
            return
        # Sent in the last weeks of the period, unless the report came first.
        sent_on = due - dt.timedelta(days=writer.rng.randint(0, 25))
        if sent_on >= submitted_on or not writer.done(sent_on):
            writer.clock(
                ReferralsClock.PROGRESS_REPORT, anchor_event="case.came_to_attention",
                anchor_on=anchor, period=period, cancelled_on=submitted_on,
                reason="The investigation has reported.",
            )  # fmt: skip
            return
        writer.clock(
            ReferralsClock.PROGRESS_REPORT, anchor_event="case.came_to_attention",
            anchor_on=anchor, period=period, met_on=sent_on,
        )  # fmt: skip
        period += 1


def _notice(
    writer: CaseWriter,
    subject: SubjectState,
    opened_on: dt.date,
    submitted_on: dt.date,
    force_code: str,
) -> None:
    """The written notice (PCR r17) and the response it asks for (r18)."""
    rng, rows = writer.rng, writer.rows
    served_on = later(rng, opened_on, 3, 30)
    if not writer.done(served_on) or served_on >= submitted_on:
        return
    severities = [severity for _, severity in subject.allegations]
    if not any(
        s in {Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT} for s in severities
    ):
        return
    severity = (
        Severity.GROSS_MISCONDUCT
        if Severity.GROSS_MISCONDUCT in severities
        else Severity.MISCONDUCT
    )
    title = investigation_notice_name(writer.regime, schedule_3=writer.schedule_3)
    at = writer.at(served_on)
    notice = rows.add(
        "referrals_notice", created_at=at, updated_at=at, subject_id=subject.id,
        title=title, served_on=served_on, served_by_id=writer.actors.caseworker,
        severity=severity, content="The conduct, the Standards, the investigator.",
    )  # fmt: skip
    writer.audit(
        ReferralsAction.NOTICE_SERVED, target="referrals.Notice", target_id=notice,
        on=served_on, actor=writer.actors.caseworker,
        new={"subject": subject.id, "title": title, "served_on": served_on,
             "severity": severity},
    )  # fmt: skip
    received_on = later(rng, served_on, 2, 18)
    responds = rng.random() < 0.88 and writer.done(received_on)
    writer.clock(
        ReferralsClock.NOTICE_RESPONSE, anchor_event="notice.served",
        anchor_on=served_on, subject_id=subject.id, key_extra=str(notice),
        met_on=received_on if responds else None,
    )  # fmt: skip
    if responds:
        response = rows.add(
            "referrals_noticeresponse", created_at=writer.at(received_on),
            updated_at=writer.at(received_on), notice_id=notice,
            kind="written_response", received_on=received_on,
            content="The subject's account.",
        )  # fmt: skip
        writer.audit(
            ReferralsAction.NOTICE_RESPONSE_RECORDED,
            target="referrals.NoticeResponse", target_id=response, on=received_on,
            actor=writer.actors.caseworker,
            new={"notice": notice, "kind": "written_response",
                 "received_on": received_on},
        )  # fmt: skip


CASE_TO_ANSWER_ODDS: dict[str, tuple[tuple[str, int], ...]] = {
    Severity.GROSS_MISCONDUCT: (
        (DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT, 60),
        (DeterminationResult.CASE_TO_ANSWER_MISCONDUCT, 15),
        (DeterminationResult.NO_CASE_TO_ANSWER, 25),
    ),
    Severity.MISCONDUCT: (
        (DeterminationResult.CASE_TO_ANSWER_MISCONDUCT, 62),
        (DeterminationResult.NO_CASE_TO_ANSWER, 38),
    ),
}


def _determine(
    writer: CaseWriter, subject: SubjectState, reported_on: dt.date, mode: str
) -> dt.date:
    """Case to answer per allegation (PCR r23), then, with none, reflective
    practice or no further action."""
    rng, rows = writer.rng, writer.rows
    decided_on = later(rng, reported_on, 7, 60)
    if not writer.done(decided_on):
        return reported_on
    iopc = mode in IOPC_MODES
    actor = writer.actors.iopc_supervisor if iopc else writer.actors.supervisor
    subject.results = {
        allegation: pick(
            rng,
            CASE_TO_ANSWER_ODDS.get(
                severity, ((DeterminationResult.NO_CASE_TO_ANSWER, 1),)
            ),
        )
        for allegation, severity in subject.allegations
    }
    any_case = any(
        result != DeterminationResult.NO_CASE_TO_ANSWER
        for result in subject.results.values()
    )
    old, _ = transition(
        subject,
        Subject.Status.CASE_TO_ANSWER if any_case else Subject.Status.NO_CASE_TO_ANSWER,
    )
    subject.decided_on = decided_on
    results = {str(key): value for key, value in subject.results.items()}
    at = writer.at(decided_on)
    rows.add(
        "referrals_determination", created_at=at, updated_at=at,
        subject_id=subject.id, body="iopc" if iopc else "appropriate_authority",
        decided_by_id=actor, decided_on=decided_on, results=results,
        rationale="On the report and the evidence.",
    )  # fmt: skip
    writer.audit(
        ReferralsAction.SUBJECT_DETERMINED, target="referrals.Subject",
        target_id=subject.id, on=decided_on, actor=actor, old={"status": old},
        new={"status": subject.status, "results": results},
        rationale="On the report and the evidence.",
    )  # fmt: skip
    staff = subject.kind == PersonRole.Kind.POLICE_STAFF
    if any_case and not staff:
        return decided_on
    finished_on = later(rng, decided_on, 3, 30)
    if not writer.done(finished_on):
        return decided_on
    if any_case:
        # Police staff are outside the Conduct Regulations: the force's own
        # procedure (management action, or reflective practice under 2020).
        to, action = (
            (RPRP, ReferralsAction.SUBJECT_REFLECTIVE_PRACTICE)
            if writer.regime == "2020"
            else (MANAGEMENT, ReferralsAction.SUBJECT_MANAGEMENT_ACTION)
        )  # fmt: skip
    elif writer.regime == "2020" and rng.random() < 0.4:
        to, action = (
            Subject.Status.REFLECTIVE_PRACTICE,
            ReferralsAction.SUBJECT_REFLECTIVE_PRACTICE,
        )
    else:
        to, action = (
            Subject.Status.NO_FURTHER_ACTION,
            ReferralsAction.SUBJECT_NO_FURTHER_ACTION,
        )
    _move(writer, subject, to, action, finished_on)  # fmt: skip
    return finished_on


def _role_rows(writer: CaseWriter, subject: SubjectState) -> None:
    """The subject's role, ended (with its employment event) when they left."""
    left = subject.left_on if writer.done(subject.left_on) else None
    writer.rows.add(
        "conduct_personrole", **subject.role_values, ended_on=left,
        end_reason=subject.left_reason if left else "",
    )  # fmt: skip
    if left is None:
        return
    at = writer.at(left)
    event = writer.rows.add(
        "conduct_employmentevent", created_at=at, updated_at=at,
        person_id=subject.person_id, role_id=subject.role_id,
        kind=subject.left_reason, occurred_on=left, to_force_id=None, notes="",
    )  # fmt: skip
    actions = {
        "resigned": HearingsAction.PERSON_RESIGNED,
        "retired": HearingsAction.PERSON_RETIRED,
        "dismissed": HearingsAction.PERSON_DISMISSED,
    }
    writer.audit(
        actions[subject.left_reason], target="conduct.EmploymentEvent",
        target_id=event, on=left, actor=writer.actors.caseworker,
        new={"person": subject.person_id, "occurred_on": left},
    )  # fmt: skip
