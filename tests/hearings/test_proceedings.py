"""Referral to proceedings, forum rules, former officers, panels by date, and
the proceeding's transition table."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conduct.exceptions import ApplicationError, InvalidTransition, NotPermitted
from conduct.models import PersonRole, User
from conduct.services.people import apply_employment_event, person_role_add
from hearings.models import ListReport, PanelRole, Proceeding
from hearings.services import proceedings as svc
from hearings.services.employment import employment_event_record
from hearings.services.proceedings import (
    panel_member_appoint,
    panel_member_remove,
    proceeding_adjourn,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_refer,
    proceeding_response_record,
    proceeding_schedule,
    proceeding_withdraw,
)
from referrals.models import Subject
from referrals.services.determinations import (
    recommendation_make,
    subject_no_further_action,
)
from tests.assertions import one_audit_event, refused
from tests.builders import GROSS, MISCONDUCT, NO_CASE, Build

pytestmark = pytest.mark.django_db
REFERRED_ON = dt.date(2023, 7, 3)


def refer(
    supervisor: User, subject: Subject, form: str, **kwargs: object
) -> Proceeding:
    return proceeding_refer(
        actor=supervisor,
        subject=subject,
        form=form,
        referred_on=REFERRED_ON,
        rationale="Case to answer.",
        **kwargs,  # type: ignore[arg-type]
    )


def test_referral_moves_the_subject_to_proceedings(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    with one_audit_event():
        proceeding = refer(supervisor, subject, "misconduct_hearing", is_public=True)
    subject.refresh_from_db()
    assert subject.status == Subject.Status.REFERRED_TO_PROCEEDINGS
    assert proceeding.status == Proceeding.Status.REFERRED
    assert proceeding.is_public is True
    assert proceeding.former_officer is False


def test_it_refuses_a_subject_without_a_case_to_answer(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(NO_CASE,))
    with pytest.raises(InvalidTransition, match="no case to answer cannot become"):
        refer(supervisor, subject, "misconduct_hearing")


def test_it_refuses_a_second_active_referral(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer()
    refer(supervisor, subject, "misconduct_hearing")
    with pytest.raises(ApplicationError, match="already referred to a misconduct"):
        refer(supervisor, subject, "misconduct_hearing")


def test_a_withdrawn_referral_can_be_replaced_by_another_forum(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(MISCONDUCT,))
    first = refer(
        supervisor,
        subject,
        "misconduct_hearing",
        separate_incidents=False,
        final_written_warning_in_force=True,
    )
    proceeding_withdraw(
        actor=supervisor,
        proceeding=first,
        withdrawn_on=dt.date(2023, 7, 10),
        rationale="The warning had expired.",
    )
    second = refer(supervisor, subject, "misconduct_meeting")
    assert second.form == "misconduct_meeting"
    first.refresh_from_db()
    assert first.status == Proceeding.Status.WITHDRAWN


def test_a_meeting_is_refused_for_gross_misconduct(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    with pytest.raises(
        ApplicationError, match=re.escape(svc.MEETING_NOT_FOR_GROSS_MISCONDUCT)
    ):
        refer(supervisor, subject, "misconduct_meeting")
    subject.refresh_from_db()
    assert subject.status == Subject.Status.CASE_TO_ANSWER


def test_a_hearing_for_misconduct_needs_a_warning_or_separate_incidents(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(MISCONDUCT,))
    with pytest.raises(ApplicationError, match=re.escape(svc.HEARING_NEEDS_GROUNDS)):
        refer(supervisor, subject, "misconduct_hearing")
    with pytest.raises(
        ApplicationError, match=re.escape(svc.SEPARATE_INCIDENTS_NEED_ALLEGATIONS)
    ):
        refer(supervisor, subject, "misconduct_hearing", separate_incidents=True)
    proceeding = refer(
        supervisor, subject, "misconduct_hearing", final_written_warning_in_force=True
    )
    assert proceeding.final_written_warning_in_force is True


def test_a_hearing_for_misconduct_on_separate_incidents(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(MISCONDUCT, MISCONDUCT))
    proceeding = refer(
        supervisor, subject, "misconduct_hearing", separate_incidents=True
    )
    assert proceeding.separate_incidents is True


def test_a_meeting_is_private(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer(results=(MISCONDUCT,))
    with pytest.raises(ApplicationError, match=re.escape(svc.MEETING_IN_PRIVATE)):
        refer(supervisor, subject, "misconduct_meeting", is_public=True)


def test_an_accelerated_hearing_needs_a_certificate(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    with pytest.raises(ApplicationError, match=r"special conditions certified \(PCR"):
        refer(supervisor, subject, "accelerated_hearing")
    with pytest.raises(ApplicationError, match=r"special conditions certified \(PCR"):
        refer(
            supervisor,
            subject,
            "accelerated_hearing",
            special_conditions_certified_on=dt.date(2023, 7, 1),
        )
    proceeding = refer(
        supervisor,
        subject,
        "accelerated_hearing",
        special_conditions_certified_on=dt.date(2023, 7, 1),
        special_conditions_certified_by="DCC Certifier",
    )
    assert proceeding.special_conditions_certified_by == "DCC Certifier"
    assert proceeding.special_conditions_certified_on == dt.date(2023, 7, 1)


def test_an_accelerated_hearing_is_only_for_gross_misconduct(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(MISCONDUCT,))
    with pytest.raises(
        ApplicationError, match=re.escape(svc.ACCELERATED_ONLY_FOR_GROSS_MISCONDUCT)
    ):
        refer(
            supervisor,
            subject,
            "accelerated_hearing",
            special_conditions_certified_on=dt.date(2023, 7, 1),
            special_conditions_certified_by="DCC Certifier",
        )


def test_a_certificate_is_refused_for_other_forums(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    with pytest.raises(
        ApplicationError, match=re.escape(svc.CERTIFICATE_ONLY_FOR_ACCELERATED)
    ):
        refer(
            supervisor,
            subject,
            "misconduct_hearing",
            special_conditions_certified_on=dt.date(2023, 7, 1),
            special_conditions_certified_by="DCC Certifier",
        )


def test_police_staff_are_not_referred(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer(
        role=build.role(kind=PersonRole.Kind.POLICE_STAFF, rank="")
    )
    with pytest.raises(ApplicationError, match="apply only to police officers"):
        refer(supervisor, subject, "misconduct_hearing")


def test_an_iopc_direction_fixes_the_forum(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer()
    for kind in ("recommendation", "direction"):
        recommendation_make(
            actor=None,
            subject=subject,
            kind=kind,
            proceedings_form="accelerated_hearing",
            made_on=dt.date(2023, 6, 20),
            rationale="Documentary evidence.",
        )
    with pytest.raises(ApplicationError, match="directed a accelerated"):
        refer(supervisor, subject, "misconduct_hearing")


def test_only_a_supervisor_of_the_appropriate_authority_refers(
    build: Build, caseworker: User, met_supervisor: User
) -> None:
    subject = build.case_to_answer()
    with pytest.raises(NotPermitted, match="cannot refer to proceedings"):
        refer(caseworker, subject, "misconduct_hearing")
    with pytest.raises(NotPermitted):
        refer(met_supervisor, subject, "misconduct_hearing")


def test_the_referral_cannot_predate_the_case_to_answer(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(decided_on=dt.date(2023, 6, 15))
    with pytest.raises(ApplicationError, match="cannot be before the case-to-answer"):
        proceeding_refer(
            actor=supervisor,
            subject=subject,
            form="misconduct_hearing",
            referred_on=dt.date(2023, 6, 1),
            rationale="Too early.",
        )


# Former officers (PCR r4; domain.md 3.4)


def _leave(subject: Subject, on: dt.date) -> None:
    apply_employment_event(role=subject.role, kind="resigned", occurred_on=on)


def test_a_former_officer_faces_only_gross_misconduct(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer(results=(MISCONDUCT,))
    _leave(subject, dt.date(2023, 6, 20))
    with pytest.raises(ApplicationError, match="can face only gross misconduct"):
        refer(supervisor, subject, "misconduct_meeting")


def test_condition_a_is_recorded(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer()
    _leave(subject, dt.date(2023, 6, 20))
    with pytest.raises(ApplicationError, match="record which condition"):
        refer(supervisor, subject, "misconduct_hearing")
    with pytest.raises(ApplicationError, match="Condition B applies only"):
        refer(supervisor, subject, "misconduct_hearing", former_officer_condition="b")
    proceeding = refer(
        supervisor, subject, "misconduct_hearing", former_officer_condition="a"
    )
    assert proceeding.former_officer is True
    assert proceeding.former_officer_condition == "a"


def _left_before(build: Build, left_on: dt.date) -> Subject:
    # The person left before the matter came to attention on 10 Jan 2023.
    subject = build.case_to_answer()
    _leave(subject, left_on)
    return subject


def test_condition_b_needs_attention_within_twelve_months(
    build: Build, supervisor: User
) -> None:
    subject = _left_before(build, dt.date(2022, 3, 1))
    with pytest.raises(ApplicationError, match="Condition A applies only"):
        refer(supervisor, subject, "misconduct_hearing", former_officer_condition="a")
    proceeding = refer(
        supervisor, subject, "misconduct_hearing", former_officer_condition="b"
    )
    assert proceeding.former_officer_condition == "b"


def test_condition_c_needs_the_director_generals_determination(
    build: Build, supervisor: User
) -> None:
    subject = _left_before(build, dt.date(2021, 6, 1))
    with pytest.raises(ApplicationError, match="Condition B applies only"):
        refer(supervisor, subject, "misconduct_hearing", former_officer_condition="b")
    with pytest.raises(
        ApplicationError, match=re.escape(svc.CONDITION_C_NEEDS_DETERMINATION)
    ):
        refer(supervisor, subject, "misconduct_hearing", former_officer_condition="c")
    proceeding = refer(
        supervisor,
        subject,
        "misconduct_hearing",
        former_officer_condition="c",
        condition_c_determined_on=dt.date(2023, 6, 30),
    )
    assert proceeding.condition_c_determined_on == dt.date(2023, 6, 30)


def test_a_serving_officer_has_no_former_officer_condition(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    with pytest.raises(ApplicationError, match="is still serving"):
        refer(supervisor, subject, "misconduct_hearing", former_officer_condition="a")


# The proceeding's transition table


def test_schedule_adjourn_reschedule_and_hold(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer()
    proceeding = refer(supervisor, subject, "misconduct_hearing")
    with one_audit_event():
        proceeding_notice_serve(
            actor=supervisor,
            proceeding=proceeding,
            served_on=dt.date(2023, 7, 4),
            content="Notice of referral.",
        )
    with one_audit_event():
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2023, 9, 4)
        )
    with one_audit_event():
        adjournment = proceeding_adjourn(
            actor=supervisor,
            proceeding=proceeding,
            adjourned_on=dt.date(2023, 9, 4),
            reason="Officer unwell.",
        )
    assert adjournment.was_scheduled_for == dt.date(2023, 9, 4)
    proceeding.refresh_from_db()
    assert proceeding.status == Proceeding.Status.ADJOURNED
    assert proceeding.scheduled_for is None
    with pytest.raises(InvalidTransition):
        proceeding_hold(
            actor=supervisor, proceeding=proceeding, held_on=dt.date(2023, 10, 2)
        )
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2023, 10, 2)
    )
    for role, name in [
        (PanelRole.LEGALLY_QUALIFIED_CHAIR, "Chair"),
        (PanelRole.SENIOR_OFFICER, "Supt"),
        (PanelRole.INDEPENDENT_MEMBER, "Member"),
    ]:
        with one_audit_event():
            panel_member_appoint(
                actor=supervisor, proceeding=proceeding, role=role, name=name
            )
    with one_audit_event():
        proceeding_response_record(
            actor=supervisor,
            proceeding=proceeding,
            received_on=dt.date(2023, 7, 20),
            accepts_conduct=False,
            account="Denies the conduct.",
        )
    with one_audit_event():
        proceeding_hold(
            actor=supervisor, proceeding=proceeding, held_on=dt.date(2023, 10, 2)
        )
    proceeding.refresh_from_db()
    assert proceeding.status == Proceeding.Status.HELD
    assert proceeding.accepts_conduct is False
    assert proceeding.notices.get().title == "Regulation 30 notice"
    with pytest.raises(InvalidTransition, match="held cannot become withdrawn"):
        proceeding_withdraw(
            actor=supervisor,
            proceeding=proceeding,
            withdrawn_on=dt.date(2023, 10, 3),
            rationale="Too late.",
        )
    with pytest.raises(InvalidTransition, match="held cannot become adjourned"):
        proceeding_adjourn(
            actor=supervisor,
            proceeding=proceeding,
            adjourned_on=dt.date(2023, 10, 3),
            reason="Too late.",
        )
    with pytest.raises(ApplicationError, match="is held: it can no longer change"):
        proceeding_response_record(
            actor=supervisor,
            proceeding=proceeding,
            received_on=dt.date(2023, 10, 3),
            accepts_conduct=True,
        )


def test_a_referred_proceeding_cannot_be_adjourned_or_held(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    proceeding = refer(supervisor, subject, "misconduct_hearing")
    with pytest.raises(InvalidTransition, match="referred cannot become adjourned"):
        proceeding_adjourn(
            actor=supervisor,
            proceeding=proceeding,
            adjourned_on=dt.date(2023, 7, 5),
            reason="No date.",
        )
    with pytest.raises(InvalidTransition, match="referred cannot become held"):
        proceeding_hold(
            actor=supervisor, proceeding=proceeding, held_on=dt.date(2023, 7, 5)
        )


def test_a_withdrawn_proceeding_cannot_be_scheduled(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    proceeding = refer(supervisor, subject, "misconduct_hearing")
    with one_audit_event():
        proceeding_withdraw(
            actor=supervisor,
            proceeding=proceeding,
            withdrawn_on=dt.date(2023, 7, 5),
            rationale="Evidence withdrawn.",
        )
    with pytest.raises(InvalidTransition, match="withdrawn cannot become scheduled"):
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2023, 9, 1)
        )


def test_holding_needs_a_notice_and_a_full_panel(
    build: Build, supervisor: User
) -> None:
    subject = build.case_to_answer()
    proceeding = refer(supervisor, subject, "misconduct_hearing")
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2023, 9, 4)
    )
    with pytest.raises(ApplicationError, match="Serve the notice of referral"):
        proceeding_hold(
            actor=supervisor, proceeding=proceeding, held_on=dt.date(2023, 9, 4)
        )
    proceeding_notice_serve(
        actor=supervisor,
        proceeding=proceeding,
        served_on=dt.date(2023, 7, 4),
        content="Notice.",
    )
    panel_member_appoint(
        actor=supervisor,
        proceeding=proceeding,
        role=PanelRole.LEGALLY_QUALIFIED_CHAIR,
        name="Chair",
    )
    with pytest.raises(ApplicationError, match="1 senior officer, 1 independent"):
        proceeding_hold(
            actor=supervisor, proceeding=proceeding, held_on=dt.date(2023, 9, 4)
        )


# Panels by date and forum


def _scheduled(build: Build, form: str, on: dt.date) -> Proceeding:
    """Referred on Mon 22 Jan 2024 (the case came to attention on 2 Oct 2023)
    and set for ``on``; an accelerated hearing is certified that day."""
    results = (MISCONDUCT,) if form == "misconduct_meeting" else (GROSS,)
    referred = build.referred(
        on=dt.date(2023, 10, 2),
        results=results,
        form=form,
        referred_on=dt.date(2024, 1, 22),
    )
    return build.scheduled(referred, hearing_on=on)


def test_a_hearing_before_7_may_2024_has_a_legally_qualified_chair(
    build: Build, supervisor: User
) -> None:
    proceeding = _scheduled(build, "misconduct_hearing", dt.date(2024, 5, 6))
    with pytest.raises(ApplicationError, match="has no chief officer"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.CHIEF_OFFICER_CHAIR,
            name="Chief Constable",
        )
    panel_member_appoint(
        actor=supervisor,
        proceeding=proceeding,
        role=PanelRole.INDEPENDENT_MEMBER,
        name="Member",
    )
    with pytest.raises(ApplicationError, match="already appointed"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.INDEPENDENT_MEMBER,
            name="Second member",
        )


def test_a_hearing_from_7_may_2024_is_chaired_by_the_chief_officer(
    build: Build, supervisor: User
) -> None:
    proceeding = _scheduled(build, "misconduct_hearing", dt.date(2024, 5, 7))
    with pytest.raises(ApplicationError, match="has no legally qualified chair"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.LEGALLY_QUALIFIED_CHAIR,
            name="Ms Chair KC",
        )
    with pytest.raises(ApplicationError, match="has no senior officer"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.SENIOR_OFFICER,
            name="Supt",
        )
    for role, name in [
        (PanelRole.CHIEF_OFFICER_CHAIR, "ACC"),
        (PanelRole.INDEPENDENT_MEMBER, "One"),
        (PanelRole.INDEPENDENT_MEMBER, "Two"),
        (PanelRole.LEGALLY_QUALIFIED_PERSON, "Adviser"),
    ]:
        panel_member_appoint(
            actor=supervisor, proceeding=proceeding, role=role, name=name
        )
    assert proceeding.panel.count() == 4


def test_rescheduling_across_7_may_2024_is_refused_with_the_old_panel(
    build: Build, supervisor: User
) -> None:
    proceeding = _scheduled(build, "misconduct_hearing", dt.date(2024, 4, 29))
    member = panel_member_appoint(
        actor=supervisor,
        proceeding=proceeding,
        role=PanelRole.LEGALLY_QUALIFIED_CHAIR,
        name="Ms Chair KC",
    )
    proceeding_adjourn(
        actor=supervisor,
        proceeding=proceeding,
        adjourned_on=dt.date(2024, 4, 29),
        reason="Witness unavailable.",
    )
    with pytest.raises(ApplicationError, match="The panel does not fit"):
        proceeding_schedule(
            actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2024, 6, 3)
        )
    with one_audit_event():
        panel_member_remove(
            actor=supervisor, member=member, rationale="New panel rules apply."
        )
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=dt.date(2024, 6, 3)
    )
    proceeding.refresh_from_db()
    assert proceeding.scheduled_for == dt.date(2024, 6, 3)


def test_an_accelerated_hearing_is_conducted_by_the_chief_officer(
    build: Build, supervisor: User
) -> None:
    proceeding = _scheduled(build, "accelerated_hearing", dt.date(2024, 2, 5))
    with pytest.raises(ApplicationError, match="has no legally qualified chair"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.LEGALLY_QUALIFIED_CHAIR,
            name="Chair",
        )
    member = panel_member_appoint(
        actor=supervisor,
        proceeding=proceeding,
        role=PanelRole.CHIEF_OFFICER,
        name="Chief Constable",
    )
    assert member.role == PanelRole.CHIEF_OFFICER


def test_a_meeting_has_one_person_conducting(build: Build, supervisor: User) -> None:
    proceeding = _scheduled(build, "misconduct_meeting", dt.date(2024, 2, 5))
    with pytest.raises(ApplicationError, match="has no independent member"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.INDEPENDENT_MEMBER,
            name="Member",
        )
    panel_member_appoint(
        actor=supervisor,
        proceeding=proceeding,
        role=PanelRole.PERSON_CONDUCTING,
        name="Supt",
    )
    with pytest.raises(ApplicationError, match="already appointed"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.PERSON_CONDUCTING,
            name="Another",
        )


def test_the_panel_needs_a_date(build: Build, supervisor: User) -> None:
    subject = build.case_to_answer()
    proceeding = refer(supervisor, subject, "misconduct_hearing")
    with pytest.raises(ApplicationError, match="Schedule the misconduct hearing"):
        panel_member_appoint(
            actor=supervisor,
            proceeding=proceeding,
            role=PanelRole.LEGALLY_QUALIFIED_CHAIR,
            name="Chair",
        )


def test_an_accelerated_notice_is_a_regulation_51_notice(build: Build) -> None:
    subject = build.case_to_answer()
    proceeding = build.held(subject=subject, form="accelerated_hearing")
    assert proceeding.notices.get().title == "Regulation 51 notice"


def test_an_outsider_cannot_schedule(
    build: Build, supervisor: User, outsider: User, iopc_investigator: User
) -> None:
    subject = build.case_to_answer()
    proceeding = refer(supervisor, subject, "misconduct_hearing")
    with pytest.raises(NotPermitted, match="outside your forces"):
        proceeding_schedule(
            actor=outsider, proceeding=proceeding, scheduled_for=dt.date(2023, 9, 4)
        )
    with pytest.raises(NotPermitted, match="cannot schedule proceedings"):
        proceeding_schedule(
            actor=iopc_investigator,
            proceeding=proceeding,
            scheduled_for=dt.date(2023, 9, 4),
        )


@pytest.mark.django_db
def test_no_further_action_is_refused_once_referred_to_proceedings(
    build: Build, supervisor: User
) -> None:
    """Only the proceedings' own close (which checks none is in progress) may
    end a referred subject without proceedings; the referrals shortcut may
    not, or the hearing would run on with the subject closed."""
    subject = build.case_to_answer()
    proceeding_refer(
        actor=supervisor,
        subject=subject,
        form="misconduct_hearing",
        referred_on=dt.date(2023, 7, 3),
        rationale="Case to answer.",
    )
    with pytest.raises(ApplicationError, match="referred to misconduct proceedings"):
        subject_no_further_action(
            actor=supervisor,
            subject=subject,
            decided_on=dt.date(2023, 7, 4),
            rationale="Changed our minds.",
        )
    subject.refresh_from_db()
    assert subject.status == Subject.Status.REFERRED_TO_PROCEEDINGS


def test_someone_who_left_before_15_december_2017_is_not_a_former_officer(
    build: Build, supervisor: User
) -> None:
    """SI 2017/1134 r2: the former-officer provisions are for those who
    "cease to be a member of a police force ... on or after 15th December
    2017"; the day that counts is the day they left, not the referral."""
    subject = build.case_to_answer(on=dt.date(2017, 6, 1))
    _leave(subject, dt.date(2017, 12, 14))
    with refused(
        svc.referral.FORMER_OFFICER_REGIME_NOT_IN_FORCE.format(
            person=subject.person, left=dt.date(2017, 12, 14)
        ),
        rule="proceeding.former_officer",
    ):
        refer(supervisor, subject, "misconduct_hearing", former_officer_condition="a")
    PersonRole.objects.filter(pk=subject.role_id).update(ended_on=dt.date(2017, 12, 15))
    subject.refresh_from_db()
    proceeding = refer(
        supervisor, subject, "misconduct_hearing", former_officer_condition="a"
    )
    assert proceeding.former_officer is True


