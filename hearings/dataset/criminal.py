"""Criminal proceedings beside a generated case (domain.md 2.9, reference
case A): the arrest, release, charges, pleas, verdicts and sentence
(referrals.services.criminal), and the sub judice period for which the
appropriate authority pauses misconduct proceedings (PCR r10(3)), resumed
once the criminal proceedings end (r49(3)).

A pause begins during the investigation (the subject charged before the
report), or on a single-subject case just after the notice of referral to
proceedings, stopping the clocks that notice started. Steps of the
proceedings wait for as long as the pause lasts (``Pause.shift``); clocks
running when it begins are paused and moved on by the writer
(``CaseWriter.clock``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from conduct.models import PersonRole
from hearings.dataset.writer import CaseWriter, Pause, later
from referrals.audit import ReferralsAction
from referrals.models import (
    IOPC_MODES,
    CriminalProceedings,
    Plea,
    SentenceComponent,
    Verdict,
)

#: Criminal proceedings in an investigated case: more often where the IOPC
#: investigates (referred for serious assault, sexual offences, corruption)
#: than where the force does. Estimates: the Home Office counts "cases
#: involving criminal proceedings" but the figure is not in domain.md.
CRIMINAL_ODDS = {"iopc": 0.3, "force": 0.1}
#: The appropriate authority pauses misconduct proceedings in most of them.
PAUSE_ODDS = 0.8
OFFENCES = (
    "Misconduct in public office",
    "Assault occasioning actual bodily harm",
    "Unauthorised access to computer material (Computer Misuse Act 1990 s1)",
    "Sexual communication with a child",
    "Perverting the course of justice",
    "Theft",
    "Controlling or coercive behaviour",
)
COURTS = ("Crown Court", "Magistrates' Court")
PAUSED = "Misconduct proceedings would prejudice the criminal proceedings (PCR r10(3))."
RESUMED = "The criminal proceedings have ended (PCR r49(3))."
NO_FURTHER_ACTION = "No further action: insufficient evidence to charge."


@dataclass
class Criminal:
    """The criminal proceedings against one subject, planned whole: each
    step has happened once its date is on or before the run's today."""

    subject_id: int
    reference: str
    recorded_on: dt.date
    started_on: dt.date
    arrested_on: dt.date | None
    release: str
    released_on: dt.date | None
    charged_on: dt.date | None
    #: One offence per count.
    offences: list[str]
    plea: str
    plea_on: dt.date | None
    #: convicted, acquitted or discontinued.
    result: str
    ends_on: dt.date
    court: str
    #: "early": paused during the investigation; "notice": on the notice of
    #: referral to proceedings; "": not paused.
    pause: str
    sentence: list[tuple[str, int | None, Decimal | None]] = field(default_factory=list)


