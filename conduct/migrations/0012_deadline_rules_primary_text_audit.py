"""The shipped deadline rules as corrected by the December 2026 reading of
the primary texts (conduct.deadline_rules): sources that were overclaimed go
back to unverified, the IOPC referral counts calendar days, the 2012 copies of
2020-only rules are switched off and the 2012 tribunal papers rule is checked.

A row is corrected only while it still holds the value shipped before (its
source, or its pattern for the IOPC referral): a force's own edit is kept.
Clocks already open are left as they are.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

NOT_STATUTE = "College of Policing guidance (not statute)"
NO_PRE_HEARINGS = "No 2012 basis: pre-hearings came with the 2020 rules"
IOPC_NOTES = (
    '"By the end of the day after" the day it becomes clear: a calendar day, '
    "weekend or not; check guidance."
)
IOPC_OLD_NOTES = '"By the end of the day after it becomes clear": check guidance.'
IOPC_BY_CALENDAR = {
    "pattern": "CD",
    "working_days": None,
    "calendar_days": 1,
    "notes": IOPC_NOTES,
}

#: (regime, code, the shipped values it must still hold, the corrected values)
CORRECTIONS: tuple[tuple[str, str, dict[str, Any], dict[str, Any]], ...] = (
    (
        "2020",
        "notice_response",
        {"source": "PCR r18"},
        {
            "source": "CMR 2020 r20 (complaints and conduct matters); PCR r18 not read",
            "verified": False,
        },
    ),
    (
        "2012",
        "notice_response",
        {"source": "2012 equivalent of PCR r18 (not checked)"},
        {"source": "CMR 2012 r18 (not checked)"},
    ),
    (
        "2012",
        "progress_report",
        {"source": "2012 equivalent of PCR r19; CMR r13 (not checked)"},
        {
            "source": "No 2012 basis: the 12-month progress report came with "
            "the 2020 rules",
            "is_active": False,
        },
    ),
    (
        "2012",
        "pre_hearing_date",
        {"source": "2012 equivalent of PCR r33(1) (not checked)"},
        {"source": NO_PRE_HEARINGS, "is_active": False},
    ),
    (
        "2012",
        "pre_hearing_alternative_date",
        {"source": "2012 equivalent of PCR r33(3) (not checked)"},
        {"source": NO_PRE_HEARINGS, "is_active": False},
    ),
    (
        "2012",
        "rprp_account",
        {"source": "2012 equivalent of PCR Part 6 (not checked)"},
        {
            "source": "No 2012 basis: reflective practice came with the 2020 rules",
            "is_active": False,
        },
    ),
    (
        "2012",
        "pat_respondent_papers",
        {"source": "2012 equivalent of PAT Rules 2020 r13(3) (not checked)"},
        {"source": "PAT Rules 2012 r9(2)", "verified": True},
    ),
    *(
        (
            regime,
            code,
            {"source": "College of Policing"},
            {"source": NOT_STATUTE, "verified": False},
        )
        for regime in ("2020", "2012")
        for code in (
            "barred_list_review_gross_incompetence",
            "barred_list_review_gross_misconduct",
        )
    ),
    *(
        (
            regime,
            "iopc_referral",
            {"pattern": "P1", "working_days": 1, "notes": IOPC_OLD_NOTES},
            IOPC_BY_CALENDAR,
        )
        for regime in ("2020", "2012")
    ),
    *(
        (
            regime,
            "hearing_outcome_publication",
            {"source": source},
            {
                "source": "Practice (PCR r36 is the notice before a hearing)",
                "verified": False,
            },
        )
        for regime, source in (
            ("2020", "PCR r36; practice"),
            ("2012", "2012 equivalent of PCR r36; practice (not checked)"),
        )
    ),
)


def correct(apps: Any, schema_editor: Any) -> None:
    rules = apps.get_model("conduct", "DeadlineRule")
    for regime, code, shipped, corrected in CORRECTIONS:
        rules.objects.filter(regime=regime, code=code, **shipped).update(**corrected)


class Migration(migrations.Migration):
    dependencies = [("conduct", "0011_deadline_rule_paused_by_criminal_proceedings")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
