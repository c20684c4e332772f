"""Which rulebook applies, and the names and forms that depend on it.

Functions of dates (domain.md section 0): the regime comes from the date a
matter first came to the appropriate authority's attention (or a complaint was
made); the hearing panel's composition from the hearing date. The two dates
not read in the primary text, legally qualified chairs and the scope of PCR
Part 3A, are settings.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings

REGIME_2012_FROM = dt.date(2012, 11, 22)
REGIME_2020_FROM = dt.date(2020, 2, 1)
#: Police (Conduct) (Amendment) Regulations 2024: chief officer chairs from here.
CHIEF_OFFICER_CHAIR_FROM = dt.date(2024, 5, 7)
#: Former-officer provisions (SI 2017/1134 r2(1)): for those who cease to serve
#: on or after this day; those who left before stay under the old rules (r2(2)).
FORMER_OFFICER_REGIME_FROM = dt.date(2017, 12, 15)
#: The barred and advisory lists (Police Barred List and Police Advisory List
#: Regulations 2017 r1): nothing before this day is reported.
LISTS_FROM = dt.date(2017, 12, 15)


class Regime(StrEnum):
    R2008 = "2008"
    R2012 = "2012"
    R2020 = "2020"


def regime_for(came_to_attention_on: dt.date) -> Regime:
    if came_to_attention_on >= REGIME_2020_FROM:
        return Regime.R2020
    if came_to_attention_on >= REGIME_2012_FROM:
        return Regime.R2012
    return Regime.R2008


def investigation_notice_name(regime: str, *, schedule_3: bool) -> str:
    """What caseworkers call the written notice of investigation.

    2020: "Regulation 17 notice" (PCR r17 / CMR r17). 2012: "Regulation 15
    notice" under the Conduct Regulations, "Regulation 16 notice" under the
    Complaints and Misconduct Regulations (Schedule 3 matters).
    """
    if regime == Regime.R2020:
        return "Regulation 17 notice"
    if regime == Regime.R2012:
        return "Regulation 16 notice" if schedule_3 else "Regulation 15 notice"
    return "Regulation 14A notice"


def hearing_panel_has_senior_officer_chair(hearing_on: dt.date) -> bool:
    """Before legally qualified chairs (SI 2015/626, from 1 January 2016 by
    secondary sources: UNVERIFIED, so the day is the setting
    LEGALLY_QUALIFIED_CHAIRS_FROM) a senior officer chaired a hearing."""
    first_day: dt.date = settings.LEGALLY_QUALIFIED_CHAIRS_FROM
    return hearing_on < first_day


def written_warning_barred_by_final_warning() -> bool:
    """PCR r42(7) as this service reads it: no written warning where a final
    written warning was in force at the severity assessment. Read from its
    first words and the Ministry of Defence Police copy, not in full:
    UNVERIFIED, so the setting OUTCOME_R42_7 can turn it off."""
    applies: bool = settings.OUTCOME_R42_7
    return applies


def hearing_panel_is_chief_officer_led(hearing_on: dt.date) -> bool:
    """From 7 May 2024 the chief officer chairs and a legally qualified person
    advises; before then a legally qualified chair led the panel."""
    return hearing_on >= CHIEF_OFFICER_CHAIR_FROM


def part_3a_applies(left_on: dt.date) -> bool:
    """Whether an officer who resigned or retired on ``left_on``, after being
    referred to a misconduct hearing on a case to answer for gross misconduct
    and before it, waits for the appropriate authority's determination under
    PCR Part 3A (r21A(1)(d), inserted by SI 2025/558 from 28 May 2025).

    The transitional provisions of SI 2025/558 were not read (UNVERIFIED), so
    the first day is the setting PART_3A_FROM and the test is the day the
    officer left. Before it, the proceedings continued against the former
    officer without a determination (PCR r4, Condition A)."""
    first_day: dt.date = settings.PART_3A_FROM
    return left_on >= first_day
