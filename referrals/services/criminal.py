"""Criminal proceedings beside the case: arrest, release, charges, pleas,
verdicts, sentence, and the sub judice pause of misconduct proceedings
(PCR r10(3), r49(3); domain.md 2.9)."""

from __future__ import annotations

import datetime as dt
import decimal

from django.db import transaction

from conduct.exceptions import ApplicationError
from conduct.models import Role, User
from conduct.services.audit import audit_record
from conduct.transitions import transition
from referrals.models import (
    Case,
    Charge,
    CriminalProceedings,
    Plea,
    SentenceComponent,
    Subject,
    SubJudicePeriod,
    Verdict,
)
from referrals.permissions import require_case_access, require_role
from referrals.services.common import (
    check_case_open,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
    touch_case,
)
from referrals.services.deadlines import deadlines_pause, deadlines_resume

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
GUILTY_PLEA_MISMATCH = (
    "Count {count} has a guilty plea: it can only end in a conviction."
)
ACQUITTAL_NEEDS_NOT_GUILTY_PLEA = (
    "Record the not guilty plea on count {count} before an acquittal."
)
UNKNOWN_KIND = "Choose the kind of sentence or order."
SENTENCE_NOT_CHARGED = "Sentence can be recorded only on charged proceedings."
SENTENCE_NEEDS_CHARGE = "Choose the count this {kind} is passed on."
CHARGE_OTHER_PROCEEDINGS = "That count belongs to other criminal proceedings."
SENTENCE_WITHOUT_CONVICTION = (
    "Count {count} has no conviction: sentence follows conviction only."
)
SENTENCE_NO_CONVICTION = (
    "There is no conviction in these proceedings: sentence follows conviction only."
)
SENTENCE_BEFORE_CONVICTION = (
    "The sentence date ({value:%d %b %Y}) cannot be before the conviction on "
    "count {count} ({on:%d %b %Y})."
)
CUSTODY_NEEDS_LENGTH = "Give the length of the {kind} in months."
CONCURRENT_NEEDS_CHARGE = (
    "Choose the count whose custodial term this one runs alongside."
)
CONCURRENT_SAME_CHARGE = (
    "A term cannot run concurrently with itself: choose another count."
)
CONCURRENT_NEEDS_CUSTODY = (
    "Record the custodial term on count {count} before a term concurrent with it."
)
SHPO_NEEDS_DURATION = (
    "Give the SHPO's duration in years, or mark it as until further order."
)
NOTIFICATION_NEEDS_DURATION = (
    "Give the notification period in years, or mark it as indefinite."
)
DURATION_AND_INDEFINITE = "Give a duration in years or mark it indefinite, not both."
ORDER_ALREADY_RECORDED = "A {kind} is already recorded for these proceedings."
CUSTODY_ALREADY_RECORDED = "Count {count} already has a custodial term."
FINE_NEEDS_AMOUNT = "Give the amount of the fine."
OTHER_NEEDS_DESCRIPTION = "Describe the sentence or order."
UNDECIDED_CHARGES = "{count} count(s) still await a verdict: record them first."
CONVICTION_NOT_SENTENCED = (
    "There is a conviction but no sentence recorded: record the sentence first."
)
NO_CHARGES = "Add at least one charge before concluding the proceedings."
DISCONTINUE_AFTER_CONVICTION = (
    "Proceedings with a conviction cannot be discontinued: conclude them instead."
)
ALREADY_PAUSED = "Misconduct proceedings are already paused (since {on:%d %b %Y})."
NOT_PAUSED = "Misconduct proceedings are not paused, so they cannot be resumed."
PAUSE_OVERLAPS = (
    "The pause cannot start on {value:%d %b %Y}: the previous pause ran until "
    "{ended:%d %b %Y}."
)

DECIDERS = frozenset({Role.PSD_SUPERVISOR})
CUSTODIAL_KINDS = frozenset(
    {
        SentenceComponent.Kind.CUSTODY,
        SentenceComponent.Kind.CONCURRENT_CUSTODY,
        SentenceComponent.Kind.SUSPENDED_SENTENCE,
    }
)


