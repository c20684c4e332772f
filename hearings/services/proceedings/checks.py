"""Checks every step on a proceeding makes: not paused sub judice, not
waiting for a Part 3A determination, not closed, an accelerated hearing's
date inside its window, and the form's name in
messages."""

from __future__ import annotations

import datetime as dt

from conduct.exceptions import ApplicationError
from conduct.formats import govuk_date
from hearings.models import Part3ADetermination, Proceeding
from hearings.rules import outside_hearing_window
from hearings.services.clocks import OBJECTION_UPHELD, hearing_window
from referrals.models import Case, ProceedingsForm, Subject
from referrals.selectors.criminal import proceedings_paused

PROCEEDINGS_PAUSED = (
    "Misconduct proceedings on this case are paused while criminal proceedings "
    "could be prejudiced (PCR r10(3)): resume them first."
)


PART_3A_PENDING = (
    "{person} {left} on {on:%d %b %Y}, before the {form}: it is neither "
    "scheduled nor held until the appropriate authority determines whether the "
    "proceedings continue against the former officer (PCR Part 3A, r21A)."
)


NOT_BEFORE_REFERRAL = "the referral"


OUTSIDE_HEARING_WINDOW = (
    "The accelerated hearing must be held from {first} to {last}: not less "
    "than 10 and not more than 15 working days after the regulation 51(1) "
    "notice was given (PCR r52(1))."
)
OUTSIDE_RESET_WINDOW = (
    "The accelerated hearing must be held from {first} to {last}: not less "
    "than 10 and not more than 15 working days after the person objected to "
    "was replaced (PCR r52(1A))."
)


RESPONSE_AFTER_HELD = "The subject's response is recorded before proceedings are held."
PROCEEDING_CLOSED = "The {form} is {status}: it can no longer change."


def form_label(form: str) -> str:
    return ProceedingsForm(form).label.lower()


def check_not_paused(case: Case) -> None:
    """PCR r10(3): no meeting or hearing while criminal proceedings would be
    prejudiced."""
    if proceedings_paused(case):
        raise ApplicationError(PROCEEDINGS_PAUSED, rule="proceeding.sub_judice")


def check_not_awaiting_part_3a(proceeding: Proceeding, subject: Subject) -> None:
    """PCR Part 3A (r21A(1)(d), inserted by SI 2025/558): once an officer
    referred to a gross misconduct hearing resigns or retires before it, the
    hearing waits for the appropriate authority's determination."""
    pending = (
        Part3ADetermination.objects.filter(
            proceeding=proceeding, status=Part3ADetermination.Status.PENDING
        )
        .select_related("left_by")
        .first()
    )
    if pending is not None:
        raise ApplicationError(
            PART_3A_PENDING.format(
                person=subject.person,
                left=pending.left_by.kind,
                on=pending.left_by.occurred_on,
                form=form_label(proceeding.form),
            ),
            rule="proceeding.part_3a",
        )


def check_not_closed(proceeding: Proceeding) -> None:
    if proceeding.status in Proceeding.CLOSED_STATUSES:
        raise ApplicationError(
            PROCEEDING_CLOSED.format(
                form=form_label(proceeding.form),
                status=proceeding.get_status_display().lower(),
            ),
            rule="proceeding.closed",
        )


def check_in_hearing_window(proceeding: Proceeding, on: dt.date) -> None:
    """PCR r52(1): an accelerated hearing is fixed for, and held on, a day in
    its window, read from the window's clock (``hearings.rules.
    outside_hearing_window``), or in the window an upheld objection re-set
    (r52(1A)); other forms, and a proceeding with no window clock, are not
    held to one."""
    if not proceeding.is_accelerated:
        return
    window = hearing_window(proceeding)
    if window is None:
        return
    first = window.earliest_on
    if not outside_hearing_window(on, first=first, last=window.due_on):
        return
    reset = window.anchor_event == OBJECTION_UPHELD
    raise ApplicationError(
        (OUTSIDE_RESET_WINDOW if reset else OUTSIDE_HEARING_WINDOW).format(
            first=govuk_date(first or window.anchor_on),
            last=govuk_date(window.due_on),
        ),
        rule="proceeding.r52_1a" if reset else "proceeding.r52_1",
    )
