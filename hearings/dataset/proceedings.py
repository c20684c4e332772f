"""A generated subject with a case to answer: misconduct proceedings (meeting,
hearing or accelerated hearing, in the proportions of domain.md 7.2),
findings, the outcome the regulations allow (hearings.rules), the report,
an appeal, list reports and conclusion, with the hearings clocks."""

from __future__ import annotations

import datetime as dt

from hearings.audit import HearingsAction
from hearings.dataset.criminal import Criminal, pause_on_notice
from hearings.dataset.lists import ADVISORY_REMOVAL_WITHDRAWN, advisory, removal
from hearings.dataset.outcomes import Held, held
from hearings.dataset.subjects import SubjectState
from hearings.dataset.writer import CaseWriter, later, pick
from hearings.models import HearingsClock
from referrals.audit import ReferralsAction
from referrals.models import DeterminationResult, ProceedingsForm, Subject

WITHDRAWN = "The proceedings were withdrawn."
#: The clocks a notice of referral starts, by form
#: (hearings.services.clocks.on_notice_served).
NOTICE_CLOCKS = {
    ProceedingsForm.ACCELERATED_HEARING: (
        HearingsClock.ACCELERATED_NOTICE_RESPONSE,
        HearingsClock.ACCELERATED_HEARING_WINDOW,
    ),
    ProceedingsForm.MISCONDUCT_MEETING: (
        HearingsClock.REFERRAL_RESPONSE,
        HearingsClock.MEETING_TIMING,
    ),
    ProceedingsForm.MISCONDUCT_HEARING: (HearingsClock.REFERRAL_RESPONSE,),
}