def _lock_proceedings(
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


def _lock_charge(
    actor: User | None, charge: Charge, action: str
) -> tuple[Case, CriminalProceedings, Charge]:
    case, proceedings = _lock_proceedings(actor, charge.proceedings, action)
    return case, proceedings, Charge.objects.select_for_update().get(pk=charge.pk)


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
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.opened",
        target=proceedings,
        case_id=case.pk,
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
    case, proceedings = _lock_proceedings(actor, proceedings, "record bail or release")
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
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.released",
        target=proceedings,
        case_id=case.pk,
        old=old,
        new={
            "pre_charge_release": release,
            "released_on": released_on,
            "bail_return_on": bail_return_on,
        },
    )
    return proceedings


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
    case, proceedings = _lock_proceedings(actor, proceedings, "record a charge")
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
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.charged",
        target=charge,
        case_id=case.pk,
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
    case, _proceedings, charge = _lock_charge(actor, charge, "record a plea")
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
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.plea_recorded",
        target=charge,
        case_id=case.pk,
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
    case, _proceedings, charge = _lock_charge(actor, charge, "record a verdict")
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
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.verdict_recorded",
        target=charge,
        case_id=case.pk,
        new={"verdict": verdict, "verdict_on": verdict_on, "plea": charge.plea},
    )
    return charge


def _check_sentence_shape(  # noqa: PLR0912 - one refusal per rule of the kind
    *,
    kind: str,
    charge: Charge | None,
    length_months: int | None,
    concurrent_with: Charge | None,
    duration_years: int | None,
    indefinite: bool,
    amount: decimal.Decimal | None,
    description: str,
) -> None:
    label = SentenceComponent.Kind(kind).label.lower()
    if kind in CUSTODIAL_KINDS:
        if charge is None:
            raise ApplicationError(
                SENTENCE_NEEDS_CHARGE.format(kind=label), rule="sentence.charge"
            )
        if not length_months or length_months <= 0:
            raise ApplicationError(
                CUSTODY_NEEDS_LENGTH.format(kind=label), rule="sentence.length"
            )
    if kind == SentenceComponent.Kind.CONCURRENT_CUSTODY:
        if concurrent_with is None:
            raise ApplicationError(CONCURRENT_NEEDS_CHARGE, rule="sentence.concurrent")
        if charge is not None and concurrent_with.pk == charge.pk:
            raise ApplicationError(CONCURRENT_SAME_CHARGE, rule="sentence.concurrent")
    elif concurrent_with is not None:
        raise ApplicationError(
            "Only a concurrent custodial term runs alongside another count.",
            rule="sentence.concurrent",
        )
    if kind in {SentenceComponent.Kind.SHPO, SentenceComponent.Kind.NOTIFICATION}:
        if duration_years is not None and indefinite:
            raise ApplicationError(DURATION_AND_INDEFINITE, rule="sentence.duration")
        if not indefinite and (duration_years is None or duration_years <= 0):
            message = (
                SHPO_NEEDS_DURATION
                if kind == SentenceComponent.Kind.SHPO
                else NOTIFICATION_NEEDS_DURATION
            )
            raise ApplicationError(message, rule="sentence.duration")
    elif duration_years is not None or indefinite:
        raise ApplicationError(
            "A duration in years applies only to an SHPO or notification.",
            rule="sentence.duration",
        )
    if kind == SentenceComponent.Kind.FINE and (amount is None or amount <= 0):
        raise ApplicationError(FINE_NEEDS_AMOUNT, rule="sentence.amount")
    if kind == SentenceComponent.Kind.OTHER and not description.strip():
        raise ApplicationError(OTHER_NEEDS_DESCRIPTION, rule="sentence.description")


