"""PCR Part 3A, inserted by SI 2025/558 from 28 May 2025: an officer who,
"having been referred to a misconduct hearing on the basis that the officer
has a case to answer in respect of gross misconduct, resigns or retires
before the date of that hearing" (r21A(1)(d)) no longer faces former-officer
proceedings at once: the appropriate authority determines whether the
proceedings continue. Until it does, the hearing is neither scheduled nor
held. Leaving before 28 May 2025 (the setting PART_3A_FROM: the transitional
provisions were not read) keeps the old automatic conversion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from conduct.exceptions import InvalidTransition, NotPermitted
from conduct.models import AuditEvent, User
from conduct.services.people import person_role_add
from hearings.models import ListReport, Part3ADetermination, Proceeding
from hearings.services.proceedings import (
    panel_member_appoint,
    proceeding_hold,
    proceeding_part_3a_determine,
    proceeding_schedule,
)
from hearings.services.proceedings.former_officers import (
    ADVISORY_REMOVAL_PART_3A,
    NO_PART_3A_DETERMINATION,
)
from referrals.models import Deadline, Subject
from tests.assertions import one_audit_event, refused
from tests.builders import MISCONDUCT, Build, panel_for

pytestmark = pytest.mark.django_db

#: A case that comes to attention on Tuesday 14 January 2025: referred on
#: Monday 7 July 2025, the officer leaves on Monday 21 July, the hearing
#: would be on Monday 8 September (the builder's dates, moved).
AFTER = dt.date(2025, 1, 14)
LEFT_ON = dt.date(2025, 7, 21)
DECIDED_ON = dt.date(2025, 7, 28)
HEARING_ON = dt.date(2025, 9, 8)


@pytest.fixture
def later(build: Build) -> Build:
    """Cases whose officers leave after Part 3A came into force."""
    return build.starting_on(AFTER)


def determine(
    actor: User, proceeding: Proceeding, *, continues: bool, **changes: Any
) -> Proceeding:
    return proceeding_part_3a_determine(
        **{
            "actor": actor,
            "proceeding": proceeding,
            "decided_on": DECIDED_ON,
            "continues": continues,
            "rationale": "Weighed the public interest in going on.",
            **changes,
        }
    )


def pending(proceeding: Proceeding) -> Part3ADetermination:
    return Part3ADetermination.objects.get(proceeding=proceeding)


# ------------------------------------------------------------ leaving


@pytest.mark.parametrize("form", ["misconduct_hearing", "accelerated_hearing"])
@pytest.mark.parametrize("kind", ["resigned", "retired"])
def test_leaving_before_a_gross_misconduct_hearing_awaits_the_determination(
    later: Build, form: str, kind: str
) -> None:
    """PCR r21A(1)(d): the proceedings are not converted; they wait."""
    proceeding = later.referred(form=form)
    with one_audit_event(f"person.{kind}"):
        left = later.left_before_hearing(proceeding, kind=kind)
    assert left.former_officer is False
    assert left.former_officer_condition == ""
    determination = pending(left)
    assert determination.status == Part3ADetermination.Status.PENDING
    assert determination.left_by.kind == kind
    assert determination.left_by.occurred_on == LEFT_ON
    audit = AuditEvent.objects.latest("id")
    assert audit.new_values["proceedings_awaiting_part_3a"] == [left.pk]
    assert audit.new_values["proceedings_now_former_officer"] == []
    # PA96 s88I(1)(a): the advisory list report does not wait.
    advisory = ListReport.objects.get(subject=left.subject_id)
    assert advisory.kind == ListReport.Kind.ADVISORY


def test_leaving_before_28_may_2025_still_converts_at_once(later: Build) -> None:
    """Before Part 3A (the setting's first day) the hearing continued against
    the former officer under Condition A (PCR r4) with no determination."""
    proceeding = later.referred(referred_on=dt.date(2025, 5, 19))
    left = later.left_before_hearing(proceeding, left_on=dt.date(2025, 5, 27))
    assert (left.former_officer, left.former_officer_condition) == (True, "a")
    assert not Part3ADetermination.objects.exists()


def test_the_first_day_of_part_3a_is_a_setting(later: Build) -> None:
    proceeding = later.referred()
    with override_settings(PART_3A_FROM=dt.date(2025, 8, 1)):
        left = later.left_before_hearing(proceeding)
    assert left.former_officer is True
    assert not Part3ADetermination.objects.exists()


def test_a_meeting_for_misconduct_needs_no_determination(later: Build) -> None:
    """r21A(1)(d) is about a hearing for gross misconduct; a former officer
    cannot face a meeting at all (left for the appropriate authority to
    withdraw, as before)."""
    proceeding = later.referred(results=(MISCONDUCT,), form="misconduct_meeting")
    left = later.left_before_hearing(proceeding)
    assert left.former_officer is False
    assert not Part3ADetermination.objects.exists()


# -------------------------------------------- nothing goes ahead meanwhile


def test_the_hearing_is_not_scheduled_while_the_determination_is_pending(
    later: Build, supervisor: User
) -> None:
    proceeding = later.left_before_hearing(later.served())
    with refused(
        containing="(PCR Part 3A, r21A)",
        rule="proceeding.part_3a",
        case=proceeding.subject.case_id,
    ) as raised:
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=HEARING_ON
        )
    assert str(raised.value).startswith(
        f"{proceeding.subject.person} resigned on 21 Jul 2025, before the "
        "misconduct hearing: it is neither scheduled nor held"
    )


def test_a_hearing_already_scheduled_is_not_held_while_pending(
    later: Build, supervisor: User
) -> None:
    proceeding = later.left_before_hearing(later.scheduled(panel="full"))
    assert proceeding.status == Proceeding.Status.SCHEDULED
    with refused(
        containing="(PCR Part 3A, r21A)",
        rule="proceeding.part_3a",
        case=proceeding.subject.case_id,
    ):
        proceeding_hold(actor=supervisor, proceeding=proceeding, held_on=HEARING_ON)


# ------------------------------------------------------ the determination


def test_proceedings_that_continue_become_former_officer_proceedings(
    later: Build, supervisor: User
) -> None:
    proceeding = later.left_before_hearing(later.served())
    advisory = ListReport.objects.get(subject=proceeding.subject_id)

    with one_audit_event("proceeding.continuation_determined"):
        determine(supervisor, proceeding, continues=True)

    proceeding.refresh_from_db()
    assert (proceeding.former_officer, proceeding.former_officer_condition) == (
        True,
        "a",
    )
    assert proceeding.status == Proceeding.Status.REFERRED
    determination = pending(proceeding)
    assert determination.status == Part3ADetermination.Status.CONTINUED
    assert determination.decided_on == DECIDED_ON
    assert determination.decided_by == supervisor
    assert determination.rationale == "Weighed the public interest in going on."
    # PA96 s88L(1)(c): the entry stands until the proceedings conclude.
    advisory.refresh_from_db()
    assert advisory.superseded_by is None
    audit = AuditEvent.objects.latest("id")
    assert audit.old_values["part_3a"] == "pending"
    assert audit.new_values["part_3a"] == "continued"
    assert audit.new_values["former_officer_condition"] == "a"
    assert audit.rationale == "Weighed the public interest in going on."
    # The hearing may now go ahead.
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=HEARING_ON
    )


def test_proceedings_that_do_not_continue_are_withdrawn_and_the_entry_removed(
    later: Build, supervisor: User
) -> None:
    """PA96 s88L(1)(b): the proceedings brought are withdrawn, so the further
    report takes the person off the advisory list; the subject's path closes
    without proceedings, as after any withdrawal for good."""
    proceeding = later.left_before_hearing(later.served())
    subject = proceeding.subject
    advisory = ListReport.objects.get(subject=subject)
    response_clock = Deadline.objects.get(
        subject=subject, rule__code="referral_response"
    )
    assert response_clock.status == Deadline.Status.OPEN

    with one_audit_event("proceeding.continuation_determined"):
        determine(supervisor, proceeding, continues=False)

    proceeding.refresh_from_db()
    assert proceeding.status == Proceeding.Status.WITHDRAWN
    assert proceeding.withdrawn_on == DECIDED_ON
    assert proceeding.former_officer is False
    assert pending(proceeding).status == Part3ADetermination.Status.DISCONTINUED
    assert Subject.objects.get(pk=subject.pk).status == (
        Subject.Status.NO_FURTHER_ACTION
    )
    removal = ListReport.objects.get(
        subject=subject, kind=ListReport.Kind.ADVISORY_REMOVAL
    )
    assert removal.previous_report == advisory
    assert removal.event_on == DECIDED_ON
    assert removal.content["reason"] == ADVISORY_REMOVAL_PART_3A
    advisory.refresh_from_db()
    assert advisory.superseded_by == removal
    # The hearing's clocks stop with it, as on any withdrawal.
    response_clock.refresh_from_db()
    assert response_clock.status == Deadline.Status.CANCELLED
    audit = AuditEvent.objects.latest("id")
    assert audit.new_values["status"] == "withdrawn"
    assert audit.new_values["subject_status"] == "no_further_action"
    assert audit.new_values["list_reports"] == {
        str(removal.pk): ListReport.Kind.ADVISORY_REMOVAL
    }


def test_no_further_report_when_the_person_still_serves_elsewhere(
    later: Build, supervisor: User
) -> None:
    """An officer who is also police staff resigns as an officer: a former
    officer for the hearing (Part 3A), but still serving with the police
    (PA96 s88I(1)(a)), so there is no advisory entry to remove."""
    proceeding = later.served()
    subject = proceeding.subject
    person_role_add(
        actor=supervisor,
        person=subject.person,
        kind="police_staff",
        force=subject.role.force,
        started_on=dt.date(2015, 4, 1),
        identifier="S1001",
    )
    proceeding = later.left_before_hearing(proceeding)
    assert pending(proceeding).status == Part3ADetermination.Status.PENDING
    determine(supervisor, proceeding, continues=False)
    assert not ListReport.objects.filter(subject=subject).exists()
    assert AuditEvent.objects.latest("id").new_values["list_reports"] == {}


def test_only_the_appropriate_authority_determines(
    later: Build, caseworker: User, met_supervisor: User
) -> None:
    proceeding = later.left_before_hearing(later.served())
    for actor in (caseworker, met_supervisor):
        with refused(error=NotPermitted, case=proceeding.subject.case_id):
            determine(actor, proceeding, continues=True)


def test_the_determination_is_made_once(later: Build, supervisor: User) -> None:
    proceeding = later.left_before_hearing(later.served())
    determine(supervisor, proceeding, continues=True)
    with refused(error=InvalidTransition, case=proceeding.subject.case_id):
        determine(supervisor, proceeding, continues=False)


def test_it_is_decided_after_the_officer_left(later: Build, supervisor: User) -> None:
    proceeding = later.left_before_hearing(later.served())
    with refused(
        containing="cannot be before the resignation or retirement",
        case=proceeding.subject.case_id,
    ):
        determine(
            supervisor, proceeding, continues=True, decided_on=dt.date(2025, 7, 18)
        )
    assert pending(proceeding).status == Part3ADetermination.Status.PENDING


def test_there_is_none_to_make_for_an_officer_who_did_not_leave(
    later: Build, supervisor: User
) -> None:
    proceeding = later.served()
    with refused(
        NO_PART_3A_DETERMINATION.format(
            person=proceeding.subject.person, form="misconduct hearing"
        ),
        rule="proceeding.part_3a",
        case=proceeding.subject.case_id,
    ):
        determine(supervisor, proceeding, continues=True)


def test_a_withdrawn_hearing_has_no_determination_left_to_make(
    later: Build, supervisor: User
) -> None:
    proceeding = later.withdrawn(later.left_before_hearing(later.served()))
    with refused(rule="proceeding.closed", case=proceeding.subject.case_id):
        determine(supervisor, proceeding, continues=True)


def test_a_hearing_that_continues_is_held_with_its_panel(
    later: Build, supervisor: User
) -> None:
    """After the determination the hearing runs as any former officer's."""
    proceeding = later.left_before_hearing(later.served())
    determine(supervisor, proceeding, continues=True)
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=HEARING_ON
    )
    for role, name in panel_for(proceeding.form, HEARING_ON):
        panel_member_appoint(
            actor=supervisor, proceeding=proceeding, role=role, name=name
        )
    held = proceeding_hold(actor=supervisor, proceeding=proceeding, held_on=HEARING_ON)
    assert (held.status, held.former_officer) == (Proceeding.Status.HELD, True)
