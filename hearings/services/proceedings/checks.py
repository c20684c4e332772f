"""Checks every step on a proceeding makes: not paused sub judice, not closed,
and the form's name in messages."""

from __future__ import annotations

from conduct.exceptions import ApplicationError
from hearings.models import Proceeding
from referrals.models import Case, ProceedingsForm
from referrals.selectors.criminal import proceedings_paused

PROCEEDINGS_PAUSED = (
    "Misconduct proceedings on this case are paused while criminal proceedings "
    "could be prejudiced (PCR r10(3)): resume them first."
)


NOT_BEFORE_REFERRAL = "the referral"


RESPONSE_AFTER_HELD = "The subject's response is recorded before proceedings are held."
PROCEEDING_CLOSED = "The {form} is {status}: it can no longer change."


def form_label(form: str) -> str:
    return ProceedingsForm(form).label.lower()


def check_not_paused(case: Case) -> None:
    """PCR r10(3): no meeting or hearing while criminal proceedings would be
    prejudiced."""
    if proceedings_paused(case):
        raise ApplicationError(PROCEEDINGS_PAUSED, rule="proceeding.sub_judice")


def check_not_closed(proceeding: Proceeding) -> None:
    if proceeding.status in Proceeding.CLOSED_STATUSES:
        raise ApplicationError(
            PROCEEDING_CLOSED.format(
                form=form_label(proceeding.form),
                status=proceeding.get_status_display().lower(),
            ),
            rule="proceeding.closed",
        )
