"""The actions the hearings services write to the audit trail, with the
titles the case's timeline shows (conduct.audit). Registered in
``HearingsConfig.ready``."""

from __future__ import annotations

from conduct.audit import AuditAction


class HearingsAction(AuditAction):
    """Each code the hearings services write, and its title."""

    # Proceedings (hearings.services.proceedings, outcomes)
    PROCEEDING_REFERRED = "proceeding.referred", "Referred to misconduct proceedings"
    PROCEEDING_NOTICE_SERVED = (
        "proceeding.notice_served",
        "Notice of referral to proceedings served",
    )
    PROCEEDING_RESPONSE_RECORDED = (
        "proceeding.response_recorded",
        "Response to proceedings recorded",
    )
    PROCEEDING_PAPERS_TO_CHAIR = (
        "proceeding.papers_to_chair",
        "Papers sent to the chair",
    )
    PROCEEDING_PRE_HEARING_SET = "proceeding.pre_hearing_set", "Pre-hearing date set"
    PROCEEDING_SCHEDULED = "proceeding.scheduled", "Proceedings scheduled"
    PROCEEDING_ADJOURNED = "proceeding.adjourned", "Proceedings adjourned"
    PROCEEDING_PANEL_MEMBER_APPOINTED = (
        "proceeding.panel_member_appointed",
        "Panel member appointed",
    )
    PROCEEDING_PANEL_MEMBER_REMOVED = (
        "proceeding.panel_member_removed",
        "Panel member removed",
    )
    PROCEEDING_OBJECTION_UPHELD = (
        "proceeding.objection_upheld",
        "Objection to the person conducting upheld",
    )
    PROCEEDING_HELD = "proceeding.held", "Proceedings held"
    PROCEEDING_WITHDRAWN = "proceeding.withdrawn", "Proceedings withdrawn"
    PROCEEDING_RETURNED = (
        "proceeding.returned",
        "Case returned to the appropriate authority",
    )
    PROCEEDING_PART_3A_DETERMINED = (
        "proceeding.continuation_determined",
        "Part 3A determination made",
    )
    PROCEEDING_FINDINGS_RECORDED = "proceeding.findings_recorded", "Findings recorded"
    SUBJECT_OUTCOME_RECORDED = "subject.outcome_recorded", "Outcome recorded"
    OUTCOME_REPORT_RECORDED = "outcome.report_recorded", "Outcome report given"
    SUBJECT_CONCLUDED = "subject.concluded", "Subject's case concluded"
    SUBJECT_CLOSED_WITHOUT_PROCEEDINGS = (
        "subject.closed_without_proceedings",
        "Closed without proceedings",
    )

    # Appeals (hearings.services.appeals)
    APPEAL_LODGED = "appeal.lodged", "Appeal lodged"
    APPEAL_DECIDED = "appeal.decided", "Appeal decided"
    APPEAL_WITHDRAWN = "appeal.withdrawn", "Appeal withdrawn"

    # Employment events (hearings.services.employment)
    PERSON_JOINED = "person.joined", "Joined a force"
    PERSON_TRANSFERRED = "person.transferred", "Transferred to another force"
    PERSON_RESIGNED = "person.resigned", "Resigned"
    PERSON_RETIRED = "person.retired", "Retired"
    PERSON_DISMISSED = "person.dismissed", "Dismissed"

    # Barred and advisory list reports (hearings.services.dispatch)
    LIST_REPORT_SENT = "list_report.sent", "List report sent to the College of Policing"
    LIST_REPORT_DELIVERY_FAILED = (
        "list_report.delivery_failed",
        "List report delivery failed",
    )
    LIST_REPORT_REQUEUED = "list_report.requeued", "List report queued again"
