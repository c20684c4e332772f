"""The investigation: opening it, notices with their responses and the
report (``investigation``), interviews (``interviews``) and suspension
(``suspensions``); evidence is in referrals.services.evidence. The services
are re-exported here."""

from __future__ import annotations

from referrals.services.investigations.interviews import (
    interview_record,
    interview_schedule,
)
from referrals.services.investigations.investigation import (
    ALREADY_OPEN,
    NOT_UNDER_INVESTIGATION,
    investigation_open,
    notice_response_record,
    notice_serve,
    report_submit,
)
from referrals.services.investigations.suspensions import (
    suspension_end,
    suspension_start,
)

__all__ = [
    "ALREADY_OPEN",
    "NOT_UNDER_INVESTIGATION",
    "interview_record",
    "interview_schedule",
    "investigation_open",
    "notice_response_record",
    "notice_serve",
    "report_submit",
    "suspension_end",
    "suspension_start",
]
