"""Charges (counts) on criminal proceedings, the plea on each and its verdict."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import Case, Charge, CriminalProceedings, Plea, Verdict
from referrals.services.common import (
    case_changed,
    check_not_before,
    check_not_future,
)
from referrals.services.criminal.proceedings import (
    GUILTY_PLEA_MISMATCH,
    lock_criminal_proceedings,
)

OFFENCE_REQUIRED = "Enter the offence as worded on the charge."
UNKNOWN_PLEA = "Choose a plea of guilty or not guilty."
PLEA_AFTER_VERDICT = "Count {count} has already been decided ({verdict})."
ALREADY_PLEADED_GUILTY = "Count {count} already has a guilty plea ({on:%d %b %Y})."
UNKNOWN_VERDICT = "Choose convicted, acquitted or discontinued."
VERDICT_ALREADY = "Count {count} has already been decided ({verdict})."
CONVICTION_NEEDS_PLEA = (
    "Record the plea on count {count} before the conviction: a count is "
    "decided after the defendant pleads."
)


ACQUITTAL_NEEDS_NOT_GUILTY_PLEA = (
    "Record the not guilty plea on count {count} before an acquittal."
)


def lock_charge(
    actor: User | None, charge: Charge, action: str
) -> tuple[Case, CriminalProceedings, Charge]:
    case, proceedings = lock_criminal_proceedings(actor, charge.proceedings, action)
    return case, proceedings, Charge.objects.select_for_update().get(pk=charge.pk)


@transaction.atomic
def charge_add(
    *,
    actor: User | None,
    proceedings: CriminalProceedings,
    offence: str,
    charged_on: dt.date,
) -> Charge:
    """Add a charge (the next count); the first one moves the proceedings to
    charged."""
    case, proceedings = lock_criminal_proceedings(actor, proceedings, "record a charge")
    offence = offence.strip()
    if not offence:
        raise ApplicationError(OFFENCE_REQUIRED, rule="charge.offence")
    check_not_future(charged_on, "The charge date")
    check_not_before(
        charged_on,
        proceedings.anchor_on,
        "The charge date",
        "the arrest" if proceedings.arrested_on else "the start of the investigation",
    )
    old_status = new_status = proceedings.status
    if proceedings.status == CriminalProceedings.Status.INVESTIGATION:
        old_status, new_status = transition(
            proceedings, CriminalProceedings.Status.CHARGED
        )
        proceedings.save(update_fields=["status", "updated_at"])
    last = proceedings.charges.order_by("-count_number").first()
    charge = Charge.objects.create(
        proceedings=proceedings,
        count_number=(last.count_number + 1) if last else 1,
        offence=offence,
        charged_on=charged_on,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_CHARGED,
        target=charge,
        old={"proceedings_status": old_status},
        new={
            "proceedings": proceedings.pk,
            "proceedings_status": new_status,
            "count_number": charge.count_number,
            "offence": offence,
            "charged_on": charged_on,
        },
    )
    return charge


@transaction.atomic
def charge_plea_record(
    *, actor: User | None, charge: Charge, plea: str, plea_on: dt.date
) -> Charge:
    """Record the plea on a count; a not guilty plea may later change to guilty."""
    case, _proceedings, charge = lock_charge(actor, charge, "record a plea")
    if plea not in {Plea.GUILTY, Plea.NOT_GUILTY}:
        raise ApplicationError(UNKNOWN_PLEA, rule="charge.plea")
    if charge.verdict:
        raise ApplicationError(
            PLEA_AFTER_VERDICT.format(
                count=charge.count_number,
                verdict=charge.get_verdict_display().lower(),
            ),
            rule="charge.plea_after_verdict",
        )
    if charge.plea == Plea.GUILTY:
        raise ApplicationError(
            ALREADY_PLEADED_GUILTY.format(count=charge.count_number, on=charge.plea_on),
            rule="charge.plea_guilty",
        )
    check_not_future(plea_on, "The plea date")
    check_not_before(plea_on, charge.charged_on, "The plea date", "the charge")
    check_not_before(plea_on, charge.plea_on, "The plea date", "the earlier plea")
    old = {"plea": charge.plea, "plea_on": charge.plea_on}
    charge.plea = plea
    charge.plea_on = plea_on
    charge.save(update_fields=["plea", "plea_on", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_PLEA_RECORDED,
        target=charge,
        old=old,
        new={"plea": plea, "plea_on": plea_on},
    )
    return charge


@transaction.atomic
def charge_verdict_record(
    *, actor: User | None, charge: Charge, verdict: str, verdict_on: dt.date
) -> Charge:
    """Record how a count was decided: conviction (on plea or after trial),
    acquittal, or discontinuance by the prosecution."""
    case, _proceedings, charge = lock_charge(actor, charge, "record a verdict")
    if verdict not in Verdict.values:
        raise ApplicationError(UNKNOWN_VERDICT, rule="charge.verdict")
    count = charge.count_number
    if charge.verdict:
        raise ApplicationError(
            VERDICT_ALREADY.format(
                count=count, verdict=charge.get_verdict_display().lower()
            ),
            rule="charge.verdict_once",
        )
    if verdict == Verdict.CONVICTED and charge.plea == Plea.NOT_ENTERED:
        raise ApplicationError(
            CONVICTION_NEEDS_PLEA.format(count=count), rule="charge.verdict_plea"
        )
    if verdict != Verdict.CONVICTED and charge.plea == Plea.GUILTY:
        raise ApplicationError(
            GUILTY_PLEA_MISMATCH.format(count=count), rule="charge.verdict_plea"
        )
    if verdict == Verdict.ACQUITTED and charge.plea != Plea.NOT_GUILTY:
        raise ApplicationError(
            ACQUITTAL_NEEDS_NOT_GUILTY_PLEA.format(count=count),
            rule="charge.verdict_plea",
        )
    check_not_future(verdict_on, "The verdict date")
    check_not_before(verdict_on, charge.charged_on, "The verdict date", "the charge")
    check_not_before(verdict_on, charge.plea_on, "The verdict date", "the plea")
    charge.verdict = verdict
    charge.verdict_on = verdict_on
    charge.save(update_fields=["verdict", "verdict_on", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_VERDICT_RECORDED,
        target=charge,
        new={"verdict": verdict, "verdict_on": verdict_on, "plea": charge.plea},
    )
    return charge