def criminal_for(
    writer: CaseWriter,
    subjects: list[tuple[int, str]],
    *,
    came: dt.date,
    mode: str,
    reported_on: dt.date,
) -> Criminal | None:
    """Criminal proceedings against one of an investigated case's officers
    (``subjects``: id and role kind), or none; an early pause is set on the
    writer here, a pause on the notice by ``pause_on_notice``."""
    rng = writer.rng
    officers = [sid for sid, kind in subjects if kind != PersonRole.Kind.POLICE_STAFF]
    odds = CRIMINAL_ODDS["iopc" if mode in IOPC_MODES else "force"]
    if not officers or rng.random() >= odds:
        return None
    recorded_on = later(rng, came, 0, 20)
    started_on = recorded_on - dt.timedelta(days=rng.randint(0, 30))
    arrested_on = released_on = None
    release = ""
    if rng.random() < 0.65:
        arrested_on = later(rng, started_on, 0, (recorded_on - started_on).days)
        release = rng.choice(
            (
                CriminalProceedings.Release.BAIL,
                CriminalProceedings.Release.UNDER_INVESTIGATION,
                CriminalProceedings.Release.BAIL,
                CriminalProceedings.Release.UNDER_INVESTIGATION,
                CriminalProceedings.Release.REMANDED,
            )
        )
        released_on = later(rng, arrested_on, 0, 1)
    charged = release == CriminalProceedings.Release.REMANDED or rng.random() < 0.5
    plea, plea_on, charged_on = Plea.NOT_ENTERED, None, None
    offences: list[str] = []
    sentence: list[tuple[str, int | None, Decimal | None]] = []
    if charged:
        charged_on = later(rng, recorded_on, 20, 240)
        offences = rng.sample(OFFENCES, rng.choice((1, 1, 2, 3)))
        plea_on = later(rng, charged_on, 7, 60)
        plea = Plea.GUILTY if rng.random() < 0.4 else Plea.NOT_GUILTY
        if plea == Plea.GUILTY:
            result, ends_on = Verdict.CONVICTED, later(rng, plea_on, 21, 90)
        else:
            result = rng.choices(
                (Verdict.CONVICTED, Verdict.ACQUITTED, Verdict.DISCONTINUED),
                (55, 35, 10),
            )[0]
            ends_on = plea_on + dt.timedelta(days=int(rng.lognormvariate(5.6, 0.5)))
        if result == Verdict.CONVICTED:
            sentence = _sentence(rng, len(offences))
    else:
        result, ends_on = Verdict.DISCONTINUED, later(rng, recorded_on, 60, 500)
    pause = ""
    if rng.random() < PAUSE_ODDS:
        pause = "notice" if len(subjects) == 1 else "early"
    criminal = Criminal(
        subject_id=rng.choice(officers),
        reference=f"{recorded_on:%y}/{rng.randint(10000, 99999)}/CR",
        recorded_on=recorded_on,
        started_on=started_on,
        arrested_on=arrested_on,
        release=release,
        released_on=released_on,
        charged_on=charged_on,
        offences=offences,
        plea=plea,
        plea_on=plea_on,
        result=result,
        ends_on=ends_on,
        court=rng.choice(COURTS) if charged else "",
        pause=pause,
        sentence=sentence,
    )
    if pause == "early":
        # While the investigation goes on: before anyone's case to answer,
        # so no proceedings (and none of their clocks) have begun.
        starts_on = later(rng, recorded_on, 1, 90)
        if starts_on < min(reported_on, ends_on) and writer.done(starts_on):
            writer.pause = Pause(
                starts_on, _resumes_on(rng, ends_on), writer.actors.supervisor
            )
    return criminal


def _resumes_on(rng: random.Random, ends_on: dt.date) -> dt.date:
    """The appropriate authority resumes within three weeks of the end."""
    return later(rng, ends_on, 0, 21)


def _sentence(
    rng: random.Random, counts: int
) -> list[tuple[str, int | None, Decimal | None]]:
    """(kind, months, fine) passed on count 1, and concurrent custodial
    terms on the others where it is custody (reference case A)."""
    kind = rng.choices(
        (
            SentenceComponent.Kind.CUSTODY,
            SentenceComponent.Kind.SUSPENDED_SENTENCE,
            SentenceComponent.Kind.COMMUNITY_ORDER,
            SentenceComponent.Kind.FINE,
        ),
        (30, 30, 25, 15),
    )[0]
    if kind == SentenceComponent.Kind.FINE:
        return [(kind, None, Decimal(rng.randrange(200, 5000, 50)))]
    if kind == SentenceComponent.Kind.COMMUNITY_ORDER:
        return [(kind, None, None)]
    months = rng.randint(6, 48 if kind == SentenceComponent.Kind.CUSTODY else 24)
    parts: list[tuple[str, int | None, Decimal | None]] = [(kind, months, None)]
    if kind == SentenceComponent.Kind.CUSTODY:
        parts += [
            (SentenceComponent.Kind.CONCURRENT_CUSTODY, rng.randint(3, months), None)
            for _ in range(counts - 1)
        ]
    return parts


def pause_on_notice(
    writer: CaseWriter,
    criminal: Criminal | None,
    subject_id: int,
    *,
    served_on: dt.date,
    latest: dt.date,
) -> None:
    """On a single-subject case, the appropriate authority pauses just after
    the notice of referral, while the criminal proceedings run: a day after
    the notice and no later than ``latest`` (before any clock the notice
    started falls due, and before the next step)."""
    if (
        criminal is None
        or criminal.pause != "notice"
        or criminal.subject_id != subject_id
        or writer.pause is not None
        or latest <= served_on
    ):
        return
    starts_on = later(writer.rng, served_on, 1, (latest - served_on).days)
    if starts_on < criminal.ends_on and writer.done(starts_on):
        writer.pause = Pause(
            starts_on,
            _resumes_on(writer.rng, criminal.ends_on),
            writer.actors.supervisor,
        )


