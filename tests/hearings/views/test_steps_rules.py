"""The rules around the hearings step forms: only steps valid now are offered
(from the transition tables and the rows), a stale form is refused with the
case's current state, a step no longer valid is refused, outsiders get 404 on
every hearings step, and the case page lists the hearing rows' actions at a
flat query count."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import pytest
from django.test import Client

from conduct.models import AuditEvent, Force, User
from hearings.models import Appeal, ListReport, Proceeding
from hearings.services.dispatch import list_report_requeue
from hearings.services.employment import employment_event_record
from hearings.services.outcomes import subject_conclude
from hearings.services.proceedings import (
    panel_member_appoint,
    proceeding_hold,
    proceeding_notice_serve,
    proceeding_part_3a_determine,
    proceeding_schedule,
)
from hearings.steps import (
    KIND_APPEAL,
    KIND_LIST_REPORT,
    KIND_PANEL_MEMBER,
    KIND_PROCEEDING,
)
from referrals.models import Case, Subject
from referrals.services.cases import case_party_add
from referrals.steps import KIND_SUBJECT, Step, offered, offered_steps, registry
from tests.builders import LQC_PANEL, MISCONDUCT, TIMELINE, Build
from tests.pages import Pages
from tests.referrals.views.helpers import (
    REFERRALS_KINDS,
    STEP_LINK,
    VERSION,
    case_pages_by_rows,
    day,
    follows_the_table,
)

pytestmark = pytest.mark.django_db
REFERRED_ON = TIMELINE.referred_on
HEARING_ON = TIMELINE.hearing_on

HEARINGS_KINDS = (KIND_PROCEEDING, KIND_PANEL_MEMBER, KIND_APPEAL, KIND_LIST_REPORT)
SUBJECT_STEPS = {
    "refer-to-proceedings",
    "close-without-proceedings",
    "lodge-appeal",
    "conclude",
    "employment-event",
}
HEARINGS_STEPS = [
    *((KIND_SUBJECT, slug) for slug in sorted(SUBJECT_STEPS)),
    *((kind, step.slug) for kind in HEARINGS_KINDS for step in registry.steps(kind)),
]


def slugs(target: Any, user: User) -> set[str]:
    """The steps offered on a fresh copy of ``target`` (as the view finds it)."""
    kind = registry.kind_of(target)
    assert kind is not None
    fresh = kind.get(user, target.pk)
    return {step.slug for step in offered_steps(fresh, user, kind.case_of(fresh))}


def subject_of(target: Proceeding | Appeal) -> Subject:
    return Subject.objects.get(pk=target.subject_id)


# ------------------------------------------------- only valid steps offered


def test_a_proceeding_is_offered_only_what_its_stage_allows(
    build: Build, supervisor: User
) -> None:
    referred = build.served()
    assert slugs(referred, supervisor) == {
        "serve-notice",
        "record-response",
        "papers-to-chair",
        "schedule",
        "withdraw",
    }

    scheduled = build.scheduled()
    assert slugs(scheduled, supervisor) == {
        "serve-notice",
        "record-response",
        "papers-to-chair",
        "appoint-panel-member",
        "adjourn",
        "hold",
        "withdraw",
    }
    for role, name in LQC_PANEL:
        panel_member_appoint(
            actor=supervisor, proceeding=scheduled, role=role, name=name
        )
    # The panel is complete for the date: no more members to appoint.
    assert "appoint-panel-member" not in slugs(scheduled, supervisor)

    held = proceeding_hold(actor=supervisor, proceeding=scheduled, held_on=HEARING_ON)
    assert slugs(held, supervisor) == {"record-findings"}
    found = build.found(held)
    assert slugs(found, supervisor) == {"record-outcome"}


def test_a_hearing_left_before_it_is_held_waits_for_the_part_3a_determination(
    client: Client, build: Build, supervisor: User, caseworker: User
) -> None:
    """PCR r21A(1)(d) (SI 2025/558): the officer resigned after the referral
    and before the hearing, on or after 28 May 2025. The determination is
    offered to the appropriate authority, the case page says it is needed,
    and scheduling and holding wait for it."""
    later = build.starting_on(dt.date(2025, 1, 14))
    proceeding = later.left_before_hearing(later.served())
    offered_now = slugs(proceeding, supervisor)
    assert "part-3a-determination" in offered_now
    assert not {"schedule", "hold"} & offered_now
    # Deciding for the appropriate authority is for a supervisor.
    assert "part-3a-determination" not in slugs(proceeding, caseworker)
    assert "schedule" not in slugs(proceeding, caseworker)

    client.force_login(supervisor)
    content = client.get(f"/cases/{subject_of(proceeding).case_id}/").content.decode()
    link = re.search(
        rf'id="step-proceeding-{proceeding.pk}-part-3a-determination">([^<]*)<',
        content,
    )
    assert link is not None
    assert link.group(1).startswith("Part 3A determination needed")
    assert "Awaiting the Part 3A determination" in content

    proceeding_part_3a_determine(
        actor=supervisor,
        proceeding=proceeding,
        decided_on=dt.date(2025, 7, 28),
        continues=True,
        rationale="The hearing goes ahead.",
    )
    offered_now = slugs(proceeding, supervisor)
    assert "part-3a-determination" not in offered_now
    assert "schedule" in offered_now


def test_a_meeting_has_no_papers_to_a_chair(build: Build, supervisor: User) -> None:
    meeting = build.referred(results=(MISCONDUCT,), form="misconduct_meeting")
    offered_now = slugs(meeting, supervisor)
    assert "papers-to-chair" not in offered_now
    assert "pre-hearing" not in offered_now
    assert "pre-hearing" in slugs(build.papers_sent(), supervisor)


def test_a_former_officer_gets_the_former_officer_finding_not_an_outcome(
    build: Build, supervisor: User
) -> None:
    found = build.found(subject=build.former_officer(), former_officer_condition="a")
    assert slugs(found, supervisor) == {"former-officer-finding"}


def test_the_subject_follows_its_table_through_outcome_and_appeal(
    build: Build, supervisor: User, caseworker: User
) -> None:
    answering = build.case_to_answer()
    assert {"refer-to-proceedings", "employment-event"} <= slugs(answering, supervisor)
    assert not {"lodge-appeal", "conclude", "close-without-proceedings"} & slugs(
        answering, supervisor
    )

    referred = subject_of(build.referred(answering))
    assert not {"refer-to-proceedings", "close-without-proceedings"} & slugs(
        referred, supervisor
    )

    decided = build.decided().subject
    assert {"lodge-appeal", "conclude"} <= slugs(decided, supervisor)
    assert "refer-to-proceedings" not in slugs(decided, supervisor)
    # Deciding for the appropriate authority is for a supervisor.
    assert "conclude" not in slugs(decided, caseworker)
    assert "lodge-appeal" in slugs(decided, caseworker)

    appeal = build.appealed()
    under_appeal = subject_of(appeal)
    assert not {"lodge-appeal", "conclude"} & slugs(under_appeal, supervisor)
    assert slugs(appeal, supervisor) == {"decide", "withdraw"}

    concluded = subject_conclude(
        actor=supervisor, subject=decided, concluded_on=dt.date(2023, 10, 9)
    )
    assert slugs(concluded, supervisor) & SUBJECT_STEPS == set()


def test_no_appeal_against_no_action(build: Build, supervisor: User) -> None:
    from hearings.services.outcomes import findings_record, outcome_record

    proceeding = build.held()
    findings_record(
        actor=supervisor,
        proceeding=proceeding,
        results={a.pk: "not_proven" for a in proceeding.subject.allegations.all()},
        recorded_on=HEARING_ON,
        rationale="Not proven.",
    )
    outcome_record(
        actor=supervisor,
        proceeding=proceeding,
        kind="no_action",
        decided_on=HEARING_ON,
        reasons="Nothing proven.",
    )
    offered_now = slugs(subject_of(proceeding), supervisor)
    assert "conclude" in offered_now
    assert "lodge-appeal" not in offered_now


def test_withdrawn_proceedings_may_be_brought_again_or_closed(
    build: Build, supervisor: User
) -> None:
    referred = subject_of(build.referred())
    # Referred: closing without proceedings waits until they are withdrawn.
    assert not {"close-without-proceedings", "no-further-action"} & slugs(
        referred, supervisor
    )
    subject = build.withdrawn().subject
    offered_now = slugs(subject, supervisor)
    assert {"refer-to-proceedings", "close-without-proceedings"} <= offered_now
    # The hearings step, not the investigation's "no further action".
    assert "no-further-action" not in offered_now
    withdrawn = Proceeding.objects.get(subject=subject)
    assert slugs(withdrawn, supervisor) == set()


def test_a_list_report_is_sent_again_only_once_it_failed(
    build: Build, supervisor: User, caseworker: User
) -> None:
    report = build.failed_report()
    assert slugs(report, supervisor) == {"requeue"}
    assert slugs(report, caseworker) == set()
    list_report_requeue(actor=supervisor, report=report, reason="Address corrected.")
    assert ListReport.objects.get(pk=report.pk).status == ListReport.Status.PENDING
    assert slugs(report, supervisor) == set()


def test_roles_decide_who_is_offered_hearings_steps(
    build: Build, caseworker: User, manager: User, iopc_supervisor: User
) -> None:
    proceeding = build.scheduled()
    subject = subject_of(proceeding)
    # Running proceedings is for PSD staff; decisions for a supervisor.
    assert "withdraw" not in slugs(proceeding, caseworker)
    assert "hold" in slugs(proceeding, caseworker)
    assert slugs(proceeding, manager) == set()
    case = subject.case
    step = registry.step(KIND_PROCEEDING, "hold")
    assert step is not None
    assert not offered(step, proceeding, iopc_supervisor, case)


def test_the_invariant_check_can_fail(build: Build) -> None:
    hold = registry.step(KIND_PROCEEDING, "hold")
    assert hold is not None
    assert not follows_the_table(hold, build.referred())


def test_every_hearings_link_on_the_case_page_follows_the_table(
    client: Client, build: Build, supervisor: User
) -> None:
    """Walk a subject from a case to answer to concluded; at each state every
    link on the case page is a step its table allows and that is offered."""
    subject = build.case_to_answer()
    case = subject.case
    client.force_login(supervisor)
    seen: set[tuple[str, str]] = set()

    def look() -> None:
        content = client.get(f"/cases/{case.pk}/").content.decode()
        for kind, pk, slug in STEP_LINK.findall(content):
            step = registry.step(kind, slug)
            assert step is not None
            target_kind = registry.kind(kind)
            target = target_kind.get(supervisor, int(pk))
            assert follows_the_table(step, target), (kind, slug)
            assert offered(step, target, supervisor, target_kind.case_of(target))
            seen.add((kind, slug))

    look()
    proceeding = build.referred(subject)
    look()
    proceeding_notice_serve(
        actor=supervisor,
        proceeding=proceeding,
        served_on=REFERRED_ON,
        content="You are referred to a misconduct hearing.",
    )
    look()
    proceeding_schedule(
        actor=supervisor, proceeding=proceeding, scheduled_for=HEARING_ON
    )
    look()
    for role, name in LQC_PANEL:
        panel_member_appoint(
            actor=supervisor, proceeding=proceeding, role=role, name=name
        )
    look()
    proceeding_hold(actor=supervisor, proceeding=proceeding, held_on=HEARING_ON)
    look()
    build.found(proceeding)
    look()
    assert {
        ("subject", "refer-to-proceedings"),
        ("proceeding", "serve-notice"),
        ("proceeding", "schedule"),
        ("proceeding", "appoint-panel-member"),
        ("panel-member", "remove"),
        ("proceeding", "hold"),
        ("proceeding", "record-findings"),
        ("proceeding", "record-outcome"),
    } <= seen


def test_the_case_page_shows_the_plain_labels(
    client: Client, build: Build, supervisor: User
) -> None:
    found = build.found(subject=build.former_officer(), former_officer_condition="a")
    client.force_login(supervisor)
    content = client.get(f"/cases/{subject_of(found).case_id}/").content.decode()
    name = subject_of(found).person.full_name
    assert f"Record former officer finding: misconduct hearing for {name}" in content
    assert "Record the outcome" not in content
    assert "Panel: Ms Chair KC (legally qualified chair)" in content
    assert "Regulation 30 notice served 3 July 2023" in content


# ------------------------------------------------------------ stale forms


def test_a_stale_hearings_form_is_refused_with_the_current_state(
    client: Client, build: Build, supervisor: User
) -> None:
    proceeding = build.held()
    path = f"/steps/proceeding/{proceeding.pk}/record-findings/"
    client.force_login(supervisor)
    opened = VERSION.search(client.get(path).content.decode())
    assert opened is not None
    case = subject_of(proceeding).case
    case_party_add(actor=supervisor, case=case, kind="complainant", name="Alex Doe")
    now = Case.objects.get(pk=case.pk).version
    allegation = proceeding.subject.allegations.get()
    data = {
        "version": opened.group(1),
        f"finding_{allegation.pk}": "proven_misconduct",
        **day(HEARING_ON, "recorded_on"),
        "rationale": "Typed before the change.",
    }

    response = client.post(path, data)

    content = response.content.decode()
    assert response.status_code == 200
    assert "This case has changed since you opened it" in content
    assert 'id="current-state"' in content
    assert "Held" in content  # the proceeding as it is now
    assert "Typed before the change." in content
    assert 'value="proven_misconduct" checked' in content
    assert f'name="version" value="{now}"' in content
    assert not proceeding.findings.exists()

    response = client.post(path, {**data, "version": str(now)})
    assert response.status_code == 302
    assert proceeding.findings.count() == 1


def test_a_hearings_step_no_longer_valid_is_refused_on_the_form(
    client: Client, build: Build, caseworker: User
) -> None:
    proceeding = build.served()
    version = subject_of(proceeding).case.version
    client.force_login(caseworker)
    response = client.post(
        f"/steps/proceeding/{proceeding.pk}/hold/",
        {"version": str(version), **day(HEARING_ON, "held_on")},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Record that the hearing was held is not available now" in content
    assert 'value="2023"' in content
    assert Proceeding.objects.get(pk=proceeding.pk).status == "referred"
    assert not AuditEvent.objects.filter(action="proceeding.held").exists()


def test_another_forces_supervisor_is_refused_on_the_form(
    client: Client, build: Build, supervisor: User, met: Force
) -> None:
    """After a transfer the new force is the appropriate authority: the old
    force's supervisor is offered the step but the service refuses it."""
    subject = build.case_to_answer()
    employment_event_record(
        actor=supervisor,
        role=subject.role,
        kind="transferred",
        occurred_on=dt.date(2023, 6, 20),
        to_force=met,
    )
    case = Case.objects.get(pk=subject.case_id)
    client.force_login(supervisor)
    response = client.post(
        f"/steps/subject/{subject.pk}/refer-to-proceedings/",
        {
            "version": str(case.version),
            "form": "misconduct_hearing",
            **day(dt.date(2023, 7, 3), "referred_on"),
            "rationale": "Typed by the old force.",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "the appropriate authority for" in content
    assert "Typed by the old force." in content
    assert not Proceeding.objects.filter(subject=subject).exists()


# ------------------------------------------------------------------ scope


@pytest.fixture
def hearing_targets(build: Build) -> dict[str, Any]:
    """One object of every hearings kind on Northamptonshire cases."""
    report = build.failed_report()
    appeal = build.appealed()
    member = build.scheduled(panel=LQC_PANEL[:1]).panel.get()
    return {
        KIND_SUBJECT: appeal.subject,
        KIND_PROCEEDING: member.proceeding,
        KIND_PANEL_MEMBER: member,
        KIND_APPEAL: appeal,
        KIND_LIST_REPORT: report,
    }


def test_an_outsider_gets_404_on_every_hearings_step(
    client: Client, outsider: User, hearing_targets: dict[str, Any]
) -> None:
    assert {kind for kind, _ in HEARINGS_STEPS} == set(hearing_targets)
    client.force_login(outsider)
    before = AuditEvent.objects.count()
    for kind, slug in HEARINGS_STEPS:
        path = f"/steps/{kind}/{hearing_targets[kind].pk}/{slug}/"
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"version": "1"}).status_code == 404, path
    assert AuditEvent.objects.count() == before


