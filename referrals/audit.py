"""The actions the referrals services write to the audit trail, with the
titles the case's timeline shows (conduct.audit). Registered in
``ReferralsConfig.ready``."""

from __future__ import annotations

from conduct.audit import AuditAction


class ReferralsAction(AuditAction):
    """Each code the referrals services write, and its title."""

    # The case record (referrals.services.cases)
    CASE_CREATED = "case.created", "Case recorded"
    CASE_IOPC_REFERENCE_SET = "case.iopc_reference_set", "IOPC reference recorded"
    CASE_PARTY_ADDED = "case.party_added", "Complainant or interested person added"
    CASE_RESTRICTION_CHANGED = "case.restriction_changed", "Access restriction changed"
    CASE_CLOSED = "case.closed", "Case closed"
    CASE_REOPENED = "case.reopened", "Case reopened"
    CASE_MISCONDUCT_PAUSED = (
        "case.misconduct_paused",
        "Misconduct proceedings paused (sub judice)",
    )
    CASE_MISCONDUCT_RESUMED = (
        "case.misconduct_resumed",
        "Misconduct proceedings resumed",
    )
    SUBJECT_ADDED = "subject.added", "Subject added"
    ALLEGATION_ADDED = "allegation.added", "Allegation added"
    ALLEGATION_SEVERITY_ASSESSED = "allegation.severity_assessed", "Severity assessed"

    # The IOPC (referrals.services.iopc)
    REFERRAL_MADE = "referral.made", "Referred to the IOPC"
    REFERRAL_DECIDED = "referral.decided", "IOPC decided on the referral"
    REFERRAL_MODE_CHANGED = "referral.mode_changed", "Mode of investigation changed"

    # The investigation (referrals.services.investigations, evidence, progress)
    INVESTIGATION_OPENED = "investigation.opened", "Investigation opened"
    INVESTIGATION_REPORTED = "investigation.reported", "Investigation report submitted"
    NOTICE_SERVED = "notice.served", "Notice served"
    NOTICE_RESPONSE_RECORDED = "notice.response_recorded", "Response to notice recorded"
    INTERVIEW_SCHEDULED = "interview.scheduled", "Interview arranged"
    INTERVIEW_RECORDED = "interview.recorded", "Interview recorded"
    EVIDENCE_ADDED = "evidence.added", "Evidence added"
    EVIDENCE_DOWNLOADED = "evidence.downloaded", "Evidence downloaded"
    SUSPENSION_STARTED = "suspension.started", "Suspension or restricted duties started"
    SUSPENSION_ENDED = "suspension.ended", "Suspension or restricted duties ended"
    PROGRESS_REPORT_DRAFTED = "progress_report.drafted", "Progress report drafted"
    PROGRESS_REPORT_SENT = "progress_report.sent", "Progress report sent"

    # Decisions (referrals.services.determinations)
    SUBJECT_DETERMINED = "subject.determined", "Case to answer decided"
    SUBJECT_RECOMMENDATION_MADE = (
        "subject.recommendation_made",
        "IOPC recommended proceedings",
    )
    SUBJECT_DIRECTION_MADE = "subject.direction_made", "IOPC directed proceedings"
    SUBJECT_MANAGEMENT_ACTION = "subject.management_action", "Management action decided"
    SUBJECT_REFLECTIVE_PRACTICE = (
        "subject.reflective_practice",
        "Referred to reflective practice (RPRP)",
    )
    SUBJECT_NO_FURTHER_ACTION = "subject.no_further_action", "No further action decided"

    # Deadlines (referrals.services.deadlines)
    DEADLINE_EXTENDED = "deadline.extended", "Deadline extended"
    DEADLINE_CANCELLED = "deadline.cancelled", "Deadline cancelled"

    # Criminal proceedings (referrals.services.criminal)
    CRIMINAL_OPENED = "criminal.opened", "Criminal proceedings recorded"
    CRIMINAL_RELEASED = "criminal.released", "Release after arrest recorded"
    CRIMINAL_CHARGED = "criminal.charged", "Charge recorded"
    CRIMINAL_PLEA_RECORDED = "criminal.plea_recorded", "Plea recorded"
    CRIMINAL_VERDICT_RECORDED = "criminal.verdict_recorded", "Verdict recorded"
    CRIMINAL_SENTENCE_RECORDED = "criminal.sentence_recorded", "Sentence recorded"
    CRIMINAL_CONCLUDED = "criminal.concluded", "Criminal proceedings concluded"
    CRIMINAL_DISCONTINUED = "criminal.discontinued", "Criminal proceedings discontinued"

    # Exports (referrals.services.exports)
    CASES_EXPORTED = "cases.exported", "Cases exported"
