"""Barred and advisory list reports as documents: a printable HTML page, a
plain-text version and the JSON the College receives (BL Regs r3(2), r12(2)).

Each report kind has a template triplet, ``templates/reports/<kind>-subject.txt
| -body.txt | -body.html``, rendered by :func:`list_report_render` only. The
HTML carries no inline style or script (the site's CSP forbids them): classes
only, so a print stylesheet can be added without touching the templates.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from hearings.models import ListReport

#: The payload format; bump it when a field changes meaning.
SCHEMA = "conduct.list-report/1"

STATUS_LABELS = {
    "officer": "Police officer (serving)",
    "former_officer": "Former police officer",
    "civilian": "Civilian police employee or volunteer (serving)",
    "former_civilian": "Former civilian police employee or volunteer",
}
OFFICER_STATUSES = frozenset({"officer", "former_officer"})

#: The fields each kind must carry before it may be sent, by their labels.
IDENTITY = ("full_name", "force", "date_of_birth", "status", "identifier")
REQUIRED: dict[str, tuple[str, ...]] = {
    ListReport.Kind.BARRED: (
        *IDENTITY,
        "conduct",
        "standards_breached",
        "date_of_event",
    ),
    ListReport.Kind.ADVISORY: (
        *IDENTITY,
        "date_of_event",
        "allegation_summary",
        "date_ceased",
        "left_by",
    ),
    ListReport.Kind.BARRED_FURTHER: (
        "full_name",
        "force",
        "previous_report",
        "reason",
        "date_of_event",
    ),
    ListReport.Kind.ADVISORY_REMOVAL: (
        "full_name",
        "force",
        "previous_report",
        "reason",
        "date_of_event",
    ),
}
#: The fields of a report named as a caseworker would, for refusals that a
#: field is missing or wrong (here and in hearings.services.lists).
LABELS = {
    "full_name": "full name",
    "force": "force",
    "date_of_birth": "date of birth",
    "status": "status",
    "rank": "rank",
    "identifier": "warrant or identifying number",
    "conduct": "description of the conduct",
    "standards_breached": "Standards breached",
    "date_of_event": "date of the event",
    "allegation_summary": "summary of the allegation",
    "date_ceased": "date the person ceased to serve",
    "left_by": "whether they resigned or retired",
    "previous_report": "the report this one follows",
    "reason": "reason for the further report",
}
DATE_FIELDS = ("date_of_birth", "date_of_event", "date_ceased")


@dataclass(frozen=True)
class RenderedReport:
    subject: str
    text: str
    html: str
    json: str


def list_report_problems(report: ListReport) -> list[str]:
    """What stops ``report`` being sent: missing or malformed fields, by label.
    The creating service refuses incomplete content; this catches content
    edited since."""
    content = report.content if isinstance(report.content, dict) else {}
    required = list(REQUIRED.get(report.kind, IDENTITY))
    if report.kind in (ListReport.Kind.BARRED, ListReport.Kind.ADVISORY) and (
        content.get("status") in OFFICER_STATUSES
    ):
        required.append("rank")
    problems = [
        f"{LABELS[field]} missing"
        for field in required
        if content.get(field) in (None, "", [], {})
    ]
    for field in DATE_FIELDS:
        value = content.get(field)
        if value in (None, ""):
            continue
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            problems.append(f"{LABELS[field]} is not a date ({value!r})")
    status = content.get("status")
    if status not in (None, "") and status not in STATUS_LABELS:
        problems.append(f"status is not recognised ({status!r})")
    return problems


def list_report_payload(report: ListReport) -> dict[str, Any]:
    """The JSON document: the content snapshot plus what identifies the report."""
    previous = report.previous_report
    return {
        "schema": SCHEMA,
        "report": {
            "id": report.pk,
            "idempotency_key": str(report.idempotency_key),
            "kind": report.kind,
            "kind_label": report.get_kind_display(),
            "relevant_authority": report.relevant_authority.name,
            "event_on": report.event_on.isoformat(),
            "created_at": report.created_at.isoformat(),
            "case_reference": report.case.reference,
            "previous_report": (
                {
                    "id": previous.pk,
                    "idempotency_key": str(previous.idempotency_key),
                    "kind": previous.kind,
                    "event_on": previous.event_on.isoformat(),
                }
                if previous is not None
                else None
            ),
        },
        "content": report.content,
    }


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _context(report: ListReport) -> dict[str, Any]:
    content: dict[str, Any] = dict(report.content)
    for field in DATE_FIELDS:
        content[field] = _date(content.get(field))
    for field in ("prior_advisory_report", "previous_report"):
        linked = content.get(field)
        if isinstance(linked, dict):
            content[field] = {**linked, "date": _date(linked.get("date"))}
    content["status_label"] = STATUS_LABELS.get(
        str(content.get("status")), content.get("status")
    )
    for field in ("conduct", "standards_breached"):
        if isinstance(content.get(field), str):
            content[field] = [content[field]]
    return {"report": report, "c": content}


def list_report_render(report: ListReport) -> RenderedReport:
    """The report as an email subject, plain text, printable HTML and JSON."""
    context = _context(report)
    name = f"reports/{report.kind}"
    subject = " ".join(render_to_string(f"{name}-subject.txt", context).split())
    payload = json.dumps(
        list_report_payload(report), sort_keys=True, separators=(",", ":")
    )
    return RenderedReport(
        subject=subject,
        text=render_to_string(f"{name}-body.txt", context),
        html=render_to_string(f"{name}-body.html", context),
        json=payload,
    )