def test_every_hearings_step_is_in_the_scope_test() -> None:
    registered = {
        (KIND_SUBJECT, step.slug)
        for step in registry.steps(KIND_SUBJECT)
        if step.service.__module__.startswith("hearings.")
    }
    assert registered == {(KIND_SUBJECT, slug) for slug in SUBJECT_STEPS}
    assert len(HEARINGS_STEPS) == len(set(HEARINGS_STEPS)) == 25


def test_every_registered_kind_is_in_a_scope_test() -> None:
    """A kind registered (here or in referrals) without a target in either
    scope test would have steps no outsider test opens."""
    hearings = {kind for kind, _ in HEARINGS_STEPS}
    covered = set(REFERRALS_KINDS) | hearings
    assert {kind.slug for kind in registry.kinds()} == covered


def test_the_hearings_step_pages_carry_no_inline_code(
    client: Client, hearing_targets: dict[str, Any], supervisor: User
) -> None:
    from tests.test_frontend import inline_code

    client.force_login(supervisor)
    opened = 0
    for kind, target in hearing_targets.items():
        fresh = registry.kind(kind).get(supervisor, target.pk)
        steps: list[Step] = offered_steps(
            fresh, supervisor, registry.kind(kind).case_of(fresh)
        )
        for step in steps:
            response = client.get(f"/steps/{kind}/{target.pk}/{step.slug}/")
            assert response.status_code == 200
            assert inline_code(response.content.decode()) == []
            opened += 1
    assert opened >= 5