def criminal_rows(writer: CaseWriter, criminal: Criminal) -> dt.date:
    """The proceedings, counts and sentence as of today, with an audit event
    for each step taken; returns the day they end."""
    rows, done, actor = writer.rows, writer.done, writer.actors.caseworker
    if not done(criminal.recorded_on):
        return criminal.ends_on
    proceedings = rows.ids.next("referrals_criminalproceedings")
    target = "referrals.CriminalProceedings"
    writer.audit(
        ReferralsAction.CRIMINAL_OPENED, target=target, target_id=proceedings,
        on=criminal.recorded_on, actor=actor,
        new={"subject": criminal.subject_id, "started_on": criminal.started_on,
             "arrested_on": criminal.arrested_on, "arrest_location": "",
             "status": CriminalProceedings.Status.INVESTIGATION},
    )  # fmt: skip
    if criminal.released_on is not None:
        writer.audit(
            ReferralsAction.CRIMINAL_RELEASED, target=target, target_id=proceedings,
            on=max(criminal.released_on, criminal.recorded_on), actor=actor,
            old={"pre_charge_release": "", "released_on": None},
            new={"pre_charge_release": criminal.release,
                 "released_on": criminal.released_on, "bail_return_on": None},
        )  # fmt: skip
    status = CriminalProceedings.Status.INVESTIGATION
    ended = done(criminal.ends_on)
    charges = []
    if criminal.charged_on is not None and done(criminal.charged_on):
        status = CriminalProceedings.Status.CHARGED
        charges = _charges(writer, criminal, proceedings)
    if ended:
        status = (
            CriminalProceedings.Status.CONCLUDED
            if criminal.result != Verdict.DISCONTINUED
            else CriminalProceedings.Status.DISCONTINUED
        )
        _sentence_rows(writer, criminal, proceedings, charges)
        concluded = status == CriminalProceedings.Status.CONCLUDED
        writer.audit(
            ReferralsAction.CRIMINAL_CONCLUDED
            if concluded
            else ReferralsAction.CRIMINAL_DISCONTINUED,
            target=target, target_id=proceedings, on=criminal.ends_on, actor=actor,
            old={"status": CriminalProceedings.Status.CHARGED
                 if charges else CriminalProceedings.Status.INVESTIGATION},
            new={"status": status, "ended_on": criminal.ends_on}
            | ({"convicted": criminal.result == Verdict.CONVICTED} if concluded
               else {"charges_discontinued": charges}),
            rationale="" if concluded else NO_FURTHER_ACTION,
        )  # fmt: skip
    at = writer.at(criminal.recorded_on)
    rows.add(
        "referrals_criminalproceedings", id=proceedings, created_at=at,
        updated_at=at, case_id=writer.case_id, subject_id=criminal.subject_id,
        reference=criminal.reference, court=criminal.court,
        started_on=criminal.started_on, arrested_on=criminal.arrested_on,
        arrest_location="", arrest_notes="",
        pre_charge_release=criminal.release, released_on=criminal.released_on,
        bail_return_on=None, bail_conditions="", status=status,
        ended_on=criminal.ends_on if ended else None, created_by_id=actor,
    )  # fmt: skip
    return criminal.ends_on


def _charges(writer: CaseWriter, criminal: Criminal, proceedings: int) -> list[int]:
    """Each count, its plea and (by today) its verdict; returns the ids."""
    assert criminal.charged_on is not None
    assert criminal.plea_on is not None
    done, actor = writer.done, writer.actors.caseworker
    charged_on, ends_on = criminal.charged_on, criminal.ends_on
    pleaded = done(criminal.plea_on)
    guilty = criminal.plea == Plea.GUILTY
    # A guilty plea convicts on the day; otherwise the trial (or the
    # prosecution's decision to offer no evidence) decides.
    verdict_on = criminal.plea_on if guilty else ends_on
    decided = pleaded if guilty else done(ends_on)
    ids = []
    for count, offence in enumerate(criminal.offences, start=1):
        charge = writer.rows.ids.next("referrals_charge")
        ids.append(charge)
        old_status = (
            CriminalProceedings.Status.INVESTIGATION
            if count == 1
            else CriminalProceedings.Status.CHARGED
        )
        writer.audit(
            ReferralsAction.CRIMINAL_CHARGED, target="referrals.Charge",
            target_id=charge, on=charged_on, actor=actor,
            old={"proceedings_status": old_status},
            new={"proceedings": proceedings,
                 "proceedings_status": CriminalProceedings.Status.CHARGED,
                 "count_number": count, "offence": offence, "charged_on": charged_on},
        )  # fmt: skip
        if pleaded:
            writer.audit(
                ReferralsAction.CRIMINAL_PLEA_RECORDED, target="referrals.Charge",
                target_id=charge, on=criminal.plea_on, actor=actor,
                old={"plea": Plea.NOT_ENTERED, "plea_on": None},
                new={"plea": criminal.plea, "plea_on": criminal.plea_on},
            )  # fmt: skip
        if decided and criminal.result != Verdict.DISCONTINUED:
            writer.audit(
                ReferralsAction.CRIMINAL_VERDICT_RECORDED, target="referrals.Charge",
                target_id=charge, on=verdict_on, actor=actor,
                new={"verdict": criminal.result, "verdict_on": verdict_on,
                     "plea": criminal.plea},
            )  # fmt: skip
        at = writer.at(charged_on)
        writer.rows.add(
            "referrals_charge", id=charge, created_at=at, updated_at=at,
            proceedings_id=proceedings, count_number=count, offence=offence,
            charged_on=charged_on,
            plea=criminal.plea if pleaded else Plea.NOT_ENTERED,
            plea_on=criminal.plea_on if pleaded else None,
            verdict=criminal.result if decided else "",
            verdict_on=verdict_on if decided else None,
        )  # fmt: skip
    return ids


