"""The shipped deadline rules whose clocks the hearings stage runs."""

from __future__ import annotations

from conduct.deadline_rules import DeadlineRuleCode


class HearingsClock(DeadlineRuleCode):
    """The rules of proceedings, outcomes, appeals and list reports
    (hearings.services.clocks says which event starts each). Shipped but
    started by no event yet: the pre-hearing alternative date, the hearing
    notice, publication of the outcome, the meeting appeal's decision, the
    former officer condition B window and the gross incompetence barred-list
    review (the due-date calculator counts them all)."""

    REFERRAL_RESPONSE = "referral_response"
    WITNESS_LISTS = "witness_lists"
    PRE_HEARING_DATE = "pre_hearing_date"
    PRE_HEARING_ALTERNATIVE_DATE = "pre_hearing_alternative_date"
    MEETING_TIMING = "meeting_timing"
    HEARING_NOTICE = "hearing_notice"
    ACCELERATED_NOTICE_RESPONSE = "accelerated_notice_response"
    ACCELERATED_HEARING_WINDOW = "accelerated_hearing_window"
    OUTCOME_REPORT = "outcome_report"
    ACCELERATED_OUTCOME_REPORT = "accelerated_outcome_report"
    HEARING_OUTCOME_PUBLICATION = "hearing_outcome_publication"
    MEETING_APPEAL = "meeting_appeal"
    MEETING_APPEAL_DECISION = "meeting_appeal_decision"
    PAT_APPEAL_NOTICE = "pat_appeal_notice"
    PAT_RESPONDENT_PAPERS = "pat_respondent_papers"
    FORMER_OFFICER_CONDITION_B = "former_officer_condition_b"
    BARRED_LIST_REPORT = "barred_list_report"
    ADVISORY_LIST_REPORT = "advisory_list_report"
    ADVISORY_LIST_FURTHER_REPORT = "advisory_list_further_report"
    BARRED_LIST_REVIEW_GROSS_MISCONDUCT = "barred_list_review_gross_misconduct"
    BARRED_LIST_REVIEW_GROSS_INCOMPETENCE = "barred_list_review_gross_incompetence"
