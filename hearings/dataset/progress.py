"""Investigation progress reports (PCR r19; CMR r13; domain.md T3) on a
generated case: 12 months from the matter's date, then every 6 months until
the investigation reports, each period a clock and, once the daily sweep has
drafted it, a ProgressReport (referrals.services.progress): sent (meeting its
clock, on time or late), or still a draft, due or late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hearings.dataset.writer import CaseWriter
from referrals.audit import ReferralsAction
from referrals.models import Investigation, ProgressReport, ReferralsClock
from referrals.services.progress import addressing_for, progress_text

#: Three reports in ten go after their due date, by up to six weeks (an
#: estimate: no published figure).
LATE_SHARE = 0.3
SENT_PROGRESS = (
    "Witness statements taken and the subject interviewed; the report is in "
    "preparation."
)


@dataclass(frozen=True)
class Investigated:
    """What the reports say of the investigation and who sends them."""

    investigator_name: str
    body: str
    opened_on: dt.date
    terms_of_reference: str
    #: The day the investigation reports (after today: not yet).
    reported_on: dt.date
    #: Directed or independent: the Director General reports (CMR r13).
    iopc: bool
    #: Each subject's id, name and (title, served_on) of the notices served.
    subjects: list[tuple[int, str, list[tuple[str, dt.date]]]]


def progress_reports(
    writer: CaseWriter, investigation: Investigated, *, force_id: int
) -> None:
    """Each period's clock, opened when the investigation opens or the last
    report was sent, and its report: drafted by the sweep
    ``draft_days`` before the due date, then sent, until the report cancels
    the running period."""
    world, rng = writer.world, writer.rng
    anchor, period = writer.case_anchor, 1
    opened_on = investigation.opened_on
    reported_on = investigation.reported_on
    regulation, sender, sender_name, addressees = addressing_for(
        force_code=world.force_code(force_id),
        force_name=world.force_names[force_id],
        iopc=investigation.iopc,
        schedule_3=writer.schedule_3,
    )
    actor = (
        writer.actors.iopc_supervisor
        if sender == ProgressReport.Sender.IOPC
        else writer.actors.supervisor
    )
    while True:
        due = writer.due_on(ReferralsClock.PROGRESS_REPORT, anchor, period)
        if due is None:
            return
        drafted_on = max(due - dt.timedelta(days=world.draft_days), opened_on)
        late = rng.random() < LATE_SHARE
        sent_on = (
            due + dt.timedelta(days=rng.randint(1, 42))
            if late
            else due - dt.timedelta(days=rng.randint(0, world.draft_days))
        )
        sent_on = max(sent_on, drafted_on)
        sent = writer.done(sent_on) and sent_on < reported_on
        deadline = writer.clock(
            ReferralsClock.PROGRESS_REPORT,
            anchor_event="case.came_to_attention",
            anchor_on=anchor,
            period=period,
            opened_on=opened_on,
            met_on=sent_on if sent else None,
            cancelled_on=None if sent else reported_on,
            reason="The investigation has reported.",
        )
        assert deadline is not None
        if writer.done(drafted_on) and drafted_on < reported_on:
            report = writer.rows.ids.next("referrals_progressreport")
            writer.audit(
                ReferralsAction.PROGRESS_REPORT_DRAFTED,
                target="referrals.ProgressReport",
                target_id=report,
                on=drafted_on,
                new={"period": period, "due_on": due, "addressees": addressees},
            )
            following = (
                writer.due_on(ReferralsClock.PROGRESS_REPORT, anchor, period + 1)
                if sent
                else None
            )
            if sent:
                writer.audit(
                    ReferralsAction.PROGRESS_REPORT_SENT,
                    target="referrals.ProgressReport",
                    target_id=report,
                    on=sent_on,
                    actor=actor,
                    old={"status": ProgressReport.Status.DRAFT},
                    new={
                        "status": ProgressReport.Status.SENT,
                        "sent_on": sent_on,
                        "addressees": addressees,
                        "next_due_on": following,
                    },
                )
            at = writer.at(drafted_on)
            writer.rows.add(
                "referrals_progressreport",
                id=report,
                created_at=at,
                updated_at=writer.at(sent_on) if sent else at,
                case_id=writer.case_id,
                deadline_id=deadline,
                period=period,
                due_on=due,
                status=(
                    ProgressReport.Status.SENT if sent else ProgressReport.Status.DRAFT
                ),
                regulation=regulation,
                sender=sender,
                sender_name=sender_name,
                addressees=addressees,
                came_to_attention_on=anchor,
                notices=_notices(investigation, sent_on if sent else drafted_on),
                progress=SENT_PROGRESS
                if sent
                else progress_text(
                    investigator_name=investigation.investigator_name,
                    body=Investigation.Body(investigation.body).label,
                    opened_on=opened_on,
                    terms_of_reference=investigation.terms_of_reference,
                ),
                estimated_completion_on=None,
                estimated_report_on=None,
                delay_reasons="",
                planned_steps="",
                sent_on=sent_on if sent else None,
                sent_by_id=actor if sent else None,
            )
        if not sent:
            return
        # The report opens the next period (on_progress_report_sent).
        opened_on, period = sent_on, period + 1


def _notices(investigation: Investigated, on: dt.date) -> list[dict[str, Any]]:
    """The notices served by ``on``, per subject, as the report snapshots
    them."""
    return [
        {
            "subject": subject,
            "name": name,
            "notices": [
                {"title": title, "served_on": served_on.isoformat()}
                for title, served_on in notices
                if served_on <= on
            ],
        }
        for subject, name, notices in investigation.subjects
    ]
