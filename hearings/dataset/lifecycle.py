"""One generated case, walked through the transition tables in order
(Subject, IOPCReferral, Investigation, Proceeding, Appeal) with the clocks the
services open: recorded with its subjects (hearings.dataset.subjects), the
IOPC referral and the severity assessment here; the investigation
(hearings.dataset.investigation); criminal proceedings and the sub judice
pause beside it (hearings.dataset.criminal); proceedings and what follows
(hearings.dataset.proceedings, outcomes, lists); then the case closed once
every subject has reached a final outcome.

Each case draws from its own random stream (seed and case number), so a
case's rows do not depend on the batch size; the people an earlier case of
the run closed on may come up again (hearings.dataset.world.PersonPool).
Dates after the run's today have not happened: the case stops in the status
it had reached.
"""

from __future__ import annotations

import datetime as dt
import random

from conduct.models import PersonRole
from conduct.regimes import regime_for
from hearings.dataset.criminal import (
    Criminal,
    criminal_for,
    criminal_rows,
    sub_judice_rows,
)
from hearings.dataset.investigation import investigate
from hearings.dataset.loader import Rows
from hearings.dataset.proceedings import proceedings_for
from hearings.dataset.subjects import (
    FAMILY,
    FINAL,
    GIVEN,
    SubjectState,
    move,
    new_subject,
    role_rows,
    suspension_rows,
    transfer_for,
)
from hearings.dataset.world import World
from hearings.dataset.writer import CaseWriter, later, pick
from referrals.audit import ReferralsAction
from referrals.models import (
    IOPC_MODES,
    Case,
    IOPCReferral,
    ReferralFactor,
    Severity,
    Subject,
)

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
    last_day, criminal = assessed_on, None
    if investigated:
        last_day, reported_on = investigate(
            writer, subjects, assessed_on, mode, force_id
        )
        if reported_on is not None:
            criminal = criminal_for(
                writer, [(s.id, s.kind) for s in subjects], came=came, mode=mode,
                reported_on=reported_on,
            )  # fmt: skip
    for subject in subjects:
        staff = subject.kind == PersonRole.Kind.POLICE_STAFF
        if subject.status == Subject.Status.CASE_TO_ANSWER and not staff:
            last_day = max(last_day, _proceedings(writer, subject, reference, criminal))
    if criminal is not None:
        last_day = max(last_day, criminal.ends_on)
    if writer.pause is not None:
        last_day = max(last_day, writer.pause.resumes_on)
    closed_on = later(rng, last_day, 3, 30)
    closed = (
        all(subject.status in FINAL for subject in subjects)
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
    if criminal is not None:
        criminal_rows(writer, criminal)
    sub_judice_rows(writer)
    for subject in subjects:
        _subject_rows(
            writer, subject, number=number, came=came, created=created,
            assessed_on=assessed_on, criminal=criminal,
            closed_on=closed_on if closed else None,
        )  # fmt: skip
    writer.finish()
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


def _subject_rows(
    writer: CaseWriter,
    subject: SubjectState,
    *,
    number: int,
    came: dt.date,
    created: dt.datetime,
    assessed_on: dt.date,
    criminal: Criminal | None,
    closed_on: dt.date | None,
) -> None:
    """The subject's own rows as the case left them: allegations, any
    suspension, roles and the subject."""
    rows = writer.rows
    for index, (allegation, severity) in enumerate(subject.allegations):
        rows.add(
            "referrals_allegation", id=allegation, created_at=created,
            updated_at=created, subject_id=subject.id,
            occurred_on=came - dt.timedelta(days=index + 2),
            summary=ALLEGATIONS[(number + index) % len(ALLEGATIONS)],
            severity=severity, determination=subject.results.get(allegation, ""),
        )  # fmt: skip
    prosecuted = criminal is not None and criminal.subject_id == subject.id
    suspension_rows(
        writer, subject, from_on=assessed_on,
        criminal_on=criminal.recorded_on if criminal and prosecuted else None,
    )  # fmt: skip
    role_rows(writer, subject, closed_on=closed_on)
    rows.add(
        "referrals_subject",
        id=subject.id, created_at=created, updated_at=created,
        case_id=writer.case_id, person_id=subject.person_id,
        role_id=subject.role_id, appropriate_authority_id=subject.force_id,
        status=subject.status,
    )  # fmt: skip


def _proceedings(
    writer: CaseWriter,
    subject: SubjectState,
    reference: str,
    criminal: Criminal | None,
) -> dt.date:
    """A subject with a case to answer, transferred perhaps, on to
    proceedings brought by their appropriate authority; returns the last
    day something happened."""
    assert subject.decided_on is not None
    start = transfer_for(writer, subject, subject.decided_on)
    # After a transfer the new force's people act (hearings.services.common.
    # require_appropriate_authority) and chase its clocks.
    case_actors, case_owner = writer.actors, writer.owner
    writer.actors = writer.actors_for(writer.world.force_code(subject.force_id))
    writer.owner = writer.actors.caseworker
    subject.status, ended = proceedings_for(writer, subject, start, reference, criminal)
    writer.actors, writer.owner = case_actors, case_owner
    if subject.status in FINAL:
        subject.finished_on = ended
    return ended or start


def _subject(writer: CaseWriter, force_id: int, came: dt.date) -> SubjectState:
    """A subject and the allegations recorded against them."""
    rng, rows = writer.rng, writer.rows
    subject = new_subject(writer, force_id, came)
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
            move(writer, subject, to, action, finished_on)  # fmt: skip
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
