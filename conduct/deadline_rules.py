"""The shipped deadline rules (domain.md section 5), loaded into DeadlineRule.

Rules for the 2020 regime carry the sources given in the domain reference;
those not checked against the statutory text ship with ``verified=False``.
Each rule says what its 2012 copy is (``in_2012``): the same rule (the list
reports, the former officer window and barred-list reviews come from the
Police Act 1996, the 2017 lists regulations or College guidance whatever the
conduct regime), a copy checked against a 2012 text (its citation in
``source_2012``), a copy assumed and not checked (``verified=False``), or
none: a rule with no 2012 basis ships switched off for 2012 cases, so its
clock never opens on them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from django.db import models


class In2012(StrEnum):
    """What a 2020 rule's copy for 2012 cases is."""

    SAME = "same"
    CHECKED = "checked"
    UNCHECKED = "unchecked"
    NONE = "none"


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    pattern: str
    who_acts: str
    source: str
    verified: bool = True
    working_days: int | None = None
    min_working_days: int | None = None
    max_working_days: int | None = None
    months: int | None = None
    then_months: int | None = None
    calendar_days: int | None = None
    extendable: bool = False
    extendable_by: str = ""
    is_active: bool = True
    notes: str = ""
    in_2012: In2012 = In2012.UNCHECKED
    #: The 2012 copy's source (CHECKED, UNCHECKED) or why there is none (NONE).
    source_2012: str = ""


RULES_2020: tuple[Rule, ...] = (
    Rule(
        "notice_response",
        "Subject's response to the written notice",
        "P1",
        "Subject (and police friend)",
        "CMR 2020 r20 (complaints and conduct matters); PCR r18 not read",
        verified=False,
        working_days=10,
        source_2012="CMR 2012 r18",
        extendable=True,
        extendable_by="Investigator",
    ),
    Rule(
        "interview_alternative_date",
        "Subject's alternative interview date",
        "P1",
        "Subject",
        "PCR r20(5)",
        working_days=5,
    ),
    Rule(
        "progress_report",
        "Investigation progress report",
        "P4",
        "Appropriate authority (or the IOPC) to the local policing body",
        "PCR r19; CMR r13",
        months=12,
        then_months=6,
        in_2012=In2012.NONE,
        source_2012="No 2012 basis: the 12-month progress report came with the "
        "2020 rules",
    ),
    Rule(
        "referral_response",
        "Subject's response to the notice of referral",
        "P1",
        "Subject",
        "PCR r31(1)",
        working_days=15,
        extendable=True,
        extendable_by="Chair (exceptional circumstances)",
    ),
    Rule(
        "witness_lists",
        "Exchange of proposed witness lists",
        "P1",
        "Appropriate authority and subject",
        "PCR r31(4)",
        working_days=3,
    ),
    Rule(
        "pre_hearing_date",
        "Pre-hearing date set by the chair",
        "P1",
        "Chair",
        "PCR r33(1)",
        in_2012=In2012.NONE,
        source_2012="No 2012 basis: pre-hearings came with the 2020 rules",
        working_days=15,
        extendable=True,
        extendable_by="Chair",
    ),
    Rule(
        "pre_hearing_alternative_date",
        "Subject's alternative pre-hearing date",
        "P1",
        "Subject",
        "PCR r33(3)",
        in_2012=In2012.NONE,
        source_2012="No 2012 basis: pre-hearings came with the 2020 rules",
        working_days=5,
    ),
    Rule(
        "meeting_timing",
        "Misconduct meeting to be held",
        "P1",
        "Person conducting the meeting",
        "PCR r34",
        verified=False,
        working_days=20,
        extendable=True,
        extendable_by="Person conducting",
        notes="20 working days follows the 2008 model regulations; check r34.",
    ),
    Rule(
        "hearing_notice",
        "Notice of the hearing date",
        "P1",
        "Chair",
        "PCR r35",
        verified=False,
        is_active=False,
        notes="No period found; set one locally before activating.",
    ),
    Rule(
        "accelerated_hearing_window",
        "Accelerated misconduct hearing date",
        "P3",
        "Appropriate authority",
        "PCR r52(1)",
        min_working_days=10,
        max_working_days=15,
    ),
    Rule(
        "accelerated_notice_response",
        "Subject's response to the accelerated hearing notice",
        "P1",
        "Subject",
        "PCR r51",
        verified=False,
        working_days=7,
        notes="Commonly cited as 7 working days.",
    ),
    Rule(
        "outcome_report",
        "Outcome report of a meeting or hearing",
        "P1",
        "Chair to the appropriate authority",
        "PCR r43(1)",
        working_days=5,
    ),
    Rule(
        "accelerated_outcome_report",
        "Outcome report of an accelerated hearing",
        "P1",
        "Person conducting to the appropriate authority",
        "PCR r63(1)",
        working_days=5,
    ),
    Rule(
        "meeting_appeal",
        "Notice of appeal against a misconduct meeting outcome",
        "P1",
        "Subject",
        "PCR r45(3)",
        working_days=7,
        extendable=True,
        extendable_by="Appropriate authority",
    ),
    Rule(
        "meeting_appeal_decision",
        "Decision on a meeting appeal notified",
        "P1",
        "Appropriate authority",
        "PCR r47(2)",
        working_days=3,
    ),
    Rule(
        "pat_appeal_notice",
        "Notice of appeal to the Police Appeals Tribunal",
        "P1",
        "Subject or former officer",
        "PAT Rules 2020",
        verified=False,
        working_days=10,
        notes="Commonly cited as 10 working days.",
    ),
    Rule(
        "pat_respondent_papers",
        "Respondent's papers to the Police Appeals Tribunal",
        "P1",
        "Respondent (chief officer)",
        "PAT Rules 2020 r13(3)",
        in_2012=In2012.CHECKED,
        source_2012="PAT Rules 2012 r9(2)",
        working_days=15,
    ),
    Rule(
        "barred_list_report",
        "Report to the College for the barred list",
        "P2",
        "The force (relevant authority)",
        "BL Regs 2017 r3(1)",
        working_days=5,
        in_2012=In2012.SAME,
    ),
    Rule(
        "advisory_list_report",
        "Report to the College for the advisory list",
        "P2",
        "The force (relevant authority)",
        "BL Regs 2017 r12(1)",
        working_days=5,
        in_2012=In2012.SAME,
    ),
    Rule(
        "advisory_list_further_report",
        "Further report removing an advisory list entry",
        "P2",
        "The force (relevant authority)",
        "PA96 s88L(3)",
        verified=False,
        working_days=5,
        notes="Period not checked; assumed as for the first report.",
    ),
    Rule(
        "former_officer_condition_b",
        "Allegation within 12 months of leaving (Condition B)",
        "P4",
        "-",
        "PCR r4(4)",
        months=12,
        in_2012=In2012.SAME,
    ),
    Rule(
        "barred_list_review_gross_incompetence",
        "Barred list review eligibility (gross incompetence)",
        "P4",
        "Barred person",
        "College of Policing guidance (not statute)",
        verified=False,
        months=36,
        in_2012=In2012.SAME,
    ),
    Rule(
        "barred_list_review_gross_misconduct",
        "Barred list review eligibility (gross misconduct)",
        "P4",
        "Barred person",
        "College of Policing guidance (not statute)",
        verified=False,
        months=60,
        in_2012=In2012.SAME,
    ),
    Rule(
        "iopc_referral",
        "Mandatory referral to the IOPC",
        "CD",
        "Appropriate authority",
        "CMR r4, r7",
        verified=False,
        calendar_days=1,
        notes='"By the end of the day after" the day it becomes clear: a calendar '
        "day, weekend or not; check guidance.",
    ),
    Rule(
        "rprp_account",
        "Subject's account in reflective practice",
        "P1",
        "Subject",
        "PCR Part 6",
        verified=False,
        working_days=5,
        in_2012=In2012.NONE,
        source_2012="No 2012 basis: reflective practice came with the 2020 rules",
    ),
    Rule(
        "hearing_outcome_publication",
        "Public hearing outcome kept online",
        "CD",
        "Appropriate authority",
        "Practice (PCR r36 is the notice before a hearing)",
        verified=False,
        calendar_days=28,
        in_2012=In2012.SAME,
    ),
)


