"""Investigation progress reports (PCR r19; CMR r13; domain.md T3).

The first report is due 12 months beginning with the day the matter came to
attention (or the complaint was made), then one every 6 months beginning with
the day after the previous period, until the investigation reports. Each
period is a ``progress_report`` Deadline; :func:`progress_reports_draft` drafts
the report for every period about to fall due, and :func:`progress_report_send`
records it as sent, meets that period and opens the next.

Who reports to whom:
- PCR r19 (a conduct matter outside Schedule 3): the appropriate authority to
  the local policing body.
- CMR r13, local investigation: the appropriate authority to the local
  policing body and the Director General.
- CMR r13, directed or independent investigation: the Director General to the
  local policing body and the chief officer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch

from conduct.exceptions import ApplicationError
from conduct.models import IOPC_SUPERVISORS, PSD_SUPERVISORS, Force, User
from conduct.services.audit import audit_record
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import (
    IOPC_MODES,
    Case,
    Deadline,
    Investigation,
    IOPCReferral,
    Notice,
    ProgressReport,
    ReferralsClock,
    Subject,
)
from referrals.permissions import require_case_access, require_role
from referrals.services import clocks
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    lock_case,
)

DIRECTOR_GENERAL = "Director General of the Independent Office for Police Conduct"
#: Areas whose local policing body is not a police and crime commissioner.
#: The text is a starting point: the draft's addressees can be corrected.
LOCAL_POLICING_BODIES = {
    "met": "Mayor's Office for Policing and Crime",
    "cityldn": "Common Council of the City of London (police authority)",
    "gmp": "Mayor of Greater Manchester (police and crime commissioner functions)",
    "wyorks": "Mayor of West Yorkshire (police and crime commissioner functions)",
    "btp": "British Transport Police Authority",
}
FORCE_SUFFIXES = (" Police Service", " Constabulary", " Police")

PROGRESS_REQUIRED = "Describe the progress of the investigation."
NO_ADDRESSEES = "Name at least one addressee."
ALREADY_SENT = "This progress report was sent on {sent_on:%d %b %Y}."


def local_policing_body(force: Force) -> str:
    """The force's local policing body, as an addressee."""
    return local_policing_body_of(force.code, force.name)


def local_policing_body_of(code: str, name: str) -> str:
    """``local_policing_body`` from the force's code and name."""
    if code in LOCAL_POLICING_BODIES:
        return LOCAL_POLICING_BODIES[code]
    area = name
    for suffix in FORCE_SUFFIXES:
        if area.endswith(suffix):
            area = area.removesuffix(suffix)
            break
    return f"Police and Crime Commissioner for {area}"


def _related(case: Case, name: str) -> Any:
    try:
        return getattr(case, name)
    except ObjectDoesNotExist:
        return None


def iopc_investigates(case: Case) -> bool:
    referral: IOPCReferral | None = _related(case, "referral")
    if (
        referral is not None
        and referral.status == IOPCReferral.Status.INVESTIGATING
        and referral.mode in IOPC_MODES
    ):
        return True
    investigation: Investigation | None = _related(case, "investigation")
    return (
        investigation is not None
        and investigation.investigating_body == Investigation.Body.IOPC
    )


def addressing(case: Case) -> tuple[str, str, str, list[str]]:
    """(regulation, sender, sender name, addressees) for the case's report."""
    return addressing_for(
        force_code=case.force.code,
        force_name=case.force.name,
        iopc=iopc_investigates(case),
        schedule_3=case.is_schedule_3,
    )


def addressing_for(
    *, force_code: str, force_name: str, iopc: bool, schedule_3: bool
) -> tuple[str, str, str, list[str]]:
    """``addressing`` from the facts it turns on: the force, whether the IOPC
    investigates (directed or independent) and whether the matter is under
    Schedule 3."""
    lpb = local_policing_body_of(force_code, force_name)
    if iopc:
        return (
            "CMR r13",
            ProgressReport.Sender.IOPC,
            DIRECTOR_GENERAL,
            [lpb, f"Chief officer of {force_name}"],
        )
    authority = f"{force_name} (appropriate authority)"
    if schedule_3:
        return (
            "CMR r13",
            ProgressReport.Sender.APPROPRIATE_AUTHORITY,
            authority,
            [lpb, DIRECTOR_GENERAL],
        )
    return ("PCR r19", ProgressReport.Sender.APPROPRIATE_AUTHORITY, authority, [lpb])


def _notices(case: Case) -> list[dict[str, Any]]:
    rows = []
    for subject in case.subjects.all():
        served = list(subject.notices.all())
        rows.append(
            {
                "subject": subject.pk,
                "name": subject.person.full_name,
                "notices": [
                    {"title": notice.title, "served_on": notice.served_on.isoformat()}
                    for notice in served
                ],
            }
        )
    return rows


def _progress(case: Case) -> str:
    investigation: Investigation | None = _related(case, "investigation")
    if investigation is None:
        return "No investigation has been opened."
    return progress_text(
        investigator_name=investigation.investigator_name,
        body=investigation.get_investigating_body_display(),
        opened_on=investigation.opened_on,
        terms_of_reference=investigation.terms_of_reference,
    )


