"""Barred list and advisory list reports (PA96 Part 4A; SI 2017/1135).

Internal steps, not services: the service whose event requires a report
(an outcome, an appeal, an employment event) calls these inside its own
transaction and writes the one audit event. Each report snapshots the content
the regulations require and is refused if any of it is missing, so a report
is never created incomplete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from conduct.calendar import add_months
from conduct.exceptions import ApplicationError
from conduct.models import DeadlineRule, PersonRole, Standard
from conduct.regimes import LISTS_FROM
from hearings.models import (
    Finding,
    FindingResult,
    HearingsClock,
    ListReport,
    Outcome,
    OutcomeKind,
    Proceeding,
)
from hearings.rules import BARRING_OUTCOMES
from hearings.services import clocks
from hearings.services.documents import LABELS
from referrals.models import Subject
from referrals.services.consequences import NoProceedings

REPORT_CONTENT_MISSING = (
    "The {kind} cannot be made: {missing} missing for {person}. Record it first."
)

OFFICER = "officer"
FORMER_OFFICER = "former_officer"
CIVILIAN = "civilian"
FORMER_CIVILIAN = "former_civilian"


def person_status(role: PersonRole, *, former: bool) -> str:
    """Officer, former officer, civilian or former civilian (BL Regs r3(2)):
    specials count as officers, staff and volunteers as civilians."""
    if role.is_police_officer:
        return FORMER_OFFICER if former else OFFICER
    return FORMER_CIVILIAN if former else CIVILIAN


def _check_complete(
    *, kind: str, subject: Subject, content: dict[str, Any], required: list[str]
) -> None:
    missing = [field for field in required if content.get(field) in (None, "", [])]
    if missing:
        raise ApplicationError(
            REPORT_CONTENT_MISSING.format(
                kind=ListReport.Kind(kind).label.lower(),
                missing=", ".join(LABELS[field] for field in missing),
                person=subject.person,
            ),
            rule="list_report.content",
        )


def _identity(subject: Subject, *, former: bool) -> tuple[dict[str, Any], list[str]]:
    person = subject.person
    role = subject.role
    status = person_status(role, former=former)
    content: dict[str, Any] = {
        "full_name": person.full_name,
        "force": role.force.name,
        "date_of_birth": (
            person.date_of_birth.isoformat() if person.date_of_birth else None
        ),
        "status": status,
        "rank": role.rank,
        "identifier": role.identifier,
    }
    required = ["full_name", "force", "date_of_birth", "status", "identifier"]
    if role.is_police_officer:
        required.append("rank")
    return content, required


def _report_add(
    subject: Subject,
    kind: str,
    *,
    event_on: dt.date,
    content: dict[str, Any],
    **details: Any,
) -> ListReport:
    """A new report of ``kind`` on ``subject`` (the person, their case and
    their appropriate authority, which reports them), waiting to be sent."""
    return ListReport.objects.create(
        kind=kind,
        status=ListReport.Status.PENDING,
        person=subject.person,
        subject=subject,
        case=subject.case,
        relevant_authority=subject.appropriate_authority,
        event_on=event_on,
        content=content,
        **details,
    )


def _report_created(report: ListReport) -> None:
    """Start the report's clock and send it to the College once committed."""
    clocks.on_list_report(report=report)
    report_id = report.pk

    def queue() -> None:
        from hearings.tasks import dispatch_list_report

        dispatch_list_report.delay(report_id)

    transaction.on_commit(queue)


def active_entry(subject: Subject, kind: str) -> ListReport | None:
    """The subject's report of ``kind`` that no later report has replaced."""
    return (
        ListReport.objects.select_for_update()
        .filter(subject=subject, kind=kind, superseded_by__isnull=True)
        .order_by("-event_on", "-id")
        .first()
    )


def advisory_report_create(
    *,
    subject: Subject,
    left_by: str,
    left_on: dt.date,
    proceeding: Proceeding | None,
) -> ListReport:
    """An advisory list report for a person who resigned or retired while a
    relevant allegation was outstanding (PA96 s88I(1)(a); BL Regs r12(2))."""
    content, required = _identity(subject, former=True)
    allegations = [a.summary for a in subject.allegations.all()]
    content.update(
        {
            "date_of_event": left_on.isoformat(),
            "allegation_summary": "; ".join(allegations),
            "form_of_proceedings": (
                proceeding.get_form_display() if proceeding is not None else None
            ),
            "date_ceased": left_on.isoformat(),
            "left_by": left_by,
            "case_reference": subject.case.reference,
        }
    )
    required += ["date_of_event", "allegation_summary", "date_ceased", "left_by"]
    _check_complete(
        kind=ListReport.Kind.ADVISORY,
        subject=subject,
        content=content,
        required=required,
    )
    report = _report_add(
        subject, ListReport.Kind.ADVISORY, event_on=left_on, content=content
    )
    _report_created(report)
    return report