def test_a_resignation_before_the_lists_began_is_not_reported(
    build: Build, supervisor: User
) -> None:
    """BL Regs 2017 r1: the advisory list starts on 15 December 2017; a
    resignation before it makes no report."""
    subject = build.case_to_answer(on=dt.date(2017, 6, 1))
    build.former_officer(subject, left_on=dt.date(2017, 12, 14))
    assert not ListReport.objects.filter(subject=subject).exists()
    later = build.case_to_answer(on=dt.date(2017, 6, 1))
    build.former_officer(later, left_on=dt.date(2017, 12, 15))
    assert ListReport.objects.get(subject=later).kind == ListReport.Kind.ADVISORY


def test_leaving_one_role_while_serving_in_another_is_not_ceasing_to_serve(
    build: Build, supervisor: User
) -> None:
    """PA96 s88I(1)(a): the advisory list is for a person who "ceases to be a
    person serving with the police"; a special constable who is also police
    staff and gives up one role still serves. The report comes when the last
    role ends, for the subject in whichever role."""
    subject = build.case_to_answer()
    staff = person_role_add(
        actor=supervisor,
        person=subject.person,
        kind="police_staff",
        force=subject.role.force,
        started_on=dt.date(2015, 4, 1),
        identifier="S1001",
    )
    build.former_officer(subject, left_on=dt.date(2023, 7, 3))
    assert not ListReport.objects.filter(subject=subject).exists()
    employment_event_record(
        actor=supervisor, role=staff, kind="retired", occurred_on=dt.date(2023, 7, 10)
    )
    report = ListReport.objects.get(subject=subject)
    assert (report.kind, report.event_on) == (
        ListReport.Kind.ADVISORY,
        dt.date(2023, 7, 10),
    )
