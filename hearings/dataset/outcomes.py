"""What follows a generated meeting or hearing: findings, the outcome the
regulations allow (hearings.rules), the chair's report, an appeal, the list
reports that follow (hearings.dataset.lists), and conclusion."""

from __future__ import annotations

import datetime as dt

from hearings.audit import HearingsAction
from hearings.dataset.lists import barred
from hearings.dataset.subjects import SubjectState
from hearings.dataset.writer import CaseWriter, later, pick
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


def held(
    writer: CaseWriter,
    subject: SubjectState,
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
    received_on = later(writer.rng, held_on, 1, 7)
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
        findings[allegation] = pick(writer.rng, odds)
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
    given_on = later(writer.rng, received_on, 0, 2)
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
        barred(writer, subject, outcome_on, kind=kind, reference=reference)
        if subject.left_on is None:
            subject.left_on, subject.left_reason = outcome_on, "dismissed"
    appeal_code = (
        HearingsClock.MEETING_APPEAL if meeting else HearingsClock.PAT_APPEAL_NOTICE
    )
    window = writer.due_on(appeal_code, given_on) if reported else None
    appeal_id, replacement = None, None
    lodged_on = later(writer.rng, given_on, 2, 9)
    appeals = reported and rng.random() < 0.1 and window is not None
    appeals = appeals and lodged_on <= (window or lodged_on) and writer.done(lodged_on)
    concluded_on = later(writer.rng, window or given_on, 1, 10)
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
    subject: SubjectState,
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
    notice_on = None if meeting else later(writer.rng, lodged_on, 1, 5)
    decided_on = later(writer.rng, lodged_on, 20, 150)
    decided = writer.done(decided_on)
    result = pick(writer.rng, (("dismissed", 70), ("allowed", 20), ("withdrawn", 10)))
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
    concluded_on = later(writer.rng, decided_on, 1, 10)
    return Subject.Status.OUTCOME_DECIDED, decided_on, appeal, replacement, concluded_on
