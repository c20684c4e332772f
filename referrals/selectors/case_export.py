"""The rows of a CSV export of the case list, read from ``case_list`` (so the
export holds exactly the cases, and the filters, of the list page)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from referrals.models import Case

#: A spreadsheet reads a cell starting with one of these as a formula (OWASP
#: "CSV injection"): such cells get a leading single quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = (
    "Force reference",
    "IOPC reference",
    "Force",
    "Status",
    "Overdue",
    "Regime",
    "Trigger",
    "Came to attention",
    "Referred to the IOPC",
    "Mode of investigation",
    "Subjects",
    "Updated",
    "Summary",
)

#: Cases fetched per query while streaming (subjects prefetched per chunk).
CHUNK_SIZE = 500


def csv_safe(value: object) -> str:
    """``value`` as a cell no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def case_export_rows(cases: QuerySet[Case]) -> Iterator[list[str]]:
    """The header, then one row per case of ``cases`` (from ``case_list``)."""
    yield list(HEADER)
    for case in cases.iterator(chunk_size=CHUNK_SIZE):
        referral = getattr(case, "referral", None)
        subjects = getattr(case, "listed_subjects", ())
        row = [
            case.reference,
            case.iopc_reference,
            case.force.name,
            case.get_status_display(),
            "Yes" if getattr(case, "overdue", False) else "No",
            case.regime,
            case.get_trigger_display(),
            case.came_to_attention_on.isoformat(),
            referral.referred_on.isoformat() if referral else "",
            referral.get_mode_display() if referral and referral.mode else "",
            "; ".join(subject.person.full_name for subject in subjects),
            case.updated_at.isoformat(),
            case.summary,
        ]
        yield [csv_safe(cell) for cell in row]
