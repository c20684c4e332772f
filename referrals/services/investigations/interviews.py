"""Interviews of a subject: arranging one (with the subject's alternative date,
PCR r20(5)) and recording it as held."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.services.audit import audit_record
from referrals.audit import ReferralsAction
from referrals.models import Interview, Subject
from referrals.permissions import require_case_access
from referrals.services.common import (
    check_not_before,
    check_not_future,
    lock_case,
    touch_case,
)
from referrals.services.investigations.investigation import subject_under_investigation

INTERVIEW_BEFORE_NOTICE = (
    "{person} cannot be interviewed before the written notice is served (PCR r20(2))."
)
ALTERNATIVE_BEFORE_PROPOSED = "The alternative date must be after the proposed date."
INTERVIEW_ALREADY_HELD = "This interview was already recorded as held."


@transaction.atomic
def interview_schedule(
    *,
    actor: User | None,
    subject: Subject,
    proposed_on: dt.date,
    alternative_on: dt.date | None = None,
) -> Interview:
    """Fix an interview date; the subject may propose an alternative (PCR r20)."""
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "schedule an interview")
    subject = subject_under_investigation(subject)
    first_notice = subject.notices.order_by("served_on").first()
    if first_notice is None:
        raise ApplicationError(
            INTERVIEW_BEFORE_NOTICE.format(person=subject.person),
            rule="interview.before_notice",
        )
    check_not_before(proposed_on, first_notice.served_on, "The interview", "the notice")
    if alternative_on is not None and alternative_on <= proposed_on:
        raise ApplicationError(
            ALTERNATIVE_BEFORE_PROPOSED, rule="interview.alternative"
        )
    interview = Interview.objects.create(
        subject=subject, proposed_on=proposed_on, alternative_on=alternative_on
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action=ReferralsAction.INTERVIEW_SCHEDULED,
        target=interview,
        case_id=case.pk,
        new={"proposed_on": proposed_on, "alternative_on": alternative_on},
    )
    return interview


@transaction.atomic
def interview_record(
    *,
    actor: User | None,
    interview: Interview,
    held_on: dt.date,
    attended: bool,
    no_comment: bool = False,
    notes: str = "",
) -> Interview:
    case = lock_case(interview.subject.case_id)
    require_case_access(actor, case, "record an interview")
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.held_on is not None:
        raise ApplicationError(INTERVIEW_ALREADY_HELD, rule="interview.held")
    check_not_future(held_on, "The interview date")
    check_not_before(held_on, interview.proposed_on, "The interview", "the date fixed")
    if no_comment and not attended:
        raise ApplicationError(
            "A no-comment interview needs the subject to attend.",
            rule="interview.no_comment",
        )
    interview.held_on = held_on
    interview.attended = attended
    interview.no_comment = no_comment
    interview.notes = notes
    interview.save(
        update_fields=["held_on", "attended", "no_comment", "notes", "updated_at"]
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action=ReferralsAction.INTERVIEW_RECORDED,
        target=interview,
        case_id=case.pk,
        new={"held_on": held_on, "attended": attended, "no_comment": no_comment},
    )
    return interview
