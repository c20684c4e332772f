"""What follows a generated meeting or hearing: findings, the outcome the
regulations allow (hearings.rules), the chair's report, an appeal (an allowed
one substituting the outcome and, now and then, the findings, as
hearings.services.appeals does), the list reports that follow
(hearings.dataset.lists), and conclusion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hearings.audit import HearingsAction
from hearings.dataset.lists import list_consequences
from hearings.dataset.subjects import SubjectState
from hearings.dataset.writer import CaseWriter, later, pick
from hearings.models import FindingResult, HearingsClock, OutcomeKind
from hearings.rules import (
    BARRING_OUTCOMES,
    NOT_APPEALABLE,
    allowed_outcomes,
    appeal_worsens,
)
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
#: A finding an appeal overturns, one step down.
REDUCED = {
    FindingResult.PROVEN_GROSS_MISCONDUCT: FindingResult.PROVEN_MISCONDUCT,
    FindingResult.PROVEN_MISCONDUCT: FindingResult.NOT_PROVEN,
}
#: Of allowed appeals, the share that substitutes the findings as well as
#: the outcome (an estimate).
FINDINGS_SUBSTITUTED = 0.4
#: Appeals against disciplinary action, and how they end (estimates in
#: line with the Police Appeals Tribunal's caseload: about one outcome in
#: seven appealed, about three appeals in ten allowed).
APPEAL_SHARE = 0.15
APPEAL_ODDS = (("dismissed", 60), ("allowed", 30), ("withdrawn", 10))


@dataclass(frozen=True)
class Held:
    """A meeting or hearing held (``key``: its clocks' key part)."""

    proceeding: int
    form: str
    held_on: dt.date
    outcome_on: dt.date
    fww_in_force: bool
    #: Brought against a former officer (PCR Sch 1), who left before them.
    former: bool
    reference: str

    @property
    def key(self) -> str:
        return f"p{self.proceeding}"


def held(
    writer: CaseWriter, subject: SubjectState, meeting: Held
) -> tuple[str, dt.date]:
    """Held: findings, the outcome, the chair's report, perhaps an appeal,
    list reports, and conclusion once the appeal window has passed."""
    rng, rows, actors = writer.rng, writer.rows, writer.actors
    form, held_on, outcome_on = meeting.form, meeting.held_on, meeting.outcome_on
    accelerated = form == ProceedingsForm.ACCELERATED_HEARING
    is_meeting = form == ProceedingsForm.MISCONDUCT_MEETING
    writer.audit(
        HearingsAction.PROCEEDING_HELD, target="hearings.Proceeding",
        target_id=meeting.proceeding, on=held_on, actor=actors.caseworker,
        old={"status": "scheduled"}, new={"status": "held", "held_on": held_on},
    )  # fmt: skip
    received_on = later(writer.rng, held_on, 1, 7)
    writer.clock(
        HearingsClock.ACCELERATED_OUTCOME_REPORT if accelerated
        else HearingsClock.OUTCOME_REPORT,
        anchor_event="proceeding.held", anchor_on=held_on, subject_id=subject.id,
        key_extra=meeting.key, met_on=received_on,
    )  # fmt: skip
    findings: dict[int, str] = {}
    finding_rows = []
    for allegation, result in subject.results.items():
        if result == DeterminationResult.NO_CASE_TO_ANSWER:
            continue
        odds = FINDING_ODDS[DeterminationResult(result)]
        findings[allegation] = pick(writer.rng, odds)
        row = writer.hold(
            "hearings_finding", created_at=writer.at(held_on),
            updated_at=writer.at(held_on), proceeding_id=meeting.proceeding,
            allegation_id=allegation, result=findings[allegation],
            recorded_on=held_on, recorded_by_id=actors.caseworker,
            is_current=True, appeal_id=None,
        )  # fmt: skip
        finding_rows.append(row)
    writer.audit(
        HearingsAction.PROCEEDING_FINDINGS_RECORDED, target="hearings.Proceeding",
        target_id=meeting.proceeding, on=held_on, actor=actors.caseworker,
        new={"findings": {str(k): v for k, v in findings.items()}},
    )  # fmt: skip
    if not writer.done(outcome_on):
        return Subject.Status.REFERRED_TO_PROCEEDINGS, held_on
    allowed = _allowed(writer, subject, meeting, findings)
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
    list_consequences(writer, subject, kind, on=outcome_on, reference=meeting.reference)
    if kind in BARRING_OUTCOMES and subject.left_on is None:
        subject.left_on, subject.left_reason = outcome_on, "dismissed"
    appeal_code = (
        HearingsClock.MEETING_APPEAL if is_meeting else HearingsClock.PAT_APPEAL_NOTICE
    )
    window = writer.due_on(appeal_code, given_on) if reported else None
    lodged_on = later(writer.rng, given_on, 2, 9)
    appeals = reported and rng.random() < APPEAL_SHARE and window is not None
    appeals = appeals and lodged_on <= (window or lodged_on) and writer.done(lodged_on)
    # PCR r45, PAT Rules: there is nothing to appeal in no action or RPRP.
    appeals = appeals and kind not in NOT_APPEALABLE
    concluded_on = later(writer.rng, window or given_on, 1, 10)
    if reported:
        writer.audit(
            HearingsAction.OUTCOME_REPORT_RECORDED, target="hearings.Outcome",
            target_id=outcome, on=given_on, actor=actors.caseworker,
            new={"report_received_on": received_on, "report_given_on": given_on},
        )  # fmt: skip
        writer.clock(appeal_code, anchor_event="outcome.report_given",
                     anchor_on=given_on, subject_id=subject.id, key_extra=meeting.key,
                     met_on=lodged_on if appeals else None,
                     cancelled_on=None if appeals else concluded_on,
                     reason="Concluded without an appeal.")  # fmt: skip
    outcome_row = writer.hold(
        "hearings_outcome", id=outcome, created_at=writer.at(outcome_on),
        updated_at=writer.at(outcome_on), subject_id=subject.id,
        proceeding_id=meeting.proceeding, kind=kind, decided_on=outcome_on,
        decided_by_id=actors.caseworker, reasons="The panel's reasons.",
        report_received_on=received_on if reported else None,
        report_given_on=given_on if reported else None,
        is_current=True, superseded_by_id=None, appeal_id=None,
    )  # fmt: skip
    if appeals:
        status, last, concluded_on = _appeal(
            writer, subject, meeting=meeting, outcome=outcome_row,
            findings=findings, finding_rows=finding_rows, lodged_on=lodged_on,
        )  # fmt: skip
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
    return status, last


def _allowed(
    writer: CaseWriter, subject: SubjectState, meeting: Held, findings: dict[int, str]
) -> list[str]:
    return sorted(
        allowed_outcomes(
            form=meeting.form, findings=findings,
            former_officer=meeting.former,
            final_written_warning_in_force=meeting.fww_in_force,
            separate_incidents=False, regime=writer.regime,
        )
    )  # fmt: skip


def _appeal(
    writer: CaseWriter,
    subject: SubjectState,
    *,
    meeting: Held,
    outcome: dict[str, Any],
    findings: dict[int, str],
    finding_rows: list[dict[str, Any]],
    lodged_on: dt.date,
) -> tuple[str, dt.date, dt.date]:
    """An appeal lodged in time; decided (dismissed, allowed, withdrawn) or
    still pending. Allowed, it substitutes an outcome no more severe and,
    now and then, reduced findings (hearings.services.appeals.appeal_decide).
    Returns the subject's status, the last day and the day the subject's
    case concludes."""
    rows, actors = writer.rows, writer.actors
    is_meeting = meeting.form == ProceedingsForm.MISCONDUCT_MEETING
    appeal = rows.ids.next("hearings_appeal")
    notice_on = None if is_meeting else later(writer.rng, lodged_on, 1, 5)
    decided_on = later(writer.rng, lodged_on, 20, 150)
    decided = writer.done(decided_on)
    result = pick(writer.rng, APPEAL_ODDS)
    substitute = (
        _substitute(writer, subject, meeting, outcome["kind"], findings)
        if result == "allowed"
        else None
    )
    if result == "allowed" and substitute is None:
        result = "dismissed"
    writer.audit(
        HearingsAction.APPEAL_LODGED, target="hearings.Appeal", target_id=appeal,
        on=lodged_on, actor=actors.caseworker,
        old={"subject_status": Subject.Status.OUTCOME_DECIDED},
        new={"subject_status": Subject.Status.UNDER_APPEAL,
             "outcome": outcome["id"], "lodged_on": lodged_on,
             "notice_received_on": notice_on},
    )  # fmt: skip
    if notice_on is not None and writer.done(notice_on):
        writer.clock(HearingsClock.PAT_RESPONDENT_PAPERS,
                     anchor_event="appeal.notice_received", anchor_on=notice_on,
                     subject_id=subject.id, key_extra=f"a{appeal}",
                     met_on=decided_on if decided else None)  # fmt: skip
    rows.add(
        "hearings_appeal", id=appeal, created_at=writer.at(lodged_on),
        updated_at=writer.at(lodged_on), subject_id=subject.id,
        outcome_id=outcome["id"],
        kind="appeal_meeting" if is_meeting else "police_appeals_tribunal",
        status=result if decided else "lodged", lodged_on=lodged_on,
        notice_received_on=notice_on, grounds="The finding was unfair.",
        decided_on=decided_on if decided else None,
        decision_reasons="Decided on the papers and submissions." if decided else "",
        recorded_by_id=actors.caseworker,
    )  # fmt: skip
    if not decided:
        return Subject.Status.UNDER_APPEAL, lodged_on, decided_on
    new_kind = substitute[0] if substitute is not None else outcome["kind"]
    writer.audit(
        HearingsAction.APPEAL_WITHDRAWN if result == "withdrawn"
        else HearingsAction.APPEAL_DECIDED,
        target="hearings.Appeal", target_id=appeal, on=decided_on,
        actor=actors.caseworker,
        old={"status": "lodged", "subject_status": Subject.Status.UNDER_APPEAL,
             "outcome": outcome["kind"]},
        new={"status": result, "subject_status": Subject.Status.OUTCOME_DECIDED,
             "outcome": new_kind},
    )  # fmt: skip
    if substitute is not None:
        _substituted(
            writer, subject, outcome=outcome, finding_rows=finding_rows,
            substitute=substitute, appeal=appeal, on=decided_on,
            reference=meeting.reference,
        )  # fmt: skip
    return (
        Subject.Status.OUTCOME_DECIDED,
        decided_on,
        later(writer.rng, decided_on, 1, 10),
    )


def _substitute(
    writer: CaseWriter,
    subject: SubjectState,
    meeting: Held,
    kind: str,
    findings: dict[int, str],
) -> tuple[str, dict[int, str] | None] | None:
    """The outcome (and the findings, or None to keep them) an allowed
    appeal substitutes: the findings reduced a step now and then, and an
    outcome the regulations allow for them that is no more severe than
    ``kind`` (and not the same one, unless the findings change); None when
    there is none."""
    rng = writer.rng
    new_findings: dict[int, str] | None = None
    proven = [a for a, result in findings.items() if result in REDUCED]
    if proven and rng.random() < FINDINGS_SUBSTITUTED:
        reduced = set(rng.sample(proven, rng.randint(1, len(proven))))
        new_findings = {
            a: REDUCED[FindingResult(result)] if a in reduced else result
            for a, result in findings.items()
        }
    candidates = [
        other
        for other in _allowed(writer, subject, meeting, new_findings or findings)
        if not appeal_worsens(kind, other)
        and (other != kind or new_findings is not None)
    ]
    if not candidates:
        return None
    weights = [KIND_WEIGHTS.get(other, 1) for other in candidates]
    return rng.choices(candidates, weights)[0], new_findings


def _substituted(
    writer: CaseWriter,
    subject: SubjectState,
    *,
    outcome: dict[str, Any],
    finding_rows: list[dict[str, Any]],
    substitute: tuple[str, dict[int, str] | None],
    appeal: int,
    on: dt.date,
    reference: str,
) -> None:
    """The rows ``appeal_decide`` writes for an allowed appeal: the current
    outcome (and findings) kept but no longer current, the substitutes
    current, and the list reports the change requires."""
    kind, new_findings = substitute
    at = writer.at(on)
    if new_findings is not None:
        for row in finding_rows:
            row |= {"is_current": False, "updated_at": at}
            writer.hold(
                "hearings_finding", created_at=at, updated_at=at,
                proceeding_id=row["proceeding_id"],
                allegation_id=row["allegation_id"],
                result=new_findings[row["allegation_id"]], recorded_on=on,
                recorded_by_id=writer.actors.caseworker, is_current=True,
                appeal_id=appeal,
            )  # fmt: skip
    replacement = writer.hold(
        "hearings_outcome", created_at=at, updated_at=at, subject_id=subject.id,
        proceeding_id=outcome["proceeding_id"], kind=kind, decided_on=on,
        decided_by_id=writer.actors.caseworker,
        reasons="Decided on the papers and submissions.",
        report_received_on=None, report_given_on=None, is_current=True,
        superseded_by_id=None, appeal_id=appeal,
    )  # fmt: skip
    outcome |= {
        "is_current": False,
        "superseded_by_id": replacement["id"],
        "updated_at": at,
    }
    list_consequences(
        writer, subject, kind, on=on, reference=reference, old=outcome["kind"]
    )
