"""Intake: cases, parties, subjects, allegations and severity assessments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db import transaction

from conduct.exceptions import ApplicationError, StaleVersion
from conduct.models import Force, Person, PersonRole, Role, Standard, User
from conduct.regimes import regime_for
from conduct.services.audit import audit_record
from conduct.services.people import person_create, person_role_add
from conduct.transitions import transition
from referrals.models import (
    IOPC_MODES,
    Allegation,
    Case,
    CaseParty,
    IOPCReferral,
    Severity,
    SeverityAssessment,
    Subject,
)
from referrals.permissions import (
    IOPC_ROLES,
    PSD_ROLES,
    require_case_access,
    require_member_of_appropriate_authority,
    require_role,
)
from referrals.selectors.cases import person_version
from referrals.services.common import (
    check_case_open,
    check_not_before,
    check_not_future,
    check_rationale,
    lock_case,
    touch_case,
)

#: Who may restrict a case to named users: a PSD supervisor.
RESTRICT_ROLES = frozenset({Role.PSD_SUPERVISOR})
#: Who may record people and their roles: PSD and IOPC staff.
PEOPLE_RECORDERS = PSD_ROLES | IOPC_ROLES

IOPC_REFERENCE_PATTERN = re.compile(r"^\d{4}/\d{6}$")
IOPC_REFERENCE_WARNING = (
    "IOPC references usually look like 2016/077885 (year, slash, six digits)."
)
REFERENCE_REQUIRED = "Enter the force's reference for this case."
REFERENCE_TAKEN = "{force} already has a case with reference {reference}."
SUMMARY_REQUIRED = "Enter a summary of the matter."
COMPLAINT_DATE_REQUIRED = "Enter the date the complaint was made."
ROLE_NOT_THE_PERSONS = "That role belongs to someone else."
ALLEGATION_NEEDS_STANDARD = "Choose at least one Standard of Professional Behaviour."
SUBJECT_NOT_OPEN_FOR_ALLEGATIONS = (
    "Allegations can be added only before the investigation report "
    "(the subject is {status})."
)
IOPC_ASSESSMENT_NEEDS_MODE = (
    "The IOPC assesses severity only in directed or independent investigations."
)
SUBJECTS_STILL_OPEN = "{count} subject(s) have not reached a final outcome."


def iopc_reference_warning(reference: str) -> str | None:
    """A soft warning (never a refusal) for an unusual IOPC reference."""
    if reference and not IOPC_REFERENCE_PATTERN.match(reference):
        return IOPC_REFERENCE_WARNING
    return None


#: Who records a new case: PSD staff (the IOPC acts on referred cases).
RECORDING_ROLES = PSD_ROLES


def may_record_cases(user: User | None) -> bool:
    """Whether ``user``'s role may record a case (the rule ``case_create``
    applies), for interfaces deciding what to offer."""
    return user is not None and user.role in RECORDING_ROLES


@transaction.atomic
def case_create(
    *,
    actor: User | None,
    force: Force,
    reference: str,
    trigger: str,
    came_to_attention_on: dt.date,
    summary: str,
    complaint_made_on: dt.date | None = None,
    iopc_reference: str = "",
) -> Case:
    """Record a complaint, conduct matter or DSI matter; fix its regime."""
    require_role(actor, RECORDING_ROLES, "record a case")
    if actor is not None and not actor.memberships.filter(force=force).exists():
        raise ApplicationError(
            f"You do not work for {force}.", rule="case.force_membership"
        )
    reference = reference.strip()
    if not reference:
        raise ApplicationError(REFERENCE_REQUIRED, rule="case.reference")
    if not summary.strip():
        raise ApplicationError(SUMMARY_REQUIRED, rule="case.summary")
    if trigger not in Case.Trigger.values:
        raise ApplicationError(f"Unknown trigger {trigger!r}.", rule="case.trigger")
    check_not_future(came_to_attention_on, "The date it came to attention")
    if trigger == Case.Trigger.PUBLIC_COMPLAINT:
        if complaint_made_on is None:
            raise ApplicationError(COMPLAINT_DATE_REQUIRED, rule="case.complaint_date")
        check_not_future(complaint_made_on, "The date the complaint was made")
    if Case.objects.filter(force=force, reference=reference).exists():
        raise ApplicationError(
            REFERENCE_TAKEN.format(force=force, reference=reference),
            rule="case.reference_unique",
        )
    # A complaint falls under the rules in force when it was made (PCR r3).
    regime_date = complaint_made_on or came_to_attention_on
    case = Case.objects.create(
        force=force,
        reference=reference,
        trigger=trigger,
        came_to_attention_on=came_to_attention_on,
        complaint_made_on=complaint_made_on,
        summary=summary.strip(),
        iopc_reference=iopc_reference.strip(),
        regime=regime_for(regime_date).value,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="case.created",
        target=case,
        case_id=case.pk,
        new={
            "reference": reference,
            "force": force.code,
            "trigger": trigger,
            "came_to_attention_on": came_to_attention_on,
            "regime": case.regime,
        },
    )
    return case


@transaction.atomic
def case_party_add(
    *, actor: User | None, case: Case, kind: str, name: str, contact: str = ""
) -> CaseParty:
    case = lock_case(case)
    require_case_access(actor, case, "add a complainant or interested person")
    if kind not in CaseParty.Kind.values or not name.strip():
        raise ApplicationError("Enter the person's name and kind.", rule="party")
    party = CaseParty.objects.create(
        case=case, kind=kind, name=name.strip(), contact=contact
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="case.party_added",
        target=party,
        case_id=case.pk,
        new={"kind": kind, "name": party.name},
    )
    return party


@transaction.atomic
def case_iopc_reference_set(
    *, actor: User | None, case: Case, iopc_reference: str
) -> Case:
    case = lock_case(case)
    require_case_access(actor, case, "set the IOPC reference")
    old = case.iopc_reference
    case.iopc_reference = iopc_reference.strip()
    case.save(update_fields=["iopc_reference", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action="case.iopc_reference_set",
        target=case,
        case_id=case.pk,
        old={"iopc_reference": old},
        new={"iopc_reference": case.iopc_reference},
    )
    return case


@transaction.atomic
def case_restrict(
    *,
    actor: User | None,
    case: Case,
    restricted: bool,
    users: Iterable[User] = (),
    rationale: str,
) -> Case:
    """Restrict a case to named users (or lift the restriction)."""
    case = lock_case(case)
    require_role(actor, RESTRICT_ROLES, "restrict a case")
    require_case_access(actor, case, "restrict a case")
    rationale = check_rationale(rationale)
    named = list(users)
    if restricted and actor is not None and actor not in named:
        named.append(actor)  # never lock yourself out of a case you restrict
    old = {
        "restricted": case.restricted,
        "users": list(case.restricted_to.values_list("pk", flat=True)),
    }
    case.restricted = restricted
    case.save(update_fields=["restricted", "updated_at"])
    case.restricted_to.set(named if restricted else [])
    touch_case(case)
    audit_record(
        actor=actor,
        action="case.restriction_changed",
        target=case,
        case_id=case.pk,
        old=old,
        new={"restricted": restricted, "users": [user.pk for user in named]},
        rationale=rationale,
    )
    return case


@transaction.atomic
def case_close(
    *, actor: User | None, case: Case, closed_on: dt.date, rationale: str
) -> Case:
    case = lock_case(case)
    require_case_access(actor, case, "close a case")
    rationale = check_rationale(rationale)
    check_not_before(closed_on, case.came_to_attention_on, "Closed on", "the case date")
    final = {
        Subject.Status.REFLECTIVE_PRACTICE,
        Subject.Status.MANAGEMENT_ACTION,
        Subject.Status.NO_FURTHER_ACTION,
        Subject.Status.CONCLUDED,
    }
    open_count = case.subjects.exclude(status__in=final).count()
    if open_count:
        raise ApplicationError(
            SUBJECTS_STILL_OPEN.format(count=open_count), rule="case.open_subjects"
        )
    old, new = transition(case, Case.Status.CLOSED)
    case.closed_on = closed_on
    case.save(update_fields=["status", "closed_on", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action="case.closed",
        target=case,
        case_id=case.pk,
        old={"status": old},
        new={"status": new, "closed_on": closed_on},
        rationale=rationale,
    )
    return case


@transaction.atomic
def case_reopen(*, actor: User | None, case: Case, rationale: str) -> Case:
    case = lock_case(case)
    require_case_access(actor, case, "reopen a case")
    rationale = check_rationale(rationale)
    old, new = transition(case, Case.Status.OPEN)
    case.closed_on = None
    case.save(update_fields=["status", "closed_on", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action="case.reopened",
        target=case,
        case_id=case.pk,
        old={"status": old},
        new={"status": new},
        rationale=rationale,
    )
    return case


@transaction.atomic
def subject_add(
    *,
    actor: User | None,
    case: Case,
    person: Person,
    role: PersonRole,
    appropriate_authority: Force | None = None,
) -> Subject:
    """Add a person to the case as a subject, in the role they held at the time."""
    case = lock_case(case)
    require_case_access(actor, case, "add a subject")
    check_case_open(case)
    if role.person_id != person.pk:
        raise ApplicationError(ROLE_NOT_THE_PERSONS, rule="subject.role")
    if case.subjects.filter(person=person).exists():
        raise ApplicationError(
            f"{person} is already a subject of this case.", rule="subject.unique"
        )
    subject = Subject.objects.create(
        case=case,
        person=person,
        role=role,
        appropriate_authority=appropriate_authority or role.force,
    )
    touch_case(case)
    audit_record(
        actor=actor,
        action="subject.added",
        target=subject,
        case_id=case.pk,
        new={
            "person": person.pk,
            "role": role.pk,
            "appropriate_authority": subject.appropriate_authority.code,
            "status": subject.status,
        },
    )
    return subject


PERSON_ALREADY_RECORDED = (
    "{person} ({born}) is already recorded: add them with "
    "\u201cAdd a subject\u201d instead."
)
IDENTIFIER_IN_USE = (
    "{force} already has {identifier} for {person}: add them with "
    "\u201cAdd a subject\u201d, or check the number."
)
ROLE_ALREADY_HELD = (
    "{person} already holds a current {kind} role in {force} (since "
    "{since:%d %b %Y}): record an employment event on it instead."
)
ROLE_BEFORE_BIRTH = "The role cannot start before the person was born."


def _check_not_recorded(
    *, given_names: str, family_name: str, date_of_birth: dt.date | None
) -> None:
    """Refuse someone who looks already recorded: the same name and date of
    birth. One person across cases is what the integrity view relies on."""
    if date_of_birth is None:
        return
    same = (
        Person.objects.filter(
            given_names__iexact=given_names.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=date_of_birth,
        )
        .order_by("id")
        .first()
    )
    if same is not None:
        raise ApplicationError(
            PERSON_ALREADY_RECORDED.format(
                person=same, born=f"born {date_of_birth:%d %b %Y}"
            ),
            rule="person.duplicate",
        )


def _check_identifier_free(*, force: Force, identifier: str) -> None:
    """Refuse a collar, warrant or staff number a current role in the force
    already carries. The force's row is locked (FOR NO KEY UPDATE, which does
    not block rows that refer to the force) so two recordings in one force
    check and insert one after the other."""
    if not identifier.strip():
        return
    Force.objects.select_for_update(no_key=True).filter(pk=force.pk).exists()
    taken = (
        PersonRole.objects.filter(
            force=force, identifier__iexact=identifier.strip(), ended_on=None
        )
        .select_related("person")
        .first()
    )
    if taken is not None:
        raise ApplicationError(
            IDENTIFIER_IN_USE.format(
                force=force.name, identifier=identifier.strip(), person=taken.person
            ),
            rule="person_role.identifier",
        )


def _check_role_dates(*, started_on: dt.date, date_of_birth: dt.date | None) -> None:
    check_not_future(started_on, "The date the role started")
    if date_of_birth is not None:
        check_not_future(date_of_birth, "The date of birth")
        if started_on < date_of_birth:
            raise ApplicationError(ROLE_BEFORE_BIRTH, rule="person_role.started_on")


@transaction.atomic
def subject_add_new_person(
    *,
    actor: User | None,
    case: Case,
    given_names: str,
    family_name: str,
    date_of_birth: dt.date | None,
    kind: str,
    force: Force,
    started_on: dt.date,
    rank: str = "",
    identifier: str = "",
    job_title: str = "",
    appropriate_authority: Force | None = None,
) -> Subject:
    """Record a person not yet known (with the role they held at the time)
    and add them to the case as a subject, all or nothing. Refuses someone
    who looks already recorded (the same name and date of birth, or the same
    collar or staff number in the same force): they are one person across
    cases, which the integrity view relies on."""
    case = lock_case(case)
    require_role(actor, PEOPLE_RECORDERS, "record a person")
    require_case_access(actor, case, "add a subject")
    check_case_open(case)
    _check_role_dates(started_on=started_on, date_of_birth=date_of_birth)
    _check_not_recorded(
        given_names=given_names, family_name=family_name, date_of_birth=date_of_birth
    )
    _check_identifier_free(force=force, identifier=identifier)
    person = person_create(
        actor=actor,
        given_names=given_names,
        family_name=family_name,
        date_of_birth=date_of_birth,
    )
    role = person_role_add(
        actor=actor,
        person=person,
        kind=kind,
        force=force,
        started_on=started_on,
        rank=rank.strip(),
        identifier=identifier.strip(),
        job_title=job_title.strip(),
    )
    return subject_add(
        actor=actor,
        case=case,
        person=person,
        role=role,
        appropriate_authority=appropriate_authority,
    )


@transaction.atomic
def person_role_record(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    force: Force,
    started_on: dt.date,
    rank: str = "",
    identifier: str = "",
    job_title: str = "",
    expected_version: int | None = None,
) -> PersonRole:
    """A further role for a person already recorded: a member of police
    staff who is also a special constable holds both at once. Refuses a
    second current role of the same kind in the same force (that is an
    employment event on the first) and a number already in use; with
    ``expected_version``, a caller whose copy of the person is stale
    (checked under the person's row lock). The caller finds the person in
    its scope (``visible_people``)."""
    require_role(actor, PEOPLE_RECORDERS, "record a role")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None:
        current = person_version(person)
        if current != expected_version:
            raise StaleVersion(
                current=current, expected=expected_version, what="person"
            )
    _check_role_dates(started_on=started_on, date_of_birth=person.date_of_birth)
    held = (
        PersonRole.objects.filter(person=person, kind=kind, force=force, ended_on=None)
        .order_by("started_on")
        .first()
    )
    if held is not None:
        raise ApplicationError(
            ROLE_ALREADY_HELD.format(
                person=person,
                kind=held.get_kind_display().lower(),
                force=force.name,
                since=held.started_on,
            ),
            rule="person_role.duplicate",
        )
    _check_identifier_free(force=force, identifier=identifier)
    return person_role_add(
        actor=actor,
        person=person,
        kind=kind,
        force=force,
        started_on=started_on,
        rank=rank.strip(),
        identifier=identifier.strip(),
        job_title=job_title.strip(),
    )


@transaction.atomic
def allegation_add(
    *,
    actor: User | None,
    subject: Subject,
    summary: str,
    standards: Iterable[Standard],
    occurred_on: dt.date | None = None,
) -> Allegation:
    case = lock_case(subject.case_id)
    require_case_access(actor, case, "add an allegation")
    check_case_open(case)
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    if subject.status not in {
        Subject.Status.RECORDED,
        Subject.Status.UNDER_INVESTIGATION,
    }:
        raise ApplicationError(
            SUBJECT_NOT_OPEN_FOR_ALLEGATIONS.format(
                status=subject.get_status_display().lower()
            ),
            rule="allegation.stage",
        )
    standard_list = list(standards)
    if not standard_list:
        raise ApplicationError(ALLEGATION_NEEDS_STANDARD, rule="allegation.standards")
    if not summary.strip():
        raise ApplicationError("Describe the allegation.", rule="allegation.summary")
    if occurred_on is not None:
        check_not_future(occurred_on, "The date of the conduct")
    allegation = Allegation.objects.create(
        subject=subject, summary=summary.strip(), occurred_on=occurred_on
    )
    allegation.standards.set(standard_list)
    touch_case(case)
    audit_record(
        actor=actor,
        action="allegation.added",
        target=allegation,
        case_id=case.pk,
        new={
            "subject": subject.pk,
            "summary": allegation.summary,
            "standards": sorted(standard.number for standard in standard_list),
        },
    )
    return allegation


@transaction.atomic
def severity_assess(
    *,
    actor: User | None,
    allegation: Allegation,
    severity: str,
    assessed_on: dt.date,
    body: str,
    rationale: str,
) -> SeverityAssessment:
    """Assess (or revise, CMR r19) the severity of an allegation."""
    case = lock_case(allegation.subject.case_id)
    require_case_access(actor, case, "assess severity")
    check_case_open(case)
    rationale = check_rationale(rationale)
    if severity not in Severity.values:
        raise ApplicationError(f"Unknown severity {severity!r}.", rule="severity")
    check_not_future(assessed_on, "The assessment date")
    check_not_before(
        assessed_on, case.came_to_attention_on, "The assessment date", "the case date"
    )
    if body == SeverityAssessment.Body.IOPC:
        referral = IOPCReferral.objects.filter(case=case).first()
        if referral is None or referral.mode not in IOPC_MODES:
            raise ApplicationError(IOPC_ASSESSMENT_NEEDS_MODE, rule="severity.iopc")
        require_role(
            actor,
            frozenset({"iopc_investigator", "iopc_supervisor"}),
            "assess severity for the IOPC",
        )
    elif body == SeverityAssessment.Body.APPROPRIATE_AUTHORITY:
        require_role(
            actor,
            frozenset({"psd_supervisor"}),
            "assess severity for the appropriate authority",
        )
    else:
        raise ApplicationError(f"Unknown body {body!r}.", rule="severity.body")
    allegation = (
        Allegation.objects.select_for_update(of=("self",))
        .select_related("subject__person", "subject__appropriate_authority")
        .get(pk=allegation.pk)
    )
    if body == SeverityAssessment.Body.APPROPRIATE_AUTHORITY:
        require_member_of_appropriate_authority(
            actor, allegation.subject, "assess severity for the appropriate authority"
        )
    if allegation.determination:
        raise ApplicationError(
            "Severity cannot change after the case-to-answer decision.",
            rule="severity.after_determination",
        )
    old = allegation.severity
    assessment = SeverityAssessment.objects.create(
        allegation=allegation,
        severity=severity,
        assessed_on=assessed_on,
        assessed_by=actor,
        body=body,
        rationale=rationale,
    )
    allegation.severity = severity
    allegation.save(update_fields=["severity", "updated_at"])
    touch_case(case)
    audit_record(
        actor=actor,
        action="allegation.severity_assessed",
        target=allegation,
        case_id=case.pk,
        old={"severity": old},
        new={"severity": severity, "body": body, "assessed_on": assessed_on},
        rationale=rationale,
    )
    return assessment