def proceedings_for(  # noqa: PLR0912, PLR0915 - one branch per lifecycle step
    writer: CaseWriter,
    subject: SubjectState,
    decided_on: dt.date,
    reference: str,
    criminal: Criminal | None = None,
) -> tuple[str, dt.date | None]:
    """Walk a subject with a case to answer on (from ``decided_on``); returns
    its status and the last day something happened. While the case is
    paused sub judice no step is taken: each waits for the pause to end."""
    rng, rows, actors = writer.rng, writer.rows, writer.actors
    regime = writer.regime
    gross = DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT in set(
        subject.results.values()
    )
    status: str = Subject.Status.CASE_TO_ANSWER
    if rng.random() < (0.25 if regime == "2012" else 0.1):
        on = later(writer.rng, decided_on, 5, 30)
        if not writer.done(on):
            return status, None
        to, action = (
            (
                Subject.Status.MANAGEMENT_ACTION,
                ReferralsAction.SUBJECT_MANAGEMENT_ACTION,
            )
            if regime == "2012"
            else (
                Subject.Status.REFLECTIVE_PRACTICE,
                ReferralsAction.SUBJECT_REFLECTIVE_PRACTICE,
            )
        )
        writer.audit(
            action, target="referrals.Subject", target_id=subject.id,
            on=on, actor=actors.supervisor, old={"status": status},
            new={"status": to, "decided_on": on},
        )  # fmt: skip
        return to, on
    # A transfer keeps the officer serving: not a former officer.
    former = gross and rng.random() < 0.08 and subject.transfer is None
    if former:
        subject.left_on = decided_on - dt.timedelta(days=rng.randint(1, 40))
        subject.left_reason = pick(writer.rng, (("resigned", 2), ("retired", 1)))
        advisory(writer, subject)
    if gross:
        form = pick(
            writer.rng,
            (
                (ProceedingsForm.ACCELERATED_HEARING, 40),
                (ProceedingsForm.MISCONDUCT_HEARING, 60),
            ),
        )
    elif former:
        form = ProceedingsForm.MISCONDUCT_HEARING
    else:
        form = pick(
            writer.rng,
            (
                (ProceedingsForm.MISCONDUCT_MEETING, 88),
                (ProceedingsForm.MISCONDUCT_HEARING, 12),
            ),
        )
    fww_in_force = not gross and form == ProceedingsForm.MISCONDUCT_HEARING
    accelerated = form == ProceedingsForm.ACCELERATED_HEARING
    meeting = form == ProceedingsForm.MISCONDUCT_MEETING
    # The steps as planned, before any pause.
    referred_on = later(writer.rng, decided_on, 5, 40)
    served_on = later(writer.rng, referred_on, 1, 10)
    response_on = later(writer.rng, served_on, 4, 22)
    papers_on = (
        None if meeting or accelerated else later(writer.rng, response_on, 3, 15)
    )
    pre_hearing_on = None if papers_on is None else later(writer.rng, papers_on, 5, 20)
    if accelerated:
        scheduled_on = later(writer.rng, served_on, 1, 5)
        # Held in the window (set below, once any pause has moved it).
        held_on = served_on + dt.timedelta(days=21)
    else:
        scheduled_on = later(writer.rng, pre_hearing_on or response_on, 2, 10)
        held_on = later(writer.rng, scheduled_on, 10, 60)
    withdrawn_on = (
        later(writer.rng, referred_on, 10, max(11, (held_on - referred_on).days - 1))
        if rng.random() < 0.05
        else None
    )
    # Paused on the notice (single-subject cases): before the next step and
    # before any clock the notice starts falls due.
    notice_dues = [
        day
        for code in NOTICE_CLOCKS[ProceedingsForm(form)]
        if (dates := writer.due_dates(code, served_on)) is not None
        for day in (dates.earliest_on, dates.due_on)
        if day is not None
    ]
    pause_on_notice(
        writer, criminal, subject.id, served_on=served_on,
        latest=min(response_on, scheduled_on, *notice_dues),
    )  # fmt: skip
    if writer.pause is not None:
        shift = writer.pause.shift
        referred_on, served_on, response_on = (
            shift(referred_on), shift(served_on), shift(response_on)
        )  # fmt: skip
        papers_on = None if papers_on is None else shift(papers_on)
        pre_hearing_on = None if pre_hearing_on is None else shift(pre_hearing_on)
        scheduled_on, held_on = shift(scheduled_on), shift(held_on)
        withdrawn_on = None if withdrawn_on is None else shift(withdrawn_on)
    if not writer.done(referred_on):
        return status, None
    if accelerated:
        # PCR r52(1): 10 to 15 working days after the notice, the window as
        # its clock holds it (moved on by any pause).
        window = writer.due_dates(
            HearingsClock.ACCELERATED_HEARING_WINDOW, served_on, pausable=True
        )
        held_on = (window.due_on if window else held_on) - dt.timedelta(
            days=rng.randint(0, 3)
        )
        if window is not None and window.earliest_on is not None:
            held_on = max(held_on, window.earliest_on)
    if withdrawn_on is not None and not writer.done(withdrawn_on):
        withdrawn_on = None

    def happened(day: dt.date | None) -> dt.date | None:
        """A date that came, and before any withdrawal."""
        if day is None or not writer.done(day):
            return None
        if withdrawn_on is not None and day >= withdrawn_on:
            return None
        return day

    served_on_, response_on_ = happened(served_on), happened(response_on)
    scheduled_on_, held_on_ = happened(scheduled_on), happened(held_on)
    proceeding_status = "referred"
    if scheduled_on_:
        proceeding_status = "scheduled"
    if held_on_:
        proceeding_status = "held"
    if withdrawn_on:
        proceeding_status = "withdrawn"
    proceeding = rows.ids.next("hearings_proceeding")
    status = Subject.Status.REFERRED_TO_PROCEEDINGS
    at = writer.at(referred_on)
    writer.audit(
        HearingsAction.PROCEEDING_REFERRED, target="hearings.Proceeding",
        target_id=proceeding, on=referred_on, actor=actors.supervisor,
        old={"status": Subject.Status.CASE_TO_ANSWER},
        new={"form": form, "subject": subject.id, "status": status},
    )  # fmt: skip
    key = f"p{proceeding}"
    outcome_on = later(writer.rng, held_on, 0, 2)
    if served_on_:
        notice = rows.add(
            "hearings_referralnotice", created_at=writer.at(served_on),
            updated_at=writer.at(served_on), proceeding_id=proceeding,
            title="Regulation 51 notice" if accelerated else "Regulation 30 notice",
            served_on=served_on, served_by_id=actors.caseworker,
            content="The allegations, the form of proceedings and the papers.",
        )  # fmt: skip
        writer.audit(
            HearingsAction.PROCEEDING_NOTICE_SERVED, target="hearings.ReferralNotice",
            target_id=notice, on=served_on, actor=actors.caseworker,
            new={"served_on": served_on},
        )  # fmt: skip
        # The clocks the notice starts (hearings.services.clocks.on_notice_
        # served), each with the day it was met.
        clocks = [
            (
                HearingsClock.ACCELERATED_NOTICE_RESPONSE
                if accelerated
                else HearingsClock.REFERRAL_RESPONSE,
                response_on_,
            )
        ]
        if accelerated:
            clocks.append((HearingsClock.ACCELERATED_HEARING_WINDOW, held_on_))
        if meeting:
            clocks.append((HearingsClock.MEETING_TIMING, held_on_))
        for code, met_on in clocks:
            writer.clock(
                code,
                anchor_event="proceeding.notice_served",
                met_on=met_on,
                anchor_on=served_on,
                subject_id=subject.id,
                key_extra=key,
                cancelled_on=withdrawn_on,
                reason=WITHDRAWN,
            )
    if response_on_:
        writer.audit(
            HearingsAction.PROCEEDING_RESPONSE_RECORDED, target="hearings.Proceeding",
            target_id=proceeding, on=response_on, actor=actors.caseworker,
            new={"response_received_on": response_on},
        )  # fmt: skip
        if not accelerated:
            writer.clock(
                HearingsClock.WITNESS_LISTS,
                anchor_event="proceeding.response",
                anchor_on=response_on,
                subject_id=subject.id,
                key_extra=key,
                met_on=happened(outcome_on),
                cancelled_on=withdrawn_on,
                reason=WITHDRAWN,
            )
    if happened(papers_on):
        assert papers_on is not None
        writer.audit(
            HearingsAction.PROCEEDING_PAPERS_TO_CHAIR, target="hearings.Proceeding",
            target_id=proceeding, on=papers_on, actor=actors.caseworker,
            new={"papers_to_chair_on": papers_on},
        )  # fmt: skip
        writer.clock(
            HearingsClock.PRE_HEARING_DATE,
            anchor_event="proceeding.papers_to_chair",
            anchor_on=papers_on,
            subject_id=subject.id,
            key_extra=key,
            met_on=happened(pre_hearing_on),
            cancelled_on=withdrawn_on,
            reason=WITHDRAWN,
        )
    if scheduled_on_:
        writer.audit(
            HearingsAction.PROCEEDING_SCHEDULED, target="hearings.Proceeding",
            target_id=proceeding, on=scheduled_on, actor=actors.caseworker,
            old={"status": "referred"},
            new={"status": "scheduled", "scheduled_for": held_on},
        )  # fmt: skip
    last = referred_on
    if withdrawn_on:
        writer.audit(
            HearingsAction.PROCEEDING_WITHDRAWN, target="hearings.Proceeding",
            target_id=proceeding, on=withdrawn_on, actor=actors.supervisor,
            new={"status": "withdrawn"},
            rationale="The evidence no longer supports it.",
        )  # fmt: skip
        writer.audit(
            HearingsAction.SUBJECT_CLOSED_WITHOUT_PROCEEDINGS,
            target="referrals.Subject", target_id=subject.id, on=withdrawn_on,
            actor=actors.supervisor, old={"status": status},
            new={"status": Subject.Status.NO_FURTHER_ACTION},
        )  # fmt: skip
        if subject.advisory is not None:
            removal(writer, subject, subject.advisory, on=withdrawn_on,
                    reason=ADVISORY_REMOVAL_WITHDRAWN)  # fmt: skip
        status, last = Subject.Status.NO_FURTHER_ACTION, withdrawn_on
    elif held_on_:
        status, last = held(
            writer, subject,
            Held(proceeding=proceeding, form=form, held_on=held_on,
                 outcome_on=outcome_on, fww_in_force=fww_in_force,
                 former=former, reference=reference),
        )  # fmt: skip
    rows.add(
        "hearings_proceeding", id=proceeding, created_at=at, updated_at=at,
        subject_id=subject.id, form=form, status=proceeding_status,
        referred_on=referred_on, referred_by_id=actors.supervisor,
        final_written_warning_in_force=fww_in_force, previously_reduced_in_rank=False,
        separate_incidents=False,
        special_conditions_certified_on=referred_on if accelerated else None,
        special_conditions_certified_by="Head of PSD" if accelerated else "",
        former_officer=former, former_officer_condition="a" if former else "",
        condition_c_determined_on=None, is_public=not meeting,
        scheduled_for=held_on if scheduled_on_ else None,
        papers_to_chair_on=happened(papers_on),
        pre_hearing_on=happened(pre_hearing_on), held_on=held_on_,
        withdrawn_on=withdrawn_on, returned_on=None,
        response_received_on=response_on_,
        accepts_conduct=None if response_on_ is None else rng.random() < 0.4,
        subject_account="",
    )  # fmt: skip
    return status, last
