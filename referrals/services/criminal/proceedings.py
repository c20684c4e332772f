"""Criminal proceedings against a subject: opening them on arrest (or a
summons), bail or release under investigation, and their end by conclusion
or discontinuance (domain.md 2.9)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import User
from conduct.transitions import transition
from referrals.audit import ReferralsAction
from referrals.models import Case, Charge, CriminalProceedings, Plea, Subject, Verdict
from referrals.permissions import require_case_access
from referrals.services.common import (
    case_changed,
    check_case_open,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
)

ALREADY_OPEN = (
    "{person} already has criminal proceedings open on this case (since {on:%d %b %Y})."
)
PROCEEDINGS_ENDED = "These criminal proceedings have ended ({status})."
NOT_UNDER_INVESTIGATION = (
    "Bail or release under investigation can be recorded only before charge."
)
RELEASE_NEEDS_ARREST = "Record the arrest before bail or release under investigation."
UNKNOWN_RELEASE = "Choose bail, release under investigation or remand in custody."
BAIL_RETURN_ONLY_FOR_BAIL = "A bail return date applies only to police bail."


GUILTY_PLEA_MISMATCH = (
    "Count {count} has a guilty plea: it can only end in a conviction."
)


UNDECIDED_CHARGES = "{count} count(s) still await a verdict: record them first."
CONVICTION_NOT_SENTENCED = (
    "There is a conviction but no sentence recorded: record the sentence first."
)
NO_CHARGES = "Add at least one charge before concluding the proceedings."
DISCONTINUE_AFTER_CONVICTION = (
    "Proceedings with a conviction cannot be discontinued: conclude them instead."
)


def lock_criminal_proceedings(
    actor: User | None, proceedings: CriminalProceedings, action: str
) -> tuple[Case, CriminalProceedings]:
    """Lock the case, then the proceedings; refuse if they have ended."""
    case = lock_case(proceedings.case_id)
    require_case_access(actor, case, action)
    locked = (
        CriminalProceedings.objects.select_for_update(of=("self",))
        .select_related("subject__person")
        .get(pk=proceedings.pk)
    )
    if locked.status in {
        CriminalProceedings.Status.CONCLUDED,
        CriminalProceedings.Status.DISCONTINUED,
    }:
        raise ApplicationError(
            PROCEEDINGS_ENDED.format(status=locked.get_status_display().lower()),
            rule="criminal.ended",
        )
    return case, locked


@transaction.atomic
def criminal_proceedings_open(
    *,
    actor: User | None,
    subject: Subject,
    started_on: dt.date,
    arrested_on: dt.date | None = None,
    arrest_location: str = "",
    arrest_notes: str = "",
    reference: str = "",
    court: str = "",
) -> CriminalProceedings:
    """Record that a subject is under criminal investigation, with the arrest
    if there was one."""
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "record criminal proceedings")
    check_case_open(case)
    subject = (
        Subject.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=subject.pk)
    )
    existing = subject.criminal_proceedings.filter(
        status__in=[
            CriminalProceedings.Status.INVESTIGATION,
            CriminalProceedings.Status.CHARGED,
        ]
    ).first()
    if existing is not None:
        raise ApplicationError(
            ALREADY_OPEN.format(person=subject.person, on=existing.started_on),
            rule="criminal.once",
        )
    check_not_future(started_on, "The start of the criminal investigation")
    if arrested_on is not None:
        check_not_future(arrested_on, "The arrest date")
        check_not_before(
            arrested_on,
            started_on,
            "The arrest date",
            "the start of the criminal investigation",
        )
    proceedings = CriminalProceedings.objects.create(
        case=case,
        subject=subject,
        started_on=started_on,
        arrested_on=arrested_on,
        arrest_location=arrest_location.strip(),
        arrest_notes=arrest_notes.strip(),
        reference=reference.strip(),
        court=court.strip(),
        created_by=actor,
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_OPENED,
        target=proceedings,
        new={
            "subject": subject.pk,
            "started_on": started_on,
            "arrested_on": arrested_on,
            "arrest_location": proceedings.arrest_location,
            "status": proceedings.status,
        },
    )
    return proceedings


@transaction.atomic
def criminal_release_record(
    *,
    actor: User | None,
    proceedings: CriminalProceedings,
    release: str,
    released_on: dt.date,
    bail_return_on: dt.date | None = None,
    conditions: str = "",
) -> CriminalProceedings:
    """Record bail, release under investigation or remand after arrest."""
    case, proceedings = lock_criminal_proceedings(
        actor, proceedings, "record bail or release"
    )
    if proceedings.status != CriminalProceedings.Status.INVESTIGATION:
        raise ApplicationError(NOT_UNDER_INVESTIGATION, rule="criminal.release_stage")
    if release not in CriminalProceedings.Release.values:
        raise ApplicationError(UNKNOWN_RELEASE, rule="criminal.release")
    if proceedings.arrested_on is None:
        raise ApplicationError(RELEASE_NEEDS_ARREST, rule="criminal.release_arrest")
    check_not_future(released_on, "The release date")
    check_not_before(
        released_on, proceedings.arrested_on, "The release date", "the arrest"
    )
    if bail_return_on is not None:
        if release != CriminalProceedings.Release.BAIL:
            raise ApplicationError(BAIL_RETURN_ONLY_FOR_BAIL, rule="criminal.bail")
        check_not_before(
            bail_return_on, released_on, "The bail return date", "the release"
        )
    old = {
        "pre_charge_release": proceedings.pre_charge_release,
        "released_on": proceedings.released_on,
    }
    proceedings.pre_charge_release = release
    proceedings.released_on = released_on
    proceedings.bail_return_on = bail_return_on
    proceedings.bail_conditions = conditions.strip()
    proceedings.save(
        update_fields=[
            "pre_charge_release",
            "released_on",
            "bail_return_on",
            "bail_conditions",
            "updated_at",
        ]
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_RELEASED,
        target=proceedings,
        old=old,
        new={
            "pre_charge_release": release,
            "released_on": released_on,
            "bail_return_on": bail_return_on,
        },
    )
    return proceedings


@transaction.atomic
def criminal_proceedings_conclude(
    *, actor: User | None, proceedings: CriminalProceedings, concluded_on: dt.date
) -> CriminalProceedings:
    """Close charged proceedings once every count is decided and any conviction
    sentenced."""
    case, proceedings = lock_criminal_proceedings(
        actor, proceedings, "conclude criminal proceedings"
    )
    charges = list(proceedings.charges.all())
    if not charges:
        raise ApplicationError(NO_CHARGES, rule="criminal.conclude")
    undecided = [charge for charge in charges if not charge.verdict]
    if undecided:
        raise ApplicationError(
            UNDECIDED_CHARGES.format(count=len(undecided)), rule="criminal.conclude"
        )
    convicted = any(charge.verdict == Verdict.CONVICTED for charge in charges)
    if convicted and not proceedings.sentence.exists():
        raise ApplicationError(CONVICTION_NOT_SENTENCED, rule="criminal.conclude")
    check_not_future(concluded_on, "The conclusion date")
    last_event = max(
        [charge.verdict_on for charge in charges if charge.verdict_on]
        + list(proceedings.sentence.values_list("sentenced_on", flat=True))
    )
    check_not_before(
        concluded_on, last_event, "The conclusion date", "the last verdict or sentence"
    )
    old, new = transition(proceedings, CriminalProceedings.Status.CONCLUDED)
    proceedings.ended_on = concluded_on
    proceedings.save(update_fields=["status", "ended_on", "updated_at"])
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_CONCLUDED,
        target=proceedings,
        old={"status": old},
        new={"status": new, "ended_on": concluded_on, "convicted": convicted},
    )
    return proceedings


@transaction.atomic
def criminal_proceedings_discontinue(
    *,
    actor: User | None,
    proceedings: CriminalProceedings,
    discontinued_on: dt.date,
    rationale: str,
) -> CriminalProceedings:
    """No further action before charge, or the prosecution dropped; counts not
    yet decided are marked discontinued."""
    case, proceedings = lock_criminal_proceedings(
        actor, proceedings, "discontinue criminal proceedings"
    )
    rationale = check_rationale(rationale)
    charges = list(proceedings.charges.select_for_update())
    if any(charge.verdict == Verdict.CONVICTED for charge in charges):
        raise ApplicationError(
            DISCONTINUE_AFTER_CONVICTION, rule="criminal.discontinue"
        )
    pending = [charge for charge in charges if not charge.verdict]
    for charge in pending:
        if charge.plea == Plea.GUILTY:
            raise ApplicationError(
                GUILTY_PLEA_MISMATCH.format(count=charge.count_number),
                rule="charge.verdict_plea",
            )
    check_not_future(discontinued_on, "The discontinuance date")
    latest = max(
        [proceedings.anchor_on]
        + [charge.charged_on for charge in charges]
        + [charge.plea_on for charge in charges if charge.plea_on]
        + [charge.verdict_on for charge in charges if charge.verdict_on]
    )
    check_not_before(
        discontinued_on, latest, "The discontinuance date", "the last recorded step"
    )
    old, new = transition(proceedings, CriminalProceedings.Status.DISCONTINUED)
    proceedings.ended_on = discontinued_on
    proceedings.save(update_fields=["status", "ended_on", "updated_at"])
    Charge.objects.filter(pk__in=[charge.pk for charge in pending]).update(
        verdict=Verdict.DISCONTINUED, verdict_on=discontinued_on
    )
    case_changed(
        case,
        actor=actor,
        action=ReferralsAction.CRIMINAL_DISCONTINUED,
        target=proceedings,
        old={"status": old},
        new={
            "status": new,
            "ended_on": discontinued_on,
            "charges_discontinued": [charge.pk for charge in pending],
        },
        rationale=rationale,
    )
    return proceedings