def _sentence_rows(
    writer: CaseWriter, criminal: Criminal, proceedings: int, charges: list[int]
) -> None:
    """The sentence passed on the day the proceedings conclude."""
    on = criminal.ends_on
    for index, (kind, months, amount) in enumerate(criminal.sentence):
        component = writer.rows.ids.next("referrals_sentencecomponent")
        charge = charges[index] if kind != SentenceComponent.Kind.FINE else None
        concurrent_with = (
            charges[0] if kind == SentenceComponent.Kind.CONCURRENT_CUSTODY else None
        )
        writer.audit(
            ReferralsAction.CRIMINAL_SENTENCE_RECORDED,
            target="referrals.SentenceComponent", target_id=component, on=on,
            actor=writer.actors.caseworker,
            new={"proceedings": proceedings, "kind": kind, "charge": charge,
                 "sentenced_on": on, "length_months": months,
                 "concurrent_with": concurrent_with, "duration_years": None,
                 "indefinite": False,
                 "amount": None if amount is None else str(amount)},
        )  # fmt: skip
        at = writer.at(on)
        writer.rows.add(
            "referrals_sentencecomponent", id=component, created_at=at,
            updated_at=at, proceedings_id=proceedings, charge_id=charge, kind=kind,
            sentenced_on=on, length_months=months,
            concurrent_with_id=concurrent_with, duration_years=None,
            indefinite=False, amount=amount, description="",
        )  # fmt: skip


def sub_judice_rows(writer: CaseWriter) -> dt.date | None:
    """The case's sub judice period and its two audit events, as
    ``criminal_sub_judice_set`` writes them; returns the day proceedings
    resume (None: no pause)."""
    pause = writer.pause
    if pause is None or not writer.done(pause.starts_on):
        return None
    resumed = writer.done(pause.resumes_on)
    actor = pause.actor
    at = writer.at(pause.starts_on)
    period = writer.rows.add(
        "referrals_subjudiceperiod", created_at=at,
        updated_at=writer.at(pause.resumes_on) if resumed else at,
        case_id=writer.case_id, started_on=pause.starts_on, started_by_id=actor,
        start_rationale=PAUSED, ended_on=pause.resumes_on if resumed else None,
        ended_by_id=actor if resumed else None,
        end_rationale=RESUMED if resumed else "",
    )  # fmt: skip
    writer.audit(
        ReferralsAction.CASE_MISCONDUCT_PAUSED, target="referrals.SubJudicePeriod",
        target_id=period, on=pause.starts_on, actor=actor,
        old={"misconduct_paused": False},
        new={"misconduct_paused": True, "on": pause.starts_on,
             "deadlines": pause.clocks},
        rationale=PAUSED,
    )  # fmt: skip
    if resumed:
        writer.audit(
            ReferralsAction.CASE_MISCONDUCT_RESUMED,
            target="referrals.SubJudicePeriod", target_id=period,
            on=pause.resumes_on, actor=actor,
            old={"misconduct_paused": True, "started_on": pause.starts_on},
            new={"misconduct_paused": False, "on": pause.resumes_on,
                 "deadlines": pause.clocks},
            rationale=RESUMED,
        )  # fmt: skip
    return pause.resumes_on