def progress_text(
    *, investigator_name: str, body: str, opened_on: dt.date, terms_of_reference: str
) -> str:
    """What a drafted report says of the investigation's progress."""
    return (
        f"The investigation by {investigator_name} ({body}) opened on "
        f"{opened_on:%d %B %Y} and has not yet reported. "
        f"Terms of reference: {terms_of_reference}"
    )


def progress_reports_draft(
    *, today: dt.date, within_days: int | None = None
) -> list[ProgressReport]:
    """Draft the progress report for every period due within ``within_days``
    calendar days of ``today`` (or overdue) that has none yet. Safe to run
    twice: a period has at most one report (the database refuses a second)."""
    days = settings.PROGRESS_REPORT_DRAFT_DAYS if within_days is None else within_days
    due = (
        Deadline.objects.filter(
            rule__code=ReferralsClock.PROGRESS_REPORT,
            status__in=Deadline.RUNNING,
            due_on__lte=today + dt.timedelta(days=days),
        )
        .filter(~Exists(ProgressReport.objects.filter(deadline_id=OuterRef("pk"))))
        .select_related("case__force", "case__investigation", "case__referral")
        .prefetch_related(
            Prefetch(
                "case__subjects",
                queryset=Subject.objects.select_related("person").prefetch_related(
                    Prefetch("notices", queryset=Notice.objects.order_by("served_on"))
                ),
            )
        )
        .order_by("due_on", "id")
    )
    drafted = []
    for deadline in due:
        case = deadline.case
        regulation, sender, sender_name, addressees = addressing(case)
        try:
            with transaction.atomic():
                report = ProgressReport.objects.create(
                    case=case,
                    deadline=deadline,
                    period=deadline.period,
                    due_on=deadline.due_on,
                    regulation=regulation,
                    sender=sender,
                    sender_name=sender_name,
                    addressees=addressees,
                    came_to_attention_on=deadline.anchor_on,
                    notices=_notices(case),
                    progress=_progress(case),
                )
                # One entry per drafted report: the audit trail is read per case.
                audit_record(
                    actor=None,
                    action=ReferralsAction.PROGRESS_REPORT_DRAFTED,
                    target=report,
                    case_id=case.pk,
                    new={
                        "period": report.period,
                        "due_on": report.due_on,
                        "addressees": addressees,
                    },
                )
        except IntegrityError:
            continue  # another sweep drafted it first
        drafted.append(report)
    return drafted


@transaction.atomic
def progress_report_send(
    *,
    actor: User,
    report: ProgressReport,
    sent_on: dt.date,
    progress: str,
    estimated_completion_on: dt.date | None = None,
    estimated_report_on: dt.date | None = None,
    delay_reasons: str = "",
    planned_steps: str = "",
    addressees: list[str] | None = None,
) -> ProgressReport:
    """Record the report as sent: it meets its period's clock and opens the
    next period (6 months beginning with the day after this one ends)."""
    case = lock_case(report.case_id)
    report = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("deadline")
        .get(pk=report.pk)
    )
    require_case_access(actor, case, "send a progress report")
    if report.sender == ProgressReport.Sender.IOPC:
        require_role(actor, IOPC_SUPERVISORS, "send it")
    else:
        require_role(actor, PSD_SUPERVISORS, "send it")
    if report.status == ProgressReport.Status.SENT:
        assert report.sent_on is not None
        raise ApplicationError(
            ALREADY_SENT.format(sent_on=report.sent_on), rule="progress_report.sent"
        )
    if not progress.strip():
        raise ApplicationError(PROGRESS_REQUIRED, rule="progress_report.progress")
    names = [name.strip() for name in (addressees or report.addressees)]
    names = [name for name in names if name]
    if not names:
        raise ApplicationError(NO_ADDRESSEES, rule="progress_report.addressees")
    check_not_future(sent_on, "The date sent")
    check_not_before(
        sent_on, report.came_to_attention_on, "The date sent", "the case date"
    )
    old, new = transition(report, ProgressReport.Status.SENT)
    report.sent_on = sent_on
    report.sent_by = actor
    report.progress = progress.strip()
    report.estimated_completion_on = estimated_completion_on
    report.estimated_report_on = estimated_report_on
    report.delay_reasons = delay_reasons.strip()
    report.planned_steps = planned_steps.strip()
    report.addressees = names
    report.notices = _notices(case)
    report.save()
    deadline = report.deadline
    investigation: Investigation | None = _related(case, "investigation")
    following = clocks.on_progress_report_sent(
        case=case,
        deadline=deadline,
        sent_on=sent_on,
        investigating=investigation is not None
        and investigation.status == Investigation.Status.OPEN,
        actor=actor,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.PROGRESS_REPORT_SENT,
        target=report,
        old={"status": old},
        new={
            "status": new,
            "sent_on": sent_on,
            "addressees": names,
            "next_due_on": following.due_on if following is not None else None,
        },
    )
    return report
