"""The end of the course: holding the meeting or hearing, withdrawing it, and
closing a subject without proceedings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.transitions import transition
from hearings.audit import HearingsAction
from hearings.models import ListReport, PanelRole, Proceeding
from hearings.rules import panel_missing
from hearings.selectors.proceedings import active_proceeding_for
from hearings.services import clocks
from hearings.services.common import (
    lock_for_subject,
    lock_proceeding,
    require_appropriate_authority,
    require_staff,
)
from hearings.services.lists import removal_reports
from hearings.services.proceedings.checks import (
    check_in_hearing_window,
    check_not_awaiting_part_3a,
    check_not_paused,
    form_label,
)
from hearings.services.proceedings.panel import check_panel_fits
from referrals.models import Case, Subject
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
    check_rationale,
)

PANEL_INCOMPLETE = "The panel is incomplete for {on:%d %b %Y}: still needed {needed}."
NOTICE_NOT_SERVED = "Serve the notice of referral before holding the {form}."


@transaction.atomic
def proceeding_hold(
    *, actor: User | None, proceeding: Proceeding, held_on: dt.date
) -> Proceeding:
    """Record that the proceedings took place, with a complete panel for the
    date they were held; an accelerated hearing inside its window (PCR
    r52(1)), which holding it meets."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record that proceedings were held")
    check_not_paused(case)
    check_not_awaiting_part_3a(proceeding, subject)
    old, new = transition(proceeding, Proceeding.Status.HELD)
    check_not_future(held_on, "The date held")
    check_not_before(held_on, proceeding.referred_on, "The date held", "the referral")
    if not proceeding.notices.exists():
        raise ApplicationError(
            NOTICE_NOT_SERVED.format(form=form_label(proceeding.form)),
            rule="proceeding.notice",
        )
    check_in_hearing_window(proceeding, held_on)
    check_panel_fits(proceeding, held_on)
    missing = panel_missing(
        proceeding.form,
        held_on,
        list(proceeding.panel.values_list("role", flat=True)),
    )
    if missing:
        raise ApplicationError(
            PANEL_INCOMPLETE.format(
                on=held_on,
                needed=", ".join(
                    f"{count} {PanelRole(role).label.lower()}"
                    for role, count in missing.items()
                ),
            ),
            rule="panel.incomplete",
        )
    proceeding.held_on = held_on
    proceeding.save(update_fields=["status", "held_on", "updated_at"])
    clocks.on_held(case=case, proceeding=proceeding, held_on=held_on, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_HELD,
        target=proceeding,
        old={"status": old},
        new={"status": new, "held_on": held_on},
    )
    return proceeding


def withdraw(
    case: Case, proceeding: Proceeding, *, withdrawn_on: dt.date, actor: User | None
) -> tuple[str, str]:
    """Withdraw the locked ``proceeding`` of ``case`` on ``withdrawn_on`` and
    cancel its clocks; the old and new status. A step of the services that
    withdraw (they check who may, and write the one audit event)."""
    old, new = transition(proceeding, Proceeding.Status.WITHDRAWN)
    check_not_future(withdrawn_on, "The withdrawal date")
    check_not_before(
        withdrawn_on, proceeding.referred_on, "The withdrawal date", "the referral"
    )
    proceeding.withdrawn_on = withdrawn_on
    proceeding.save(update_fields=["status", "withdrawn_on", "updated_at"])
    clocks.on_withdrawn(case=case, proceeding=proceeding, actor=actor)
    return old, new


@transaction.atomic
def proceeding_withdraw(
    *,
    actor: User | None,
    proceeding: Proceeding,
    withdrawn_on: dt.date,
    rationale: str,
) -> Proceeding:
    """Withdraw proceedings; the subject stays referred and may be referred
    again (for example to a different forum)."""
    case, subject, proceeding = lock_proceeding(proceeding)
    require_appropriate_authority(actor, case, subject, "withdraw proceedings")
    rationale = check_rationale(rationale)
    old, new = withdraw(case, proceeding, withdrawn_on=withdrawn_on, actor=actor)
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_WITHDRAWN,
        target=proceeding,
        old={"status": old},
        new={"status": new, "withdrawn_on": withdrawn_on},
        rationale=rationale,
    )
    return proceeding


PROCEEDINGS_STILL_ACTIVE = (
    "Withdraw {person}'s {form} before closing the case for them without an outcome."
)
ADVISORY_REMOVAL_NO_PROCEEDINGS = (
    "Proceedings were withdrawn and will not be brought (PA96 s88L(1)(b))."
)


def close_without_proceedings(
    subject: Subject, *, decided_on: dt.date, reason: str
) -> tuple[str, str, list[ListReport]]:
    """Close the locked ``subject``'s path with no further action on
    ``decided_on``, its proceedings withdrawn for good, and take them off the
    advisory list for ``reason`` (PA96 s88L(1)(b)); the old and new status
    and the further reports made. A step of the services that close (they
    check who may, and write the one audit event)."""
    check_not_future(decided_on, "The decision date")
    old, new = transition(subject, Subject.Status.NO_FURTHER_ACTION)
    subject.save(update_fields=["status", "updated_at"])
    reports = removal_reports(
        subject, ListReport.Kind.ADVISORY, on=decided_on, reason=reason
    )
    return old, new, reports


@transaction.atomic
def subject_close_without_proceedings(
    *, actor: User | None, subject: Subject, decided_on: dt.date, rationale: str
) -> Subject:
    """After proceedings are withdrawn for good, close the subject's path with
    no further action; an advisory list entry is then removed by a further
    report (PA96 s88L)."""
    case, subject = lock_for_subject(subject)
    require_appropriate_authority(actor, case, subject, "close without proceedings")
    rationale = check_rationale(rationale)
    active = active_proceeding_for(subject)
    if active is not None:
        raise ApplicationError(
            PROCEEDINGS_STILL_ACTIVE.format(
                person=subject.person, form=form_label(active.form)
            ),
            rule="subject.proceedings_active",
        )
    old, new, reports = close_without_proceedings(
        subject, decided_on=decided_on, reason=ADVISORY_REMOVAL_NO_PROCEEDINGS
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.SUBJECT_CLOSED_WITHOUT_PROCEEDINGS,
        target=subject,
        old={"status": old},
        new={
            "status": new,
            "decided_on": decided_on,
            "list_reports": {str(r.pk): r.kind for r in reports},
        },
        rationale=rationale,
    )
    return subject