def barred_report_create(*, subject: Subject, outcome: Outcome) -> ListReport:
    """A barred list report after a dismissal or a "would have been dismissed"
    finding (PA96 s88A(1); BL Regs r3(2)); it supersedes any advisory entry."""
    former = outcome.kind == OutcomeKind.WOULD_HAVE_BEEN_DISMISSED
    content, required = _identity(subject, former=former)
    proven = list(
        Finding.objects.filter(proceeding_id=outcome.proceeding_id, is_current=True)
        .exclude(result=FindingResult.NOT_PROVEN)
        .select_related("allegation")
    )
    standards = (
        Standard.objects.filter(allegations__in=[f.allegation_id for f in proven])
        .distinct()
        .order_by("number")
    )
    prior = (
        ListReport.objects.filter(person=subject.person, kind=ListReport.Kind.ADVISORY)
        .order_by("-event_on", "-id")
        .first()
    )
    content.update(
        {
            "conduct": [
                f"{f.allegation.summary} ({f.get_result_display().lower()})"
                for f in proven
            ],
            "standards_breached": [str(standard) for standard in standards],
            "outcome": outcome.get_kind_display(),
            "date_of_event": outcome.decided_on.isoformat(),
            "prior_advisory_report": (
                {"id": prior.pk, "date": prior.event_on.isoformat()}
                if prior is not None
                else None
            ),
            "case_reference": subject.case.reference,
        }
    )
    required += ["conduct", "standards_breached", "date_of_event"]
    _check_complete(
        kind=ListReport.Kind.BARRED,
        subject=subject,
        content=content,
        required=required,
    )
    review = DeadlineRule.objects.filter(
        regime=subject.case.regime,
        code=HearingsClock.BARRED_LIST_REVIEW_GROSS_MISCONDUCT,
        is_active=True,
    ).first()
    report = _report_add(
        subject,
        ListReport.Kind.BARRED,
        event_on=outcome.decided_on,
        content=content,
        previous_report=prior,
        review_eligible_on=(
            add_months(outcome.decided_on, review.months)
            if review is not None and review.months
            else None
        ),
    )
    _report_created(report)
    advisory = active_entry(subject, ListReport.Kind.ADVISORY)
    if advisory is not None:
        # PA96 s88L(5): the advisory entry goes once the person is barred.
        advisory.superseded_by = report
        advisory.save(update_fields=["superseded_by", "updated_at"])
    return report


def further_report_create(
    *, previous: ListReport, kind: str, event_on: dt.date, reason: str
) -> ListReport:
    """A further report replacing ``previous``: removal from the advisory list
    (s88L(1)-(2)) or a barred list further report after a successful appeal
    (s88F)."""
    subject = previous.subject
    content = {
        "full_name": subject.person.full_name,
        "force": previous.content.get("force", ""),
        "date_of_birth": previous.content.get("date_of_birth"),
        "previous_report": {"id": previous.pk, "date": previous.event_on.isoformat()},
        "reason": reason,
        "date_of_event": event_on.isoformat(),
    }
    report = _report_add(
        subject, kind, event_on=event_on, content=content, previous_report=previous
    )
    previous.superseded_by = report
    previous.save(update_fields=["superseded_by", "updated_at"])
    _report_created(report)
    return report


#: The further report that takes a person off each list.
REMOVAL_KINDS: dict[str, str] = {
    ListReport.Kind.BARRED: ListReport.Kind.BARRED_FURTHER,
    ListReport.Kind.ADVISORY: ListReport.Kind.ADVISORY_REMOVAL,
}


def removal_reports(
    subject: Subject, listed: str, *, on: dt.date, reason: str
) -> list[ListReport]:
    """The further report taking ``subject`` off the list ``listed``, as of
    ``on`` and for ``reason``, if they have an entry on it; none otherwise."""
    entry = active_entry(subject, listed)
    if entry is None:
        return []
    report = further_report_create(
        previous=entry, kind=REMOVAL_KINDS[listed], event_on=on, reason=reason
    )
    return [report]


ADVISORY_REMOVAL_REASON = (
    "Proceedings concluded without a finding that the person would have been "
    "dismissed ({outcome})."
)
ADVISORY_REMOVAL_NO_PROCEEDINGS_DECIDED = (
    "It was determined that no disciplinary proceedings will be brought "
    "({decision}) (PA96 s88L(1)(a))."
)
BARRED_REMOVAL_REASON = "Appeal allowed: the outcome is now {outcome}."


def list_consequences(
    *, subject: Subject, new: Outcome, old: Outcome | None
) -> list[ListReport]:
    """The list reports an outcome (or its replacement on appeal) requires;
    none for an outcome before the lists began (BL Regs 2017 r1)."""
    reports: list[ListReport] = []
    if new.decided_on < LISTS_FROM:
        return reports
    now_barring = new.kind in BARRING_OUTCOMES
    was_barring = old is not None and old.kind in BARRING_OUTCOMES
    if now_barring and not was_barring:
        reports.append(barred_report_create(subject=subject, outcome=new))
    outcome = new.get_kind_display().lower()
    if was_barring and not now_barring:
        reason = BARRED_REMOVAL_REASON.format(outcome=outcome)
        reports += removal_reports(
            subject, ListReport.Kind.BARRED, on=new.decided_on, reason=reason
        )
    if not now_barring:
        reason = ADVISORY_REMOVAL_REASON.format(outcome=outcome)
        reports += removal_reports(
            subject, ListReport.Kind.ADVISORY, on=new.decided_on, reason=reason
        )
    return reports


def advisory_removal_when_no_proceedings(decision: NoProceedings) -> dict[str, Any]:
    """PA96 s88L(1)(a): once it is determined that no disciplinary proceedings
    will be brought against a person reported to the advisory list for this
    matter, the further report removing them, as for proceedings withdrawn
    (s88L(1)(b)) or concluded without "would have been dismissed" (s88L(1)(c));
    none when they have no entry, or it was already removed or superseded.
    Registered with referrals (``HearingsConfig.ready``), whose services
    decide; the values are for their audit event."""
    label = str(Subject.Status(decision.decision).label)
    reports = removal_reports(
        decision.subject,
        ListReport.Kind.ADVISORY,
        on=decision.decided_on,
        reason=ADVISORY_REMOVAL_NO_PROCEEDINGS_DECIDED.format(
            decision=label[:1].lower() + label[1:]
        ),
    )
    return {"list_reports": {str(report.pk): report.kind for report in reports}}
