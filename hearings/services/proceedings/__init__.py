"""Referral to misconduct proceedings and their course: the referral and
the former officer conditions (``referral``), the notice and the response
(``notice``), the panel (``panel``) and an upheld objection to it
(``objections``), the date (``scheduling``), holding, withdrawal or closing
without proceedings (``holding``), and an officer who leaves before the
hearing (``former_officers``: PCR Part 3A); ``checks`` holds what every step
checks. The services are re-exported here."""

from __future__ import annotations

from hearings.services.proceedings.former_officers import (
    proceeding_part_3a_determine,
)
from hearings.services.proceedings.holding import (
    proceeding_hold,
    proceeding_withdraw,
    subject_close_without_proceedings,
)
from hearings.services.proceedings.notice import (
    proceeding_notice_serve,
    proceeding_response_record,
)
from hearings.services.proceedings.objections import proceeding_objection_record
from hearings.services.proceedings.panel import (
    panel_member_appoint,
    panel_member_remove,
)
from hearings.services.proceedings.referral import (
    ACCELERATED_ONLY_FOR_GROSS_MISCONDUCT,
    ALREADY_REFERRED,
    CERTIFICATE_ONLY_FOR_ACCELERATED,
    CONDITION_C_NEEDS_DETERMINATION,
    HEARING_NEEDS_GROUNDS,
    MEETING_IN_PRIVATE,
    MEETING_NOT_FOR_GROSS_MISCONDUCT,
    NO_CASE_TO_ANSWER,
    SEPARATE_INCIDENTS_NEED_ALLEGATIONS,
    former_officer_condition_for,
    is_former_officer_role,
    proceeding_refer,
)
from hearings.services.proceedings.scheduling import (
    proceeding_adjourn,
    proceeding_papers_to_chair,
    proceeding_pre_hearing_set,
    proceeding_schedule,
)

__all__ = [
    "ACCELERATED_ONLY_FOR_GROSS_MISCONDUCT",
    "ALREADY_REFERRED",
    "CERTIFICATE_ONLY_FOR_ACCELERATED",
    "CONDITION_C_NEEDS_DETERMINATION",
    "HEARING_NEEDS_GROUNDS",
    "MEETING_IN_PRIVATE",
    "MEETING_NOT_FOR_GROSS_MISCONDUCT",
    "NO_CASE_TO_ANSWER",
    "SEPARATE_INCIDENTS_NEED_ALLEGATIONS",
    "former_officer_condition_for",
    "is_former_officer_role",
    "panel_member_appoint",
    "panel_member_remove",
    "proceeding_adjourn",
    "proceeding_hold",
    "proceeding_notice_serve",
    "proceeding_objection_record",
    "proceeding_papers_to_chair",
    "proceeding_part_3a_determine",
    "proceeding_pre_hearing_set",
    "proceeding_refer",
    "proceeding_response_record",
    "proceeding_schedule",
    "proceeding_withdraw",
    "subject_close_without_proceedings",
]