def _check_not_duplicated(
    *,
    proceedings: CriminalProceedings,
    kind: str,
    charge: Charge | None,
    concurrent_with: Charge | None,
) -> None:
    """One custodial term per count, one SHPO and one notification per
    proceedings; a concurrent term needs the term it runs alongside."""
    existing = proceedings.sentence.all()
    if (
        kind in CUSTODIAL_KINDS
        and existing.filter(charge=charge, kind__in=CUSTODIAL_KINDS).exists()
    ):
        assert charge is not None  # custodial kinds always name a count
        raise ApplicationError(
            CUSTODY_ALREADY_RECORDED.format(count=charge.count_number),
            rule="sentence.custody_once",
        )
    if kind == SentenceComponent.Kind.CONCURRENT_CUSTODY:
        assert concurrent_with is not None
        if not existing.filter(
            charge=concurrent_with, kind=SentenceComponent.Kind.CUSTODY
        ).exists():
            raise ApplicationError(
                CONCURRENT_NEEDS_CUSTODY.format(count=concurrent_with.count_number),
                rule="sentence.concurrent",
            )
    if (
        kind in {SentenceComponent.Kind.SHPO, SentenceComponent.Kind.NOTIFICATION}
        and existing.filter(kind=kind).exists()
    ):
        raise ApplicationError(
            ORDER_ALREADY_RECORDED.format(
                kind=SentenceComponent.Kind(kind).label.lower()
            ),
            rule="sentence.order_once",
        )


@transaction.atomic
def sentence_component_add(
    *,
    actor: User | None,
    proceedings: CriminalProceedings,
    kind: str,
    sentenced_on: dt.date,
    charge: Charge | None = None,
    length_months: int | None = None,
    concurrent_with: Charge | None = None,
    duration_years: int | None = None,
    indefinite: bool = False,
    amount: decimal.Decimal | None = None,
    description: str = "",
) -> SentenceComponent:
    """Record one part of the sentence, or an ancillary order, on conviction."""
    case, proceedings = _lock_proceedings(actor, proceedings, "record a sentence")
    if proceedings.status != CriminalProceedings.Status.CHARGED:
        raise ApplicationError(SENTENCE_NOT_CHARGED, rule="sentence.stage")
    if kind not in SentenceComponent.Kind.values:
        raise ApplicationError(UNKNOWN_KIND, rule="sentence.kind")
    for count in (charge, concurrent_with):
        if count is not None and count.proceedings_id != proceedings.pk:
            raise ApplicationError(CHARGE_OTHER_PROCEEDINGS, rule="sentence.charge")
    charges = {item.pk: item for item in proceedings.charges.all()}
    charge = charges[charge.pk] if charge is not None else None
    concurrent_with = (
        charges[concurrent_with.pk] if concurrent_with is not None else None
    )
    _check_sentence_shape(
        kind=kind,
        charge=charge,
        length_months=length_months,
        concurrent_with=concurrent_with,
        duration_years=duration_years,
        indefinite=indefinite,
        amount=amount,
        description=description,
    )
    convictions = [
        item for item in charges.values() if item.verdict == Verdict.CONVICTED
    ]
    if charge is not None:
        if charge.verdict != Verdict.CONVICTED:
            raise ApplicationError(
                SENTENCE_WITHOUT_CONVICTION.format(count=charge.count_number),
                rule="sentence.conviction",
            )
        convictions = [charge]
    elif not convictions:
        raise ApplicationError(SENTENCE_NO_CONVICTION, rule="sentence.conviction")
    check_not_future(sentenced_on, "The sentence date")
    for convicted in convictions:
        if convicted.verdict_on is not None and sentenced_on < convicted.verdict_on:
            raise ApplicationError(
                SENTENCE_BEFORE_CONVICTION.format(
                    value=sentenced_on,
                    count=convicted.count_number,
                    on=convicted.verdict_on,
                ),
                rule="date.order",
            )
    _check_not_duplicated(
        proceedings=proceedings,
        kind=kind,
        charge=charge,
        concurrent_with=concurrent_with,
    )
    component = SentenceComponent.objects.create(
        proceedings=proceedings,
        charge=charge,
        kind=kind,
        sentenced_on=sentenced_on,
        length_months=length_months,
        concurrent_with=concurrent_with,
        duration_years=duration_years,
        indefinite=indefinite,
        amount=amount,
        description=description.strip(),
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.sentence_recorded",
        target=component,
        case_id=case.pk,
        new={
            "proceedings": proceedings.pk,
            "kind": kind,
            "charge": charge,
            "sentenced_on": sentenced_on,
            "length_months": length_months,
            "concurrent_with": concurrent_with,
            "duration_years": duration_years,
            "indefinite": indefinite,
            "amount": amount,
        },
    )
    return component


