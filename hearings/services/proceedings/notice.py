"""The notice of referral and the subject's response to it (PCR 2020 r30-r31,
r51; PCR 2012 r21-r22)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.regimes import Regime
from hearings.audit import HearingsAction
from hearings.models import Proceeding, ReferralNotice
from hearings.services import clocks
from hearings.services.common import lock_proceeding, require_staff
from hearings.services.proceedings.checks import NOT_BEFORE_REFERRAL, check_not_closed
from referrals.models import ProceedingsForm
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
)

NOTICE_CONTENT_REQUIRED = "Enter the content of the notice."


def notice_title(*, form: str, regime: str) -> str:
    """The notice of referral's name: PCR 2020 r30, or r51 for an accelerated
    hearing. Earlier rules' numbering is not verified, so no number is given."""
    accelerated = form == ProceedingsForm.ACCELERATED_HEARING
    if regime == Regime.R2020:
        return "Regulation 51 notice" if accelerated else "Regulation 30 notice"
    return (
        "Notice of referral to accelerated hearing"
        if accelerated
        else ("Notice of referral to misconduct proceedings")
    )


@transaction.atomic
def proceeding_notice_serve(
    *, actor: User | None, proceeding: Proceeding, served_on: dt.date, content: str
) -> ReferralNotice:
    """Serve the written notice of referral (PCR r30; r51 accelerated)."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "serve a notice of referral")
    check_not_closed(proceeding)
    if not content.strip():
        raise ApplicationError(NOTICE_CONTENT_REQUIRED, rule="notice.content")
    check_not_future(served_on, "The service date")
    check_not_before(
        served_on, proceeding.referred_on, "The service date", NOT_BEFORE_REFERRAL
    )
    notice = ReferralNotice.objects.create(
        proceeding=proceeding,
        title=notice_title(form=proceeding.form, regime=case.regime),
        served_on=served_on,
        served_by=actor,
        content=content.strip(),
    )
    clocks.on_notice_served(
        case=case, proceeding=proceeding, served_on=served_on, actor=actor
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_NOTICE_SERVED,
        target=notice,
        new={
            "proceeding": proceeding.pk,
            "title": notice.title,
            "served_on": served_on,
        },
    )
    return notice


@transaction.atomic
def proceeding_response_record(
    *,
    actor: User | None,
    proceeding: Proceeding,
    received_on: dt.date,
    accepts_conduct: bool,
    account: str = "",
) -> Proceeding:
    """The subject's response to the notice: accepts or denies the conduct,
    with their account (PCR r31)."""
    case, _subject, proceeding = lock_proceeding(proceeding)
    require_staff(actor, case, "record the subject's response")
    check_not_closed(proceeding)
    check_not_future(received_on, "The date received")
    check_not_before(received_on, proceeding.referred_on, "The date", "the referral")
    old = {
        "accepts_conduct": proceeding.accepts_conduct,
        "response_received_on": proceeding.response_received_on,
    }
    proceeding.accepts_conduct = accepts_conduct
    proceeding.subject_account = account.strip()
    proceeding.response_received_on = received_on
    proceeding.save(
        update_fields=[
            "accepts_conduct",
            "subject_account",
            "response_received_on",
            "updated_at",
        ]
    )
    clocks.on_response(
        case=case, proceeding=proceeding, received_on=received_on, actor=actor
    )
    case_changed(
        case,
        actor=actor,
        action=HearingsAction.PROCEEDING_RESPONSE_RECORDED,
        target=proceeding,
        old=old,
        new={"accepts_conduct": accepts_conduct, "response_received_on": received_on},
    )
    return proceeding
