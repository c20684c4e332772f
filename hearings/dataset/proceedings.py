"""A generated subject with a case to answer: misconduct proceedings (meeting,
hearing or accelerated hearing, in the proportions of domain.md 7.2),
findings, the outcome the regulations allow (hearings.rules), the report,
an appeal, list reports and conclusion, with the hearings clocks."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from hearings.audit import HearingsAction
from hearings.dataset.world import CaseWriter
from hearings.models import FindingResult, HearingsClock, OutcomeKind
from hearings.rules import allowed_outcomes
from referrals.models import DeterminationResult, ProceedingsForm, Subject

KIND_WEIGHTS: dict[str, int] = {
    OutcomeKind.DISMISSAL_WITHOUT_NOTICE: 6, OutcomeKind.FINAL_WRITTEN_WARNING: 5,
    OutcomeKind.WRITTEN_WARNING: 6, OutcomeKind.REDUCTION_IN_RANK: 1,
    OutcomeKind.NO_ACTION: 3, OutcomeKind.REFER_TO_RPRP: 2,
    OutcomeKind.MANAGEMENT_ADVICE: 3, OutcomeKind.WOULD_HAVE_BEEN_DISMISSED: 8,
    OutcomeKind.WOULD_NOT_HAVE_BEEN_DISMISSED: 2,
    OutcomeKind.FINDING_NO_FURTHER_ACTION: 3, OutcomeKind.DISMISSAL_WITH_NOTICE: 1,
    OutcomeKind.FINAL_WRITTEN_WARNING_EXTENDED: 1,
}  # fmt: skip
WITHDRAWN = "The proceedings were withdrawn."
DISMISSALS = frozenset(
    {
        OutcomeKind.DISMISSAL_WITHOUT_NOTICE,
        OutcomeKind.DISMISSAL_WITH_NOTICE,
        OutcomeKind.WOULD_HAVE_BEEN_DISMISSED,
    }
)
FINDING_ODDS = {
    DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT: (
        (FindingResult.PROVEN_GROSS_MISCONDUCT, 78),
        (FindingResult.PROVEN_MISCONDUCT, 9),
        (FindingResult.NOT_PROVEN, 13),
    ),
    DeterminationResult.CASE_TO_ANSWER_MISCONDUCT: (
        (FindingResult.PROVEN_MISCONDUCT, 79),
        (FindingResult.NOT_PROVEN, 21),
    ),
}


@dataclass
class SubjectPath:
    """What proceedings need to know of a subject; ``left_on`` is set when
    the officer resigns before proceedings (a former officer, Condition A)."""

    id: int
    person_id: int
    role_id: int
    force_id: int
    kind: str
    rank: str
    allegations: list[tuple[int, str]] = field(default_factory=list)
    results: dict[int, str] = field(default_factory=dict)
    left_on: dt.date | None = None
    left_reason: str = ""


def _pick(writer: CaseWriter, weighted: tuple[tuple[str, int], ...]) -> str:
    items = [item for item, _ in weighted]
    return writer.rng.choices(items, [weight for _, weight in weighted])[0]


def _later(writer: CaseWriter, day: dt.date, low: int, high: int) -> dt.date:
    return day + dt.timedelta(days=writer.rng.randint(low, high))


def proceedings_for(  # noqa: PLR0912, PLR0915 - one branch per lifecycle step
    writer: CaseWriter, subject: SubjectPath, decided_on: dt.date, reference: str
) -> tuple[str, dt.date | None]:
    """Walk a subject with a case to answer on; returns its status and the
    last day something happened."""
    rng, rows, actors = writer.rng, writer.rows, writer.actors
    regime = writer.regime
    gross = DeterminationResult.CASE_TO_ANSWER_GROSS_MISCONDUCT in set(
        subject.results.values()
    )
    status: str = Subject.Status.CASE_TO_ANSWER
    if rng.random() < (0.25 if regime == "2012" else 0.1):
        on = _later(writer, decided_on, 5, 30)
        if not writer.done(on):
            return status, None
        to, action = (
            (Subject.Status.MANAGEMENT_ACTION, "subject.management_action")
            if regime == "2012"
            else (Subject.Status.REFLECTIVE_PRACTICE, "subject.reflective_practice")
        )
        from referrals.audit import ReferralsAction

        writer.audit(
            ReferralsAction(action), target="referrals.Subject", target_id=subject.id,
            on=on, actor=actors.supervisor, old={"status": status},
            new={"status": to, "decided_on": on},
        )  # fmt: skip
        return to, on
    former = gross and rng.random() < 0.08
    if former:
        subject.left_on = decided_on - dt.timedelta(days=rng.randint(1, 40))
        subject.left_reason = _pick(writer, (("resigned", 2), ("retired", 1)))
        _advisory(writer, subject)
    if gross:
        form = _pick(
            writer,
            (
                (ProceedingsForm.ACCELERATED_HEARING, 40),
                (ProceedingsForm.MISCONDUCT_HEARING, 60),
            ),
        )
    elif former:
        form = ProceedingsForm.MISCONDUCT_HEARING
    else:
        form = _pick(
            writer,
            (
                (ProceedingsForm.MISCONDUCT_MEETING, 88),
                (ProceedingsForm.MISCONDUCT_HEARING, 12),
            ),
        )
    fww_in_force = not gross and form == ProceedingsForm.MISCONDUCT_HEARING
    referred_on = _later(writer, decided_on, 5, 40)
    if not writer.done(referred_on):
        return status, None
    accelerated = form == ProceedingsForm.ACCELERATED_HEARING
    meeting = form == ProceedingsForm.MISCONDUCT_MEETING
    served_on = _later(writer, referred_on, 1, 10)
    response_on = _later(writer, served_on, 4, 22)
    papers_on = None if meeting or accelerated else _later(writer, response_on, 3, 15)
    pre_hearing_on = None if papers_on is None else _later(writer, papers_on, 5, 20)
    if accelerated:
        window = writer.due_on(HearingsClock.ACCELERATED_HEARING_WINDOW, served_on)
        held_on = (window or served_on) - dt.timedelta(days=rng.randint(0, 3))
        scheduled_on = _later(writer, served_on, 1, 5)
    else:
        scheduled_on = _later(writer, pre_hearing_on or response_on, 2, 10)
        held_on = _later(writer, scheduled_on, 10, 60)
    withdrawn_on = (
        _later(writer, referred_on, 10, max(11, (held_on - referred_on).days - 1))
        if rng.random() < 0.05
        else None
    )
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
    outcome_on = _later(writer, held_on, 0, 2)
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
        status, last = Subject.Status.NO_FURTHER_ACTION, withdrawn_on
    elif held_on_:
        status, last = _held(
            writer, subject, proceeding, form=form, held_on=held_on,
            outcome_on=outcome_on, fww_in_force=fww_in_force, reference=reference,
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


def _held(
    writer: CaseWriter,
    subject: SubjectPath,
    proceeding: int,
    *,
    form: str,
    held_on: dt.date,
    outcome_on: dt.date,
    fww_in_force: bool,
    reference: str,
) -> tuple[str, dt.date]:
    """Held: findings, the outcome, the chair's report, perhaps an appeal,
    list reports, and conclusion once the appeal window has passed."""
    rng, rows, actors = writer.rng, writer.rows, writer.actors
    accelerated = form == ProceedingsForm.ACCELERATED_HEARING
    meeting = form == ProceedingsForm.MISCONDUCT_MEETING
    key = f"p{proceeding}"
    writer.audit(
        HearingsAction.PROCEEDING_HELD, target="hearings.Proceeding",
        target_id=proceeding, on=held_on, actor=actors.caseworker,
        old={"status": "scheduled"}, new={"status": "held", "held_on": held_on},
    )  # fmt: skip
    received_on = _later(writer, held_on, 1, 7)
    writer.clock(
        HearingsClock.ACCELERATED_OUTCOME_REPORT if accelerated
        else HearingsClock.OUTCOME_REPORT,
        anchor_event="proceeding.held", anchor_on=held_on, subject_id=subject.id,
        key_extra=key, met_on=received_on,
    )  # fmt: skip
    findings: dict[int, str] = {}
    for allegation, result in subject.results.items():
        if result == DeterminationResult.NO_CASE_TO_ANSWER:
            continue
        odds = FINDING_ODDS[DeterminationResult(result)]
        findings[allegation] = _pick(writer, odds)
        rows.add(
            "hearings_finding", created_at=writer.at(held_on),
            updated_at=writer.at(held_on), proceeding_id=proceeding,
            allegation_id=allegation, result=findings[allegation],
            recorded_on=held_on, recorded_by_id=actors.caseworker, is_current=True,
            appeal_id=None,
        )  # fmt: skip
    writer.audit(
        HearingsAction.PROCEEDING_FINDINGS_RECORDED, target="hearings.Proceeding",
        target_id=proceeding, on=held_on, actor=actors.caseworker,
        new={"findings": {str(k): v for k, v in findings.items()}},
    )  # fmt: skip
    if not writer.done(outcome_on):
        return Subject.Status.REFERRED_TO_PROCEEDINGS, held_on
    allowed = sorted(
        allowed_outcomes(
            form=form, findings=findings, former_officer=subject.left_on is not None,
            final_written_warning_in_force=fww_in_force, separate_incidents=False,
            regime=writer.regime,
        )
    )  # fmt: skip
    kind = rng.choices(allowed, [KIND_WEIGHTS.get(k, 1) for k in allowed])[0]
    given_on = _later(writer, received_on, 0, 2)
    reported = writer.done(given_on)
    outcome = rows.ids.next("hearings_outcome")
    writer.audit(
        HearingsAction.SUBJECT_OUTCOME_RECORDED, target="hearings.Outcome",
        target_id=outcome, on=outcome_on, actor=actors.caseworker,
        old={"subject_status": Subject.Status.REFERRED_TO_PROCEEDINGS},
        new={"subject": subject.id, "subject_status": Subject.Status.OUTCOME_DECIDED,
             "kind": kind, "decided_on": outcome_on},
    )  # fmt: skip
    status: str = Subject.Status.OUTCOME_DECIDED
    last = outcome_on
    if kind in DISMISSALS:
        _barred(writer, subject, outcome_on, kind=kind, reference=reference)
        if subject.left_on is None:
            subject.left_on, subject.left_reason = outcome_on, "dismissed"
    appeal_code = (
        HearingsClock.MEETING_APPEAL if meeting else HearingsClock.PAT_APPEAL_NOTICE
    )
    window = writer.due_on(appeal_code, given_on) if reported else None
    appeal_id, replacement = None, None
    lodged_on = _later(writer, given_on, 2, 9)
    appeals = reported and rng.random() < 0.1 and window is not None
    appeals = appeals and lodged_on <= (window or lodged_on) and writer.done(lodged_on)
    concluded_on = _later(writer, window or given_on, 1, 10)
    if reported:
        writer.audit(
            HearingsAction.OUTCOME_REPORT_RECORDED, target="hearings.Outcome",
            target_id=outcome, on=given_on, actor=actors.caseworker,
            new={"report_received_on": received_on, "report_given_on": given_on},
        )  # fmt: skip
        writer.clock(appeal_code, anchor_event="outcome.report_given",
                     anchor_on=given_on, subject_id=subject.id, key_extra=key,
                     met_on=lodged_on if appeals else None,
                     cancelled_on=None if appeals else concluded_on,
                     reason="Concluded without an appeal.")  # fmt: skip
    if appeals:
        status, last, appeal_id, replacement, concluded_on = _appeal(
            writer,
            subject,
            outcome,
            kind=kind,
            allowed=allowed,
            lodged_on=lodged_on,
            meeting=meeting,
        )
    if (
        reported
        and writer.done(concluded_on)
        and status == Subject.Status.OUTCOME_DECIDED
    ):
        writer.audit(
            HearingsAction.SUBJECT_CONCLUDED, target="referrals.Subject",
            target_id=subject.id, on=concluded_on, actor=actors.supervisor,
            old={"status": status}, new={"status": Subject.Status.CONCLUDED},
        )  # fmt: skip
        status, last = Subject.Status.CONCLUDED, concluded_on
    at = writer.at(outcome_on)
    rows.add(
        "hearings_outcome", id=outcome, created_at=at, updated_at=at,
        subject_id=subject.id, proceeding_id=proceeding, kind=kind,
        decided_on=outcome_on, decided_by_id=actors.caseworker,
        reasons="The panel's reasons.",
        report_received_on=received_on if reported else None,
        report_given_on=given_on if reported else None,
        is_current=replacement is None, superseded_by_id=replacement, appeal_id=None,
    )  # fmt: skip
    if appeal_id is not None and replacement is not None:
        rows.add(
            "hearings_outcome", id=replacement, created_at=writer.at(last),
            updated_at=writer.at(last), subject_id=subject.id,
            proceeding_id=proceeding, kind=next(k for k in allowed if k != kind),
            decided_on=last, decided_by_id=actors.caseworker,
            reasons="Substituted on appeal.", report_received_on=received_on,
            report_given_on=given_on, is_current=True, superseded_by_id=None,
            appeal_id=appeal_id,
        )  # fmt: skip
    return status, last


def _appeal(
    writer: CaseWriter,
    subject: SubjectPath,
    outcome: int,
    *,
    kind: str,
    allowed: list[str],
    lodged_on: dt.date,
    meeting: bool,
) -> tuple[str, dt.date, int, int | None, dt.date]:
    """An appeal lodged in time; decided (dismissed, allowed, withdrawn) or
    still pending. Returns status, last day, appeal, replacing outcome and
    the day the subject's case concludes."""
    rows, actors = writer.rows, writer.actors
    appeal = rows.ids.next("hearings_appeal")
    notice_on = None if meeting else _later(writer, lodged_on, 1, 5)
    decided_on = _later(writer, lodged_on, 20, 150)
    decided = writer.done(decided_on)
    result = _pick(writer, (("dismissed", 70), ("allowed", 20), ("withdrawn", 10)))
    if result == "allowed" and len(allowed) < 2:
        result = "dismissed"
    writer.audit(
        HearingsAction.APPEAL_LODGED, target="hearings.Appeal", target_id=appeal,
        on=lodged_on, actor=actors.caseworker,
        old={"subject_status": Subject.Status.OUTCOME_DECIDED},
        new={"subject_status": Subject.Status.UNDER_APPEAL},
    )  # fmt: skip
    if notice_on is not None and writer.done(notice_on):
        writer.clock(HearingsClock.PAT_RESPONDENT_PAPERS,
                     anchor_event="appeal.notice_received", anchor_on=notice_on,
                     subject_id=subject.id, key_extra=f"a{appeal}",
                     met_on=decided_on if decided else None)  # fmt: skip
    rows.add(
        "hearings_appeal", id=appeal, created_at=writer.at(lodged_on),
        updated_at=writer.at(lodged_on), subject_id=subject.id, outcome_id=outcome,
        kind="appeal_meeting" if meeting else "police_appeals_tribunal",
        status=result if decided else "lodged", lodged_on=lodged_on,
        notice_received_on=notice_on, grounds="The finding was unfair.",
        decided_on=decided_on if decided else None,
        decision_reasons="Decided on the papers and submissions." if decided else "",
        recorded_by_id=actors.caseworker,
    )  # fmt: skip
    if not decided:
        return Subject.Status.UNDER_APPEAL, lodged_on, appeal, None, decided_on
    writer.audit(
        HearingsAction.APPEAL_WITHDRAWN if result == "withdrawn"
        else HearingsAction.APPEAL_DECIDED,
        target="hearings.Appeal", target_id=appeal, on=decided_on,
        actor=actors.caseworker, old={"status": "lodged"}, new={"status": result},
    )  # fmt: skip
    replacement = rows.ids.next("hearings_outcome") if result == "allowed" else None
    concluded_on = _later(writer, decided_on, 1, 10)
    return Subject.Status.OUTCOME_DECIDED, decided_on, appeal, replacement, concluded_on


