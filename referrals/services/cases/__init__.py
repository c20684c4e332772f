"""Intake: the case record (``case``), its subjects and the people behind them
(``subjects``), and allegations with their severity (``allegations``). The
services are re-exported here, so ``referrals.services.cases.case_create``
still names them."""

from __future__ import annotations

from referrals.services.cases.allegations import allegation_add, severity_assess
from referrals.services.cases.case import (
    RESTRICT_ROLES,
    case_close,
    case_create,
    case_iopc_reference_set,
    case_party_add,
    case_reopen,
    case_restrict,
    iopc_reference_warning,
    may_record_cases,
)
from referrals.services.cases.subjects import (
    PEOPLE_RECORDERS,
    person_role_record,
    subject_add,
    subject_add_new_person,
)

__all__ = [
    "PEOPLE_RECORDERS",
    "RESTRICT_ROLES",
    "allegation_add",
    "case_close",
    "case_create",
    "case_iopc_reference_set",
    "case_party_add",
    "case_reopen",
    "case_restrict",
    "iopc_reference_warning",
    "may_record_cases",
    "person_role_record",
    "severity_assess",
    "subject_add",
    "subject_add_new_person",
]