# --------------------------------------------------------- the case page


def grow(build: Build, rows: int) -> Case:
    """A case with ``rows`` subjects at each hearings stage: a case to answer,
    referred, scheduled with a panel member, held with findings, dismissed
    (its barred list report failed) and under appeal."""
    subjects = iter(build.cases_to_answer(6 * rows))
    for _ in range(rows):
        next(subjects)  # left with a case to answer
        build.referred(next(subjects))
        build.scheduled(subject=next(subjects), panel=LQC_PANEL[:1])
        build.found(subject=next(subjects))
        build.failed_report(subject=next(subjects))
        appeal = build.appealed(subject=next(subjects))
    return Case.objects.get(subjects=appeal.subject_id)


def test_the_case_page_lists_hearings_actions_at_a_flat_query_count(
    client: Client, build: Build, supervisor: User
) -> None:
    client.force_login(supervisor)
    grown = functools.partial(grow, build)
    for rows, found, content in case_pages_by_rows(client, grown, (1, 3)):
        assert {
            ("subject", "refer-to-proceedings"),
            ("proceeding", "schedule"),
            ("proceeding", "hold"),
            ("panel-member", "remove"),
            ("proceeding", "record-outcome"),
            ("subject", "conclude"),
            ("appeal", "decide"),
            ("list-report", "requeue"),
        } <= found
        assert content.count("/record-outcome/") == rows
        assert content.count("/refer-to-proceedings/") == rows
        assert len(re.findall(r"/steps/appeal/\d+/decide/", content)) == rows


def test_a_manager_sees_the_hearing_rows_without_actions(
    pages: Pages, build: Build
) -> None:
    report = build.failed_report()
    content = pages.html(f"/cases/{report.case_id}/", as_="manager")
    assert "Barred list report" in content
    assert "/steps/" not in content