def _list_report(
    writer: CaseWriter,
    subject: SubjectPath,
    *,
    kind: str,
    event_on: dt.date,
    content: dict[str, object],
    code: str,
) -> int:
    """A list report sent to the College within a few working days, with
    its clock (BL Regs r3(1), r12(1))."""
    rows = writer.rows
    report = rows.ids.next("hearings_listreport")
    sent_on = _later(writer, event_on, 1, 9)
    sent = writer.done(sent_on)
    sent_at = writer.at(sent_on) if sent else None
    at = writer.at(event_on)
    rows.add(
        "hearings_listreport", id=report, created_at=at, updated_at=at, kind=kind,
        status="sent" if sent else "pending", person_id=subject.person_id,
        subject_id=subject.id, case_id=writer.case_id,
        relevant_authority_id=subject.force_id, event_on=event_on,
        review_eligible_on=None, content=content, previous_report_id=None,
        superseded_by_id=None,
        idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"list-report:{report}"),
        attempts=0, last_attempt_at=sent_at, sent_at=sent_at,
        channel="https" if sent else "", response_status=202 if sent else None,
        response_excerpt="", last_error="",
    )  # fmt: skip
    writer.clock(code, anchor_event=f"list_report.{kind}", anchor_on=event_on,
                 subject_id=subject.id, key_extra=f"r{report}",
                 met_on=sent_on if sent else None)  # fmt: skip
    if sent:
        writer.audit(
            HearingsAction.LIST_REPORT_SENT,
            target="hearings.ListReport",
            target_id=report,
            on=sent_on,
            new={"channel": "https"},
        )
    return report


def _advisory(writer: CaseWriter, subject: SubjectPath) -> None:
    assert subject.left_on is not None
    _list_report(
        writer, subject, kind="advisory", event_on=subject.left_on,
        content={"status": "former officer", "left": subject.left_reason,
                 "date_of_event": subject.left_on.isoformat()},
        code=HearingsClock.ADVISORY_LIST_REPORT,
    )  # fmt: skip


def _barred(
    writer: CaseWriter, subject: SubjectPath, on: dt.date, *, kind: str, reference: str
) -> None:
    _list_report(
        writer, subject, kind="barred", event_on=on,
        content={"outcome": kind, "date_of_event": on.isoformat(),
                 "case_reference": reference},
        code=HearingsClock.BARRED_LIST_REPORT,
    )  # fmt: skip
