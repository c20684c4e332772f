"""Barred and advisory list reports on a generated subject
(hearings.services.lists): after a dismissal or a "would have been
dismissed" finding, or a resignation or retirement under investigation,
each with its clock (hearings.services.clocks), sent to the College within a
few working days."""

from __future__ import annotations

import datetime as dt
import uuid

from hearings.audit import HearingsAction
from hearings.dataset.subjects import SubjectState
from hearings.dataset.writer import CaseWriter, later
from hearings.models import HearingsClock


def list_report(
    writer: CaseWriter,
    subject: SubjectState,
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
    sent_on = later(writer.rng, event_on, 1, 9)
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


def advisory(writer: CaseWriter, subject: SubjectState) -> None:
    assert subject.left_on is not None
    list_report(
        writer, subject, kind="advisory", event_on=subject.left_on,
        content={"status": "former officer", "left": subject.left_reason,
                 "date_of_event": subject.left_on.isoformat()},
        code=HearingsClock.ADVISORY_LIST_REPORT,
    )  # fmt: skip


def barred(
    writer: CaseWriter, subject: SubjectState, on: dt.date, *, kind: str, reference: str
) -> None:
    list_report(
        writer, subject, kind="barred", event_on=on,
        content={"outcome": kind, "date_of_event": on.isoformat(),
                 "case_reference": reference},
        code=HearingsClock.BARRED_LIST_REPORT,
    )  # fmt: skip
