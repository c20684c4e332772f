"""Barred and advisory list reports on a generated subject, as
hearings.services.lists makes them: a report after a dismissal or a "would
have been dismissed" finding, or a resignation or retirement under
investigation; further reports taking an entry off (PA96 s88F, s88L); each
with its clock (hearings.services.clocks), sent to the College within a few
working days. Reports are held rows, so a further report can supersede
them; none before the lists began (BL Regs 2017 r1)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from conduct.regimes import LISTS_FROM
from hearings.audit import HearingsAction
from hearings.dataset.subjects import SubjectState
from hearings.dataset.writer import CaseWriter, later
from hearings.models import HearingsClock, ListReport, OutcomeKind
from hearings.rules import BARRING_OUTCOMES

#: Further reports (hearings.services.lists).
BARRED_REMOVAL = "Appeal allowed: the outcome is now {outcome}."
ADVISORY_REMOVAL = (
    "Proceedings concluded without a finding that the person would have been "
    "dismissed ({outcome})."
)
ADVISORY_REMOVAL_WITHDRAWN = (
    "Proceedings were withdrawn and will not be brought (PA96 s88L(2))."
)


def list_consequences(
    writer: CaseWriter,
    subject: SubjectState,
    kind: str,
    *,
    on: dt.date,
    reference: str,
    old: str | None = None,
) -> None:
    """The list reports an outcome ``kind`` (or its replacement on appeal for
    ``old``) requires, none before the lists began (BL Regs 2017 r1): a
    barred list report after a dismissal or a "would have been dismissed"
    finding, superseding an advisory entry (PA96 s88L(5)); a further report
    when an appeal takes that away (s88F); otherwise the advisory entry's
    removal (s88L(1)(c))."""
    if on < LISTS_FROM:
        return
    outcome = OutcomeKind(kind).label.lower()
    now_barring = kind in BARRING_OUTCOMES
    if now_barring and (old is None or old not in BARRING_OUTCOMES):
        subject.barred = list_report(
            writer, subject, kind=ListReport.Kind.BARRED, event_on=on,
            content={"outcome": kind, "date_of_event": on.isoformat(),
                     "case_reference": reference},
            previous=subject.advisory,
        )  # fmt: skip
        if (
            subject.advisory is not None
            and subject.advisory["superseded_by_id"] is None
        ):
            subject.advisory["superseded_by_id"] = subject.barred["id"]
        return
    if now_barring:
        return
    if old in BARRING_OUTCOMES and subject.barred is not None:
        removal(writer, subject, subject.barred, on=on,
                reason=BARRED_REMOVAL.format(outcome=outcome))  # fmt: skip
    if subject.advisory is not None:
        removal(writer, subject, subject.advisory, on=on,
                reason=ADVISORY_REMOVAL.format(outcome=outcome))  # fmt: skip


def removal(
    writer: CaseWriter,
    subject: SubjectState,
    entry: dict[str, Any],
    *,
    on: dt.date,
    reason: str,
) -> None:
    """The further report taking ``entry`` off its list, if it is still the
    subject's entry (hearings.services.lists.removal_reports)."""
    if entry["superseded_by_id"] is not None:
        return
    kind = (
        ListReport.Kind.BARRED_FURTHER
        if entry["kind"] == ListReport.Kind.BARRED
        else ListReport.Kind.ADVISORY_REMOVAL
    )
    further = list_report(
        writer, subject, kind=kind, event_on=on,
        content={"previous_report": {"id": entry["id"],
                                     "date": entry["event_on"].isoformat()},
                 "reason": reason, "date_of_event": on.isoformat()},
        previous=entry,
    )  # fmt: skip
    entry["superseded_by_id"] = further["id"]


#: The clock each kind of report starts (hearings.services.clocks).
LIST_CLOCKS = {
    ListReport.Kind.BARRED: HearingsClock.BARRED_LIST_REPORT,
    ListReport.Kind.ADVISORY: HearingsClock.ADVISORY_LIST_REPORT,
    ListReport.Kind.ADVISORY_REMOVAL: HearingsClock.ADVISORY_LIST_FURTHER_REPORT,
}


def list_report(
    writer: CaseWriter,
    subject: SubjectState,
    *,
    kind: str,
    event_on: dt.date,
    content: dict[str, object],
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A list report sent to the College within a few working days, with
    its clock (BL Regs r3(1), r12(1)); held, so that a further report can
    supersede it."""
    report = writer.rows.ids.next("hearings_listreport")
    sent_on = later(writer.rng, event_on, 1, 9)
    sent = writer.done(sent_on)
    sent_at = writer.at(sent_on) if sent else None
    at = writer.at(event_on)
    row = writer.hold(
        "hearings_listreport", id=report, created_at=at, updated_at=at, kind=kind,
        status="sent" if sent else "pending", person_id=subject.person_id,
        subject_id=subject.id, case_id=writer.case_id,
        relevant_authority_id=subject.force_id, event_on=event_on,
        review_eligible_on=None, content=content,
        previous_report_id=None if previous is None else previous["id"],
        superseded_by_id=None,
        idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"list-report:{report}"),
        attempts=0, last_attempt_at=sent_at, sent_at=sent_at,
        channel="https" if sent else "", response_status=202 if sent else None,
        response_excerpt="", last_error="",
    )  # fmt: skip
    code = LIST_CLOCKS.get(ListReport.Kind(kind))
    if code is not None:
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
    return row


def advisory(writer: CaseWriter, subject: SubjectState) -> None:
    """A former officer's advisory list report (PA96 s88I(1)(a))."""
    assert subject.left_on is not None
    if subject.left_on < LISTS_FROM:
        return
    subject.advisory = list_report(
        writer, subject, kind=ListReport.Kind.ADVISORY, event_on=subject.left_on,
        content={"status": "former officer", "left": subject.left_reason,
                 "date_of_event": subject.left_on.isoformat()},
    )  # fmt: skip