@transaction.atomic
def criminal_proceedings_conclude(
    *, actor: User | None, proceedings: CriminalProceedings, concluded_on: dt.date
) -> CriminalProceedings:
    """Close charged proceedings once every count is decided and any conviction
    sentenced."""
    case, proceedings = _lock_proceedings(
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
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.concluded",
        target=proceedings,
        case_id=case.pk,
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
    case, proceedings = _lock_proceedings(
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
    touch_case(case)
    audit_record(
        actor=actor,
        action="criminal.discontinued",
        target=proceedings,
        case_id=case.pk,
        old={"status": old},
        new={
            "status": new,
            "ended_on": discontinued_on,
            "charges_discontinued": [charge.pk for charge in pending],
        },
        rationale=rationale,
    )
    return proceedings


@transaction.atomic
def criminal_sub_judice_set(
    *,
    actor: User | None,
    case: Case,
    paused: bool,
    rationale: str,
    on: dt.date,
) -> SubJudicePeriod:
    """Pause misconduct proceedings because they would prejudice criminal
    proceedings (PCR r10(3)), or resume them (PCR r49(3)). A decision of the
    appropriate authority; each pause is one dated SubJudicePeriod."""
    case = lock_case(case)
    require_role(actor, DECIDERS, "pause or resume misconduct proceedings")
    require_case_access(actor, case, "pause or resume misconduct proceedings")
    rationale = check_rationale(rationale)
    check_not_future(on, "The date")
    current = (
        SubJudicePeriod.objects.select_for_update()
        .filter(case=case, ended_on__isnull=True)
        .first()
    )
    if paused:
        check_case_open(case)
        if current is not None:
            raise ApplicationError(
                ALREADY_PAUSED.format(on=current.started_on), rule="sub_judice.paused"
            )
        check_not_before(on, case.came_to_attention_on, "The pause", "the case date")
        previous = (
            SubJudicePeriod.objects.filter(case=case).order_by("-ended_on").first()
        )
        if previous is not None and previous.ended_on and on < previous.ended_on:
            raise ApplicationError(
                PAUSE_OVERLAPS.format(value=on, ended=previous.ended_on),
                rule="sub_judice.overlap",
            )
        period = SubJudicePeriod.objects.create(
            case=case, started_on=on, started_by=actor, start_rationale=rationale
        )
        clocks = deadlines_pause(case=case, on=on, actor=actor)
        action = "case.misconduct_paused"
        old_values: dict[str, object] = {"misconduct_paused": False}
    else:
        if current is None:
            raise ApplicationError(NOT_PAUSED, rule="sub_judice.not_paused")
        check_not_before(on, current.started_on, "The resumption", "the pause")
        period = current
        period.ended_on = on
        period.ended_by = actor
        period.end_rationale = rationale
        period.save(
            update_fields=["ended_on", "ended_by", "end_rationale", "updated_at"]
        )
        clocks = deadlines_resume(case=case, on=on, actor=actor)
        action = "case.misconduct_resumed"
        old_values = {"misconduct_paused": True, "started_on": period.started_on}
    touch_case(case)
    audit_record(
        actor=actor,
        action=action,
        target=period,
        case_id=case.pk,
        old=old_values,
        new={"misconduct_paused": paused, "on": on, "deadlines": clocks},
        rationale=rationale,
    )
    return period