#: Every code a shipped rule has (the same in both regimes).
SHIPPED_CODES: frozenset[str] = frozenset(rule.code for rule in RULES_2020)


class DeadlineRuleCode(models.TextChoices):
    """Base of each app's enumeration of the rules whose clocks it runs
    (referrals.services.clocks.ReferralsClock,
    hearings.services.clocks.HearingsClock): every member is a shipped code,
    and every shipped code belongs to exactly one app (tests check both)."""


#: Clocks of misconduct proceedings, which stop while criminal proceedings
#: would be prejudiced (PCR r10(3)); investigation and list clocks run on.
#: Shipped as ``paused_by_criminal_proceedings`` on the rules: data, which a
#: force may change.
PAUSED_BY_CRIMINAL_PROCEEDINGS = frozenset(
    {
        "referral_response",
        "witness_lists",
        "pre_hearing_date",
        "pre_hearing_alternative_date",
        "meeting_timing",
        "hearing_notice",
        "accelerated_hearing_window",
        "accelerated_notice_response",
    }
)


def _row(rule: Rule, regime: str) -> dict[str, Any]:
    values = asdict(rule)
    values.pop("in_2012")
    values.pop("source_2012")
    values["paused_by_criminal_proceedings"] = (
        rule.code in PAUSED_BY_CRIMINAL_PROCEEDINGS
    )
    if regime == "2012":
        values.update(_copy_2012(rule))
    return values


def _copy_2012(rule: Rule) -> dict[str, Any]:
    """How the 2012 copy of ``rule`` differs from it."""
    if rule.in_2012 == In2012.SAME:
        return {}
    if rule.in_2012 == In2012.CHECKED:
        return {"source": rule.source_2012, "verified": True}
    if rule.in_2012 == In2012.NONE:
        return {"source": rule.source_2012, "verified": False, "is_active": False}
    equivalent = rule.source_2012 or f"2012 equivalent of {rule.source}"
    return {"source": f"{equivalent} (not checked)", "verified": False}


def shipped_rules() -> list[tuple[str, dict[str, Any]]]:
    """(regime, values) for every shipped rule."""
    return [
        (regime, _row(rule, regime))
        for regime in ("2020", "2012")
        for rule in RULES_2020
    ]


def load_deadline_rules(model: Any) -> int:
    """Create shipped rules that are missing; local edits are never overwritten.

    ``model`` may be a migration's historical model: only the fields it has
    are filled (a later migration fills the ones added since)."""
    existing = set(model.objects.values_list("regime", "code"))
    fields = {field.name for field in model._meta.get_fields()}
    missing = [
        model(
            regime=regime,
            **{name: value for name, value in values.items() if name in fields},
        )
        for regime, values in shipped_rules()
        if (regime, values["code"]) not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)
